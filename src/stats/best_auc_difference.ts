import { auc } from "./auc.ts";
import { clusterCountBootstrap, clusterNumbers } from "./bootstrap.ts";
import { aucRuns, runsAuc } from "./cluster_bootstrap_auc.ts";

/** What {@linkcode bestAucDifference} returns. */
export interface BestAucDifference {
  /** max AUC of the `a` predictors − max AUC (strength, with `bothWays`) of the `b` predictors */
  difference: number;
  /** percentile CI of the difference, the maxima taken again in every resample */
  low: number;
  high: number;
  /** index of the best `a` and `b` predictor on the data */
  best_a: number;
  best_b: number;
  /** true when the best `b` predicts in reverse (AUC < 0.5), with `bothWays` */
  b_reversed: boolean;
}

/**
 * AUC of the best of several predictors `a` minus that of the best of several `b`, on
 * the same observations, with a paired cluster bootstrap in which both maxima are taken
 * again in every resample: each resample draws whole clusters (accounts), weights every
 * observation by its draws, computes every predictor's AUC on its own observed values
 * (`null` = missing) and takes max over `a` − max over `b` (over b, max(AUC, 1 − AUC)
 * with `bothWays`, a predictor read in either direction). The picking of the best is
 * thus inside the interval (Efron & Tibshirani 1993, ch. 17 on bootstrapping a
 * data-driven choice; Field & Welsh 2007 for the cluster resampling).
 *
 * Why: comparing the best of three RV predictors, chosen on the data, with one fixed
 * baseline favours RV; bootstrapping the choice too gives the difference its honest width.
 *
 * Complexity: O(predictors × n log n + resamples × predictors × n).
 *
 * @example
 * ```ts
 * import { bestAucDifference } from "./best_auc_difference.ts";
 * const y = [true, true, false, false];
 * const d = bestAucDifference([[0.9, 0.8, 0.3, 0.2]], [[0.1, 0.8, 0.3, 0.9]], y, ["a", "b", "c", "d"]);
 * d.difference; // => 0.75
 * ```
 */
export function bestAucDifference(
  a: readonly (readonly (number | null)[])[],
  b: readonly (readonly (number | null)[])[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; seed?: number; level?: number; bothWays?: boolean } = {},
): BestAucDifference {
  const { of, count } = clusterNumbers(clusters);
  const prep = (scores: readonly (number | null)[]) => {
    const idx = scores.map((_, i) => i).filter((i) => scores[i] !== null);
    const s = scores.map((v) => v ?? NaN);
    const order = idx.sort((x, y) => s[x] - s[y]);
    return {
      runs: aucRuns(order, s, outcomes, of, count),
      auc: auc(idx.map((i) => s[i]), idx.map((i) => outcomes[i])),
    };
  };
  const pa = a.map(prep), pb = b.map(prep);
  const strength = (v: number) => (options.bothWays ? Math.max(v, 1 - v) : v);
  const argmax = (v: number[]) => v.reduce((m, x, i) => (x > v[m] ? i : m), 0);
  const bestA = argmax(pa.map((p) => p.auc)), bestB = argmax(pb.map((p) => strength(p.auc)));
  const best = (ps: typeof pa, counts: Float64Array, f: (v: number) => number) => {
    let m = -Infinity;
    for (const p of ps) {
      const v = f(runsAuc(p.runs, counts));
      if (v > m) m = v;
    }
    return m;
  };
  const ci = clusterCountBootstrap(
    count,
    (counts) => best(pa, counts, (v) => v) - best(pb, counts, strength),
    { resamples: options.resamples ?? 500, seed: options.seed, level: options.level },
  );
  return {
    difference: pa[bestA].auc - strength(pb[bestB].auc),
    low: ci.low,
    high: ci.high,
    best_a: bestA,
    best_b: bestB,
    b_reversed: !!options.bothWays && pb[bestB].auc < 0.5,
  };
}
