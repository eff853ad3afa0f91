import assert from "node:assert/strict";
import { medianNorm } from "../../src/stats/median_norm.ts";
import { mulberry32 } from "../../src/util/random.ts";

Deno.test("medianNorm() gives the median of the means and (π/2)·v̄/k", () => {
  const n = medianNorm([3, 1, 2], [1, 2, 3]);
  assert.equal(n.median, 2);
  assert.ok(Math.abs(n.variance - (Math.PI / 2) * 2 / 3) < 1e-15);
  assert.equal(medianNorm([4, 1, 3, 2], [1, 1, 1, 1]).median, 2.5);
  assert.throws(() => medianNorm([], []), /as many variances as means/);
  assert.throws(() => medianNorm([1, 2], [1]), /found 2 means and 1 variances/);
});

Deno.test("medianNorm() variance is at least the simulated variance of a median of k normal means, and close for large k", () => {
  const rng = mulberry32(7);
  for (const [k, lo, hi] of [[4, 0.65, 1], [12, 0.8, 1], [101, 0.93, 1.03]] as const) {
    const sims = 20_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < sims; i++) {
      const y = Array.from({ length: k }, () => 2 * rng.normal());
      const m = medianNorm(y, y.map(() => 4)).median;
      s += m;
      s2 += m * m;
    }
    const simulated = s2 / sims - (s / sims) ** 2;
    const ratio = simulated / medianNorm(new Array(k).fill(0), new Array(k).fill(4)).variance;
    // exact normal-median variances (k = 4: 1.19·σ²/k, k = 12: 1.40·σ²/k) are below π/2·σ²/k
    assert.ok(ratio > lo && ratio < hi, `k ${k}: simulated / formula = ${ratio.toFixed(3)}`);
  }
});
