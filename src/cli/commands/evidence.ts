/**
 * `rvlab evidence --data DIR`: evidence-tuned IPF weights, say vs do, and relationship
 * equity for a data directory.
 *
 * @module
 */
import type { Command } from "../command.ts";
import {
  CACHE_HELP,
  CACHE_OPTIONS,
  cacheOption,
  enumOption,
  intOption,
  requireString,
} from "../command.ts";
import { openDataSource } from "../../db/source.ts";
import { redactUrl } from "../../util/redact.ts";
import { evidenceWeights, type WeightTarget } from "../../backtest/weights.ts";
import { relationshipEquity } from "../../voc/equity.ts";
import { accountPanel } from "../../backtest/panel.ts";
import { sayVsDo } from "../../voc/say_vs_do.ts";
import { evidenceMarkdown } from "../../report/evidence_markdown.ts";

/**
 * Runs one analysis with each horizon in turn until one fits the data; when none does
 * (a RangeError: not enough data), the result is `{ skipped: reason }` with the reason
 * for the shortest horizon tried.
 */
async function attempt<T>(
  horizons: readonly (number | undefined)[],
  f: (h: number | undefined) => T | Promise<T>,
): Promise<T | { skipped: string }> {
  let reason = "";
  for (const h of horizons) {
    try {
      return await f(h);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      reason = e.message;
    }
  }
  return { skipped: reason };
}

const TARGETS: readonly WeightTarget[] = ["revenue_growth", "profit_top20", "churn"];
const MODELS = ["logistic", "ridge"] as const;

export const evidence: Command = {
  name: "evidence",
  help: `Usage: deno task rvlab evidence --data DIR [--target revenue_growth|profit_top20|churn]
                    [--model logistic|ridge] [--horizon P] [--window W] [--seed S]
                    [--resamples N] [--no-cache | --cache DIR] [--json]

Evidence-tuned weights: per interaction type, the regularised (L2 logistic or ridge)
coefficient of its count in the W months before a fit cutoff on the target over the P
months after it, with bootstrap CIs, evaluated out of time (AUC) against the expert IPF
weights one horizon later (default W = 6, P = 6).
Say vs do: RV over the W periods up to each NPS/CSAT answer against the answer —
correlation, RV high/low x promoter/passive/detractor quadrant, which leads profit
change over the next P periods (default W = 3, P = 3), accounts whose words and actions
disagree.
Relationship equity: expected profit over the next P months implied by current RV
(OLS of future on RV and past profit, fitted one horizon back), summed with a bootstrap
CI, and an out-of-time check (default W = 3, P = 12).
--horizon / --window set P / W for all three; without --horizon, weights fall back to
P = 3 and equity to P = 6 or 3 when the data is too short for the default. Analyses the
data cannot support are reported as {"skipped": reason}. Prints a Markdown summary; --json prints everything.

${CACHE_HELP}`,
  options: {
    data: { type: "string", path: "input" },
    target: { type: "string", choices: TARGETS },
    model: { type: "string", choices: MODELS },
    horizon: { type: "string", min: 1 },
    window: { type: "string", min: 1 },
    seed: { type: "string", min: 0 },
    resamples: { type: "string", min: 10 },
    ...CACHE_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const target = enumOption(ctx, "target", TARGETS, "revenue_growth");
    const model = enumOption(ctx, "model", MODELS, "logistic");
    const h = ctx.values.horizon === undefined ? undefined : intOption(ctx, "horizon", 1);
    const w = ctx.values.window === undefined ? undefined : intOption(ctx, "window", 1);
    const seed = intOption(ctx, "seed", 1);
    const resamples = ctx.values.resamples === undefined
      ? undefined
      : intOption(ctx, "resamples", 200);
    const source = await openDataSource(dir, ctx.log, {
      cache: cacheOption(ctx),
      onProgress: ctx.progress,
      requireActivity: true,
    });
    const engine = source.engine;
    try {
      if (source.quarantined > 0) {
        ctx.log(
          `warning: ${source.quarantined} rows quarantined; run rvlab check --data ${
            redactUrl(dir)
          } for the reasons`,
        );
      }
      ctx.log("evidence-tuned weights ...");
      // without --horizon, shorter horizons are tried when the data is too short
      const weights = await attempt(
        h ? [h] : [6, 3],
        (horizon) =>
          evidenceWeights(engine, { target, model, horizon, window: w, seed, resamples }),
      );
      const panel = await accountPanel(engine);
      ctx.log("say vs do ...");
      const hasVoc = panel.some((r) => r.nps !== null || r.csat !== null);
      const say = hasVoc
        ? await attempt([h], (horizon) => sayVsDo(panel, { horizon, window: w, seed, resamples }))
        : { skipped: "no voc answers (NPS or CSAT) in the data" };
      ctx.log("relationship equity ...");
      const equity = await attempt(
        h ? [h] : [12, 6, 3],
        (horizon) => relationshipEquity(panel, { horizon, window: w, seed, resamples }),
      );
      const result = {
        data: redactUrl(dir),
        seed,
        weights,
        say_vs_do: say,
        equity: "accounts" in equity ? { ...equity, accounts: equity.accounts.length } : equity,
      };
      if (!ctx.json) ctx.print(evidenceMarkdown(result));
      return result;
    } finally {
      await source.close();
    }
  },
};
