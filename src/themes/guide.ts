/**
 * Interview guides: the questions an interviewer works through, with ids
 * (`Q1`, `Q2.1`, `Q5.3.a`), their text and their parent. Read from the text
 * form of a guide (each question opens with its id in brackets, `[Q3.2] Have
 * you ever measured …`, and runs to the next id) or from the `questions` list
 * of a codebook or guide file in YAML or JSON (`[{id, text}]`).
 *
 * @module
 */
import { parse as parseYaml } from "npm:yaml@2.9.1";
import { DataError } from "../io/errors.ts";
import { readTextChunks } from "../io/source.ts";
import { mulberry32 } from "../util/random.ts";

/** One question of a guide. */
export interface GuideQuestion {
  id: string;
  /** the question's own text (for a parent: up to its first sub-question), whitespace collapsed */
  text: string;
  /** the id it is a sub-question of (`Q3` for `Q3.1`), when the guide has it */
  parent: string | null;
  /** 1-based line where the question starts (0 for a list entry) */
  line: number;
}

/** A guide: where it comes from and its questions in the order they are asked. */
export interface Guide {
  source: string;
  questions: GuideQuestion[];
  /** abbreviations the guide defines ("Machine Learning Software Systems (MLSSs)" → MLSS) */
  abbreviations: Record<string, string>;
  /** the text before the first question (introduction, background), whitespace collapsed */
  preamble: string;
}

/**
 * Abbreviations a text defines as "Words Of The Name (WOTN)" (an optional
 * plural "s" after the letters): the capitals must be the initials of the words
 * just before. Complexity: O(length).
 *
 * @example
 * ```ts
 * import { definedAbbreviations } from "./guide.ts";
 * definedAbbreviations("any Machine Learning Software Systems (MLSSs) and subject matter experts (SME)");
 * // => { MLSS: "Machine Learning Software Systems", SME: "subject matter experts" }
 * ```
 */
export function definedAbbreviations(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/\((\p{Lu}{2,8})s?\)/gu)) {
    const abbr = m[1];
    const words = text.slice(Math.max(0, m.index! - 200), m.index!).trim().split(/\s+/);
    const name = words.slice(-abbr.length);
    if (
      name.length === abbr.length &&
      name.every((w, i) => w[0]?.toUpperCase() === abbr[i])
    ) out[abbr] = name.join(" ");
  }
  return out;
}

const MARKER = /\[(Q\d+(?:\.[0-9A-Za-z]+)*)\]/g;

/** Removes list numbering ("1.", "a.", "b)") and collapses whitespace. */
function cleanText(s: string): string {
  return s.replace(/(^|\s)(?:\d{1,2}|[a-z])[.)](?=\s|$)/g, " ").replace(/\s+/g, " ").trim();
}

/** The parent id of a question id present in `ids` (`Q5.3.a` → `Q5.3`, else `Q5`), or null. */
function parentOf(id: string, ids: ReadonlySet<string>): string | null {
  const parts = id.split(".");
  for (let k = parts.length - 1; k >= 1; k--) {
    const p = parts.slice(0, k).join(".");
    if (ids.has(p)) return p;
  }
  return null;
}

/**
 * Parses the text form of a guide: every `[Qn]`, `[Qn.m]` … marker opens a
 * question whose text runs to the next marker (list numbering dropped,
 * whitespace collapsed). Throws a DataError naming the file and line for a
 * duplicate id or a guide with no marker. Complexity: O(length).
 *
 * @example
 * ```ts
 * import { parseGuideText } from "./guide.ts";
 * const g = parseGuideText("[Q1] Why?\n[Q2] Data\n 1. [Q2.1] Which data?", "g.txt");
 * g.questions.map((q) => [q.id, q.text, q.parent]);
 * // => [["Q1", "Why?", null], ["Q2", "Data", null], ["Q2.1", "Which data?", "Q2"]]
 * ```
 */
export function parseGuideText(text: string, file: string): Guide {
  const marks = [...text.matchAll(MARKER)];
  if (!marks.length) {
    throw new DataError(
      `${file}: no guide questions found, expected ids in brackets such as [Q1] or [Q2.1]`,
      file,
    );
  }
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const ids = new Set<string>();
  const raw = marks.map((m, i) => {
    const id = m[1];
    const line = lineAt(m.index!);
    if (ids.has(id)) {
      throw new DataError(`${file}:${line}: duplicate guide question id [${id}]`, file, line);
    }
    ids.add(id);
    const end = i + 1 < marks.length ? marks[i + 1].index! : text.length;
    return { id, line, text: cleanText(text.slice(m.index! + m[0].length, end)) };
  });
  return {
    source: file,
    questions: raw.map((q) => ({ ...q, parent: parentOf(q.id, ids) })),
    abbreviations: definedAbbreviations(text),
    preamble: cleanText(text.slice(0, marks[0].index!)),
  };
}

