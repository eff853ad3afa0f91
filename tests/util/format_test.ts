import assert from "node:assert/strict";
import {
  decimals,
  grouped,
  isoDate,
  money,
  num,
  pct,
  seconds,
  significant,
} from "../../src/util/format.ts";

Deno.test("num() and pct() spell missing and non-finite values n/a or the given placeholder", () => {
  assert.equal(num(3.14159, 3), "3.142");
  assert.equal(num(2), "2.00");
  assert.equal(pct(0.1234), "12.3 %");
  assert.equal(pct(0.5, 0), "50 %");
  for (const x of [null, undefined, Number.NaN, Infinity]) {
    assert.equal(num(x), "n/a");
    assert.equal(pct(x), "n/a");
  }
  assert.equal(num(Number.NaN, 3, "–"), "–");
});

Deno.test("grouped() and money() use thousands separators; money() rounds to units", () => {
  assert.equal(grouped(1234567.891), "1,234,567.89");
  assert.equal(grouped(-0.5, 0), "-1");
  assert.equal(money(1234.5), "1,235");
  assert.equal(money(Number.NaN, "–"), "–");
});

Deno.test("significant() and decimals() drop exponents and trailing zeros", () => {
  assert.equal(significant(186_123.4), "186100");
  assert.equal(significant(0.000_123_456), "0.0001235");
  assert.equal(significant(7), "7");
  assert.equal(decimals(2.50001, 2), "2.5");
  assert.equal(decimals(Number.NaN, 2, "NaN"), "NaN");
});

Deno.test("isoDate() and seconds() format dates and durations", () => {
  assert.equal(isoDate(new Date(Date.UTC(2024, 11, 31, 23, 59))), "2024-12-31");
  assert.equal(seconds(0.06), "0.1 s");
});
