/**
 * A theme study from a notebook: answers (a transcripts table or a folder of
 * speaker-turn transcripts) coded against a codebook, or a clear message when the
 * data is not there.
 *
 * @module
 */
import { type Displayable, mimeBundle, withDisplay } from "../display/display.ts";
import { themesView } from "../display/themes.ts";
import { loadCodebook } from "../themes/codebook.ts";
import { readAnswers } from "../themes/input.ts";
import { analyseThemes, type ThemeAnalysis, type ThemeAnalysisOptions } from "../themes/analyse.ts";
import type { DataKind } from "../charts/render.ts";
import type { ChartSource } from "../charts/charts.ts";
import { type MissingData, publicDatasetDir, SHARED_FOLDERS } from "./workspace.ts";

/** A coded set of answers. */
export interface ThemeStudy extends Displayable {
  missing: false;
  /** the table or folder read */
  source: string;
  kind: "table" | "transcript-folder";
  data_kind: DataKind;
  quarantined: number;
  chart_source: ChartSource;
  analysis: ThemeAnalysis;
}

/** Options for {@linkcode themeStudy}. */
export interface ThemeStudyOptions extends ThemeAnalysisOptions {
  /** what kind of data it is; default "synthetic" when the rows say so, else "real" */
  dataKind?: DataKind;
}

/**
 * Reads answers from `source` — a folder with a transcripts table, a folder of
 * `.txt`/`.txt.gz` speaker-turn transcripts (read with src/io/transcripts.ts), or the
 * name of a shared data set (`"ml-interviews"`) — codes them with the codebook and
 * returns the analysis, which displays as a summary, the theme counts, the top themes
 * per question, the language flags and quotes. A missing shared data set gives a
 * {@linkcode MissingData} message instead of an error.
 *
 * Complexity: that of {@linkcode analyseThemes}.
 *
 * @example
 * ```ts
 * import { themeStudy } from "./themes.ts";
 * await themeStudy("../data/samples/coop-plan", "../data/codebooks/coop-plan.yaml");
 * await themeStudy("ml-interviews", "../data/codebooks/ml-interviews.yaml");
 * ```
 */
export async function themeStudy(
  source: string,
  codebookFile: string,
  options: ThemeStudyOptions = {},
): Promise<ThemeStudy | MissingData> {
  let dir = source;
  if (source in SHARED_FOLDERS) {
    const d = await publicDatasetDir(source);
    if (typeof d !== "string") return d;
    dir = d;
  }
  const codebook = await loadCodebook(codebookFile);
  const input = await readAnswers(dir);
  const analysis = analyseThemes(input.rows, codebook, { resamples: 300, seed: 1, ...options });
  const synthetic = input.rows.some((r) => r.extra?.data_kind === "synthetic");
  const kind: DataKind = options.dataKind ?? (synthetic ? "synthetic" : "real");
  const study = {
    missing: false as const,
    source: input.source,
    kind: input.kind,
    data_kind: kind,
    quarantined: input.quarantined,
    chart_source: { kind, source: input.source },
    analysis,
  };
  return withDisplay(study, (s) => mimeBundle(themesView(s.analysis)));
}
