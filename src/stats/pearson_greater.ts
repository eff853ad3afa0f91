import { fSf } from "./f_dist.ts";

/**
 * One-sided p-value of a Pearson correlation r of n pairs against ρ ≤ 0: P(T ≥ t) with
 * t = r·√((n − 2)/(1 − r²)) and T Student's t with n − 2 degrees of freedom (the test
 * of scipy.stats.pearsonr with `alternative="greater"`, exact for bivariate normal data,
 * e.g. Kendall & Stuart, The Advanced Theory of Statistics, vol. 2, §26.26). Computed
 * from the F tail: P(T ≥ t) = ½·P(F(1, n − 2) > t²) for t ≥ 0. NaN when n < 3 or r is
 * NaN. Checked against scipy in tests/stats/poisson_mid_p_test.ts.
 *
 * Complexity: as {@linkcode fSf}.
 *
 * @example
 * ```ts
 * import { pearsonGreaterP } from "./pearson_greater.ts";
 * pearsonGreaterP(0, 30); // => 0.5
 * pearsonGreaterP(0.5, 30) < 0.01; // => true
 * ```
 */
export function pearsonGreaterP(r: number, n: number): number {
  if (!(n >= 3) || Number.isNaN(r)) return NaN;
  if (r >= 1) return 0;
  if (r <= -1) return 1;
  const t2 = r * r * (n - 2) / (1 - r * r);
  const half = fSf(t2, 1, n - 2) / 2;
  return r >= 0 ? half : 1 - half;
}
