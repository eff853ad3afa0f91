/**
 * Calendar periods: the start of the day, ISO week (Monday), month or quarter
 * holding a moment, and stepping from one period to the next. Shared by the SQL
 * and the TypeScript reference so both cut time the same way.
 *
 * @module
 */

/**
 * The UTC midnight of year `y`, month `month0` (0 = January; may overflow, -1 is the
 * December before) and day `day` (may overflow too), as a Date. Unlike `Date.UTC`, a year
 * from 0 to 99 stays that year (`Date.UTC(99, 0, 1)` is 1999-01-01).
 *
 * Why: data from year 0099 must not be moved to 1999 (issue 19: `RangeError: Invalid time
 * value` and wrong windows). Every calendar step in rvlab goes through this function.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { utcDay } from "./periods.ts";
 * utcDay(99, 0, 1).toISOString().slice(0, 10); // => "0099-01-01"
 * utcDay(2024, 12, 1).toISOString().slice(0, 10); // => "2025-01-01"
 * utcDay(100, -1, 1).toISOString().slice(0, 10); // => "0099-12-01"
 * ```
 */
export function utcDay(y: number, month0: number, day = 1): Date {
  const t = new Date(0);
  t.setUTCFullYear(y, month0, day);
  t.setUTCHours(0, 0, 0, 0);
  return t;
}

/**
 * The `YYYY-MM-DD` of a Date's UTC day (years 0 to 9999).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isoDay, utcDay } from "./periods.ts";
 * isoDay(utcDay(99, 2, 1)); // => "0099-03-01"
 * ```
 */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Whether year `y`, month `month` (1–12) and day `day` name a real calendar day (no
 * 2024-02-30, no month 13; years 0 to 9999 as written).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isCalendarDay } from "./periods.ts";
 * isCalendarDay(2024, 2, 29); // => true
 * isCalendarDay(99, 2, 29); // => false
 * ```
 */
export function isCalendarDay(y: number, month: number, day: number): boolean {
  const t = utcDay(y, month - 1, day);
  return t.getUTCFullYear() === y && t.getUTCMonth() === month - 1 && t.getUTCDate() === day;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day (negative before; whole for every day).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { dayNumber } from "./periods.ts";
 * dayNumber("1970-01-02"); // => 1
 * ```
 */
export function dayNumber(iso: string): number {
  return Date.parse(iso + "T00:00:00Z") / 86_400_000;
}

/**
 * The `YYYY-MM-DD` of a day number ({@linkcode dayNumber}'s inverse).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { dayOfNumber } from "./periods.ts";
 * dayOfNumber(272 + 9861); // => "1997-09-30"
 * ```
 */
export function dayOfNumber(n: number): string {
  return isoDay(new Date(n * 86_400_000));
}

/** The period grains RV is computed at. */
export type Grain = "day" | "week" | "month" | "quarter";

export const GRAINS: readonly Grain[] = ["day", "week", "month", "quarter"];

/**
 * The `YYYY-MM-DD` start of the period holding an ISO date-time (UTC).
 *
 * @example
 * ```ts
 * import { periodStart } from "./periods.ts";
 * periodStart("2017-03-15T10:00:00Z", "week"); // => "2017-03-13" (a Monday)
 * periodStart("2017-05-20T00:00:00Z", "quarter"); // => "2017-04-01"
 * ```
 */
export function periodStart(iso: string, grain: Grain): string {
  const y = +iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
  switch (grain) {
    case "day":
      return iso.slice(0, 10);
    case "month":
      return `${iso.slice(0, 7)}-01`;
    case "quarter":
      return `${iso.slice(0, 4)}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
    case "week": {
      const t = utcDay(y, m - 1, d);
      const dow = (t.getUTCDay() + 6) % 7; // Monday = 0
      return isoDay(utcDay(y, m - 1, d - dow));
    }
  }
}

/**
 * The start of the period `n` periods after the one starting on `start`.
 *
 * Why: period arithmetic on `YYYY-MM-DD` strings keeps panels free of time zones.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { addPeriods } from "./periods.ts";
 * addPeriods("2017-01-01", "quarter", 2); // => "2017-07-01"
 * addPeriods("2017-03-13", "week", -1); // => "2017-03-06"
 * ```
 */
export function addPeriods(start: string, grain: Grain, n: number): string {
  const y = +start.slice(0, 4), m = +start.slice(5, 7), d = +start.slice(8, 10);
  switch (grain) {
    case "day":
      return isoDay(utcDay(y, m - 1, d + n));
    case "week":
      return isoDay(utcDay(y, m - 1, d + 7 * n));
    case "month":
      return isoDay(utcDay(y, m - 1 + n, 1));
    case "quarter":
      return isoDay(utcDay(y, m - 1 + 3 * n, 1));
  }
}

/**
 * Number of whole periods from the period starting `a` to the one starting `b`.
 *
 * Why: the inverse of {@link addPeriods}, used to index periods on a grid.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { periodsBetween } from "./periods.ts";
 * periodsBetween("2017-01-01", "2017-07-01", "month"); // => 6
 * periodsBetween("2017-03-06", "2017-03-20", "week"); // => 2
 * ```
 */
export function periodsBetween(a: string, b: string, grain: Grain): number {
  const ta = Date.parse(a + "T00:00:00Z"), tb = Date.parse(b + "T00:00:00Z");
  switch (grain) {
    case "day":
      return Math.round((tb - ta) / 86_400_000);
    case "week":
      return Math.round((tb - ta) / (7 * 86_400_000));
    case "month":
      return (+b.slice(0, 4) - +a.slice(0, 4)) * 12 + (+b.slice(5, 7) - +a.slice(5, 7));
    case "quarter":
      return ((+b.slice(0, 4) - +a.slice(0, 4)) * 12 + (+b.slice(5, 7) - +a.slice(5, 7))) / 3;
  }
}
