import assert from "node:assert/strict";
import { equitySample, relationshipEquity } from "../../src/voc/equity.ts";
import type { PanelRow } from "../../src/backtest/panel.ts";
import { accountPanel } from "../../src/backtest/panel.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { mulberry32 } from "../../src/util/random.ts";

const month = (m: number) => `2024-${String(m + 1).padStart(2, "0")}-01`;

function row(account: string, m: number, rv: number, money: number | null): PanelRow {
  return {
    account_id: account,
    period: month(m),
    rv,
    cost: 0,
    interactions: 0,
    revenue: money,
    gross_profit: money,
    cost_to_serve: money === null ? null : 0,
    wallet: null,
    profit: money,
    nps: null,
    csat: null,
    answers: 0,
  };
}

/**
 * Exact world, horizon H = 2, window W = 1, calibration cutoff month 4, valuation month 6:
 * account i has RV r_i in month 3, money p_i/2 in months 2 and 3, and then exactly
 * (a + b·r_i + g·p_i)/2 in months 4 and 5; its RV in month 5 is s_i.
 */
const A = 100, B = 5, G = 0.5;
function exactWorld() {
  const rng = mulberry32(6);
  const panel: PanelRow[] = [];
  const truth: { r: number; p: number; s: number; f: number }[] = [];
  for (let i = 0; i < 30; i++) {
    const id = `a${String(i).padStart(2, "0")}`;
    const r = rng.int(21) - 10, p = 100 + rng.int(900), s = rng.int(21) - 8;
    const f = A + B * r + G * p;
    truth.push({ r, p, s, f });
    panel.push(
      row(id, 2, 0, p / 2),
      row(id, 3, r, p / 2),
      row(id, 4, 0, f / 2),
      row(id, 5, s, f / 2),
    );
  }
  // a prospect: RV but never revenue, so never in a sample
  panel.push(row("prospect", 3, 50, null), row("prospect", 5, 50, null));
  return { panel, truth };
}

Deno.test("relationshipEquity() recovers an exact linear relation and sums b·RV by hand", () => {
  const { panel, truth } = exactWorld();
  const e = relationshipEquity(panel, { window: 1, horizon: 2, resamples: 50, seed: 2 });
  assert.equal(e.calibration_cutoff, month(4));
  assert.equal(e.valuation_cutoff, month(6));
  assert.equal(e.n_calibration, 30);
  assert.equal(e.n_valuation, 30);
  const near = (a: number, b: number) =>
    assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
  near(e.model.intercept, A);
  near(e.model.rv_coef.value, B);
  near(e.model.past_coef, G);
  near(e.model.r2, 1);
  // an exact relation leaves no sampling uncertainty
  near(e.model.rv_coef.low, B);
  near(e.model.rv_coef.high, B);
  const equity = truth.reduce((s, t) => s + B * t.s, 0);
  near(e.equity.value, equity);
  // at valuation the past money is what came after calibration: f_i
  near(e.expected_profit.value, truth.reduce((s, t) => s + A + B * t.s + G * t.f, 0));
  near(e.past_profit, truth.reduce((s, t) => s + t.f, 0));
  assert.equal(e.backtest, null); // needs 3 horizons of data
  assert.ok(!e.accounts.some((a) => a.account_id === "prospect"));
});

Deno.test("equitySample() takes current customers and sums the windows", () => {
  const panel = [row("a", 0, 2, 10), row("a", 1, 3, 20), row("a", 2, 4, 30), row("b", 1, 9, 0)];
  const s = equitySample(panel, month(2), { window: 2, horizon: 1, future: true });
  assert.deepEqual(s, [{ account_id: "a", rv: 5, past: 20, future: 30 }]);
});

Deno.test("relationshipEquity() says what data it needs", () => {
  const { panel } = exactWorld();
  assert.throws(
    () => relationshipEquity(panel.map((r) => ({ ...r, revenue: null }))),
    /needs financials/,
  );
  assert.throws(() => relationshipEquity(panel, { horizon: 3 }), /2 × horizon = 6 periods/);
  assert.throws(() => relationshipEquity(panel, { window: 0 }), /window must be/);
});

Deno.test("relationshipEquity() on synthetic worlds: positive goodwill only where RV leads money", async () => {
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  const res: Record<string, ReturnType<typeof relationshipEquity>> = {};
  for (const effect of ["planted", "none"] as const) {
    const out = await Deno.makeTempDir({ prefix: "rvlab-equity-" });
    // the lead alone against the null world: the other effects are level shifts or late
    // collapses that do not time money, and are checked in tests/generate/world_truth_test.ts;
    // no loss-makers either (their cost to serve grows with their gross profit, so their
    // profit falls as they buy more, the opposite of the relation checked here)
    await generateWorld(ipf, out, {
      accounts: 500,
      months: 24,
      seed: 13,
      effect: "none",
      effects: { lead: effect === "planted", loss_makers: false },
    });
    const engine = await openEngine();
    try {
      await loadDataDirIntoEngine(engine, out);
      res[effect] = relationshipEquity(await accountPanel(engine), {
        horizon: 6,
        resamples: 300,
        seed: 4,
      });
    } finally {
      engine.close();
      await Deno.remove(out, { recursive: true });
    }
  }
  const p = res.planted, n = res.none;
  assert.ok(p.model.rv_coef.low > 0, JSON.stringify(p.model));
  assert.ok(p.equity.low > 0);
  assert.ok(n.model.rv_coef.low < 0 && n.model.rv_coef.high > 0, JSON.stringify(n.model));
  // out of time (squared error, what OLS fits), RV adds to the lagging baseline only where planted
  const gain = (r: typeof p) => r.backtest!.r2 - r.backtest!.baseline_r2;
  assert.ok(p.backtest && n.backtest);
  assert.ok(gain(p) > 0.005, JSON.stringify(p.backtest));
  assert.ok(Math.abs(gain(n)) < gain(p), JSON.stringify(n.backtest));
});
