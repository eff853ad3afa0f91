/**
 * `deno task bench`: the performance benchmark (see bench/run.ts): rvlab and its peers (plain
 * DuckDB, polars, pandas) on the same files in the same run. Options:
 * `--sizes=1M,10M` (default), `--quick` (100k interactions only), `--postgres` (also the
 * PostgreSQL stage: load rows/s, RV and segment queries in the server, bytes per row),
 * `--json` (the results as `rvlab bench --json` prints them, instead of the table), `--clv`
 * (only the customer-base fit at 10k and 100k customers, rvlab vs scipy: bench/clv.ts),
 * `--shards=1,2,3` (only the sharded PostgreSQL stage at those shard counts, beside one
 * server, for `--sizes`: bench/shards.ts).
 */
import { benchTable, DEFAULT_SIZES, runBench, targetLines } from "./run.ts";
import { clvBenchTable, runClvBench } from "./clv.ts";
import { runShardBench, shardBenchTable } from "./shards.ts";

if (Deno.args.includes("--clv")) {
  const rows = await runClvBench(undefined, (l) => console.error(l));
  console.log(
    Deno.args.includes("--json") ? JSON.stringify({ clv: rows }, null, 2) : clvBenchTable(rows),
  );
  Deno.exit(0);
}

const quick = Deno.args.includes("--quick");
const shardsArg = Deno.args.find((a) => a.startsWith("--shards="))?.slice(9);
const sizesArg = Deno.args.find((a) => a.startsWith("--sizes="))?.slice(8);
const sizes = quick
  ? [{ label: "100k", accounts: 1_000 }]
  : sizesArg
  ? DEFAULT_SIZES.filter((s) => sizesArg.split(",").includes(s.label))
  : DEFAULT_SIZES;
if (shardsArg !== undefined) {
  const counts = shardsArg.split(",").map(Number);
  if (!counts.length || counts.some((c) => !(Number.isInteger(c) && c >= 1))) {
    console.error(`--shards expects shard counts such as 1,2,3, found "${shardsArg}"`);
    Deno.exit(2);
  }
  const rows = await runShardBench(sizes, counts, (l) => console.error(l));
  console.log(
    Deno.args.includes("--json")
      ? JSON.stringify({ shards: rows }, null, 2)
      : shardBenchTable(rows),
  );
  Deno.exit(0);
}
const postgres = Deno.args.includes("--postgres");
const results = await runBench({ sizes, postgres, log: (l) => console.error(l) });
if (Deno.args.includes("--json")) {
  console.log(JSON.stringify({ results }, null, 2));
} else {
  console.log(benchTable(results));
  for (const line of targetLines(results)) console.log(line);
}
