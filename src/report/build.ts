/**
 * The RV-Q benchmark report: the study's results arranged by the four levels of a
 * customer-orientation review (strategic, operative, innovation & development,
 * results), each figure with the table behind it. The analyses run once in
 * `src/study/` ({@linkcode analyseStudy}); this module only renders the
 * {@linkcode Study}, one section renderer each (`sections.ts`).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import type { ChartSource } from "../charts/mod.ts";
import { type DataKind, isOmitted } from "../charts/render.ts";
import type { PngRenderer } from "../charts/png.ts";
import type { RvqCompare } from "../segments/rvq.ts";
import { rvqSection } from "./rvq_section.ts";
import { type ExecutiveSummary, executiveSummary } from "./summary.ts";
import { dataQualitySection } from "./data_quality_section.ts";
import { crmReviewSection } from "./crm_review_section.ts";
import type { DataQuality } from "../io/data_quality.ts";
import type { ProgressEvent } from "../util/progress.ts";
import { analyseStudy, type Skipped, type Study } from "../study/study.ts";
import type { ThemeStudy } from "../study/themes.ts";
import { themesSection } from "./themes_section.ts";
import {
  bestPracticeSection,
  communitySection,
  comparisonsSection,
  exceptionsSection,
  leadingSection,
  processGapsSection,
  profitSection,
  relationshipTypesSection,
  type ReportSection,
  sayDoSection,
  scorecardSection,
  segmentsSection,
  touchpointsSection,
} from "./sections.ts";

export type { ReportSection, ReportTable } from "./sections.ts";

/** A whole report. */
export interface ReportDoc {
  title: string;
  data_kind: DataKind;
  source: string;
  /** the answers first; printed before the contents */
  summary?: ExecutiveSummary;
  sections: ReportSection[];
}

/** How a report is labelled: title, kind of data and where it came from. */
export interface RenderReportOptions {
  title?: string;
  dataKind: DataKind;
  /** where the data came from, for captions */
  source: string;
  /** how far the analysis and rendering are (`report: analyse`, `report: render`), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
  /**
   * asked for each chart's PNG as soon as its section is rendered, so its workers draw
   * them while the next sections render (give the same one to `writeReport`)
   */
  pngs?: PngRenderer;
}

/** Options for {@linkcode buildReport}: the labels and the study's options. */
export interface BuildReportOptions extends RenderReportOptions {
  seed?: number;
  horizon?: number;
  resamples?: number;
  /** caps per interaction type, applied to every RV figure; default none */
  caps?: Record<string, number>;
  /** custom groups for the RV-Q answers (`--compare "name: SQL predicate"`) */
  compare?: RvqCompare[];
  /** the load's data quality (`openDataSource(...).quality`) for "About the data" */
  quality?: DataQuality;
  /** the coded transcripts (`themeStudy()`), for the themes section */
  themes?: ThemeStudy | Skipped;
  log?: (line: string) => void;
}

/**
 * Renders a study as the report: its sections in order, nothing recomputed.
 *
 * Complexity: rendering the charts; O(rows) for the tables.
 *
 * @example
 * ```ts
 * import { renderReport } from "./build.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine());
 * await renderReport(study, { dataKind: "synthetic", source: "demo" });
 * ```
 */
export async function renderReport(study: Study, options: RenderReportOptions): Promise<ReportDoc> {
  const src: ChartSource = { kind: options.dataKind, source: options.source };
  const renderers = [
    // Strategic
    segmentsSection,
    rvqSection,
    scorecardSection,
    relationshipTypesSection,
    crmReviewSection,
    // Operative
    touchpointsSection,
    exceptionsSection,
    comparisonsSection,
    // Innovation & development
    processGapsSection,
    bestPracticeSection,
    communitySection,
    // Results
    profitSection,
    leadingSection,
    sayDoSection,
    themesSection,
    // About the data
    dataQualitySection,
  ];
  const sections: ReportSection[] = [];
  const progress = (done: number) =>
    options.onProgress?.({
      label: "report: render",
      done,
      total: renderers.length,
      unit: "sections",
    });
  for (const section of renderers) {
    progress(sections.length);
    const rendered = await section(study, src);
    for (const c of rendered.charts) if (!isOmitted(c)) options.pngs?.png(c.svg);
    sections.push(rendered);
  }
  progress(sections.length);
  return {
    title: options.title ?? "RV-Q benchmark report",
    data_kind: options.dataKind,
    source: options.source,
    summary: executiveSummary(study),
    sections,
  };
}

/**
 * Analyses the canonical tables in the engine once ({@linkcode analyseStudy}) and
 * renders the report ({@linkcode renderReport}).
 *
 * Complexity: the sum of the analyses (segments, back-test, say vs do) plus rendering.
 *
 * @example
 * ```ts
 * import { buildReport } from "./build.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * await buildReport(await openEngine(), { dataKind: "synthetic", source: "demo" });
 * ```
 */
export async function buildReport(engine: Engine, options: BuildReportOptions): Promise<ReportDoc> {
  const study = await analyseStudy(engine, {
    seed: options.seed,
    horizon: options.horizon,
    resamples: options.resamples,
    caps: options.caps,
    compare: options.compare,
    quality: options.quality,
    themes: options.themes,
    log: options.log,
    onProgress: options.onProgress,
  });
  return renderReport(study, options);
}
