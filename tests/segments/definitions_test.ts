import assert from "node:assert/strict";
import {
  growth,
  isCustomer,
  isGrowing,
  isLoss,
  isNoRevenue,
  isShrinking,
  profitSegment,
  profitSegmentOf,
  rankByValue,
  shareGrowth,
  topCount,
  topShare,
} from "../../src/segments/definitions.ts";

Deno.test("topShare() handles empty input", () => {
  assert.deepEqual(topShare([]), new Set());
  assert.equal(topCount(0), 0);
});

Deno.test("topShare() keeps ceil(share * n) entries, ties broken by id", () => {
  const entries = ["e", "d", "c", "b", "a", "f", "g", "h", "i", "j", "k"].map((id, i) => ({
    id,
    value: i < 5 ? 10 : i,
  }));
  // 11 entries -> 3 in the top 20 %: value 10 for ids a..e and k, so the first three ids
  assert.equal(topCount(11), 3);
  assert.deepEqual([...topShare(entries)].sort(), ["a", "b", "c"]);
  assert.deepEqual(
    [...topShare([...entries].reverse())].sort(),
    ["a", "b", "c"],
    "same set whatever the input order",
  );
  assert.deepEqual([...topShare(entries, 1)].length, 11);
});

Deno.test("rankByValue() sorts by value descending then id", () => {
  const r = rankByValue([{ id: "b", value: 1 }, { id: "c", value: 2 }, { id: "a", value: 1 }]);
  assert.deepEqual(r.map((e) => e.id), ["c", "a", "b"]);
});

Deno.test("isCustomer(), isLoss() and profitSegment() follow their definitions", () => {
  assert.equal(isCustomer({ revenue: 1 }), true);
  assert.equal(isCustomer({ revenue: 0 }), false);
  assert.equal(isCustomer({ revenue: -5 }), false, "a credit note alone is no purchase");
  assert.equal(isLoss(-1), true);
  assert.equal(isLoss(0), false);
  assert.equal(profitSegment(-3, true), "top20");
  assert.equal(profitSegment(-3, false), "loss");
  assert.equal(profitSegment(0, false), "middle");
});

Deno.test("profitSegmentOf() never puts an account without revenue in loss", () => {
  // interaction cost alone makes profit negative: that is no_revenue, not loss
  assert.equal(isNoRevenue({ revenue: 0, interactions: 2 }), true);
  assert.equal(profitSegmentOf({ revenue: 0, interactions: 2, profit: -40 }, false), "no_revenue");
  assert.equal(profitSegmentOf({ revenue: 0, interactions: 2, profit: -40 }, true), "no_revenue");
  assert.equal(profitSegmentOf({ revenue: 10, interactions: 2, profit: -40 }, false), "loss");
  assert.equal(profitSegmentOf({ revenue: 10, interactions: 0, profit: 3 }, false), "middle");
  assert.equal(profitSegmentOf({ revenue: 0, interactions: 0, profit: -7 }, false), null);
});

Deno.test("growth() labels revenue change with a relative tolerance", () => {
  assert.equal(growth(0, 0), "none");
  assert.equal(growth(0, 5), "new");
  assert.equal(growth(5, 0), "lost");
  assert.equal(growth(100, 106), "growing");
  assert.equal(growth(100, 104), "stable");
  assert.equal(growth(100, 94), "shrinking");
  assert.equal(growth(100, 100.5, 0), "growing");
  assert.equal(isGrowing(growth(100, 100.5, 0)), true);
  assert.equal(isGrowing(growth(0, 0)), null);
  assert.equal(isGrowing(growth(3, 0)), false);
  assert.equal(isShrinking(growth(3, 0)), true);
  assert.equal(isShrinking(growth(3, 3)), false);
});

Deno.test("shareGrowth() uses an absolute tolerance", () => {
  assert.equal(shareGrowth(0, 0), "none");
  assert.equal(shareGrowth(0.3, 0.33), "growing");
  assert.equal(shareGrowth(0.3, 0.31), "stable");
  assert.equal(shareGrowth(0.3, 0.27), "shrinking");
  assert.equal(shareGrowth(0.3, 0.31, 0), "growing");
});
