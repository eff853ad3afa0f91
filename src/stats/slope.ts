/**
 * The least-squares slope of a series against its index.
 *
 * @module
 */

/**
 * Ordinary least-squares slope of `values` against 0…n−1 (null for fewer than 2 values).
 *
 * Reference: the closed form b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²; checked against numpy's
 * `polyfit(x, y, 1)` in tests/stats/stats_test.ts. Complexity: O(n).
 *
 * @example
 * ```ts
 * import { slope } from "./slope.ts";
 * slope([1, 3, 5]); // => 2
 * ```
 */
export function slope(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mx = (n - 1) / 2;
  const my = values.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  values.forEach((v, i) => {
    sxy += (i - mx) * (v - my);
    sxx += (i - mx) ** 2;
  });
  return sxy / sxx;
}
