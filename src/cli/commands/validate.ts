/**
 * `rvlab validate --data DIR`: back-tests RV and the lagging baselines as leading indicators.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "../command.ts";
import { CACHE_HELP, CACHE_OPTIONS, cacheOption, intOption, requireString } from "../command.ts";
import { openDataSource, sourceLabel } from "../../db/source.ts";
import { validate } from "../../backtest/validate.ts";
import { leadSentence, validationMarkdown } from "../../report/validate_markdown.ts";
import { withOutputDir, writeOutputFile } from "../../io/output_dir.ts";
import { VERSION } from "../version.ts";

export const validateCommand: Command = {
  name: "validate",
  help:
    `Usage: deno task rvlab validate --data DIR|postgres://…/SCHEMA [--horizon P] [--seed S] [--history K]
                                [--cutoffs N] [--resamples B] [--out DIR] [--force]
                                [--no-cache | --cache DIR] [--json]

Rolling out-of-time cutoffs (N, default 4, 3 months apart); predictors from data before
each cutoff only (RV level, trend, RV per cost; baselines last profit and revenue,
revenue trend, RFM score, NPS, BG/BB expected billed months and BG/BB x Gamma-Gamma
expected spend); targets over the next P months (default 3): top-20 % profit, revenue
growing, share of wallet growing, retained (not churned). AUC with an account-cluster
bootstrap CI and p-value (B resamples, default 500), Holm-adjusted, with lift and gain
by decile; the lead of RV over money from lagged cross-correlation of within-account
changes and a panel Granger F-test (6 lags); a verdict per target. An AUC is tested only with
at least 10 accounts with a positive and 10 with a negative outcome (else not_testable). The
lead (lead_lag.<target>.verdict: leads, no_lead, not_testable) is claimed only when it beats
lag 0 with the choice of the lag inside the bootstrap, after Holm over profit and revenue,
and out of time. Deterministic for a seed. Writes validation.md into --out
(default reports/validate-<data folder name>): a folder rvlab wrote before is replaced
whole, a non-empty folder it did not write only with --force.

${CACHE_HELP}`,
  options: {
    data: { type: "string", path: "input" },
    horizon: { type: "string", min: 1 },
    seed: { type: "string", min: 0 },
    history: { type: "string", min: 3 },
    cutoffs: { type: "string", min: 1 },
    resamples: { type: "string", min: 50 },
    out: {
      type: "string",
      path: "output-dir",
      fallback: (v) =>
        typeof v.data === "string" ? join("reports", `validate-${sourceLabel(v.data)}`) : "",
    },
    ...CACHE_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const horizon = intOption(ctx, "horizon", 3);
    const seed = intOption(ctx, "seed", 1);
    const history = intOption(ctx, "history", 6);
    const cutoffs = intOption(ctx, "cutoffs", 4);
    const resamples = intOption(ctx, "resamples", 500);
    const out = requireString(ctx, "out");
    // on a database the monthly panel is built in the server: nothing to copy
    const source = await openDataSource(dir, ctx.log, {
      mirror: false,
      cache: cacheOption(ctx),
      onProgress: ctx.progress,
      requireActivity: true,
    });
    try {
      ctx.log(source.pg ? "back-testing (panel built in PostgreSQL)" : "back-testing");
      const v = await validate(
        source.db,
        { horizon, seed, history, cutoffs, resamples, onProgress: ctx.progress },
        source.dialect,
      );
      const output = {
        command: "validate",
        version: VERSION,
        force: ctx.values.force === true,
        inputs: [dir],
      };
      await withOutputDir(out, output, (d) =>
        writeOutputFile(
          d,
          "validation.md",
          validationMarkdown(v, `Is RV a leading indicator? ${sourceLabel(dir)}`),
        ));
      const md = join(out, "validation.md");
      for (const n of v.notes) ctx.print(`note: ${n}`);
      for (const x of v.verdicts) {
        ctx.print(`${x.target.padEnd(16)} ${x.rv_leads ? "RV LEADS " : "not shown"}  ${x.reason}`);
      }
      for (const k of ["profit", "revenue"] as const) {
        ctx.print(
          `lead ${k.padEnd(11)} ${v.lead_lag[k].verdict.padEnd(12)} ${
            leadSentence(v.lead_lag[k], k)
          }`,
        );
      }
      ctx.print(`table: ${md}`);
      return { ...v, markdown_file: md };
    } finally {
      await source.close();
    }
  },
};
