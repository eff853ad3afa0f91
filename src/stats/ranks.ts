/**
 * Average ranks (1-based) with ties sharing the mean of their positions, and the
 * tie-group sizes, as used by rank-sum statistics.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { averageRanks } from "./ranks.ts";
 * averageRanks([10, 20, 10]); // => { ranks: [1.5, 3, 1.5], ties: [2, 1] }
 * ```
 */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const ties: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}
