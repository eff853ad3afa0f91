import assert from "node:assert/strict";
import {
  chooseCutoffs,
  observations,
  predictorsAt,
  slicePanel,
} from "../../src/backtest/protocol.ts";
import { slope } from "../../src/stats/slope.ts";
import type { Panel, PanelRow } from "../../src/backtest/panel.ts";
import { laggedCrossCorrelation, leadLag } from "../../src/backtest/cross_correlation.ts";
import { clusterBootstrapAuc } from "../../src/stats/cluster_bootstrap_auc.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { fitGammaGamma, gammaGammaExpectedSpend } from "../../src/backtest/clv/mod.ts";
import { bgbbConditionalExpected, type BgBbParams, fitBgBb } from "../../src/backtest/clv/bgbb.ts";

const months = Array.from(
  { length: 18 },
  (_, i) => new Date(Date.UTC(2020, i, 1)).toISOString().slice(0, 10),
);

function panel(seed: number): Panel {
  const rng = mulberry32(seed);
  const rows: PanelRow[] = [];
  for (let a = 0; a < 30; a++) {
    for (const m of months) {
      rows.push({
        account_id: `a${a}`,
        period: m,
        rv: Math.round(10 * rng.normal()),
        interactions: 3,
        cost: 10,
        revenue: 100 + Math.round(20 * rng.normal()),
        profit: 30 + Math.round(10 * rng.normal()),
        wallet: 300,
        nps: rng.next() < 0.2 ? rng.int(11) : null,
      });
    }
  }
  return { rows, months, has_money: true, has_wallet: true, has_nps: true };
}

Deno.test("slope() is the OLS slope and chooseCutoffs() leaves history and horizon", () => {
  assert.equal(slope([1, 3, 5, 7]), 2);
  assert.equal(slope([4]), null);
  assert.deepEqual(chooseCutoffs(months, { horizon: 3, history: 6, cutoffs: 4, step: 3 }), [
    months[6],
    months[9],
    months[12],
    months[15],
  ]);
  assert.deepEqual(chooseCutoffs(months.slice(0, 8), { horizon: 3, history: 6 }), []);
});

Deno.test("predictors never change when any row after the cutoff changes (no leakage)", () => {
  const p = panel(1);
  const base = observations(p, { horizon: 3 });
  for (const cutoff of base.cutoffs) {
    const changed: Panel = {
      ...p,
      rows: p.rows.map((
        r,
      ) => (r.period >= cutoff
        ? { ...r, rv: r.rv + 1000, revenue: 0, profit: -5, nps: 0, cost: 1 }
        : r)
      ),
    };
    const again = observations(changed, { horizon: 3 }).observations.filter((o) =>
      o.cutoff === cutoff
    );
    const before = base.observations.filter((o) => o.cutoff === cutoff);
    assert.deepEqual(
      again.map((o) => o.predictors),
      before.map((o) => o.predictors),
      `cutoff ${cutoff}`,
    );
    // ...while the targets do see the change
    assert.notDeepEqual(again.map((o) => o.targets), before.map((o) => o.targets));
  }
});

Deno.test("predictorsAt() computes hand-checked values", () => {
  const rows: PanelRow[] = [1, 2, 3, 4].map((i) => ({
    account_id: "x",
    period: months[i],
    rv: i,
    interactions: 1,
    cost: 2,
    revenue: i === 2 ? 0 : 10 * i,
    profit: i,
    wallet: null,
    nps: i === 2 ? 7 : null,
  }));
  const p = predictorsAt(slicePanel(rows, months[0], months[5]), { history: 6 }).get("x")!;
  assert.deepEqual(p, {
    rv_level: 2 + 3 + 4,
    rv_trend: 1,
    rv_per_cost: 10 / 8,
    profit_last: 9,
    revenue_last: 0 + 30 + 40,
    revenue_trend: slope([10, 0, 30, 40]),
    rfm_score: 3,
    nps_last: 7,
    // one account is too few to fit BG/NBD
    bgbb_expected: null,
    clv_spend: null,
  });
});

Deno.test("laggedCrossCorrelation() finds the lag of a shifted copy", () => {
  const rng = mulberry32(3);
  const series = Array.from({ length: 20 }, () => {
    const x = Array.from({ length: 30 }, () => rng.normal());
    const y = [0, 0, ...x.slice(0, 28)]; // y(t) = x(t - 2)
    return { x, y };
  });
  const c = laggedCrossCorrelation(series, [-2, 0, 2]);
  assert.ok(c[2].r > 0.95, `r at lag 2 = ${c[2].r}`);
  assert.ok(Math.abs(c[1].r) < 0.2);
  const l = leadLag(series, { seed: 1, resamples: 50 });
  assert.equal(l.lead, 2);
  assert.ok(l.r_ci_low! > 0.9);
});

Deno.test("clusterBootstrapAuc() is wider than the i.i.d. interval when accounts repeat", () => {
  const rng = mulberry32(9);
  const s: number[] = [], o: boolean[] = [], c: string[] = [];
  for (let a = 0; a < 40; a++) {
    const level = rng.normal(), good = rng.next() < 0.5;
    for (let k = 0; k < 5; k++) {
      s.push(level + (good ? 0.3 : 0) + 0.1 * rng.normal());
      o.push(good);
      c.push(`a${a}`);
    }
  }
  const clustered = clusterBootstrapAuc(s, o, c, { seed: 1, resamples: 300 });
  const iid = clusterBootstrapAuc(s, o, s.map((_, i) => `i${i}`), { seed: 1, resamples: 300 });
  assert.equal(clustered.auc, iid.auc);
  assert.ok(clustered.high - clustered.low > 1.5 * (iid.high - iid.low));
  assert.equal(clustered.clusters, 40);
});

