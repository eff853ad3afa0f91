import assert from "node:assert/strict";
import {
  churnsAt,
  interactionRate,
  negativeShare,
  npsScore,
  plantedDrivers,
  shareOfWallet,
} from "../../src/generate/world.ts";

Deno.test("plantedDrivers() lets money follow health `lag` months later only when planted", () => {
  const h = Float64Array.from([0.5, -1, 2, 0.25, -0.75]);
  const u = Float64Array.from([9, 8, 7, 6, 5]);
  const planted = plantedDrivers("planted", h, u, 2);
  for (let t = 0; t < 3; t++) {
    assert.equal(planted.x(t), h[t + 2]);
    assert.equal(planted.m(t + 2), planted.x(t));
  }
  const none = plantedDrivers("none", h, u, 2);
  for (let t = 0; t < 3; t++) {
    assert.equal(none.x(t), h[t + 2]);
    assert.equal(none.m(t), u[t]);
  }
});

Deno.test("interactionRate() cuts churned accounts to a fifth only in the planted world", () => {
  const base = { churned: false, planted: true, prospect: false };
  const r = interactionRate(3.2, 0.4, base);
  assert.ok(Math.abs(interactionRate(3.2, 0.4, { ...base, churned: true }) - r / 5) < 1e-12);
  assert.equal(interactionRate(3.2, 0.4, { ...base, churned: true, planted: false }), r);
  assert.ok(Math.abs(interactionRate(3.2, 0.4, { ...base, prospect: true }) - r / 2) < 1e-12);
  assert.ok(interactionRate(3.2, 1, base) > r);
});

Deno.test("negativeShare() and npsScore() move with health, npsScore() within 0..10", () => {
  assert.ok(negativeShare(1) < negativeShare(0) && negativeShare(0) < negativeShare(-1));
  for (const x of [-5, -1, 0, 1, 5]) {
    for (const e of [-3, 0, 3]) {
      const s = npsScore(x, e);
      assert.ok(Number.isInteger(s) && s >= 0 && s <= 10, `${x} ${e} -> ${s}`);
    }
  }
  assert.ok(npsScore(1, 0) > npsScore(-1, 0));
});

Deno.test("shareOfWallet() is 0 once churned; churnsAt() never churns prospects", () => {
  assert.equal(shareOfWallet(0.3, 1, true), 0);
  assert.ok(shareOfWallet(0.3, 1, false) > shareOfWallet(0.3, -1, false));
  assert.equal(churnsAt(-2.2, false), true);
  assert.equal(churnsAt(-2.0, false), false);
  assert.equal(churnsAt(-5, true), false);
});
