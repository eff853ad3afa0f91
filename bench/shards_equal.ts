/**
 * Proof of equality at bench size: loads a bench data set (`bench/run.ts` `benchWorld`,
 * default 1M interactions) into a coordinator with N shards (`src/db/shards.ts`) and
 * compares, row by row and value by value (`deepEqual`), what the sharded target and the
 * embedded DuckDB engine compute: RV by account and month (with a half-life), the
 * 12-month account summaries and the back-test panel. Prints one JSON object and exits
 * 1 when anything differs.
 * Usage: deno run -A bench/shards_equal.ts [--sizes=1M] [--shards=3]
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { benchWorld, DEFAULT_SIZES } from "./run.ts";
import { projectPath } from "../src/io/paths.ts";
import { loadTable } from "../src/engine/records.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { openEngine, type SqlRunner } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";
import { startShardSet } from "../src/db/shards.ts";
import { loadIntoPostgres } from "../src/db/load.ts";
import { connectPg } from "../src/db/postgres.ts";
import { sourceDialect } from "../src/db/source.ts";
import { type Dialect, DUCKDB } from "../src/sql/dialect.ts";
import { rvByPeriod } from "../src/rv/rv_by_period.ts";
import { accountSummaries, defaultWindow } from "../src/segments/account_summary.ts";
import { buildPanel } from "../src/backtest/panel.ts";

const arg = (name: string) =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const size = DEFAULT_SIZES.find((s) => s.label === (arg("sizes") ?? "1M"));
const n = Number(arg("shards") ?? "3");
if (!size || !(Number.isInteger(n) && n >= 1)) {
  console.error(`expected --sizes=1M or 10M and --shards=N (N >= 1), found ${Deno.args.join(" ")}`);
  Deno.exit(2);
}
const log = (l: string) => console.error(l);

/** The figures compared: each a list of rows. */
async function figures(db: SqlRunner, d: Dialect) {
  const w = await defaultWindow(db, 12, d);
  return {
    rv: await rvByPeriod(db, { grain: "month", halfLife: 6 }, d),
    summaries: await accountSummaries(db, w, d),
    panel: (await buildPanel(db, d)).rows,
  };
}

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const { dir } = await benchWorld(size, projectPath(".bench-cache"), ipf, log);
const engine = await openEngine();
let duck;
try {
  log(`${size.label}: DuckDB`);
  await loadDataDirIntoEngine(engine, dir);
  duck = await figures(engine, DUCKDB);
} finally {
  engine.close();
}
const set = await startShardSet(n, { settings: { shared_buffers: "1GB", work_mem: "256MB" } });
let sharded;
try {
  const url = `${set.coordinator.url}/bench`;
  log(`${size.label}: coordinator + ${n} shard(s)`);
  await loadIntoPostgres(dir, url, { shards: set.shards.map((s) => `${s.url}/bench`) });
  const db = await connectPg(url);
  try {
    sharded = await figures(db, await sourceDialect(db));
  } finally {
    await db.close();
  }
} finally {
  await set.stop();
}
const result = Object.fromEntries(
  (Object.keys(duck) as (keyof typeof duck)[]).map((k) => [k, {
    rows: duck[k].length,
    equal: isDeepStrictEqual(sharded[k], duck[k]),
  }]),
);
console.log(JSON.stringify({ size: size.label, shards: n, ...result }));
if (Object.values(result).some((r) => !r.equal)) Deno.exit(1);
