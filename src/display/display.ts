/**
 * Rich display for Jupyter (Deno kernel): objects that carry a
 * `[Symbol.for("Jupyter.display")]()` method returning a MIME bundle — HTML tables
 * with truncation, SVG charts, Markdown summaries. Plain text parts never carry
 * ANSI colour codes.
 *
 * @module
 */
import { escapeHtml } from "../util/escape.ts";
import { columnLabel, formatValue } from "../util/table_format.ts";
import { htmlTable, markdownTable } from "../util/html_table.ts";
import { Buffer } from "node:buffer";
import { type Chart, svgToPng } from "../charts/render.ts";

/** The symbol the Deno Jupyter kernel calls to get an object's MIME bundle. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, string>;

/** Anything the Deno kernel can display richly. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * The MIME bundle of a displayable value (what the kernel would show).
 *
 * Complexity: that of the value's rendering.
 *
 * @example
 * ```ts
 * import { mimeBundle, table } from "./display.ts";
 * mimeBundle(table([{ a: 1 }]))["text/html"]; // what Jupyter receives
 * ```
 */
export function mimeBundle(value: Displayable): MimeBundle {
  return value[JUPYTER_DISPLAY]();
}

// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Removes ANSI escape sequences (colours, cursor moves) from text.
 *
 * Why: Jupyter front ends and HTML exports show them as garbage.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { stripAnsi } from "./display.ts";
 * stripAnsi("\u001b[31mred\u001b[0m"); // => "red"
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Attaches a Jupyter display method to an object without changing its data: the
 * method is a non-enumerable symbol property, so JSON, spreading and `Object.keys`
 * see the object as before.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { withDisplay } from "./display.ts";
 * const r = withDisplay({ n: 3 }, (x) => ({ "text/plain": `n = ${x.n}` }));
 * JSON.stringify(r); // => '{"n":3}'
 * ```
 */
export function withDisplay<T extends object>(
  value: T,
  render: (value: T) => MimeBundle,
): T & Displayable {
  Object.defineProperty(value, JUPYTER_DISPLAY, {
    value: () => cleanBundle(render(value)),
    enumerable: false,
    configurable: true,
  });
  return value as T & Displayable;
}

function cleanBundle(b: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [k, v] of Object.entries(b)) out[k] = stripAnsi(v);
  return out;
}

/** Options for {@linkcode table}. */
export interface TableOptions {
  /** rows shown before "… N more rows"; default 20 */
  maxRows?: number;
  /** columns to show, in order; default the keys of the first rows */
  columns?: readonly string[];
  /** caption above the table */
  caption?: string;
  /**
   * at most this many decimals for numbers other than shares, p-values, money and
   * counts; default about 4 significant digits (as the report)
   */
  digits?: number;
  /** characters of a cell shown before "…"; default 120 */
  maxCellChars?: number;
}

/**
 * Formats one cell as text with the report's rule (`formatValue` in
 * `src/util/table_format.ts`, by what the column named `column` holds): shares as
 * percentages, p-values as "< 0.001", money and counts with thousands separators,
 * other numbers with about 4 significant digits (or at most `digits` decimals),
 * NaN as "n/a", booleans as yes / no, dates as dates, null/undefined empty, nested
 * values as short text; ANSI codes removed, cut at `maxChars` with "…".
 *
 * Complexity: O(length of the value's text).
 *
 * @example
 * ```ts
 * import { formatCell } from "./display.ts";
 * formatCell(0.123456789); // => "0.1235"
 * formatCell(1234567.5, undefined, 120, "revenue"); // => "1,234,568"
 * formatCell(0.00001, undefined, 120, "p_adjusted"); // => "< 0.001"
 * formatCell(null); // => ""
 * ```
 */
export function formatCell(
  value: unknown,
  digits?: number,
  maxChars = 120,
  column = "",
): string {
  const s = stripAnsi(formatValue(column, value, { digits }));
  return s.length > maxChars ? s.slice(0, maxChars - 1) + "…" : s;
}

function columnsOf(rows: readonly Record<string, unknown>[], limit: number): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(0, limit)) {
    for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), cols.push(k));
  }
  return cols;
}

/**
 * Renders rows as an HTML table (and a plain-text and Markdown version): at most
 * `maxRows` rows, then a line "… N more rows"; human headers (`columnLabel`: `p_adjusted`
 * → "p adjusted") and cells formatted by their column ({@linkcode formatCell}); every
 * header and cell escaped.
 *
 * Complexity: O(shown rows × columns).
 *
 * @example
 * ```ts
 * import { tableBundle } from "./display.ts";
 * const t = tableBundle([{ a: 1 }, { a: 2 }], { maxRows: 1 });
 * t["text/html"].includes("… 1 more row"); // => true
 * ```
 */
export function tableBundle(
  rows: readonly Record<string, unknown>[],
  options: TableOptions = {},
): MimeBundle {
  const max = Math.max(0, options.maxRows ?? 20);
  const digits = options.digits;
  const maxChars = options.maxCellChars ?? 120;
  const cols = [...(options.columns ?? columnsOf(rows, max || 1))];
  const shown = rows.slice(0, max);
  const more = rows.length - shown.length;
  const moreText = more > 0
    ? `… ${more} more row${more === 1 ? "" : "s"} (${rows.length} in all)`
    : "";
  const isNum = cols.map((c) =>
    shown.length > 0 &&
    shown.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number")
  );
  const cell = (r: Record<string, unknown>, c: string) => formatCell(r[c], digits, maxChars, c);
  const heads = cols.map(columnLabel);
  const text = shown.map((r) => cols.map((c) => cell(r, c)));
  const html = rows.length === 0
    ? `<p class="rvlab-more">${
      options.caption ? `<strong>${escapeHtml(options.caption)}</strong>: ` : ""
    }<em>no rows</em></p>`
    : htmlTable({
      columns: heads,
      rows: text,
      numeric: isNum,
      caption: options.caption,
      className: "rvlab-table",
    }) + (moreText ? `\n<p class="rvlab-more"><em>${escapeHtml(moreText)}</em></p>` : "");
  const md = [
    ...(options.caption ? [`**${options.caption}**`, ""] : []),
    markdownTable({ columns: heads, rows: text, numeric: isNum }),
    ...(moreText ? ["", moreText] : []),
  ].join("\n");
  const plain = [
    ...(options.caption ? [options.caption] : []),
    heads.join("\t"),
    ...text.map((r) => r.join("\t")),
    ...(moreText ? [moreText] : []),
  ].join("\n");
  return { "text/html": html, "text/markdown": md, "text/plain": plain };
}

/** A table of rows that displays itself (see {@linkcode tableBundle}). */
export interface TableView extends Displayable {
  rows: readonly Record<string, unknown>[];
  options: TableOptions;
}

/**
 * Wraps rows for display as a truncated HTML table.
 *
 * Complexity: O(1); rendering is O(shown rows × columns).
 *
 * @example
 * ```ts
 * import { table } from "./display.ts";
 * table([{ account: "a1", rv: 3.5 }], { caption: "RV" }); // shows as an HTML table in Jupyter
 * ```
 */
export function table(
  rows: readonly Record<string, unknown>[] | readonly object[],
  options: TableOptions = {},
): TableView {
  const r = rows as readonly Record<string, unknown>[];
  return withDisplay({ rows: r, options }, (v) => tableBundle(v.rows, v.options));
}

/** A Markdown text that displays itself. */
export interface MarkdownView extends Displayable {
  markdown: string;
}

/**
 * Wraps Markdown text for display (MIME `text/markdown`, with the same text as plain).
 *
 * @example
 * ```ts
 * import { markdown } from "./display.ts";
 * markdown("**3** accounts at risk");
 * ```
 */
export function markdown(text: string): MarkdownView {
  return withDisplay({ markdown: text }, (v) => ({
    "text/markdown": v.markdown,
    "text/plain": v.markdown,
  }));
}

/** An HTML fragment that displays itself. */
export interface HtmlView extends Displayable {
  html: string;
}

/**
 * Wraps an HTML fragment built by rvlab (callers escape what they insert).
 *
 * @example
 * ```ts
 * import { html } from "./display.ts";
 * html("<b>ok</b>");
 * ```
 */
export function html(fragment: string, plain = ""): HtmlView {
  return withDisplay({ html: fragment }, (v) => ({
    "text/html": v.html,
    "text/plain": plain || v.html.replace(/<[^>]*>/g, "").trim(),
  }));
}

/**
 * Wraps a rendered chart (or a bare SVG string) for display: the SVG inline in
 * `text/html` (what JupyterLab shows, and what nbconvert's HTML export keeps — it
 * mangles `image/svg+xml`), as `image/svg+xml`, as `image/png`
 * ({@linkcode pngBase64}, for viewers without HTML), and its title as plain text.
 *
 * @example
 * ```ts
 * import { chart } from "./display.ts";
 * import { whaleCurveChart } from "../charts/charts.ts";
 * const points = [{ share_of_customers: 0, cumulative_share: 0 }, { share_of_customers: 1, cumulative_share: 1 }];
 * chart(await whaleCurveChart(points, { kind: "synthetic", source: "demo" }));
 * ```
 */
export function chart(c: Chart | string): Chart & Displayable {
  const ch: Chart = typeof c === "string"
    ? { id: "svg", title: "chart", svg: c, spec: {} }
    : { ...c };
  return withDisplay(ch, (v) => {
    const bundle: MimeBundle = {
      // the SVG inline in HTML too: nbconvert's HTML export keeps text/html whole but
      // mangles image/svg+xml (its sanitiser strips the markup and keeps the text)
      "text/html": `<div class="rvlab-chart">${v.svg}</div>`,
      "image/svg+xml": v.svg,
      "text/plain": `[chart] ${v.title}`,
    };
    const png = pngBase64(v.svg);
    if (png) bundle["image/png"] = png;
    return bundle;
  });
}

/**
 * A chart's SVG as a base64 PNG for a MIME bundle (drawn by resvg with the report's
 * fonts), or null when the SVG cannot be drawn (no size).
 *
 * Why: a viewer that shows neither HTML nor SVG still shows the chart.
 *
 * Complexity: one PNG render, O(pixels).
 *
 * @example
 * ```ts
 * import { pngBase64 } from "./display.ts";
 * pngBase64('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')?.slice(0, 8); // => "iVBORw0K"
 * pngBase64("<svg></svg>"); // => null
 * ```
 */
export function pngBase64(svg: string): string | null {
  try {
    return Buffer.from(svgToPng(svg, { scale: 1.5 })).toString("base64");
  } catch {
    return null;
  }
}

/**
 * Several displayables as one HTML block, in order: a string becomes a heading,
 * tables and HTML stay HTML, charts are inlined SVG, Markdown is shown as a paragraph.
 * Why: one cell, one output — a summary with its tables and charts.
 *
 * Complexity: O(total size).
 *
 * @example
 * ```ts
 * import { markdown, stack, table } from "./display.ts";
 * const rows = [{ account: "acct-00001", rv: 12.5 }];
 * stack(["Summary", markdown("**3** at risk"), table(rows)]);
 * ```
 */
export function stack(parts: readonly (Displayable | string)[]): HtmlView {
  const pieces: string[] = [];
  const plain: string[] = [];
  for (const p of parts) {
    if (typeof p === "string") {
      pieces.push(`<h4>${escapeHtml(p)}</h4>`);
      plain.push(p);
      continue;
    }
    const b = mimeBundle(p);
    if (b["text/html"]) pieces.push(b["text/html"]);
    else if (b["image/svg+xml"]) {
      pieces.push(`<div class="rvlab-chart">${b["image/svg+xml"]}</div>`);
    } else pieces.push(markdownToHtml(b["text/markdown"] ?? b["text/plain"] ?? ""));
    plain.push(b["text/plain"] ?? "");
  }
  return html(pieces.join("\n"), plain.join("\n\n"));
}

/**
 * The small Markdown subset rvlab's summaries use, as HTML: paragraphs, "- " list
 * items, **bold**, _italic_ and `code`. Everything is escaped first, so the input
 * cannot inject markup.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { markdownToHtml } from "./display.ts";
 * markdownToHtml("**3** accounts\n- a <b>"); // => "<p><strong>3</strong> accounts</p>\n<ul><li>a &lt;b&gt;</li></ul>"
 * ```
 */
export function markdownToHtml(text: string): string {
  const inline = (s: string) =>
    escapeHtml(s)
      .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[\s(])_(.+?)_(?=[\s).,;:]|$)/g, "$1<em>$2</em>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
  const out: string[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.map(inline).join(" ")}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join("")}</ul>`);
    para = [];
    list = [];
  };
  for (const line of stripAnsi(text).split(/\r?\n/)) {
    if (/^\s*[-*] /.test(line)) {
      if (para.length) (out.push(`<p>${para.map(inline).join(" ")}</p>`), (para = []));
      list.push(line.replace(/^\s*[-*] /, ""));
    } else if (line.trim() === "") flush();
    else {
      if (list.length) {
        (out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join("")}</ul>`), (list = []));
      }
      para.push(line.trim());
    }
  }
  flush();
  return out.join("\n");
}
