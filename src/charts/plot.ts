/**
 * Observable Plot charts rendered to standalone SVG with jsdom's `document`
 * (no browser): Plot builds the chart, and rvlab wraps it in an SVG with the
 * title and the data-kind caption, so the file stands alone and resvg can turn it
 * into a PNG with the same fonts as the Vega-Lite charts.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { JSDOM } from "npm:jsdom@26.1.0";
import { caption, type Chart, type ChartSource, FONT_FAMILY, PALETTE } from "./render.ts";
import { revealInvisibleInMarkup } from "../util/escape.ts";

/** The Plot version recorded in every Plot chart's spec (`ID.plot.json`). */
export const PLOT_RENDERER = "@observablehq/plot@0.6.17";

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

type JsdomDocument = JSDOM["window"]["document"];
type JsdomElement = ReturnType<JsdomDocument["createElement"]>;

let shared: JSDOM | undefined;
function document(): JsdomDocument {
  shared ??= new JSDOM("<!DOCTYPE html><body></body>");
  return shared.window.document;
}

/**
 * Renders Plot options (marks built with the `Plot` namespace) to a standalone SVG
 * string with a title and subtitle above the plot.
 *
 * Why: Plot's own `title`/`caption` options make an HTML `<figure>`, which is not a
 * file an SVG viewer or resvg can open; nesting Plot's `<svg>` inside ours keeps a
 * single SVG. Complexity: that of Plot's layout, O(n) in the marks' data.
 *
 * @example
 * ```ts
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import { renderPlot } from "./plot.ts";
 * const svg = renderPlot({ marks: [Plot.lineY([1, 3, 2])] }, "A line", "SYNTHETIC data");
 * svg.startsWith("<svg"); // => true
 * ```
 */
export function renderPlot(
  options: Plot.PlotOptions,
  title: string,
  subtitle: string | readonly string[],
): string {
  const subs = typeof subtitle === "string" ? [subtitle] : subtitle;
  const head = 26 + 16 * subs.length;
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const el = Plot.plot({
    ...options,
    width,
    height,
    style: { fontFamily: FONT_FAMILY, fontSize: "11px", background: "white" },
    // deno-lint-ignore no-explicit-any
    document: document() as any,
  }) as unknown as JsdomElement;
  el.setAttribute("y", String(head));
  el.removeAttribute("class");
  // Plot's <style> block uses selectors SVG renderers ignore; presentation lives in attributes.
  el.querySelectorAll("style").forEach((s: JsdomElement) => s.remove());
  const inner = el.outerHTML;
  // invisible and bidi control characters in labels are shown, as in every output
  return revealInvisibleInMarkup(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${
      height + head
    }" viewBox="0 0 ${width} ${height + head}" font-family="${FONT_FAMILY}">` +
      `<rect width="100%" height="100%" fill="white"/>` +
      `<text x="8" y="18" font-size="14" font-weight="bold">${escapeXml(title)}</text>` +
      subs.map((t, i) =>
        `<text x="8" y="${34 + 16 * i}" font-size="11" fill="#555">${escapeXml(t)}</text>`
      ).join("") +
      inner + `</svg>`,
  );
}

/**
 * A {@linkcode Chart} drawn by Observable Plot: the SVG from {@linkcode renderPlot}
 * with the title, the data-kind caption and any notes above the plot, and as spec
 * the renderer and the data behind the marks (Plot options hold functions, so the
 * data, not the options, is what can be written as JSON).
 *
 * Complexity: that of {@linkcode renderPlot}.
 *
 * @example
 * ```ts
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import { plotChart } from "./plot.ts";
 * const rows = [{ x: 1, y: 2 }];
 * const c = plotChart("dots", "Dots", { kind: "synthetic", source: "demo" },
 *   { marks: [Plot.dot(rows, { x: "x", y: "y" })] }, { rows });
 * c.spec.renderer; // => "@observablehq/plot@0.6.17"
 * ```
 */
export function plotChart(
  id: string,
  title: string,
  src: ChartSource,
  options: Plot.PlotOptions,
  data: Record<string, unknown>,
  notes: readonly string[] = [],
): Chart {
  return {
    id,
    title,
    svg: renderPlot(options, title, [caption(src.kind, src.source), ...notes]),
    spec: { renderer: PLOT_RENDERER, ...(notes.length ? { note: notes.join(" ") } : {}), ...data },
  };
}

/**
 * Ticks 0, step, 2·step … up to the first tick at or above `max`, the step 1, 2 or 5
 * times a power of ten (about 5 ticks).
 */
