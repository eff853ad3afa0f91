import assert from "node:assert/strict";
import { judgeLoss } from "../../src/truth/claims/loss.ts";
import { judgeCommunity } from "../../src/truth/claims/community.ts";
import { judgeRvq } from "../../src/truth/claims/rvq.ts";
import { CLAIMS } from "../../src/truth/claims.ts";
import type { RvqRow } from "../../src/segments/rvq.ts";

const row = (question: string, verdict: RvqRow["verdict"], difference: number | null): RvqRow => ({
  question,
  group_a: "a",
  group_b: "b",
  n_a: 40,
  n_b: 40,
  measure: "mean RV per month",
  estimate_a: 1,
  estimate_b: 1,
  difference,
  ci_low: 0,
  ci_high: 0,
  ci_level: 0.99,
  effect_size: 0,
  p_value: 0.5,
  p_adjusted: 0.5,
  verdict,
  reason: verdict === "not_testable" ? "too few" : null,
});

Deno.test("judgeLoss() fails with a prospect in loss or fewer than 90 % of the loss-makers", () => {
  const makers = Array.from({ length: 10 }, (_, i) => `m${i}`);
  const seg = new Map<string, string>([...makers.map((m) => [m, "loss"] as const), [
    "p1",
    "no_revenue",
  ]]);
  assert.equal(judgeLoss(seg, makers, ["p1"]).recovered, true);
  assert.equal(judgeLoss(new Map([...seg, ["p1", "loss"]]), makers, ["p1"]).recovered, false);
  assert.equal(
    judgeLoss(new Map([...seg, ["m0", "middle"]]), makers, ["p1"]).recovered,
    true,
    "9 of 10",
  );
  assert.equal(
    judgeLoss(new Map([...seg, ["m0", "middle"], ["m1", "top20"]]), makers, ["p1"]).recovered,
    false,
    "8 of 10",
  );
  assert.equal(judgeLoss(seg, [], ["p1"]).recovered, false, "nothing planted, nothing recovered");
});

Deno.test("judgeCommunity() claims only `different` and recovers only with members higher", () => {
  assert.deepEqual(judgeCommunity([row("community_vs_not", "different", 2)]).recovered, true);
  const lower = judgeCommunity([row("community_vs_not", "different", -2)]);
  assert.deepEqual([lower.claimed, lower.recovered], [true, false]);
  const none = judgeCommunity([row("community_vs_not", "no_difference", 2)]);
  assert.deepEqual([none.claimed, none.recovered], [false, false]);
  assert.equal(judgeCommunity([row("community_vs_not", "not_testable", null)]).claimed, false);
});

Deno.test("judgeRvq() needs growers higher, no money answer the wrong way, and ignores community", () => {
  const good = [
    row("top_vs_loss", "no_difference", 1),
    row("revenue_growing_vs_shrinking", "different", 3),
    row("sow_growing_vs_shrinking", "different", 2),
    row("community_vs_not", "different", 2),
  ];
  assert.deepEqual([judgeRvq(good).claimed, judgeRvq(good).recovered], [true, true]);
  const wrongWay = [...good.slice(1), row("top_vs_loss", "different", -1)];
  assert.equal(judgeRvq(wrongWay).recovered, false);
  const shrinkersHigher = [row("revenue_growing_vs_shrinking", "different", -3)];
  assert.equal(judgeRvq(shrinkersHigher).recovered, false);
  const onlyCommunity = [
    row("revenue_growing_vs_shrinking", "no_difference", 3),
    row("community_vs_not", "different", 2),
  ];
  assert.deepEqual([judgeRvq(onlyCommunity).claimed, judgeRvq(onlyCommunity).recovered], [
    false,
    false,
  ]);
  assert.equal(
    judgeRvq([row("initiative:x_vs_not", "different", 1)]).claimed,
    true,
    "any other row counts",
  );
});

Deno.test("the loss, community and rvq checks are registered for their effects", () => {
  const by = new Map(CLAIMS.map((c) => [c.name, c]));
  assert.deepEqual(
    ["loss", "community", "rvq"].map((n) => [by.get(n)?.effect, by.get(n)?.nullCheck]),
    [["loss_makers", false], ["community", true], ["lead", true]],
  );
});
