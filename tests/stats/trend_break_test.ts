import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { trendBreak } from "../../src/stats/trend_break.ts";
import { mulberry32 } from "../../src/util/random.ts";

/** statsmodels' OLS fit of each history and its prediction at the recent steps' mean position. */
async function statsmodels(
  cases: { history: number[]; recent: number[] }[],
): Promise<{ expected: number; se_mean: number; scale: number; slope: number }[]> {
  const code = `import json, sys
import numpy as np
import statsmodels.api as sm
out = []
for c in json.load(sys.stdin):
    h = np.array(c["history"]); r = len(c["recent"]); n = len(h)
    fit = sm.OLS(h, sm.add_constant(np.arange(n, dtype=float))).fit()
    at = n + (r - 1) / 2
    p = fit.get_prediction(np.array([[1.0, at]]))
    out.append({"expected": float(p.predicted_mean[0]), "se_mean": float(p.se_mean[0]),
                "scale": float(fit.scale), "slope": float(fit.params[1])})
print(json.dumps(out))`;
  return await python(code, cases);
}

Deno.test("trendBreak() agrees with statsmodels' OLS prediction and its standard error to 1e-9", async () => {
  const rng = mulberry32(11);
  const cases = Array.from({ length: 8 }, (_, k) => ({
    history: Array.from({ length: 5 + 3 * k }, (_, t) => 10 + 0.3 * k * t + 2 * rng.normal()),
    recent: Array.from({ length: 1 + (k % 4) }, () => 6 + 2 * rng.normal()),
  }));
  const ref = await statsmodels(cases);
  cases.forEach((c, i) => {
    const b = trendBreak(c.history, c.recent)!;
    const want = ref[i];
    const se = Math.sqrt(want.se_mean ** 2 + want.scale / c.recent.length);
    const mean = c.recent.reduce((s, v) => s + v, 0) / c.recent.length;
    assert.ok(Math.abs(b.expected - want.expected) < 1e-9, `expected ${i}`);
    assert.ok(Math.abs(b.slope - want.slope) < 1e-9, `slope ${i}`);
    assert.ok(Math.abs(b.residual_sd - Math.sqrt(want.scale)) < 1e-9, `sd ${i}`);
    assert.ok(Math.abs(b.se - se) < 1e-9, `se ${i}`);
    assert.ok(Math.abs(b.z - (mean - want.expected) / se) < 1e-9, `z ${i}`);
  });
});

Deno.test("trendBreak() z is about standard normal on a straight line with independent noise", () => {
  const rng = mulberry32(5);
  const zs: number[] = [];
  for (let k = 0; k < 4000; k++) {
    const y = Array.from({ length: 24 }, (_, t) => 3 + 0.2 * t + rng.normal());
    zs.push(trendBreak(y.slice(0, 20), y.slice(20))!.z);
  }
  const mean = zs.reduce((s, v) => s + v, 0) / zs.length;
  const beyond = zs.filter((z) => z < -1.96).length / zs.length;
  assert.ok(Math.abs(mean) < 0.06, `mean ${mean}`);
  // t with 18 df puts ≈ 3.3 % below −1.96
  assert.ok(beyond > 0.02 && beyond < 0.045, `share below −1.96: ${beyond}`);
});

Deno.test("trendBreak() needs 3 history values and a recent one; a flat zero series has z 0", () => {
  assert.equal(trendBreak([1, 2], [0]), null);
  assert.equal(trendBreak([1, 2, 3], []), null);
  assert.equal(trendBreak([0, 0, 0, 0], [0, 0])!.z, 0);
  assert.equal(trendBreak([1, 1, 1, 1], [0])!.z, -Infinity);
});
