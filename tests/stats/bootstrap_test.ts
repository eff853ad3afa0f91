import assert from "node:assert/strict";
import { clusterBootstrap, clusterIndices, percentileInterval } from "../../src/stats/bootstrap.ts";
import { mulberry32 } from "../../src/util/random.ts";

const meanOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function sample(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => 10 + 3 * rng.normal());
}

Deno.test("clusterBootstrap() of the mean matches the closed-form bootstrap SE and the normal CI", () => {
  const xs = sample(200, 3);
  const n = xs.length;
  const m = meanOf(xs);
  // the ideal bootstrap variance of the mean is the plug-in variance over n
  const plugIn = xs.reduce((s, x) => s + (x - m) ** 2, 0) / n;
  const exactSe = Math.sqrt(plugIn / n);
  const ci = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 20000, seed: 11 });
  assert.ok(Math.abs(ci.se / exactSe - 1) < 0.02, `se ${ci.se} vs ${exactSe}`);
  // the percentile interval of a mean is close to m ± 1.96 s/√n
  const s = Math.sqrt(plugIn * n / (n - 1));
  const half = 1.959964 * s / Math.sqrt(n);
  assert.ok(Math.abs((ci.high - ci.low) / (2 * half) - 1) < 0.05, `width ${ci.high - ci.low}`);
  assert.ok(Math.abs((ci.low + ci.high) / 2 - m) < 0.1 * half);
  assert.equal(ci.resamples, 20000);
});

Deno.test("clusterBootstrap() is reproducible for a seed and differs across seeds", () => {
  const xs = sample(50, 5);
  const a = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 300, seed: 9 });
  const b = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 300, seed: 9 });
  const c = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 300, seed: 10 });
  assert.deepEqual(a, b);
  assert.notEqual(a.low, c.low);
  // a generator passed in continues its stream exactly like a fresh one from the seed
  const d = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 300, rng: mulberry32(9) });
  assert.deepEqual(a, d);
});

Deno.test("clusterBootstrap() resamples whole groups, which widens the CI of clustered data", () => {
  // 20 clusters of 10 identical observations: the effective sample size is 20, not 200
  const values = sample(20, 8);
  const groups = values.map((v) => Array.from({ length: 10 }, () => v));
  const seen = new Set(groups);
  const clustered = clusterBootstrap(groups, (s) => {
    for (const g of s) assert.ok(seen.has(g), "a resample holds only original groups");
    return meanOf(s.flat());
  }, { resamples: 4000, seed: 2 });
  const flat = clusterBootstrap(groups.flat(), (s) => meanOf(s), { resamples: 4000, seed: 2 });
  const ratio = clustered.se / flat.se;
  assert.ok(ratio > 2.6 && ratio < 3.8, `se ratio ${ratio} should be near √10`);
});

Deno.test("clusterBootstrap() keeps stratum sizes with strata", () => {
  const groups = [1, 1, 1, 0, 0, 0, 0, 0];
  let checked = 0;
  clusterBootstrap(groups, (s) => {
    assert.deepEqual([...s], [1, 1, 1, 0, 0, 0, 0, 0]);
    checked++;
    return 0;
  }, { resamples: 50, seed: 1, strata: (g) => g });
  assert.equal(checked, 50);
});

Deno.test("clusterBootstrap() drops null and non-finite resamples and handles empty input", () => {
  let call = 0;
  const ci = clusterBootstrap([1, 2, 3], () => (call++ % 2 ? null : call % 3 ? NaN : 1), {
    resamples: 12,
    seed: 1,
  });
  assert.ok(ci.resamples < 12);
  const empty = clusterBootstrap([] as number[], () => 1, { resamples: 10 });
  assert.ok(Number.isNaN(empty.low) && Number.isNaN(empty.high) && Number.isNaN(empty.se));
  assert.equal(empty.resamples, 0);
  assert.throws(() => clusterBootstrap([1], () => 1, { level: 1 }), RangeError);
});

Deno.test("clusterBootstrap() with components gives one interval per component", () => {
  const xs = sample(40, 4);
  const [m, sd] = clusterBootstrap(xs, (s) => {
    const mu = meanOf(s);
    return [mu, Math.sqrt(s.reduce((t, x) => t + (x - mu) ** 2, 0) / (s.length - 1))];
  }, { resamples: 500, seed: 3, components: 2 });
  const scalar = clusterBootstrap(xs, (s) => meanOf(s), { resamples: 500, seed: 3 });
  assert.deepEqual(m, scalar);
  assert.ok(sd.low > 2 && sd.high < 4.5, `sd CI ${sd.low}..${sd.high}`);
  const none = clusterBootstrap(xs, () => null, { resamples: 5, components: 3 });
  assert.equal(none.length, 3);
  assert.ok(none.every((i) => i.resamples === 0 && Number.isNaN(i.low)));
});

Deno.test("percentileInterval() uses type-7 quantiles and the n − 1 standard deviation", () => {
  const i = percentileInterval([4, 1, 3, 2], 0.5);
  assert.equal(i.low, 1.75);
  assert.equal(i.high, 3.25);
  assert.ok(Math.abs(i.se - Math.sqrt(5 / 3)) < 1e-12);
  assert.deepEqual(i.draws, [1, 2, 3, 4]);
});

Deno.test("clusterIndices() groups observation indices by cluster in first-appearance order", () => {
  assert.deepEqual(clusterIndices(["b", "a", "b", "c", "a"]), [[0, 2], [1, 4], [3]]);
  assert.deepEqual(clusterIndices([]), []);
});

Deno.test("clusterCountResamples() visits the draw counts clusterCountBootstrap() draws", async () => {
  const { clusterCountBootstrap, clusterCountResamples } = await import(
    "../../src/stats/bootstrap.ts"
  );
  const first: number[] = [];
  clusterCountResamples(7, (c, b) => first.push(b * 100 + c[0] + 10 * c[6]), {
    resamples: 40,
    seed: 3,
  });
  const viaBootstrap = clusterCountBootstrap(7, (c) => c[0] + 10 * c[6], {
    resamples: 40,
    seed: 3,
  });
  assert.deepEqual(
    first.map((v, b) => v - b * 100).sort((x, y) => x - y),
    viaBootstrap.draws,
  );
  let visited = 0;
  clusterCountResamples(0, () => visited++, { resamples: 5 });
  assert.equal(visited, 0);
});
