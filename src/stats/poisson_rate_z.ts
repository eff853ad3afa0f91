/**
 * The score test of two Poisson rates: how far a count over one exposure lies from
 * the rate of another count over its exposure, in standard errors.
 *
 * @module
 */

/**
 * Score z of the rate of `count1` events in `exposure1` against the rate of `count2`
 * in `exposure2` (H₀: equal rates):
 * z = (y₁ − y₂·n₁/n₂) / √((y₁ + y₂)·n₁/n₂), the pooled rate's Poisson variance
 * conditional on y₁ + y₂. Negative when the first rate is the lower. 0 when both
 * counts are 0 (no evidence either way); null for an exposure that is not positive.
 *
 * Why the score form: it stays defined when the first count is 0 (a rate that fell
 * to nothing), where the Wald form divides by zero.
 *
 * Reference: Gu, Ng, Tang & Schucany, "Testing the ratio of two Poisson rates",
 * Biometrical Journal 50 (2008) 283–298 (the W₂ statistic, ratio 1); checked against
 * statsmodels' `test_poisson_2indep(..., method="score")` in
 * tests/stats/poisson_rate_z_test.ts.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { poissonRateZ } from "./poisson_rate_z.ts";
 * poissonRateZ(12, 4, 26, 26)! > 3; // => true: 3 a month against 1 a month before
 * poissonRateZ(0, 4, 0, 26); // => 0
 * ```
 */
export function poissonRateZ(
  count1: number,
  exposure1: number,
  count2: number,
  exposure2: number,
): number | null {
  if (!(exposure1 > 0) || !(exposure2 > 0)) return null;
  const d = exposure1 / exposure2;
  const total = count1 + count2;
  return total > 0 ? (count1 - count2 * d) / Math.sqrt(total * d) : 0;
}
