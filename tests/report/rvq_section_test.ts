import assert from "node:assert/strict";
import { rvqSentence } from "../../src/report/rvq_section.ts";

const row = {
  question: "top_vs_loss",
  group_a: "top20",
  group_b: "loss",
  n_a: 40,
  n_b: 25,
  measure: "mean RV per month",
  estimate_a: 12.3,
  estimate_b: 4.1,
  difference: 8.2,
  ci_low: 5,
  ci_high: 11.4,
  ci_level: 0.95,
  effect_size: 0.61,
  p_value: 0.0004,
  p_adjusted: 0.0012,
  verdict: "different" as const,
  reason: null,
};

Deno.test("rvqSentence() states both means, the verdict, the CI and the adjusted p in words", () => {
  assert.equal(
    rvqSentence(row),
    "Top-profit customers have a mean RV of 12.30 a month, loss-making customers 4.10: different " +
      "(difference 8.20, 95.0 % CI 5.00 to 11.40, adjusted p 0.0012; n = 40 and 25, Cliff's delta 0.61).",
  );
  assert.match(
    rvqSentence({
      ...row,
      question: "initiative:growth_vs_not",
      verdict: "no_difference",
      p_adjusted: 0.0002,
    }),
    /^Accounts in initiative growth have .*: no discernible difference .*adjusted p < 0\.001;/,
  );
  assert.equal(
    rvqSentence({
      ...row,
      question: "custom:big",
      group_a: "big",
      verdict: "not_testable",
      reason: "no revenue in the window",
    }),
    'Accounts "big" vs the other accounts: not testable (no revenue in the window).',
  );
});
