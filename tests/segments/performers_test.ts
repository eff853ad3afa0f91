import assert from "node:assert/strict";
import {
  analysePerformers,
  type PerformerAccount,
  performers,
} from "../../src/segments/performers.ts";
import { accountSummaries, defaultWindow } from "../../src/segments/account_summary.ts";
import { empiricalBayesShrink } from "../../src/stats/shrinkage.ts";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import { mulberry32 } from "../../src/util/random.ts";
import type { Account, Financial } from "../../src/io/schema.ts";
import { accountRow, interactionAt, ipfType } from "../support/records.ts";

/** 12 reps with ~20 accounts each; account values lognormal-ish, reps in `shift` raised. */
function team(seed: number, shift: Record<string, number> = {}): PerformerAccount[] {
  const rng = mulberry32(seed);
  const out: PerformerAccount[] = [];
  for (let r = 1; r <= 12; r++) {
    const person = `rep${String(r).padStart(2, "0")}`;
    const n = 14 + rng.int(14);
    for (let i = 0; i < n; i++) {
      const rv = 3 + 2 * rng.normal() + (shift[person] ?? 0);
      out.push({
        account_id: `${person}-${i}`,
        person,
        rv_per_month: rv,
        outcome_per_month: 100 * Math.exp(rng.normal()),
      });
    }
  }
  return out;
}

const flagged = (rows: { verdict: string }[]) =>
  rows.filter((r) => r.verdict === "above" || r.verdict === "below");

Deno.test("performers() flags no one on a world without a rep effect", () => {
  let worlds = 0;
  for (let seed = 1; seed <= 200; seed++) {
    if (flagged(performers("owner_id", team(seed))).length) worlds++;
  }
  // Bonferroni at 5 % per dimension (the median norm's variance is conservative)
  assert.ok(worlds <= 10, `${worlds} of 200 null worlds flag someone`);
});

Deno.test("performers() finds two planted reps and not a third", () => {
  let found = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const rows = performers("owner_id", team(seed, { rep03: 3, rep08: 3 }));
    const above = rows.filter((r) => r.verdict === "above").map((r) => r.id);
    if (above.length === 2 && above.includes("rep03") && above.includes("rep08")) found++;
  }
  assert.ok(found >= 19, `both planted reps and no other above in ${found} of 20`);
  // without the adjustment (level 95 % for each of 12 reps) false flags are common
  let loose = 0;
  for (let seed = 1; seed <= 50; seed++) {
    if (flagged(performers("owner_id", team(seed), { alpha: 0.05 * 12 })).length) loose++;
  }
  let strict = 0;
  for (let seed = 1; seed <= 50; seed++) {
    if (flagged(performers("owner_id", team(seed))).length) strict++;
  }
  assert.ok(loose > strict, `unadjusted ${loose} vs adjusted ${strict} of 50`);
});

Deno.test("performers() rows: mean ± z·√(v + Var(median norm)) at 1 − 0.05/k, the median norm, empiricalBayesShrink()'s shrunk estimate", () => {
  const acc = team(4, { rep05: 4 });
  const rows = performers("owner_id", acc);
  const people = [...new Set(acc.map((a) => a.person))].sort();
  const vals = people.map((p) => acc.filter((a) => a.person === p).map((a) => a.rv_per_month));
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const s2 = (x: number[]) => x.reduce((s, v) => s + (v - m(x)) ** 2, 0) / (x.length - 1);
  const pooled = vals.reduce((s, x) => s + s2(x) * (x.length - 1), 0) /
    vals.reduce((s, x) => s + x.length - 1, 0);
  const v = vals.map((x) => Math.max(s2(x), pooled) / x.length);
  const means = vals.map(m);
  const sorted = means.slice().sort((a, b) => a - b);
  const norm = (sorted[5] + sorted[6]) / 2; // 12 reps: the mean of the 6th and 7th
  const varNorm = (Math.PI / 2) * (v.reduce((s, x) => s + x, 0) / 12) / 12;
  const z = 2.865260238532135; // scipy.stats.norm.ppf(1 - 0.05 / 24)
  const fit = empiricalBayesShrink(means, v, { level: 1 - 0.05 / 12 });
  rows.forEach((r, j) => {
    assert.equal(r.id, people[j]);
    assert.equal(r.accounts, vals[j].length);
    assert.ok(Math.abs(r.estimate! - means[j]) < 1e-12);
    assert.ok(Math.abs(r.norm! - norm) < 1e-12);
    const half = z * Math.sqrt(v[j] + varNorm);
    assert.ok(Math.abs(r.ci_low! - (means[j] - half)) < 1e-9);
    assert.ok(Math.abs(r.ci_high! - (means[j] + half)) < 1e-9);
    assert.equal(r.level, 1 - 0.05 / 12);
    assert.ok(Math.abs(r.shrunk_estimate! - fit.groups[j].estimate) < 1e-12);
    // shrunk between the raw mean and the random-effects mean
    assert.ok(Math.abs(r.shrunk_estimate! - fit.mean) <= Math.abs(r.estimate! - fit.mean) + 1e-12);
    assert.equal(r.verdict, r.ci_low! > norm ? "above" : r.ci_high! < norm ? "below" : "within");
    assert.equal(r.outcome_measure, "profit_per_account_month");
    assert.ok(r.outcome_ci_low! < r.outcome_estimate! && r.outcome_estimate! < r.outcome_ci_high!);
  });
  assert.equal(rows.find((r) => r.id === "rep05")!.verdict, "above");
});

