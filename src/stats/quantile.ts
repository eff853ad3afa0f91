/**
 * The q-quantile of sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7: R's and numpy's default).
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
  if (q < 0 || q > 1) throw new RangeError(`quantile q must be in [0, 1], found ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Median of unsorted values (type 7). */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}
