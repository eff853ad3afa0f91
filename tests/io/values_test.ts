import assert from "node:assert/strict";
import { DATE_RE, EXPECTED, NUMBER_RE, WHITESPACE } from "../../src/io/values.ts";

Deno.test("WHITESPACE is exactly what String.prototype.trim removes", () => {
  const removed: string[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    if (ch.trim() === "") removed.push(ch);
  }
  assert.deepEqual([...WHITESPACE].sort(), removed.sort());
});

Deno.test("NUMBER_RE matches decimals with a dot and nothing else", () => {
  for (const t of ["12", "-3.5", "+2.", ".5", "1e3", "1E-7", "1e999"]) {
    assert.ok(NUMBER_RE.test(t), t);
  }
  for (const t of ["1,5", "abc", "1.2.3", "NaN", "Infinity", "0x10", "", ".", "1e", " 1"]) {
    assert.ok(!NUMBER_RE.test(t), t);
  }
});

Deno.test("DATE_RE matches the three ISO notations with a valid time and offset", () => {
  for (
    const t of [
      "2017-03-01",
      "2017-03-01T14:05",
      "2017-03-01 14:05:00",
      "2017-03-01T14:05:00.250Z",
      "2017-03-01T14:05:00+02:00",
      "2017-03-01T14:05:00-0130",
      "2017-13-01", // the pattern only: the rule then asks for a real calendar day
    ]
  ) {
    assert.ok(DATE_RE.test(t), t);
  }
  for (
    const t of [
      "01/03/2017",
      "20170301",
      "2017-03-01T24:00:00Z",
      "2017-03-01T10:60:00Z",
      "2017-03-01T10:00:00+99:99",
      "2017-03-01T",
    ]
  ) {
    assert.ok(!DATE_RE.test(t), t);
  }
});

Deno.test("EXPECTED names the day found in a date that does not exist", () => {
  assert.equal(
    EXPECTED.realDate.replace("{day}", "2017-02-30"),
    "a real calendar date (2017-02-30 does not exist)",
  );
});
