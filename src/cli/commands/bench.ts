/**
 * `rvlab bench`: the performance benchmark with its peers (plain DuckDB, polars, pandas) in the
 * same run.
 *
 * @module
 */
import type { Command, CommandContext } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { benchTable, DEFAULT_SIZES, runBench, targetLines } from "../../../bench/run.ts";

/** --sizes 1M,10M: the sizes to run (default all). */
function sizesOption(ctx: CommandContext): typeof DEFAULT_SIZES {
  if (typeof ctx.values.sizes !== "string") return DEFAULT_SIZES;
  const wanted = ctx.values.sizes.split(",");
  const sizes = DEFAULT_SIZES.filter((s) => wanted.includes(s.label));
  if (sizes.length !== wanted.length) {
    throw new UsageError(`--sizes expects a list of 1M, 10M, found "${ctx.values.sizes}"`);
  }
  return sizes;
}

export const bench: Command = {
  name: "bench",
  help: `Usage: deno task rvlab bench [--sizes 1M,10M] [--quick] [--json]

Generates (once, cached in .bench-cache/) synthetic worlds of 1M and 10M interactions
(10k and 100k accounts x 36 months), then times load, dense monthly RV, and the
12-month segments with the whale curve, each in its own process (peak RSS), and the
same job by its peers on the same files in the same run: plain DuckDB SQL (typed
read_csv, no validation), polars (nodejs-polars, 2 threads) and pandas (Debian's
python3-pandas). Prints the table with peer seconds / rvlab seconds, checks the peers
agree (RV rows, customers, whale peak), and says whether the targets are met (10M cold
<= 1.2x plain DuckDB, faster than polars, < 3 GB; end to end < 20 s, >= 3x pandas);
targets are reported, never asserted. --json: per size interactions, seconds,
pandas_seconds, ratio_vs_pandas, peak_rss_mb, the stage times, targets and peers
(duckdb_plain, polars, pandas: seconds, stages, peak_rss_mb, ratio, agrees).`,
  options: { sizes: { type: "string", check: sizesOption }, quick: { type: "boolean" } },
  async run(ctx) {
    // each stage and peer runs in its own process; the rvlab task may start only Chromium
    const run = await Deno.permissions.query({ name: "run", command: Deno.execPath() });
    if (run.state !== "granted") {
      throw new UsageError(
        "bench starts each stage and peer as a process, which the rvlab task does not allow; run it as: deno task bench",
      );
    }
    const sizes = ctx.values.quick ? [{ label: "100k", accounts: 1_000 }] : sizesOption(ctx);
    const results = await runBench({ sizes, log: ctx.log });
    ctx.print(benchTable(results));
    for (const line of targetLines(results)) ctx.print(line);
    return { results };
  },
};
