import { auc } from "./auc.ts";
import { clusterBootstrap } from "./bootstrap.ts";

/** Options for {@linkcode bootstrapAuc}. */
export interface BootstrapOptions {
  /** resamples; default 1000 */
  resamples?: number;
  /** confidence level; default 0.95 */
  level?: number;
  /** default 1 */
  seed?: number;
}

/**
 * AUC with a percentile bootstrap confidence interval, resampling positives and
 * negatives separately (stratified) so every resample keeps the class sizes
 * ({@linkcode clusterBootstrap} with one group per observation, strata = class).
 *
 * Why: AUC's sampling error matters when few accounts are positive (e.g. the top
 * 20 % of 85 accounts); the CI says whether a predictor beats chance (0.5).
 * Deterministic for a seed.
 *
 * Complexity: O(resamples × n log n).
 *
 * @example
 * ```ts
 * import { bootstrapAuc } from "./bootstrap_auc.ts";
 * const scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];
 * const outcomes = [true, true, false, true, false, false];
 * bootstrapAuc(scores, outcomes, { seed: 7 }); // => { auc, low, high, resamples: 1000 }
 * ```
 */
export function bootstrapAuc(
  scores: readonly number[],
  outcomes: readonly boolean[],
  options: BootstrapOptions = {},
): { auc: number; low: number; high: number; resamples: number } {
  const pos = scores.filter((_, i) => outcomes[i]);
  const neg = scores.filter((_, i) => !outcomes[i]);
  const point = auc(scores, outcomes);
  if (pos.length === 0 || neg.length === 0) return { auc: NaN, low: NaN, high: NaN, resamples: 0 };
  const labels = [...pos.map(() => true), ...neg.map(() => false)];
  // one group per observation, resampled within its class (positives first)
  const ci = clusterBootstrap([...pos, ...neg], (s) => auc(s, labels), {
    resamples: options.resamples ?? 1000,
    level: options.level,
    seed: options.seed,
    strata: (_, i) => labels[i],
  });
  return { auc: point, low: ci.low, high: ci.high, resamples: ci.resamples };
}
