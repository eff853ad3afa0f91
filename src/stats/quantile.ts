import { median as ssMedian, quantileSorted } from "npm:simple-statistics@7.12.1";

/**
 * The q-quantile of sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7: R's and numpy's default), from simple-statistics'
 * `quantileSorted` (type 7 since 7.x: index (n − 1)q, the same arithmetic as numpy),
 * with NaN for no values instead of an exception.
 *
 * Complexity: O(1) on sorted input.
 *
 * @example
 * ```ts
 * import { quantile } from "./quantile.ts";
 * quantile([1, 2, 3, 4], 0.5); // => 2.5
 * ```
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], found ${q}`);
  return quantileSorted(sorted, q);
}

/**
 * Median of unsorted values (type 7: the mean of the two middle values for an even
 * count), simple-statistics' `median` (quickselect, O(n)); NaN for no values.
 *
 * @example
 * ```ts
 * import { median } from "./quantile.ts";
 * median([5, 1, 3, 2]); // => 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  return values.length === 0 ? NaN : ssMedian(values);
}
