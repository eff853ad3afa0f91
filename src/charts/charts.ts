/**
 * rvlab's charts. Each takes plain typed data and a caption saying what kind of
 * data it is, and returns a rendered {@linkcode Chart} (SVG + spec). Titles and
 * axis titles carry units.
 *
 * Two renderers, each where it reads best: Observable Plot (through jsdom, see
 * `plot.ts`) draws the small multiples (RV trajectories per segment, exception
 * sparklines, AUC per target), the box plots and the dot plots with interval
 * rules (the AUC forest plot); Vega-Lite draws the single-panel line, bar,
 * scatter and heat-map charts, whose specs are typed as its `TopLevelSpec`.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { TopLevelSpec } from "npm:vega-lite@6.5.0";
import { caption, type Chart, type ChartSource, PALETTE, renderVegaLite } from "./render.ts";
import { plotChart } from "./plot.ts";
import { segmentScale } from "./colours.ts";

export type { ChartSource } from "./render.ts";

/**
 * A Vega-Lite chart: the spec with rvlab's title and data-kind caption, rendered.
 *
 * Complexity: one Vega-Lite render.
 *
 * @example
 * ```ts
 * import { vegaLiteChart } from "./charts.ts";
 * const c = await vegaLiteChart("bars", "Bars", { kind: "synthetic", source: "demo" }, {
 *   data: { values: [{ a: "x", b: 1 }] },
 *   mark: "bar",
 *   encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
 * });
 * c.svg.startsWith("<svg"); // => true
 * ```
 */
export async function vegaLiteChart(
  id: string,
  title: string,
  src: ChartSource,
  spec: TopLevelSpec,
): Promise<Chart> {
  const full: TopLevelSpec = {
    ...spec,
    title: { text: title, subtitle: caption(src.kind, src.source) },
  };
  return { id, title, svg: await renderVegaLite(full), spec: { ...full } };
}

/** Distinct values in order of first appearance (a facet or colour domain that keeps the caller's order). */
function firstSeen<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** A `YYYY-MM-DD` (or ISO) date as a UTC `Date` for Plot's time scales. */
function utc(d: string): Date {
  return new Date(d.length === 10 ? d + "T00:00:00Z" : d);
}

/**
 * RV trajectories of segments as small multiples: one panel per segment (the profit
 * segments best first — top20, middle, loss, no_revenue — then any other in the
 * order it first appears) with the median RV per period as a line and the
 * inter-quartile band shaded in the same colour, on a shared y scale so levels
 * compare across panels; a note under the title says what line and band are. The
 * x axis is relationship age when `at` is a number, else the month.
 *
 * Rendered with Observable Plot (facets). Complexity: O(points log points).
 *
 * @example
 * ```ts
 * import { rvTrajectoriesChart } from "./charts.ts";
 * const c = await rvTrajectoriesChart(
 *   [{ segment: "top20", at: "2024-01-01", median: 5, q1: 3, q3: 8, n: 40 }],
 *   { kind: "synthetic", source: "demo" },
 * );
 * c.id; // => "rv-trajectories"
 * ```
 */
