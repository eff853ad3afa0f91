/**
 * The theme part of a study: what customers say in interviews and open
 * feedback, coded against a codebook, for the report's themes section.
 *
 * @module
 */
import type { Codebook } from "../themes/codebook.ts";
import { loadCodebook } from "../themes/codebook.ts";
import { type AnswerInput, findCodebook, readAnswers } from "../themes/input.ts";
import { type CoderKind, learnedCoding, type LearnedCodingRun } from "../themes/learn/mod.ts";
import { analyseThemes, type ThemeAnalysis, type ThemeAnalysisOptions } from "../themes/analyse.ts";
import { alignAnswers } from "../themes/align.ts";
import { loadGuide } from "../themes/guide.ts";
import { findTableFile } from "../io/load.ts";
import type { Skipped } from "./study.ts";

/** A theme analysis with the codebook and the files it came from. */
export interface ThemeStudy {
  analysis: ThemeAnalysis;
  codebook: Codebook;
  /** the transcripts table or folder read, and the codebook file */
  source: string;
  codebook_file: string;
  /** the learned coder's run, when the answers were coded by one (`--train`, `--holdout`) */
  learned?: LearnedCodingRun;
}

async function hasTranscripts(dir: string): Promise<boolean> {
  if (await findTableFile(dir, "transcripts")) return true;
  try {
    for await (const e of Deno.readDir(`${dir}/transcripts`)) {
      if (e.isFile && /\.txt(\.gz)?$/.test(e.name)) return true;
    }
  } catch { /* no folder */ }
  return false;
}

/** Options for {@linkcode codeThemes} and {@linkcode themeStudy}. */
export interface ThemeCodingOptions extends ThemeAnalysisOptions {
  /** an interview guide file to align the answers to (`alignAnswers()`) */
  guide?: string;
  /** a folder of answers with human codes to learn a coder from (`learnedCoding()`) */
  train?: string;
  /** instead of `train`: learn from a seeded share 1 − holdout of the answers, code the rest */
  holdout?: number;
  /** the coder when one is learned: `model` or `combined` (default), or `rules` on a hold-out */
  coder?: CoderKind;
  /** progress lines */
  log?: (line: string) => void;
  /** what to call the folder in messages and in what the coder learned from; default `dir` */
  label?: string;
}

/** The coded answers of a folder: what {@linkcode codeThemes} returns. */
export interface CodedThemes {
  analysis: ThemeAnalysis;
  input: AnswerInput;
  /** the learned coder's run, when `train` or `holdout` was given */
  learned?: LearnedCodingRun;
}

/**
 * The one way rvlab codes a folder's answers outside the `themes` command:
 * read them, align them to a guide when given, learn a coder from human codes
 * when `train` or `holdout` is given (else the codebook's rules code), and
 * analyse. Used by the report's {@linkcode themeStudy} and the notebooks.
 * Complexity: that of `learnedCoding()` plus {@linkcode analyseThemes}.
 *
 * @example
 * ```ts
 * import { codeThemes } from "./themes.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const t = await codeThemes("tests/fixtures/themes/feedback", codebook, { holdout: 0.5, resamples: 50 });
 * t.learned?.coder; // => "combined"
 * ```
 */
export async function codeThemes(
  dir: string,
  codebook: Codebook,
  options: ThemeCodingOptions = {},
): Promise<CodedThemes> {
  const { guide, train, holdout, coder, log, label, ...analysisOptions } = options;
  const input = await readAnswers(dir);
  // transcripts' question ids are turn numbers unless a guide aligns them
  const aligned = guide ? alignAnswers(input.rows, await loadGuide(guide)) : null;
  const rows = aligned?.rows ?? input.rows;
  let learned: LearnedCodingRun | undefined;
  if (train !== undefined || holdout !== undefined || (coder && coder !== "rules")) {
    const t = train === undefined ? undefined : await readAnswers(train);
    learned = learnedCoding(rows, codebook, {
      train: t && { rows: t.rows, name: train!, source: t.source },
      holdout,
      coder,
      seed: options.seed,
      dir: label ?? dir,
      source: label ?? input.source,
      log,
    });
  }
  return {
    analysis: analyseThemes(learned?.rows ?? rows, codebook, {
      questionIds: input.kind === "transcript-folder" ? "turn_order" : "given",
      alignment: aligned?.alignment,
      codeHits: learned?.codeHits,
      ...analysisOptions,
    }),
    input,
    learned,
  };
}

/**
 * Codes a data folder's transcripts for the report: its transcripts table (or
 * `transcripts/` folder) against `codebook` (default the folder's own
 * `codebook.yaml`/`.json`) with {@linkcode codeThemes} (a guide, a learned
 * coder). Skipped, with the reason, when the folder has no transcripts or no
 * codebook; a codebook given but unreadable is an error.
 * Complexity: that of {@linkcode codeThemes}.
 *
 * @example
 * ```ts
 * import { themeStudy } from "./themes.ts";
 * const t = await themeStudy("tests/fixtures/themes/feedback", { resamples: 100 });
 * "skipped" in t ? t.skipped : t.analysis.counts[0].label;
 * ```
 */
export async function themeStudy(
  dir: string,
  options: ThemeCodingOptions & { codebook?: string } = {},
): Promise<ThemeStudy | Skipped> {
  if (!(await hasTranscripts(dir))) {
    return { skipped: `no transcripts in ${dir} (transcripts.csv or a transcripts/ folder)` };
  }
  const { codebook: given, ...rest } = options;
  const file = given ?? (await findCodebook(dir));
  if (!file) {
    return {
      skipped: `transcripts but no codebook (give --codebook FILE, or put codebook.yaml in ${dir})`,
    };
  }
  const codebook = await loadCodebook(file);
  const coded = await codeThemes(dir, codebook, rest);
  return {
    analysis: coded.analysis,
    codebook,
    source: coded.input.source,
    codebook_file: file,
    ...(coded.learned ? { learned: coded.learned } : {}),
  };
}
