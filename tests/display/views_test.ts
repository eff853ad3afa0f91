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
  REVERSED_NOTE,
  rvqView,
  sayVsDoSummary,
  sayVsDoView,
  segmentsSummary,
  segmentsView,
  startingBenchmarkTable,
  validationSummary,
  validationView,
  view,
  whaleChart,
} from "../../src/display/mod.ts";
import { readsReversed } from "../../src/backtest/mod.ts";
import { JSDOM } from "jsdom";
import { formatValue } from "../../src/util/table_format.ts";

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
  assert.equal(bench[0].value, formatValue("ratio", s.starting_benchmark.cost_to_engage_ratio));
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

Deno.test("validationView() draws the AUCs as a forest plot, one CI rule per tested row", () => {
  const src = { kind: "synthetic" as const, source: "test world" };
  const h = mimeBundle(validationView(v, src))["text/html"];
  const svg = /<svg[\s\S]*<\/svg>/.exec(h)?.[0] ?? "";
  assert.ok(svg.includes("AUC per predictor and target"), "the forest plot is in the view");
  assert.ok(svg.includes("SYNTHETIC"), "with its data-kind caption");
  const tested = v.results.filter((r) => r.status === "tested");
  assert.ok(tested.length > 0);
  const doc = new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
  const ciRules = [...doc.querySelectorAll('g[aria-label="rule"] line')].filter((l) =>
    l.getAttribute("x1") !== l.getAttribute("x2")
  );
  assert.equal(ciRules.length, tested.length, "one horizontal CI rule per tested row");
  assert.equal(doc.querySelectorAll('g[aria-label="dot"] circle').length, tested.length);
  // the table still lists every row, and the chart only with a data kind to caption it
  assert.ok(!mimeBundle(validationView(v))["text/html"].includes("<svg"));
  assert.ok(h.includes("<th>Read reversed</th>"));
});

Deno.test('the validation view says what "(reversed)" means when a baseline is read reversed', () => {
  const reversedRow = v.results.find((r) =>
    r.status === "tested" && !r.predictor.startsWith("rv")
  )!;
  const flipped = {
    ...v,
    results: v.results.map((r) => r === reversedRow ? { ...r, auc: 0.3 } : r),
    verdicts: v.verdicts.map((x, i) =>
      i === 0 ? { ...x, best_baseline: `${reversedRow.predictor} (reversed)` } : x
    ),
  };
  assert.ok(readsReversed({ predictor: reversedRow.predictor, auc: 0.3 }));
  const md = mimeBundle(validationSummary(flipped))["text/markdown"];
  assert.ok(md.includes(REVERSED_NOTE), md);
  assert.ok(REVERSED_NOTE.includes("lower") && REVERSED_NOTE.includes("1 − AUC"));
  assert.ok(mimeBundle(validationView(flipped))["text/html"].includes("<em>(reversed)</em>"));
  const none = {
    ...v,
    results: v.results.map((r) => ({ ...r, auc: r.auc === null ? null : Math.max(r.auc, 0.5) })),
    verdicts: v.verdicts.map((x) => ({ ...x, best_baseline: "revenue_last" })),
  };
  assert.ok(!mimeBundle(validationSummary(none))["text/markdown"].includes(REVERSED_NOTE));
});

Deno.test("view() displays every raw result as its view, never an object dump", () => {
  const cases: [unknown, string][] = [
    [s, mimeBundle(segmentsView(s))["text/html"]],
    [v, mimeBundle(validationView(v))["text/html"]],
    [sd, mimeBundle(sayVsDoView(sd))["text/html"]],
    [s.rvq, mimeBundle(view(s.rvq))["text/html"]],
    [s.crm_scorecard, mimeBundle(view(s.crm_scorecard))["text/html"]],
  ];
  for (const [value, expected] of cases) {
    const h = mimeBundle(view(value))["text/html"];
    assert.equal(h, expected);
    assert.ok(h.includes("<table"), h.slice(0, 200));
    assert.ok(!/\[object Object\]|":\s*[{[]/.test(h), h.slice(0, 400));
  }
  assert.ok(mimeBundle(segmentsView(s))["text/html"].includes("Starting benchmark"));
});
