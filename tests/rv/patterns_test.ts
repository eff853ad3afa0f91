import assert from "node:assert/strict";
import { outOfPattern, segmentPattern } from "../../src/rv/patterns.ts";
import type { RvRow } from "../../src/rv/rv_by_period.ts";
import { bestPractice, changeDrivers, nextBestActions } from "../../src/rv/mod.ts";
import { compareBy } from "../../src/segments/comparisons.ts";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import type { Dataset, Interaction, IpfEntry } from "../../src/io/schema.ts";
import { accountRow } from "../support/records.ts";

const months = [
  "2020-01-01",
  "2020-02-01",
  "2020-03-01",
  "2020-04-01",
  "2020-05-01",
  "2020-06-01",
  "2020-07-01",
  "2020-08-01",
];
const row = (id: string, period: string, rv: number): RvRow => ({
  id,
  account_id: id,
  period,
  rv,
  rv_cumulative: 0,
  rv_decayed: null,
  interactions: 1,
  cost: 1,
  rv_per_cost: rv,
});

Deno.test("segmentPattern() gives median and quartiles per period or per age", () => {
  const rows = [
    row("a", months[0], 1),
    row("b", months[0], 2),
    row("c", months[0], 3),
    row("d", months[0], 10),
    row("d", months[1], 4),
  ];
  const p = segmentPattern(rows, () => "s");
  assert.deepEqual(p[0], { segment: "s", at: months[0], median: 2.5, q1: 1.75, q3: 4.75, n: 4 });
  const byAge = segmentPattern(rows, (id) => (id === "a" ? null : "s"), { align: "age" });
  assert.deepEqual(byAge.map((x) => [x.at, x.n]), [[0, 3], [1, 1]]);
});

Deno.test("outOfPattern() lists accounts below the band and trend breaks, at-risk first", () => {
  const rows: RvRow[] = [];
  ["a", "b", "c", "d", "e"].forEach((id, k) =>
    months.forEach((m, i) => rows.push(row(id, m, 10 + i + 0.5 * k + (i % 2 ? 0.2 : -0.2))))
  );
  // f falls below everyone in the last 3 months
  months.forEach((m, i) => rows.push(row("f", m, i < 5 ? 11 + i : -20)));
  // g follows a steep trend, then flattens: inside the band but off its own trend
  months.forEach((m, i) => rows.push(row("g", m, i < 5 ? 4 * i + (i % 2 ? 0.1 : -0.1) : 17)));
  const ex = outOfPattern(rows, () => "all", { recent: 3, k: 2 });
  assert.deepEqual(ex.map((e) => [e.id, e.kind]), [["f", "below_band"], ["g", "trend_break_down"], [
    "e",
    "above_band",
  ]]);
  assert.equal(ex[0].from, months[5]);
  assert.ok(ex[0].severity > 1);
  assert.ok(ex[1].trend_expected! > 13);
});

const ipf: IpfEntry[] = ["demo", "qbr", "ticket"].map((t, i) => ({
  interaction_type: t,
  label: t,
  rv: [5, 8, -2][i],
  variable_cost: 10,
  stage: "retention",
  function: "sales",
  relationship_type: "personal_assistance",
  voc: false,
  description: null,
}));
let n = 0;
const ev = (a: string, t: string, at: string, owner: string | null = null): Interaction => ({
  interaction_id: `i${++n}`,
  occurred_at: `${at}T00:00:00Z`,
  account_id: a,
  contact_id: a,
  interaction_type: t,
  source_system: null,
  quantity: 1,
  amount: t === "demo" ? 100 : null,
  cost: null,
  owner_id: owner,
  initiative: null,
  note: null,
});
const data: Dataset = {
  ipf,
  accounts: ["t1", "t2", "r1", "r2", "r3"].map((id) =>
    accountRow(id, { industry: id.startsWith("t") ? "energy" : "retail" })
  ),
  interactions: [
    ev("t1", "qbr", "2020-02-01", "ann"),
    ev("t1", "demo", "2020-03-01", "ann"),
    ev("t2", "qbr", "2020-02-05", "ann"),
    ev("r1", "ticket", "2020-02-01", "bob"),
    ev("r1", "demo", "2020-02-02", "bob"),
    ev("r2", "ticket", "2020-02-03", "bob"),
    ev("r3", "demo", "2019-12-01", "bob"),
    ev("r3", "ticket", "2020-03-01", "bob"),
    ev("r3", "ticket", "2020-03-02", "bob"),
  ],
};

Deno.test("bestPractice(), nextBestActions(), changeDrivers() and compareBy() on hand-checked data", async () => {
  const e = await openEngine();
  try {
    await putDataset(e, data);
    const bp = await bestPractice(e, new Set(["t1", "t2"]), "2020-01-01", "2020-04-01");
    const qbr = bp.find((r) => r.interaction_type === "qbr")!;
    assert.deepEqual([qbr.rate_top, qbr.rate_rest, qbr.enrichment, qbr.n_top, qbr.n_rest], [
      1,
      0,
      null,
      2,
      3,
    ]);
    assert.equal(qbr.cohens_h, Math.PI);
    const demo = bp.find((r) => r.interaction_type === "demo")!;
    assert.deepEqual([demo.rate_top, demo.rate_rest, demo.enrichment], [0.5, 1 / 3, 1.5]);
    // two accounts per type with other positive interactions: too few for an association
    assert.deepEqual([qbr.n, qbr.association, qbr.p_value, demo.n], [2, 0, 1, 2]);
    assert.deepEqual(
      await nextBestActions(e, "r2", bp, "2020-01-01", "2020-04-01", { minTop: 1, maxP: 1 }),
      [],
    );
    // with an association (as on real data), the types r2 lacks, t1 lacking none
    const strong = bp.map((r) => ({ ...r, association: 0.5, p_adjusted: 0.01 }));
    const nba = await nextBestActions(e, "r2", strong, "2020-01-01", "2020-04-01", { minTop: 1 });
    assert.deepEqual(nba.map((r) => r.interaction_type).sort(), ["demo", "qbr"]);
    assert.deepEqual(
      (await nextBestActions(e, "t1", strong, "2020-01-01", "2020-04-01", { minTop: 1 })).length,
      0,
    );
    const drivers = await changeDrivers(e, "r3", "2019-11-01", "2020-01-01", "2020-04-01");
    assert.deepEqual(drivers.map((d) => [d.interaction_type, d.before_rv, d.recent_rv, d.change]), [
      ["demo", 5, 0, -5],
      ["ticket", 0, -4, -4],
    ]);
    const reps = await compareBy(e, "owner_id");
    assert.equal(reps.source, "interactions");
    const ann = reps.groups.find((g) => g.group === "ann")!,
      bob = reps.groups.find((g) => g.group === "bob")!;
    // ann: rv 8+5+8 = 21 over 3 account-months; bob: (-2+5) + (-2) + (5-2-2) = 2 over 4 account-months
    assert.deepEqual([ann.accounts, ann.rv, ann.rv_per_account_month, ann.amount], [2, 21, 7, 100]);
    assert.deepEqual([bob.accounts, bob.rv, bob.rv_per_account_month], [3, 2, 0.5]);
    assert.equal(ann.ratio_to_norm, 7 / (23 / 7));
    const ind = await compareBy(e, "industry");
    assert.equal(ind.source, "accounts");
    await assert.rejects(() => compareBy(e, "nope"), RangeError);
  } finally {
    e.close();
  }
});
