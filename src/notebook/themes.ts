/**
 * A theme study from a notebook: answers (a transcripts table or a folder of
 * speaker-turn transcripts) coded against a codebook, or a clear message when the
 * data is not there.
 *
 * @module
 */
import {
  type Displayable,
  type HtmlView,
  mimeBundle,
  stack,
  table,
  type TableView,
  withDisplay,
} from "../display/display.ts";
import { learnedCoderSummary, modelTermsTable, themesView } from "../display/themes.ts";
import { loadCodebook } from "../themes/codebook.ts";
import { join } from "node:path";
import type { ThemeAnalysis, ThemeAnalysisOptions } from "../themes/analyse.ts";
import type { CoderKind, LearnedCodingRun } from "../themes/learn/mod.ts";
import { codeThemes } from "../study/themes.ts";
import { importAdapter } from "../ipf/adapters.ts";
import { sharedDataDir } from "../io/paths.ts";
import type { DataKind } from "../charts/render.ts";
import type { ChartSource } from "../charts/charts.ts";
import {
  type MissingData,
  PUBLIC_DATASETS,
  publicDatasetDir,
  SHARED_FOLDERS,
} from "./workspace.ts";

const SHARED_NAMES: Readonly<Record<string, string>> = { ...PUBLIC_DATASETS, ...SHARED_FOLDERS };

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
  /** the learned coder's run, when `train`, `holdout` or a learning `coder` was given */
  learned?: LearnedCodingRun;
}

/** Options for {@linkcode themeStudy}. */
export interface ThemeStudyOptions extends ThemeAnalysisOptions {
  /** what kind of data it is; default "synthetic" when the rows say so, else "real" */
  dataKind?: DataKind;
  /**
   * the interview guide to align the answers to: a file (`loadGuide()`), or the name of a
   * shared guide (`"ml-interview-guide"`); without one, transcripts get no themes per question
   */
  guide?: string;
  /** a folder of answers with human codes (`code_<theme>` columns) to learn a coder from */
  train?: string;
  /** instead of `train`: learn from a seeded share 1 − holdout of the answers, code and measure the rest */
  holdout?: number;
  /** `model` (text only) or `combined` (text and the rules' codes; the default when learning), or `rules` */
  coder?: CoderKind;
}

/** Shared interview guides: name → file inside its shared folder ({@linkcode SHARED_FOLDERS}). */
const SHARED_GUIDES: Readonly<Record<string, string>> = {
  "ml-interview-guide": "interview_guide.txt.gz",
};

/** Public answer sets that need their adapter (`rvlab import`) before they can be read. */
const IMPORTED_ANSWERS: ReadonlySet<string> = new Set(["nhs-feedback"]);

/**
 * Reads answers from `source` — a folder with a transcripts table, a folder of
 * `.txt`/`.txt.gz` speaker-turn transcripts (read with src/io/transcripts.ts), or the
 * name of a shared data set (`"ml-interviews"`, or `"nhs-feedback"`, imported with its
 * adapter into a temporary folder) — codes them with the codebook (its rules, or a coder
 * learned from human codes with `train` / `holdout`, `codeThemes()`) and returns the
 * analysis, which displays as a summary, the theme counts, the top themes per question,
 * the language flags, the agreement and weakest rules, the learned coder's terms and
 * quotes. A missing shared data set gives a {@linkcode MissingData} message instead of
 * an error.
 *
 * Complexity: that of `codeThemes()`.
 *
 * @example
 * ```ts
 * import { themeStudy } from "./themes.ts";
 * await themeStudy("../data/samples/coop-plan", "../data/codebooks/coop-plan.yaml");
 * await themeStudy("ml-interviews", "../data/codebooks/ml-interviews.yaml", { guide: "ml-interview-guide" });
 * await themeStudy("nhs-feedback", "../data/codebooks/nhs-feedback.yaml", { holdout: 0.7 });
 * ```
 */
