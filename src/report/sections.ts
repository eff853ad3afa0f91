/**
 * The report's sections, one renderer each: a pure function of the
 * {@linkcode Study} (plus the chart source for captions) that returns the
 * section's paragraphs, charts and tables. No analysis happens here.
 *
 * @module
 */
import {
  aucForestChart,
  barChart,
  calibrationHoldoutChart,
  type Chart,
  type ChartSource,
  correlogramChart,
  type Figure,
  gainChart,
  heatmapChart,
  rocChart,
  sparklinesChart,
  whaleCurveChart,
} from "../charts/mod.ts";
import { isSkipped, type Study } from "../study/study.ts";
import { num, pct } from "../util/format.ts";
import { leadSentence } from "./validate_markdown.ts";
import {
  comparisonFigure,
  costRevenueFigure,
  dataMapFigure,
  rvDistributionFigure,
  sayDoFigure,
  trajectoriesFigure,
} from "./figures.ts";
import { rvqSentence } from "./rvq_section.ts";
import { performerSentences } from "./performers_text.ts";

/** A table behind a figure: written as CSV and JSON beside the report. */
export interface ReportTable {
  name: string;
  rows: Record<string, unknown>[];
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
  level: ReportLevel;
  title: string;
  /** the question the section answers */
  question: string;
  paragraphs: string[];
  /** charts, or the reason a chart is not drawn ({@linkcode Figure}) */
  charts: Figure[];
  tables: ReportTable[];
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
 * benchmark, the RV difference of top 20 % and loss-making accounts, the whale curve.
 *
 * Complexity: O(accounts) plus rendering four charts.
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
  const trajectories = await trajectoriesFigure(s, src);
  return {
    level: "Strategic",
    title: "Is there a discernible difference between the segments' RV patterns?",
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
      `Whale curve: the profitable customers make ${
        pct(s.whale_curve.peak.cumulative_share)
      } of total profit (${pct(s.whale_curve.peak.share_of_customers)} of customers); ${
        pct(s.whale_curve.share_destroying_profit)
      } of customers destroy profit.`,
    ],
    charts: [
      ...(trajectories ? [trajectories] : []),
      await rvDistributionFigure(s, src),
      await whaleCurveChart(s.whale_curve.points, src),
      await costRevenueFigure(s, src),
    ],
    tables: [
      { name: "starting_benchmark", rows: [flatten(b as unknown as Record<string, unknown>)] },
      { name: "profit_segments", rows: s.profit_segments },
      { name: "whale_curve", rows: s.whale_curve.points },
      { name: "accounts", rows: rows(s.accounts_table) },
    ],
  };
}

