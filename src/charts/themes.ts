/**
 * Charts of a theme analysis: the theme × question (or case) heat map and the
 * theme co-occurrence matrix, with both axes in a fixed order (codebook order
 * for themes) so that rows and columns line up.
 *
 * @module
 */
import type { TopLevelSpec } from "npm:vega-lite@6.5.0";
import { caption, type Chart, type ChartSource, renderVegaLite } from "./render.ts";

/**
 * Theme × case heat map of shares (0–1) with the count in each cell; rows in
 * the given theme order, columns in the given case order.
 *
 * @example
 * ```ts
 * import { themeHeatmapChart } from "./themes.ts";
 * import type { ChartSource } from "./charts.ts";
 * const src: ChartSource = { kind: "synthetic", source: "rvlab demo" };
 * await themeHeatmapChart([{ theme: "CRM", case: "q1", share: 0.5, count: 5 }], ["CRM"], ["q1"], "question", src);
 * ```
 */
export async function themeHeatmapChart(
  cells: readonly { theme: string; case: string; share: number; count: number }[],
  themes: readonly string[],
  cases: readonly string[],
  caseTitle: string,
  src: ChartSource,
): Promise<Chart> {
  const title = `Themes by ${caseTitle} (share of answers coded)`;
  const spec: TopLevelSpec = {
    title: { text: title, subtitle: caption(src.kind, src.source) },
    data: { values: cells },
    width: Math.max(160, 30 * cases.length),
    height: Math.max(80, 18 * themes.length),
    encoding: {
      x: { field: "case", type: "nominal", title: caseTitle, sort: [...cases] },
      y: {
        field: "theme",
        type: "nominal",
        title: null,
        sort: [...themes],
        axis: { labelLimit: 260 },
      },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "share",
            type: "quantitative",
            title: "share of answers",
            scale: { scheme: "blues", domain: [0, 1] },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 9 },
        encoding: { text: { field: "count", type: "quantitative" } },
      },
    ],
  };
  return { id: "theme_heatmap", title, svg: await renderVegaLite(spec), spec: { ...spec } };
}

/**
 * Theme co-occurrence matrix: Ochiai coefficient (both / √(n_a n_b)) of every
 * pair, symmetric, with pairs whose frequencies are too unequal or too rare for
 * the coefficient to mean much drawn faded and marked "*".
 *
 * @example
 * ```ts
 * import { coOccurrenceChart } from "./themes.ts";
 * import type { ChartSource } from "./charts.ts";
 * const src: ChartSource = { kind: "synthetic", source: "rvlab demo" };
 * await coOccurrenceChart([{ a: "CRM", b: "NPS", ochiai: 0.4, both: 3, flag: "" }], ["CRM", "NPS"], src);
 * ```
 */
export async function coOccurrenceChart(
  pairs: readonly { a: string; b: string; ochiai: number; both: number; flag: string }[],
  themes: readonly string[],
  src: ChartSource,
): Promise<Chart> {
  const title = "Theme co-occurrence (Ochiai; * = frequencies too unequal or rare)";
  const cells = pairs.flatMap((p) => {
    const label = `${p.ochiai.toFixed(2)}${p.flag ? "*" : ""}`;
    const c = { value: p.ochiai, label, flagged: p.flag ? "yes" : "no", both: p.both };
    return [{ ...c, row: p.a, column: p.b }, { ...c, row: p.b, column: p.a }];
  });
  const spec: TopLevelSpec = {
    title: { text: title, subtitle: caption(src.kind, src.source) },
    data: { values: cells },
    width: Math.max(160, 26 * themes.length),
    height: Math.max(80, 22 * themes.length),
    encoding: {
      x: {
        field: "column",
        type: "nominal",
        title: null,
        sort: [...themes],
        axis: { labelLimit: 260 },
      },
      y: {
        field: "row",
        type: "nominal",
        title: null,
        sort: [...themes],
        axis: { labelLimit: 260 },
      },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            title: "Ochiai",
            scale: { scheme: "oranges", domain: [0, 1] },
          },
          opacity: {
            field: "flagged",
            type: "nominal",
            scale: { domain: ["no", "yes"], range: [1, 0.35] },
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", fontSize: 8 },
        encoding: { text: { field: "label", type: "nominal" } },
      },
    ],
  };
  return { id: "theme_cooccurrence", title, svg: await renderVegaLite(spec), spec: { ...spec } };
}