export function rvTrajectoriesChart(
  points: readonly {
    segment: string;
    at: string | number;
    median: number;
    q1: number;
    q3: number;
    n: number;
  }[],
  src: ChartSource,
): Promise<Chart> {
  const byAge = typeof points[0]?.at === "number";
  const seen = firstSeen(points.map((p) => p.segment));
  const segments = [
    ...SEGMENT_ORDER.filter((s) => seen.includes(s)),
    ...seen.filter((s) => !SEGMENT_ORDER.includes(s)),
  ];
  const rows = points.map((p) => ({
    ...p,
    x: typeof p.at === "number" ? p.at : utc(p.at),
  })).sort((a, b) => +a.x - +b.x);
  const panel = Math.max(180, Math.floor(560 / Math.max(1, segments.length)));
  const common = { x: "x", fx: "segment" } as const;
  const options: Plot.PlotOptions = {
    width: 60 + panel * segments.length,
    height: 300,
    marginLeft: 60,
    marginRight: 12,
    marginBottom: byAge ? 40 : 54,
    x: {
      ...(byAge ? {} : { type: "utc" as const }),
      label: byAge ? "relationship age (months)" : "month",
      labelAnchor: "center",
      labelArrow: "none",
      labelOffset: byAge ? 34 : 48,
      ticks: 4,
    },
    y: { label: "RV per month (points)", labelAnchor: "center", labelArrow: "none", grid: true },
    fx: { domain: segments, label: null, padding: 0.08 },
    color: segmentScale(segments),
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.ruleY([0], { stroke: "#999" }),
      Plot.areaY(rows, { ...common, y1: "q1", y2: "q3", fill: "segment", fillOpacity: 0.2 }),
      Plot.lineY(rows, { ...common, y: "median", stroke: "segment", strokeWidth: 2 }),
    ],
  };
  return Promise.resolve(plotChart(
    "rv-trajectories",
    "RV per month by segment: median and inter-quartile band",
    src,
    options,
    { points },
    ["line: the median account's RV; shaded: the middle half of the accounts (inter-quartile range)"],
  ));
}

/**
 * The whale curve: cumulative profit (share of total) against customers ranked by profit.
 *
 * Why: shows at a glance how much profit the best customers make and how much the
 * loss-making tail gives back (the curve rises above 100 % and falls).
 * Reference: Kaplan & Narayanan (2001), "Measuring and managing customer profitability".
 *
 * Complexity: O(points) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { whaleCurveChart } from "./charts.ts";
 * const points = [{ share_of_customers: 0.5, cumulative_share: 1.2 }, { share_of_customers: 1, cumulative_share: 1 }];
 * const c = await whaleCurveChart(points, { kind: "synthetic", source: "demo" });
 * c.id; // => "whale-curve"
 * ```
 */
export function whaleCurveChart(
  points: readonly { share_of_customers: number; cumulative_share: number }[],
  src: ChartSource,
): Promise<Chart> {
  return vegaLiteChart(
    "whale-curve",
    "Whale curve: cumulative profit by customers ranked most to least profitable",
    src,
    {
      width: 480,
      height: 280,
      data: { values: [{ share_of_customers: 0, cumulative_share: 0 }, ...points] },
      layer: [
        {
          mark: { type: "line", strokeWidth: 2 },
          encoding: {
            x: {
              field: "share_of_customers",
              type: "quantitative",
              title: "share of customers (%)",
              axis: { format: "%" },
            },
            y: {
              field: "cumulative_share",
              type: "quantitative",
              title: "cumulative profit (% of total)",
              axis: { format: "%" },
            },
          },
        },
        {
          mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
          encoding: { y: { datum: 1 } },
        },
      ],
    },
  );
}

/**
 * Cost to engage against revenue per account, coloured by segment.
 *
 * Why: shows which accounts cost more to engage than they bring, per profit segment.
 *
 * Complexity: O(accounts) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { costVsRevenueChart } from "./charts.ts";
 * const accounts = [{ account_id: "a", interaction_cost: 10, revenue: 100, segment: "top20" }];
 * const c = await costVsRevenueChart(accounts, { kind: "synthetic", source: "demo" });
 * c.id; // => "cost-vs-revenue"
 * ```
 */
