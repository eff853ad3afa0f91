/**
 * empiricalBayesShrink() against a numpy/scipy transcription of DerSimonian–Laird and
 * the normal–normal posterior, and against the one-way ANOVA estimator of τ².
 */
import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { empiricalBayesShrink } from "../../src/stats/shrinkage.ts";
import { mulberry32 } from "../../src/util/random.ts";

function close(a: number, b: number, tol: number, what: string) {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

const DL_PY = `import json, sys
import numpy as np
from scipy.stats import norm
d = json.load(sys.stdin)
y = np.array(d["y"], float); v = np.array(d["v"], float); k = len(y)
w = 1 / v
yf = (w * y).sum() / w.sum()
q = (w * (y - yf) ** 2).sum()
tau2 = max(0.0, (q - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
ws = 1 / (v + tau2)
mu = (ws * y).sum() / ws.sum()
vmu = 1 / ws.sum()
b = v / (v + tau2)
est = mu + (1 - b) * (y - mu)
var = v * (1 - b) + b ** 2 * vmu
z = norm.ppf(1 - (1 - d["level"]) / 2)
print(json.dumps({"tau2": tau2, "mu": mu, "q": q, "est": est.tolist(),
                  "lo": (est - z * np.sqrt(var)).tolist(), "hi": (est + z * np.sqrt(var)).tolist()}))`;

Deno.test("empiricalBayesShrink() matches a numpy transcription of DerSimonian–Laird and the normal–normal posterior", async () => {
  const rng = mulberry32(5);
  for (const [k, spread] of [[12, 2], [6, 0.1], [30, 1]] as const) {
    const v = Array.from({ length: k }, () => 0.2 + rng.next());
    const y = v.map((x) => 3 + spread * rng.normal() + Math.sqrt(x) * rng.normal());
    const level = 1 - 0.05 / k;
    const fit = empiricalBayesShrink(y, v, { level });
    const ref = await python<
      { tau2: number; mu: number; q: number; est: number[]; lo: number[]; hi: number[] }
    >(DL_PY, { y, v, level });
    close(fit.tau2, ref.tau2, 1e-10, `tau2 k=${k}`);
    close(fit.mean, ref.mu, 1e-10, `mu k=${k}`);
    close(fit.q, ref.q, 1e-10, `Q k=${k}`);
    fit.groups.forEach((g, j) => {
      close(g.estimate, ref.est[j], 1e-10, `estimate ${j}`);
      close(g.ci_low, ref.lo[j], 1e-8, `ci_low ${j}`);
      close(g.ci_high, ref.hi[j], 1e-8, `ci_high ${j}`);
    });
  }
});

Deno.test("empiricalBayesShrink() with equal variances gives the one-way ANOVA τ² = (MS_between − MS_within)/n", async () => {
  const rng = mulberry32(9);
  const k = 8, n = 15;
  const groups = Array.from(
    { length: k },
    (_, j) => Array.from({ length: n }, () => (j % 3) * 0.8 + rng.normal()),
  );
  const means = groups.map((g) => g.reduce((s, x) => s + x, 0) / n);
  const ssw = groups.reduce((s, g, j) => s + g.reduce((t, x) => t + (x - means[j]) ** 2, 0), 0);
  const pooled = ssw / (k * (n - 1));
  const fit = empiricalBayesShrink(means, means.map(() => pooled / n));
  const ref = await python<{ tau2: number }>(
    `import json, sys
import numpy as np
g = np.array(json.load(sys.stdin), float); k, n = g.shape
msb = n * ((g.mean(1) - g.mean()) ** 2).sum() / (k - 1)
msw = ((g - g.mean(1, keepdims=True)) ** 2).sum() / (k * (n - 1))
print(json.dumps({"tau2": max(0.0, (msb - msw) / n)}))`,
    groups,
  );
  assert.ok(ref.tau2 > 0, "the planted spread gives τ² > 0");
  close(fit.tau2, ref.tau2, 1e-10, "tau2");
});

Deno.test("empiricalBayesShrink() shrinks fully to the mean when the spread is within the noise", () => {
  const fit = empiricalBayesShrink([1, 2, 3], [1, 1, 1]);
  assert.equal(fit.tau2, 0);
  for (const g of fit.groups) {
    assert.equal(g.shrinkage, 1);
    assert.equal(g.estimate, 2);
    close(g.ci_high - g.ci_low, 2 * 1.959963984540054 * Math.sqrt(1 / 3), 1e-12, "width");
  }
  // a wide spread is barely shrunk: B = v/(v + τ²) small
  const wide = empiricalBayesShrink([0, 100, 200], [1, 1, 1]);
  assert.ok(wide.groups.every((g) => g.shrinkage < 1e-3));
  close(wide.groups[0].estimate, 0, 0.05, "barely shrunk");
  assert.throws(() => empiricalBayesShrink([1, 2], [1, 0]), RangeError);
  assert.throws(() => empiricalBayesShrink([], []), RangeError);
});
