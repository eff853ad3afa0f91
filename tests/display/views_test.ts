import assert from "node:assert/strict";
import { openWorkspace } from "../../src/notebook/mod.ts";
import { analyseSegments } from "../../src/segments/mod.ts";
import { validate } from "../../src/backtest/mod.ts";
import { accountPanel, sayVsDo } from "../../src/voc/mod.ts";
import {
  accountsTable,
  comparisonChart,
  comparisonsView,
  disagreementsTable,
  exceptionsView,
  mimeBundle,
  nextBestActionsView,
  profitSegmentsTable,
  quadrantTable,
  rvqView,
  sayVsDoSummary,
  segmentsSummary,
  startingBenchmarkTable,
  validationSummary,
  validationView,
  whaleChart,
} from "../../src/display/mod.ts";

const ws = await openWorkspace({ accounts: 60, months: 24, seed: 3 });
const s = await analyseSegments(ws.engine);
const v = await validate(ws.engine, { resamples: 50, seed: 1 });
const sd = sayVsDo(await accountPanel(ws.engine), { seed: 1, resamples: 50 });
await ws.close();

Deno.test("segment views show the analysis' own figures", () => {
  const md = mimeBundle(segmentsSummary(s))["text/markdown"];
  assert.ok(md.includes(`${s.customers} customers of ${s.accounts} accounts`), md);
  assert.ok(md.includes(`${s.exceptions.count} accounts out of`));
  assert.deepEqual(profitSegmentsTable(s).rows, s.profit_segments);
  const bench = startingBenchmarkTable(s).rows;
  assert.equal(bench[0].value, s.starting_benchmark.cost_to_engage_ratio);
  assert.equal(accountsTable(s).rows.length, s.accounts_table.length);
  const h = mimeBundle(accountsTable(s))["text/html"];
  assert.ok(h.includes(`${s.accounts_table.length - 20} more rows`));
});

Deno.test("rvqView() shows one sentence and one table row per RV-Q answer", () => {
  const b = mimeBundle(rvqView(s));
  for (const r of s.rvq) assert.ok(b["text/html"].includes(r.question), r.question);
  assert.ok(b["text/html"].includes("RV-Q answers"));
  assert.equal(s.rvq[0].question, "top_vs_loss");
});

Deno.test("exceptionsView() lists every at-risk account by rank with value at stake and reason", () => {
  const t = exceptionsView(s);
  assert.equal(t.rows.length, s.exceptions.at_risk.length);
  t.rows.forEach((r, i) => {
    const e = s.exceptions.at_risk[i];
    assert.deepEqual([r.rank, r.account, r.value_at_stake, r.reason], [
      i + 1,
      e.account_id,
      e.value_at_stake,
      e.reason,
    ]);
  });
});

Deno.test("nextBestActionsView() shows every next best action with its why, none with rv <= 0", () => {
  const t = nextBestActionsView(s, 1000);
  assert.equal(t.rows.length, s.next_best_actions.length);
  assert.ok(t.rows.every((r, i) => r.why === s.next_best_actions[i].why && (r.rv as number) > 0));
});

Deno.test("comparisonsView() has one table per dimension; comparisonChart() rejects unknown ones", async () => {
  const h = mimeBundle(comparisonsView(s))["text/html"];
  assert.equal((h.match(/<table/g) ?? []).length, s.comparisons.length);
  const src = { kind: "synthetic" as const, source: "t" };
  await assert.rejects(() => comparisonChart(s, src, "no_such_dimension"), RangeError);
  const c = mimeBundle(await comparisonChart(s, src));
  assert.ok(c["image/svg+xml"].startsWith("<svg"));
  assert.ok(c["text/plain"].includes(s.comparisons[0].dimension.replaceAll("_", " ")));
  const none = mimeBundle(await comparisonChart({ ...s, comparisons: [] }, src));
  assert.ok(none["text/markdown"].startsWith("No dimension"));
});

Deno.test("whaleChart() is an SVG with the data-kind caption", async () => {
  const b = mimeBundle(await whaleChart(s, { kind: "synthetic", source: "test world" }));
  assert.ok(b["image/svg+xml"].includes("SYNTHETIC"));
});

Deno.test("validationView() shows every verdict and result row", () => {
  const h = mimeBundle(validationView(v))["text/html"];
  for (const x of v.verdicts) assert.ok(h.includes(x.target));
  assert.ok(h.includes(`${v.observations} account-cutoff observations`));
  assert.ok(!h.includes("\u001b["));
});

Deno.test("validationSummary() claims a lead only when the verdict is leads", () => {
  const ll = v.lead_lag.revenue;
  const at = (verdict: "leads" | "no_lead" | "not_testable") =>
    mimeBundle(validationSummary({
      ...v,
      lead_lag: {
        ...v.lead_lag,
        revenue: { ...ll, verdict, lead: 3, r: 0.1, r_ci_low: 0.05, r_ci_high: 0.2, reason: "few" },
      },
    }))["text/markdown"];
  assert.ok(at("leads").includes("RV precedes revenue by **3 months**"));
  assert.ok(at("no_lead").includes("no lead of RV over revenue beyond lag 0 (r at lag 0"));
  assert.ok(!at("no_lead").includes("precedes"));
  assert.ok(at("not_testable").includes("not testable: few"));
});

Deno.test("say-vs-do views carry the verdict and the quadrant", () => {
  const md = mimeBundle(sayVsDoSummary(sd))["text/markdown"];
  assert.ok(md.includes(sd.leads.verdict));
  assert.ok(md.includes(`${sd.observations} answers`));
  assert.deepEqual(quadrantTable(sd).rows, sd.quadrant);
  assert.equal(disagreementsTable(sd).rows.length, sd.disagreements.length);
});
