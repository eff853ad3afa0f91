/**
 * `deno task bench --shards=1,2,3 [--sizes=1M,10M]`: the heavy stage on a sharded
 * PostgreSQL target (`src/db/shards.ts`) at each shard count, beside one plain
 * PostgreSQL server (`bench/pg_stage.ts`) and the embedded DuckDB reference, on the
 * bench's own data sets (`bench/run.ts` `benchWorld`). Each stage runs in its own process
 * (`bench/shards_stage.ts`). Reports load and RV time and rates, rows shipped from the
 * shards to the coordinator against the interactions, bytes per interaction, and whether
 * the figures (RV rows, customers, whale peak) equal DuckDB's.
 *
 * @module
 */
import { type BenchSize, benchWorld, runJson, runPgStage } from "./run.ts";
import { projectPath } from "../src/io/paths.ts";
import { loadTable } from "../src/engine/records.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";
import { type JobFigures, rvAndSegments } from "./job.ts";
import { stopwatch } from "./timing.ts";

/** One measured setup: a plain server (`shards: 0`) or a coordinator with N shards. */
export interface ShardBenchRow {
  size: string;
  /** 0 for one plain PostgreSQL server */
  shards: number;
  interactions: number;
  load_seconds: number;
  load_rows_per_second: number;
  rv_seconds: number;
  rv_rows_per_second: number;
  segments_seconds: number;
  /** rows the shards sent to the coordinator for dense monthly RV (null on one server) */
  shipped_rv: number | null;
  /** and for the account summaries */
  shipped_summaries: number | null;
  /** account-months with interactions: what RV must ship at the least */
  account_months: number | null;
  /** every foreign scan carried a GROUP BY */
  pushed_down: boolean | null;
  /**
   * one more RV run under EXPLAIN ANALYZE: its seconds, and the shards' part of them (the
   * time until the foreign scan's last row; meaningful with one shard only, as with more
   * the scans run asynchronously and a node's time is not its shard's)
   */
  rv_explain: { seconds: number; shard_seconds: number } | null;
  bytes_per_interaction: number;
  agrees_with_duckdb: boolean;
}

function agrees(a: JobFigures, b: Record<string, unknown>): boolean {
  return a.rv_rows === b.rv_rows && a.customers === b.customers &&
    Math.abs(a.whale_peak - (b.whale_peak as number)) <= 1e-9;
}

/**
 * Runs the sharded bench for each size and shard count (with one plain server first).
 *
 * Complexity: O(sizes × (shard counts + 1)) loads of the data set.
 */
export async function runShardBench(
  sizes: readonly BenchSize[],
  shardCounts: readonly number[],
  log: (line: string) => void = () => {},
): Promise<ShardBenchRow[]> {
  const cache = projectPath(".bench-cache");
  await Deno.mkdir(cache, { recursive: true });
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  const rows: ShardBenchRow[] = [];
  for (const size of sizes) {
    const { dir } = await benchWorld(size, cache, ipf, log);
    log(`${size.label}: DuckDB reference figures`);
    const engine = await openEngine();
    let ref: JobFigures;
    try {
      await loadDataDirIntoEngine(engine, dir);
      ref = await rvAndSegments(engine, stopwatch().time);
    } finally {
      engine.close();
    }
    log(`${size.label}: one PostgreSQL server`);
    const g = await runPgStage(dir);
    const gs = g.seconds as Record<string, number>;
    rows.push({
      size: size.label,
      shards: 0,
      interactions: g.interactions as number,
      load_seconds: gs.load,
      load_rows_per_second: g.load_rows_per_second as number,
      rv_seconds: gs.rv_monthly,
      rv_rows_per_second: (g.interactions as number) / gs.rv_monthly,
      segments_seconds: gs.segments_whale,
      shipped_rv: null,
      shipped_summaries: null,
      account_months: null,
      pushed_down: null,
      rv_explain: null,
      bytes_per_interaction: (g.bytes_per_interaction as Record<string, number>).postgres,
      agrees_with_duckdb: agrees(ref, g),
    });
    for (const n of shardCounts) {
      log(`${size.label}: coordinator + ${n} shard(s)`);
      const s = await runJson(Deno.execPath(), [
        "run",
        "--allow-all",
        projectPath("bench", "shards_stage.ts"),
        dir,
        String(n),
      ]);
      const ss = s.seconds as Record<string, number>;
      const shipped = s.shipped as { rv: number; summaries: number; all_pushed_down: boolean };
      rows.push({
        size: size.label,
        shards: n,
        interactions: s.interactions as number,
        load_seconds: ss.load,
        load_rows_per_second: s.load_rows_per_second as number,
        rv_seconds: ss.rv_monthly,
        rv_rows_per_second: s.rv_rows_per_second as number,
        segments_seconds: ss.segments_whale,
        shipped_rv: shipped.rv,
        shipped_summaries: shipped.summaries,
        account_months: s.account_months_with_interactions as number,
        pushed_down: shipped.all_pushed_down,
        rv_explain: {
          seconds: (s.rv_explain_ms as { total: number }).total / 1000,
          shard_seconds: (s.rv_explain_ms as { shards: number }).shards / 1000,
        },
        bytes_per_interaction: s.bytes_per_interaction as number,
        agrees_with_duckdb: agrees(ref, s),
      });
    }
  }
  return rows;
}

/**
 * The Markdown table of {@linkcode runShardBench}'s rows.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { shardBenchTable } from "./shards.ts";
 * shardBenchTable([]).split("\n").length; // => 2 (the header)
 * ```
 */
export function shardBenchTable(rows: readonly ShardBenchRow[]): string {
  const f = (x: number, d = 1) => x.toFixed(d);
  const k = (x: number) => `${Math.round(x / 1000).toLocaleString("en")}k`;
  const lines = [
    "| size | setup | load s | load rows/s | RV s | RV rows/s | RV: shards' part s | summaries s | rows shipped (RV / summaries) | of interactions | bytes/interaction | = DuckDB |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.size} | ${
        r.shards === 0 ? "1 server" : `coordinator + ${r.shards} shard${r.shards > 1 ? "s" : ""}`
      } | ${f(r.load_seconds)} | ${k(r.load_rows_per_second)} | ${f(r.rv_seconds, 2)} | ${
        k(r.rv_rows_per_second)
      } | ${
        // with 2+ shards the scans are asynchronous and their node times are not the shards'
        r.rv_explain && r.shards === 1
          ? `${f(r.rv_explain.shard_seconds, 2)} of ${f(r.rv_explain.seconds, 2)}`
          : r.rv_explain
          ? `(async) of ${f(r.rv_explain.seconds, 2)}`
          : "–"} | ${f(r.segments_seconds, 2)} | ${
        r.shipped_rv === null
          ? "–"
          : `${r.shipped_rv.toLocaleString("en")} / ${r.shipped_summaries!.toLocaleString("en")}${
            r.pushed_down ? "" : " (not pushed down)"
          }`
      } | ${
        r.shipped_rv === null ? "–" : `${(100 * r.shipped_rv / r.interactions).toFixed(1)} %`
      } | ${f(r.bytes_per_interaction, 0)} | ${r.agrees_with_duckdb ? "yes" : "**no**"} |`,
    );
  }
  return lines.join("\n");
}
