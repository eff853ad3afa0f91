/**
 * A robust norm of k group means: their median, with an approximate variance.
 *
 * @module
 */
import { median } from "./quantile.ts";

/** The median of k means and its approximate sampling variance. */
export interface MedianNorm {
  /** the median of the means (type 7: mean of the two middle ones for even k) */
  median: number;
  /** (π/2)·v̄/k, v̄ the mean of the means' sampling variances */
  variance: number;
}

/**
 * The median of k group means as the norm of the groups, with the large-sample variance
 * of a median of k normal values of variance v̄: (π/2)·v̄/k. Unlike the mean it does not
 * move with the few outstanding groups a comparison is looking for (two top reps of 12
 * raise a mean norm by a sixth of their lead, and the median by little). For small k
 * the exact variance of a normal median is below (π/2)·v̄/k (k = 12: about 1.40·v̄/k,
 * k = 4: about 1.19·v̄/k), so tests that use it are conservative.
 *
 * Reference: Kendall & Stuart, The Advanced Theory of Statistics, vol. 1 (1977), §10.10
 * (the variance πσ²/2n of the sample median of a normal sample). Checked by simulation in
 * tests/stats/median_norm_test.ts.
 * Complexity: O(k).
 *
 * @example
 * ```ts
 * import { medianNorm } from "./median_norm.ts";
 * const n = medianNorm([1, 2, 3, 10], [0.5, 0.5, 0.5, 0.5]);
 * n.median; // => 2.5
 * n.variance.toFixed(4); // => "0.1963"
 * ```
 */
export function medianNorm(means: readonly number[], variances: readonly number[]): MedianNorm {
  const k = means.length;
  if (k === 0 || variances.length !== k) {
    throw new RangeError(
      `medianNorm needs as many variances as means, k ≥ 1; found ${k} means and ${variances.length} variances`,
    );
  }
  const vBar = variances.reduce((s, v) => s + v, 0) / k;
  return { median: median(means), variance: (Math.PI / 2) * vBar / k };
}
