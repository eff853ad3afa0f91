import assert from "node:assert/strict";
import { isActionable, practiceAssociation } from "../../src/rv/best_practice.ts";
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