export function costVsRevenueChart(
  accounts: readonly {
    account_id: string;
    interaction_cost: number;
    revenue: number;
    segment: string;
  }[],
  src: ChartSource,
): Promise<Chart> {
  const x = symlogAxis(accounts.map((a) => a.interaction_cost));
  const y = symlogAxis(accounts.map((a) => a.revenue));
  const seen = firstSeen(accounts.map((a) => a.segment));
  const segments = [
    ...SEGMENT_ORDER.filter((s) => seen.includes(s)),
    ...seen.filter((s) => !SEGMENT_ORDER.includes(s)),
  ];
  return vegaLiteChart("cost-vs-revenue", COST_VS_REVENUE_TITLE, src, {
    width: 480,
    height: 300,
    data: { values: accounts },
    mark: { type: "point", filled: true, opacity: 0.6 },
    encoding: {
      x: {
        field: "interaction_cost",
        type: "quantitative",
        title: "cost to engage (currency, log scale)",
        scale: x.scale,
        axis: x.axis,
      },
      y: {
        field: "revenue",
        type: "quantitative",
        title: "revenue (currency, log scale)",
        scale: y.scale,
        axis: y.axis,
      },
      color: {
        field: "segment",
        type: "nominal",
        title: "profit segment",
        scale: segmentScale(segments),
      },
      shape: {
        field: "segment",
        type: "nominal",
        title: "profit segment",
        scale: { domain: segments },
      },
    },
  });
}

/** The title of {@linkcode costVsRevenueChart}. */
export const COST_VS_REVENUE_TITLE =
  "Cost to engage vs revenue per account in the window, by profit segment";

/** Profit segments in reading order (best first); other segments follow in their own order. */
const SEGMENT_ORDER = ["top20", "middle", "loss", "no_revenue"];

/**
 * Tick values for a symlog axis over `values`: 0 when the data reach it, and 1–2–5 (or
 * 1–3, or powers of 10 as the range widens) times powers of ten between the smallest and
 * largest magnitude, on each side of 0 that has data. Why: Vega's own symlog ticks leave
 * whole decades unlabelled (nothing between 0 and 200,000 on Maven's revenue).
 *
 * Complexity: O(n + ticks).
 *
 * @example
 * ```ts
 * import { symlogTicks } from "./charts.ts";
 * symlogTicks([0, 15, 800]); // => [0, 10, 20, 50, 100, 200, 500]
 * ```
 */
export function symlogTicks(values: readonly number[]): number[] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0];
  const side = (mags: number[]): number[] => {
    if (!mags.length) return [];
    const lo = Math.min(...mags), hi = Math.max(...mags);
    const decades = Math.log10(hi / lo);
    const steps = decades < 0.8
      ? [1, 1.5, 2, 3, 4, 5, 6, 8]
      : decades < 1.5
      ? [1, 2, 3, 5]
      : decades < 3
      ? [1, 2, 5]
      : decades < 5
      ? [1, 3]
      : [1];
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      for (const m of steps) {
        const t = Number((m * 10 ** k).toPrecision(12));
        if (t >= lo * 0.999 && t <= hi * 1.001) out.push(t);
      }
    }
    // a narrow range between two ticks: its ends, rounded to 2 significant digits
    if (out.length < 2) {
      return [...new Set([lo, hi].map((v) => Number(v.toPrecision(2))))];
    }
    return out;
  };
  const pos = side(finite.filter((v) => v > 0));
  const neg = side(finite.filter((v) => v < 0).map((v) => -v)).map((v) => -v).reverse();
  const zero = finite.some((v) => v === 0) || (pos.length > 0 && neg.length > 0) ? [0] : [];
  return [...neg, ...zero, ...pos];
}

/**
 * A symlog scale fitted to the data (its domain the data's range, not stretched to 0,
 * with the linear part around 0 as wide as the smallest magnitude) and an axis with
 * {@linkcode symlogTicks}, labelled with thousands separators (d3 format ",~f").
 */
