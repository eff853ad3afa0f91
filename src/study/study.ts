/**
 * The whole study of one data set, analysed once: segments and the starting
 * benchmark, the CRM scorecard, the accounts at risk with their recent RV, the
 * process gaps, the data map, the out-of-time back-test of RV as a leading
 * indicator, and say vs do. Each part is a named step; {@linkcode analyseStudy}
 * runs them in order and returns one typed {@linkcode Study}.
 *
 * Why: the report, the notebooks' display and the CLI all render the same
 * results. Computing them here once (instead of inside each renderer) keeps every
 * figure in one place and lets a renderer be a pure function of the Study.
 *
 * @module
 */
import type { ProgressEvent } from "../util/progress.ts";
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { DUCKDB } from "../sql/dialect.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import { analyseSegments } from "../segments/analyse.ts";
import type { RvqCompare } from "../segments/rvq.ts";
import { buildPanel, type Panel, panelTotals } from "../backtest/panel.ts";
import { readsReversed, validateObservations, type Validation } from "../backtest/validate.ts";
import {
  type BacktestWindow,
  backtestWindows,
  type Observation,
  observations,
  type PredictorName,
  type TargetName,
} from "../backtest/protocol.ts";
import { gainByDecile, rocPoints } from "../stats/roc.ts";
import { accountPanel } from "../backtest/panel.ts";
import { sayVsDo, type SayVsDoResult } from "../voc/say_vs_do.ts";
import type { ThemeStudy } from "./themes.ts";
import { dataMap, processGaps } from "./data_map.ts";
import { type CrmReview, crmReview } from "./crm_review.ts";
import type { DataQuality } from "../io/data_quality.ts";
import { ENGINE_TABLES } from "../engine/load.ts";
import { ident } from "../sql/literal.ts";

/** What the segment analysis returns. */
export type SegmentsResult = Awaited<ReturnType<typeof analyseSegments>>;
/** What the back-test validation returns. */
export type ValidationResult = Validation;
/** The data map (coverage of the IPF by the sources). */
export type DataMapResult = Awaited<ReturnType<typeof dataMap>>;
/** The process gaps by stage and interaction type. */
export type ProcessGapsResult = Awaited<ReturnType<typeof processGaps>>;
/** One account at risk (its RV dropped against its own pattern), ranked by value at stake. */
export type AtRiskAccount = SegmentsResult["exceptions"]["at_risk"][number];
/** A part of the study that could not be measured on this data, and why. */
export interface Skipped {
  skipped: string;
}

/** RV of one account in one month. */
export interface AccountMonthRv {
  id: string;
  period: string;
  rv: number;
}

/** One point of a predictor's ROC curve. */
export interface RocRow {
  predictor: string;
  /** drawn as the back-test reads it: scores negated (`readsReversed`, a lower value is better) */
  reversed: boolean;
  fpr: number;
  tpr: number;
}

/** The cumulative gain of a predictor at one decile. */
export interface GainRow {
  predictor: string;
  /** as in {@linkcode RocRow} */
  reversed: boolean;
  decile: number;
  gain: number;
}

/** The back-test: the panel's totals, the validation, and ROC and gain curves. */
export interface BacktestStudy {
  validation: ValidationResult;
  /** the binary target the ROC and gain curves are drawn for */
  target: TargetName;
  roc: RocRow[];
  gain: GainRow[];
  /** RV and revenue per month over all accounts */
  totals: ReturnType<typeof panelTotals>;
  /** calibration history and holdout of each cutoff */
  windows: BacktestWindow[];
}

/** The whole study of one data set (see module doc). */
export interface Study {
  segments: SegmentsResult;
  /** the first accounts of the at-risk list, in rank order */
  at_risk: AtRiskAccount[];
  /** monthly RV of the `at_risk` accounts since the window start */
  at_risk_rv: AccountMonthRv[];
  process_gaps: ProcessGapsResult;
  data_map: DataMapResult;
  backtest: BacktestStudy;
  say_vs_do: SayVsDoResult | Skipped;
  /** what was read, accepted, quarantined and filtered per table */
  data_quality: DataQuality;
  /** the CRM-strategy review's situation-analysis checklist and channel tables */
  crm_review: CrmReview;
  /** what customers say in interviews and open feedback, coded by theme (`themeStudy()` in `themes.ts`) */
  themes: ThemeStudy | Skipped;
}

