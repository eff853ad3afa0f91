import assert from "node:assert/strict";
import { python } from "../support/python.ts";
import { fisherCi, normalQuantile, pearson, spearman } from "../../src/stats/correlation.ts";
import { mulberry32 } from "../../src/util/random.ts";

/** scipy's answers for the same inputs, computed live with Debian's python3. */
async function scipy(input: unknown): Promise<Record<string, number[]>> {
  const code = `import json, sys
from scipy import stats
d = json.load(sys.stdin)
out = {"pearson": [], "spearman": [], "low": [], "high": [], "ppf": []}
for x, y in d["pairs"]:
    r = stats.pearsonr(x, y)
    ci = r.confidence_interval(0.9)
    out["pearson"].append(float(r.statistic)); out["low"].append(float(ci.low)); out["high"].append(float(ci.high))
    out["spearman"].append(float(stats.spearmanr(x, y).correlation))
out["ppf"] = [float(stats.norm.ppf(p)) for p in d["p"]]
print(json.dumps(out))`;
  return await python<Record<string, number[]>>(code, input);
}

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs scipy ${b}`);

Deno.test("pearson(), spearman() and fisherCi() match scipy; normalQuantile() matches norm.ppf", async () => {
  const rng = mulberry32(12);
  const pairs: [number[], number[]][] = [];
  for (const n of [8, 40, 300]) {
    const x = Array.from({ length: n }, () => rng.normal() * 3);
    // y: a noisy function of x with ties (rounded, like NPS)
    const y = x.map((v) => Math.round(5 + v * 0.6 + rng.normal() * 2));
    pairs.push([x, y]);
  }
  const p = [1e-10, 0.001, 0.02, 0.3, 0.5, 0.8, 0.975, 0.999999];
  const ref = await scipy({ pairs, p });
  pairs.forEach(([x, y], i) => {
    close(pearson(x, y), ref.pearson[i], 1e-12, `pearson ${i}`);
    close(spearman(x, y), ref.spearman[i], 1e-12, `spearman ${i}`);
    const ci = fisherCi(pearson(x, y), x.length, 0.9);
    close(ci.low, ref.low[i], 1e-9, `fisher low ${i}`);
    close(ci.high, ref.high[i], 1e-9, `fisher high ${i}`);
  });
  p.forEach((q, i) => close(normalQuantile(q), ref.ppf[i], 1e-12, `ppf ${q}`));
});

Deno.test("pearson() is NaN for constant input and rejects unpaired input", () => {
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  assert.ok(Number.isNaN(pearson([1], [2])));
  assert.throws(() => pearson([1, 2], [1]), /paired/);
  assert.throws(() => normalQuantile(1.5), /p in \[0, 1\]/);
  assert.equal(normalQuantile(0), -Infinity);
});