function symlogAxis(values: readonly number[]) {
  const finite = values.filter(Number.isFinite);
  const mags = finite.filter((v) => v !== 0).map(Math.abs);
  const constant = mags.length ? Math.min(...mags) : 1;
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  // pad the domain by 4 % of its width in the scale's own (symlog) space
  const f = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v) / constant);
  const inv = (t: number) => Math.sign(t) * Math.expm1(Math.abs(t)) * constant;
  const pad = 0.04 * (f(hi) - f(lo) || 1);
  const domain = [lo === 0 ? 0 : inv(f(lo) - pad), inv(f(hi) + pad)];
  // ticks over the padded domain (its ends rounded inwards), and 0 when the data reach it
  const ticks = symlogTicks([...(lo <= 0 ? [lo] : []), ...domain]).filter((t) =>
    t >= domain[0] && t <= domain[1]
  );
  return {
    scale: { type: "symlog" as const, constant, domain, nice: false, zero: false },
    axis: { values: ticks, format: ",~f", labelOverlap: "greedy" as const },
  };
}

/**
 * Lead–lag correlogram: correlation of RV changes with later money changes, per lag.
 *
 * Why: the back-test's lead–lag question drawn, with the peak's CI, so a reader sees
 * whether RV moves before revenue.
 *
 * Complexity: O(lags) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { correlogramChart } from "./charts.ts";
 * const correlogram = [{ lag: 0, r: 0.1, pairs: 10 }, { lag: 1, r: 0.4, pairs: 9 }];
 * const c = await correlogramChart(correlogram, { lead: 1, low: 0.2, high: 0.6 }, { kind: "synthetic", source: "demo" });
 * c.id; // => "lead-lag"
 * ```
 */
export function correlogramChart(
  correlogram: readonly { lag: number; r: number; pairs: number }[],
  peak: { lead: number | null; low: number | null; high: number | null },
  src: ChartSource,
): Promise<Chart> {
  const ci = peak.lead !== null && peak.low !== null
    ? [{ lag: peak.lead, low: peak.low, high: peak.high }]
    : [];
  return vegaLiteChart(
    "lead-lag",
    "Does RV move before revenue? Lagged correlation of within-account changes",
    src,
    {
      width: 520,
      height: 240,
      layer: [
        {
          data: { values: correlogram.filter((c) => Number.isFinite(c.r)) },
          mark: { type: "bar" },
          encoding: {
            x: { field: "lag", type: "ordinal", title: "lag in months (positive: RV first)" },
            y: { field: "r", type: "quantitative", title: "correlation r" },
            color: {
              condition: { test: `datum.lag === ${peak.lead ?? "null"}`, value: "#D55E00" },
              value: "#0072B2",
            },
          },
        },
        {
          data: { values: ci },
          mark: { type: "rule", strokeWidth: 2 },
          encoding: {
            x: { field: "lag", type: "ordinal" },
            y: { field: "low", type: "quantitative" },
            y2: { field: "high" },
          },
        },
      ],
    },
  );
}

/**
 * ROC curves of several predictors (points from `rocPoints`).
 *
 * Why: compares RV with the baseline predictors on one target over all thresholds.
 *
 * Complexity: O(points) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { rocChart } from "./charts.ts";
 * const curves = [{ predictor: "rv_level", fpr: 0, tpr: 0 }, { predictor: "rv_level", fpr: 1, tpr: 1 }];
 * const c = await rocChart(curves, "retained", { kind: "synthetic", source: "demo" });
 * c.id; // => "roc-retained"
 * ```
 */
export function rocChart(
  curves: readonly { predictor: string; fpr: number; tpr: number }[],
  target: string,
  src: ChartSource,
): Promise<Chart> {
  return vegaLiteChart(`roc-${target}`, `ROC: RV vs baselines for ${target}`, src, {
    width: 320,
    height: 320,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: "line", strokeDash: [4, 4], color: "#999" },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
        },
      },
      {
        data: { values: curves },
        mark: { type: "line" },
        encoding: {
          x: { field: "fpr", type: "quantitative", title: "false-positive rate" },
          y: { field: "tpr", type: "quantitative", title: "true-positive rate" },
          color: { field: "predictor", type: "nominal" },
          order: { field: "fpr" },
        },
      },
    ],
  });
}

