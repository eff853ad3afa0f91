/**
 * False-positive rate (EFFECT=none, default) or power (EFFECT=planted) of `validate`
 * at alpha = 0.05: how often does it call RV a
 * leading indicator in SYNTHETIC worlds generated with --effect none (where it is
 * not)? Not part of CI (it takes minutes). Usage:
 *   deno run -A scripts/false_positive_rate.ts [seeds=100] [accounts=200] [resamples=200]
 * Prints one line per seed on stderr and a JSON summary on stdout.
 */
import { generateWorld } from "../src/generate/world.ts";
import { loadTable } from "../src/engine/records.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";
import { validate } from "../src/backtest/validate.ts";

const [seeds = 100, accounts = 200, resamples = 200] = Deno.args.map(Number);
const effect = (Deno.env.get("EFFECT") ?? "none") as "none" | "planted";
const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const t0 = performance.now();
let anyVerdict = 0;
const perTarget: Record<string, number> = {};
let rvTests = 0, rvSignificant = 0, leadClaims = 0;
const grangerSignificant = { revenue: 0, profit: 0 };
for (let seed = 1; seed <= seeds; seed++) {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-fpr-" });
  await generateWorld(ipf, dir, { accounts, months: 36, seed, effect });
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(engine, dir);
    const v = await validate(engine, { horizon: 3, seed, resamples });
    const leads = v.verdicts.filter((x) => x.rv_leads).map((x) => x.target);
    if (leads.length) anyVerdict++;
    for (const t of leads) perTarget[t] = (perTarget[t] ?? 0) + 1;
    for (const r of v.results.filter((r) => r.predictor.startsWith("rv_"))) {
      if (r.status !== "tested") continue;
      rvTests++;
      if (r.p_adjusted! < 0.05 && (r.auc_ci_low! > 0.5 || r.auc_ci_high! < 0.5)) rvSignificant++;
    }
    if (v.lead_lag.profit.verdict === "leads" || v.lead_lag.revenue.verdict === "leads") {
      leadClaims++;
    }
    for (const k of ["revenue", "profit"] as const) {
      if ((v.granger[k]?.p_value ?? 1) < 0.05) grangerSignificant[k]++;
    }
    console.error(`seed ${seed}: ${leads.length ? "RV LEADS " + leads.join(", ") : "no"}`);
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(JSON.stringify(
  {
    effect,
    seeds,
    accounts,
    resamples,
    alpha: 0.05,
    worlds_with_any_rv_leads_verdict: anyVerdict,
    rate_of_worlds_with_rv_leads: anyVerdict / seeds, // the family-wise false-positive rate when EFFECT=none, the power when planted
    per_target: perTarget,
    rv_tests: rvTests,
    rv_tests_significant_after_holm: rvSignificant,
    per_test_rate: rvSignificant / rvTests,
    // worlds with a lead_lag verdict `leads` (profit or revenue)
    worlds_with_a_lead: leadClaims,
    // worlds where the panel Granger F-test (RV's past → money changes) had p < 0.05
    granger_significant: grangerSignificant,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  },
  null,
  2,
));
