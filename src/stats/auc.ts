import { averageRanks } from "./ranks.ts";

/**
 * Area under the ROC curve of a score for a binary outcome: the probability that a
 * random positive scores above a random negative (ties count 1/2).
 *
 * Why: the back-test asks how well a predictor known before the cutoff separates the
 * accounts that later make money from those that do not; AUC answers it without a
 * threshold and equals sklearn.metrics.roc_auc_score.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { auc } from "./auc.ts";
 * auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]); // => 0.75
 * ```
 */
export function auc(scores: readonly number[], outcomes: readonly boolean[]): number {
  if (scores.length !== outcomes.length) {
    throw new RangeError(
      `auc needs one outcome per score, found ${scores.length} scores and ${outcomes.length} outcomes`,
    );
  }
  const { ranks } = averageRanks(scores);
  let nPos = 0, sumPos = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (outcomes[i]) {
      nPos++;
      sumPos += ranks[i];
    }
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (sumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg);
}

/**
 * Gini coefficient of a score: 2·AUC − 1 (Somers' D of score vs outcome).
 *
 * Why: credit-scoring convention, 0 for a random score and 1 for a perfect one.
 * Complexity: O(n log n), as {@link auc}.
 *
 * @example
 * ```ts
 * import { gini } from "./auc.ts";
 * gini([0.1, 0.4, 0.35, 0.8], [false, false, true, true]); // => 0.5
 * ```
 */
export function gini(scores: readonly number[], outcomes: readonly boolean[]): number {
  return 2 * auc(scores, outcomes) - 1;
}
