/**
 * The RV-Q benchmark report: the analyses of every stage arranged by the four
 * levels of a customer-orientation review (strategic, operative, innovation &
 * development, results), each figure with the table behind it.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import {
  barChart,
  calibrationHoldoutChart,
  type Chart,
  type ChartSource,
  correlogramChart,
  gainChart,
  heatmapChart,
  rocChart,
  sparklinesChart,
  whaleCurveChart,
} from "../charts/mod.ts";
import type { DataKind } from "../charts/render.ts";
import { analyseSegments } from "../segments/analyse.ts";
import { buildPanel, panelTotals } from "../backtest/panel.ts";
import { validatePanel } from "../backtest/validate.ts";
import { backtestWindows, observations } from "../backtest/protocol.ts";
import { gainByDecile, rocPoints } from "../stats/roc.ts";
import { dataMap, processGaps } from "./data_map.ts";
import {
  comparisonFigure,
  costRevenueFigure,
  dataMapFigure,
  rvDistributionFigure,
  sayDoFigure,
  trajectoriesFigure,
} from "./figures.ts";
import { accountPanel } from "../voc/panel.ts";
import { sayVsDo } from "../voc/say_vs_do.ts";

/** A table behind a figure: written as CSV and JSON beside the report. */
export interface ReportTable {
  name: string;
  rows: Record<string, unknown>[];
}

/** One section of the report. */
export interface ReportSection {
  level: "Strategic" | "Operative" | "Innovation & development" | "Results";
  title: string;
  /** the question the section answers */
  question: string;
  paragraphs: string[];
  charts: Chart[];
  tables: ReportTable[];
}

/** A whole report. */
export interface ReportDoc {
  title: string;
  data_kind: DataKind;
  source: string;
  sections: ReportSection[];
}

