/**
 * The sharded PostgreSQL stage of the benchmark, in its own process: start N shard
 * clusters and a coordinator (throwaway, durability as shipped, `src/db/shards.ts`), load
 * the data directory with `rvlab load --shards`'s code, run the bench job (dense monthly
 * RV into a table on the coordinator, then the 12-month account summaries with profit
 * segments and whale curve: `bench/job.ts`, the same SQL as every other stage), then
 * count the rows the shards shipped to the coordinator for RV and for the summaries
 * (EXPLAIN ANALYZE, one more run of each). Also the bytes per interaction on the shards.
 * Prints one JSON object.
 * Usage: deno run -A bench/shards_stage.ts DATA_DIR SHARDS
 *
 * @module
 */
import { stopwatch } from "./timing.ts";
import { peakRssMb, rvAndSegments } from "./job.ts";
import { startShardSet } from "../src/db/shards.ts";
import { rowsShipped } from "../src/db/shards.ts";
import { loadIntoPostgres } from "../src/db/load.ts";
import { connectPg } from "../src/db/postgres.ts";
import { sourceDialect } from "../src/db/source.ts";
import { rvByPeriodSql } from "../src/rv/rv_by_period.ts";
import { accountSummariesSql, defaultWindow } from "../src/segments/account_summary.ts";

const [dir, nArg] = Deno.args;
const n = Number(nArg);
const { seconds, time } = stopwatch();

// 4 servers share the machine: a quarter of the single-server stage's memory each
const set = await startShardSet(n, {
  unsafeFast: false,
  settings: {
    shared_buffers: "1GB",
    work_mem: "256MB",
    maintenance_work_mem: "512MB",
    max_wal_size: "16GB",
    max_parallel_workers_per_gather: "2",
  },
});
try {
  const url = `${set.coordinator.url}/bench`;
  const shards = set.shards.map((s) => `${s.url}/bench`);
  const load = await time("load", () => loadIntoPostgres(dir, url, { shards }));
  const interactions = load.written.interactions ?? 0;
  const db = await connectPg(url);
  try {
    const dialect = await sourceDialect(db);
    const { rv_rows: rvRows, ...seg } = await rvAndSegments(db, time, dialect);
    const rvShipped = await rowsShipped(db, rvByPeriodSql({ grain: "month" }, dialect));
    const w = await defaultWindow(db, 12, dialect);
    const sumShipped = await rowsShipped(db, accountSummariesSql(w, dialect));
    const pushed = [...rvShipped.scans, ...sumShipped.scans].every((s) =>
      /^Aggregate on/.test(s.relations) && /GROUP BY/.test(s.remoteSql)
    );
    let bytes = 0;
    for (const s of shards) {
      const sdb = await connectPg(s);
      try {
        const [r] = await sdb.query<{ b: number }>(
          "SELECT pg_total_relation_size('interactions') AS b",
        );
        bytes += r.b;
      } finally {
        await sdb.close();
      }
    }
    const [accountMonths] = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM rv_month WHERE interactions > 0",
    );
    // the shards' part: until the last shipped row arrived (the scans run side by side);
    // the rest of the execution is the coordinator's
    const shardMs = Math.max(...rvShipped.scans.map((x) => x.ms));
    console.log(JSON.stringify({
      shards: n,
      seconds: { ...seconds, load_validate: load.seconds.validate, load_write: load.seconds.write },
      interactions,
      load_rows_per_second: interactions / seconds.load,
      write_rows_per_second: interactions / load.seconds.write,
      rv_rows_per_second: interactions / seconds.rv_monthly,
      rv_rows: rvRows,
      customers: seg.customers,
      whale_peak: seg.whale_peak,
      account_months_with_interactions: accountMonths.n,
      shipped: { rv: rvShipped.total, summaries: sumShipped.total, all_pushed_down: pushed },
      rv_explain_ms: { total: rvShipped.executionMs, shards: shardMs },
      bytes_per_interaction: bytes / interactions,
      client_peak_rss_mb: await peakRssMb(),
    }));
  } finally {
    await db.close();
  }
} finally {
  await set.stop();
}
