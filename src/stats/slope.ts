/**
 * The least-squares slope of a series against its index.
 *
 * @module
 */
import { linearRegression } from "npm:simple-statistics@7.12.1";

/**
 * Ordinary least-squares slope of `values` against 0…n−1 (null for fewer than 2 values).
 *
 * Reference: the closed form b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², simple-statistics'
 * `linearRegression` (two-pass, centred); checked against numpy's `polyfit(x, y, 1)`
 * in tests/stats/stats_test.ts. Complexity: O(n).
 *
 * @example
 * ```ts
 * import { slope } from "./slope.ts";
 * slope([1, 3, 5]); // => 2
 * ```
 */
export function slope(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  return linearRegression(values.map((v, i) => [i, v])).m;
}