/**
 * Cumulative gain by decile: share of positives found in the top k deciles by predictor.
 *
 * Why: answers the practical question "if we contact the top k deciles by this
 * predictor, how many of the positives do we reach?".
 *
 * Complexity: O(points) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { gainChart } from "./charts.ts";
 * const c = await gainChart([{ predictor: "rv_level", decile: 1, gain: 0.3 }], "retained", { kind: "synthetic", source: "demo" });
 * c.id; // => "gain-retained"
 * ```
 */
export function gainChart(
  curves: readonly { predictor: string; decile: number; gain: number }[],
  target: string,
  src: ChartSource,
): Promise<Chart> {
  return vegaLiteChart(`gain-${target}`, `Cumulative gain for ${target}`, src, {
    width: 320,
    height: 280,
    data: { values: curves },
    mark: { type: "line", point: true },
    encoding: {
      x: {
        field: "decile",
        type: "quantitative",
        title: "accounts targeted (deciles by predictor)",
      },
      y: {
        field: "gain",
        type: "quantitative",
        title: "share of positives found",
        axis: { format: "%" },
      },
      color: { field: "predictor", type: "nominal" },
    },
  });
}

/**
 * Horizontal bars with an optional reference rule (comparisons, scorecards, theme counts).
 *
 * Why: one bar chart for every comparison, so all of them look and read alike.
 *
 * Complexity: O(rows) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { barChart } from "./charts.ts";
 * const rows = [{ label: "price", value: 12 }, { label: "service", value: 7 }];
 * const c = await barChart("theme-counts", "Answers per theme", rows, "answers", { kind: "synthetic", source: "demo" });
 * c.svg.startsWith("<svg"); // => true
 * ```
 */
export function barChart(
  id: string,
  title: string,
  rows: readonly { label: string; value: number; group?: string }[],
  axisTitle: string,
  src: ChartSource,
  options: { reference?: number; percent?: boolean } = {},
): Promise<Chart> {
  const reference = options.reference;
  return vegaLiteChart(id, title, src, {
    width: 420,
    height: Math.max(80, 18 * rows.length),
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: {
            field: "label",
            type: "nominal",
            title: null,
            sort: null,
            axis: { labelLimit: 0 },
          },
          x: {
            field: "value",
            type: "quantitative",
            title: axisTitle,
            ...(options.percent ? { axis: { format: ".0%" } } : {}),
          },
          ...(rows.some((r) => r.group)
            ? {
              color: {
                field: "group",
                type: "nominal",
                title: null,
                sort: firstSeen(rows.flatMap((r) => (r.group ? [r.group] : []))),
                legend: { labelLimit: 0 },
              },
            }
            : {}),
        },
      },
      ...(reference === undefined ? [] : [{
        mark: { type: "rule" as const, color: "#D55E00", strokeDash: [4, 3] },
        encoding: { x: { datum: reference } },
      }]),
    ],
  });
}

/**
 * Box plots of a value by group (RV distributions by segment): box from the first
 * to the third quartile, a tick at the median, whiskers to the furthest value
 * within 1.5 IQR (Tukey 1977), and points beyond them drawn as outliers. Groups
 * in alphabetical order, one row each, each in its segment's colour
 * (`segmentColour` in `colours.ts`, the same in every chart).
 *
 * Rendered with Observable Plot (`boxX`). Complexity: O(rows log rows).
 *
 * @example
 * ```ts
 * import { boxplotChart } from "./charts.ts";
 * const rows = [1, 2, 3, 4, 5].map((value) => ({ group: "top20", value }));
 * const c = await boxplotChart("rv", "RV per month", rows, "points", { kind: "synthetic", source: "demo" });
 * c.svg.startsWith("<svg"); // => true
 * ```
 */
