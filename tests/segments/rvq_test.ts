import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { mulberry32 } from "../../src/util/random.ts";
import {
  answerRvq,
  MIN_GROUP_ACCOUNTS,
  rvPerMonth,
  type RvqQuestion,
  rvqQuestions,
} from "../../src/segments/rvq.ts";
import { profitSegments } from "../../src/segments/profit_segments.ts";
import { summaryRow } from "../support/records.ts";

/** Two groups of account ids with values drawn by `draw`. */
function groups(
  prefix: string,
  sizes: [number, number],
  draw: (g: 0 | 1) => number,
): { q: RvqQuestion; values: Map<string, number> } {
  const values = new Map<string, number>();
  const ids = sizes.map((n, g) =>
    Array.from({ length: n }, (_, i) => {
      const id = `${prefix}${g}-${i}`;
      values.set(id, draw(g as 0 | 1));
      return id;
    })
  );
  return {
    q: { question: `custom:${prefix}`, group_a: "a", group_b: "b", a: ids[0], b: ids[1] },
    values,
  };
}

Deno.test("answerRvq() agrees with scipy and statsmodels on means, Mann-Whitney, Cliff's delta, Holm and the bootstrap CI", async () => {
  const rng = mulberry32(5);
  // skewed RV-like values with ties (rounded to 0.5), one shifted pair, two null pairs
  const specs: [string, [number, number], number][] = [
    ["shift", [40, 60], 2.5],
    ["null1", [30, 25], 0],
    ["null2", [80, 45], 0],
  ];
  const qs: RvqQuestion[] = [];
  const values = new Map<string, number>();
  for (const [name, sizes, shift] of specs) {
    const g = groups(
      name,
      sizes,
      (k) => Math.round(2 * (Math.exp(rng.normal()) * 3 + (k === 0 ? shift : 0))) / 2,
    );
    qs.push(g.q);
    for (const [k, v] of g.values) values.set(k, v);
  }
  const rows = answerRvq(qs, values, { seed: 3, resamples: 4000 });
  const input = qs.map((q) => ({
    a: q.a.map((id) => values.get(id)),
    b: q.b.map((id) => values.get(id)),
  }));
  const ref = await python<
    {
      med_a: number;
      med_b: number;
      p: number;
      delta: number;
      low: number;
      high: number;
      holm: number;
    }[]
  >(
    `import json, sys
import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
d = json.load(sys.stdin)
out = []
level = 1 - 0.05 / len(d)
for g in d:
    a, b = np.array(g["a"]), np.array(g["b"])
    p = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic", use_continuity=True).pvalue
    delta = float(np.mean(np.sign(a[:, None] - b[None, :])))
    bs = stats.bootstrap((a, b), lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis),
        confidence_level=level, method="percentile", n_resamples=40000, vectorized=True,
        random_state=np.random.default_rng(1))
    out.append({"med_a": float(np.mean(a)), "med_b": float(np.mean(b)), "p": float(p), "delta": delta,
        "low": float(bs.confidence_interval.low), "high": float(bs.confidence_interval.high)})
adj = multipletests([o["p"] for o in out], method="holm")[1]
for o, h in zip(out, adj): o["holm"] = float(h)
print(json.dumps(out))`,
    input,
  );
  rows.forEach((r, i) => {
    const s = ref[i];
    assert.ok(Math.abs(r.estimate_a! - s.med_a) < 1e-12, `${r.question} mean a`);
    assert.ok(Math.abs(r.estimate_b! - s.med_b) < 1e-12, `${r.question} mean b`);
    assert.ok(
      Math.abs(r.p_value! - s.p) <= 1e-12 * Math.max(1, s.p),
      `${r.question} p ${r.p_value} vs ${s.p}`,
    );
    assert.ok(Math.abs(r.effect_size! - s.delta) < 1e-12, `${r.question} delta`);
    assert.ok(Math.abs(r.p_adjusted! - s.holm) <= 1e-12, `${r.question} holm`);
    assert.equal(r.ci_level, 1 - 0.05 / 3);
    // two Monte Carlo percentile intervals of the same bootstrap distribution: equal up to
    // resampling noise (a tenth of the interval's width)
    const tol = 0.1 * (s.high - s.low);
    assert.ok(Math.abs(r.ci_low! - s.low) <= tol, `${r.question} ci low ${r.ci_low} vs ${s.low}`);
    assert.ok(
      Math.abs(r.ci_high! - s.high) <= tol,
      `${r.question} ci high ${r.ci_high} vs ${s.high}`,
    );
  });
  assert.equal(rows[0].verdict, "different");
  assert.ok(rows[0].difference! > 0);
});

