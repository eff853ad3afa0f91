import assert from "node:assert/strict";
import { bandOf, sayDoObservations, sayVsDo } from "../../src/voc/say_vs_do.ts";
import { accountPanel, type PanelRow } from "../../src/backtest/panel.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { mulberry32 } from "../../src/util/random.ts";

const month = (m: number) =>
  `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`;

function row(account: string, m: number, fields: Partial<PanelRow>): PanelRow {
  return {
    account_id: account,
    period: month(m),
    rv: 0,
    cost: 0,
    interactions: 0,
    revenue: null,
    gross_profit: null,
    cost_to_serve: null,
    wallet: null,
    profit: null,
    nps: null,
    csat: null,
    answers: 0,
    ...fields,
  };
}

Deno.test("bandOf() uses the NPS bands and the CSAT top-box shares", () => {
  assert.deepEqual([10, 9, 8.5, 7, 6.9, 0].map((s) => bandOf(s, "nps")), [
    "promoter",
    "promoter",
    "passive",
    "passive",
    "detractor",
    "detractor",
  ]);
  // 1–5 scale: 4–5 promoter, 3 passive, 1–2 detractor
  assert.deepEqual([5, 4, 3, 2, 1].map((s) => bandOf(s / 5, "csat")), [
    "promoter",
    "promoter",
    "passive",
    "detractor",
    "detractor",
  ]);
});

Deno.test("sayDoObservations() sums RV over the window and money around the answer", () => {
  // account a: months 0..7; rv 1,2,3,4 in months 1..4 (month 0 absent from the panel);
  // operating money = gross_profit − cost_to_serve = 10·m − 1; answer NPS 9 in month 3
  const panel: PanelRow[] = [];
  for (let m = 1; m <= 7; m++) {
    panel.push(row("a", m, {
      rv: m <= 4 ? m : 0,
      revenue: 100,
      gross_profit: 10 * m,
      cost_to_serve: 1,
      profit: 10 * m - 1 - 5, // the data model's profit: also minus interaction cost 5
      nps: m === 3 ? 9 : null,
    }));
  }
  // account b: answers in month 2 but has no revenue before it
  panel.push(row("b", 1, { revenue: 0, gross_profit: 0, profit: 0 }));
  panel.push(row("b", 2, { revenue: 0, gross_profit: 0, profit: 0, nps: 3, rv: -4 }));
  panel.push(row("b", 3, { revenue: 50, gross_profit: 5, profit: 5 }));
  const { measure, observations } = sayDoObservations(panel, { window: 3, horizon: 2 });
  assert.equal(measure, "nps");
  assert.equal(observations.length, 2);
  const [a, b] = observations;
  assert.equal(a.do, 1 + 2 + 3);
  assert.equal(a.band, "promoter");
  // after: months 4, 5 → 39 + 49; before: months 2, 3 → 19 + 29
  assert.equal(a.profit_change, (39 + 49) - (19 + 29));
  assert.equal(b.do, -4);
  assert.equal(b.profit_change, null); // no revenue before the answer
  // with a window reaching before the first period, missing periods count 0
  assert.equal(sayDoObservations(panel, { window: 10, horizon: 2 }).observations[0].do, 6);
  // horizon running past the data: not defined
  assert.equal(sayDoObservations(panel, { horizon: 5 }).observations[0].profit_change, null);
  // data-model profit instead of operating money: the −5 cancels in the difference
  assert.equal(
    sayDoObservations(panel, { window: 3, horizon: 2, money: "profit" }).observations[0]
      .profit_change,
    (34 + 44) - (14 + 24),
  );
  assert.throws(() => sayDoObservations(panel, { window: 0 }), /window must be/);
});

Deno.test("sayDoObservations() falls back to CSAT when there is no NPS", () => {
  const panel = [row("a", 0, { csat: 0.6, rv: 2 }), row("a", 1, { csat: 0.9 })];
  const { measure, observations } = sayDoObservations(panel, { window: 1 });
  assert.equal(measure, "csat");
  assert.deepEqual(observations.map((o) => o.band), ["passive", "promoter"]);
});

/**
 * 60 accounts, one answer each in month 3. RV decides the money: accounts with rv_i > 0
 * grow by 10·rv_i afterwards, the others shrink; NPS is unrelated noise. Account p00
 * is a promoter with the lowest RV, d59 a detractor with the highest.
 */
