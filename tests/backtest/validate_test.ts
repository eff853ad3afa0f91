import assert from "node:assert/strict";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { BACKTEST_STEPS, validate } from "../../src/backtest/validate.ts";
import type { ProgressEvent } from "../../src/util/progress.ts";
import { validationMarkdown } from "../../src/report/validate_markdown.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];

async function run(effect: "planted" | "none", seed: number) {
  const dir = await Deno.makeTempDir({ prefix: `rvlab-validate-${effect}-` });
  await generateWorld(ipf, dir, { accounts: 200, months: 36, seed, effect });
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(engine, dir);
    return await validate(engine, { horizon: 3, seed: 1, resamples: 200 });
  } finally {
    engine.close();
  }
}

Deno.test("validate() finds RV leading at the planted lag and beating the lagging baselines", async () => {
  const v = await run("planted", 7);
  assert.equal(v.lead_lag.revenue.lead, 3, "RV leads revenue by the planted 3 months");
  assert.equal(v.lead_lag.revenue.verdict, "leads", v.lead_lag.revenue.reason);
  assert.ok(v.lead_lag.revenue.r_ci_low! > 0 && v.lead_lag.revenue.difference_ci_low! > 0);
  assert.match(validationMarkdown(v, "t"), /RV precedes revenue by 3 months/);
  // the lead is attached to the RV rows of a target whose lead is claimed, and only there
  for (const r of v.results) {
    const money = r.target === "top20_profit" ? v.lead_lag.profit : v.lead_lag.revenue;
    const expected = r.predictor.startsWith("rv_") && money.verdict === "leads" ? money.lead : null;
    assert.equal(r.lead_periods, expected, `${r.target}/${r.predictor}`);
  }
  const growing = v.verdicts.find((x) => x.target === "revenue_growing")!;
  assert.equal(growing.rv_leads, true, growing.reason);
  assert.ok(growing.difference_ci_low! > 0);
  const row = v.results.find((r) =>
    r.target === "revenue_growing" && r.predictor === growing.best_rv
  )!;
  assert.ok(row.auc_ci_low! > 0.5 && row.p_adjusted! < 0.05);
  assert.match(validationMarkdown(v, "t"), /\| revenue_growing \| rv_trend \|/);
  // the panel Granger test: RV's past improves the autoregression of revenue and profit
  for (const k of ["revenue", "profit"] as const) {
    const g = v.granger[k]!;
    assert.ok(g.p_value < 1e-6 && g.x_coefficient_sum > 0, `${k}: p ${g.p_value}`);
  }
  // lift and gain by decile, consistent with each other and with the positives' base rate
  for (const r of v.results) {
    assert.equal(r.deciles.length, 10);
    assert.equal(r.deciles[9].gain, 1);
    assert.equal(r.lift_top10, r.deciles[0].lift);
  }
  const best = v.results.find((r) => r.target === "revenue_growing" && r.predictor === "rv_trend")!;
  assert.ok(best.lift_top10! > 1.2, `lift ${best.lift_top10}`);
  assert.match(validationMarkdown(v, "t"), /## Cumulative gain by decile/);
  // the customer-base-analysis baselines are in the table
  for (const p of ["bgbb_expected", "clv_spend"]) {
    assert.ok(v.results.some((r) => r.target === "retained" && r.predictor === p), p);
  }
});

Deno.test("validate() does not find RV leading in a world where it does not", async () => {
  const v = await run("none", 7);
  for (const x of v.verdicts) assert.equal(x.rv_leads, false, `${x.target}: ${x.reason}`);
  for (const k of ["revenue", "profit"] as const) {
    assert.equal(v.lead_lag[k].verdict, "no_lead", v.lead_lag[k].reason);
  }
  assert.ok(v.results.every((r) => r.lead_periods === null));
  assert.doesNotMatch(validationMarkdown(v, "t"), /precedes/);
  assert.match(validationMarkdown(v, "t"), /no lead of RV over revenue beyond lag 0 \(r at lag 0/);
  for (const k of ["revenue", "profit"] as const) {
    assert.ok(v.granger[k]!.p_value > 0.05, `Granger ${k}: p ${v.granger[k]!.p_value}`);
  }
  for (const r of v.results.filter((r) => r.predictor.startsWith("rv_"))) {
    if (r.status !== "tested") continue;
    assert.ok(r.auc_ci_low! < 0.5 + 1e-9 || r.p_adjusted! >= 0.05, `${r.target}/${r.predictor}`);
  }
});

Deno.test("validate() is deterministic for a seed", async () => {
  const a = await run("planted", 3), b = await run("planted", 3);
  assert.deepEqual(a.results, b.results);
});

Deno.test("validate() reports its steps to onProgress: 0 to 9 of 9, each step named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-validate-progress-" });
  await generateWorld(ipf, dir, { accounts: 60, months: 18, seed: 2, effect: "planted" });
  const engine = await openEngine();
  const events: ProgressEvent[] = [];
  try {
    await loadDataDirIntoEngine(engine, dir);
    await validate(engine, { resamples: 50, cutoffs: 1, onProgress: (e) => events.push(e) });
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(events.map((e) => e.done), BACKTEST_STEPS.map((_, i) => i).concat([9]));
  assert.ok(events.every((e) => e.label === "back-test" && e.total === 9 && e.unit === "steps"));
  assert.deepEqual(events.slice(0, -1).map((e) => e.detail), [...BACKTEST_STEPS]);
  assert.equal(events.at(-1)!.detail, undefined);
});
