/**
 * `rvlab demo [--out DIR]`: the main job on the embedded default — a seeded
 * SYNTHETIC B2B world, validated, scored and reported.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "../command.ts";
import { intOption } from "../command.ts";
import { VERSION } from "../version.ts";

export const demo: Command = {
  name: "demo",
  help: `Usage: deno task rvlab demo [--out DIR] [--force] [--seed S] [--accounts N] [--json]

Generates the seeded SYNTHETIC B2B world (planted effect, 200 accounts, 36 months),
validates it, computes Relationship Value and the analyses that are available, and
writes the report into DIR (default reports/demo). Everything it writes says SYNTHETIC.
DIR is replaced whole when it was written by rvlab before (or is new or empty); any other
non-empty folder only with --force.`,
  options: {
    out: { type: "string", path: "output-dir", fallback: () => join("reports", "demo") },
    seed: { type: "string", min: 0 },
    accounts: { type: "string", min: 1 },
  },
  async run(ctx) {
    const out = ctx.values.out as string;
    // the report and chart modules load only for this command
    const { runDemo } = await import("../../report/demo.ts");
    const r = await runDemo(out, {
      seed: intOption(ctx, "seed", 1),
      accounts: intOption(ctx, "accounts", 200),
      log: ctx.log,
      output: { force: ctx.values.force === true, version: VERSION },
    });
    ctx.print(
      `demo (SYNTHETIC data): ${r.files.length} files in ${out}; open ${r.report} in a browser`,
    );
    return r;
  },
};
