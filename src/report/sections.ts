/**
 * The report's sections, one renderer each: a pure function of the
 * {@linkcode Study} (plus the chart source for captions) that returns the
 * section's paragraphs, charts and tables. No analysis happens here.
 *
 * @module
 */
import {
  aucForestChart,
  calibrationHoldoutChart,
  type ChartSource,
  correlogramChart,
  type Figure,
} from "../charts/mod.ts";
import { isSkipped, type Study } from "../study/study.ts";
import { num, pct } from "../util/format.ts";
import { leadSentence } from "./validate_markdown.ts";
import {
  comparisonFigure,
  costRevenueFigure,
  dataMapFigure,
  exceptionsFigure,
  gainFigure,
  relationshipTypesFigure,
  rocFigure,
  rvDistributionFigure,
  sayDoFigure,
  scorecardFigure,
  trajectoriesFigure,
  whaleFigure,
} from "./figures.ts";
import { rvqSentence } from "./rvq_section.ts";
import { performerSentences } from "./performers_text.ts";
import { columnLabel } from "../util/table_format.ts";
import { PERFORMER_COLUMNS } from "../segments/performers.ts";

/** A table behind a figure: written as CSV and JSON beside the report. */
export interface ReportTable {
  /** file name in tables/ (snake_case) */
  name: string;
  rows: Record<string, unknown>[];
  /** the printed title; default: the name as a human label */
  title?: string;
  /** the columns the report prints, in order (default: all); the CSV has every column */
  columns?: string[];
}

/**
 * Where a section sits in the report: one of the CERS Award's four levels, or
 * "About the data" (what was read, accepted, quarantined and filtered).
 */
export type ReportLevel =
  | "Strategic"
  | "Operative"
  | "Innovation & development"
  | "Results"
  | "About the data";

/** One section of the report. */
export interface ReportSection {
  /** a stable id: the HTML anchor (`#id`) and the key the CERS outline refers to */
  id: string;
  level: ReportLevel;
  title: string;
  /** the question the section answers */
  question: string;
  paragraphs: string[];
  /** charts, or the reason a chart is not drawn ({@linkcode Figure}) */
  charts: Figure[];
  tables: ReportTable[];
  /**
   * what the team has to answer itself when the data cannot (e.g. no say data):
   * printed as "For the team: …"
   */
  prompt?: string;
}

type Rows = Record<string, unknown>[];
const rows = (x: unknown): Rows => x as Rows;

/**
 * One level of nesting flattened into `a_b` keys (arrays joined with "; "), for
 * one-row tables.
 *
 * Complexity: O(fields).
 *
 * @example
 * ```ts
 * import { flatten } from "./sections.ts";
 * flatten({ a: { b: 1 }, c: [1, 2] }); // => { a_b: 1, c: "1; 2" }
 * ```
 */
export function flatten(o: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}_`));
    } else out[`${prefix}${k}`] = Array.isArray(v) ? v.join("; ") : v;
  }
  return out;
}

/**
 * Strategic: do the segments' RV patterns differ? The window, the starting
 * benchmark and the RV of the profit segments.
 *
 * Complexity: O(accounts) plus rendering three charts.
 *
 * @example
 * ```ts
 * import { segmentsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await segmentsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function segmentsSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const b = s.starting_benchmark;
  return {
    id: "segments",
    level: "Strategic",
    title: "Segments and their RV patterns",
    question: "Do the customers who make money interact differently from those who lose it?",
    paragraphs: [
      `Window ${s.window.start} to ${s.window.end}; profit basis: ${s.window.profit_basis}; ${s.customers} customers of ${s.accounts} accounts.`,
      ...s.notes.map((n) => `Note: ${n}.`),
      `Top-20 % accounts cost ${
        num(b.cost_to_engage_ratio)
      }× as much to engage as the others and bring ${num(b.revenue_ratio)}× the revenue. ` +
      `The 20 % largest customers bring ${pct(b.revenue_concentration_top20)} of revenue; ${
        pct(b.retention_revenue_share)
      } comes from existing customers.`,
      ...s.rvq.filter((r) => r.question === "top_vs_loss").map(rvqSentence),
    ],
    charts: [
      await trajectoriesFigure(s, src),
      await rvDistributionFigure(s, src),
      await costRevenueFigure(s, src),
    ],
    tables: [
      { name: "starting_benchmark", rows: [flatten(b as unknown as Record<string, unknown>)] },
      { name: "profit_segments", rows: s.profit_segments },
      {
        name: "accounts",
        rows: rows(s.accounts_table),
        columns: [
          "account_id",
          "profit_segment",
          "revenue",
          "profit",
          "interaction_cost",
          "rv",
          "interactions",
          "wallet",
          "last_nps",
          "owner_id",
        ],
      },
    ],
  };
}

