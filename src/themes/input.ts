/**
 * Reading the answers a theme analysis codes: the transcripts table of a data
 * directory (`transcripts.csv` …), a `transcripts/` folder of speaker-turn
 * files in it, or a folder of speaker-turn files itself.
 *
 * @module
 */
import { join } from "node:path";
import { DataError } from "../io/errors.ts";
import { findTableFile } from "../io/load.ts";
import { loadTable } from "../engine/records.ts";
import type { QuarantineEntry } from "../io/validate.ts";
import { readTranscriptFolder } from "../io/transcripts.ts";
import type { AnswerRow } from "./segment.ts";

/** What was read, and from where. */
export interface AnswerInput {
  rows: AnswerRow[];
  /** the file or folder read */
  source: string;
  kind: "table" | "transcript-folder";
  /** rows the table loader quarantined (bad rows are never dropped silently) */
  quarantined: number;
  /** those rows, with file, line, column and reason */
  quarantine: QuarantineEntry[];
}

const text = (v: unknown): string | null =>
  v === undefined || v === null || v === "" ? null : String(v);

/**
 * Turns typed transcripts-table records into answer rows with unique ids: the
 * `comment_id` or `answer_id` column when there is one, else
 * `respondent_id#n` (n counting that respondent's answers from 1).
 * Source = `file:line` when the row has them, else the id.
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { recordsToAnswers } from "./input.ts";
 * import { loadTable } from "../engine/records.ts";
 * const file = "data/samples/coop-plan/transcripts.csv";
 * recordsToAnswers((await loadTable(file, "transcripts")).records, file);
 * ```
 */
export function recordsToAnswers(
  records: readonly Record<string, unknown>[],
  file: string,
): AnswerRow[] {
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  return records.map((r, i) => {
    const extra = { ...((r.extra ?? {}) as Record<string, string | null>) };
    for (const k of ["file", "line"]) {
      if (r[k] !== undefined && !(k in extra)) extra[k] = text(r[k]);
    }
    const respondent = String(r.respondent_id);
    const n = (seen.get(respondent) ?? 0) + 1;
    seen.set(respondent, n);
    let id = extra.comment_id ?? extra.answer_id ?? `${respondent}#${n}`;
    if (ids.has(id)) id = `${id}#${i + 1}`;
    ids.add(id);
    const source = extra.file
      ? `${extra.file}${extra.line ? `:${extra.line}` : ""}`
      : `${file} row ${i + 2}`;
    return {
      answer_id: id,
      respondent_id: respondent,
      company_id: text(r.company_id),
      role: text(r.role),
      question_id: text(r.question_id),
      question: text(r.question),
      answer: String(r.answer ?? ""),
      language: text(r.language),
      source,
      extra,
    };
  });
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await Deno.stat(p)).isDirectory;
  } catch {
    return false;
  }
}

async function hasTranscriptFiles(dir: string): Promise<boolean> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && /\.txt(\.gz)?$/.test(e.name)) return true;
  }
  return false;
}

/**
 * Reads the answers under `dir`: its transcripts table if it has one, else its
 * `transcripts/` folder, else `dir` itself as a folder of `.txt`/`.txt.gz`
 * transcripts. Throws a DataError naming the folder when there is none.
 *
 * @example
 * ```ts
 * import { readAnswers } from "./input.ts";
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * ```
 */
export async function readAnswers(dir: string): Promise<AnswerInput> {
  if (!(await isDir(dir))) throw new DataError(`${dir}: not a folder`, dir);
  const table = await findTableFile(dir, "transcripts");
  if (table) {
    const load = await loadTable(table, "transcripts");
    return {
      rows: recordsToAnswers(load.records, table),
      source: table,
      kind: "table",
      quarantined: load.counts.quarantined,
      quarantine: load.quarantine,
    };
  }
  for (const folder of [join(dir, "transcripts"), dir]) {
    if ((await isDir(folder)) && (await hasTranscriptFiles(folder))) {
      const answers = await readTranscriptFolder(folder);
      return {
        rows: recordsToAnswers(answers as unknown as Record<string, unknown>[], folder),
        source: folder,
        kind: "transcript-folder",
        quarantined: 0,
        quarantine: [],
      };
    }
  }
  throw new DataError(
    `${dir}: no transcripts table (transcripts.csv, .csv.gz, .parquet, .json) and no .txt transcripts`,
    dir,
  );
}

/** The names a data folder's own codebook may have, in the order they are looked for. */
export const CODEBOOK_NAMES = ["codebook.yaml", "codebook.yml", "codebook.json"] as const;

/**
 * The codebook a data folder carries (`codebook.yaml`, `.yml` or `.json` in it),
 * or null. Complexity: up to three stats.
 *
 * @example
 * ```ts
 * import { findCodebook } from "./input.ts";
 * await findCodebook("tests/fixtures/themes/feedback"); // => "tests/fixtures/themes/feedback/codebook.yaml"
 * ```
 */
export async function findCodebook(dir: string): Promise<string | null> {
  for (const name of CODEBOOK_NAMES) {
    try {
      if ((await Deno.stat(join(dir, name))).isFile) return join(dir, name);
    } catch { /* not there */ }
  }
  return null;
}
