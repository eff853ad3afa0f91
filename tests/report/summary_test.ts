import assert from "node:assert/strict";
import { executiveSummary } from "../../src/report/summary.ts";
import type { Study } from "../../src/study/study.ts";
import { compareWithSeed, type StartingBenchmark } from "../../src/segments/starting_benchmark.ts";

const rvqRow = (question: string, verdict: "different" | "no_difference" | "not_testable") => ({
  question,
  group_a: "a",
  group_b: "b",
  n_a: 40,
  n_b: 25,
  measure: "mean RV per month",
  estimate_a: verdict === "not_testable" ? null : 12.3,
  estimate_b: verdict === "not_testable" ? null : 4.1,
  difference: verdict === "not_testable" ? null : 8.2,
  ci_low: verdict === "not_testable" ? null : 5,
  ci_high: verdict === "not_testable" ? null : 11.4,
  ci_level: verdict === "not_testable" ? null : 0.99,
  effect_size: verdict === "not_testable" ? null : 0.61,
  p_value: verdict === "not_testable" ? null : 0.0004,
  p_adjusted: verdict === "not_testable" ? null : 0.0012,
  verdict,
  reason: verdict === "not_testable" ? "no wallet" : null,
});

const verdict = (target: string, rv_leads: boolean, measurable = true) => ({
  target,
  best_rv: measurable ? "rv_trend" : null,
  best_rv_auc: measurable ? 0.7 : null,
  best_baseline: measurable ? "profit_last" : null,
  best_baseline_auc: measurable ? 0.6 : null,
  difference: measurable ? 0.1 : null,
  difference_ci_low: measurable ? 0.02 : null,
  difference_ci_high: measurable ? 0.18 : null,
  rv_leads,
  reason: rv_leads ? "RV leads" : measurable ? "RV does not beat the baseline" : "no money",
});

const bench = {
  cost_to_engage_ratio: 3.2,
  revenue_ratio: 5,
  revenue_concentration_top20: 0.81,
  profit_concentration_top20: 1.3,
} as StartingBenchmark;

/** The parts of a study the executive summary reads. */
function study(sayVsDo: unknown): Study {
  return {
    segments: {
      rvq: [
        rvqRow("top_vs_loss", "different"),
        rvqRow("revenue_growing_vs_shrinking", "no_difference"),
        rvqRow("sow_growing_vs_shrinking", "not_testable"),
        rvqRow("community_vs_not", "different"),
        rvqRow("initiative:club_vs_not", "no_difference"),
      ],
      starting_benchmark: bench,
      next_best_actions: [
        { account_id: "a1", interaction_type: "webinar", rv: 2, why: "" },
        { account_id: "a1", interaction_type: "visit", rv: 3, why: "" },
        { account_id: "a2", interaction_type: "visit", rv: 3, why: "" },
      ],
    },
    backtest: {
      validation: {
        verdicts: [
          verdict("top20_profit", false),
          verdict("revenue_growing", true),
          verdict("sow_growing", false, false),
        ],
      },
    },
    say_vs_do: sayVsDo,
    at_risk: [{ account_id: "a9" }, { account_id: "a3" }],
    data_map: { coverage: 0.5, missing: [{}, {}] },
  } as unknown as Study;
}

Deno.test("executiveSummary() answers yes, no and not measurable as the study's verdicts say", () => {
  const s = executiveSummary(study({ skipped: "no voc answers" }));
  assert.deepEqual(s.rvq.map((a) => a.answer), ["yes", "no", "not measurable", "yes", "no"]);
  assert.deepEqual(s.rvq.map((a) => a.section), ["rvq", "rvq", "rvq", "community", "community"]);
  assert.match(s.rvq[0].question, /top-profit and loss-making/);
  assert.match(s.rvq[2].evidence, /not testable \(no wallet\)/);
  assert.match(s.rvq[4].question, /initiative club/);
  assert.deepEqual(s.leading.map((a) => a.answer), ["no", "yes", "not measurable"]);
  assert.match(s.leading[1].question, /revenue growth/);
  assert.equal(s.say_do.answer, "not measurable");
  assert.match(s.say_do.evidence, /no voc answers/);
  assert.match(s.actions[0], /^2 accounts are at risk; the first by value at stake: a9, a3\.$/);
  assert.match(s.actions[1], /^3 next best actions for 2 customers\.$/);
  assert.deepEqual(s.benchmark.map((b) => b.verdict), [
    "as claimed",
    "lower",
    "as claimed",
    "as claimed",
  ]);
});

Deno.test("executiveSummary() says yes to say vs do only when RV leads better", () => {
  const sd = (v: string) => ({
    say_measure: "nps",
    observations: 300,
    accounts: 100,
    leads: {
      verdict: v,
      auc_do: { value: 0.7, low: 0.6, high: 0.8 },
      auc_say: { value: 0.6, low: 0.5, high: 0.7 },
      difference: { value: 0.1, low: 0.02, high: 0.2 },
    },
  });
  const answer = (v: string) => executiveSummary(study(sd(v))).say_do.answer;
  assert.equal(answer("rv leads better"), "yes");
  assert.equal(answer("voc leads better"), "no");
  assert.equal(answer("no clear difference"), "no");
  assert.equal(answer("not enough data"), "not measurable");
  assert.match(executiveSummary(study(sd("rv leads better"))).say_do.question, /\(NPS\)/);
});

Deno.test("compareWithSeed() says as claimed, higher, lower or not measurable at the documented tolerances", () => {
  const at = (b: Partial<StartingBenchmark>) =>
    compareWithSeed({ ...bench, ...b } as StartingBenchmark).map((c) => c.verdict);
  // ratios: within a factor of 1.5 of 3× and 16×
  assert.deepEqual(at({ cost_to_engage_ratio: 4.5, revenue_ratio: 16 / 1.5 }).slice(0, 2), [
    "as claimed",
    "as claimed",
  ]);
  assert.deepEqual(at({ cost_to_engage_ratio: 4.51, revenue_ratio: 10.6 }).slice(0, 2), [
    "higher",
    "lower",
  ]);
  // revenue share: 80 % ± 10 points
  assert.equal(at({ revenue_concentration_top20: 0.69 })[2], "lower");
  assert.equal(at({ revenue_concentration_top20: 0.91 })[2], "higher");
  // profit share: 90 % or more is "as claimed" (the rest earn nothing on balance), never "higher"
  assert.equal(at({ profit_concentration_top20: 0.89 })[3], "lower");
  assert.equal(at({ profit_concentration_top20: 2.5 })[3], "as claimed");
  assert.equal(at({ profit_concentration_top20: NaN })[3], "not measurable");
});
