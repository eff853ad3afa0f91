/**
 * Suggestions for the next round of human coding: uncoded answers ranked by
 * how uncertain the learned coder is about them (uncertainty sampling; Lewis &
 * Gale 1994, "A sequential algorithm for training text classifiers", SIGIR).
 *
 * @module
 */

/** One suggested answer: the theme the model is least sure of, and how unsure. */
export interface Suggestion {
  rank: number;
  answer_id: string;
  theme_id: string;
  probability: number;
  threshold: number;
  /** 1 at the threshold, 0 at probability 0 or 1: 1 − |p − t| / (t when p < t, else 1 − t) */
  uncertainty: number;
}

/**
 * The uncertainty of a probability against its threshold, scaled to [0, 1]:
 * 1 at the threshold, falling linearly to 0 at 0 and at 1. Complexity: O(1).
 *
 * @example
 * ```ts
 * import { thresholdUncertainty } from "./suggest.ts";
 * thresholdUncertainty(0.3, 0.3); // => 1
 * thresholdUncertainty(0.65, 0.3); // => 0.5
 * ```
 */
export function thresholdUncertainty(p: number, threshold: number): number {
  const span = p < threshold ? threshold : 1 - threshold;
  return span > 0 ? 1 - Math.abs(p - threshold) / span : 0;
}

/**
 * Ranks answers by their most uncertain theme (highest first; ties by answer
 * id), over the model's themes with a threshold, skipping the answers in
 * `skip` (e.g. those a human already coded). At most `limit` answers.
 * Complexity: O(answers × themes + answers log answers).
 *
 * @example
 * ```ts
 * import { uncertaintySuggestions } from "./suggest.ts";
 * const model = { themes: [{ theme_id: "t", threshold: 0.5 }] };
 * const p = new Map([["t", Float64Array.of(0.9, 0.45)]]);
 * uncertaintySuggestions(model, ["a", "b"], p)[0].answer_id; // => "b"
 * ```
 */
export function uncertaintySuggestions(
  model: { themes: readonly { theme_id: string; threshold: number }[] },
  answerIds: readonly string[],
  probabilities: ReadonlyMap<string, ArrayLike<number>>,
  skip: ReadonlySet<string> = new Set(),
  limit = 200,
): Suggestion[] {
  const themes = model.themes.filter((t) => Number.isFinite(t.threshold));
  const out: Omit<Suggestion, "rank">[] = [];
  answerIds.forEach((answer_id, i) => {
    if (skip.has(answer_id)) return;
    let best: Omit<Suggestion, "rank"> | null = null;
    for (const t of themes) {
      const p = probabilities.get(t.theme_id)?.[i];
      if (p === undefined) continue;
      const u = thresholdUncertainty(p, t.threshold);
      if (!best || u > best.uncertainty) {
        best = {
          answer_id,
          theme_id: t.theme_id,
          probability: p,
          threshold: t.threshold,
          uncertainty: u,
        };
      }
    }
    if (best) out.push(best);
  });
  out.sort((a, b) => b.uncertainty - a.uncertainty || (a.answer_id < b.answer_id ? -1 : 1));
  return out.slice(0, limit).map((s, k) => ({ rank: k + 1, ...s }));
}