/**
 * Strategic: the CRM-strategy scorecard (active, passive, potential, loyal
 * customers, concentration, cross-selling).
 *
 * Complexity: O(scorecard fields) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { scorecardSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await scorecardSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function scorecardSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const sc = s.crm_scorecard;
  return {
    id: "scorecard",
    level: "Strategic",
    title: "Customer analysis: the CRM-strategy scorecard",
    question: "Which customers do we have: active, passive, potential, loyal?",
    paragraphs: [
      `${sc.active} active, ${sc.passive} passive (not billed in the window) and ${sc.potential} potential customers. Potential is judged by ${
        sc.potential_basis.replaceAll("_", " ")
      }; repurchase by ${sc.repurchase_basis.replaceAll("_", " ")}.`,
      `Loyal customers: ${
        sc.loyal === null
          ? sc.loyal_basis.replace("not measurable: ", "not measurable — ")
          : `${pct(sc.loyal)} (${sc.loyal_basis})`
      }. Each criterion: ${
        Object.entries(sc.loyal_components).map(([k, v]) =>
          `${k.replaceAll("_", " ")} ${v === null ? "not measured" : pct(v)}`
        ).join(", ")
      }. The 10 largest customers bring ${pct(sc.top10_revenue_share)} of revenue. Cross-selling: ${
        sc.cross_selling === null
          ? "not measurable (no product on the interactions)"
          : pct(sc.cross_selling)
      }.`,
    ],
    charts: [
      await scorecardFigure(sc, src),
    ],
    tables: [
      {
        name: "crm_scorecard",
        title: "CRM-strategy scorecard",
        rows: [flatten(sc as unknown as Record<string, unknown>)],
      },
    ],
  };
}

/**
 * Strategic: what each Business Model Canvas relationship type costs to engage, by
 * profit segment.
 *
 * Complexity: O(relationship types × segments) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { relationshipTypesSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await relationshipTypesSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function relationshipTypesSection(
  study: Study,
  src: ChartSource,
): Promise<ReportSection> {
  const s = study.segments;
  return {
    id: "relationship-types",
    level: "Strategic",
    title: "Relationship types and their cost",
    question: "How costly are the relationships we have established, and with whom?",
    paragraphs: [
      `Cost to engage by Business Model Canvas relationship type (the IPF's variable costs of the interactions of that type in the window), by profit segment.`,
    ],
    charts: [
      await relationshipTypesFigure(s.relationship_types, src),
    ],
    tables: [{ name: "relationship_types", rows: rows(s.relationship_types) }],
  };
}

/**
 * Operative: the processes and touchpoints the sources record — the data map of
 * IPF interaction types by silo and stage, and the types never observed.
 *
 * Complexity: O(IPF types) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { touchpointsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await touchpointsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function touchpointsSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const map = study.data_map;
  return {
    id: "touchpoints",
    level: "Operative",
    title: "Processes and touchpoints: the data map",
    question:
      "Which interactions of the process flow do the sources record, and which are missing?",
    paragraphs: [
      `The sources cover ${map.types_observed} of the ${map.types_in_ipf} IPF interaction types (${
        pct(map.coverage)
      }); ${map.missing.length} types are never observed — the data gaps to close before RV can speak for those stages and silos.`,
    ],
    charts: [await dataMapFigure(map, src)],
    tables: [
      { name: "data_map", rows: rows(map.cells) },
      { name: "data_map_relationship_types", rows: map.relationships },
      { name: "data_gaps", rows: map.missing },
    ],
  };
}

/**
 * Operative: the accounts at risk with the interactions behind them, the accounts out
 * of their segment's band, and the next best actions.
 *
 * Complexity: O(exceptions + actions) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { exceptionsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await exceptionsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function exceptionsSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  return {
    id: "exceptions",
    level: "Operative",
    title: "Exceptions and next best actions",
    question: "Which accounts fall out of pattern, and what should we do next with each?",
    paragraphs: [
      `${
        s.exceptions.at_risk.length || "No"
      } accounts are at risk: in the last ${s.exceptions.at_risk_basis.recent_months} months their value-adding interactions thinned out and their value-destroying ones piled up more than ${s.exceptions.at_risk_basis.threshold_sd} sd beyond their own history's rates, and their RV fell. Ranked by value at stake (${s.exceptions.at_risk_basis.value_at_stake}), most first; ${s.exceptions.count} accounts are out of their segment's band.`,
      `Next best actions (the positive-RV interaction types the top 20 % of customers have and an account lacks): ${s.next_best_actions.length} for ${
        new Set(s.next_best_actions.map((a) => a.account_id)).size
      } customers, the at-risk ones first.`,
    ],
    charts: [await exceptionsFigure(study, src)],
    tables: [
      {
        name: "at_risk",
        rows: study.at_risk.map((e) => ({
          rank: e.rank,
          account_id: e.account_id,
          value_at_stake: e.value_at_stake,
          reason: e.reason,
          recent_mean: e.drop.recent_mean,
          history_mean: e.drop.history_mean,
          recent_positive: e.drop.recent_positive,
          history_positive: e.drop.history_positive,
          recent_negative: e.drop.recent_negative,
          history_negative: e.drop.history_negative,
          z: e.drop.z,
        })),
        columns: [
          "rank",
          "account_id",
          "value_at_stake",
          "reason",
          "recent_mean",
          "history_mean",
          "z",
        ],
      },
      { name: "next_best_actions", rows: rows(s.next_best_actions) },
      { name: "exceptions", rows: rows(s.exceptions.all) },
    ],
  };
}

/**
 * Operative: teams, regions and industries compared, and who performs above or below
 * the norm.
 *
 * Complexity: O(comparisons) plus rendering up to three charts.
 *
 * @example
 * ```ts
 * import { comparisonsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await comparisonsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function comparisonsSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const comparisonCharts: Figure[] = [];
  for (const c of s.comparisons.slice(0, 3)) {
    comparisonCharts.push(await comparisonFigure(c, src, s.performers));
  }
  return {
    id: "comparisons",
    level: "Operative",
    title: "Teams, regions and industries",
    question: "Who performs above the norm, and where do the patterns differ?",
    paragraphs: performerSentences(s.performers),
    charts: comparisonCharts,
    tables: [
      ...s.comparisons.map((c) => ({
        name: `comparison_${c.dimension}`,
        title: `Comparison by ${columnLabel(c.dimension).toLowerCase()}`,
        rows: rows(c.groups),
      })),
      {
        name: "performers",
        rows: rows(s.performers),
        columns: PERFORMER_COLUMNS,
      },
    ],
  };
}

/**
 * Innovation & development: where the process loses RV — the share of account-months
 * with negative RV by lifecycle stage, and the interaction types behind it.
 *
 * Complexity: O(stages + types).
 *
 * @example
 * ```ts
 * import { processGapsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await processGapsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export function processGapsSection(study: Study, _src: ChartSource): Promise<ReportSection> {
  const gaps = study.process_gaps;
  return Promise.resolve({
    id: "process-gaps",
    level: "Innovation & development",
    title: "Process gaps",
    question: "Where in the lifecycle does the process lose RV?",
    paragraphs: [
      `By stage, the share of account-months with negative RV is ${
        gaps.stages.map((g) => `${g.stage} ${pct(g.negative_share)}`).join(", ") || "not measurable"
      }.`,
    ],
    charts: [],
    tables: [
      { name: "process_gaps_stages", rows: gaps.stages },
      { name: "process_gaps_types", rows: gaps.types },
    ],
  });
}

/**
 * Innovation & development: what the best accounts make a habit of that the others
 * do not (the basis of the next best actions).
 *
 * Complexity: O(best-practice rows).
 *
 * @example
 * ```ts
 * import { bestPracticeSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await bestPracticeSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export function bestPracticeSection(study: Study, _src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  return Promise.resolve({
    id: "best-practice",
    level: "Innovation & development",
    title: "Best practice",
    question: "What do the best accounts do that the others do not?",
    paragraphs: [
      `Best practice (${s.best_practice_basis.best_accounts} vs the other customers: the share of each that had the type; sorted by r, how much more the better customers make a habit of the type than their activity explains, with its Holm-adjusted p): ${
        s.best_practice.slice(0, 5).map((p) =>
          `${p.interaction_type} (${pct(p.rate_top)} vs ${pct(p.rate_rest)}, r ${
            num(p.association)
          }, adjusted p ${num(p.p_adjusted)}, n ${p.n_top}/${p.n_rest}${
            p.habit_share > 0
              ? `; a habit of ${pct(p.habit_share)} of customers, about ${
                num(p.habit_extra)
              } more in the window`
              : ""
          })`
        ).join("; ") || "n/a"
      }.`,
    ],
    charts: [],
    tables: [{
      name: "best_practice",
      rows: rows(s.best_practice),
      columns: [
        "interaction_type",
        "stage",
        "rate_top",
        "rate_rest",
        "association",
        "p_adjusted",
        "habit_share",
        "habit_extra",
        "n_top",
        "n_rest",
      ],
    }],
  });
}

/**
 * Innovation & development: community and co-creation initiatives — the RV-Q answers
 * for community members and for each initiative in the accounts table, or a prompt
 * for the team when the data has neither.
 *
 * Complexity: O(rvq rows).
 *
 * @example
 * ```ts
 * import { communitySection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await communitySection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export function communitySection(study: Study, _src: ChartSource): Promise<ReportSection> {
  const answers = study.segments.rvq.filter((r) =>
    r.question === "community_vs_not" || r.question.startsWith("initiative:")
  );
  const measurable = answers.some((r) => r.verdict !== "not_testable");
  return Promise.resolve({
    id: "community",
    level: "Innovation & development",
    title: "Community and co-creation initiatives",
    question: "Do community members and the accounts in an initiative build more RV?",
    paragraphs: answers.map(rvqSentence),
    charts: [],
    tables: [{ name: "community_initiatives", rows: answers as unknown as Rows }],
    ...(measurable ? {} : {
      prompt:
        "the data has no community flag or initiative: record which accounts take part in the community (accounts.community_member) and which interactions belong to a co-creation initiative (interactions.initiative), so the next report can answer.",
    }),
  });
}

/**
 * Results: profit, share of wallet and retention — the whale curve, the revenue from
 * existing customers and the share-of-wallet figures.
 *
 * Complexity: O(whale-curve points) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { profitSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await profitSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function profitSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const b = s.starting_benchmark;
  const sow = s.crm_scorecard.share_of_wallet;
  return {
    id: "profit",
    level: "Results",
    title: "Profit, share of wallet and retention",
    question: "Where does the profit come from, and do we keep our customers and their wallets?",
    paragraphs: [
      `Whale curve: the profitable customers make ${
        pct(s.whale_curve.peak.cumulative_share)
      } of total profit (${pct(s.whale_curve.peak.share_of_customers)} of customers); ${
        pct(s.whale_curve.share_destroying_profit)
      } of customers destroy profit.`,
      `${pct(b.retention_revenue_share)} of the window's revenue comes from existing customers.`,
      sow
        ? `${pct(sow.above_50)} of active customers give us more than half of their wallet.`
        : "Share of wallet: not measurable (no wallet estimate on the accounts).",
    ],
    charts: [await whaleFigure(s, src)],
    tables: [{ name: "whale_curve", rows: s.whale_curve.points }],
  };
}

/**
 * Results: the out-of-time back-test (verdicts, lead–lag, ROC, gain, calibration
 * vs holdout).
 *
 * Complexity: O(correlogram + ROC points + AUC results) plus rendering up to five charts.
 *
 * @example
 * ```ts
 * import { leadingSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await leadingSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function leadingSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const { validation: v, roc, gain, target } = study.backtest;
  const charts: Figure[] = [];
  if (v.lead_lag.revenue.correlogram.some((c) => Number.isFinite(c.r))) {
    charts.push(
      await correlogramChart(v.lead_lag.revenue.correlogram, {
        lead: v.lead_lag.revenue.lead,
        low: v.lead_lag.revenue.r_ci_low,
        high: v.lead_lag.revenue.r_ci_high,
      }, src),
    );
  }
  if (roc.length) {
    charts.push(await rocFigure({ roc, target }, src), await gainFigure({ gain, target }, src));
  }
  const tested = v.results.flatMap((r) =>
    r.status === "tested"
      ? [{ ...r, auc: r.auc!, auc_ci_low: r.auc_ci_low!, auc_ci_high: r.auc_ci_high! }]
      : []
  );
  if (tested.length) charts.push(aucForestChart(tested, src));
  if (v.cutoffs.length) {
    charts.push(calibrationHoldoutChart(study.backtest.totals, study.backtest.windows, src));
  }
  const paragraphs = [
    `Out-of-time back-test: cutoffs ${
      v.cutoffs.join(", ") || "none"
    }, horizon ${v.horizon} months, ${v.observations} account-cutoff observations; account-cluster bootstrap CIs, Holm-adjusted.`,
    ...v.notes.map((n) => `Note: ${n}.`),
    ...v.verdicts.map((x) =>
      `${x.target}: ${
        x.rv_leads ? "RV is a leading indicator" : "not shown to lead"
      } — ${x.reason}.`
    ),
    v.lead_lag.revenue.lead === null && v.lead_lag.revenue.verdict !== "not_testable"
      ? "No lead–lag estimate (no money series)."
      : `Lead of RV changes over revenue changes: ${leadSentence(v.lead_lag.revenue, "revenue")}.`,
  ];
  return {
    id: "leading",
    level: "Results",
    title: "RV as a leading indicator",
    question:
      "Does RV move before profit, revenue growth and share of wallet — better than the lagging indicators?",
    paragraphs,
    charts,
    tables: [
      {
        name: "validation_results",
        rows: rows(v.results),
        columns: [
          "target",
          "predictor",
          "status",
          "n",
          "auc",
          "auc_ci_low",
          "auc_ci_high",
          "p_adjusted",
          "lift_top10",
          "reason",
        ],
      },
      { name: "validation_verdicts", title: "Back-test verdicts", rows: rows(v.verdicts) },
      {
        name: "lead_lag_revenue",
        title: "Lead–lag of RV and revenue changes",
        rows: v.lead_lag.revenue.correlogram,
      },
    ],
  };
}

/**
 * Results: what customers do (RV) against what they say (NPS/CSAT), or why that is
 * not measurable, with a prompt for the team.
 *
 * Complexity: O(quadrant + disagreements) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { sayDoSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await sayDoSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function sayDoSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const sd = study.say_vs_do;
  const section = {
    id: "say-do",
    level: "Results" as const,
    title: "Say vs do",
    question: "Do our customers do what they say?",
  };
  if (isSkipped(sd)) {
    return {
      ...section,
      paragraphs: [`Say vs do: not measurable on this data (${sd.skipped}).`],
      charts: [],
      tables: [],
      prompt:
        "collect voice-of-customer answers (NPS or CSAT) linked to accounts, in voc.csv, so what customers say can be set against what they do.",
    };
  }
  return {
    ...section,
    paragraphs: [
      `What customers do vs what they say (${sd.say_measure.toUpperCase()}, ${sd.observations} answers from ${sd.accounts} accounts): Spearman ${
        num(sd.correlation.spearman.value, 3)
      } (CI ${num(sd.correlation.spearman.low, 3)} to ${
        num(sd.correlation.spearman.high, 3)
      }); which leads money better: ${sd.leads.verdict}; ${sd.disagreements.length} answers where words and actions disagree.`,
    ],
    charts: [await sayDoFigure(sd, src)],
    tables: [
      { name: "say_do_quadrant", rows: rows(sd.quadrant) },
      { name: "say_do_disagreements", rows: rows(sd.disagreements) },
    ],
  };
}
