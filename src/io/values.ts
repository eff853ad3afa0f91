/**
 * Parsing one cell of the canonical data model into its typed value.
 *
 * Each parser takes the raw text (already known to be non-empty after trimming)
 * and returns the value, or a description of what was expected so the loader can
 * quarantine the row with a message a person can act on.
 *
 * @module
 */
import type { PeriodGrain } from "./schema.ts";

/** A parsed value, or what was expected instead. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/**
 * What each parser says was expected, as the quarantine prints it. One definition,
 * used by these parsers and by the engine's SQL rules (`src/engine/fast_load.ts`).
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

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

export const NUMBER_RE: RegExp = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A decimal number with `.` as separator (`12`, `-3.5`, `1e3`).
 *
 * @example
 * ```ts
 * import { parseNumber } from "./values.ts";
 * parseNumber("1,5"); // => { ok: false, expected: "a number with . as decimal separator" }
 * ```
 */
export function parseNumber(text: string): Parsed<number> {
  if (!NUMBER_RE.test(text)) return bad(EXPECTED.number);
  const n = Number(text);
  return Number.isFinite(n) ? ok(n) : bad(EXPECTED.finite);
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

/**
 * A boolean: true/false/1/0/yes/no, any case.
 *
 * Why: spreadsheets and databases spell booleans several ways.
 * Complexity: O(length of the text).
 *
 * @example
 * ```ts
 * import { parseBool } from "./values.ts";
 * parseBool("Yes"); // => { ok: true, value: true }
 * ```
 */
export function parseBool(text: string): Parsed<boolean> {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad(EXPECTED.bool);
}

export const DATE_RE: RegExp =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

/**
 * The characters `String.prototype.trim` removes (ECMAScript WhiteSpace and
 * LineTerminator), as one string: what "an empty cell" and "the same id" mean
 * everywhere, in TypeScript and in the engine's SQL (`trim(cell, WHITESPACE)`).
 *
 * Why: DuckDB's one-argument `trim` removes spaces only, so a tab-only id or
 * `i1\t` would be a value there and empty (or `i1`) here.
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

/** Milliseconds since the epoch of a UTC date-time, years 0–99 included (Date.UTC maps them to 19xx). */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** True when year-month-day is a real calendar day. */
function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(utcMs(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * An ISO 8601 date or date-time, normalised to UTC `YYYY-MM-DDTHH:MM:SSZ`
 * (milliseconds kept when present). Date-times without a zone are UTC.
 *
 * @example
 * ```ts
 * import { parseDate } from "./values.ts";
 * parseDate("2017-03-01 14:05:00"); // => { ok: true, value: "2017-03-01T14:05:00Z" }
 * parseDate("2017-03-01T14:05:00+02:00"); // => { ok: true, value: "2017-03-01T12:05:00Z" }
 * ```
 */
export function parseDate(text: string): Parsed<string> {
  const m = DATE_RE.exec(text);
  if (!m) return bad(EXPECTED.date);
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = +ys, mo = +mos, d = +ds;
  if (!realDay(y, mo, d)) return bad(EXPECTED.realDate.replace("{day}", `${ys}-${mos}-${ds}`));
  const h = hs ? +hs : 0, mi = mis ? +mis : 0, s = ss ? +ss : 0;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = utcMs(y, mo - 1, d, h, mi, s, ms);
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMin = +digits.slice(0, 2) * 60 + +digits.slice(2);
    t -= sign * offsetMin * 60_000;
  }
  if (t === utcMs(y, mo - 1, d, h, mi, s, ms) && !frac) {
    return ok(`${ys}-${mos}-${ds}T${pad(h)}:${pad(mi)}:${pad(s)}Z`);
  }
  const iso = new Date(t).toISOString();
  return ok(ms === 0 ? iso.replace(".000Z", "Z") : iso);
}

/**
 * A financial period: a date, `YYYY-MM` or `YYYY-Qn`, normalised to the
 * `YYYY-MM-DD` of its first day, with the grain its notation implies
 * (a plain date gives grain "day": the loader infers the true grain of a file
 * from its distinct dates).
 *
 * @example
 * ```ts
 * import { parsePeriod } from "./values.ts";
 * parsePeriod("2017-Q2"); // => { ok: true, value: { start: "2017-04-01", grain: "quarter" } }
 * ```
 */
export function parsePeriod(text: string): Parsed<{ start: string; grain: PeriodGrain }> {
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    if (+m[2] < 1 || +m[2] > 12) return bad(EXPECTED.month);
    return ok({ start: `${m[1]}-${m[2]}-01`, grain: "month" });
  }
  m = /^(\d{4})-?Q([1-4])$/i.exec(text);
  if (m) return ok({ start: `${m[1]}-${pad((+m[2] - 1) * 3 + 1)}-01`, grain: "quarter" });
  const d = parseDate(text);
  if (!d.ok) return bad(EXPECTED.period);
  return ok({ start: d.value.slice(0, 10), grain: "day" });
}
