import { auc } from "./auc.ts";
import { clusterBootstrap, clusterIndices } from "./bootstrap.ts";
import { normalSf } from "./normal.ts";

/**
 * AUC with a cluster (block) bootstrap: clusters (accounts) are resampled with
 * replacement and all their observations come along, so repeated observations of
 * the same account at several cutoffs do not pass for independent evidence.
 *
 * Returns the percentile CI, the bootstrap standard error, and a two-sided p-value
 * for "AUC = 0.5" from the normal approximation z = (AUC − 0.5) / SE_boot (the
 * cluster bootstrap SE carries the dependence between an account's observations;
 * a percentile-count p-value could not go below 2/(B + 1), too coarse for a Holm
 * adjustment over a whole results table). Deterministic for a seed.
 *
 * Complexity: O(B × n log n).
 *
 * @example
 * ```ts
 * import { clusterBootstrapAuc } from "./cluster_bootstrap_auc.ts";
 * const scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];
 * const outcomes = [true, true, false, true, false, false];
 * const accountIds = ["a", "a", "b", "b", "c", "c"]; // resampled together
 * clusterBootstrapAuc(scores, outcomes, accountIds, { seed: 1, resamples: 500 });
 * ```
 */
export function clusterBootstrapAuc(
  scores: readonly number[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; level?: number; seed?: number } = {},
): {
  auc: number;
  low: number;
  high: number;
  se: number;
  p: number;
  resamples: number;
  clusters: number;
} {
  const groups = clusterIndices(clusters);
  const point = auc(scores, outcomes);
  // sort once; each resample is then a weighted rank-sum in one pass (weights = multiplicities)
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const weights = new Float64Array(scores.length);
  const ci = clusterBootstrap(groups, (sample) => {
    weights.fill(0);
    for (const g of sample) for (const i of g) weights[i]++;
    return weightedAucSorted(order, scores, outcomes, weights);
  }, { resamples: options.resamples ?? 1000, level: options.level, seed: options.seed });
  const se = ci.se;
  return {
    auc: point,
    low: ci.low,
    high: ci.high,
    se,
    p: se > 0 ? Math.min(1, 2 * normalSf(Math.abs(point - 0.5) / se)) : point === 0.5 ? 1 : 0,
    resamples: ci.resamples,
    clusters: groups.length,
  };
}

/**
 * AUC of weighted observations, given the observation indices sorted by score:
 * U = Σ over positives of w_i · (weight of negatives below + half the weight of
 * negatives tied), divided by (Σ w positive)(Σ w negative). Equal to `auc` on the
 * sample that repeats each observation w_i times.
 *
 * Why: a bootstrap resample is a weight vector (draw counts), so the sort by
 * score is done once and each resample costs one linear pass.
 * Complexity: O(n).
 *
 * @example
 * ```ts
 * import { weightedAucSorted } from "./cluster_bootstrap_auc.ts";
 * const scores = [0.1, 0.4, 0.35, 0.8], outcomes = [false, false, true, true];
 * const order = [0, 2, 1, 3]; // indices by ascending score
 * weightedAucSorted(order, scores, outcomes, [1, 1, 1, 1]); // => 0.75
 * weightedAucSorted(order, scores, outcomes, [1, 2, 1, 1]); // => 0.6666666666666666
 * ```
 */
export function weightedAucSorted(
  order: readonly number[],
  scores: readonly number[],
  outcomes: readonly boolean[],
  weights: ArrayLike<number>,
): number {
  let negBelow = 0, u = 0, wPos = 0, wNeg = 0;
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    let tiePos = 0, tieNeg = 0;
    for (let m = k; m <= end; m++) {
      const i = order[m];
      if (outcomes[i]) tiePos += weights[i];
      else tieNeg += weights[i];
    }
    u += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    wPos += tiePos;
    wNeg += tieNeg;
    k = end + 1;
  }
  return wPos > 0 && wNeg > 0 ? u / (wPos * wNeg) : NaN;
}
