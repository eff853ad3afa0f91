import assert from "node:assert/strict";
import { habitMixture, isActionable, practiceAssociation } from "../../src/rv/best_practice.ts";
import { python } from "../support/python.ts";
import { holm } from "../../src/stats/adjust.ts";
import { mulberry32 } from "../../src/util/random.ts";

/**
 * 120 accounts ranked by a value v (e.g. share of wallet). Their activity grows with v
 * (better relationships do more of everything): calls, visits, mails and a rare type
 * are drawn in fixed proportions of it. With `planted`, the 40 % of accounts that adopted
 * "qbr" are mostly the better ones (adopted when v + noise is high) and have it about
 * 0.2 × their activity; without, "qbr" is drawn like the others.
 */
function accounts(planted: boolean, seed: number) {
  const rng = mulberry32(seed);
  const counts: { account_id: string; interaction_type: string; n: number }[] = [];
  const value = new Map<string, number>();
  for (let i = 0; i < 120; i++) {
    const id = `a${String(i).padStart(3, "0")}`;
    const v = i / 119;
    value.set(id, v);
    const activity = 8 * Math.exp(1.2 * v + 0.3 * rng.normal());
    const adopted = planted && v + 0.4 * rng.normal() > 0.6;
    const mix: Record<string, number> = {
      call: 0.5,
      visit: 0.3,
      mail: 0.17,
      rare: 0.03,
      qbr: adopted ? 0.2 : 0.03,
    };
    for (const [t, share] of Object.entries(mix)) {
      counts.push({ account_id: id, interaction_type: t, n: rng.poisson(activity * share) });
    }
  }
  const top = new Set([...value].filter(([, v]) => v >= 0.8).map(([id]) => id));
  return { counts, value, top };
}

Deno.test("practiceAssociation() puts a planted practice first and leaves activity alone", () => {
  const { counts, value, top } = accounts(true, 7);
  const a = practiceAssociation(counts, (id) => value.get(id)!, top);
  const ranked = [...a].sort((x, y) => y[1].association - x[1].association);
  assert.equal(ranked[0][0], "qbr");
  const qbr = a.get("qbr")!;
  assert.ok(qbr.association > 0.3 && qbr.p_value < 1e-4, JSON.stringify(qbr));
  assert.equal(qbr.n, 120);
  assert.ok(qbr.share_top > 1.5 * qbr.share_rest, JSON.stringify(qbr));
  // every type's count grows with v, yet none of the others is associated with it
  for (const t of ["call", "visit", "mail", "rare"]) {
    assert.ok(a.get(t)!.p_value > 0.01, `${t}: ${JSON.stringify(a.get(t))}`);
  }
});

Deno.test("practiceAssociation() finds no practice on accounts without one, over 20 seeds", () => {
  let actionable = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const { counts, value, top } = accounts(false, seed);
    const a = [...practiceAssociation(counts, (id) => value.get(id)!, top).values()];
    const adjusted = holm(a.map((r) => r.p_value));
    actionable += a.filter((r, i) =>
      isActionable({
        rv: 1,
        association: r.association,
        p_adjusted: adjusted[i],
        rate_top: 1,
        n_top: 24,
      })
    ).length;
  }
  // 5 types × 20 seeds at a Holm-adjusted 5 %: about 1 false practice expected at most
  assert.ok(actionable <= 2, `${actionable} false practices`);
});

/**
 * 150 accounts whose activity grows with their value v; the 35 % that adopted "portal"
 * (5 % of the worst, 65 % of the best) have about 7 occurrences a window on top of the usual
 * 1 in 30 — a habit of fixed size, whatever their activity, as the planted worlds have.
 */
function habitAccounts(planted: boolean, seed: number) {
  const rng = mulberry32(seed);
  const counts: { account_id: string; interaction_type: string; n: number }[] = [];
  const value = new Map<string, number>();
  const adopters = new Set<string>();
  for (let i = 0; i < 150; i++) {
    const id = `a${String(i).padStart(3, "0")}`;
    const v = i / 149;
    value.set(id, v);
    const activity = 30 * Math.exp(1.5 * v + 0.3 * rng.normal());
    const adopted = planted && rng.next() < 0.05 + 0.6 * v;
    if (adopted) adopters.add(id);
    const mix: Record<string, number> = {
      call: 0.5,
      visit: 0.3,
      mail: 0.13,
      rare: 0.03,
      portal: 0.04,
    };
    for (const [t, share] of Object.entries(mix)) {
      const extra = t === "portal" && adopted ? 7 : 0;
      counts.push({
        account_id: id,
        interaction_type: t,
        n: rng.poisson(activity * share + extra),
      });
    }
  }
  const top = new Set([...value].filter(([, v]) => v >= 0.8).map(([id]) => id));
  return { counts, value, top, adopters };
}