/**
 * A guide from a list of `{id, text}` questions (a codebook's `questions`).
 * Complexity: O(questions).
 *
 * @example
 * ```ts
 * import { guideFromQuestions } from "./guide.ts";
 * import { loadCodebook } from "./codebook.ts";
 * const cb = await loadCodebook("data/codebooks/coop-plan.yaml");
 * guideFromQuestions(cb.questions, "coop-plan.yaml").questions.length; // => 7
 * ```
 */
export function guideFromQuestions(
  questions: readonly { id: string; text: string }[],
  source: string,
): Guide {
  const ids = new Set(questions.map((q) => q.id));
  return {
    source,
    questions: questions.map((q) => ({
      id: q.id,
      text: cleanText(q.text),
      parent: parentOf(q.id, ids),
      line: 0,
    })),
    abbreviations: definedAbbreviations(questions.map((q) => q.text).join("\n")),
    preamble: "",
  };
}

/** Checks a parsed YAML/JSON guide: a `questions` list of `{id, text}` with unique ids. */
function questionsOf(raw: unknown, file: string): { id: string; text: string }[] {
  const list = (raw as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(list) || !list.length) {
    throw new DataError(
      `${file}: questions: expected a non-empty list of {id, text}, found ${
        list === undefined ? "no questions" : JSON.stringify(list).slice(0, 60)
      }`,
      file,
    );
  }
  const seen = new Set<string>();
  return list.map((q, i) => {
    const id = (q as { id?: unknown })?.id;
    const text = (q as { text?: unknown })?.text;
    if ((typeof id !== "string" && typeof id !== "number") || typeof text !== "string") {
      throw new DataError(
        `${file}: questions[${i}]: expected {id, text}, found ${JSON.stringify(q).slice(0, 60)}`,
        file,
      );
    }
    if (seen.has(String(id))) {
      throw new DataError(`${file}: questions[${i}].id: duplicate question id "${id}"`, file);
    }
    seen.add(String(id));
    return { id: String(id), text };
  });
}

/**
 * Reads a guide file: `.yaml`, `.yml` or `.json` (a codebook or any file with
 * a `questions` list of `{id, text}`), else the text form (`.txt`, `.txt.gz`,
 * `.md` …, read by {@linkcode parseGuideText}). Throws a DataError naming the
 * file for an unreadable or empty guide.
 *
 * @example
 * ```ts
 * import { loadGuide } from "./guide.ts";
 * const g = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * g.questions.find((q) => q.id === "Q3.2")?.text; // "Have you ever measured the quality of your data …"
 * ```
 */
export async function loadGuide(file: string): Promise<Guide> {
  let text = "";
  try {
    for await (const chunk of readTextChunks(file)) text += chunk;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${file}: cannot read the guide (${(e as Error).message})`, file);
  }
  if (/\.(ya?ml|json)$/i.test(file)) {
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (e) {
      throw new DataError(
        `${file}: not YAML or JSON (${(e as Error).message.split("\n")[0]})`,
        file,
      );
    }
    return guideFromQuestions(questionsOf(raw, file), file);
  }
  return parseGuideText(text, file);
}

/**
 * A null guide for checking an alignment: the same ids and question lengths,
 * but every question's words drawn by a seeded Fisher–Yates shuffle of all the
 * guide's words, so each question keeps the study's vocabulary and loses its
 * meaning. An alignment that works as well on it aligns on vocabulary, not on
 * questions. Complexity: O(words).
 *
 * @example
 * ```ts
 * import { parseGuideText, shuffledGuide } from "./guide.ts";
 * const g = parseGuideText("[Q1] Which data do you use?\n[Q2] How is the model deployed?", "g.txt");
 * shuffledGuide(g, 7).questions.map((q) => q.text.split(" ").length); // => [5, 5]
 * ```
 */
export function shuffledGuide(guide: Guide, seed: number): Guide {
  const rng = mulberry32(seed);
  const words = guide.questions.map((q) => q.text.split(" ").filter(Boolean));
  const pool = words.flat();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  let at = 0;
  return {
    source: `${guide.source} (words shuffled, seed ${seed})`,
    questions: guide.questions.map((q, i) => {
      const text = pool.slice(at, at + words[i].length).join(" ");
      at += words[i].length;
      return { ...q, text };
    }),
    abbreviations: guide.abbreviations,
    preamble: guide.preamble,
  };
}
