import assert from "node:assert/strict";
import { maxTBand } from "../../src/stats/max_t.ts";
import { bestAucDifference } from "../../src/stats/best_auc_difference.ts";
import { pairedAucDifference } from "../../src/backtest/validate.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { python } from "../support/python.ts";

Deno.test("maxTBand() critical value is the Šidák normal quantile for independent components", async () => {
  const rng = mulberry32(5);
  const k = 5, estimates = [0.1, -0.2, 0.3, 0, 0.5];
  const draws = Array.from({ length: 40000 }, () => estimates.map((e) => e + 2 * rng.normal()));
  const band = maxTBand(estimates, draws, 0.95);
  // max of k independent |N(0, 1)| has its 0.95 quantile at Φ⁻¹(1 − (1 − 0.95^(1/k)) / 2)
  const ref = await python<{ q: number; q1: number }>(
    "import json,sys; from scipy.stats import norm; d=json.load(sys.stdin); k=d['k']; " +
      "print(json.dumps({'q': norm.ppf(1-(1-0.95**(1/k))/2), 'q1': norm.ppf(0.975)}))",
    { k },
  );
  assert.ok(Math.abs(band.critical - ref.q) < 0.03, `critical ${band.critical} vs ${ref.q}`);
  for (const s of band.se) assert.ok(Math.abs(s - 2) < 0.03, `se ${s}`);
  assert.ok(Math.abs(band.high[2] - (0.3 + ref.q * 2)) < 0.1);
  // one component: the ordinary two-sided normal interval
  const one = maxTBand([0], draws.map((d) => [d[3]]), 0.95);
  assert.ok(Math.abs(one.critical - ref.q1) < 0.03, `critical ${one.critical} vs ${ref.q1}`);
});

Deno.test("maxTBand() p-value of the largest of k null estimates is uniform (about 5 % below 0.05)", () => {
  // k correlated null estimates; the largest is picked; the max-t p-value keeps its level
  const rng = mulberry32(11);
  let below = 0, naive = 0;
  const trials = 400, k = 8;
  for (let t = 0; t < trials; t++) {
    const common = rng.normal();
    const est = Array.from({ length: k }, () => 0.5 * common + rng.normal());
    const draws = Array.from(
      { length: 300 },
      () => {
        const c = rng.normal();
        return est.map((e) => e + 0.5 * c + rng.normal());
      },
    );
    const band = maxTBand(est, draws);
    const pick = est.indexOf(Math.max(...est));
    if (band.p[pick] < 0.05) below++;
    // the naive one-at-a-time test of the picked one
    if (est[pick] / band.se[pick] > 1.96) naive++;
  }
  assert.ok(below / trials <= 0.05, `max-t rejections ${below}/${trials}`);
  assert.ok(naive / trials > 0.1, `naive rejections ${naive}/${trials}`);
});

Deno.test("bestAucDifference() with one predictor each is the paired AUC difference; AUCs as sklearn", async () => {
  const rng = mulberry32(3);
  const n = 200, y: boolean[] = [], a: number[] = [], b: number[] = [], c: string[] = [];
  for (let i = 0; i < n; i++) {
    const good = rng.next() < 0.4;
    y.push(good);
    a.push((good ? 0.6 : 0) + rng.normal());
    b.push((good ? 0.2 : 0) + rng.normal());
    c.push(`acct${i % 50}`);
  }
  const best = bestAucDifference([a], [b], y, c, { seed: 4, resamples: 300 });
  const paired = pairedAucDifference(a, b, y, c, { seed: 4, resamples: 300 });
  assert.ok(Math.abs(best.difference - paired.difference) < 1e-12);
  assert.ok(Math.abs(best.low - paired.low) < 1e-12 && Math.abs(best.high - paired.high) < 1e-12);
  const ref = await python<number[]>(
    "import json,sys; from sklearn.metrics import roc_auc_score as r; d=json.load(sys.stdin); " +
      "print(json.dumps([r(d['y'], d['a']), r(d['y'], d['b'])]))",
    { y, a, b },
  );
  assert.ok(Math.abs(best.difference - (ref[0] - ref[1])) < 1e-12);
  // missing values, several predictors and both directions: the best of each on the data
  const reversed = b.map((v) => -v);
  const withNull = a.map((v, i) => (i % 7 === 0 ? null : v));
  const many = bestAucDifference([withNull, b], [reversed], y, c, {
    seed: 4,
    resamples: 300,
    bothWays: true,
  });
  assert.equal(many.best_a, 0);
  assert.equal(many.b_reversed, true);
  const ref2 = await python<number[]>(
    "import json,sys; from sklearn.metrics import roc_auc_score as r; d=json.load(sys.stdin); " +
      "i=[k for k,v in enumerate(d['a']) if v is not None]; " +
      "print(json.dumps([r([d['y'][k] for k in i], [d['a'][k] for k in i]), r(d['y'], d['b'])]))",
    { y, a: withNull, b: reversed },
  );
  assert.ok(Math.abs(many.difference - (ref2[0] - (1 - ref2[1]))) < 1e-12);
});

Deno.test("bestAucDifference() picking the best of three null predictors widens the interval upward", () => {
  // three RV-like predictors with no signal against one baseline with no signal: the max
  // inside every resample sits above the single fixed pick
  const rng = mulberry32(8);
  const n = 400, y: boolean[] = [], c: string[] = [];
  const a: number[][] = [[], [], []], b: number[] = [];
  for (let i = 0; i < n; i++) {
    y.push(rng.next() < 0.3);
    for (const p of a) p.push(rng.normal());
    b.push(rng.normal());
    c.push(`acct${i % 100}`);
  }
  const best = bestAucDifference(a, [b], y, c, { seed: 2, resamples: 400 });
  const fixed = pairedAucDifference(a[best.best_a], b, y, c, { seed: 2, resamples: 400 });
  assert.ok(best.low >= fixed.low - 0.02 && best.high > fixed.high - 0.02);
  assert.ok(best.low < 0 && best.high > 0, `${best.low} to ${best.high}`);
});
