import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { poissonMidP } from "../../src/stats/poisson_mid_p.ts";
import { pearsonGreaterP } from "../../src/stats/pearson_greater.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1e-12, Math.abs(b)), `${what}: ${a} vs scipy ${b}`);

Deno.test("poissonMidP() matches scipy.stats.poisson cdf(n − 1) + pmf(n)/2, small and large λ", async () => {
  const cases: [number, number][] = [];
  for (const lambda of [0.01, 0.3, 1, 2.5, 7, 40, 300]) {
    for (const n of [0, 1, 2, 5, 12, 60, 320]) cases.push([n, lambda]);
  }
  const want = await python<number[]>(
    `import json, sys
from scipy import stats
print(json.dumps([float(stats.poisson.cdf(n - 1, l) + 0.5 * stats.poisson.pmf(n, l)) for n, l in json.load(sys.stdin)]))`,
    cases,
  );
  cases.forEach(([n, l], i) => close(poissonMidP(n, l), want[i], 1e-9, `midP(${n}, ${l})`));
});

Deno.test("poissonMidP() has mean 1/2 under its own Poisson law, for any λ", () => {
  for (const lambda of [0.05, 0.8, 3, 20]) {
    let mean = 0, pmf = Math.exp(-lambda);
    for (let n = 0; n < 200; n++) {
      mean += pmf * poissonMidP(n, lambda);
      pmf *= lambda / (n + 1);
    }
    assert.ok(Math.abs(mean - 0.5) < 1e-9, `λ ${lambda}: mean ${mean}`);
  }
  assert.equal(poissonMidP(3, 0), 1);
  assert.equal(poissonMidP(0, 0), 0.5);
  assert.throws(() => poissonMidP(1.5, 2), RangeError);
});

Deno.test("pearsonGreaterP() matches scipy.stats.pearsonr(alternative='greater')", async () => {
  const xs = [[1, 2, 3, 4, 5, 6, 7, 8], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]];
  const ys = [[2, 1, 4, 3, 7, 5, 8, 6], [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5]];
  const want = await python<{ r: number; p: number }[]>(
    `import json, sys
from scipy import stats
out = []
for x, y in json.load(sys.stdin):
    res = stats.pearsonr(x, y, alternative="greater")
    out.append({"r": float(res.statistic), "p": float(res.pvalue)})
print(json.dumps(out))`,
    xs.map((x, i) => [x, ys[i]]),
  );
  want.forEach((w, i) => close(pearsonGreaterP(w.r, xs[i].length), w.p, 1e-9, `case ${i}`));
  assert.equal(pearsonGreaterP(0, 10), 0.5);
  assert.ok(Number.isNaN(pearsonGreaterP(0.3, 2)));
});
