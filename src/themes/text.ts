/**
 * Normalisation, tokenisation and stemming for the auto-coder. Stems come from
 * the maintained `natural` package (Porter for English, Porter for French),
 * imported by subpath so that none of its storage back-ends load.
 *
 * @module
 */
// natural ships CommonJS without types; these subpaths hold only the stemmers.
// @ts-types="./natural_stemmer.d.ts"
import porterEn from "npm:natural@8.1.1/lib/natural/stemmers/porter_stemmer.js";
// @ts-types="./natural_stemmer.d.ts"
import porterFr from "npm:natural@8.1.1/lib/natural/stemmers/porter_stemmer_fr.js";

/** One word of a sentence: its surface form, normalised form and stem. */
export interface Token {
  /** the word as written */
  raw: string;
  /** lower case, typographic apostrophes straightened */
  norm: string;
  /** the stem, lower case, without diacritics */
  stem: string;
  /** offset of the word in the sentence text */
  start: number;
}

/** Words that negate what follows them (English and French). */
export const NEGATORS: ReadonlySet<string> = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "none",
  "nobody",
  "without",
  "hardly",
  "cannot",
  "cant",
  "dont",
  "didnt",
  "doesnt",
  "isnt",
  "wasnt",
  "werent",
  "arent",
  "wont",
  "wouldnt",
  "couldnt",
  "shouldnt",
  "havent",
  "hasnt",
  "hadnt",
  "lack",
  "ne",
  "pas",
  "jamais",
  "aucun",
  "aucune",
  "sans",
  "rien",
]);

/**
 * Removes diacritics (é → e) after Unicode decomposition.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { stripDiacritics } from "./text.ts";
 * stripDiacritics("données"); // => "donnees"
 * ```
 */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "");
}

/**
 * Lower-cases a text and straightens apostrophes and dashes, the normal form
 * the coder matches on. Complexity: O(length).
 *
 * @example
 * ```ts
 * import { normaliseText } from "./text.ts";
 * normaliseText("Didn’t LISTEN"); // => "didn't listen"
 * ```
 */
export function normaliseText(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/[’‘`´]/g, "'").replace(/[‐-―]/g, "-");
}

/**
 * The stem of one normalised word in a language ("en" default, "fr" French),
 * without diacritics. English contractions keep their negation: "didn't" →
 * "didnt". Complexity: O(word length).
 *
 * @example
 * ```ts
 * import { stemWord } from "./text.ts";
 * stemWord("appointments"); // => "appoint"
 * stemWord("données", "fr"); // => "don"
 * ```
 */
export function stemWord(word: string, language = "en"): string {
  const w = word.replace(/'/g, "");
  if (/^\d+$/.test(w)) return w;
  const stem = language === "fr" ? porterFr.stem(w) : porterEn.stem(w);
  return stripDiacritics(stem || w);
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/**
 * Splits a text into tokens with their stems. French elisions ("l'équipe") are
 * split at the apostrophe; English contractions ("don't") are kept whole.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { tokenize } from "./text.ts";
 * tokenize("The staff didn't listen").map((t) => t.stem); // => ["the", "staff", "didnt", "listen"]
 * ```
 */
export function tokenize(text: string, language = "en"): Token[] {
  const norm = normaliseText(text);
  const out: Token[] = [];
  for (const m of norm.matchAll(WORD)) {
    let word = m[0];
    let start = m.index!;
    if (language === "fr") {
      const el = /^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'(.+)$/.exec(word);
      if (el) {
        out.push({
          raw: text.slice(start, start + word.length - el[1].length - 1),
          norm: word.slice(0, word.length - el[1].length - 1),
          stem: word.slice(0, word.length - el[1].length - 1),
          start,
        });
        start += word.length - el[1].length;
        word = el[1];
      }
    }
    out.push({
      raw: text.slice(start, start + word.length),
      norm: word.replace(/'/g, ""),
      stem: stemWord(word, language),
      start,
    });
  }
  return out;
}