/** Options for {@linkcode analyseStudy}. */
export interface StudyOptions {
  /** seed of every bootstrap; default 1 */
  seed?: number;
  /** back-test horizon in months; default 3 */
  horizon?: number;
  /** bootstrap resamples of the back-test; default 300 */
  resamples?: number;
  /** accounts kept from the at-risk list; default 8 */
  atRisk?: number;
  /** caps per interaction type, applied to every RV figure of the study; default none */
  caps?: Record<string, number>;
  /** custom groups for the RV-Q answers (`--compare "name: SQL predicate"`) */
  compare?: RvqCompare[];
  /**
   * the load's data quality (`openDataSource(...).quality`); without it only the rows
   * in the engine are known ({@linkcode engineDataQuality})
   */
  quality?: DataQuality;
  /** the coded transcripts (`themeStudy()` in `themes.ts`); default skipped: none were given */
  themes?: ThemeStudy | Skipped;
  log?: (line: string) => void;
  /** how far the analysis is (`report: analyse`, then the back-test's own steps), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
}

/** Predictors drawn on the ROC and gain charts. */
const ROC_PREDICTORS: readonly PredictorName[] = [
  "rv_trend",
  "rv_level",
  "revenue_trend",
  "profit_last",
  "nps_last",
];

/** ROC curves keep at most about this many points per predictor. */
const ROC_POINTS = 120;

/**
 * True when `x` is a part of the study that was skipped.
 *
 * @example
 * ```ts
 * import { isSkipped } from "./study.ts";
 * isSkipped({ skipped: "no NPS" }); // => true
 * ```
 */
export function isSkipped(x: unknown): x is Skipped {
  return typeof x === "object" && x !== null && "skipped" in x;
}

/**
 * Monthly RV of the given accounts from `start` on, from the scored-interaction
 * view (`rv/scored.ts`, no caps).
 *
 * Complexity: one aggregation over the interactions since `start`; O(accounts ×
 * months) rows returned before filtering.
 *
 * @example
 * ```ts
 * import { atRiskRv } from "./study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * await atRiskRv(await openEngine(), new Set(["acct-00001"]), "2024-01-01");
 * ```
 */
export async function atRiskRv(
  engine: Engine,
  ids: ReadonlySet<string>,
  start: string,
  caps: Record<string, number> = {},
): Promise<AccountMonthRv[]> {
  return (await engine.query<AccountMonthRv>(
    `SELECT account_id AS id, strftime(period, '%Y-%m-%d') AS period, round(sum(rv), 6) AS rv
     FROM (${scoredInteractionsSql({ caps })}) s
     WHERE occurred_at >= ${date(start)} GROUP BY ALL ORDER BY 1, 2`,
  )).filter((r) => ids.has(r.id));
}

/**
 * ROC points (thinned to about {@linkcode ROC_POINTS} per predictor) and gain by
 * decile of each predictor for a binary target, over the observations where both
 * are known; a predictor with fewer than 10 such observations, or a target that
 * does not vary, is left out. A predictor in `reversed` is scored negated, as the
 * back-test's verdict reads it (`readsReversed`).
 *
 * Complexity: O(predictors × n log n).
 *
 * @example
 * ```ts
 * import { rocAndGain } from "./study.ts";
 * rocAndGain([], "revenue_growing", ["rv_trend"]); // => { roc: [], gain: [] }
 * ```
 */
export function rocAndGain(
  obs: readonly Observation[],
  target: TargetName,
  predictors: readonly PredictorName[] = ROC_PREDICTORS,
  reversed: ReadonlySet<string> = new Set(),
): { roc: RocRow[]; gain: GainRow[] } {
  const roc: RocRow[] = [];
  const gain: GainRow[] = [];
  for (const p of predictors) {
    const u = obs.filter((o) => o.targets[target] !== null && o.predictors[p] !== null);
    const out = u.map((o) => o.targets[target]!);
    if (u.length < 10 || !out.some(Boolean) || out.every(Boolean)) continue;
    const flip = reversed.has(p);
    const scores = u.map((o) => (flip ? -o.predictors[p]! : o.predictors[p]!));
    const pts = rocPoints(scores, out);
    const step = Math.max(1, Math.ceil(pts.length / ROC_POINTS));
    roc.push(
      ...pts.filter((_, i) => i % step === 0 || i === pts.length - 1).map((x) => ({
        predictor: p,
        reversed: flip,
        ...x,
      })),
    );
    gain.push(
      ...gainByDecile(scores, out).map((g) => ({
        predictor: p,
        reversed: flip,
        decile: g.decile,
        gain: g.gain,
      })),
    );
  }
  return { roc, gain };
}

/**
 * The back-test of a panel: validation (cutoffs, verdicts, lead–lag), ROC and gain
 * curves for revenue growth, the monthly totals and the cutoffs' windows.
 *
 * Complexity: that of `validateObservations` (resamples × observations) plus
 * {@linkcode rocAndGain}.
 *
 * @example
 * ```ts
 * import { backtestStudy } from "./study.ts";
 * import { buildPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * backtestStudy(await buildPanel(await openEngine()), { resamples: 100 });
 * ```
 */
export function backtestStudy(
  panel: Panel,
  options: Pick<StudyOptions, "seed" | "horizon" | "resamples" | "onProgress"> = {},
): BacktestStudy {
  const horizon = options.horizon ?? 3;
  // the observations (and the BG/NBD and Gamma-Gamma fits at each cutoff) made once
  const protocol = observations(panel, { horizon });
  const validation = validateObservations(panel, protocol, {
    horizon,
    seed: options.seed ?? 1,
    resamples: options.resamples ?? 300,
    onProgress: options.onProgress,
  });
  const target: TargetName = "revenue_growing";
  const obs = protocol.observations;
  return {
    validation,
    target,
    ...rocAndGain(
      obs,
      target,
      ROC_PREDICTORS,
      new Set(
        validation.results.filter((r) =>
          r.target === target && r.status === "tested" && readsReversed(r)
        ).map((r) => r.predictor),
      ),
    ),
    totals: panelTotals(panel),
    windows: backtestWindows(validation.cutoffs, { horizon: validation.horizon }),
  };
}

/**
 * Say vs do on the account panel, or why it cannot be measured (no NPS or CSAT
 * answers, or an error of the analysis).
 *
 * Complexity: that of `sayVsDo`.
 *
 * @example
 * ```ts
 * import { sayVsDoStudy } from "./study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * await sayVsDoStudy(await openEngine(), 1);
 * ```
 */
export async function sayVsDoStudy(
  engine: Engine,
  seed: number,
  caps: Record<string, number> = {},
): Promise<SayVsDoResult | Skipped> {
  try {
    // without a single NPS or CSAT answer the panel has no say values: skip building it
    const [said] = await engine.query<{ n: number }>(
      "SELECT count(*) AS n FROM voc WHERE nps IS NOT NULL OR (csat_scale > 0 AND csat IS NOT NULL)",
    );
    if (Number(said?.n ?? 0) === 0) return { skipped: "no NPS or CSAT answers in voc" };
    const sd = sayVsDo(await accountPanel(engine, { caps }), { seed });
    if (sd.observations === 0) return { skipped: "no NPS or CSAT answers in voc" };
    return sd;
  } catch (e) {
    return { skipped: (e as Error).message };
  }
}

/**
 * The data quality when only the engine's tables are known (no load report): the rows
 * each non-empty canonical table holds, read and quarantined unknown.
 *
 * Complexity: one count per canonical table.
 *
 * @example
 * ```ts
 * import { engineDataQuality } from "./study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * await engineDataQuality(await openEngine());
 * ```
 */
export async function engineDataQuality(engine: Engine): Promise<DataQuality> {
  const tables = [];
  for (const t of ENGINE_TABLES) {
    let n = 0;
    try {
      n = Number((await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t)}`))[0].n);
    } catch {
      continue; // not in the engine
    }
    if (n === 0) continue;
    tables.push({
      table: t,
      file: "",
      read: null,
      accepted: n,
      quarantined: null,
      filtered: null,
      dropped: null,
      quarantine_reasons: [],
      filtered_reasons: [],
      source_files: [],
    });
  }
  return {
    source: "the engine's tables",
    imported_from: null,
    quarantine_file: null,
    filtered_file: null,
    tables,
    quarantined: null,
    filtered: null,
    quarantine: [],
    notes: [
      "the tables were given to the analysis without their load report: rows read, quarantined and filtered are not known here (run rvlab check on the data folder)",
    ],
  };
}

/**
 * Analyses the whole study on the canonical tables in the engine, once (see module
 * doc): segments → at-risk RV → process gaps → data map → back-test → say vs do.
 *
 * Complexity: the sum of the steps; the back-test's bootstrap dominates.
 *
 * @example
 * ```ts
 * import { analyseStudy } from "./study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 100 });
 * study.backtest.validation.verdicts;
 * ```
 */
export async function analyseStudy(engine: Engine, options: StudyOptions = {}): Promise<Study> {
  // each step's log line, and the step for a terminal bar
  const steps = 6;
  let step = 0;
  const log = (line: string) => {
    options.log?.(line);
    options.onProgress?.({
      label: "report: analyse",
      done: step++,
      total: steps,
      unit: "steps",
      detail: line.replace(/^report: /, ""),
    });
  };
  log("report: segments, benchmark, scorecards");
  const caps = options.caps ?? {};
  const segments = await analyseSegments(engine, {
    caps,
    compare: options.compare,
    seed: options.seed,
  });
  log("report: exceptions, comparisons, process gaps");
  const at_risk = segments.exceptions.at_risk.slice(0, options.atRisk ?? 8);
  const at_risk_rv = await atRiskRv(
    engine,
    new Set(at_risk.map((e) => e.account_id)),
    segments.window.start,
    caps,
  );
  const process_gaps = await processGaps(engine, caps);
  log("report: data map and best practice");
  const data_map = await dataMap(engine);
  log("report: back-test");
  const backtest = backtestStudy(await buildPanel(engine, DUCKDB, caps), options);
  log("report: say vs do");
  const say_vs_do = await sayVsDoStudy(engine, options.seed ?? 1, caps);
  const data_quality = options.quality ?? (await engineDataQuality(engine));
  log("report: CRM-strategy review");
  const crm_review = await crmReview(
    engine,
    segments.window,
    backtest.validation.results,
    caps,
    data_quality,
  );
  options.onProgress?.({ label: "report: analyse", done: steps, total: steps, unit: "steps" });
  return {
    segments,
    at_risk,
    at_risk_rv,
    process_gaps,
    data_map,
    backtest,
    say_vs_do,
    data_quality,
    crm_review,
    themes: options.themes ?? { skipped: "no transcripts were given to the study" },
  };
}
