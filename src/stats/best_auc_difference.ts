import { auc } from "./auc.ts";
import { percentileInterval } from "./bootstrap.ts";
import { resampledAucs } from "./cluster_bootstrap_auc.ts";

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
  const all = [...a, ...b];
  const { aucs } = resampledAucs(all, outcomes, clusters, {
    resamples: options.resamples ?? 500,
    seed: options.seed,
  });
  const points = all.map((scores) => {
    const idx = scores.map((_, i) => i).filter((i) => scores[i] !== null);
    return auc(idx.map((i) => scores[i]!), idx.map((i) => outcomes[i]));
  });
  return bestAucDifferenceOfResamples(
    { points: points.slice(0, a.length), draws: aucs.slice(0, a.length) },
    { points: points.slice(a.length), draws: aucs.slice(a.length) },
    options,
  );
}

/**
 * {@linkcode bestAucDifference} from each predictor's AUC on the data (`points`) and in
 * each resample (`draws[k][r]`, all predictors on the same resamples, e.g. from
 * `resampledAucs` on the observations of the comparison): in resample r, max over `a` −
 * max over `b` (strength with `bothWays`), undefined AUCs skipped; the percentile
 * interval of the finite differences.
 *
 * Why: a caller that has already bootstrapped the predictors' AUCs on these resamples
 * (the back-test's table) gets the paired difference without computing them again.
 * Complexity: O(B × predictors + B log B).
 *
 * @example
 * ```ts
 * import { bestAucDifferenceOfResamples } from "./best_auc_difference.ts";
 * const d = bestAucDifferenceOfResamples(
 *   { points: [0.8], draws: [[0.7, 0.9]] },
 *   { points: [0.6, 0.3], draws: [[0.5, 0.6], [0.4, 0.2]] },
 *   { bothWays: true },
 * );
 * [d.best_b, d.b_reversed]; // => [1, true]
 * ```
 */
export function bestAucDifferenceOfResamples(
  a: { points: readonly number[]; draws: readonly ArrayLike<number>[] },
  b: { points: readonly number[]; draws: readonly ArrayLike<number>[] },
  options: { level?: number; bothWays?: boolean } = {},
): BestAucDifference {
  const strength = (v: number) => (options.bothWays ? Math.max(v, 1 - v) : v);
  const argmax = (v: number[]) => v.reduce((m, x, i) => (x > v[m] ? i : m), 0);
  const bestA = argmax([...a.points]), bestB = argmax(b.points.map(strength));
  const best = (draws: readonly ArrayLike<number>[], r: number, f: (v: number) => number) => {
    let m = -Infinity;
    for (const d of draws) {
      const v = f(d[r]);
      if (v > m) m = v;
    }
    return m;
  };
  const lengths = [...a.draws, ...b.draws].map((d) => d.length);
  const resamples = lengths.length ? Math.min(...lengths) : 0;
  const differences: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const d = best(a.draws, r, (v) => v) - best(b.draws, r, strength);
    if (Number.isFinite(d)) differences.push(d);
  }
  const ci = percentileInterval(differences, options.level ?? 0.95);
  return {
    difference: a.points[bestA] - strength(b.points[bestB]),
    low: ci.low,
    high: ci.high,
    best_a: bestA,
    best_b: bestB,
    b_reversed: !!options.bothWays && b.points[bestB] < 0.5,
  };
}