function indexTicks(max: number): number[] {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  return Array.from({ length: Math.ceil(max / step - 1e-9) + 1 }, (_, i) => i * step);
}

/**
 * The calibration and holdout windows of the out-of-time back-test over the data:
 * total RV and total revenue per month (each indexed to its mean = 100), the
 * rolling cutoffs as dashed rules, each cutoff's holdout (the `horizon` months
 * after it, where targets are measured) shaded and its calibration history (the
 * `history` months before it, which predictors may use) marked beneath.
 *
 * Why: shows that predictors and targets never overlap in time.
 *
 * Rendered with Observable Plot. Complexity: O(months + cutoffs).
 *
 * @example
 * ```ts
 * import { calibrationHoldoutChart } from "./plot.ts";
 * const series = [{ month: "2024-01-01", rv: 10, revenue: 100 }, { month: "2024-02-01", rv: 12, revenue: null }];
 * const windows = [{ cutoff: "2024-02-01", history_start: "2024-01-01", holdout_end: "2024-03-01" }];
 * calibrationHoldoutChart(series, windows, { kind: "synthetic", source: "demo" }).id; // => "calibration-holdout"
 * ```
 */
export function calibrationHoldoutChart(
  series: readonly { month: string; rv: number; revenue: number | null }[],
  windows: readonly { cutoff: string; history_start: string; holdout_end: string }[],
  src: ChartSource,
): Chart {
  const index = (key: "rv" | "revenue") => {
    const vals = series.map((s) => s[key]).filter((v): v is number => v !== null);
    const mean = vals.reduce((a, b) => a + b, 0) / (vals.length || 1);
    return series.filter((s) => s[key] !== null).map((s) => ({
      month: new Date(s.month + "T00:00:00Z"),
      value: mean === 0 ? 0 : (100 * (s[key] as number)) / mean,
      series: key === "rv" ? "RV (index)" : "revenue (index)",
    }));
  };
  const lines = [...index("rv"), ...index("revenue")];
  const ticks = indexTicks(Math.max(100, ...lines.map((l) => l.value)));
  const top = ticks.at(-1)!;
  // the two series' names at their last points, moved apart when they would overlap
  const ends = lines.filter((l, i, a) => i === a.length - 1 || a[i + 1].series !== l.series);
  const close = ends.length === 2 && Math.abs(ends[0].value - ends[1].value) < 0.07 * top;
  const higher = ends.length === 2 && ends[0].value >= ends[1].value ? 0 : 1;
  const w = windows.map((x, i) => ({
    cutoff: new Date(x.cutoff + "T00:00:00Z"),
    start: new Date(x.history_start + "T00:00:00Z"),
    end: new Date(x.holdout_end + "T00:00:00Z"),
    row: -0.08 * top * (i + 1),
    label: `cutoff ${i + 1}`,
  }));
  const title = "Calibration and holdout: the back-test's rolling cutoffs over the data";
  const options: Plot.PlotOptions = {
    width: 640,
    height: 320,
    marginLeft: 56,
    marginRight: 110,
    x: { type: "utc", label: "month" },
    // ticks only from 0 up: below 0 are the cutoffs' bars, not index values
    y: { label: "index (mean month = 100)", grid: true, ticks },
    color: { domain: ["RV (index)", "revenue (index)"], range: [PALETTE[0], PALETTE[1]] },
    marks: [
      Plot.rectX(w, { x1: "cutoff", x2: "end", y1: 0, y2: top, fill: "#999", fillOpacity: 0.08 }),
      Plot.ruleX(w, { x: "cutoff", stroke: "#555", strokeDasharray: "4,3" }),
      Plot.link(w, {
        x1: "start",
        x2: "cutoff",
        y1: "row",
        y2: "row",
        stroke: PALETTE[2],
        strokeWidth: 3,
      }),
      Plot.link(w, {
        x1: "cutoff",
        x2: "end",
        y1: "row",
        y2: "row",
        stroke: "#555",
        strokeWidth: 3,
      }),
      Plot.text(w, { x: "end", y: "row", text: "label", textAnchor: "start", dx: 4 }),
      Plot.lineY(lines, { x: "month", y: "value", stroke: "series", strokeWidth: 2 }),
      ...ends.map((e, k) =>
        Plot.text([e], {
          x: "month",
          y: "value",
          text: "series",
          fill: "series",
          textAnchor: "start",
          dx: 4,
          dy: close ? (k === higher ? -7 : 7) : 0,
        })
      ),
      Plot.ruleY([0]),
    ],
  };
  return plotChart("calibration-holdout", title, src, options, { series, windows }, [
    "green bars: history the predictors may use; grey bars and shading: holdout where targets are measured",
  ]);
}
