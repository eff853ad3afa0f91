/**
 * `rvlab bench`: the performance benchmark with ratios against pandas in the same run.
 *
 * @module
 */
import type { Command, CommandContext } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { benchTable, DEFAULT_SIZES, runBench } from "../../../bench/run.ts";

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
  summary: "performance benchmark: 1M and 10M interactions, DuckDB vs a pandas reference",
  help: `Usage: deno task rvlab bench [--sizes 1M,10M] [--quick] [--json]

Generates (once, cached in .bench-cache/) synthetic worlds of 1M and 10M interactions
(10k and 100k accounts x 36 months), then times load, dense monthly RV, and the
12-month segments with the whale curve, each size in its own process (peak RSS), and
the same computation in pandas (Debian's python3-pandas) in the same run. Prints the
table and whether the targets are met (10M end to end < 20 s, >= 3x pandas, < 3 GB);
targets are reported, never asserted. --json: per size interactions, seconds,
pandas_seconds, ratio_vs_pandas, peak_rss_mb and the stage times.`,
  options: { sizes: { type: "string", check: sizesOption }, quick: { type: "boolean" } },
  async run(ctx) {
    const sizes = ctx.values.quick ? [{ label: "100k", accounts: 1_000 }] : sizesOption(ctx);
    const results = await runBench({ sizes, log: ctx.log });
    ctx.print(benchTable(results));
    return { results };
  },
};
