/**
 * The bench job after the load, shared by the rvlab stage (`bench/stage.ts`), the plain
 * DuckDB peer (`bench/duckdb_plain_stage.ts`) and the PostgreSQL stage (`bench/pg_stage.ts`),
 * so all run the same SQL: dense monthly RV into a temporary table (`rvByPeriodSql`), then the 12-month account summaries, profit segments and
 * whale curve. Also the one reading of a child process's peak memory.
 *
 * @module
 */
import type { SqlRunner } from "../src/engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../src/sql/dialect.ts";
import { rvByPeriodTable } from "../src/rv/rv_by_period.ts";
import { accountSummaries, defaultWindow } from "../src/segments/account_summary.ts";
import { profitSegments } from "../src/segments/profit_segments.ts";
import { whaleCurve } from "../src/segments/whale_curve.ts";

/** What the bench job computes, the figures every peer must agree on. */
export interface JobFigures {
  /** rows of dense monthly RV (account × month from the account's first interaction) */
  rv_rows: number;
  /** accounts with revenue in the 12-month window */
  customers: number;
  /** the whale curve's peak cumulative share of profit */
  whale_peak: number;
}

/**
 * Runs the RV and segment stages of the bench job on a database holding the canonical tables
 * (DuckDB, or PostgreSQL with its dialect), timing each with `time` (`rv_monthly`,
 * `segments_whale`).
 *
 * Why: one definition of the job for rvlab, the plain DuckDB peer and PostgreSQL.
 * Complexity: O(interactions) in DuckDB plus O(accounts log accounts) for the segments.
 *
 * @example
 * ```ts
 * import { rvAndSegments } from "./job.ts";
 * import { stopwatch } from "./timing.ts";
 * import { openEngine } from "../src/engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../src/engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const { time } = stopwatch();
 * const figures = await rvAndSegments(engine, time); // => { rv_rows, customers, whale_peak }
 * ```
 */
export async function rvAndSegments(
  db: SqlRunner,
  time: <T>(name: string, f: () => Promise<T>) => Promise<T>,
  dialect: Dialect = DUCKDB,
): Promise<JobFigures> {
  const rvRows = await time("rv_monthly", async () => {
    await rvByPeriodTable(db, "rv_month", { grain: "month" }, dialect);
    return Number((await db.query<{ n: number }>("SELECT count(*) AS n FROM rv_month"))[0].n);
  });
  const seg = await time("segments_whale", async () => {
    const w = await defaultWindow(db, 12, dialect);
    const rows = await accountSummaries(db, w, dialect);
    const s = profitSegments(rows);
    return {
      customers: [...s.values()].filter((x) => x !== "no_revenue").length,
      peak: whaleCurve(rows).peak.cumulative_share,
    };
  });
  return { rv_rows: rvRows, customers: seg.customers, whale_peak: seg.peak };
}

/**
 * The peak resident memory of this process in MB (`VmHWM` of `/proc/self/status`; 0 where
 * there is no `/proc`).
 *
 * Why: each bench stage runs in its own process, so its peak is its own.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { peakRssMb } from "./job.ts";
 * const mb = await peakRssMb(); // e.g. 80.5
 * ```
 */
export async function peakRssMb(): Promise<number> {
  const status = await Deno.readTextFile("/proc/self/status").catch(() => "");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
