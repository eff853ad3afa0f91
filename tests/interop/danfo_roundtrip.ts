/**
 * The real danfojs-node round trip, run by danfo_test.ts in a separate Deno process
 * with `--no-lock --no-config --node-modules-dir=none`, so that loading the optional
 * package touches neither the project's deno.lock nor its node_modules.
 * Prints one JSON line: {"ok": false, "reason"} when danfo cannot be loaded, else the results.
 */
import { fromDanfo, loadDanfo, toDanfo } from "../../src/interop/danfo.ts";
import { bundleOf } from "../../src/display/show.ts";

try {
  await loadDanfo();
} catch (e) {
  console.log(JSON.stringify({ ok: false, reason: (e as Error).message }));
  Deno.exit(0);
}
const rows = JSON.parse(Deno.args[0]);
const df = await toDanfo(rows);
// deno-lint-ignore no-explicit-any
const g = (df as any).groupby(["account_id"]).col(["rv"]).sum();
console.log(JSON.stringify({
  ok: true,
  shape: df.shape,
  columns: df.columns,
  back: fromDanfo(df),
  sums: fromDanfo(g),
  // what a notebook cell ending with the frame shows (loadDanfo() made frames displayable)
  html: bundleOf(df)["text/html"] ?? "",
  plain: bundleOf(g)["text/plain"] ?? "",
}));
