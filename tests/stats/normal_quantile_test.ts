import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { normalQuantile } from "../../src/stats/normal_quantile.ts";
import { normalCdf } from "../../src/stats/normal.ts";

Deno.test("normalQuantile() matches scipy.stats.norm.ppf in the centre and both tails", async () => {
  const ps = [
    1e-300,
    1e-20,
    1e-9,
    1e-4,
    0.001,
    0.01,
    0.02425,
    0.05,
    0.1,
    0.3,
    0.5,
    0.7,
    0.9,
    0.95,
    0.975,
    0.999,
    1 - 1e-9,
  ];
  const want = await python<number[]>(
    `import json, sys
from scipy import stats
print(json.dumps([float(stats.norm.ppf(p)) for p in json.load(sys.stdin)]))`,
    ps,
  );
  ps.forEach((p, i) => {
    const got = normalQuantile(p);
    assert.ok(
      Math.abs(got - want[i]) <= 1e-9 * Math.max(1, Math.abs(want[i])),
      `ppf(${p}): ${got} vs scipy ${want[i]}`,
    );
  });
});

Deno.test("normalQuantile() inverts normalCdf and rejects what is not a probability", () => {
  for (const z of [-6, -2.5, -1, 0, 0.3, 1.96, 4]) {
    assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-7, `z ${z}`);
  }
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.throws(() => normalQuantile(1.2), RangeError);
  assert.throws(() => normalQuantile(NaN), RangeError);
});
