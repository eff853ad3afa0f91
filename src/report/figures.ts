/**
 * The report's figures built from analysis results: one function per figure, used by
 * the report (`sections.ts`) and by the notebooks' rich display (`src/display/views.ts`),
 * so a chart looks the same wherever it is shown. A figure that would say nothing true
 * on the data (no revenue, medians all 0, a single group, all bars equal) is an
 * {@linkcode OmittedChart} with the reason instead.
 *
 * @module
 */
import {
  barChart,
  boxplotChart,
  type ChartSource,
  COST_VS_REVENUE_TITLE,
  costVsRevenueChart,
  EXCEPTIONS_TITLE,
  gainChart,
  heatmapChart,
  rocChart,
  rvTrajectoriesChart,
  sparklinesChart,
  whaleCurveChart,
} from "../charts/charts.ts";
import type { Chart, Figure, OmittedChart } from "../charts/render.ts";
import type { SayVsDoResult } from "../voc/say_vs_do.ts";
import type {
  BacktestStudy,
  DataMapResult as DataMap,
  SegmentsResult as Segments,
  Study,
} from "../study/study.ts";
import { num } from "../util/format.ts";
import { LOYALTY_CRITERIA } from "../segments/scorecard.ts";

type Comparison = Segments["comparisons"][number];

/**
 * RV trajectories (median and IQR band) of every profit segment; omitted without
 * patterns, with a single segment (no revenue: all accounts are `no_revenue`), or when the median of every segment is 0 in every month (most accounts
 * have no interaction in a given month, as on CDNOW: the medians would be one flat line
 * at 0 and the bands the only marks, saying less than the box plot).
 *
 * Complexity: O(pattern points) plus rendering.
 *
 * @example
 * ```ts
 * import { trajectoriesFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await trajectoriesFigure(s, src);
 * ```
 */
export async function trajectoriesFigure(s: Segments, src: ChartSource): Promise<Figure> {
  const id = "rv-trajectories", title = "RV per month by segment: median and inter-quartile band";
  if (!s.rv_patterns.length) return omitted(id, title, "no account has RV in the window");
  const single = singleSegment(s.rv_patterns.map((p) => p.segment));
  if (single) return omitted(id, title, single);
  if (s.rv_patterns.every((p) => p.median === 0)) {
    return omitted(
      id,
      title,
      "the median account of every segment has RV 0 in every month (most accounts have no interaction in a given month), so the medians would be one flat line at 0; see the RV distribution by segment instead",
    );
  }
  return await rvTrajectoriesChart(s.rv_patterns, src);
}

/**
 * RV per month in the window by profit segment (box plot); omitted with a single
 * segment or when every account has the same value (nothing to show but one line).
 *
 * Complexity: O(accounts) plus rendering.
 *
 * @example
 * ```ts
 * import { rvDistributionFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await rvDistributionFigure(s, src);
 * ```
 */
export async function rvDistributionFigure(s: Segments, src: ChartSource): Promise<Figure> {
  const id = "rv-distribution", title = "RV per month by profit segment";
  const rows = s.accounts_table.filter((a) => a.profit_segment).map((a) => ({
    group: a.profit_segment!,
    value: a.rv / s.window.months,
  }));
  if (!rows.length) return omitted(id, title, "no account has a profit segment in the window");
  const single = singleSegment(rows.map((r) => r.group));
  if (single) return omitted(id, title, single);
  if (rows.every((r) => r.value === rows[0].value)) {
    return omitted(id, title, `every account has the same RV per month (${num(rows[0].value)})`);
  }
  return await boxplotChart(id, title, rows, "RV per month in the window (points)", src);
}

/**
 * Cost to engage against revenue per account, by profit segment.
 *
 * Complexity: O(accounts) plus rendering.
 *
 * @example
 * ```ts
 * import { costRevenueFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await costRevenueFigure(s, src);
 * ```
 */
export async function costRevenueFigure(s: Segments, src: ChartSource): Promise<Figure> {
  const accounts = s.accounts_table.filter((a) => a.profit_segment);
  if (!hasRevenue(s)) {
    return omitted(
      "cost-vs-revenue",
      COST_VS_REVENUE_TITLE,
      NO_REVENUE,
    );
  }
  return await costVsRevenueChart(
    accounts.map((a) => ({
      account_id: a.account_id,
      interaction_cost: a.interaction_cost,
      revenue: a.revenue,
      segment: a.profit_segment!,
    })),
    src,
  );
}

