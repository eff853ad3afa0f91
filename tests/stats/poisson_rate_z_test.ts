import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { poissonRateZ } from "../../src/stats/poisson_rate_z.ts";

Deno.test("poissonRateZ() agrees with statsmodels' test_poisson_2indep score statistic to 1e-12", async () => {
  const cases = [
    [12, 4, 26, 26],
    [0, 4, 40, 22],
    [3, 4, 3, 20],
    [7, 6, 50, 10.5],
    [1, 1, 2, 3],
  ];
  const ref = await python<number[]>(
    `import json, sys
from statsmodels.stats.rates import test_poisson_2indep
print(json.dumps([float(test_poisson_2indep(*c, method="score").statistic) for c in json.load(sys.stdin)]))`,
    cases,
  );
  cases.forEach(([y1, n1, y2, n2], i) => {
    const z = poissonRateZ(y1, n1, y2, n2)!;
    assert.ok(Math.abs(z - ref[i]) < 1e-12, `case ${i}: ${z} vs ${ref[i]}`);
  });
});

Deno.test("poissonRateZ() is 0 without events and null without exposure", () => {
  assert.equal(poissonRateZ(0, 4, 0, 20), 0);
  assert.equal(poissonRateZ(3, 0, 5, 20), null);
  assert.ok(poissonRateZ(0, 4, 60, 20)! < -3, "a rate that fell to nothing");
});
