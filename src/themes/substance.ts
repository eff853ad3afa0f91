/**
 * How much a sentence says: spoken fillers ("um", "uh", "like", "you know"),
 * stuttered repeats ("the, the, the") and content words (not a stop word, not a
 * filler). Used to choose quotes that carry substance and to leave fillers out
 * of the guide alignment's term vectors.
 *
 * Reference: the filler and discourse-marker classes of spoken English follow
 * Biber et al. (1999), _Longman Grammar of Spoken and Written English_, ch. 14
 * (inserts: hesitators "uh", "um"; discourse markers "you know", "I mean",
 * "like"); the stop words are the usual closed-class words (articles,
 * pronouns, auxiliaries, prepositions, conjunctions) of English and French.
 *
 * @module
 */
import { normaliseText } from "./text.ts";

/** Single-word fillers and hesitations (English and French). */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  "um",
  "umm",
  "uh",
  "uhm",
  "uhh",
  "erm",
  "er",
  "hmm",
  "mm",
  "mhm",
  "ah",
  "oh",
  "like",
  "yeah",
  "yep",
  "okay",
  "ok",
  "alright",
  "basically",
  "euh",
  "bah",
  "ben",
  "bon",
  "voilà",
  "voila",
]);

/** Two-word fillers, written as "first second". */
export const FILLER_PAIRS: ReadonlySet<string> = new Set([
  "you know",
  "i mean",
  "kind of",
  "sort of",
  "let's say",
  "en fait",
  "du coup",
]);

/** Closed-class words of English and French: no content of their own. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an the and or but if then so as of at by for from in into on onto to with without about " +
    "over under up down out off than too very just also really quite much many more most some any " +
    "all each every both either neither no nor not only own same such this that these those there " +
    "here what which who whom whose when where why how is am are was were be been being have has " +
    "had having do does did doing done will would shall should can could may might must i me my " +
    "mine we us our ours you your yours he him his she her hers it its they them their theirs " +
    "myself yourself itself ourselves themselves i'm i've i'd i'll you're you've we're we've it's " +
    "that's there's they're don't didn't doesn't isn't wasn't aren't can't won't let's get got go " +
    "going gonna wanna thing things something anything everything one two way lot lots well right " +
    "yes now still even again maybe actually say said says tell told mean know think see " +
    "le la les un une des du de d l et ou mais donc car ni que qui quoi dont où ce cet cette ces " +
    "mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous vous " +
    "ils elles me m te t se s lui y en au aux dans par pour sur sous avec sans chez est sont était " +
    "être avoir ai as a avons avez ont fait faire va vais aussi très plus moins bien tout tous " +
    "toute toutes pas ne n qu c ça cela ceci oui non alors comme si")
    .split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a sentence, normalised (lower case, straight apostrophes). Complexity: O(length). */
function words(text: string): string[] {
  return [...normaliseText(text).matchAll(WORD)].map((m) => m[0]);
}

/** What {@linkcode substance} finds in a sentence. */
export interface Substance {
  /** words in the sentence */
  words: number;
  /** filler words, words of filler pairs and immediate repeats ("the, the") */
  fillers: number;
  /** fillers / words (0 for an empty sentence) */
  filler_ratio: number;
  /** distinct content words (letters, at least 3 long, neither a stop word nor a filler) */
  content: string[];
}

/**
 * Measures a sentence's fillers and content words. A word counts as a filler
 * when it is a filler word, part of a filler pair, or the same as the word
 * before it (a stutter). Complexity: O(length).
 *
 * @example
 * ```ts
 * import { substance } from "./substance.ts";
 * const s = substance("Um, we really like, uh, L G B. Um, models for, uh, the, Pytorch.");
 * s.filler_ratio > 0.3; // => true
 * substance("We retrain the model every week on fresh sales data.").filler_ratio; // => 0
 * ```
 */
export function substance(text: string): Substance {
  const w = words(text);
  const filler = new Array<boolean>(w.length).fill(false);
  for (let i = 0; i < w.length; i++) {
    if (FILLER_WORDS.has(w[i]) || (i > 0 && w[i] === w[i - 1])) filler[i] = true;
    if (i > 0 && FILLER_PAIRS.has(`${w[i - 1]} ${w[i]}`)) filler[i] = filler[i - 1] = true;
  }
  const fillers = filler.filter(Boolean).length;
  const content = [
    ...new Set(
      w.filter((x, i) =>
        !filler[i] && x.length >= 3 && /^\p{L}/u.test(x) && !STOP_WORDS.has(x) &&
        !FILLER_WORDS.has(x)
      ),
    ),
  ];
  return { words: w.length, fillers, filler_ratio: w.length ? fillers / w.length : 0, content };
}

/**
 * Jaccard similarity of two sentences' content words: 1 for the same words,
 * 0 for none shared (and for two sentences without content words).
 * Complexity: O(words).
 *
 * @example
 * ```ts
 * import { contentOverlap } from "./substance.ts";
 * contentOverlap("The data was missing values.", "Um, the data was, like, missing values."); // => 1
 * ```
 */
export function contentOverlap(a: string, b: string): number {
  const x = new Set(substance(a).content);
  const y = new Set(substance(b).content);
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  const union = x.size + y.size - both;
  return union ? both / union : 0;
}
