/**
 * Escaping text for the three formats rvlab writes: HTML, Markdown and CSV
 * (RFC 4180, with spreadsheet formulas neutralised). One definition of each, used by
 * the report, the notebooks' display, the theme outputs and the loader's quarantine
 * file, so a fix to one escaping rule reaches every output.
 *
 * @module
 */

/**
 * The characters {@linkcode revealInvisible} shows: C0 controls but tab, line feed and
 * the CR of a CRLF; DEL and C1; the soft hyphen; bidi marks, embeddings, overrides and
 * isolates (U+061C, U+200E/F, U+202A–E, U+2066–9); zero-width space, non-joiner and
 * joiner; the word joiner and invisible operators; U+2028/9; a byte-order mark inside
 * text; interlinear annotation; tag characters. (`\r(?!\n)` is a lone CR.)
 */
const INVISIBLE =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0001}\u{e0020}-\u{e007f}]|\r(?!\n)/gu;

/** Also line breaks and tabs, for text that must stay on one line. */
const INVISIBLE_OR_BREAK =
  // deno-lint-ignore no-control-regex -- as above
  /[\0-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0001}\u{e0020}-\u{e007f}]/gu;

/**
 * A character a zero-width joiner or non-joiner may join without being shown: a letter
 * of a script that needs them (Arabic, Persian, Indic, …: not Latin, Greek or Cyrillic,
 * whose look-alike letters spoofing uses), a combining mark, a pictograph or the emoji
 * variation selector (`👨‍👩‍👧`).
 */
const JOINABLE =
  /[\p{Extended_Pictographic}\p{M}\ufe0f]|[^\P{L}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;

/**
 * Shows the invisible and reordering characters of a text as visible markers
 * (`<U+202E>`), keeping everything else: a right-to-left override in an account name
 * cannot reverse what a report shows after it, a zero-width space cannot make two
 * names look alike, a control character cannot hide in a cell. The data keeps them;
 * only what people read ({@linkcode escapeHtml}, {@linkcode escapeMarkdown},
 * {@linkcode neutraliseFormula}) shows them. Tabs and line breaks stay (with
 * `{ lineBreaks: true }` they are shown too, for one-line messages); a zero-width
 * joiner or non-joiner between two characters that need it (Persian, Devanagari,
 * emoji sequences) stays.
 *
 * Why: Trojan Source (CVE-2021-42574) and look-alike names; Unicode UAX #9.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { revealInvisible } from "./escape.ts";
 * revealInvisible("Acme\u202Eevil"); // => "Acme<U+202E>evil"
 * revealInvisible("a\u200bb\tc\n"); // => "a<U+200B>b\tc\n"
 * revealInvisible("a\nb", { lineBreaks: true }); // => "a<U+000A>b"
 * ```
 */
export function revealInvisible(text: string, options: { lineBreaks?: boolean } = {}): string {
  return reveal(text, options.lineBreaks ? INVISIBLE_OR_BREAK : INVISIBLE, "<", ">");
}

/**
 * {@linkcode revealInvisible} over markup already escaped (an SVG chart as Vega or
 * Plot serialised it): the markers are written `&lt;U+202E&gt;`, so they are text
 * wherever they fall (element text or attribute value). Markup itself holds none of
 * these characters, so only the text drawn changes.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { revealInvisibleInMarkup } from "./escape.ts";
 * revealInvisibleInMarkup("<text>a\u202Eb</text>"); // => "<text>a&lt;U+202E&gt;b</text>"
 * ```
 */
export function revealInvisibleInMarkup(markup: string): string {
  return reveal(markup, INVISIBLE, "&lt;", "&gt;");
}

function reveal(text: string, re: RegExp, open: string, close: string): string {
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  return text.replace(re, (c, at: number) => {
    if (
      (c === "\u200c" || c === "\u200d") &&
      JOINABLE.test(text.slice(Math.max(0, at - 2), at).match(/.$/su)?.[0] ?? "") &&
      JOINABLE.test(text.slice(at + 1, at + 3).match(/^./su)?.[0] ?? "")
    ) return c;
    return `${open}U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}${close}`;
  });
}

/**
 * Escapes text for HTML element content and attribute values (`& < > " '`), with
 * invisible and bidi control characters shown ({@linkcode revealInvisible}).
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./escape.ts";
 * escapeHtml('<script>alert("x")</script>'); // => "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 * escapeHtml("a\u202Eb"); // => "a&lt;U+202E&gt;b"
 * ```
 */
export function escapeHtml(text: string): string {
  return revealInvisible(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(
    ">",
    "&gt;",
  )
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/**
 * Escapes text for inline Markdown and Markdown table cells: the characters that
 * start markup or end a cell (`| \ ` * _ < > [ ]`) get a backslash, line breaks
 * become spaces (a table row is one line), invisible and bidi control characters
 * are shown ({@linkcode revealInvisible}).
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { escapeMarkdown } from "./escape.ts";
 * escapeMarkdown("a|b_c\nd"); // => "a\\|b\\_c d"
 * escapeMarkdown("\u202E"); // => "\\<U+202E\\>"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return revealInvisible(text).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
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
 * Formats one CSV row with its trailing `\n`. A row of one empty cell is written `""`:
 * an empty line is no record to a reader (found by the fuzz test, `tests/io/fuzz_test.ts`).
 *
 * Complexity: O(total length).
 *
 * @example
 * ```ts
 * import { formatCsvRow } from "./escape.ts";
 * formatCsvRow(["a", 1, null]); // => "a,1,\n"
 * formatCsvRow([null]); // => '""\n'
 * ```
 */
export function formatCsvRow(values: readonly CsvValue[]): string {
  const line = values.map(formatCsvCell).join(",");
  return (line === "" && values.length === 1 ? '""' : line) + "\n";
}

/** A plain decimal number (`-5`, `+1e3`, `.5`): the data model's number grammar. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell for a CSV that people open (the report's tables, the theme outputs, the
 * quarantine file; not a data file, which must read back as written): a cell that
 * starts with =, +, -, @, tab or CR gets a `'` so spreadsheets show it as text
 * instead of running it as a formula (OWASP "CSV injection"), and invisible and
 * bidi control characters are shown ({@linkcode revealInvisible}). Plain numbers
 * ("-5", "+1e3") are left alone: they cannot run, and prefixing them would make
 * them text.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { neutraliseFormula } from "./escape.ts";
 * neutraliseFormula("=SUM(A1)"); // => "'=SUM(A1)"
 * neutraliseFormula("-5.5"); // => "-5.5"
 * neutraliseFormula("\u202Eabc"); // => "<U+202E>abc"
 * ```
 */
export function neutraliseFormula(cell: string): string {
  if (PLAIN_NUMBER.test(cell)) return cell;
  const shown = revealInvisible(cell);
  return /^[=+\-@\t\r]/.test(cell) ? `'${shown}` : shown;
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
