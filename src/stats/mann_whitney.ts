import { averageRanks } from "./ranks.ts";
import { normalSf } from "./normal.ts";

/** Result of {@linkcode mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting 1/2 */
  u: number;
  /** two-sided p-value, normal approximation with tie and continuity correction */
  p: number;
  n1: number;
  n2: number;
}

/**
 * The Mann–Whitney U test of two independent samples: does one tend to be larger?
 *
 * Why: RV, profit and revenue are skewed with outliers; a rank test makes no
 * normality assumption. The p-value uses the normal approximation with the tie
 * correction of the variance and a continuity correction of 0.5, exactly as
 * scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic",
 * use_continuity=True), against which it is tested.
 *
 * Complexity: O((n1 + n2) log(n1 + n2)).
 *
 * @example
 * ```ts
 * import { mannWhitneyU } from "./mann_whitney.ts";
 * mannWhitneyU([1, 2, 3], [4, 5, 6]).u; // => 0
 * ```
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length, n2 = y.length;
  if (n1 === 0 || n2 === 0) {
    throw new RangeError(`mannWhitneyU needs two non-empty samples, found sizes ${n1} and ${n2}`);
  }
  const { ranks, ties } = averageRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u = r1 - n1 * (n1 + 1) / 2;
  const n = n1 + n2;
  const tieTerm = ties.reduce((s, t) => s + (t * t * t - t), 0);
  const sigma = Math.sqrt(n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
  const mu = n1 * n2 / 2;
  const uMax = Math.max(u, n1 * n2 - u);
  if (sigma === 0) return { u, p: 1, n1, n2 };
  const z = (uMax - mu - 0.5) / sigma;
  return { u, p: Math.min(1, 2 * normalSf(z)), n1, n2 };
}
