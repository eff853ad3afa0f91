/**
 * The notations of one cell of the canonical data model: the patterns a number and a
 * date must match, what "empty" means, and what the quarantine says was expected
 * when a cell breaks its type. The cell rules run in the engine's SQL
 * (`src/engine/fast_load.ts`), which uses these patterns and texts.
 *
 * @module
 */

/**
 * What each cell rule says was expected, as the quarantine prints it. One definition,
 * used by the engine's SQL rules (`src/engine/fast_load.ts`).
 */
export const EXPECTED = {
  number: "a number with . as decimal separator",
  finite: "a finite number",
  bool: "a boolean (true/false/1/0/yes/no)",
  date: "an ISO 8601 date or date-time (2017-03-01, 2017-03-01T14:05:00Z)",
  /** `{day}` is the `YYYY-MM-DD` found */
  realDate: "a real calendar date ({day} does not exist)",
  month: "a month 01 to 12 in YYYY-MM",
  period: "a period: a date, YYYY-MM or YYYY-Qn",
} as const;

/**
 * A decimal number with `.` as separator (`12`, `-3.5`, `1e3`, `.5`): what a number
 * cell must match (then be finite and within ±(2^53 − 1)).
 *
 * @example
 * ```ts
 * import { NUMBER_RE } from "./values.ts";
 * NUMBER_RE.test("1,5"); // => false
 * ```
 */
export const NUMBER_RE: RegExp = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * An ISO 8601 date or date-time (`2017-03-01`, `2017-03-01 14:05`, `…T14:05:00.250Z`,
 * `…+02:00`): what a date cell must match (then be a real calendar day). Date-times
 * without a zone are UTC.
 *
 * @example
 * ```ts
 * import { DATE_RE } from "./values.ts";
 * DATE_RE.test("2017-03-01T24:00:00Z"); // => false
 * ```
 */
export const DATE_RE: RegExp =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

/**
 * The characters `String.prototype.trim` removes (ECMAScript WhiteSpace and
 * LineTerminator), as one string: what "an empty cell" and "the same id" mean in the
 * engine's SQL rules (`trim(cell, WHITESPACE)`).
 *
 * Why: DuckDB's one-argument `trim` removes spaces only, so a tab-only id would be a
 * value and `i1\t` another id than `i1`.
 * Reference: ECMA-262 §12.2 (WhiteSpace), §12.3 (LineTerminator).
 *
 * @example
 * ```ts
 * import { WHITESPACE } from "./values.ts";
 * WHITESPACE.includes("\v"); // => true
 * ```
 */
export const WHITESPACE: string =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
