/**
 * rvlab's charts. Each takes plain typed data and a caption saying what kind of
 * data it is, and returns a rendered {@linkcode Chart} (SVG + spec). Titles and
 * axis titles carry units.
 *
 * @module
 */
import { caption, type Chart, type DataKind, renderVegaLite } from "./render.ts";

/** Where a chart's data comes from, for its caption. */
export interface ChartSource {
  kind: DataKind;
  source: string;
}

async function chart(
  id: string,
  title: string,
  src: ChartSource,
  spec: Record<string, unknown>,
): Promise<Chart> {
  const full = { title: { text: title, subtitle: caption(src.kind, src.source) }, ...spec };
  return { id, title, svg: await renderVegaLite(full), spec: full };
}

/** RV trajectories of segments: median line and inter-quartile band per period. */
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
  const x = byAge
    ? { field: "at", type: "quantitative", title: "relationship age (months)" }
    : { field: "at", type: "temporal", title: "month" };
  return chart("rv-trajectories", "RV per month by segment: median and inter-quartile band", src, {
    width: 560,
    height: 260,
    data: { values: points },
    encoding: { x, color: { field: "segment", type: "nominal", title: "segment" } },
    layer: [
      {
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          y: { field: "q1", type: "quantitative", title: "RV per month (points)" },
          y2: { field: "q3" },
        },
      },
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: { y: { field: "median", type: "quantitative" } },
      },
    ],
  });
}

/** The whale curve: cumulative profit (share of total) against customers ranked by profit. */
export function whaleCurveChart(
  points: readonly { share_of_customers: number; cumulative_share: number }[],
  src: ChartSource,
): Promise<Chart> {
  return chart(
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

/** Cost to engage against revenue per account, coloured by segment. */
export function costVsRevenueChart(
  accounts: readonly {
    account_id: string;
    interaction_cost: number;
    revenue: number;
    segment: string;
  }[],
  src: ChartSource,
): Promise<Chart> {
  return chart("cost-vs-revenue", "Cost to engage vs revenue per account, by profit segment", src, {
    width: 480,
    height: 300,
    data: { values: accounts },
    mark: { type: "point", filled: true, opacity: 0.6 },
    encoding: {
      x: {
        field: "interaction_cost",
        type: "quantitative",
        title: "cost to engage in the window (currency)",
        scale: { type: "symlog", zero: false },
      },
      y: {
        field: "revenue",
        type: "quantitative",
        title: "revenue in the window (currency)",
        scale: { type: "symlog", zero: false },
      },
      color: { field: "segment", type: "nominal", title: "profit segment" },
      shape: { field: "segment", type: "nominal" },
    },
  });
}

/** Lead–lag correlogram: correlation of RV changes with later money changes, per lag. */
export function correlogramChart(
  correlogram: readonly { lag: number; r: number; pairs: number }[],
  peak: { lead: number | null; low: number | null; high: number | null },
  src: ChartSource,
): Promise<Chart> {
  const ci = peak.lead !== null && peak.low !== null
    ? [{ lag: peak.lead, low: peak.low, high: peak.high }]
    : [];
  return chart(
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

/** ROC curves of several predictors (points from `rocPoints`). */
export function rocChart(
  curves: readonly { predictor: string; fpr: number; tpr: number }[],
  target: string,
  src: ChartSource,
): Promise<Chart> {
  return chart(`roc-${target}`, `ROC: RV vs baselines for ${target}`, src, {
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

/** Cumulative gain by decile: share of positives found in the top k deciles by predictor. */
export function gainChart(
  curves: readonly { predictor: string; decile: number; gain: number }[],
  target: string,
  src: ChartSource,
): Promise<Chart> {
  return chart(`gain-${target}`, `Cumulative gain for ${target}`, src, {
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

/** Horizontal bars with an optional reference rule (comparisons, scorecards, theme counts). */
export function barChart(
  id: string,
  title: string,
  rows: readonly { label: string; value: number; group?: string }[],
  axisTitle: string,
  src: ChartSource,
  options: { reference?: number; percent?: boolean } = {},
): Promise<Chart> {
  const layers: Record<string, unknown>[] = [{
    mark: { type: "bar" },
    encoding: {
      y: { field: "label", type: "nominal", title: null, sort: null },
      x: {
        field: "value",
        type: "quantitative",
        title: axisTitle,
        ...(options.percent ? { axis: { format: "%" } } : {}),
      },
      ...(rows.some((r) => r.group)
        ? { color: { field: "group", type: "nominal", title: null } }
        : {}),
    },
  }];
  if (options.reference !== undefined) {
    layers.push({
      mark: { type: "rule", color: "#D55E00", strokeDash: [4, 3] },
      encoding: { x: { datum: options.reference } },
    });
  }
  return chart(id, title, src, {
    width: 420,
    height: Math.max(80, 18 * rows.length),
    data: { values: rows },
    layer: layers,
  });
}

/** Box plots of a value by group (RV distributions by segment). */
export function boxplotChart(
  id: string,
  title: string,
  rows: readonly { group: string; value: number }[],
  axisTitle: string,
  src: ChartSource,
): Promise<Chart> {
  return chart(id, title, src, {
    width: 420,
    height: 60 + 40 * new Set(rows.map((r) => r.group)).size,
    data: { values: rows },
    mark: { type: "boxplot", extent: 1.5 },
    encoding: {
      y: { field: "group", type: "nominal", title: null },
      x: { field: "value", type: "quantitative", title: axisTitle },
      color: { field: "group", type: "nominal", legend: null },
    },
  });
}

/** A heat map of counts or shares (theme × case, co-occurrence, say–do quadrant, data map). */
export function heatmapChart(
  id: string,
  title: string,
  cells: readonly { row: string; column: string; value: number }[],
  valueTitle: string,
  src: ChartSource,
): Promise<Chart> {
  return chart(id, title, src, {
    data: { values: cells },
    width: Math.max(160, 28 * new Set(cells.map((c) => c.column)).size),
    height: Math.max(80, 18 * new Set(cells.map((c) => c.row)).size),
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          x: { field: "column", type: "nominal", title: null, sort: null },
          y: { field: "row", type: "nominal", title: null, sort: null },
          color: {
            field: "value",
            type: "quantitative",
            title: valueTitle,
            scale: { scheme: "blues" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          x: { field: "column", type: "nominal", sort: null },
          y: { field: "row", type: "nominal", sort: null },
          text: { field: "value", type: "quantitative", format: ".2~f" },
        },
      },
    ],
  });
}

/** Small multiples of RV per month: one sparkline per exception account. */
export function sparklinesChart(
  rows: readonly { id: string; period: string; rv: number }[],
  src: ChartSource,
): Promise<Chart> {
  return chart("exceptions", "Accounts out of pattern: RV per month", src, {
    data: { values: rows },
    facet: {
      row: {
        field: "id",
        type: "nominal",
        title: null,
        header: { labelAngle: 0, labelAlign: "left" },
      },
    },
    spec: {
      width: 360,
      height: 36,
      mark: { type: "line", strokeWidth: 1.5 },
      encoding: {
        x: { field: "period", type: "temporal", title: null, axis: null },
        y: { field: "rv", type: "quantitative", title: null, axis: { tickCount: 2 } },
      },
    },
  });
}
