import assert from "node:assert/strict";
import { danfoTable, mimeBundle, objectView, view } from "../../src/display/mod.ts";
import { openWorkspace, sqlTable } from "../../src/notebook/mod.ts";
import { fitBgNbd } from "../../src/backtest/clv/bgnbd.ts";

/** A stand-in shaped like a danfo DataFrame: internals in `$` fields, getters for the rest. */
class FakeDataFrame {
  $dataIncolumnFormat: unknown[][];
  $config = { tableDisplayConfig: {} };
  constructor(private readonly cols: string[], private readonly rows: unknown[][]) {
    this.$dataIncolumnFormat = cols.map((_, i) => rows.map((r) => r[i]));
  }
  get columns() {
    return this.cols;
  }
  get values() {
    return this.rows;
  }
}

const DUMP = /\$data|\$config|dataIncolumnFormat|\[object Object\]/;

Deno.test("a DataFrame displays as an HTML table with thousands separators", () => {
  const df = new FakeDataFrame(["account_id", "revenue", "churn_rate", "p_adjusted"], [
    ["a1", 1234567.8, 0.125, 0],
    ["a2", Number.NaN, 0.5, 0.0321],
  ]);
  for (const b of [mimeBundle(view(df)), mimeBundle(danfoTable(df))]) {
    const h = b["text/html"];
    assert.ok(h.includes("<table"), h);
    for (const x of ["Account ID", "Revenue", "Churn rate", "p adjusted"]) {
      assert.ok(h.includes(`<th>${x}</th>`), x);
    }
    for (const x of ["1,234,568", "12.5 %", "&lt; 0.001", "0.032"]) {
      assert.ok(h.includes(`>${x}</td>`), `${x} in ${h}`);
    }
    assert.ok(h.includes("DataFrame: 2 rows × 4 columns"));
    assert.ok(!DUMP.test(h) && !DUMP.test(b["text/plain"]), b["text/plain"]);
  }
  assert.deepEqual(danfoTable(df).rows[1].revenue, null, "NaN (danfo's missing value) as empty");
});

Deno.test("SQL rows (ws.sql) display as an HTML table with separators", async () => {
  const ws = await openWorkspace({ accounts: 20, months: 12, seed: 4 });
  try {
    const t = await ws.sql(
      "SELECT count(*)::INTEGER AS interactions, 1234567.891 AS revenue, 0.00001 AS p_value FROM interactions",
    );
    const [{ n }] = await ws.engine.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM interactions",
    );
    assert.equal(t.rows[0].interactions, n, "the raw values stay in .rows");
    const h = mimeBundle(t)["text/html"];
    assert.ok(h.includes(`>${n.toLocaleString("en")}</td>`), h);
    assert.ok(h.includes(">1,234,568</td>") && h.includes(">&lt; 0.001</td>"), h);
    assert.ok(h.includes("<caption>1 row: SELECT count(*)"), h);
    const params = await sqlTable(ws.engine, "SELECT ? AS share_of_wallet", {
      params: [0.25],
      caption: "mine",
    });
    assert.ok(mimeBundle(params)["text/html"].includes(">25.0 %</td>"));
    assert.ok(mimeBundle(params)["text/html"].includes("<caption>mine</caption>"));
  } finally {
    await ws.close();
  }
});

Deno.test("objectView() shows a BG/NBD fit as a table of its figures, never a dump", () => {
  const fit = fitBgNbd([
    { x: 2, tx: 30.4, T: 38.9 },
    { x: 0, tx: 0, T: 38.9 },
    { x: 5, tx: 35, T: 38.9 },
    { x: 1, tx: 2, T: 38.9 },
  ]);
  const b = mimeBundle(view(fit));
  const h = b["text/html"];
  for (const k of Object.keys(fit.params)) assert.ok(h.includes(`Params: ${k}`), k);
  assert.ok(h.includes("<th>Figure</th>"), h);
  assert.ok(/>(yes|no)<\/td>/.test(h), "converged as yes / no");
  assert.ok(!DUMP.test(h) && !h.includes("{"), h);
  const nested = mimeBundle(objectView({ window: { start: "2024-01-01" }, rows: [{ a: 1 }] }));
  assert.ok(nested["text/html"].includes("Window: start"));
  assert.ok(nested["text/html"].includes("<caption>Rows</caption>"));
});

Deno.test("view() keeps a class instance's inspected text (a Promise not awaited says so)", () => {
  const b = mimeBundle(view(Promise.resolve(1)));
  assert.equal(b["text/plain"], "Promise { 1 }");
  assert.ok(mimeBundle(view(new Map([["a", 1]])))["text/plain"].includes('"a" => 1'));
  assert.equal(mimeBundle(view(0.00002))["text/markdown"], "0.00002");
});
