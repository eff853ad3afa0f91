/**
 * ROC curve points and cumulative gain/lift by decile of a score for a binary outcome.
 *
 * @module
 */

/**
 * The ROC curve: (false-positive rate, true-positive rate) after each distinct
 * score, from the highest score down, starting at (0, 0) and ending at (1, 1).
 * Tied scores make one diagonal step, so the trapezoid area equals `auc()`.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { rocPoints } from "./roc.ts";
 * rocPoints([0.9, 0.1], [true, false]); // => [{fpr:0,tpr:0},{fpr:0,tpr:1},{fpr:1,tpr:1}]
 * ```
 */
export function rocPoints(
  scores: readonly number[],
  outcomes: readonly boolean[],
): { fpr: number; tpr: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const pos = outcomes.filter(Boolean).length, neg = outcomes.length - pos;
  const out = [{ fpr: 0, tpr: 0 }];
  if (!pos || !neg) return out;
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    for (let m = k; m <= end; m++) outcomes[order[m]] ? tp++ : fp++;
    out.push({ fpr: fp / neg, tpr: tp / pos });
    k = end + 1;
  }
  return out;
}

/**
 * Area under a piecewise-linear curve by the trapezoid rule.
 *
 * Why: the area under {@link rocPoints} is the AUC, ties counted as half.
 * Complexity: O(n) in the number of points.
 *
 * @example
 * ```ts
 * import { trapezoidArea } from "./roc.ts";
 * trapezoidArea([{ fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 1 }, { fpr: 1, tpr: 1 }]); // => 0.75
 * ```
 */
export function trapezoidArea(points: readonly { fpr: number; tpr: number }[]): number {
  let a = 0;
  for (let i = 1; i < points.length; i++) {
    a += (points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr) / 2;
  }
  return a;
}

/**
 * Cumulative gain and lift by decile: accounts sorted by score (highest first, ties
 * in input order), the share of all positives found in the top k tenths, and lift =
 * that share ÷ k/10.
 *
 * Why: the gains chart answers "how many of the churners are in our top 10%?".
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { gainByDecile } from "./roc.ts";
 * const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0];
 * const outcomes = scores.map((_, i) => i === 0 || i === 2);
 * gainByDecile(scores, outcomes)[0]; // => { decile: 1, gain: 0.5, lift: 5 }
 * ```
 */
export function gainByDecile(
  scores: readonly number[],
  outcomes: readonly boolean[],
): { decile: number; gain: number; lift: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const pos = outcomes.filter(Boolean).length;
  const out: { decile: number; gain: number; lift: number }[] = [];
  for (let d = 1; d <= 10; d++) {
    const k = Math.round(order.length * d / 10);
    let found = 0;
    for (let i = 0; i < k; i++) if (outcomes[order[i]]) found++;
    const gain = pos ? found / pos : NaN;
    out.push({ decile: d, gain, lift: gain / (d / 10) });
  }
  return out;
}