/** Why a chart by profit segment is not drawn when all accounts are in one segment, or null. */
function singleSegment(segments: readonly string[]): string | null {
  const distinct = [...new Set(segments)];
  if (distinct.length !== 1) return null;
  return distinct[0] === "no_revenue"
    ? "no account has revenue in the window, so every account is in the one segment no_revenue: nothing to compare"
    : `every account is in the one segment ${distinct[0]}: nothing to compare`;
}

/** Why a chart of revenue or profit is not drawn on data without revenue. */
const NO_REVENUE = "no account has revenue in the window, so there is nothing to rank or plot";

/** Whether any account has revenue in the window. */
function hasRevenue(s: Segments): boolean {
  return s.accounts_table.some((a) => a.revenue !== 0);
}

/** An {@linkcode OmittedChart}: the chart's id and title and why it is not drawn. */
function omitted(id: string, title: string, reason: string): OmittedChart {
  return { id, title, omitted: reason };
}

/**
 * The whale curve; omitted without revenue in the window or when total profit is not
 * positive (a share of a total of 0 or less has no meaning).
 *
 * Complexity: O(points) plus rendering.
 *
 * @example
 * ```ts
 * import { whaleFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * await whaleFigure(s, { kind: "synthetic", source: "rvlab demo world" });
 * ```
 */
export async function whaleFigure(s: Segments, src: ChartSource): Promise<Figure> {
  const id = "whale-curve";
  const title = "Whale curve: cumulative profit by customers ranked most to least profitable";
  if (!hasRevenue(s)) return omitted(id, title, NO_REVENUE);
  if (!(s.whale_curve.total_profit > 0) || !s.whale_curve.points.length) {
    return omitted(
      id,
      title,
      `total profit in the window is ${
        num(s.whale_curve.total_profit)
      }, so no share of it can be drawn`,
    );
  }
  return await whaleCurveChart(s.whale_curve.points, src);
}

/**
 * The customer-analysis scorecard as bars (shares of active customers: profitability,
 * repurchase frequency, share of wallet, the loyalty criteria the data measures and
 * loyalty when measurable), each label written in full; omitted
 * when there is no active customer or every share is 0.
 *
 * Complexity: O(fields) plus rendering.
 *
 * @example
 * ```ts
 * import { scorecardFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * await scorecardFigure(s.crm_scorecard, { kind: "synthetic", source: "rvlab demo world" });
 * ```
 */
export async function scorecardFigure(
  sc: Pick<
    Segments["crm_scorecard"],
    | "active"
    | "profitability"
    | "repurchase_frequency"
    | "share_of_wallet"
    | "loyal"
    | "loyal_components"
  >,
  src: ChartSource,
): Promise<Figure> {
  const id = "scorecard", title = "Customer analysis: shares of active customers";
  const rows = [
    ...Object.entries(sc.profitability).map(([k, v]) => ({
      label: k.replaceAll("_", " "),
      value: v,
      group: "profitability",
    })),
    ...Object.entries(sc.repurchase_frequency).map(([k, v]) => ({
      label: `${k} ${k === "1" ? "purchase" : "purchases"} in the window`,
      value: v,
      group: "repurchase",
    })),
    ...(sc.share_of_wallet
      ? [{
        label: "share of wallet above 50 %",
        value: sc.share_of_wallet.above_50,
        group: "share of wallet",
      }]
      : []),
    ...Object.entries(sc.loyal_components).flatMap(([k, v]) =>
      v === null ? [] : [{
        label: `loyalty criterion: ${LOYALTY_CRITERIA[k as keyof typeof LOYALTY_CRITERIA]}`,
        value: v,
        group: "loyalty",
      }]
    ),
    ...(sc.loyal === null ? [] : [{ label: "loyal", value: sc.loyal, group: "loyalty" }]),
  ];
  if (!sc.active) {
    return omitted(id, title, "no active customer (none billed in the window)");
  }
  if (rows.every((r) => !r.value)) return omitted(id, title, "every share is 0");
  return await barChart(id, title, rows, "share of active customers (%)", src, { percent: true });
}

/**
 * Cost to engage by relationship type and profit segment (heat map, currency with
 * thousands separators); omitted when no relationship has a cost.
 *
 * Complexity: O(rows) plus rendering.
 *
 * @example
 * ```ts
 * import { relationshipTypesFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * await relationshipTypesFigure(s.relationship_types, { kind: "synthetic", source: "rvlab demo world" });
 * ```
 */
