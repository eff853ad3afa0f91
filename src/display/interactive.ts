/**
 * Interactive charts for front ends that render Vega-Lite (JupyterLab, VS Code): the
 * chart's Vega-Lite spec with tooltips and zoom, beside its PNG for everything else.
 *
 * @module
 */
import { type Chart, VEGA_LITE_THEME } from "../charts/render.ts";
import { chart, type Displayable, JUPYTER_DISPLAY, type MimeBundle, pngBase64 } from "./display.ts";

/** The MIME type JupyterLab's and VS Code's Vega-Lite renderers read. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

type Spec = Record<string, unknown>;

const CONTINUOUS = new Set(["quantitative", "temporal"]);

function isContinuous(channel: unknown): boolean {
  return channel !== null && typeof channel === "object" &&
    CONTINUOUS.has(String((channel as Spec).type));
}

function withTooltip(mark: unknown): unknown {
  if (typeof mark === "string") return { type: mark, tooltip: true };
  if (mark && typeof mark === "object") return { tooltip: true, ...(mark as Spec) };
  return mark;
}

/**
 * A Vega-Lite spec made interactive: every mark shows a tooltip of its encoded fields,
 * and the first view whose x and y are both continuous zooms and pans (an interval
 * selection bound to its scales; double-click resets). Layers and concatenations are
 * walked; the input is not changed.
 *
 * Complexity: O(size of the spec).
 *
 * @example
 * ```ts
 * import { interactiveSpec } from "./interactive.ts";
 * const s = interactiveSpec({ mark: "point", encoding: {
 *   x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } } });
 * s.mark; // => { type: "point", tooltip: true }
 * (s.params as { bind: string }[])[0].bind; // => "scales"
 * ```
 */
export function interactiveSpec(spec: Spec): Spec {
  let zoomed = false;
  const walk = (s: Spec): Spec => {
    const out: Spec = { ...s };
    if ("mark" in s) {
      out.mark = withTooltip(s.mark);
      const enc = (s.encoding ?? {}) as Spec;
      if (!zoomed && isContinuous(enc.x) && isContinuous(enc.y) && !("params" in s)) {
        out.params = [{ name: "zoom", select: "interval", bind: "scales" }];
        zoomed = true;
      }
    }
    for (const k of ["layer", "hconcat", "vconcat", "concat"]) {
      if (Array.isArray(s[k])) out[k] = (s[k] as Spec[]).map(walk);
    }
    if (s.spec && typeof s.spec === "object") out.spec = walk(s.spec as Spec);
    return out;
  };
  const out = walk(spec);
  out.$schema = "https://vega.github.io/schema/vega-lite/v5.json";
  // rvlab's theme, as in the static chart
  out.config = { ...VEGA_LITE_THEME, ...(spec.config as Spec | undefined) };
  return out;
}

function isChart(c: unknown): c is Chart {
  const x = c as Partial<Chart>;
  return typeof x?.svg === "string" && typeof x.spec === "object" && x.spec !== null;
}

/** A chart that displays interactively where Vega-Lite is rendered, and as a PNG elsewhere. */
export interface InteractiveChart extends Chart, Displayable {}

/**
 * Wraps a chart for interactive display: its bundle holds the interactive Vega-Lite spec
 * ({@linkcode VEGALITE_MIME}, {@linkcode interactiveSpec}), the PNG and the title as
 * text, and no HTML — so JupyterLab and VS Code draw the live chart, while the
 * standard HTML export, GitHub and the classic notebook show the PNG. A chart without
 * a Vega-Lite spec (an Observable Plot chart) displays as {@linkcode chart} does, and
 * anything else that displays (the note a chart view gives when the chart would say
 * nothing true on the data) is returned as it is.
 *
 * Complexity: one PNG render, plus O(size of the spec).
 *
 * @example
 * ```ts
 * import { interactive } from "./interactive.ts";
 * import { whaleCurveChart } from "../charts/charts.ts";
 * const points = [{ share_of_customers: 0, cumulative_share: 0 }, { share_of_customers: 1, cumulative_share: 1 }];
 * interactive(await whaleCurveChart(points, { kind: "synthetic", source: "demo" }));
 * ```
 */
export function interactive(c: Chart): InteractiveChart;
export function interactive<T extends Displayable>(c: Chart | T): InteractiveChart | T;
export function interactive<T extends Displayable>(c: Chart | T): InteractiveChart | T {
  if (!isChart(c)) return c;
  const ch = { ...c };
  Object.defineProperty(ch, JUPYTER_DISPLAY, {
    value: () => {
      if (
        !ch.spec || !("mark" in ch.spec || "layer" in ch.spec || "hconcat" in ch.spec ||
          "vconcat" in ch.spec || "concat" in ch.spec)
      ) {
        return chart(ch)[JUPYTER_DISPLAY]();
      }
      const bundle: Record<string, unknown> = {
        [VEGALITE_MIME]: interactiveSpec(ch.spec),
        "text/plain": `[chart] ${ch.title}`,
      };
      const png = pngBase64(ch.svg);
      if (png) bundle["image/png"] = png;
      // Jupyter takes a JSON object for a `+json` MIME type; the other values are strings
      return bundle as unknown as MimeBundle;
    },
    enumerable: false,
    configurable: true,
  });
  return ch as InteractiveChart;
}
