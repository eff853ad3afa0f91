import { mulberry32 } from "../util/random.ts";

/** Options for {@linkcode permutationTest}. */
export interface PermutationOptions {
  /** random permutations; default 9999 */
  permutations?: number;
  seed?: number;
}

/**
 * Two-sided permutation test of a difference statistic between two groups of any
 * sizes: the group labels are shuffled keeping n1 and n2, and
 * p = (b + 1) / (k + 1) where b counts permutations whose |statistic| is at least
 * the observed one (Phipson & Smyth 2010: never zero, valid for finite k).
 *
 * Why not simple-statistics' permutationTest: older releases split the pooled sample
 * at n/2 (wrong for unequal groups); 7.12 keeps the group sizes but tests only the
 * difference of means, returns b / k (can be 0) and draws from `Math.random`.
 *
 * Complexity: O(k × (n1 + n2)) plus k evaluations of the statistic.
 *
 * @example
 * ```ts
 * import { permutationTest } from "./permutation_test.ts";
 * import { mean } from "npm:simple-statistics@7.12.1";
 * const meanDiff = (a: number[], b: number[]) => mean(a) - mean(b);
 * permutationTest([5, 6, 7], [1, 2, 3, 4, 5], meanDiff, { seed: 1 }).p;
 * ```
 */
export function permutationTest(
  x: readonly number[],
  y: readonly number[],
  statistic: (a: number[], b: number[]) => number,
  options: PermutationOptions = {},
): { statistic: number; p: number; permutations: number } {
  const k = options.permutations ?? 9999;
  const rng = mulberry32(options.seed ?? 1);
  const observed = statistic([...x], [...y]);
  const pooled = [...x, ...y];
  const n1 = x.length;
  let b = 0;
  for (let r = 0; r < k; r++) {
    for (let i = pooled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pooled[i], pooled[j]] = [pooled[j], pooled[i]];
    }
    const s = statistic(pooled.slice(0, n1), pooled.slice(n1));
    if (Math.abs(s) >= Math.abs(observed) - 1e-12) b++;
  }
  return { statistic: observed, p: (b + 1) / (k + 1), permutations: k };
}
