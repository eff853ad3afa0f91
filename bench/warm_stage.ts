/**
 * The warm run of the bench, in its own process: a data directory whose workspace is
 * present (`--cache DIR`), as every `rv` after the first sees it. Opens the workspace
 * (`loadWorkspace`) and makes dense monthly RV into a table (`rvByPeriodTable`, the
 * function `rv` uses), with the engine settings of `bench/stage.ts`. Run three times on a
 * new cache folder: the first writes the workspace, the second computes RV on its
 * tables and keeps the result, the third reads the kept result.
 * Prints one JSON object: seconds of `open` and `rv_monthly`, how RV was had
 * (`computed`, `saved`, `reused`), RV rows and peak RSS.
 * Usage: deno run -A bench/warm_stage.ts DATA_DIR CACHE_DIR
 */
import { stopwatch } from "./timing.ts";
import { peakRssMb } from "./job.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadWorkspace } from "../src/engine/workspace.ts";
import { rvByPeriodTable } from "../src/rv/rv_by_period.ts";

const [dir, cache] = Deno.args;
const { seconds, time } = stopwatch();
const engine = await openEngine({ memoryLimit: "2GB" });
const ws = await time("open", () => loadWorkspace(engine, dir, { cache }));
const { how, rows } = await time("rv_monthly", async () => {
  const how = await rvByPeriodTable(engine, "rv_month", { grain: "month" });
  const [{ n }] = await engine.query<{ n: number }>("SELECT count(*) AS n FROM rv_month");
  return { how, rows: n };
});
engine.close();
console.log(JSON.stringify({
  seconds,
  reused_tables: ws.reused.length,
  how,
  rv_rows: rows,
  peak_rss_mb: await peakRssMb(),
}));
