/**
 * TF-IDF term vectors and their cosine similarity, over already tokenised
 * documents (lists of terms: stems, word pairs …).
 *
 * Reference: Salton & Buckley (1988), "Term-weighting approaches in automatic
 * text retrieval", Information Processing & Management 24(5); the weighting
 * here is scikit-learn's `TfidfVectorizer` default (raw counts, smoothed idf
 * `ln((1 + n) / (1 + df)) + 1`, each vector scaled to unit length), checked
 * against it in `tests/themes/tfidf_test.ts`.
 *
 * @module
 */

/** A sparse term vector: term → weight. */
export type TermVector = Map<string, number>;

/**
 * Smoothed inverse document frequencies of every term of a corpus:
 * `idf(t) = ln((1 + n) / (1 + df(t))) + 1`. Complexity: O(total terms).
 *
 * @example
 * ```ts
 * import { inverseDocumentFrequency } from "./tfidf.ts";
 * inverseDocumentFrequency([["a", "b"], ["a"]]).get("a"); // => 1
 * ```
 */
export function inverseDocumentFrequency(
  docs: readonly (readonly string[])[],
): Map<string, number> {
  const n = docs.length;
  return new Map([...documentFrequencies(docs)].map(([t, k]) => [t, smoothedIdf(n, k)]));
}

/**
 * Document frequency of every term: in how many documents it occurs.
 * Complexity: O(total terms).
 *
 * @example
 * ```ts
 * import { documentFrequencies } from "./tfidf.ts";
 * documentFrequencies([["a", "a", "b"], ["a"]]).get("a"); // => 2
 * ```
 */
export function documentFrequencies(docs: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/**
 * sklearn's smoothed idf of a term in `df` of `n` documents:
 * `ln((1 + n) / (1 + df)) + 1` (the one definition; the learned coder's
 * features use it too). Complexity: O(1).
 *
 * @example
 * ```ts
 * import { smoothedIdf } from "./tfidf.ts";
 * smoothedIdf(1, 1); // => 1
 * ```
 */
export function smoothedIdf(n: number, df: number): number {
  return Math.log((1 + n) / (1 + df)) + 1;
}

/**
 * The TF-IDF vector of one document under given idf weights (terms without an
 * idf are left out), scaled to unit Euclidean length (an empty vector stays
 * empty). Complexity: O(terms of the document).
 *
 * @example
 * ```ts
 * import { inverseDocumentFrequency, tfidfVector } from "./tfidf.ts";
 * const idf = inverseDocumentFrequency([["data", "drift"], ["data"]]);
 * tfidfVector(["data", "data"], idf).get("data"); // => 1
 * ```
 */
export function tfidfVector(doc: readonly string[], idf: ReadonlyMap<string, number>): TermVector {
  const v: TermVector = new Map();
  for (const t of doc) {
    const w = idf.get(t);
    if (w !== undefined) v.set(t, (v.get(t) ?? 0) + w);
  }
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  if (norm > 0) { for (const [t, x] of v) v.set(t, x / norm); }
  return v;
}

/**
 * Cosine similarity of two unit-length sparse vectors (their dot product); 0
 * when either is empty. Complexity: O(min(|a|, |b|)).
 *
 * @example
 * ```ts
 * import { cosine } from "./tfidf.ts";
 * cosine(new Map([["a", 1]]), new Map([["a", 0.6], ["b", 0.8]])); // => 0.6
 * ```
 */
export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, x] of small) {
    const y = large.get(t);
    if (y !== undefined) s += x * y;
  }
  return s;
}
