/**
 * `deno task bench`: the performance benchmark (see bench/run.ts): rvlab and its peers (plain
 * DuckDB, polars, pandas) on the same files in the same run. Options:
 * `--sizes=1M,10M` (default), `--quick` (100k interactions only), `--postgres` (also the
 * PostgreSQL stage: load rows/s, RV and segment queries in the server, bytes per row),
 * `--json` (the results as `rvlab bench --json` prints them, instead of the table), `--clv`
 * (only the customer-base fit at 10k and 100k customers, rvlab vs scipy: bench/clv.ts).
 */
import { benchTable, DEFAULT_SIZES, runBench, targetLines } from "./run.ts";
import { clvBenchTable, runClvBench } from "./clv.ts";

if (Deno.args.includes("--clv")) {
  const rows = await runClvBench(undefined, (l) => console.error(l));
  console.log(
    Deno.args.includes("--json") ? JSON.stringify({ clv: rows }, null, 2) : clvBenchTable(rows),
  );
  Deno.exit(0);
}

const quick = Deno.args.includes("--quick");
const sizesArg = Deno.args.find((a) => a.startsWith("--sizes="))?.slice(8);
const sizes = quick
  ? [{ label: "100k", accounts: 1_000 }]
  : sizesArg
  ? DEFAULT_SIZES.filter((s) => sizesArg.split(",").includes(s.label))
  : DEFAULT_SIZES;
const postgres = Deno.args.includes("--postgres");
const results = await runBench({ sizes, postgres, log: (l) => console.error(l) });
if (Deno.args.includes("--json")) {
  console.log(JSON.stringify({ results }, null, 2));
} else {
  console.log(benchTable(results));
  for (const line of targetLines(results)) console.log(line);
}
