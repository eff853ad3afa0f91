/**
 * The candidate closest to a mistyped word, for "did you mean …?": the one with the
 * smallest optimal-string-alignment distance (Levenshtein with adjacent transpositions,
 * Damerau 1964; `reprot` → `report` is 1), if it is at most ⌈length ÷ 3⌉ (at least 1),
 * else undefined. Ties go to the earlier candidate.
 *
 * Complexity: O(Σ |word| × |candidate|).
 *
 * @example
 * ```ts
 * import { closest } from "./closest.ts";
 * closest("reprot", ["report", "rv", "segments"]); // => "report"
 * closest("dat", ["data", "out"]); // => "data"
 * closest("zzzz", ["report", "rv"]); // => undefined
 * ```
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.ceil(word.length / 3));
  let best: string | undefined, bestD = Infinity;
  for (const c of candidates) {
    const d = osaDistance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= limit ? best : undefined;
}

/** Optimal string alignment distance of a and b (edits, adjacent swaps count 1). */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