Deno.test("answerRvq() says not_testable below MIN_GROUP_ACCOUNTS and adjusts over the testable rows only", () => {
  const rng = mulberry32(9);
  const big = groups("big", [30, 30], (k) => rng.normal() + (k === 0 ? 3 : 0));
  const small = groups(
    "small",
    [MIN_GROUP_ACCOUNTS - 1, 30],
    (k) => rng.normal() + (k === 0 ? 3 : 0),
  );
  const noMoney = { ...big.q, question: "top_vs_loss", reason: "no revenue in the window" };
  const values = new Map([...big.values, ...small.values]);
  const [a, b, c] = answerRvq([big.q, small.q, noMoney], values, { resamples: 500 });
  assert.equal(a.verdict, "different");
  assert.equal(a.p_adjusted, a.p_value, "one testable row: Holm leaves p as it is");
  assert.equal(a.ci_level, 0.95);
  assert.equal(b.verdict, "not_testable");
  assert.equal(
    b.reason,
    `a has ${MIN_GROUP_ACCOUNTS - 1} accounts, fewer than ${MIN_GROUP_ACCOUNTS}`,
  );
  assert.equal(b.p_value, null);
  assert.equal(c.verdict, "not_testable");
  assert.equal(c.reason, "no revenue in the window");
});

Deno.test("answerRvq() finds no difference between two draws of one distribution", () => {
  // 200 null comparisons of 40 vs 40 accounts, one row each: the verdict may be wrong at
  // most about alpha = 5 % of the time
  const rng = mulberry32(21);
  let claimed = 0;
  for (let k = 0; k < 200; k++) {
    const g = groups(`n${k}`, [40, 40], () => Math.exp(rng.normal()));
    if (answerRvq([g.q], g.values, { resamples: 300, seed: k })[0].verdict === "different") {
      claimed++;
    }
  }
  assert.ok(claimed <= 16, `${claimed} of 200 null comparisons called different`);
});

Deno.test("rvPerMonth() divides the window's RV by the months since the account's first interaction", () => {
  const rows = [
    { id: "old", period: "2023-05-01", rv: 100 }, // before the window: sets the start only
    { id: "old", period: "2024-03-01", rv: 6 },
    { id: "new", period: "2024-10-01", rv: 3 },
    { id: "new", period: "2024-12-01", rv: 3 },
    { id: "late", period: "2025-01-01", rv: 9 }, // after the window
    { id: "gone", period: "2023-01-01", rv: 5 },
  ];
  const m = rvPerMonth(rows, { start: "2024-01-01", end: "2025-01-01" });
  assert.deepEqual(Object.fromEntries(m), { old: 0.5, new: 2, gone: 0 });
});

const summary = summaryRow;

Deno.test("rvqQuestions() forms the groups from the shared definitions", () => {
  const rows = [
    summary("top", { revenue: 1000, profit: 500, revenue_previous: 500, community_member: true }),
    summary("mid1", { revenue: 100, profit: 10, revenue_previous: 100, community_member: false }),
    summary("mid2", { revenue: 100, profit: 5, revenue_previous: 100 }),
    summary("loss", {
      revenue: 50,
      profit: -20,
      revenue_previous: 100,
      wallet: 100,
      wallet_previous: 100,
    }),
    summary("new", { revenue: 50, profit: 1, revenue_previous: 0 }),
    summary("prospect", { revenue: 0, profit: -30, community_member: false }),
    summary("idle", { interactions: 0, community_member: true }),
  ];
  const seg = profitSegments(rows);
  const qs = rvqQuestions(rows, seg, new Map([["top", "x"], ["prospect", "x"], ["loss", "y"]]));
  const by = Object.fromEntries(qs.map((q) => [q.question, q]));
  assert.deepEqual([by.top_vs_loss.a, by.top_vs_loss.b], [["top"], ["loss"]]);
  assert.equal(by.top_vs_loss.reason, undefined);
  // "new" has no previous revenue: neither growing nor shrinking
  assert.deepEqual([by.revenue_growing_vs_shrinking.a, by.revenue_growing_vs_shrinking.b], [
    ["top"],
    ["loss"],
  ]);
  assert.deepEqual(by.sow_growing_vs_shrinking.b, ["loss"]);
  // idle (no interactions, no revenue) is in no group; the prospect is not a member
  assert.deepEqual([by.community_vs_not.a, by.community_vs_not.b], [["top"], ["mid1", "prospect"]]);
  assert.deepEqual(by["initiative:x_vs_not"].a, ["top", "prospect"]);
  assert.equal(by["initiative:y_vs_not"].b.length, 5);
  const none = rvqQuestions(rows.map((r) => ({ ...r, revenue: 0 })), seg);
  assert.equal(none[0].reason, "no revenue in the window");
  assert.equal(none[1].reason, "no revenue in the window");
  assert.equal(none[3].reason, undefined);
});