/**
 * Strategic: the CRM-strategy scorecard (active, passive, potential, loyal
 * customers, concentration, cross-selling) and the cost of each relationship type.
 *
 * Complexity: O(relationship types × segments) plus rendering two charts.
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
    level: "Strategic",
    title: "CRM-strategy scorecard and customer relationships",
    question:
      "Which customers do we have, and how costly are the relationships we have established?",
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
      await barChart(
        "scorecard",
        "Customer analysis: shares of active customers",
        [
          ...Object.entries(sc.profitability).map(([k, v]) => ({
            label: k.replaceAll("_", " "),
            value: v,
            group: "profitability",
          })),
          ...Object.entries(sc.repurchase_frequency).map(([k, v]) => ({
            label: `repurchase ${k}`,
            value: v,
            group: "repurchase",
          })),
          ...(sc.share_of_wallet
            ? [{
              label: "share of wallet > 50 %",
              value: sc.share_of_wallet.above_50,
              group: "share of wallet",
            }]
            : []),
          ...Object.entries(sc.loyal_components).flatMap(([k, v]) =>
            v === null ? [] : [{ label: k.replaceAll("_", " "), value: v, group: "loyalty" }]
          ),
          ...(sc.loyal === null ? [] : [{ label: "loyal", value: sc.loyal, group: "loyalty" }]),
        ],
        "share of active customers",
        src,
        { percent: true },
      ),
      await heatmapChart(
        "relationship-types",
        "Cost to engage by relationship type and profit segment",
        s.relationship_types.map((r) => ({
          row: r.relationship_type.replaceAll("_", " "),
          column: r.segment,
          value: Math.round(r.cost),
        })),
        "cost (currency)",
        src,
      ),
    ],
    tables: [
      { name: "crm_scorecard", rows: [flatten(sc as unknown as Record<string, unknown>)] },
      { name: "relationship_types", rows: rows(s.relationship_types) },
    ],
  };
}

/**
 * Operative: the accounts at risk with the interactions behind them and their next
 * best actions, the process gaps by stage, and the first comparisons.
 *
 * Complexity: O(exceptions + comparisons) plus rendering.
 *
 * @example
 * ```ts
 * import { operativeSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await operativeSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function operativeSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const gaps = study.process_gaps;
  const comparisonCharts: Chart[] = [];
  for (const c of s.comparisons.slice(0, 3)) {
    comparisonCharts.push(await comparisonFigure(c, src, s.performers));
  }
  const spark = study.at_risk_rv;
  return {
    level: "Operative",
    title: "Accounts at risk, process gaps and comparisons",
    question:
      "Which accounts fall out of pattern, where does the process lose RV, and who performs above the norm?",
    paragraphs: [
      `${
        s.exceptions.at_risk.length || "No"
      } accounts are at risk: in the last ${s.exceptions.at_risk_basis.recent_months} months their value-adding interactions thinned out and their value-destroying ones piled up more than ${s.exceptions.at_risk_basis.threshold_sd} sd beyond their own history's rates, and their RV fell. Ranked by value at stake (${s.exceptions.at_risk_basis.value_at_stake}), most first; ${s.exceptions.count} accounts are out of their segment's band.`,
      `Next best actions (the positive-RV interaction types the top 20 % of customers have and an account lacks): ${s.next_best_actions.length} for ${
        new Set(s.next_best_actions.map((a) => a.account_id)).size
      } customers, the at-risk ones first.`,
      `Process gaps: by stage, the share of account-months with negative RV is ${
        gaps.stages.map((g) => `${g.stage} ${pct(g.negative_share)}`).join(", ")
      }.`,
      ...performerSentences(s.performers),
    ],
    charts: [...(spark.length ? [await sparklinesChart(spark, src)] : []), ...comparisonCharts],
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
      },
      { name: "next_best_actions", rows: rows(s.next_best_actions) },
      { name: "exceptions", rows: rows(s.exceptions.all) },
      { name: "process_gaps_stages", rows: gaps.stages },
      { name: "process_gaps_types", rows: gaps.types },
      ...s.comparisons.map((c) => ({ name: `comparison_${c.dimension}`, rows: rows(c.groups) })),
      { name: "performers", rows: rows(s.performers) },
    ],
  };
}

/**
 * Innovation & development: what the sources cover of the IPF (the data map and
 * its gaps) and what the best accounts do that the others do not.
 *
 * Complexity: O(IPF types + best-practice rows) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { dataMapSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await dataMapSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function dataMapSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const s = study.segments;
  const map = study.data_map;
  return {
    level: "Innovation & development",
    title: "Data map, best practice and next best action",
    question: "What do the sources cover, what do the best accounts do that others do not?",
    paragraphs: [
      `The sources cover ${map.types_observed} of the ${map.types_in_ipf} IPF interaction types (${
        pct(map.coverage)
      }); ${map.missing.length} types are never observed — the data gaps to close before RV can speak for those stages and silos.`,
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
    charts: [await dataMapFigure(map, src)],
    tables: [
      { name: "data_map", rows: rows(map.cells) },
      { name: "data_map_relationship_types", rows: map.relationships },
      { name: "data_gaps", rows: map.missing },
      { name: "best_practice", rows: rows(s.best_practice) },
    ],
  };
}

/**
 * Results: the out-of-time back-test (verdicts, lead–lag, ROC, gain, calibration
 * vs holdout) and say vs do, or why say vs do is not measurable.
 *
 * Complexity: O(correlogram + ROC points + AUC results + quadrant) plus rendering up to six
 * charts.
 *
 * @example
 * ```ts
 * import { resultsSection } from "./sections.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await resultsSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function resultsSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const { validation: v, roc, gain, target } = study.backtest;
  const charts: Chart[] = [];
  if (v.lead_lag.revenue.correlogram.some((c) => Number.isFinite(c.r))) {
    charts.push(
      await correlogramChart(v.lead_lag.revenue.correlogram, {
        lead: v.lead_lag.revenue.lead,
        low: v.lead_lag.revenue.r_ci_low,
        high: v.lead_lag.revenue.r_ci_high,
      }, src),
    );
  }
  if (roc.length) charts.push(await rocChart(roc, target, src), await gainChart(gain, target, src));
  const tested = v.results.flatMap((r) =>
    r.status === "tested"
      ? [{ ...r, auc: r.auc!, auc_ci_low: r.auc_ci_low!, auc_ci_high: r.auc_ci_high! }]
      : []
  );
  if (tested.length) charts.push(await aucForestChart(tested, src));
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
  const tables: ReportTable[] = [
    { name: "validation_results", rows: rows(v.results) },
    { name: "validation_verdicts", rows: rows(v.verdicts) },
    { name: "lead_lag_revenue", rows: v.lead_lag.revenue.correlogram },
  ];
  const sd = study.say_vs_do;
  if (isSkipped(sd)) {
    paragraphs.push(`Say vs do: not measurable on this data (${sd.skipped}).`);
  } else {
    paragraphs.push(
      `What customers do vs what they say (${sd.say_measure.toUpperCase()}, ${sd.observations} answers from ${sd.accounts} accounts): Spearman ${
        num(sd.correlation.spearman.value, 3)
      } (CI ${num(sd.correlation.spearman.low, 3)} to ${
        num(sd.correlation.spearman.high, 3)
      }); which leads money better: ${sd.leads.verdict}; ${sd.disagreements.length} answers where words and actions disagree.`,
    );
    charts.push(await sayDoFigure(sd, src));
    tables.push(
      { name: "say_do_quadrant", rows: rows(sd.quadrant) },
      { name: "say_do_disagreements", rows: rows(sd.disagreements) },
    );
  }
  return {
    level: "Results",
    title: "Is RV a leading indicator, and how does what customers do compare with what they say?",
    question:
      "Does RV move before profit, revenue growth and share of wallet — better than the lagging indicators?",
    paragraphs,
    charts,
    tables,
  };
}
