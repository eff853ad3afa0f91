/**
 * The PostgreSQL stage of the benchmark, in its own process: start a throwaway
 * PostgreSQL cluster (durability on: fsync and synchronous commit as shipped), load
 * the data directory with `rvlab load`'s code (validation, COPY into staging, upsert,
 * one transaction), compute dense monthly RV into a table inside the server, then the
 * 12-month account summaries (in the server) with profit segments and whale curve.
 * Also measures storage: bytes per interaction in PostgreSQL (pg_total_relation_size:
 * heap + TOAST + primary key + the (account_id, occurred_at) index), in a DuckDB
 * database file, in Parquet (DuckDB's writer, default compression) and in the CSV.
 * Prints one JSON object.
 * Usage: deno run -A bench/pg_stage.ts DATA_DIR
 */
import { stopwatch } from "./timing.ts";
import { peakRssMb, rvAndSegments } from "./job.ts";
import { join } from "node:path";
import { startCluster } from "../src/db/cluster.ts";
import { loadIntoPostgres } from "../src/db/load.ts";
import { connectPg } from "../src/db/postgres.ts";
import { POSTGRES } from "../src/sql/dialect.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";

const [dir] = Deno.args;
const { seconds, time } = stopwatch();

const cluster = await startCluster({
  unsafeFast: false,
  settings: {
    shared_buffers: "2GB",
    work_mem: "256MB",
    maintenance_work_mem: "1GB",
    max_wal_size: "16GB",
    max_parallel_workers_per_gather: "2",
  },
});
try {
  const url = `${cluster.url}/bench`;
  const load = await time("load", () => loadIntoPostgres(dir, url));
  const interactions = load.written.interactions ?? 0;
  const db = await connectPg(url);
  try {
    const { rv_rows: rvRows, ...seg } = await rvAndSegments(db, time, POSTGRES);
    const [size] = await db.query<{ total: number; heap: number }>(
      `SELECT pg_total_relation_size('interactions') AS total, pg_relation_size('interactions') AS heap`,
    );
    const [all] = await db.query<{ bytes: number }>(
      `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bench' AND c.relkind = 'r'`,
    );
    // the same table in DuckDB's file format and in Parquet
    const tmp = await Deno.makeTempDir({ prefix: "rvlab-bench-storage-" });
    const engine = await openEngine({ memoryLimit: "2GB" });
    let duckBytes = 0, parquetBytes = 0;
    try {
      await loadDataDirIntoEngine(engine, dir);
      const file = join(tmp, "i.duckdb"), pq = join(tmp, "interactions.parquet");
      await engine.run(`ATTACH '${file}' AS f`);
      await engine.run("CREATE TABLE f.interactions AS SELECT * FROM interactions");
      await engine.run("DETACH f");
      await engine.run(`COPY interactions TO '${pq}' (FORMAT parquet)`);
      duckBytes = (await Deno.stat(file)).size;
      parquetBytes = (await Deno.stat(pq)).size;
    } finally {
      engine.close();
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
    }
    const csvBytes = (await Deno.stat(join(dir, "interactions.csv"))).size;
    const hwm = await peakRssMb();
    const total = seconds.load + seconds.rv_monthly + seconds.segments_whale;
    console.log(JSON.stringify({
      seconds: {
        ...seconds,
        load_validate: load.seconds.validate,
        load_write: load.seconds.write,
      },
      total_seconds: total,
      interactions,
      load_rows_per_second: interactions / seconds.load,
      write_rows_per_second: interactions / load.seconds.write,
      rv_rows: rvRows,
      customers: seg.customers,
      whale_peak: seg.whale_peak,
      bytes_per_interaction: {
        postgres: size.total / interactions,
        postgres_heap: size.heap / interactions,
        duckdb: duckBytes / interactions,
        parquet: parquetBytes / interactions,
        csv: csvBytes / interactions,
      },
      postgres_schema_bytes: all.bytes,
      client_peak_rss_mb: hwm,
    }));
  } finally {
    await db.close();
  }
} finally {
  await cluster.stop();
}
