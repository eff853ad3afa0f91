/**
 * One benchmark run in its own process, so its peak memory is its own: load a data
 * directory into an in-memory DuckDB (memory limit 2 GB, so the process peaks below 3 GB; DuckDB spills beyond it), compute dense monthly RV
 * into a table, then the 12-month account summaries, profit segments and whale
 * curve. Prints one JSON object with seconds per stage and peak RSS.
 * Usage: deno run -A bench/stage.ts DATA_DIR DB_FILE
 */
import { stopwatch } from "./timing.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";
import { rvByPeriodSql } from "../src/rv/rv_by_period.ts";
import { accountSummaries, defaultWindow } from "../src/segments/account_summary.ts";
import { profitSegments } from "../src/segments/profit_segments.ts";
import { whaleCurve } from "../src/segments/whale_curve.ts";

const [dir, dbFile] = Deno.args;
const { seconds, time } = stopwatch();
const engine = await openEngine({ memoryLimit: "2GB" });
void dbFile; // kept in the command line for a file-backed variant
const { report } = await time("load", () => loadDataDirIntoEngine(engine, dir));
const rvRows = await time("rv_monthly", async () => {
  await engine.run(`CREATE OR REPLACE TABLE rv_month AS ${rvByPeriodSql({ grain: "month" })}`);
  return (await engine.query<{ n: number }>("SELECT count(*) AS n FROM rv_month"))[0].n;
});
const seg = await time("segments_whale", async () => {
  const w = await defaultWindow(engine, 12);
  const rows = await accountSummaries(engine, w);
  const s = profitSegments(rows);
  return {
    customers: [...s.values()].filter((x) => x !== "no_revenue").length,
    peak: whaleCurve(rows).peak.cumulative_share,
  };
});
engine.close();
const status = await Deno.readTextFile("/proc/self/status");
const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
console.log(JSON.stringify({
  seconds,
  total_seconds: Object.values(seconds).reduce((a, b) => a + b, 0),
  interactions: report.tables.interactions!.accepted,
  rv_rows: rvRows,
  customers: seg.customers,
  whale_peak: seg.peak,
  peak_rss_mb: hwm,
}));
