import assert from "node:assert/strict";
import { openWorkspace } from "../../src/notebook/mod.ts";
import { analyseSegments } from "../../src/segments/mod.ts";
import { buildPanel } from "../../src/backtest/panel.ts";
import { readsReversed, validatePanel } from "../../src/backtest/validate.ts";
import { observations } from "../../src/backtest/protocol.ts";
import { backtestStudy, isSkipped, rocAndGain, type Study } from "../../src/study/mod.ts";
import { buildReport, renderReport } from "../../src/report/mod.ts";
import { mimeBundle, studyView } from "../../src/display/mod.ts";

const ws = await openWorkspace({ accounts: 60, months: 24, seed: 3 });
const options = { resamples: 50, seed: 2 };
const study: Study = await ws.study(options);
const segments = await analyseSegments(ws.engine, { seed: options.seed });
const panel = await buildPanel(ws.engine);
const doc = await buildReport(ws.engine, { ...options, dataKind: "synthetic", source: "t" });
const again = ws.study(options);
await ws.close();

Deno.test("analyseStudy() gives the same results as each analysis run on its own", () => {
  assert.deepEqual(study.segments, segments);
  assert.deepEqual(
    study.backtest.validation,
    validatePanel(panel, { horizon: 3, seed: 2, resamples: 50 }),
  );
  assert.deepEqual(study.at_risk, segments.exceptions.at_risk.slice(0, 8));
  const ids = new Set(study.at_risk.map((e) => e.account_id));
  assert.ok(study.at_risk_rv.every((r) => ids.has(r.id) && r.period >= segments.window.start));
  assert.ok(study.data_map.types_in_ipf >= study.data_map.types_observed);
  assert.ok(!isSkipped(study.say_vs_do), "the synthetic world has NPS answers");
});

Deno.test("ws.study() analyses once per set of options", async () => {
  assert.equal(await again, study);
});

Deno.test("renderReport() of the study gives the report buildReport() builds", async () => {
  const rendered = await renderReport(study, { dataKind: "synthetic", source: "t" });
  assert.deepEqual(
    rendered.sections.map((s) => [s.title, s.paragraphs, s.tables.map((t) => t.name)]),
    doc.sections.map((s) => [s.title, s.paragraphs, s.tables.map((t) => t.name)]),
  );
  // ids and titles: Vega numbers its gradients per process, so SVGs of a second render differ
  assert.deepEqual(
    rendered.sections.flatMap((s) => s.charts.map((c) => [c.id, c.title])),
    doc.sections.flatMap((s) => s.charts.map((c) => [c.id, c.title])),
  );
});

Deno.test("rocAndGain() skips predictors with too few observations or a constant target", () => {
  assert.deepEqual(rocAndGain([], "revenue_growing"), { roc: [], gain: [] });
  const { observations: obs } = observations(panel, { horizon: 3 });
  const { roc, gain } = rocAndGain(obs, "revenue_growing", ["rv_trend"]);
  assert.ok(roc.length > 2 && roc.length <= 122, `${roc.length} ROC points`);
  assert.deepEqual(roc[0], { predictor: "rv_trend", reversed: false, fpr: 0, tpr: 0 });
  assert.deepEqual(roc.at(-1), { predictor: "rv_trend", reversed: false, fpr: 1, tpr: 1 });
  assert.deepEqual(gain.map((g) => g.decile), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

Deno.test("backtestStudy() keeps the cutoffs' windows and the monthly totals", () => {
  const b = backtestStudy(panel, { resamples: 20 });
  assert.equal(b.windows.length, b.validation.cutoffs.length);
  assert.deepEqual(b.windows.map((w) => w.cutoff), b.validation.cutoffs);
  assert.equal(b.totals.length, panel.months.length);
  // the ROC curves read each baseline as the verdict does (readsReversed)
  const tested = b.validation.results.filter((r) => r.target === b.target && r.status === "tested");
  for (const p of new Set(b.roc.map((r) => r.predictor))) {
    const row = tested.find((r) => r.predictor === p)!;
    assert.equal(b.roc.find((r) => r.predictor === p)!.reversed, readsReversed(row), p);
  }
});

Deno.test("studyView() shows the segments, the back-test and say vs do in one cell", () => {
  const html = mimeBundle(studyView(study))["text/html"];
  const at = (s: string) => html.indexOf(s);
  assert.ok(at("Segments and starting benchmark") >= 0);
  assert.ok(at("Is RV a leading indicator?") > at("Segments and starting benchmark"));
  assert.ok(at("Say vs do") > at("Is RV a leading indicator?"));
  assert.ok(html.includes(`${study.segments.customers} customers`), "segment figures rendered");
  const skipped = studyView({ ...study, say_vs_do: { skipped: "no NPS" } });
  assert.ok(mimeBundle(skipped)["text/html"].includes("Not measurable on this data (no NPS)"));
});
