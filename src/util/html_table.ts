/**
 * The one table renderer for HTML and Markdown: the report's tables and the
 * notebooks' tables are both drawn here, from cells already formatted as text.
 * Every header and cell is escaped (`escape.ts`), so a hostile account name shows
 * as text.
 *
 * @module
 */
import { escapeHtml, escapeMarkdown } from "./escape.ts";

/** A table of text cells, ready to render. */
export interface TextTable {
  columns: readonly string[];
  /** one array of formatted cells per row, in column order */
  rows: readonly (readonly string[])[];
  /** per column: right-align (numbers) */
  numeric?: readonly boolean[];
  /** shown in `<caption>` (HTML only; escaped) */
  caption?: string;
  /** CSS class of the `<table>` element */
  className?: string;
}

/**
 * Renders a table as HTML: `<table>` with an optional caption, a `<thead>` row of
 * headers and a `<tbody>` with one line per row; numeric columns right-aligned.
 *
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { htmlTable } from "./html_table.ts";
 * htmlTable({ columns: ["a"], rows: [["<b>"]] });
 * // => "<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>&lt;b&gt;</td></tr>\n</tbody></table>"
 * ```
 */
export function htmlTable(t: TextTable): string {
  const cls = t.className ? ` class="${escapeHtml(t.className)}"` : "";
  const cap = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : "";
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = t.rows.map((r) =>
    "<tr>" +
    t.columns.map((_, i) =>
      `<td${t.numeric?.[i] ? ' style="text-align:right"' : ""}>${escapeHtml(r[i] ?? "")}</td>`
    ).join("") +
    "</tr>"
  ).join("\n");
  return `<table${cls}>${cap}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Renders a table as Markdown (GitHub tables): a header row, a rule (`---:` for
 * numeric columns) and one line per row; cells escaped with
 * {@linkcode escapeMarkdown}. The caption is not rendered (callers place it).
 *
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { markdownTable } from "./html_table.ts";
 * markdownTable({ columns: ["a", "n"], rows: [["x|y", "1"]], numeric: [false, true] });
 * // => "| a | n |\n|---|---:|\n| x\\|y | 1 |"
 * ```
 */
export function markdownTable(t: TextTable): string {
  return [
    `| ${t.columns.map(escapeMarkdown).join(" | ")} |`,
    `|${t.columns.map((_, i) => (t.numeric?.[i] ? "---:" : "---")).join("|")}|`,
    ...t.rows.map((r) => `| ${t.columns.map((_, i) => escapeMarkdown(r[i] ?? "")).join(" | ")} |`),
  ].join("\n");
}