export function boxplotChart(
  id: string,
  title: string,
  rows: readonly { group: string; value: number }[],
  axisTitle: string,
  src: ChartSource,
): Promise<Chart> {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const options: Plot.PlotOptions = {
    width: 520,
    height: 60 + 40 * groups.length,
    marginLeft: 90,
    marginBottom: 40,
    x: { label: axisTitle, labelAnchor: "center", labelArrow: "none", grid: true },
    y: { domain: groups, label: null },
    color: segmentScale(groups),
    marks: [
      Plot.boxX(rows, { x: "value", y: "group", fill: "group", fillOpacity: 0.7, r: 2.5 }),
    ],
  };
  return Promise.resolve(plotChart(id, title, src, options, { rows }));
}

/**
 * A heat map of counts or shares (theme × case, co-occurrence, say–do quadrant, data map),
 * each cell labelled with its value (`format`, a d3 format: ",.0f" for money, ".0%" for
 * shares; white on dark cells), cells sized for their labels and the labels written in
 * full, horizontally.
 *
 * Why: one heat map for every two-way table, readable at the size a report prints it.
 *
 * Complexity: O(cells) plus rendering one chart.
 *
 * @example
 * ```ts
 * import { heatmapChart } from "./charts.ts";
 * const cells = [{ row: "price", column: "service", value: 3 }];
 * const c = await heatmapChart("cooccurrence", "Co-occurrence", cells, "answers", { kind: "synthetic", source: "demo" });
 * c.id; // => "cooccurrence"
 * ```
 */
export function heatmapChart(
  id: string,
  title: string,
  cells: readonly { row: string; column: string; value: number }[],
  valueTitle: string,
  src: ChartSource,
  options: { rowTitle?: string; columnTitle?: string; format?: string } = {},
): Promise<Chart> {
  const columns = firstSeen(cells.map((c) => c.column));
  const rowsSeen = firstSeen(cells.map((c) => c.row));
  const format = options.format ?? ",.2~f";
  // wide enough for the column label and a value of up to 8 characters ("107,035", "0.25")
  const cell = Math.max(72, Math.ceil(7 * Math.max(0, ...columns.map((c) => c.length))) + 16);
  const top = Math.max(0, ...cells.map((c) => c.value));
  return vegaLiteChart(id, title, src, {
    data: { values: cells },
    width: cell * columns.length,
    height: Math.max(100, 34 * rowsSeen.length),
    encoding: {
      x: {
        field: "column",
        type: "nominal",
        title: options.columnTitle ?? null,
        sort: columns,
        axis: { labelAngle: 0, labelLimit: 0, orient: "top", domain: false, ticks: false },
      },
      y: {
        field: "row",
        type: "nominal",
        title: options.rowTitle ?? null,
        sort: rowsSeen,
        axis: { labelLimit: 0, domain: false, ticks: false },
      },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 1 },
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            title: valueTitle,
            scale: { scheme: "blues", domainMin: 0 },
            legend: { format },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "value", type: "quantitative", format },
          color: {
            condition: { test: `datum.value > ${0.6 * top}`, value: "white" },
            value: "black",
          },
        },
      },
    ],
  });
}

/** The title of {@linkcode sparklinesChart}. */
export const EXCEPTIONS_TITLE =
  "Accounts at risk: RV per month (points) against their segment's band";

/** The month starts (`YYYY-MM-01`) from the month of `first` to the month of `last`, inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7));
  const stop = last.slice(0, 7);
  for (let k = 0; k < 1200; k++) {
    const ym = `${y}-${String(m).padStart(2, "0")}`;
    out.push(`${ym}-01`);
    if (ym >= stop) break;
    m === 12 ? (y++, m = 1) : m++;
  }
  return out;
}

/**
 * Small multiples of RV per month: one sparkline per exception account (in the
 * order the accounts first appear), every month from the first to the last drawn,
 * a month without interactions at 0 (RV of no interaction), with, when given, the
 * inter-quartile band of the account's segment shaded behind the line and the
 * months where the drop was flagged shaded red. A shared y scale, the months (with
 * their year) on the bottom axis, the facet label saying each account's segment.
 *
 * Rendered with Observable Plot (facets). Complexity: O(accounts × months).
 *
 * @example
 * ```ts
 * import { sparklinesChart } from "./charts.ts";
 * const c = await sparklinesChart(
 *   [{ id: "A-1", period: "2024-01-01", rv: 4 }, { id: "A-1", period: "2024-03-01", rv: 1 }],
 *   { kind: "synthetic", source: "demo" },
 *   { flagged: [{ id: "A-1", from: "2024-03-01", to: "2024-03-01" }] },
 * );
 * c.title; // => "Accounts at risk: RV per month (points) against their segment's band"
 * ```
 */
