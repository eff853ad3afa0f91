import assert from "node:assert/strict";
import { parseBool, parseDate, parseNumber, parsePeriod } from "../../src/io/values.ts";

Deno.test("parseNumber() accepts decimals with a dot and rejects the rest", () => {
  assert.deepEqual(parseNumber("-3.5"), { ok: true, value: -3.5 });
  assert.deepEqual(parseNumber("1e3"), { ok: true, value: 1000 });
  assert.deepEqual(parseNumber(".5"), { ok: true, value: 0.5 });
  for (const t of ["1,5", "abc", "1.2.3", "NaN", "Infinity", "0x10", "1e999"]) {
    assert.equal(parseNumber(t).ok, false, t);
  }
});

Deno.test("parseBool() accepts true/false/1/0/yes/no in any case", () => {
  for (const t of ["true", "TRUE", "1", "yes", "Yes"]) {
    assert.deepEqual(parseBool(t), { ok: true, value: true });
  }
  for (const t of ["false", "0", "no", "NO"]) {
    assert.deepEqual(parseBool(t), { ok: true, value: false });
  }
  assert.equal(parseBool("y").ok, false);
});

Deno.test("parseDate() normalises the three notations to UTC", () => {
  assert.deepEqual(parseDate("2017-03-01"), { ok: true, value: "2017-03-01T00:00:00Z" });
  assert.deepEqual(parseDate("2017-03-01T14:05:00Z"), { ok: true, value: "2017-03-01T14:05:00Z" });
  assert.deepEqual(parseDate("2017-03-01 14:05:00"), { ok: true, value: "2017-03-01T14:05:00Z" });
  assert.deepEqual(parseDate("2017-03-01T01:05:00+02:00"), {
    ok: true,
    value: "2017-02-28T23:05:00Z",
  });
  assert.deepEqual(parseDate("2017-03-01T14:05:00.250Z"), {
    ok: true,
    value: "2017-03-01T14:05:00.250Z",
  });
});

Deno.test("parseDate() rejects impossible and foreign dates", () => {
  for (
    const t of [
      "2017-02-29",
      "2017-13-01",
      "2017-04-31",
      "01/03/2017",
      "2017-03-01T25:00:00",
      "20170301",
    ]
  ) {
    assert.equal(parseDate(t).ok, false, t);
  }
  assert.equal(parseDate("2016-02-29").ok, true);
});

Deno.test("parsePeriod() reads dates, months and quarters as period starts", () => {
  assert.deepEqual(parsePeriod("2017-03"), {
    ok: true,
    value: { start: "2017-03-01", grain: "month" },
  });
  assert.deepEqual(parsePeriod("2017-Q4"), {
    ok: true,
    value: { start: "2017-10-01", grain: "quarter" },
  });
  assert.deepEqual(parsePeriod("2017-03-01"), {
    ok: true,
    value: { start: "2017-03-01", grain: "day" },
  });
  assert.equal(parsePeriod("2017-13").ok, false);
  assert.equal(parsePeriod("2017-Q5").ok, false);
});
