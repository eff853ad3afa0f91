/**
 * The holdout charts of a customer-base analysis ({@linkcode ClvResult}): cumulative and
 * incremental tracking of repeat transactions (actual vs each model, the calibration's end
 * marked), holdout transactions by calibration frequency, and the P(alive) matrix.
 *
 * @module
 */
import type { ClvResult } from "../backtest/clv/analysis.ts";
import type { Chart, ChartSource } from "./render.ts";
import { vegaLiteChart } from "./charts.ts";

/** Tracking rows in long form: one per period and series ("actual" or a model). */
function trackingRows(r: ClvResult, incremental: boolean) {
  const rows: { t: number; series: string; value: number }[] = [];
  let prev: Record<string, number> = {};
  for (const p of r.tracking) {
    const cur: Record<string, number> = { actual: p.actual, ...p.predicted };
    for (const [series, v] of Object.entries(cur)) {
      rows.push({ t: p.t, series, value: incremental ? v - (prev[series] ?? 0) : v });
    }
    prev = cur;
  }
  return rows;
}

/**
 * The tracking chart: repeat transactions per period of the calibration cohort, actual
 * and expected by each model, cumulative or incremental, with a rule at the
 * calibration's end (Fader, Hardie & Lee 2005, figures 2 and 3).
 *
 * Complexity: O(periods × models) plus one render.
 *
 * @example
 * ```ts
 * import { clvTrackingChart } from "./clv.ts";
 * import { analyseClv } from "../backtest/clv/analysis.ts";
 * import { readTransactions } from "../backtest/clv/transactions.ts";
 * const r = analyseClv(await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz"));
 * (await clvTrackingChart(r, "cumulative", { kind: "real", source: "CDNOW" })).id;
 * // => "clv-tracking-cumulative"
 * ```
 */
export function clvTrackingChart(
  r: ClvResult,
  kind: "cumulative" | "incremental",
  src: ChartSource,
): Promise<Chart> {
  const calT = r.tracking.find((p) => p.day === r.calibration.end)?.t ??
    r.tracking[0]?.t ?? 0;
  return vegaLiteChart(
    `clv-tracking-${kind}`,
    `${
      kind === "cumulative" ? "Cumulative" : "Incremental"
    } repeat transactions: actual vs expected`,
    src,
    {
      width: 560,
      height: 280,
      layer: [
        {
          data: { values: trackingRows(r, kind === "incremental") },
          mark: { type: "line" },
          encoding: {
            x: { field: "t", type: "quantitative", title: `${r.unit}s since the log's start` },
            y: {
              field: "value",
              type: "quantitative",
              title: `repeat transactions${kind === "incremental" ? ` per ${r.unit}` : ""}`,
            },
            color: { field: "series", type: "nominal", title: null },
            strokeDash: {
              condition: { test: "datum.series === 'actual'", value: [1, 0] },
              value: [5, 3],
            },
          },
        },
        {
          data: { values: [{ t: calT }] },
          mark: { type: "rule", color: "#888", strokeDash: [2, 2] },
          encoding: { x: { field: "t", type: "quantitative" } },
        },
      ],
    },
  );
}

/**
 * Holdout transactions per customer by calibration frequency (0 … 6, 7+), actual vs each
 * model's expectation (lifetimes' `plot_calibration_purchases_vs_holdout_purchases`).
 *
 * Complexity: O(groups × models) plus one render.
 *
 * @example
 * ```ts
 * import { clvFrequencyChart } from "./clv.ts";
 * import { analyseClv } from "../backtest/clv/analysis.ts";
 * import { readTransactions } from "../backtest/clv/transactions.ts";
 * const r = analyseClv(await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz"));
 * (await clvFrequencyChart(r, { kind: "real", source: "CDNOW" })).id; // => "clv-holdout-by-frequency"
 * ```
 */
export function clvFrequencyChart(r: ClvResult, src: ChartSource): Promise<Chart> {
  const rows: { frequency: string; series: string; per_customer: number }[] = [];
  for (const [i, h] of r.holdout_check.entries()) {
    for (const g of h.by_frequency) {
      if (i === 0) {
        rows.push({
          frequency: g.frequency,
          series: "actual",
          per_customer: g.actual / g.customers,
        });
      }
      rows.push({
        frequency: g.frequency,
        series: h.model,
        per_customer: g.predicted / g.customers,
      });
    }
  }
  return vegaLiteChart(
    "clv-holdout-by-frequency",
    "Holdout transactions per customer by calibration frequency",
    src,
    {
      width: 420,
      height: 260,
      data: { values: rows },
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "frequency",
          type: "ordinal",
          sort: null,
          title: "repeat transactions in calibration",
        },
        y: {
          field: "per_customer",
          type: "quantitative",
          title: "holdout transactions per customer",
        },
        color: { field: "series", type: "nominal", title: null },
      },
    },
  );
}

/**
 * P(alive) at the end of calibration by frequency and recency, for T = the longest
 * calibration (lifetimes' `plot_probability_alive_matrix`).
 *
 * Complexity: O(cells) plus one render.
 *
 * @example
 * ```ts
 * import { clvPAliveChart } from "./clv.ts";
 * import { analyseClv } from "../backtest/clv/analysis.ts";
 * import { readTransactions } from "../backtest/clv/transactions.ts";
 * const r = analyseClv(await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz"));
 * (await clvPAliveChart(r, { kind: "real", source: "CDNOW" })).id; // => "clv-p-alive"
 * ```
 */
export function clvPAliveChart(r: ClvResult, src: ChartSource): Promise<Chart> {
  const values = r.p_alive_matrix.filter((c) => c.x > 0).map((c) => ({
    x: c.x,
    tx: Math.round(c.tx * 10) / 10,
    p_alive: c.p_alive,
  }));
  return vegaLiteChart(
    "clv-p-alive",
    `P(alive) by frequency and recency (${r.clv.model}, end of calibration)`,
    src,
    {
      width: 420,
      height: 300,
      data: { values },
      mark: { type: "rect" },
      encoding: {
        x: { field: "tx", type: "ordinal", title: `recency t_x (${r.unit}s)` },
        y: { field: "x", type: "ordinal", sort: "descending", title: "frequency x" },
        color: {
          field: "p_alive",
          type: "quantitative",
          scale: { domain: [0, 1], scheme: "viridis" },
          title: "P(alive)",
        },
      },
    },
  );
}

/**
 * Every holdout chart of an analysis.
 *
 * Complexity: four renders.
 *
 * @example
 * ```ts
 * import { clvCharts } from "./clv.ts";
 * import { analyseClv } from "../backtest/clv/analysis.ts";
 * import { readTransactions } from "../backtest/clv/transactions.ts";
 * const r = analyseClv(await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz"));
 * (await clvCharts(r, { kind: "real", source: "CDNOW" })).length; // => 4
 * ```
 */
export async function clvCharts(r: ClvResult, src: ChartSource): Promise<Chart[]> {
  return [
    await clvTrackingChart(r, "cumulative", src),
    await clvTrackingChart(r, "incremental", src),
    await clvFrequencyChart(r, src),
    await clvPAliveChart(r, src),
  ];
}
