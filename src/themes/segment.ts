/**
 * Segmentation of answers into turns (paragraphs or speaker turns) and
 * sentences, with a language flag per answer, the units the coder works on.
 *
 * @module
 */
import { detectLanguage } from "../text/language.ts";
import type { TranscriptAnswer } from "../io/schema.ts";

/** One answer (a row of the transcripts table) with an id and any extra columns. */
export interface AnswerRow extends Omit<TranscriptAnswer, "extra"> {
  /** unique id of the answer: the comment id, or `respondent#n` */
  answer_id: string;
  /** where it comes from (file and line), for quotes */
  source: string;
  /** extra columns of the row (scores, human codes …) as text */
  extra: Record<string, string | null>;
}

/** One sentence of an answer. */
export interface Sentence {
  answer_id: string;
  /** 0-based turn (paragraph) within the answer */
  turn: number;
  /** 0-based sentence within the answer */
  index: number;
  text: string;
}

/** An answer split into sentences, with its language and whether that is the study's main one. */
export interface Segmented {
  answer: AnswerRow;
  language: string;
  /** true when the language differs from the main language of all answers */
  language_flag: boolean;
  sentences: Sentence[];
}

const ABBREVIATIONS = new Set([
  "e.g",
  "i.e",
  "etc",
  "dr",
  "mr",
  "mrs",
  "ms",
  "vs",
  "approx",
  "dept",
  "no",
  "st",
  "cf",
  "p.ex",
  "m",
  "mme",
]);

/**
 * Splits one paragraph into sentences at `.`, `!`, `?`, `…` (and runs of them)
 * followed by a space and not preceded by a known abbreviation or a single
 * initial. Complexity: O(length).
 *
 * @example
 * ```ts
 * import { splitSentences } from "./segment.ts";
 * splitSentences("Great staff. Waited 3 hrs, e.g. too long! Why?"); // => ["Great staff.", "Waited 3 hrs, e.g. too long!", "Why?"]
 * ```
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?…]+["')\]]*(?=\s+|$)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index! + m[0].length;
    const before = text.slice(last, m.index!);
    const word = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? "";
    if (m[0] === "." && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    const s = text.slice(last, end).trim();
    if (s) out.push(s);
    last = end;
  }
  const rest = text.slice(last).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * Splits an answer into turns (blank-line or line-break separated paragraphs:
 * the transcript reader joins a speaker's consecutive turns with line breaks)
 * and those into sentences. Complexity: O(length).
 *
 * @example
 * ```ts
 * import { splitAnswer } from "./segment.ts";
 * splitAnswer("a", "One. Two.\nThree").map((s) => [s.turn, s.index, s.text]);
 * // => [[0, 0, "One."], [0, 1, "Two."], [1, 2, "Three"]]
 * ```
 */
export function splitAnswer(answerId: string, text: string): Sentence[] {
  const out: Sentence[] = [];
  text.split(/\r?\n\s*/).map((p) => p.trim()).filter((p) => p !== "").forEach((p, turn) => {
    for (const s of splitSentences(p)) {
      out.push({ answer_id: answerId, turn, index: out.length, text: s });
    }
  });
  return out;
}

/**
 * The most common value of a list (ties: alphabetical first), or "und" for none.
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { mainLanguage } from "./segment.ts";
 * mainLanguage(["en", "fr", "en", "und"]); // => "en"
 * ```
 */
export function mainLanguage(languages: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of languages) if (l !== "und") counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "und";
}

/**
 * Segments answers: sentences per answer, the language (the row's own, else
 * detected on the answer; an answer too short to tell takes its respondent's
 * language), and a flag on answers not in the main language.
 *
 * Complexity: O(total text length).
 *
 * @example
 * ```ts
 * import { segmentAnswers } from "./segment.ts";
 * import { readAnswers } from "./input.ts";
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const segs = segmentAnswers(rows);
 * segs.filter((s) => s.language_flag).map((s) => s.answer.respondent_id);
 * ```
 */
export function segmentAnswers(rows: readonly AnswerRow[]): Segmented[] {
  const detected = rows.map((r) => r.language?.trim() || detectLanguage(r.answer));
  const byRespondent = new Map<string, string[]>();
  rows.forEach((r, i) => {
    const list = byRespondent.get(r.respondent_id) ?? [];
    list.push(detected[i]);
    byRespondent.set(r.respondent_id, list);
  });
  const respondentLang = new Map(
    [...byRespondent].map(([k, v]) => [k, mainLanguage(v)]),
  );
  const langs = rows.map((r, i) =>
    detected[i] === "und" ? respondentLang.get(r.respondent_id) ?? "und" : detected[i]
  );
  const main = mainLanguage(langs);
  return rows.map((r, i) => ({
    answer: r,
    language: langs[i],
    language_flag: langs[i] !== "und" && main !== "und" && langs[i] !== main,
    sentences: splitAnswer(r.answer_id, r.answer),
  }));
}
