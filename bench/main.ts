/**
 * `deno task bench`: the performance benchmark (see bench/run.ts). Options:
 * `--sizes 1M,10M` (default), `--quick` (100k interactions only), `--postgres` (also the
 * PostgreSQL stage: load rows/s, RV and segment queries in the server, bytes per row).
 */
import { benchTable, DEFAULT_SIZES, runBench } from "./run.ts";

const quick = Deno.args.includes("--quick");
const sizesArg = Deno.args.find((a) => a.startsWith("--sizes="))?.slice(8);
const sizes = quick
  ? [{ label: "100k", accounts: 1_000 }]
  : sizesArg
  ? DEFAULT_SIZES.filter((s) => sizesArg.split(",").includes(s.label))
  : DEFAULT_SIZES;
const postgres = Deno.args.includes("--postgres");
const results = await runBench({ sizes, postgres, log: (l) => console.error(l) });
console.log(benchTable(results));
for (const r of results) {
  console.log(
    `${r.size}: end to end ${r.seconds.toFixed(1)} s (target < 20 s: ${
      r.targets.end_to_end_under_20s ? "met" : "not met"
    }), ` +
      `${r.ratio_vs_pandas.toFixed(2)}x pandas (target >= 3x: ${
        r.targets.at_least_3x_pandas ? "met" : "not met"
      }), ` +
      `peak ${Math.round(r.peak_rss_mb)} MB (target < 3 GB: ${
        r.targets.peak_under_3gb ? "met" : "not met"
      })`,
  );
}