function designedPanel(): PanelRow[] {
  const rng = mulberry32(4);
  const panel: PanelRow[] = [];
  for (let i = 0; i < 60; i++) {
    const id = i === 0 ? "p00" : i === 59 ? "d59" : `x${String(i).padStart(2, "0")}`;
    const rv = i - 29.5; // distinct, centred
    const nps = i === 0 ? 10 : i === 59 ? 2 : rng.int(11);
    for (let m = 0; m < 7; m++) {
      const money = m <= 3 ? 100 : 100 + 10 * rv;
      panel.push(row(id, m, {
        rv: m === 3 ? rv : 0,
        revenue: money,
        gross_profit: money,
        cost_to_serve: 0,
        profit: money,
        nps: m === 3 ? nps : null,
      }));
    }
  }
  return panel;
}

Deno.test("sayVsDo() finds the quadrant, the better leader and the disagreeing accounts", () => {
  const panel = designedPanel();
  const r = sayVsDo(panel, { window: 1, horizon: 3, resamples: 200, seed: 3 });
  assert.equal(r.observations, 60);
  assert.equal(r.accounts, 60);
  assert.equal(r.rv_median, 0);
  // quadrant: counts add up, RV high = the 30 accounts with rv > 0, all growing
  assert.equal(r.quadrant.reduce((s, c) => s + c.observations, 0), 60);
  const high = r.quadrant.filter((c) => c.rv === "high");
  assert.equal(high.reduce((s, c) => s + c.observations, 0), 30);
  for (const c of high) if (c.observations) assert.equal(c.share_growing, 1);
  for (const c of r.quadrant.filter((c) => c.rv === "low")) {
    if (c.observations) assert.equal(c.share_growing, 0);
  }
  // RV separates growth perfectly, NPS is noise
  assert.equal(r.leads.auc_do.value, 1);
  assert.equal(r.leads.verdict, "rv leads better");
  assert.ok(r.leads.difference.low > 0);
  // the planted disagreements are the two most extreme (equally: ties by account id)
  assert.deepEqual(r.disagreements.slice(0, 2).map((d) => d.account_id), ["d59", "p00"]);
  const p00 = r.disagreements.find((d) => d.account_id === "p00")!;
  assert.equal(p00.kind, "says_loyal_acts_cold");
  assert.equal(p00.do_percentile, 0);
  const d59 = r.disagreements.find((d) => d.account_id === "d59")!;
  assert.equal(d59.kind, "says_unhappy_acts_loyal");
  assert.equal(d59.do_percentile, 1);
  for (const d of r.disagreements) {
    assert.ok(
      (d.band === "promoter" && d.do_percentile < 0.25) ||
        (d.band === "detractor" && d.do_percentile > 0.75),
    );
  }
  // deterministic for a seed
  assert.deepEqual(sayVsDo(panel, { window: 1, horizon: 3, resamples: 200, seed: 3 }), r);
});

Deno.test("sayVsDo() says when there is not enough data", () => {
  const r = sayVsDo([row("a", 0, { nps: 9, rv: 1 })], { resamples: 10 });
  assert.equal(r.observations, 1);
  assert.equal(r.leads.verdict, "not enough data");
});

Deno.test("sayVsDo() on synthetic worlds: RV leads money in the planted world only", async () => {
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  const res: Record<string, ReturnType<typeof sayVsDo>> = {};
  for (const effect of ["planted", "none"] as const) {
    const out = await Deno.makeTempDir({ prefix: "rvlab-saydo-" });
    await generateWorld(ipf, out, { accounts: 600, months: 24, seed: 8, effect });
    const engine = await openEngine();
    try {
      await loadDataDirIntoEngine(engine, out);
      res[effect] = sayVsDo(await accountPanel(engine), { resamples: 200, seed: 1 });
    } finally {
      engine.close();
      await Deno.remove(out, { recursive: true });
    }
  }
  // in both worlds the same latent health drives NPS and interactions: they agree
  for (const r of Object.values(res)) assert.ok(r.correlation.spearman.low > 0);
  assert.ok(res.planted.leads.auc_do.low > 0.5, JSON.stringify(res.planted.leads));
  assert.ok(res.none.leads.auc_do.value < res.planted.leads.auc_do.low);
  assert.ok(res.none.leads.auc_do.low < 0.5, JSON.stringify(res.none.leads));
});