export async function themeStudy(
  source: string,
  codebookFile: string,
  options: ThemeStudyOptions = {},
): Promise<ThemeStudy | MissingData> {
  let dir = source;
  let tmp: string | null = null;
  if (source in SHARED_FOLDERS || IMPORTED_ANSWERS.has(source)) {
    const d = await publicDatasetDir(source);
    if (typeof d !== "string") return d;
    dir = d;
    if (IMPORTED_ANSWERS.has(source)) {
      tmp = await Deno.makeTempDir({ prefix: `rvlab-${source}-` });
      dir = (await importAdapter(source, d, tmp, { log: () => {} })).out;
    }
  }
  try {
    const codebook = await loadCodebook(codebookFile);
    let guideFile = options.guide;
    if (guideFile && guideFile in SHARED_GUIDES) {
      const d = await publicDatasetDir(guideFile);
      if (typeof d !== "string") return d;
      guideFile = join(d, SHARED_GUIDES[guideFile]);
    }
    const { dataKind, ...rest } = options;
    const coded = await codeThemes(dir, codebook, {
      resamples: 300,
      seed: 1,
      ...rest,
      guide: guideFile,
      ...(tmp ? { label: source } : {}),
    });
    const input = coded.input;
    const synthetic = input.rows.some((r) => r.extra?.data_kind === "synthetic");
    const kind: DataKind = dataKind ?? (synthetic ? "synthetic" : "real");
    const shown = tmp ? `${source} (${join(sharedDataDir(), SHARED_NAMES[source])})` : input.source;
    const study = {
      missing: false as const,
      source: shown,
      kind: input.kind,
      data_kind: kind,
      quarantined: input.quarantined,
      chart_source: { kind, source: shown },
      analysis: coded.analysis,
      ...(coded.learned ? { learned: coded.learned } : {}),
    };
    return withDisplay(study, (s) =>
      mimeBundle(
        s.learned
          ? stack([
            learnedCoderSummary(s.learned),
            themesView(s.analysis),
            modelTermsTable(s.learned),
          ])
          : themesView(s.analysis),
      ));
  } finally {
    if (tmp) await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * A theme × case matrix as a table: one row per case (question, respondent, company or
 * role, in the order the analysis found them), its number of answers, and per theme the
 * answers coded with it. The theme × question matrix is `themeMatrixTable(a, "question")`.
 *
 * Why: the analysis keeps the matrix as long cells (`a.matrices`); a reader wants the grid.
 * Complexity: O(themes × cases).
 *
 * @example
 * ```ts
 * import { themeMatrixTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * themeMatrixTable(analyseThemes(rows, codebook), "question"); // rows q1 … q7
 * ```
 */
export function themeMatrixTable(
  a: ThemeAnalysis,
  by: keyof ThemeAnalysis["matrices"],
  maxRows = 30,
): TableView {
  const themes = [...new Set(a.counts.map((c) => c.theme_id))];
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of a.matrices[by]) {
    const row = rows.get(c.case) ?? { [by]: c.case, answers: c.answers };
    row[c.theme_id] = c.count;
    rows.set(c.case, row);
  }
  return table([...rows.values()], {
    caption: `Answers coded with each theme, per ${by}`,
    columns: [by, "answers", ...themes],
    maxRows,
  });
}

/**
 * The co-occurrence matrix as a table: one row and one column per theme, each cell the
 * answers coded with both themes (the diagonal: answers with the theme).
 *
 * Complexity: O(themes²).
 *
 * @example
 * ```ts
 * import { cooccurrenceMatrixTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * cooccurrenceMatrixTable(analyseThemes(rows, codebook));
 * ```
 */
export function cooccurrenceMatrixTable(a: ThemeAnalysis): TableView {
  const themes = [...new Set(a.counts.map((c) => c.theme_id))];
  const both = new Map<string, number>();
  const single = new Map<string, number>();
  for (const c of a.cooccurrence) {
    both.set(`${c.a}\u0000${c.b}`, c.both);
    both.set(`${c.b}\u0000${c.a}`, c.both);
    single.set(c.a, c.n_a);
    single.set(c.b, c.n_b);
  }
  const rows = themes.map((t) => {
    const row: Record<string, unknown> = { theme: t };
    for (const u of themes) {
      row[u] = t === u ? (single.get(t) ?? null) : (both.get(`${t}\u0000${u}`) ?? 0);
    }
    return row;
  });
  return table(rows, {
    caption: "Answers coded with both themes (diagonal: with the theme)",
    columns: ["theme", ...themes],
    maxRows: themes.length,
  });
}

/**
 * Renders a view of a theme study, or the study's {@linkcode MissingData} message, as
 * one HTML block, so a notebook cell shows the same output type either way.
 *
 * Complexity: that of `view`.
 *
 * @example
 * ```ts
 * import { studyPart, themeMatrixTable, themeStudy } from "./themes.ts";
 * const ml = await themeStudy("ml-interviews", "data/codebooks/ml-interviews.yaml");
 * await studyPart(ml, (a) => themeMatrixTable(a, "question"));
 * ```
 */
export async function studyPart(
  study: ThemeStudy | MissingData,
  view: (a: ThemeAnalysis, s: ThemeStudy) => Displayable | Promise<Displayable>,
): Promise<HtmlView> {
  if (study.missing) return stack([study]);
  return stack([await view(study.analysis, study)]);
}
