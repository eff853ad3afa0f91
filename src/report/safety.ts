/**
 * Keeping reports safe to open: HTML escaping, spreadsheet formula neutralising,
 * and output paths that cannot leave the output folder.
 *
 * @module
 */
import { isAbsolute, join, normalize, relative, resolve } from "node:path";
/** HTML escaping and formula neutralising: defined once in `src/util/escape.ts`. */
export { escapeHtml, neutraliseFormula } from "../util/escape.ts";

/**
 * The path of `name` inside `outDir`, refusing names that are absolute, climb out
 * with `..`, or lead through a symbolic link that points outside.
 *
 * Why: output names can come from data (table and chart ids); nothing may be
 * written outside the output folder.
 *
 * Complexity: O(path depth) file-system look-ups.
 *
 * @example
 * ```ts
 * import { safeOutputPath } from "./safety.ts";
 * const dir = await Deno.makeTempDir();
 * (await safeOutputPath(dir, "tables/t.csv")).endsWith("/tables/t.csv"); // => true
 * await safeOutputPath(dir, "../x").catch((e) => e.message); // rejects: must stay inside
 * ```
 */
export async function safeOutputPath(outDir: string, name: string): Promise<string> {
  if (isAbsolute(name) || normalize(name).split(/[\\/]/).includes("..")) {
    throw new Error(`output name "${name}" must stay inside ${outDir}`);
  }
  const root = resolve(outDir);
  const target = resolve(join(root, name));
  const rel = relative(root, target);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new Error(`output name "${name}" must stay inside ${outDir}`);
  }
  // a parent that is a symbolic link must resolve inside the output folder too
  let parent = target;
  while (parent !== root && parent.startsWith(root)) {
    parent = resolve(parent, "..");
    try {
      const real = await Deno.realPath(parent);
      const realRoot = await Deno.realPath(root);
      if (real !== realRoot && !real.startsWith(realRoot + "/")) {
        throw new Error(`output name "${name}" leads outside ${outDir}`);
      }
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
  }
  return target;
}
