/**
 * Transaction logs for `rvlab clv`: every format read, gzip by its magic number, every
 * unreadable line an error naming the line (no silent skip), and the analysis's
 * calibration/holdout bookkeeping checked against counts made independently here.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  isGzip,
  parseTransactions,
  readTransactions,
  rfmSummaries,
  sniffFormat,
} from "../../src/backtest/clv/transactions.ts";
import { parseCdnow } from "../../src/backtest/clv/cdnow.ts";
import { analyseClv, dert } from "../../src/backtest/clv/analysis.ts";
import { BGNBD } from "../../src/backtest/clv/model.ts";
import { DataError } from "../../src/io/errors.ts";
import { sharedDataDir } from "../../src/io/paths.ts";

const CDNOW = join(sharedDataDir(), "cdnow", "CDNOW_master.txt.gz");

Deno.test("sniffFormat() tells the four forms apart", () => {
  assert.equal(sniffFormat("00001 19970101 1 11.77"), "cdnow");
  assert.equal(sniffFormat("  04   1 19970101  2  29.33"), "cdnow-cohort");
  assert.equal(sniffFormat("customer,date,amount"), "csv");
  assert.equal(sniffFormat("interaction_id,occurred_at,account_id"), "interactions");
  assert.equal(sniffFormat("just three words"), undefined);
  assert.equal(isGzip(gzipSync(new TextEncoder().encode("x"))), true);
  assert.equal(isGzip(new TextEncoder().encode("00001 1997")), false);
});

Deno.test("parseTransactions() refuses a bad line naming it, where parseCdnow() used to skip it", () => {
  const text = "00001 19970101 1 11.77\n00001 1997-01-18 2 29.33\n";
  assert.throws(
    () => parseCdnow(text, "m.txt"),
    (e: Error) =>
      e instanceof DataError &&
      /^m\.txt:2 column date: expected a YYYYMMDD date, found "1997-01-18"/.test(e.message),
  );
  assert.throws(
    () => parseCdnow("00001 19970101 1 11.77\n00002 19970230 1 5\n", "m"),
    /m:2 column date/,
  );
  assert.throws(
    () => parseCdnow("00001 19970101 1 11.77\n00002 19970102 1\n", "m"),
    /m:2: expected 4 fields/,
  );
  assert.throws(
    () => parseCdnow("00001 19970101 1 $11\n", "m"),
    /m:1 column dollars: expected a dollar amount/,
  );
  // the cohort form is not the master form: read as master it is refused, not misread
  const cohort = "04 1 19970101 2 29.33\n04 1 19970118 2 29.73\n18 2 19970101 1 14.96\n";
  assert.throws(() => parseCdnow(cohort, "c"), /c:1: expected 4 fields/);
  const c = parseTransactions(cohort, "c");
  assert.equal(c.format, "cdnow-cohort");
  assert.deepEqual(c.purchases[1], { customer: "04", date: "1997-01-18", amount: 29.73 });
  // blank lines and a header are not errors
  assert.equal(parseCdnow("id date cds dollars\n\n00001 19970101 1 11.77\n\n").length, 1);
});

Deno.test("parseTransactions() on a generic CSV names its columns, and a bad cell by line and column", () => {
  const csv = "who,when,paid\nA,2020-01-02,10\nB,20200103,5.5\nA,2020-02-01T10:00:00Z,1\n";
  const log = parseTransactions(csv, "t.csv", { customer: "who", date: "when", amount: "paid" });
  assert.equal(log.format, "csv");
  assert.deepEqual(log.purchases.map((p) => p.date), ["2020-01-02", "2020-01-03", "2020-02-01"]);
  assert.throws(
    () => parseTransactions(csv, "t.csv"),
    /t\.csv:1: no customer column "customer" \(columns: who, when, paid\); name it with --customer/,
  );
  assert.throws(
    () => parseTransactions("customer,date,amount\nA,2020-13-01,1\n", "t.csv"),
    /t\.csv:2 column date: expected a date/,
  );
  assert.throws(
    () => parseTransactions("customer,date,amount\nA,2020-01-01,ten\n", "t.csv"),
    /t\.csv:2 column amount: expected an amount, found "ten"/,
  );
  assert.throws(
    () => parseTransactions("customer,date\nA\n", "t.csv"),
    /t\.csv:2: expected 2 fields/,
  );
  // interactions: rows without money are not purchases, and are not errors
  const inter = "interaction_id,occurred_at,account_id,interaction_type,amount\n" +
    "i1,2020-01-01T09:00:00Z,a1,website_visit,\ni2,2020-01-05T09:00:00Z,a1,order_placed,120\n";
  assert.deepEqual(parseTransactions(inter, "i.csv").purchases, [
    { customer: "a1", date: "2020-01-05", amount: 120 },
  ]);
});

Deno.test("readTransactions() reads gzip by content whatever the name; no purchase is an error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-clv-read-" });
  try {
    const text = "04 1 19970101 2 29.33\n04 1 19970118 2 29.73\n";
    await Deno.writeFile(join(dir, "cohort.txt"), gzipSync(new TextEncoder().encode(text)));
    const log = await readTransactions(join(dir, "cohort.txt"));
    assert.equal(log.format, "cdnow-cohort");
    assert.equal(log.purchases.length, 2);
    await Deno.writeTextFile(join(dir, "empty.csv"), "customer,date,amount\n");
    await assert.rejects(
      readTransactions(join(dir, "empty.csv")),
      /no purchases \(0 data lines read\)/,
    );
    await Deno.writeFile(join(dir, "bad.gz"), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    await assert.rejects(readTransactions(join(dir, "bad.gz")), /damaged gzip/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rfmSummaries() counts days, not purchases, and measures in the unit asked", () => {
  const p = [
    { customer: "1", date: "2020-01-01", amount: 10 },
    { customer: "1", date: "2020-01-01", amount: 5 }, // same day: one transaction
    { customer: "1", date: "2020-01-15", amount: 20 },
    { customer: "1", date: "2020-01-29", amount: 40 },
    { customer: "1", date: "2020-03-01", amount: 1 }, // holdout
    { customer: "2", date: "2020-02-01", amount: 1 }, // first purchase after calibration
  ];
  const [c] = rfmSummaries(p, "2020-01-29", "2020-03-31", "week");
  assert.deepEqual({ x: c.x, tx: c.tx, T: c.T, m: c.m, holdout: c.holdout }, {
    x: 2,
    tx: 4,
    T: 4,
    m: 30,
    holdout: 1,
  });
  assert.equal(rfmSummaries(p, "2020-01-29", "2020-03-31", "day")[0].tx, 28);
  assert.equal(rfmSummaries(p, "2020-01-29", "2020-03-31").length, 1);
});

Deno.test("analyseClv() on the CDNOW master: the FHL split, counts that add up, tracking that ends at the holdout", async () => {
  const log = await readTransactions(CDNOW);
  assert.equal(log.purchases.length, 69_659);
  const r = analyseClv(log, { models: ["bgnbd"] });
  assert.equal(r.calibration.end, "1997-09-30");
  assert.equal(r.holdout.end, "1998-06-30");
  assert.equal(r.holdout.length, 39);
  assert.equal(r.customers, 23_570);
  // independent count of the holdout: distinct (customer, day) after 1997-09-30
  const days = new Set(
    log.purchases.filter((p) => p.date > "1997-09-30").map((p) => `${p.customer}|${p.date}`),
  );
  assert.equal(r.holdout_check[0].actual, days.size);
  const byFreq = r.holdout_check[0].by_frequency;
  assert.equal(byFreq.reduce((s, g) => s + g.customers, 0), r.customers);
  assert.equal(byFreq.reduce((s, g) => s + g.actual, 0), days.size);
  const last = r.tracking.at(-1)!;
  assert.equal(last.day, "1998-06-30");
  assert.equal(last.actual, r.calibration_repeat_transactions + days.size);
  const atCal = r.tracking.find((p) => p.day === "1997-09-30")!;
  assert.equal(atCal.actual, r.calibration_repeat_transactions);
  // the model's holdout prediction is the sum of the table's
  const sum = r.table.reduce((s, c) => s + c.expected_holdout, 0);
  assert.ok(Math.abs(sum - r.holdout_check[0].predicted) < 1e-6 * sum);
  for (const c of r.table.slice(0, 200)) {
    assert.ok(c.p_alive > 0 && c.p_alive <= 1);
    assert.ok(c.dert > 0 && c.dert <= c.expected_horizon + 1e-12, "discounting lowers the count");
  }
});

Deno.test("dert() with no discount is the horizon's expected transactions, and discounting lowers it", () => {
  const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
  const c = { x: 3, tx: 30, T: 38 };
  const twelveMonths = 12 * (365.25 / 12) / 7;
  const e = BGNBD.conditionalExpected(p, c, twelveMonths);
  assert.ok(Math.abs(dert(BGNBD, p, c, 7, 12, 0) - e) < 1e-12);
  const d = dert(BGNBD, p, c, 7, 12, 0.1);
  assert.ok(d < e && d > e / 1.1, `${d} vs ${e}`);
});
