import assert from "node:assert/strict";
import { backtestWindows, chooseCutoffs } from "../../src/backtest/protocol.ts";
import { panelTotals } from "../../src/backtest/panel.ts";

Deno.test("backtestWindows() spans history before and horizon after each cutoff", () => {
  assert.deepEqual(backtestWindows(["2020-07-01", "2021-01-01"], { history: 6, horizon: 3 }), [
    { cutoff: "2020-07-01", history_start: "2020-01-01", holdout_end: "2020-10-01" },
    { cutoff: "2021-01-01", history_start: "2020-07-01", holdout_end: "2021-04-01" },
  ]);
  // the windows chooseCutoffs() leaves stay inside the data
  const months = Array.from(
    { length: 18 },
    (_, i) => new Date(Date.UTC(2020, i, 1)).toISOString().slice(0, 10),
  );
  for (const w of backtestWindows(chooseCutoffs(months), {})) {
    assert.ok(w.history_start >= months[0], `${w.history_start} before the data`);
    assert.ok(w.holdout_end <= "2021-07-01", `${w.holdout_end} after the data`);
  }
  assert.deepEqual(backtestWindows([]), []);
});

Deno.test("panelTotals() sums RV and revenue per month and leaves revenue null without money", () => {
  const rows = [
    { account_id: "a", period: "2020-01-01", rv: 2, revenue: 10 },
    { account_id: "b", period: "2020-01-01", rv: 3, revenue: null },
    { account_id: "a", period: "2020-02-01", rv: -1, revenue: 5 },
  ].map((r) => ({ ...r, interactions: 1, cost: 0, profit: null, wallet: null, nps: null }));
  const months = ["2020-01-01", "2020-02-01", "2020-03-01"];
  const flags = { has_wallet: false, has_nps: false };
  assert.deepEqual(panelTotals({ rows, months, has_money: true, ...flags }), [
    { month: "2020-01-01", rv: 5, revenue: 10 },
    { month: "2020-02-01", rv: -1, revenue: 5 },
    { month: "2020-03-01", rv: 0, revenue: 0 },
  ]);
  assert.equal(panelTotals({ rows, months, has_money: false, ...flags })[0].revenue, null);
});