Deno.test("runsAuc() equals auc() on the sample with repeats", async () => {
  const { auc } = await import("../../src/stats/auc.ts");
  const { aucRuns, runsAuc } = await import("../../src/stats/cluster_bootstrap_auc.ts");
  const rng = mulberry32(5);
  const s = Array.from({ length: 60 }, () => Math.round(4 * rng.normal()) / 2); // many ties
  const o = s.map(() => rng.next() < 0.4);
  const cluster = s.map(() => rng.int(15)); // clusters repeat within tie runs
  const w = Array.from({ length: 15 }, () => rng.int(3));
  const order = s.map((_, i) => i).sort((a, b) => s[a] - s[b]);
  const rs: number[] = [], ro: boolean[] = [];
  s.forEach((v, i) => {
    for (let k = 0; k < w[cluster[i]]; k++) (rs.push(v), ro.push(o[i]));
  });
  const runs = aucRuns(order, s, o, cluster, 15);
  assert.equal(runsAuc(runs, w), auc(rs, ro));
});

/** Accounts that buy in some months only (so BG/NBD has something to fit). */
function sparsePanel(seed: number): Panel {
  const rng = mulberry32(seed);
  const rows: PanelRow[] = [];
  for (let a = 0; a < 60; a++) {
    const rate = 0.1 + 0.8 * rng.next(), start = rng.int(4);
    let alive = true;
    for (const [i, m] of months.entries()) {
      if (i < start) continue;
      const buys = alive && (i === start || rng.next() < rate);
      if (buys && i > start && rng.next() < 0.1) alive = false;
      const revenue = buys ? 50 + Math.round(30 * rng.next()) : 0;
      rows.push({
        account_id: `s${a}`,
        period: m,
        rv: buys ? 5 : 0,
        interactions: buys ? 1 : 0,
        cost: 1,
        revenue,
        profit: revenue / 2,
        wallet: null,
        nps: null,
      });
    }
  }
  return { rows, months, has_money: true, has_wallet: false, has_nps: false };
}

Deno.test("BG/BB and Gamma-Gamma predictors see no row after the cutoff (no leakage)", () => {
  const p = sparsePanel(2);
  const base = observations(p, { horizon: 3 });
  assert.ok(
    base.observations.filter((o) => o.predictors.bgbb_expected !== null).length > 150,
    "the predictors are computed",
  );
  for (const cutoff of base.cutoffs) {
    // every row after the cutoff changed: buying every month at a very different amount
    const changed: Panel = {
      ...p,
      rows: p.rows.map((r) => (r.period >= cutoff ? { ...r, revenue: 999, profit: 500 } : r)),
    };
    const pick = (obs: typeof base.observations) =>
      obs.filter((o) => o.cutoff === cutoff).map((o) => [
        o.predictors.bgbb_expected,
        o.predictors.clv_spend,
      ]);
    assert.deepEqual(
      pick(observations(changed, { horizon: 3 }).observations),
      pick(base.observations),
    );
  }
});

Deno.test("customerBaseAt() is BG/BB × Gamma-Gamma fitted on the billed months before the cutoff", () => {
  const p = sparsePanel(5);
  const cutoff = months[12];
  const got = predictorsAt(slicePanel(p.rows, months[0], cutoff), { horizon: 4 });
  // recomputed here from the raw rows: transaction = a month with revenue
  const idx = (iso: string) => months.indexOf(iso);
  const summaries = new Map<string, { x: number; tx: number; T: number; m: number }>();
  const byAccount = new Map<string, PanelRow[]>();
  for (const r of p.rows) {
    if (r.period < cutoff && r.revenue! > 0) {
      byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    }
  }
  for (const [id, rows] of byAccount) {
    const first = idx(rows[0].period), rep = rows.slice(1);
    summaries.set(id, {
      x: rep.length,
      tx: rep.length ? idx(rep[rep.length - 1].period) - first : 0,
      T: 12 - first - 1, // BG/BB: the opportunities after the first billed month
      m: rep.length ? rep.reduce((s, r) => s + r.revenue!, 0) / rep.length : 0,
    });
  }
  const bb = fitBgBb([...summaries.values()]);
  const gg = fitGammaGamma([...summaries.values()]);
  let checked = 0;
  for (const [id, s] of summaries) {
    const pr = got.get(id);
    if (!pr) continue; // fewer than 3 months of panel
    const e = bgbbConditionalExpected(bb.params as unknown as BgBbParams, s, 4);
    assert.ok(Math.abs(pr.bgbb_expected! - e) <= 1e-9 * Math.max(1, e), id);
    const spend = e * gammaGammaExpectedSpend(gg.params, s.x ? s : { x: 0, m: 0 });
    assert.ok(Math.abs(pr.clv_spend! - spend) <= 1e-9 * Math.max(1, spend), id);
    checked++;
  }
  assert.ok(checked > 40, `${checked} accounts checked`);
});
