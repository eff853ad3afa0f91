/**
 * Per-theme decision thresholds from out-of-fold probabilities.
 *
 * @module
 */

/** A chosen threshold: code when p ≥ threshold. */
export interface ThresholdChoice {
  threshold: number;
  /** F1 of the out-of-fold probabilities at the threshold (NaN for a default) */
  f1: number;
  /** `f1`: maximised on out-of-fold probabilities; `default`: too few positives to choose */
  source: "f1" | "default";
}

/**
 * The threshold maximising F1 = 2TP / (2TP + FP + FN) of "p ≥ t" against 0/1
 * labels, swept over the distinct probabilities (t = midway between the last
 * included and the next lower probability; ties broken to the higher t). With
 * fewer than `minPositives` positive labels, `fallback` (source `default`).
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { bestF1Threshold } from "./threshold.ts";
 * bestF1Threshold([0.9, 0.6, 0.4, 0.1], [1, 1, 0, 0], 1).threshold; // => 0.5
 * ```
 */
export function bestF1Threshold(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  minPositives = 5,
  fallback = 0.5,
): ThresholdChoice {
  const n = probabilities.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] ? 1 : 0;
  if (positives < minPositives) return { threshold: fallback, f1: NaN, source: "default" };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    probabilities[b] - probabilities[a]
  );
  let tp = 0;
  let best = { threshold: fallback, f1: -1 };
  for (let k = 0; k < n; k++) {
    tp += labels[order[k]] ? 1 : 0;
    const p = probabilities[order[k]];
    const next = k + 1 < n ? probabilities[order[k + 1]] : 0;
    if (k + 1 < n && next === p) continue; // a threshold cannot split tied probabilities
    const f1 = (2 * tp) / (k + 1 + positives);
    if (f1 > best.f1) best = { threshold: (p + next) / 2, f1 };
  }
  return { ...best, source: "f1" };
}