export function sparklinesChart(
  rows: readonly { id: string; period: string; rv: number }[],
  src: ChartSource,
  options: {
    /** the segment's inter-quartile band for each account and month */
    band?: readonly { id: string; period: string; q1: number; q3: number }[];
    /** the months judged a drop, per account (`from`, `to`: month starts, inclusive) */
    flagged?: readonly { id: string; from: string; to: string }[];
    /** the facet label per account (default the id) */
    labels?: Readonly<Record<string, string>>;
    /** first and last month to draw (default: those of `rows`) */
    months?: { first: string; last: string };
  } = {},
): Promise<Chart> {
  const ids = firstSeen(rows.map((r) => r.id));
  const periods = rows.map((r) => r.period.slice(0, 10)).sort();
  const span = options.months ?? { first: periods[0] ?? "", last: periods.at(-1) ?? "" };
  const months = periods.length ? monthsBetween(span.first, span.last) : [];
  const rv = new Map(rows.map((r) => [`${r.id}|${r.period.slice(0, 10)}`, r.rv]));
  const label = (id: string) => options.labels?.[id] ?? id;
  const data = ids.flatMap((id) =>
    months.map((m) => ({ id: label(id), month: utc(m), rv: rv.get(`${id}|${m}`) ?? 0 }))
  );
  const band = (options.band ?? []).map((b) => ({
    id: label(b.id),
    month: utc(b.period.slice(0, 10)),
    q1: b.q1,
    q3: b.q3,
  })).sort((a, b) => +a.month - +b.month);
  const flagged = (options.flagged ?? []).map((f) => {
    const end = utc(f.to.slice(0, 10));
    return { id: label(f.id), x1: utc(f.from.slice(0, 10)), x2: end };
  });
  const labels = ids.map(label);
  const longest = Math.max(4, ...labels.map((i) => i.length));
  const notes = [
    ...(band.length
      ? ["grey band: the middle half (inter-quartile range) of the account's segment that month"]
      : []),
    ...(flagged.length
      ? ["red: the months where the drop was flagged; a month without interactions is 0"]
      : ["a month without interactions is 0"]),
  ];
  const plotOptions: Plot.PlotOptions = {
    width: 180 + 7 * longest + 380,
    height: 50 + 64 * ids.length,
    marginLeft: 16 + 7 * longest,
    marginRight: 56,
    marginBottom: 44,
    x: { type: "utc", label: null, ticks: 6, tickFormat: "%b %Y" },
    y: { axis: "right", ticks: 3, label: null },
    fy: { domain: labels, axis: "left", label: null, padding: 0.25 },
    marks: [
      Plot.rectX(flagged, {
        x1: "x1",
        x2: "x2",
        fy: "id",
        fill: "#D55E00",
        fillOpacity: 0.15,
        inset: -6,
      }),
      Plot.areaY(band, {
        x: "month",
        y1: "q1",
        y2: "q3",
        fy: "id",
        fill: "#999",
        fillOpacity: 0.25,
      }),
      Plot.ruleY([0], { stroke: "#bbb" }),
      Plot.lineY(data, { x: "month", y: "rv", fy: "id", stroke: PALETTE[0], strokeWidth: 1.5 }),
      Plot.dot(data, { x: "month", y: "rv", fy: "id", fill: PALETTE[0], r: 1.5 }),
    ],
  };
  return Promise.resolve(
    plotChart(
      "exceptions",
      EXCEPTIONS_TITLE,
      src,
      plotOptions,
      { rows },
      notes,
    ),
  );
}

