import assert from "node:assert/strict";
import { interactionAt } from "../support/records.ts";
import { accountPanel, buildPanel, cutoffMoney } from "../../src/backtest/panel.ts";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import type { Financial, Interaction, IpfEntry, VocResponse } from "../../src/io/schema.ts";

const ipf: IpfEntry[] = [{
  interaction_type: "call",
  label: "call",
  rv: 1.5,
  variable_cost: 2,
  stage: "retention",
  function: "sales",
  relationship_type: "personal_assistance",
  voc: false,
  description: null,
}];

const interaction = (id: string, account: string, day: string): Interaction =>
  interactionAt(account, `${day}T10:00:00Z`, "call", { interaction_id: id, source_system: "crm" });

const financial = (account: string, period: string, revenue: number): Financial => ({
  account_id: account,
  period,
  revenue,
  gross_profit: null,
  cost_to_serve: 10,
  wallet: null,
});

const answer = (account: string, day: string, nps: number): VocResponse => ({
  account_id: account,
  contact_id: null,
  answered_at: `${day}T09:00:00Z`,
  nps,
  csat: null,
  csat_scale: null,
  comment: null,
  channel: null,
});

/** a: calls in Jan and Mar, bills in Jan and Mar, an answer in May; b: one call in Feb. */
const world = {
  ipf,
  interactions: [
    interaction("i1", "a", "2024-01-05"),
    interaction("i2", "a", "2024-03-05"),
    interaction("i3", "b", "2024-02-05"),
  ],
  financials: [financial("a", "2024-01-01", 100), financial("a", "2024-03-01", 50)],
  voc: [answer("a", "2024-05-20", 9)],
};

Deno.test("accountPanel() handles empty input", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, {});
    assert.deepEqual(await accountPanel(engine), []);
    assert.deepEqual(await accountPanel(engine, { calendar: "dense" }), []);
    assert.deepEqual((await buildPanel(engine)).months, []);
  } finally {
    engine.close();
  }
});

Deno.test("accountPanel() 'observed': money is null without a financials row; voc periods are rows", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, world);
    const rows = await accountPanel(engine);
    assert.deepEqual(rows.map((r) => `${r.account_id} ${r.period}`), [
      "a 2024-01-01",
      "a 2024-02-01",
      "a 2024-03-01",
      "a 2024-05-01",
      "b 2024-02-01",
      "b 2024-03-01",
    ]);
    const [jan, feb, , may] = rows;
    assert.equal(jan.revenue, 100);
    assert.equal(jan.profit, 100 - 10 - 2); // revenue (no gross profit) − cost to serve − calls
    assert.equal(jan.rv, 1.5);
    assert.equal(feb.revenue, null);
    assert.equal(feb.profit, null);
    assert.equal(may.nps, 9);
    assert.equal(may.answers, 1);
    assert.equal(rows[4].revenue, null);
  } finally {
    engine.close();
  }
});

Deno.test("accountPanel() 'dense': a month without a bill is zero money; voc outside the span is dropped", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, world);
    const panel = await buildPanel(engine);
    assert.deepEqual(panel.months, ["2024-01-01", "2024-02-01", "2024-03-01"]);
    assert.deepEqual(panel.rows.map((r) => `${r.account_id} ${r.period}`), [
      "a 2024-01-01",
      "a 2024-02-01",
      "a 2024-03-01",
      "b 2024-02-01",
      "b 2024-03-01",
    ]);
    const feb = panel.rows[1];
    assert.equal(feb.revenue, 0);
    assert.equal(feb.profit, 0);
    assert.equal(panel.rows[3].revenue, null, "b has no financials at all");
    assert.equal(panel.has_nps, false);
    assert.equal(panel.has_money, true);
  } finally {
    engine.close();
  }
});

Deno.test("accountPanel() 'dense' fills the months without a row: money null before the first bill, an answer inside the span kept", async () => {
  const engine = await openEngine();
  try {
    // c: a call in Jan, its first bill in Mar, an answer in Apr with no call or bill; the
    // calendar ends in May (a's bill)
    await putDataset(engine, {
      ipf,
      interactions: [interaction("i1", "c", "2024-01-09")],
      financials: [financial("c", "2024-03-01", 40), financial("a", "2024-05-01", 70)],
      voc: [answer("c", "2024-04-02", 7), answer("c", "2023-12-30", 3)],
    });
    const rows = await accountPanel(engine, { calendar: "dense" });
    const c = rows.filter((r) => r.account_id === "c");
    assert.deepEqual(c.map((r) => r.period), [
      "2024-01-01",
      "2024-02-01",
      "2024-03-01",
      "2024-04-01",
      "2024-05-01",
    ]);
    assert.deepEqual(c.map((r) => r.revenue), [null, null, 40, 0, 0]);
    assert.deepEqual(c.map((r) => r.profit), [null, null, 30, 0, 0]);
    assert.deepEqual(c.map((r) => r.interactions), [1, 0, 0, 0, 0]);
    assert.deepEqual(c.map((r) => r.nps), [null, null, null, 7, null]);
    assert.deepEqual(c.map((r) => r.answers), [0, 0, 0, 1, 0]);
    assert.deepEqual(Object.keys(c[1]), [
      "account_id",
      "period",
      "rv",
      "interactions",
      "cost",
      "revenue",
      "gross_profit",
      "cost_to_serve",
      "wallet",
      "profit",
      "nps",
      "csat",
      "answers",
    ]);
    assert.deepEqual(rows.filter((r) => r.account_id === "a").map((r) => r.period), ["2024-05-01"]);
  } finally {
    engine.close();
  }
});

Deno.test("cutoffMoney() sums revenue around a cutoff and keeps accounts billed before it", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, world);
    const panel = await buildPanel(engine);
    assert.deepEqual(cutoffMoney(panel, "2024-02-01", 1), [
      { account_id: "a", rev_before: 100, rev_after: 0, profit_after: 0 },
    ]);
    assert.deepEqual(cutoffMoney(panel, "2024-03-01", 2), [
      { account_id: "a", rev_before: 100, rev_after: 50, profit_after: 50 - 10 - 2 },
    ]);
    assert.deepEqual(cutoffMoney(panel, "2024-01-01", 1), []);
  } finally {
    engine.close();
  }
});
