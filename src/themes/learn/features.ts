/**
 * Text features of the learned coder: stems of words and of adjacent word
 * pairs, weighted by TF-IDF with sublinear term frequency and l2-normalised
 * rows — the features of sklearn's `TfidfVectorizer(ngram_range=(1, 2),
 * sublinear_tf=True, min_df=k)` on the same tokens (Manning, Raghavan &
 * Schütze 2008, "Introduction to Information Retrieval", §6.2–6.4).
 *
 * @module
 */
import { tokenize } from "../text.ts";
import { documentFrequencies, smoothedIdf } from "../tfidf.ts";
import { type SparseRows, sparseRows } from "./sparse.ts";

/**
 * The terms of one answer: its word stems (the coder's tokenizer and Porter
 * stemmer) and every adjacent pair of stems joined by a space.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { answerTerms } from "./features.ts";
 * answerTerms("Rude staff"); // => ["rude", "staff", "rude staff"]
 * ```
 */
export function answerTerms(text: string, language = "en"): string[] {
  return stemTerms(tokenize(text, language === "fr" ? "fr" : "en").map((t) => t.stem));
}

/**
 * Unigram and bigram terms of a stem sequence: the stems, then each adjacent
 * pair joined by a space (sklearn's `ngram_range=(1, 2)` order).
 * Complexity: O(stems).
 *
 * @example
 * ```ts
 * import { stemTerms } from "./features.ts";
 * stemTerms(["rude", "staff"]); // => ["rude", "staff", "rude staff"]
 * ```
 */
export function stemTerms(stems: readonly string[]): string[] {
  return [...stems, ...stems.slice(1).map((s, i) => `${stems[i]} ${s}`)];
}

/** A fitted TF-IDF vocabulary: terms (sorted), their column and smoothed idf. */
export interface TfidfVocabulary {
  terms: string[];
  index: Map<string, number>;
  /** idf = ln((1 + n) / (1 + df)) + 1, sklearn's smoothed idf */
  idf: Float64Array;
  /** documents the vocabulary was fitted on, and the minimum document frequency */
  documents: number;
  min_df: number;
}

/**
 * Fits the vocabulary on term lists: the terms in at least `minDf` documents,
 * sorted, with smoothed idf. Complexity: O(total terms + V log V).
 *
 * @example
 * ```ts
 * import { fitTfidf } from "./features.ts";
 * fitTfidf([["a", "b"], ["a"]], 1).terms; // => ["a", "b"]
 * ```
 */
export function fitTfidf(docs: readonly (readonly string[])[], minDf = 2): TfidfVocabulary {
  const df = documentFrequencies(docs);
  const terms = [...df].filter(([, c]) => c >= minDf).map(([t]) => t).sort();
  const n = docs.length;
  const idf = Float64Array.from(terms, (t) => smoothedIdf(n, df.get(t)!));
  return { terms, index: new Map(terms.map((t, i) => [t, i])), idf, documents: n, min_df: minDf };
}

/**
 * TF-IDF rows of term lists: weight (1 + ln tf) · idf per known term, each row
 * scaled to unit l2 norm (an empty row stays empty). Complexity: O(total terms).
 *
 * @example
 * ```ts
 * import { fitTfidf, tfidfRows } from "./features.ts";
 * const v = fitTfidf([["a", "b"], ["a"]], 1);
 * tfidfRows(v, [["a", "a"]]).val; // => Float64Array [1]
 * ```
 */
export function tfidfRows(
  vocab: TfidfVocabulary,
  docs: readonly (readonly string[])[],
): SparseRows {
  return sparseRows(
    docs.map((d) => {
      const tf = new Map<number, number>();
      for (const t of d) {
        const j = vocab.index.get(t);
        if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
      }
      const row = [...tf].map(([j, c]) =>
        [j, (1 + Math.log(c)) * vocab.idf[j]] as [number, number]
      );
      const norm = Math.sqrt(row.reduce((s, [, v]) => s + v * v, 0));
      return row.map(([j, v]) => [j, v / norm] as [number, number]);
    }),
    vocab.terms.length,
  );
}
