/**
 * rvlab's statistics against scipy / sklearn / statsmodels on fixed inputs
 * (fixture made by scripts/oracles/make_stats_fixtures.py with Debian's packages).
 */
import assert from "node:assert/strict";
import {
  auc,
  benjaminiHochberg,
  bootstrapAuc,
  cliffsDelta,
  gini,
  holm,
  kolmogorovSf,
  kolmogorovSmirnov,
  mannWhitneyU,
  median,
  normalCdf,
  normalSf,
  permutationTest,
  quantile,
} from "../../src/stats/mod.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/backtest/stats.json", import.meta.url)),
);

function rel(actual: number, expected: number, tol = 1e-9, what = "") {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(
    err <= tol || Math.abs(actual - expected) < 1e-300,
    `${what}: ${actual} vs ${expected} (relative error ${err})`,
  );
}

Deno.test("normalCdf() and normalSf() agree with scipy.stats.norm to 1e-12 relative, tails included", () => {
  for (const [z, [cdf, sf]] of Object.entries(fixture.normal) as [string, [number, number]][]) {
    rel(normalCdf(Number(z)), cdf, 1e-12, `cdf(${z})`);
    rel(normalSf(Number(z)), sf, 1e-12, `sf(${z})`);
  }
});

Deno.test("mannWhitneyU() agrees with scipy (asymptotic, continuity) to 1e-9", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const r = mannWhitneyU(c.x, c.y);
    rel(r.u, c.mw_u, 1e-12, `U case ${i}`);
    rel(r.p, c.mw_p, 1e-9, `p case ${i}`);
  }
  assert.throws(() => mannWhitneyU([], [1]), RangeError);
});

Deno.test("auc() agrees with sklearn roc_auc_score, and gini() = 2 AUC - 1", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const scores = [...c.x, ...c.y];
    const labels = [...c.x.map(() => true), ...c.y.map(() => false)];
    rel(auc(scores, labels), c.auc, 1e-12, `case ${i}`);
    rel(gini(scores, labels), 2 * c.auc - 1, 1e-12, `gini ${i}`);
  }
  assert.ok(Number.isNaN(auc([1, 2], [true, true])));
});

Deno.test("cliffsDelta() equals a brute-force count of pairs", () => {
  for (const c of fixture.cases) {
    let gt = 0, lt = 0;
    for (const a of c.x) for (const b of c.y) a > b ? gt++ : a < b ? lt++ : 0;
    rel(cliffsDelta(c.x, c.y), (gt - lt) / (c.x.length * c.y.length), 1e-12);
  }
});

Deno.test("kolmogorovSmirnov() agrees with scipy: D of ks_2samp, p of the Kolmogorov limit law", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const r = kolmogorovSmirnov(c.x, c.y);
    rel(r.d, c.ks_d, 1e-12, `D case ${i}`);
    rel(r.p, c.ks_p, 1e-9, `p case ${i}`);
  }
  for (const [t, sf] of Object.entries(fixture.kolmogorov_sf) as [string, number][]) {
    rel(kolmogorovSf(Number(t)), sf, 1e-9, `sf(${t})`);
  }
});

Deno.test("holm() and benjaminiHochberg() agree with statsmodels multipletests", () => {
  holm(fixture.adjust.p).forEach((v, i) => rel(v, fixture.adjust.holm[i], 1e-12, `holm ${i}`));
  benjaminiHochberg(fixture.adjust.p).forEach((v, i) =>
    rel(v, fixture.adjust.fdr_bh[i], 1e-12, `bh ${i}`)
  );
});

Deno.test("quantile() is R's type 7", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(median([5, 1, 3]), 3);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

Deno.test("bootstrapAuc() is seeded, stratified and covers the point estimate", () => {
  const c = fixture.cases[2];
  const scores = [...c.x, ...c.y];
  const labels = [...c.x.map(() => true), ...c.y.map(() => false)];
  const a = bootstrapAuc(scores, labels, { seed: 3, resamples: 400 });
  const b = bootstrapAuc(scores, labels, { seed: 3, resamples: 400 });
  assert.deepEqual(a, b);
  assert.ok(a.low < a.auc && a.auc < a.high);
  // the CI width is close to the DeLong-style normal width 2·1.96·SE (Hanley–McNeil SE)
  const n1 = c.x.length, n2 = c.y.length, A = a.auc;
  const q1 = A / (2 - A), q2 = 2 * A * A / (1 + A);
  const se = Math.sqrt(
    (A * (1 - A) + (n1 - 1) * (q1 - A * A) + (n2 - 1) * (q2 - A * A)) / (n1 * n2),
  );
  const width = a.high - a.low;
  assert.ok(
    Math.abs(width - 2 * 1.96 * se) / (2 * 1.96 * se) < 0.25,
    `bootstrap width ${width} vs normal ${2 * 1.96 * se}`,
  );
});

Deno.test("permutationTest() respects unequal groups and never returns p = 0", () => {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const diff = (a: number[], b: number[]) => mean(a) - mean(b);
  const far = permutationTest([10, 11, 12], [1, 2, 3, 4, 5, 6, 7], diff, {
    permutations: 999,
    seed: 1,
  });
  // only 1 of C(10,3) = 120 labelings is as extreme on the right, none on the left: p ≈ 1/120
  assert.ok(far.p > 0 && far.p < 0.03, `p ${far.p}`);
  assert.ok(far.p >= 1 / 1000);
  const same = permutationTest([1, 2, 3], [1, 2, 3, 2, 1], diff, { permutations: 999, seed: 1 });
  assert.ok(same.p > 0.5);
});

Deno.test("rocPoints() has the trapezoid area of auc(), ties included; gainByDecile() counts positives found", async () => {
  const { rocPoints, trapezoidArea, gainByDecile } = await import(
    "../../src/stats/roc.ts"
  );
  for (const c of fixture.cases) {
    const scores = [...c.x, ...c.y];
    const labels = [...c.x.map(() => true), ...c.y.map(() => false)];
    rel(trapezoidArea(rocPoints(scores, labels)), c.auc, 1e-12, "roc area");
  }
  const g = gainByDecile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [
    true,
    false,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    true,
  ]);
  assert.deepEqual(g.slice(0, 3).map((x) => x.gain), [1 / 3, 1 / 3, 2 / 3]);
  assert.equal(g[9].gain, 1);
  assert.equal(g[0].lift, (1 / 3) / 0.1);
});