Deno.test("practiceAssociation() finds a habit of fixed size that busy accounts dilute, and no other type", () => {
  const { counts, value, top } = habitAccounts(true, 3);
  const a = practiceAssociation(counts, (id) => value.get(id)!, top);
  const ranked = [...a].sort((x, y) => y[1].association - x[1].association);
  assert.equal(ranked[0][0], "portal", JSON.stringify(ranked.slice(0, 2)));
  const portal = a.get("portal")!;
  assert.ok(portal.p_value < 1e-4, JSON.stringify(portal));
  assert.ok(Math.abs(portal.habit_extra - 7) < 2, `habit extra ${portal.habit_extra}`);
  assert.ok(portal.habit_share > 0.25 && portal.habit_share < 0.5, `share ${portal.habit_share}`);
  // the adopters' habit does not make them look short of the other types
  for (const t of ["call", "visit", "mail", "rare"]) {
    assert.ok(a.get(t)!.p_value > 0.01, `${t}: ${JSON.stringify(a.get(t))}`);
  }
});

Deno.test("practiceAssociation() finds no habit type associated with value over 20 seeds without one", () => {
  let significant = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const { counts, value, top } = habitAccounts(false, 100 + seed);
    const a = [...practiceAssociation(counts, (id) => value.get(id)!, top).values()];
    significant += holm(a.map((r) => r.p_value)).filter((p) => p <= 0.05).length;
  }
  assert.ok(significant <= 2, `${significant} types significant in 20 worlds without a habit`);
});

Deno.test("habitMixture() reaches the maximum likelihood scipy finds", async () => {
  const rng = mulberry32(11);
  const o: number[] = [], n: number[] = [];
  for (let i = 0; i < 200; i++) {
    o.push(10 + 40 * rng.next());
    n.push(rng.poisson(0.05 * o[i] + (rng.next() < 0.3 ? 6 : 0)));
  }
  const fit = habitMixture(n, o);
  const want = await python<{ p: number; mu: number; pi: number }>(
    `import json, sys
import numpy as np
from scipy import optimize, stats
d = json.load(sys.stdin); n = np.array(d["n"]); o = np.array(d["o"])
def nll(x):
    p, mu, pi = np.exp(x[0]), np.exp(x[1]), 1 / (1 + np.exp(-x[2]))
    return -np.sum(np.log((1 - pi) * stats.poisson.pmf(n, p * o) + pi * stats.poisson.pmf(n, p * o + mu)))
r = optimize.minimize(nll, [np.log(0.05), np.log(5), 0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
print(json.dumps({"p": float(np.exp(r.x[0])), "mu": float(np.exp(r.x[1])), "pi": float(1 / (1 + np.exp(-r.x[2])))}))`,
    { n, o },
  );
  assert.ok(Math.abs(fit.p - want.p) < 1e-4 * want.p, `p ${fit.p} vs scipy ${want.p}`);
  assert.ok(Math.abs(fit.extra - want.mu) < 1e-3 * want.mu, `μ ${fit.extra} vs scipy ${want.mu}`);
  assert.ok(Math.abs(fit.share - want.pi) < 1e-3, `π ${fit.share} vs scipy ${want.pi}`);
});

Deno.test("habitMixture() finds no habit in plain Poisson counts and ignores accounts without activity", () => {
  const rng = mulberry32(5);
  const o = Array.from({ length: 300 }, () => 5 + 50 * rng.next());
  const n = o.map((x) => rng.poisson(0.04 * x));
  const fit = habitMixture(n, o);
  assert.ok(fit.share === 0 || fit.share < 0.05, `share ${fit.share}, extra ${fit.extra}`);
  const pooled = n.reduce((s, v) => s + v, 0) / o.reduce((s, v) => s + v, 0);
  if (fit.share === 0) assert.equal(fit.p, pooled);
  const none = habitMixture([3, 0], [0, 0]);
  assert.deepEqual([none.share, none.p, [...none.w]], [0, 0, [0, 0]]);
});