const pct = (
  x: number | null | undefined,
) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(100 * x).toFixed(1)} %`);
const num = (
  x: number | null | undefined,
  d = 2,
) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(d));

/** Options for {@linkcode buildReport}. */
export interface BuildReportOptions {
  title?: string;
  dataKind: DataKind;
  /** where the data came from, for captions */
  source: string;
  seed?: number;
  horizon?: number;
  resamples?: number;
  log?: (line: string) => void;
}

/**
 * Runs the analyses on the canonical tables in the engine and assembles the report.
 *
 * Complexity: the sum of the analyses (segments, back-test, say vs do).
 */
export async function buildReport(engine: Engine, options: BuildReportOptions): Promise<ReportDoc> {
  const log = options.log ?? (() => {});
  const src: ChartSource = { kind: options.dataKind, source: options.source };
  const sections: ReportSection[] = [];

  log("report: segments, benchmark, scorecards");
  const s = await analyseSegments(engine);
  const b = s.starting_benchmark;
  const trajectories = await trajectoriesFigure(s, src);
  sections.push({
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
      b.rv_difference.p_value === null
        ? "There are no loss-making accounts to compare the top 20 % with."
        : `RV per month: median ${
          num(b.rv_difference.top_median)
        } for the top 20 % (n = ${b.rv_difference.n_top}) against ${
          num(b.rv_difference.loss_median)
        } for loss-making accounts (n = ${b.rv_difference.n_loss}); Cliff's delta ${
          num(b.rv_difference.cliffs_delta)
        }, Mann–Whitney p = ${b.rv_difference.p_value.toPrecision(2)}.`,
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
      { name: "accounts", rows: s.accounts_table as unknown as Record<string, unknown>[] },
    ],
  });

  const sc = s.crm_scorecard;
  sections.push({
    level: "Strategic",
    title: "CRM-strategy scorecard and customer relationships",
    question:
      "Which customers do we have, and how costly are the relationships we have established?",
    paragraphs: [
      `${sc.active} active, ${sc.passive} passive (not billed in the window) and ${sc.potential} potential customers. Potential is judged by ${
        sc.potential_basis.replaceAll("_", " ")
      }; repurchase by ${sc.repurchase_basis.replaceAll("_", " ")}.`,
      `Loyal customers (${sc.loyal_criteria.join(", ")}): ${
        pct(sc.loyal)
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
          { label: "loyal", value: sc.loyal, group: "loyalty" },
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
      {
        name: "relationship_types",
        rows: s.relationship_types as unknown as Record<string, unknown>[],
      },
    ],
  });

  log("report: exceptions, comparisons, process gaps");
  const atRisk = s.exceptions.at_risk.slice(0, 8);
  const ids = new Set(atRisk.map((e) => e.id));
  const spark = (await engine.query<{ id: string; period: string; rv: number }>(
    `SELECT account_id AS id, strftime(period, '%Y-%m-%d') AS period, round(sum(rv), 6) AS rv
     FROM (${scoredInteractionsSql()}) s
     WHERE occurred_at >= ${date(s.window.start)} GROUP BY ALL ORDER BY 1, 2`,
  )).filter((r) => ids.has(r.id));
  const gaps = await processGaps(engine);
  const comparisonCharts: Chart[] = [];
  for (const c of s.comparisons.slice(0, 3)) comparisonCharts.push(await comparisonFigure(c, src));
  sections.push({
    level: "Operative",
    title: "Accounts at risk, process gaps and comparisons",
    question:
      "Which accounts fall out of pattern, where does the process lose RV, and who performs above the norm?",
    paragraphs: [
      `${s.exceptions.count} accounts are out of their segment's pattern in the last 3 months; the at-risk list ranks those below their band or breaking downward from their own trend.`,
      ...atRisk.map((e) =>
        `${e.id} (${e.segment}, ${e.kind.replaceAll("_", " ")}): ${
          e.drivers.slice(0, 3).map((d) =>
            `${d.interaction_type} ${d.change >= 0 ? "+" : ""}${num(d.change, 1)}`
          ).join(", ") || "no interaction change"
        }; next best actions: ${e.next_best_actions.join(", ") || "none found"}.`
      ),
      `Process gaps: by stage, the share of account-months with negative RV is ${
        gaps.stages.map((g) => `${g.stage} ${pct(g.negative_share)}`).join(", ")
      }.`,
    ],
    charts: [...(spark.length ? [await sparklinesChart(spark, src)] : []), ...comparisonCharts],
    tables: [
      { name: "exceptions", rows: s.exceptions.all as unknown as Record<string, unknown>[] },
      {
        name: "at_risk",
        rows: atRisk.map((e) => ({
          ...e,
          drivers: JSON.stringify(e.drivers),
          next_best_actions: e.next_best_actions.join(" "),
        })),
      },
      { name: "process_gaps_stages", rows: gaps.stages },
      { name: "process_gaps_types", rows: gaps.types },
      ...s.comparisons.map((c) => ({
        name: `comparison_${c.dimension}`,
        rows: c.groups as unknown as Record<string, unknown>[],
      })),
    ],
  });

  log("report: data map and best practice");
  const map = await dataMap(engine);
  sections.push({
    level: "Innovation & development",
    title: "Data map, best practice and next best action",
    question: "What do the sources cover, what do the best accounts do that others do not?",
    paragraphs: [
      `The sources cover ${map.types_observed} of the ${map.types_in_ipf} IPF interaction types (${
        pct(map.coverage)
      }); ${map.missing.length} types are never observed — the data gaps to close before RV can speak for those stages and silos.`,
      `Best practice (top 20 % by profit vs the rest, Cohen's h): ${
        s.best_practice.slice(0, 5).map((p) =>
          `${p.interaction_type} (${pct(p.rate_top)} vs ${pct(p.rate_rest)}, h ${
            num(p.cohens_h)
          }, n ${p.n_top}/${p.n_rest})`
        ).join("; ") || "n/a"
      }.`,
    ],
    charts: [
      await dataMapFigure(map, src),
    ],
    tables: [
      { name: "data_map", rows: map.cells as unknown as Record<string, unknown>[] },
      { name: "data_map_relationship_types", rows: map.relationships },
      { name: "data_gaps", rows: map.missing },
      { name: "best_practice", rows: s.best_practice as unknown as Record<string, unknown>[] },
    ],
  });

  log("report: back-test");
  const panel = await buildPanel(engine);
  const v = validatePanel(panel, {
    horizon: options.horizon ?? 3,
    seed: options.seed ?? 1,
    resamples: options.resamples ?? 300,
  });
  const { observations: obs } = observations(panel, { horizon: options.horizon ?? 3 });
  const target = "revenue_growing" as const;
  const preds = ["rv_trend", "rv_level", "revenue_trend", "profit_last", "nps_last"] as const;
  const roc: { predictor: string; fpr: number; tpr: number }[] = [];
  const gain: { predictor: string; decile: number; gain: number }[] = [];
  for (const p of preds) {
    const u = obs.filter((o) => o.targets[target] !== null && o.predictors[p] !== null);
    const out = u.map((o) => o.targets[target]!);
    if (u.length < 10 || !out.some(Boolean) || out.every(Boolean)) continue;
    const sc2 = u.map((o) => o.predictors[p]!);
    const pts = rocPoints(sc2, out);
    const step = Math.max(1, Math.ceil(pts.length / 120));
    roc.push(
      ...pts.filter((_, i) => i % step === 0 || i === pts.length - 1).map((x) => ({
        predictor: p,
        ...x,
      })),
    );
    gain.push(
      ...gainByDecile(sc2, out).map((g) => ({ predictor: p, decile: g.decile, gain: g.gain })),
    );
  }
  const resultCharts: Chart[] = [];
  if (v.lead_lag.revenue.correlogram.some((c) => Number.isFinite(c.r))) {
    resultCharts.push(
      await correlogramChart(v.lead_lag.revenue.correlogram, {
        lead: v.lead_lag.revenue.lead,
        low: v.lead_lag.revenue.r_ci_low,
        high: v.lead_lag.revenue.r_ci_high,
      }, src),
    );
  }
  if (roc.length) {
    resultCharts.push(await rocChart(roc, target, src), await gainChart(gain, target, src));
  }
  if (v.cutoffs.length) {
    resultCharts.push(
      calibrationHoldoutChart(
        panelTotals(panel),
        backtestWindows(v.cutoffs, { horizon: v.horizon }),
        src,
      ),
    );
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
    v.lead_lag.revenue.lead === null
      ? "No lead–lag estimate (no money series)."
      : `Changes in RV precede changes in revenue by ${v.lead_lag.revenue.lead} months at the peak (r ${
        num(v.lead_lag.revenue.r, 3)
      }, CI ${num(v.lead_lag.revenue.r_ci_low, 3)} to ${num(v.lead_lag.revenue.r_ci_high, 3)}).`,
  ];
  const tables: ReportTable[] = [
    { name: "validation_results", rows: v.results as unknown as Record<string, unknown>[] },
    { name: "validation_verdicts", rows: v.verdicts as unknown as Record<string, unknown>[] },
    { name: "lead_lag_revenue", rows: v.lead_lag.revenue.correlogram },
  ];
  log("report: say vs do");
  try {
    const sd = sayVsDo(await accountPanel(engine), { seed: options.seed ?? 1 });
    if (sd.observations === 0) throw new Error("no NPS or CSAT answers in voc");
    paragraphs.push(
      `What customers do vs what they say (${sd.say_measure.toUpperCase()}, ${sd.observations} answers from ${sd.accounts} accounts): Spearman ${
        num(sd.correlation.spearman.value, 3)
      } (CI ${num(sd.correlation.spearman.low, 3)} to ${
        num(sd.correlation.spearman.high, 3)
      }); which leads money better: ${sd.leads.verdict}; ${sd.disagreements.length} answers where words and actions disagree.`,
    );
    resultCharts.push(await sayDoFigure(sd, src));
    tables.push({
      name: "say_do_quadrant",
      rows: sd.quadrant as unknown as Record<string, unknown>[],
    });
    tables.push({
      name: "say_do_disagreements",
      rows: sd.disagreements as unknown as Record<string, unknown>[],
    });
  } catch (e) {
    paragraphs.push(`Say vs do: not measurable on this data (${(e as Error).message}).`);
  }
  sections.push({
    level: "Results",
    title: "Is RV a leading indicator, and how does what customers do compare with what they say?",
    question:
      "Does RV move before profit, revenue growth and share of wallet — better than the lagging indicators?",
    paragraphs,
    charts: resultCharts,
    tables,
  });
  return {
    title: options.title ?? "RV-Q benchmark report",
    data_kind: options.dataKind,
    source: options.source,
    sections,
  };
}

/** One level of nesting flattened into `a_b` keys, for one-row tables. */
function flatten(o: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}_`));
    } else out[`${prefix}${k}`] = Array.isArray(v) ? v.join("; ") : v;
  }
  return out;
}
