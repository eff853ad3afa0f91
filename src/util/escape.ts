/**
 * Escaping text for the three formats rvlab writes: HTML, Markdown and CSV
 * (RFC 4180, with spreadsheet formulas neutralised). One definition of each, used by
 * the report, the notebooks' display, the theme outputs and the loader's quarantine
 * file, so a fix to one escaping rule reaches every output.
 *
 * @module
 */

/**
 * Escapes text for HTML element content and attribute values (`& < > " '`).
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./escape.ts";
 * escapeHtml('<script>alert("x")</script>'); // => "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/**
 * Escapes text for inline Markdown and Markdown table cells: the characters that
 * start markup or end a cell (`| \ ` * _ < > [ ]`) get a backslash, line breaks
 * become spaces (a table row is one line).
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { escapeMarkdown } from "./escape.ts";
 * escapeMarkdown("a|b_c\nd"); // => "a\\|b\\_c d"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** A value as it can be written to a CSV cell; null and undefined become an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Formats one CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF, or
 * has surrounding spaces; quotes doubled. Numbers are written in full precision.
 *
 * Complexity: O(length of the value).
 *
 * @example
 * ```ts
 * import { formatCsvCell } from "./escape.ts";
 * formatCsvCell('say "hi", bob'); // => '"say ""hi"", bob"'
 * ```
 */
export function formatCsvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : String(value);
  if (/[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/**
 * Formats one CSV row with its trailing `\n`.
 *
 * Complexity: O(total length).
 *
 * @example
 * ```ts
 * import { formatCsvRow } from "./escape.ts";
 * formatCsvRow(["a", 1, null]); // => "a,1,\n"
 * ```
 */
export function formatCsvRow(values: readonly CsvValue[]): string {
  return values.map(formatCsvCell).join(",") + "\n";
}

/** A plain decimal number (`-5`, `+1e3`, `.5`): the data model's number grammar. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Prefixes a cell that starts with =, +, -, @, tab or CR with `'` so spreadsheets
 * show it as text instead of running it as a formula (OWASP "CSV injection").
 * Plain numbers ("-5", "+1e3") are left alone: they cannot run, and prefixing them
 * would make them text.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { neutraliseFormula } from "./escape.ts";
 * neutraliseFormula("=SUM(A1)"); // => "'=SUM(A1)"
 * neutraliseFormula("-5.5"); // => "-5.5"
 * ```
 */
export function neutraliseFormula(cell: string): string {
  if (PLAIN_NUMBER.test(cell)) return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * A CSV cell that is safe to open in a spreadsheet: every value as text (objects as
 * JSON) with formulas neutralised, null and undefined empty. Numbers pass through
 * {@linkcode neutraliseFormula} too, which leaves plain numbers alone (only
 * `-Infinity` gets its quote).
 *
 * Complexity: O(length of the value).
 *
 * @example
 * ```ts
 * import { safeCsvValue } from "./escape.ts";
 * safeCsvValue("@x"); // => "'@x"
 * safeCsvValue({ a: 1 }); // => '{"a":1}'
 * ```
 */
export function safeCsvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return neutraliseFormula(typeof value === "object" ? JSON.stringify(value) : String(value));
}