/**
 * A forest plot of the back-test's AUCs: per target (one panel each, small
 * multiples; per target and horizon when the rows carry several horizons), each
 * predictor's AUC as a dot with its bootstrap confidence interval
 * (`auc_ci_low`–`auc_ci_high`, at whatever level the back-test used) as a
 * horizontal rule, and a dashed line at 0.5 (no better than chance). RV predictors
 * (named `rv_…`) are blue and the baselines grey, so the question the back-test
 * asks — does RV beat the baselines? — reads at a glance. Accepts the back-test's
 * result rows as they are (tested rows: AUC and CI not null).
 *
 * Rendered with Observable Plot; synchronous (a display adapter can draw it).
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { aucForestChart } from "./charts.ts";
 * const c = aucForestChart(
 *   [{ target: "revenue_growing", predictor: "rv_trend", auc: 0.62, auc_ci_low: 0.55, auc_ci_high: 0.69 }],
 *   { kind: "synthetic", source: "demo" },
 * );
 * c.id; // => "auc-forest"
 * ```
 */
export function aucForestChart(
  results: readonly {
    target: string;
    predictor: string;
    horizon?: number;
    auc: number;
    auc_ci_low: number;
    auc_ci_high: number;
  }[],
  src: ChartSource,
): Chart {
  const horizons = firstSeen(results.map((r) => r.horizon));
  const panel = (r: { target: string; horizon?: number }) =>
    horizons.length > 1 ? `${r.target}, ${r.horizon} months` : r.target;
  const targets = firstSeen(results.map(panel));
  const predictors = firstSeen(results.map((r) => r.predictor));
  const longest = Math.max(6, ...predictors.map((p) => p.length), ...targets.map((t) => t.length));
  const rows = results.map((r) => ({
    target: panel(r),
    predictor: r.predictor,
    auc: r.auc,
    auc_ci_low: r.auc_ci_low,
    auc_ci_high: r.auc_ci_high,
    kind: r.predictor.startsWith("rv") ? "RV" : "baseline",
  }));
  const notes = [
    "blue: RV predictors (rv_…); grey: baselines",
    ...(horizons.length === 1 && horizons[0] !== undefined
      ? [`targets over the ${horizons[0]} months after each cutoff`]
      : []),
  ];
  const lo = Math.min(0.4, ...rows.map((r) => r.auc_ci_low));
  const hi = Math.max(0.6, ...rows.map((r) => r.auc_ci_high));
  const options: Plot.PlotOptions = {
    width: 560,
    height: 50 + targets.length * (16 + 20 * predictors.length),
    marginLeft: 16 + 7 * longest,
    marginRight: 16 + 7 * longest,
    marginBottom: 40,
    x: {
      domain: [Math.max(0, lo - 0.02), Math.min(1, hi + 0.02)],
      label: "AUC (dot) with bootstrap confidence interval (line); dashed: 0.5 = chance",
      labelAnchor: "center",
      labelArrow: "none",
      grid: true,
    },
    y: { domain: predictors, label: null },
    fy: { domain: targets, axis: "right", label: null },
    color: { domain: ["RV", "baseline"], range: [PALETTE[0], "#777"] },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.ruleX([0.5], { stroke: "#555", strokeDasharray: "4,3" }),
      Plot.ruleY(rows, {
        y: "predictor",
        fy: "target",
        x1: "auc_ci_low",
        x2: "auc_ci_high",
        stroke: "kind",
        strokeWidth: 2,
      }),
      Plot.dot(rows, { x: "auc", y: "predictor", fy: "target", fill: "kind", r: 4 }),
    ],
  };
  return plotChart(
    "auc-forest",
    "Back-test: AUC per predictor and target, with confidence intervals",
    src,
    options,
    { rows },
    notes,
  );
}
