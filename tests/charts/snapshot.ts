/**
 * The snapshot check shared by the chart and figure tests: the chart's normalised SVG
 * against `tests/charts/__snapshots__/ID.svg`. On a mismatch the new SVG is written
 * beside it as ID-changed.svg; a missing snapshot is written only outside CI (CI=true
 * fails instead), and UPDATE_SNAPSHOTS=1 rewrites.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Chart, normaliseSvg } from "../../src/charts/mod.ts";

const dir = new URL("./__snapshots__/", import.meta.url).pathname;

/**
 * Compares a chart with its snapshot (see module doc).
 *
 * @example
 * ```ts
 * import { snapshot } from "./snapshot.ts";
 * import { barChart } from "../../src/charts/mod.ts";
 * await snapshot(await barChart("x", "X", [{ label: "a", value: 1 }], "v", { kind: "synthetic", source: "t" }));
 * ```
 */
export async function snapshot(c: Chart): Promise<void> {
  const actual = normaliseSvg(c.svg);
  const file = `${dir}${c.id}.svg`;
  let expected: string | undefined;
  try {
    expected = await Deno.readTextFile(file);
  } catch { /* missing */ }
  if (expected === undefined || Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    if (Deno.env.get("CI") === "true" && expected === undefined) {
      assert.fail(`snapshot ${c.id}.svg is missing (CI does not create snapshots)`);
    }
    await Deno.writeTextFile(file, actual);
    return;
  }
  if (actual !== expected) {
    await Deno.writeTextFile(`${dir}${c.id}-changed.svg`, actual);
    assert.fail(`${c.id}.svg differs from its snapshot; see ${c.id}-changed.svg`);
  }
}
