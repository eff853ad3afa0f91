/**
 * Formatting figures for people: numbers, percentages, currency, grouped counts and
 * dates. One definition of each, used by the report, the notebooks' display, the
 * evidence summary, the theme outputs and the CLI, so the same figure reads the same
 * everywhere. A missing or non-finite value is spelled `"n/a"` unless the caller
 * names another placeholder.
 *
 * @module
 */

/** A figure that may be missing. */
export type Figure = number | null | undefined;

const missingOr = (x: Figure, missing: string, f: (x: number) => string): string =>
  x === null || x === undefined || !Number.isFinite(x) ? missing : f(x);

/**
 * A number with a fixed count of decimals (`toFixed`).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { num } from "./format.ts";
 * num(1.23456); // => "1.23"
 * num(null); // => "n/a"
 * num(Number.NaN, 3, "–"); // => "–"
 * ```
 */
export function num(x: Figure, digits = 2, missing = "n/a"): string {
  return missingOr(x, missing, (v) => v.toFixed(digits));
}

/**
 * A share (0..1) as a percentage with a space before the sign (`"12.5 %"`, the
 * SI / ISO 80000 spacing the report uses throughout).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { pct } from "./format.ts";
 * pct(0.125); // => "12.5 %"
 * pct(0.5, 0); // => "50 %"
 * pct(undefined); // => "n/a"
 * ```
 */
export function pct(x: Figure, digits = 1, missing = "n/a"): string {
  return missingOr(x, missing, (v) => `${(100 * v).toFixed(digits)} %`);
}

/**
 * A number with thousands separators (English locale) and at most `maxDecimals`
 * decimals: counts and amounts in running text.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { grouped } from "./format.ts";
 * grouped(1234567.891); // => "1,234,567.89"
 * ```
 */
export function grouped(x: Figure, maxDecimals = 2, missing = "n/a"): string {
  return missingOr(
    x,
    missing,
    (v) => v.toLocaleString("en", { maximumFractionDigits: maxDecimals }),
  );
}

/**
 * A currency amount rounded to whole units with thousands separators (the data
 * model has one currency per data set, so no symbol is added).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { money } from "./format.ts";
 * money(1234.6); // => "1,235"
 * ```
 */
export function money(x: Figure, missing = "n/a"): string {
  return missingOr(x, missing, (v) => Math.round(v).toLocaleString("en-US"));
}

/**
 * A number to `digits` significant digits without scientific notation
 * (`186100`, not `1.861e+5`); integers as they are.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { significant } from "./format.ts";
 * significant(186_123.4); // => "186100"
 * significant(0.316_94); // => "0.3169"
 * ```
 */
export function significant(x: Figure, digits = 4, missing = "n/a"): string {
  return missingOr(
    x,
    missing,
    (v) => Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits))),
  );
}

/**
 * A number rounded to at most `digits` decimals, trailing zeros dropped
 * (`0.1235`, `2.5`); integers as they are.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { decimals } from "./format.ts";
 * decimals(0.123456789, 4); // => "0.1235"
 * decimals(2.5, 4); // => "2.5"
 * ```
 */
export function decimals(x: Figure, digits = 4, missing = "n/a"): string {
  return missingOr(
    x,
    missing,
    (v) => Number.isInteger(v) ? String(v) : String(Number(v.toFixed(digits))),
  );
}

/**
 * A date as ISO 8601 `YYYY-MM-DD` (UTC).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isoDate } from "./format.ts";
 * isoDate(new Date(Date.UTC(2024, 0, 2, 15))); // => "2024-01-02"
 * ```
 */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * A duration in seconds with one decimal (`"3.2 s"`), for progress lines.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { seconds } from "./format.ts";
 * seconds(3.21); // => "3.2 s"
 * ```
 */
export function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}
