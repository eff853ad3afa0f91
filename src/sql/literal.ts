/**
 * The one place where a value or a name becomes SQL text. rvlab's queries pass
 * values as bound parameters (`$1`) where the engine allows it; where it does not
 * (DDL, `read_csv(...)` options, `COPY ... TO`, literals inside views and CTEs built
 * once for both dialects) the value goes through one of these functions, and
 * nothing else is interpolated into SQL text anywhere in `src/`.
 *
 * Each function either returns a literal both DuckDB and PostgreSQL read the same
 * way, or throws a `RangeError`: a value that cannot be written safely (a NUL
 * byte, a non-finite number, a malformed or impossible date) never reaches the
 * engine half-quoted. Quoting follows the SQL standard (ISO/IEC 9075-2, §5.3
 * `<character string literal>`, §5.4 `<delimited identifier>`): the delimiter
 * doubled inside, no backslash escapes (PostgreSQL's `standard_conforming_strings`,
 * the default since 9.1; DuckDB always).
 *
 * Complexity: every function is O(length of its input).
 *
 * @module
 */
import { isCalendarDay } from "../util/periods.ts";

/** Refuses NUL: neither engine accepts it in a name or a string literal. */
function noNul(s: string, what: string): string {
  if (s.includes("\0")) throw new RangeError(`${what} contains NUL`);
  return s;
}

/**
 * A quoted SQL identifier (table, column, alias): wrapped in double quotes, any
 * double quote inside doubled, so every name (spaces, capitals, keywords, quotes)
 * means itself. Rejects the empty name and NUL.
 *
 * @example
 * ```ts
 * import { ident } from "./literal.ts";
 * ident('my "table"'); // "\"my \"\"table\"\"\""
 * ```
 */
export function ident(name: string): string {
  if (name.length === 0) throw new RangeError("empty SQL identifier");
  return `"${noNul(name, "SQL identifier").replaceAll('"', '""')}"`;
}

/**
 * A string literal: single quotes, any single quote inside doubled. Rejects NUL.
 *
 * @example
 * ```ts
 * import { str } from "./literal.ts";
 * str("O'Brien"); // "'O''Brien'"
 * ```
 */
export function str(s: string): string {
  return `'${noNul(s, "SQL string").replaceAll("'", "''")}'`;
}

/**
 * A finite number as a numeric literal (JavaScript's shortest round-trip form,
 * which both engines parse, exponent included). NaN and ±Infinity are refused:
 * they have no literal, and a silent `NULL` would change a sum.
 *
 * @example
 * ```ts
 * import { num } from "./literal.ts";
 * num(0.5); // "0.5"
 * ```
 */
export function num(x: number): string {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`not a finite number: ${x}`);
  }
  return String(x);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z?)?$/;

/** Whether `YYYY-MM-DD` names a real calendar day (no 2024-02-30, no month 13). */
function isDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  return isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * A `DATE 'YYYY-MM-DD'` literal; anything that is not a real calendar day in that
 * form is refused.
 *
 * @example
 * ```ts
 * import { date } from "./literal.ts";
 * date("2024-02-29"); // "DATE '2024-02-29'"
 * ```
 */
export function date(day: string): string {
  if (typeof day !== "string" || !isDay(day)) {
    throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  }
  return `DATE '${day}'`;
}

/**
 * A `TIMESTAMP '...'` literal (UTC, no zone) from `YYYY-MM-DD` or
 * `YYYY-MM-DDTHH:MM:SS[.ffffff][Z]`; anything else is refused.
 *
 * @example
 * ```ts
 * import { timestamp } from "./literal.ts";
 * timestamp("2024-03-01T09:30:00Z"); // "TIMESTAMP '2024-03-01 09:30:00'"
 * ```
 */
export function timestamp(at: string): string {
  const m = typeof at === "string" ? TIME.exec(at) : null;
  if (
    !m || !isDay(m[1]) ||
    (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59))
  ) {
    throw new RangeError(`not a timestamp: ${at}`);
  }
  return `TIMESTAMP '${at.replace("T", " ").replace(/Z$/, "")}'`;
}
