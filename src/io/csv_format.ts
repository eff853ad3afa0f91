/**
 * Writing CSV (RFC 4180): quoting only where needed, `\n` line ends.
 *
 * @module
 */

/** A value as it can be written to a CSV cell; null and undefined become an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Formats one CSV cell: quoted when it holds a comma, quote, CR or LF, or has
 * surrounding spaces; quotes doubled. Numbers are written in full precision.
 *
 * Complexity: O(length of the value).
 *
 * @example
 * ```ts
 * import { formatCsvCell } from "./csv_format.ts";
 * formatCsvCell('say "hi", bob'); // => '"say ""hi"", bob"'
 * ```
 */
export function formatCsvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : String(value);
  if (/[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** Formats one CSV row with its trailing newline. */
export function formatCsvRow(values: readonly CsvValue[]): string {
  return values.map(formatCsvCell).join(",") + "\n";
}