Deno.test("performers() judges against the median person: two outstanding reps do not hide each other", () => {
  // with a mean norm, two reps raised by 2.2 sd raise the norm by a sixth of that; the median barely moves
  let both = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const rows = performers("owner_id", team(seed, { rep03: 2.2, rep08: 2.2 }));
    const above = rows.filter((r) => r.verdict === "above").map((r) => r.id).sort();
    if (above.join() === "rep03,rep08") both++;
    const sorted = rows.map((r) => r.estimate!).sort((a, b) => a - b);
    assert.equal(rows[0].norm, (sorted[5] + sorted[6]) / 2);
  }
  assert.ok(both >= 10, `both raised reps and no other above in ${both} of 20`);
});

Deno.test("performers() marks people with too few accounts, and teams too small, not_testable", () => {
  const acc = team(2).filter((a) => a.person !== "rep01" || Number(a.account_id.split("-")[1]) < 4);
  const rows = performers("owner_id", acc);
  const r1 = rows.find((r) => r.id === "rep01")!;
  assert.equal(r1.verdict, "not_testable");
  assert.equal(r1.ci_low, null);
  assert.equal(r1.shrunk_estimate, null);
  assert.match(r1.reason!, /4 accounts, fewer than 5/);
  assert.equal(rows.find((r) => r.id === "rep02")!.level, 1 - 0.05 / 11);
  const two = performers(
    "manager",
    acc.filter((a) => a.person === "rep02" || a.person === "rep03"),
  );
  assert.deepEqual(two.map((r) => r.verdict), ["not_testable", "not_testable"]);
  assert.match(two[0].reason!, /fewer than 3 people/);
  const same = performers(
    "team",
    ["a", "b", "c"].flatMap((p) =>
      [0, 1, 2, 3, 4].map((i) => ({
        account_id: p + i,
        person: p,
        rv_per_month: 1,
        outcome_per_month: null,
      }))
    ),
  );
  assert.deepEqual(same.map((r) => [r.verdict, r.reason]), [
    ["not_testable", "no variation between accounts"],
    ["not_testable", "no variation between accounts"],
    ["not_testable", "no variation between accounts"],
  ]);
  assert.equal(same[0].outcome_measure, null);
});

Deno.test("analysePerformers() takes the owner from accounts and, for a dimension on interactions, the person's own interactions", async () => {
  const e = await openEngine();
  try {
    const people = ["ann", "bob", "cy"];
    const accounts: Account[] = [];
    const interactions = [];
    const financials: Financial[] = [];
    for (const [p, person] of people.entries()) {
      for (let i = 0; i < 6; i++) {
        const id = `${person}-${i}`;
        accounts.push(accountRow(id, { owner_id: person }));
        // RV i + p per month over the 2 months of data; office "north" on 2 of 3 interactions
        for (const m of ["2021-01-05", "2021-02-05"]) {
          interactions.push(
            interactionAt(id, m, "good", {
              quantity: i + p,
              owner_id: "someone-else",
              extra: { regional_office: i % 2 ? "north" : "south" },
            }),
          );
        }
        interactions.push(
          interactionAt(id, "2021-02-06", "zero", { extra: { regional_office: "north" } }),
        );
        financials.push({
          account_id: id,
          period: "2021-02-01",
          revenue: 100,
          gross_profit: 40,
          cost_to_serve: 0,
          wallet: null,
        });
      }
    }
    await putDataset(e, {
      ipf: [ipfType("good", 1, 0), ipfType("zero", 0, 0)],
      accounts,
      interactions,
      financials,
    });
    const w = await defaultWindow(e, 2);
    const rows = await analysePerformers(e, w, await accountSummaries(e, w));
    const own = rows.filter((r) => r.dimension === "owner_id");
    assert.deepEqual(own.map((r) => [r.id, r.accounts]), [["ann", 6], ["bob", 6], ["cy", 6]]);
    // ann's accounts: RV 2i over 2 months → i per month, mean 2.5; bob 3.5; cy 4.5
    assert.deepEqual(own.map((r) => r.estimate), [2.5, 3.5, 4.5]);
    assert.deepEqual(own.map((r) => r.outcome_estimate), [20, 20, 20]);
    const office = rows.filter((r) => r.dimension === "regional_office");
    // on interactions: each office's own interactions per account. Odd i: both "good" and the
    // "zero" in north; even i: the two "good" in south, the "zero" in north
    assert.deepEqual(office.map((r) => [r.id, r.accounts, r.estimate]), [
      ["north", 18, 2],
      ["south", 9, 3],
    ]);
    assert.ok(office.every((r) => r.verdict === "not_testable" && r.outcome_measure === null));
  } finally {
    e.close();
  }
});