export async function relationshipTypesFigure(
  rows: readonly { relationship_type: string; segment: string; cost: number }[],
  src: ChartSource,
): Promise<Figure> {
  const id = "relationship-types";
  const title = "Cost to engage by relationship type and profit segment";
  if (!rows.some((r) => r.cost !== 0)) {
    return omitted(id, title, "no interaction has a cost in the window");
  }
  return await heatmapChart(
    id,
    title,
    rows.map((r) => ({
      row: r.relationship_type.replaceAll("_", " "),
      column: r.segment.replaceAll("_", " "),
      value: Math.round(r.cost),
    })),
    "cost in the window (currency)",
    src,
    { rowTitle: "relationship type", columnTitle: "profit segment", format: ",.0f" },
  );
}

/**
 * RV per account-month of the 25 highest groups of one comparison, with the norm as a
 * reference line; for a people dimension, each bar coloured by its performer verdict
 * (`above`, `below`, `within`, `not testable`: see `segments/performers.ts`). Labels
 * are written in full. Omitted with a single group, or when every group has the same
 * RV per account-month (the bars would all be equal: Olist's sellers, 10 each).
 *
 * Complexity: O(groups log groups) plus rendering.
 *
 * @example
 * ```ts
 * import { comparisonFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await comparisonFigure(s.comparisons[0], src, s.performers);
 * ```
 */
export async function comparisonFigure(
  c: Comparison,
  src: ChartSource,
  performers: readonly { dimension: string; id: string; verdict: string }[] = [],
): Promise<Figure> {
  const id = `comparison-${c.dimension}`;
  const title = `RV per account-month by ${c.dimension.replaceAll("_", " ")} (line: the norm)`;
  const dim = c.dimension.replaceAll("_", " ");
  if (c.groups.length < 2) {
    return omitted(
      id,
      title,
      `only ${
        c.groups.length ? `one ${dim} (${c.groups[0].group})` : `no ${dim}`
      }: nothing to compare`,
    );
  }
  const first = c.groups[0].rv_per_account_month;
  if (
    c.groups.every((g) =>
      Math.abs(g.rv_per_account_month - first) <= 1e-9 * Math.max(1, Math.abs(first))
    )
  ) {
    return omitted(
      id,
      title,
      `every ${dim} has the same RV per account-month (${
        num(first)
      }), so the bars would all be equal`,
    );
  }
  const verdict = new Map(
    performers.filter((p) => p.dimension === c.dimension).map((p) => [p.id, p.verdict]),
  );
  const groups = [...c.groups].sort((a, b) => b.rv_per_account_month - a.rv_per_account_month)
    .slice(0, 25);
  return await barChart(
    id,
    title,
    groups.map((g) => ({
      label: `${g.group} (n=${g.accounts})`,
      value: g.rv_per_account_month,
      ...(verdict.size
        ? { group: (verdict.get(g.group) ?? "not_testable").replace("_", " ") }
        : {}),
    })),
    "RV per account-month (points)",
    src,
    { reference: c.norm },
  );
}

/**
 * The data map: share of the IPF's interaction types observed, by stage and function.
 *
 * Complexity: O(cells) plus rendering.
 *
 * @example
 * ```ts
 * import { dataMapFigure } from "./figures.ts";
 * import { dataMap } from "../study/data_map.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await dataMapFigure(await dataMap(engine), src);
 * ```
 */
export function dataMapFigure(map: DataMap, src: ChartSource): Promise<Chart> {
  return heatmapChart(
    "data-map",
    "Data map: share of IPF interaction types observed, by stage and function",
    map.cells.map((c) => ({
      row: c.function,
      column: c.stage,
      value: c.types_in_ipf ? c.types_observed / c.types_in_ipf : 0,
    })),
    "share observed (%)",
    src,
    { rowTitle: "function", columnTitle: "stage", format: ".0%" },
  );
}

/**
 * The say–do quadrant: share of answers by RV level and what the customer said.
 *
 * Complexity: O(6) cells plus rendering.
 *
 * @example
 * ```ts
 * import { sayDoFigure } from "./figures.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await sayDoFigure(sayVsDo(await accountPanel(engine)), src);
 * ```
 */
export function sayDoFigure(sd: SayVsDoResult, src: ChartSource): Promise<Chart> {
  return heatmapChart(
    "say-do",
    "Say vs do: share of answers by RV level and what the customer said",
    sd.quadrant.map((q) => ({ row: `${q.rv} RV`, column: q.band, value: q.share })),
    "share of answers (%)",
    src,
    {
      rowTitle: "what they do (RV)",
      columnTitle: `what they say (${sd.say_measure.toUpperCase()})`,
      format: ".0%",
    },
  );
}

