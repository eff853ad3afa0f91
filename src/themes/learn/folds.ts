/**
 * Seeded splits for the learned coder: k cross-validation folds and a
 * train/test hold-out, both by answer.
 *
 * @module
 */
import { mulberry32 } from "../../util/random.ts";

/** A seeded Fisher–Yates permutation of 0 … n−1. */
function permutation(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/**
 * Fold of each of n items (0 … k−1): a seeded permutation dealt round-robin, so
 * fold sizes differ by at most one. Complexity: O(n).
 *
 * @example
 * ```ts
 * import { foldsOf } from "./folds.ts";
 * foldsOf(6, 3, 1).filter((f) => f === 0).length; // => 2
 * ```
 */
export function foldsOf(n: number, k: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  permutation(n, seed).forEach((item, pos) => (out[item] = pos % k));
  return out;
}

/**
 * Splits ids into a training and a test set: a seeded permutation of the ids
 * sorted (so the split depends on the ids and the seed, not on row order), the
 * first round(testFraction · n) go to test, the rest to training.
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { holdoutSplit } from "./folds.ts";
 * holdoutSplit(["a", "b", "c", "d"], 0.5, 1).test.size; // => 2
 * ```
 */
export function holdoutSplit(
  ids: readonly string[],
  testFraction: number,
  seed: number,
): { train: Set<string>; test: Set<string> } {
  const sorted = [...new Set(ids)].sort();
  const p = permutation(sorted.length, seed);
  const nTest = Math.round(testFraction * sorted.length);
  return {
    test: new Set(p.slice(0, nTest).map((i) => sorted[i])),
    train: new Set(p.slice(nTest).map((i) => sorted[i])),
  };
}
