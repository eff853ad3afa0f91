/**
 * Reading a folder of interview transcripts written as speaker turns
 * (`Interviewer 1: …`, `Interviewee : …`), as the data model's `transcripts/`
 * folder and the shared ML-practitioner interviews are.
 *
 * A line starting with a short name (at most 4 words, 40 characters) and a colon
 * opens a turn when that name opens at least two lines of the file; other lines
 * continue the current turn. Interviewer turns are questions; each run of
 * respondent turns after a question is one answer to it.
 *
 * @module
 */
import { basename, join } from "node:path";
import { readTextChunks } from "./source.ts";
import { detectLanguage } from "../text/language.ts";
import type { TranscriptAnswer } from "./schema.ts";

/** One speaker turn. */
export interface Turn {
  file: string;
  /** 1-based line where the turn starts */
  line: number;
  speaker: string;
  text: string;
}

/** Options for the transcript readers. */
export interface TranscriptOptions {
  /** which speakers ask the questions; default: names with "interview(er|eur)", "moderator" or "facilitator" */
  interviewer?: RegExp;
}

const DEFAULT_INTERVIEWER = /interview(er|eur)|moderat|facilitat/i;
const SPEAKER = /^\s*([\p{L}\p{N}][\p{L}\p{N} ._'-]{0,39}?)\s*:\s?(.*)$/u;

/**
 * Splits one transcript into speaker turns.
 *
 * Complexity: O(length of the text).
 *
 * @example
 * ```ts
 * import { splitTurns } from "./transcripts.ts";
 * splitTurns("Interviewer: Why?\nAnn: Because.\nMore.\nInterviewer: Thanks.\nAnn: Bye.", "t.txt");
 * // => [{speaker: "Interviewer", text: "Why?", line: 1}, {speaker: "Ann", text: "Because.\nMore.", line: 2}, …]
 * // (a speaker is a name that opens at least two lines)
 * ```
 */
export function splitTurns(text: string, file: string): Turn[] {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const opens = new Map<string, number>();
  for (const l of lines) {
    const m = SPEAKER.exec(l);
    if (m && m[1].trim().split(/\s+/).length <= 4) {
      opens.set(m[1].trim(), (opens.get(m[1].trim()) ?? 0) + 1);
    }
  }
  const speakers = new Set([...opens].filter(([, n]) => n >= 2).map(([s]) => s));
  const turns: Turn[] = [];
  lines.forEach((l, i) => {
    const m = SPEAKER.exec(l);
    if (m && speakers.has(m[1].trim())) {
      turns.push({ file, line: i + 1, speaker: m[1].trim(), text: m[2] });
    } else if (turns.length) turns[turns.length - 1].text += "\n" + l;
    else if (l.trim()) turns.push({ file, line: i + 1, speaker: "", text: l });
  });
  for (const t of turns) t.text = t.text.trim();
  return turns.filter((t) => t.text !== "");
}

/**
 * Turns of one transcript into question–answer rows of the transcripts table:
 * respondent_id = the file name without extension, role = the respondent's
 * speaker name, question = the interviewer's turns since the last answer (joined
 * by line breaks), answer = the respondent's
 * consecutive turns after it, language = detected per transcript.
 *
 * Why: interview transcripts become rows of the same table as survey answers.
 * Complexity: O(total text length).
 *
 * @example
 * ```ts
 * import { splitTurns, turnsToAnswers } from "./transcripts.ts";
 * const text = "Interviewer: Why?\nAnn: Because.\nInterviewer: And then?\nAnn: We left.";
 * const rows = turnsToAnswers(splitTurns(text, "ann.txt"), "ann");
 * rows.map((r) => [r.question_id, r.answer]); // => [["q1", "Because."], ["q2", "We left."]]
 * ```
 */
export function turnsToAnswers(
  turns: readonly Turn[],
  respondent: string,
  options: TranscriptOptions = {},
): (TranscriptAnswer & { line: number })[] {
  const isInterviewer = (s: string) => (options.interviewer ?? DEFAULT_INTERVIEWER).test(s);
  const language = detectLanguage(turns.map((t) => t.text).join(" ").slice(0, 20_000));
  const out: (TranscriptAnswer & { line: number })[] = [];
  let question: string | null = null;
  let qIndex = 0;
  let lastWasInterviewer = false;
  let current: (TranscriptAnswer & { line: number }) | null = null;
  for (const t of turns) {
    if (isInterviewer(t.speaker)) {
      // consecutive interviewer turns ("Thanks." then the next question) form one question
      question = lastWasInterviewer && question !== null ? question + "\n" + t.text : t.text;
      lastWasInterviewer = true;
      qIndex++;
      current = null;
      continue;
    }
    lastWasInterviewer = false;
    if (current && current.role === (t.speaker || null)) {
      current.answer += "\n" + t.text;
      continue;
    }
    current = {
      respondent_id: respondent,
      company_id: null,
      role: t.speaker || null,
      question_id: qIndex ? `q${qIndex}` : null,
      question,
      answer: t.text,
      language,
      line: t.line,
    };
    out.push(current);
  }
  return out;
}

/**
 * Reads every `.txt` / `.txt.gz` file of a folder (sorted by name) into answer rows.
 *
 * Why: a folder of interview notes is one transcripts table, one respondent a file.
 * Complexity: O(total size of the files).
 *
 * @example
 * ```ts
 * import { readTranscriptFolder } from "./transcripts.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/ann.txt`, "Interviewer: Why?\nAnn: Because.\nInterviewer: Ok.\nAnn: Bye.");
 * const rows = await readTranscriptFolder(dir);
 * rows.map((r) => [r.respondent_id, r.answer]); // => [["ann", "Because."], ["ann", "Bye."]]
 * ```
 */
export async function readTranscriptFolder(
  dir: string,
  options: TranscriptOptions = {},
): Promise<(TranscriptAnswer & { line: number; file: string })[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && /\.txt(\.gz)?$/.test(e.name)) files.push(e.name);
  }
  files.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const out: (TranscriptAnswer & { line: number; file: string })[] = [];
  for (const f of files) {
    let text = "";
    for await (const chunk of readTextChunks(join(dir, f))) text += chunk;
    const respondent = basename(f).replace(/\.txt(\.gz)?$/, "");
    for (const a of turnsToAnswers(splitTurns(text, f), respondent, options)) {
      out.push({ ...a, file: f });
    }
  }
  return out;
}
