import assert from "node:assert/strict";
import { date, ident, num, str, timestamp } from "../../src/sql/literal.ts";
import { openEngine } from "../../src/engine/duckdb.ts";

Deno.test("str() doubles single quotes and refuses NUL", () => {
  assert.equal(str("plain"), "'plain'");
  assert.equal(str("O'Brien"), "'O''Brien'");
  assert.equal(str("''"), "''''''");
  assert.equal(str(""), "''");
  assert.equal(str("back\\slash"), "'back\\slash'");
  assert.throws(() => str("a\0b"), RangeError);
});

Deno.test("ident() doubles double quotes and refuses empty names and NUL", () => {
  assert.equal(ident('say "hi"'), '"say ""hi"""');
  assert.throws(() => ident(""), RangeError);
  assert.throws(() => ident("\0"), RangeError);
});

Deno.test("str() and ident() round-trip odd text through DuckDB unchanged", async () => {
  const engine = await openEngine();
  try {
    const odd = [
      "'; DROP TABLE x; --",
      'q"q',
      "tab\there",
      "line\nbreak",
      "emoji 😀",
      "\\'",
      "é ß",
    ];
    for (const s of odd) {
      const [row] = await engine.query<Record<string, string>>(
        `SELECT ${str(s)} AS ${ident(s)}`,
      );
      assert.deepEqual(Object.entries(row), [[s, s]]);
    }
  } finally {
    engine.close();
  }
});

Deno.test("num() writes finite numbers and rejects non-finite ones", async () => {
  assert.equal(num(2.5), "2.5");
  assert.equal(num(-3), "-3");
  assert.throws(() => num(NaN), RangeError);
  assert.throws(() => num(Infinity), RangeError);
  assert.throws(() => num(-Infinity), RangeError);
  assert.throws(() => num("1" as unknown as number), RangeError);
  const engine = await openEngine();
  try {
    for (const x of [0.1, -1e-12, 1e21, 123456789.125, Number.MAX_SAFE_INTEGER]) {
      const [row] = await engine.query<{ x: number }>(`SELECT CAST(${num(x)} AS DOUBLE) AS x`);
      assert.equal(row.x, x);
    }
  } finally {
    engine.close();
  }
});

Deno.test("date() accepts real calendar days only", () => {
  assert.equal(date("2024-02-29"), "DATE '2024-02-29'");
  for (
    const bad of ["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-3-1", "", "x"]
  ) {
    assert.throws(() => date(bad), RangeError, bad);
  }
  assert.throws(() => date("2024-03-01' OR 1=1 --"), RangeError);
});

Deno.test("timestamp() accepts a day or an ISO time and rejects anything else", () => {
  assert.equal(timestamp("2024-03-01"), "TIMESTAMP '2024-03-01'");
  assert.equal(timestamp("2024-03-01T09:30:00Z"), "TIMESTAMP '2024-03-01 09:30:00'");
  assert.equal(timestamp("2024-03-01 09:30:00.25"), "TIMESTAMP '2024-03-01 09:30:00.25'");
  for (const bad of ["2024-03-01T24:00:00Z", "2024-02-30", "2024-03-01T09:30Z", "now"]) {
    assert.throws(() => timestamp(bad), RangeError, bad);
  }
});
