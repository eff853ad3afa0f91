import { mannWhitneyU } from "./mann_whitney.ts";

/**
 * Cliff's delta: P(X > Y) − P(X < Y) for one draw from each sample, an effect size
 * in [−1, 1] that goes with the Mann–Whitney test (delta = 2U/(n1 n2) − 1).
 * Rough reading (Romano et al. 2006): |d| < 0.147 negligible, < 0.33 small,
 * < 0.474 medium, else large.
 *
 * Complexity: O((n1 + n2) log(n1 + n2)).
 *
 * @example
 * ```ts
 * import { cliffsDelta } from "./cliffs_delta.ts";
 * cliffsDelta([3, 4, 5], [1, 2, 3]); // => 0.8888888888888888
 * ```
 */
export function cliffsDelta(x: readonly number[], y: readonly number[]): number {
  const { u } = mannWhitneyU(x, y);
  return 2 * u / (x.length * y.length) - 1;
}
