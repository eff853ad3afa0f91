/**
 * The root `mod.ts` (one import from anywhere): every value a re-exported stage barrel
 * exports reaches it, under its own name or, where two barrels clash, under the name
 * `mod.ts` gives it explicitly. (`deno check` reports an unresolved clash; this test
 * finds a name lost another way.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/io/paths.ts";
import * as rvlab from "../../mod.ts";

type Module = Record<string, unknown>;

/**
 * `barrel:name` of each export of the barrels that `mod` does not carry: neither under
 * its name with the same value, nor as the same value under another name.
 */
export function missingExports(mod: Module, barrels: Record<string, Module>): string[] {
  const values = new Set(Object.values(mod));
  const out: string[] = [];
  for (const [barrel, m] of Object.entries(barrels)) {
    for (const [name, value] of Object.entries(m)) {
      if (mod[name] === value || values.has(value)) continue;
      out.push(`${barrel}:${name}`);
    }
  }
  return out.sort();
}

/** The stage barrels `mod.ts` re-exports whole (`export * from "./src/<stage>/mod.ts"`). */
function reexported(text: string): string[] {
  return [...text.matchAll(/^export \* from "\.\/src\/(\w+)\/mod\.ts";/gm)].map((m) => m[1]);
}

Deno.test("missingExports() finds a name lost to a clash and accepts a rename", () => {
  const f = () => 1, g = () => 2, h = () => 3;
  const barrels = { a: { f, share: g }, b: { share: h } };
  assert.deepEqual(missingExports({ f, share: g }, barrels), ["b:share"]);
  assert.deepEqual(missingExports({ f, share: g, otherShare: h }, barrels), []);
});

Deno.test("mod.ts carries every export of the barrels it re-exports", async () => {
  const text = await Deno.readTextFile(join(PROJECT_ROOT, "mod.ts"));
  const stages = reexported(text);
  for (const s of ["io", "engine", "rv", "segments", "backtest", "voc", "themes", "charts"]) {
    assert.ok(stages.includes(s), `mod.ts does not re-export src/${s}`);
  }
  for (const s of ["report", "display", "notebook"]) assert.ok(stages.includes(s), s);
  const barrels: Record<string, Module> = {};
  for (const s of stages) barrels[s] = await import(`../../src/${s}/mod.ts`);
  const missing = missingExports(rvlab as Module, barrels);
  assert.deepEqual(missing, [], `missing from mod.ts:\n${missing.join("\n")}`);
  for (const name of ["openWorkspace", "loadDataDirIntoEngine", "rvByPeriod", "analyseSegments"]) {
    assert.equal(typeof (rvlab as Module)[name], "function", name);
  }
  for (const name of ["validate", "show", "table", "writeReport", "analyseThemes"]) {
    assert.equal(typeof (rvlab as Module)[name], "function", name);
  }
});
