import assert from "node:assert/strict";
import {
  addPeriods,
  dayNumber,
  dayOfNumber,
  isCalendarDay,
  isoDay,
  periodsBetween,
  periodStart,
  utcDay,
} from "../../src/util/periods.ts";
import { date } from "../../src/sql/literal.ts";

Deno.test("utcDay() keeps years 0 to 99 (Date.UTC moves them to 1900-1999)", () => {
  assert.equal(isoDay(utcDay(99, 0, 1)), "0099-01-01");
  assert.equal(isoDay(utcDay(0, 1, 29)), "0000-02-29"); // year 0 is a leap year (proleptic)
  assert.equal(isoDay(utcDay(100, -1, 1)), "0099-12-01");
  assert.equal(isoDay(utcDay(2023, 12, 1)), "2024-01-01");
  assert.equal(isoDay(utcDay(2024, 2, 0)), "2024-02-29");
  assert.equal(new Date(Date.UTC(99, 0, 1)).getUTCFullYear(), 1999, "the trap utcDay avoids");
});

Deno.test("periodStart(), addPeriods() and periodsBetween() in year 0099 stay in it", () => {
  // 0099-03-01 is a Sunday (proleptic Gregorian; checked with Python's datetime)
  assert.equal(periodStart("0099-03-01T10:00:00Z", "week"), "0099-02-23");
  assert.equal(addPeriods("0099-12-01", "month", 1), "0100-01-01");
  assert.equal(addPeriods("0099-01-01", "quarter", -1), "0098-10-01");
  assert.equal(addPeriods("0099-02-28", "day", 1), "0099-03-01");
  assert.equal(addPeriods("0099-02-23", "week", 1), "0099-03-02");
  assert.equal(periodsBetween("0099-01-01", "0100-01-01", "month"), 12);
  assert.equal(date("0099-03-01"), "DATE '0099-03-01'");
  assert.throws(() => date("0099-02-29"), RangeError, "0099 is not a leap year");
  assert.equal(date("0096-02-29"), "DATE '0096-02-29'");
});

Deno.test("isCalendarDay(), dayNumber() and dayOfNumber() agree with the calendar", () => {
  assert.equal(isCalendarDay(2024, 2, 29), true);
  assert.equal(isCalendarDay(2023, 2, 29), false);
  assert.equal(isCalendarDay(1997, 13, 1), false);
  assert.equal(isCalendarDay(99, 12, 31), true);
  // 1997-01-01 to 1997-09-30 is 272 days (Fader, Hardie & Lee's calibration, T = 272/7 weeks)
  assert.equal(dayNumber("1997-09-30") - dayNumber("1997-01-01"), 272);
  assert.equal(dayOfNumber(dayNumber("0099-03-01")), "0099-03-01");
  assert.equal(dayNumber("1970-01-01"), 0);
});
