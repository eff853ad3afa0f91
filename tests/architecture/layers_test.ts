/**
 * The layering of `src/`: each stage imports only from the stages below it (README,
 * "Architecture"). Reads every static and dynamic relative import of every module.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/**
 * The layers, lowest first. A module may import from its own folder and from any folder
 * of a lower layer; folders in one layer may not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["util", "text"],
  ["stats"],
  ["io"],
  ["sql"],
  ["engine"],
  ["db"],
  ["ipf", "generate"],
  ["rv"],
  ["segments"],
  ["backtest"],
  ["voc"],
  ["themes"],
  ["study"],
  ["truth"],
  ["charts"],
  ["report"],
  ["display"],
  ["notebook", "interop"],
  ["cli"],
];

const rankOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

/** Every `src/` module as [path relative to src, source text]. */
function modules(dir = SRC): [string, string][] {
  const out: [string, string][] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...modules(p));
    else if (e.name.endsWith(".ts")) out.push([relative(SRC, p), Deno.readTextFileSync(p)]);
  }
  return out;
}

const IMPORT_RE = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** Folder-level import edges `from -> to` with one example module each. */
export function crossFolderImports(): Map<string, string> {
  const edges = new Map<string, string>();
  for (const [path, text] of modules()) {
    const from = path.split("/")[0];
    for (const m of text.matchAll(IMPORT_RE)) {
      const target = normalize(join(dirname(path), m[1]));
      if (target.startsWith("..")) continue; // outside src (bench/)
      const to = target.split("/")[0];
      if (to !== from && !edges.has(`${from} -> ${to}`)) edges.set(`${from} -> ${to}`, path);
    }
  }
  return edges;
}

Deno.test("every src/ folder is in exactly one layer", () => {
  const folders = [...Deno.readDirSync(SRC)].filter((e) => e.isDirectory).map((e) => e.name);
  const unplaced = folders.filter((f) => !rankOf.has(f));
  assert.deepEqual(unplaced, [], `folders missing from LAYERS: ${unplaced.join(", ")}`);
});

Deno.test("src/ imports only go down the layers", () => {
  const upward: string[] = [];
  for (const [edge, example] of crossFolderImports()) {
    const [from, to] = edge.split(" -> ");
    if (rankOf.get(to)! >= rankOf.get(from)!) upward.push(`${edge} (e.g. src/${example})`);
  }
  assert.deepEqual(upward, [], `upward or sideways imports:\n${upward.join("\n")}`);
});