/** A predictor's name as the charts show it: "(reversed)" when the back-test reads it negated. */
function predictorLabel(r: { predictor: string; reversed?: boolean }): string {
  return r.reversed ? `${r.predictor} (reversed)` : r.predictor;
}

/**
 * ROC curves of the back-test's target, each predictor drawn as the verdict scores it:
 * a baseline that predicts better reversed (`readsReversed` in `backtest/validate.ts`)
 * is drawn reversed and labelled so. Omitted when no predictor could be scored.
 *
 * Complexity: O(points) plus rendering.
 *
 * @example
 * ```ts
 * import { rocFigure } from "./figures.ts";
 * const roc = [{ predictor: "profit_last", reversed: true, fpr: 0, tpr: 0 }, { predictor: "profit_last", reversed: true, fpr: 1, tpr: 1 }];
 * await rocFigure({ roc, target: "revenue_growing" }, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function rocFigure(
  bt: Pick<BacktestStudy, "roc" | "target">,
  src: ChartSource,
): Promise<Figure> {
  if (!bt.roc.length) {
    return omitted(
      `roc-${bt.target}`,
      `ROC: RV vs baselines for ${bt.target}`,
      "no predictor has 10 observations with both outcomes",
    );
  }
  return await rocChart(
    bt.roc.map((r) => ({ predictor: predictorLabel(r), fpr: r.fpr, tpr: r.tpr })),
    bt.target,
    src,
  );
}

/**
 * Cumulative gain by decile for the back-test's target, each predictor scored as in
 * {@linkcode rocFigure}. Omitted when no predictor could be scored.
 *
 * Complexity: O(points) plus rendering.
 *
 * @example
 * ```ts
 * import { gainFigure } from "./figures.ts";
 * const gain = [{ predictor: "rv_trend", reversed: false, decile: 1, gain: 0.3 }];
 * await gainFigure({ gain, target: "revenue_growing" }, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function gainFigure(
  bt: Pick<BacktestStudy, "gain" | "target">,
  src: ChartSource,
): Promise<Figure> {
  if (!bt.gain.length) {
    return omitted(
      `gain-${bt.target}`,
      `Cumulative gain for ${bt.target}`,
      "no predictor has 10 observations with both outcomes",
    );
  }
  return await gainChart(
    bt.gain.map((g) => ({ predictor: predictorLabel(g), decile: g.decile, gain: g.gain })),
    bt.target,
    src,
  );
}

/**
 * The at-risk accounts' RV per month since the window start as sparklines: a month
 * without interactions at 0, the account's profit segment's inter-quartile band behind
 * it, the months where the drop was flagged shaded. Omitted when no account is at risk.
 *
 * Complexity: O(accounts × months) plus rendering.
 *
 * @example
 * ```ts
 * import { exceptionsFigure } from "./figures.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * await exceptionsFigure(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export async function exceptionsFigure(
  study: Pick<Study, "segments" | "at_risk" | "at_risk_rv">,
  src: ChartSource,
): Promise<Figure> {
  const s = study.segments;
  if (!study.at_risk.length) {
    return omitted(
      "exceptions",
      EXCEPTIONS_TITLE,
      "no account is at risk",
    );
  }
  const segment = new Map(s.accounts_table.map((a) => [a.account_id, a.profit_segment]));
  const ids = study.at_risk.map((e) => e.account_id);
  const band = ids.flatMap((id) =>
    s.rv_patterns.filter((p) => p.segment === segment.get(id) && typeof p.at === "string")
      .map((p) => ({ id, period: p.at as string, q1: p.q1, q3: p.q3 }))
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  const rows = [...study.at_risk_rv].sort((a, b) =>
    (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0) || (a.period < b.period ? -1 : 1)
  );
  const last = [...study.at_risk.map((e) => e.drop.to), ...rows.map((r) => r.period)].sort().at(
    -1,
  )!;
  return await sparklinesChart(rows, src, {
    band,
    flagged: study.at_risk.map((e) => ({ id: e.account_id, from: e.drop.from, to: e.drop.to })),
    labels: Object.fromEntries(
      ids.map((id) => [id, segment.get(id) ? `${id} (${segment.get(id)})` : id]),
    ),
    months: { first: s.window.start, last },
  });
}
