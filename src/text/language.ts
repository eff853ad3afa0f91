/**
 * A small, deterministic language guess from stop-word profiles, enough to flag
 * the odd transcript or comment that is not in the study's main language.
 *
 * @module
 */

const PROFILES: Record<string, string[]> = {
  en: [
    "the",
    "and",
    "is",
    "to",
    "of",
    "it",
    "that",
    "in",
    "you",
    "we",
    "was",
    "for",
    "with",
    "this",
    "but",
    "not",
    "are",
    "have",
  ],
  fr: [
    "le",
    "la",
    "les",
    "et",
    "est",
    "un",
    "une",
    "des",
    "que",
    "qui",
    "pas",
    "pour",
    "dans",
    "ce",
    "on",
    "c'est",
    "je",
    "du",
  ],
  de: [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "ein",
    "eine",
    "ich",
    "wir",
    "zu",
    "mit",
    "auf",
    "für",
    "es",
    "sie",
  ],
  es: [
    "el",
    "la",
    "los",
    "las",
    "y",
    "es",
    "que",
    "de",
    "en",
    "un",
    "una",
    "por",
    "con",
    "no",
    "para",
    "lo",
  ],
  nl: [
    "de",
    "het",
    "een",
    "en",
    "is",
    "van",
    "dat",
    "niet",
    "ik",
    "we",
    "op",
    "met",
    "voor",
    "zijn",
    "ook",
  ],
};

/**
 * The language of a text as an ISO 639-1 code ("en", "fr", "de", "es", "nl"), or
 * "und" when there are too few stop words to tell (under 5).
 *
 * Complexity: O(words).
 *
 * @example
 * ```ts
 * import { detectLanguage } from "./language.ts";
 * detectLanguage("C'est un catalogue de problèmes de qualité pour les systèmes"); // => "fr"
 * ```
 */
export function detectLanguage(text: string): string {
  const words = text.toLowerCase().replace(/[’]/g, "'").split(/[^\p{L}']+/u);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const [lang, list] of Object.entries(PROFILES)) {
    const set = new Set(list);
    counts[lang] = words.filter((w) => set.has(w)).length;
    total = Math.max(total, counts[lang]);
  }
  if (total < 5) return "und";
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}
