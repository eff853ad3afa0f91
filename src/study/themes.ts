/**
 * The theme part of a study: what customers say in interviews and open
 * feedback, coded against a codebook, for the report's themes section.
 *
 * @module
 */
import type { Codebook } from "../themes/codebook.ts";
import { loadCodebook } from "../themes/codebook.ts";
import { findCodebook, readAnswers } from "../themes/input.ts";
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

/**
 * Codes a data folder's transcripts for the report: its transcripts table (or
 * `transcripts/` folder) against `codebook` (default the folder's own
 * `codebook.yaml`/`.json`), aligned to the interview guide `guide` when given
 * (`alignAnswers()`). Skipped, with the reason, when the folder has no
 * transcripts or no codebook; a codebook given but unreadable is an error.
 * Complexity: that of {@linkcode analyseThemes}.
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
  options: ThemeAnalysisOptions & { codebook?: string; guide?: string } = {},
): Promise<ThemeStudy | Skipped> {
  if (!(await hasTranscripts(dir))) {
    return { skipped: `no transcripts in ${dir} (transcripts.csv or a transcripts/ folder)` };
  }
  const file = options.codebook ?? (await findCodebook(dir));
  if (!file) {
    return {
      skipped: `transcripts but no codebook (give --codebook FILE, or put codebook.yaml in ${dir})`,
    };
  }
  const codebook = await loadCodebook(file);
  const input = await readAnswers(dir);
  // transcripts' question ids are turn numbers unless a guide aligns them
  const aligned = options.guide ? alignAnswers(input.rows, await loadGuide(options.guide)) : null;
  return {
    analysis: analyseThemes(aligned?.rows ?? input.rows, codebook, {
      questionIds: input.kind === "transcript-folder" ? "turn_order" : "given",
      alignment: aligned?.alignment,
      ...options,
    }),
    codebook,
    source: input.source,
    codebook_file: file,
  };
}
