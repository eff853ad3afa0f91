/**
 * The customer-base models with standard errors: the numerical Hessian, the generic fit,
 * and every model's fit against scipy (fixture made by scripts/oracles/make_clv_fixtures.py
 * with clv_models_oracle.py) on the CDNOW master and on simulated data.
 */
import assert from "node:assert/strict";
import {
  compareGroups,
  fitBgNbd,
  fitGammaGammaModel,
  fitPositiveMle,
  invertMatrix,
  likelihoodRatioTest,
  numericalCurvature,
  opportunitySummaries,
  paretoNbdLogLikelihood,
  paretoNbdTotalLogLikelihood,
  parseCdnow,
  rfmWeekly,
  simulateBgBbCustomer,
  simulateBgNbdCustomer,
  simulateMbgNbdCustomer,
  simulateParetoNbdCustomer,
  standardErrors,
} from "../../src/backtest/clv/mod.ts";
import type { ModelFit, RfSummary } from "../../src/backtest/clv/mod.ts";
import { COUNT_MODELS as CONTINUOUS, DISCRETE_COUNT_MODELS } from "../../src/backtest/clv/model.ts";
import { chiSquareSf, regularizedGammaQ } from "../../src/stats/chi_square.ts";
import { mulberry32 } from "../../src/util/random.ts";

const COUNT_MODELS = { ...CONTINUOUS, ...DISCRETE_COUNT_MODELS };

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/backtest/clv_models.json", import.meta.url)),
);

function rel(actual: number, expected: number, tol: number, what = "") {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= tol, `${what}: ${actual} vs ${expected} (relative error ${err})`);
}

/** A scipy fit in the fixture. */
interface RefFit {
  params: Record<string, number>;
  se: Record<string, number>;
  ll: number;
  customers: number;
}

/**
 * The fit agrees with scipy's: LL to 1e-6 (relative), SEs to 1e-3, parameters to 1e-6
 * relative or, along a direction so flat that 1e-11 of the LL moves the optimum further,
 * 1e-4 standard errors (both optimisers stop within the rounding of the sum there).
 */
function agrees(fit: ModelFit, ref: RefFit, what: string) {
  assert.ok(fit.converged, `${what} converged`);
  rel(fit.logLikelihood, ref.ll, 1e-6, `${what} LL`);
  for (const e of fit.estimates) {
    const want = ref.params[e.name], gap = Math.abs(fit.params[e.name] - want);
    assert.ok(
      gap <= Math.max(1e-6 * Math.abs(want), 1e-4 * e.se),
      `${what} ${e.name}: ${fit.params[e.name]} vs ${want} (relative ${gap / want}, ${
        gap / e.se
      } se)`,
    );
    rel(e.se, ref.se[e.name], 1e-3, `${what} se(${e.name})`);
    rel(e.ci_low, e.value - 1.96 * e.se, 1e-12, `${what} ci_low`);
    rel(e.ci_high, e.value + 1.96 * e.se, 1e-12, `${what} ci_high`);
  }
  assert.deepEqual(fit.estimates.map((e) => e.name), Object.keys(ref.params));
  assert.ok(fit.gradientNorm! < 1e-2, `${what} gradient norm ${fit.gradientNorm}`);
}

const rfOf = (rows: number[][]): RfSummary[] => rows.map(([x, tx, T]) => ({ x, tx, T }));

Deno.test("numericalCurvature() gives the exact gradient and Hessian of a smooth function", () => {
  // f = a² b + e^(a c) + ln b; at (1, 2, 0.5)
  const f = ([a, b, c]: number[]) => a * a * b + Math.exp(a * c) + Math.log(b);
  const [a, b, c] = [1, 2, 0.5], e = Math.exp(a * c);
  const { gradient, hessian } = numericalCurvature(f, [a, b, c]);
  const g = [2 * a * b + c * e, a * a + 1 / b, a * e];
  const h = [
    [2 * b + c * c * e, 2 * a, e + a * c * e],
    [2 * a, -1 / (b * b), 0],
    [e + a * c * e, 0, a * a * e],
  ];
  for (let i = 0; i < 3; i++) {
    rel(gradient[i], g[i], 1e-8, `g${i}`);
    for (let j = 0; j < 3; j++) {
      assert.ok(
        Math.abs(hessian[i][j] - h[i][j]) < 1e-6,
        `H${i}${j} ${hessian[i][j]} vs ${h[i][j]}`,
      );
      assert.equal(hessian[i][j], hessian[j][i]);
    }
  }
});

Deno.test("invertMatrix() inverts with pivoting and says null when singular", () => {
  const m = [[0, 2, 1], [1, 1, 0], [3, 0, 4]];
  const inv = invertMatrix(m)!;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const v = m[i].reduce((s, e, k) => s + e * inv[k][j], 0);
      assert.ok(Math.abs(v - (i === j ? 1 : 0)) < 1e-14, `(${i},${j}) ${v}`);
    }
  }
  assert.equal(invertMatrix([[1, 2], [2, 4]]), null);
  assert.equal(invertMatrix([[1, NaN], [0, 1]]), null);
});

Deno.test("standardErrors() gives the normal model's textbook SEs, and NaN when the information is singular", () => {
  // normal sample: se(μ̂) = σ̂/√n, se(σ̂²) = σ̂²√(2/n) (Casella & Berger, ex. 10.1.17)
  const rng = mulberry32(7), n = 400;
  const y = Array.from({ length: n }, () => 3 + 2 * rng.normal());
  const mu = y.reduce((s, v) => s + v, 0) / n;
  const v = y.reduce((s, e) => s + (e - mu) ** 2, 0) / n;
  const ll = ([m, s2]: number[]) =>
    -n / 2 * Math.log(2 * Math.PI * s2) - y.reduce((s, e) => s + (e - m) ** 2, 0) / (2 * s2);
  const se = standardErrors(ll, ["mu", "sigma2"], [mu, v]);
  rel(se.estimates[0].se, Math.sqrt(v / n), 1e-6, "se(mu)");
  rel(se.estimates[1].se, v * Math.sqrt(2 / n), 1e-6, "se(sigma2)");
  assert.ok(se.gradientNorm < 1e-6, `${se.gradientNorm}`);
  rel(se.estimates[0].ci_low, mu - 1.96 * Math.sqrt(v / n), 1e-6, "ci_low");
  // a parameter the likelihood does not depend on: singular information
  const flat = standardErrors(([m]: number[]) => ll([m, v]), ["mu", "unused"], [mu, 1]);
  assert.equal(flat.covariance, null);
  assert.ok(flat.estimates.every((e) => Number.isNaN(e.se) && Number.isNaN(e.ci_low)));
});

Deno.test("standardErrors() of BG/NBD agree with a Hessian from differences of the gradient", () => {
  const rows = fixture.simulated.find((s: { model: string }) => s.model === "bgnbd");
  const data = rfOf(rows.customers);
  const fit = fitBgNbd(data);
  const model = COUNT_MODELS.bgnbd!;
  const names = ["r", "alpha", "a", "b"];
  const ll = (t: number[]) =>
    data.reduce(
      (s, c) => s + model.logLikelihood(Object.fromEntries(names.map((k, i) => [k, t[i]])), c),
      0,
    );
  const theta = names.map((k) => fit.params[k as "r"]);
  // another scheme: central differences (step 3e-3) of the central-difference gradient (step 1e-4)
  const grad = (t: number[]) => numericalCurvature(ll, t).gradient;
  const h = theta.map((_, i) => {
    const d = 3e-3 * theta[i], up = theta.slice(), down = theta.slice();
    up[i] += d, down[i] -= d;
    const gu = grad(up), gd = grad(down);
    return gu.map((g, j) => -(g - gd[j]) / (2 * d));
  });
  const cov = invertMatrix(h)!;
  fit.estimates.forEach((e, i) => rel(e.se, Math.sqrt(cov[i][i]), 1e-3, `se(${e.name})`));
});

Deno.test("fitPositiveMle() reaches the exponential rate's closed-form MLE and SE", () => {
  const fit = fitPositiveMle(([rate]) => 3 * Math.log(rate) - rate * 6, ["rate"], [1]);
  rel(fit.theta[0], 0.5, 1e-8, "rate");
  rel(fit.estimates[0].se, 0.5 / Math.sqrt(3), 1e-6, "se");
  assert.ok(fit.converged);
});

for (const sim of fixture.simulated) {
  Deno.test(`${sim.model} fit of simulated data agrees with scipy and covers the planted parameters`, () => {
    const fit: ModelFit = sim.model === "gamma_gamma"
      ? fitGammaGammaModel(sim.customers.map(([x, m]: number[]) => ({ x, m })))
      : COUNT_MODELS[sim.model as "bgnbd"]!.fit(rfOf(sim.customers));
    assert.equal(fit.model, sim.model);
    agrees(fit, sim.fit, sim.model);
    // the planted value within 3.5 standard errors (a 1-in-2000 miss per parameter)
    for (const e of fit.estimates) {
      const z = (e.value - sim.truth[e.name]) / e.se;
      assert.ok(
        Math.abs(z) < 3.5,
        `${sim.model} ${e.name}: ${e.value} ± ${e.se}, planted ${sim.truth[e.name]}`,
      );
    }
  });
}

const shared = Deno.env.get("RVLAB_SHARED_DATA") ??
  new URL("../../../shared/data", import.meta.url).pathname;
const cdnowPath = `${shared}/cdnow/CDNOW_master.txt.gz`;
const haveCdnow = await Deno.stat(cdnowPath).then(() => true, () => false);
const cdnowSummaries = async () => {
  const bytes = await Deno.readFile(cdnowPath);
  const text = await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  return rfmWeekly(parseCdnow(text), "1997-09-30", "1998-06-30");
};

Deno.test({
  name: "every model's fit on the CDNOW master agrees with scipy (parameters, LL, SEs)",
  ignore: !haveCdnow || !fixture.cdnow,
  async fn() {
    const sums = await cdnowSummaries();
    for (const [name, ref] of Object.entries(fixture.cdnow) as [string, RefFit][]) {
      const fit = name === "gamma_gamma"
        ? fitGammaGammaModel(sums)
        : COUNT_MODELS[name as "bgnbd"]!.fit(sums);
      assert.equal(fit.customers, ref.customers, name);
      agrees(fit, ref, `CDNOW ${name}`);
    }
  },
});

Deno.test("Pareto/NBD, MBG/NBD and BG/BB likelihood, P(alive), E[X(t)] and E[Y(t)|x,t_x,T] agree with the papers' formulas in scipy", () => {
  for (const c of fixture.closed_forms) {
    const m = COUNT_MODELS[c.model as "bgnbd"]!,
      what = `${c.model} ${JSON.stringify(c.params)} x=${c.x}`;
    rel(m.logLikelihood(c.params, c), c.ll, 1e-10, `LL ${what}`);
    rel(m.pAlive(c.params, c), c.p_alive, 1e-10, `P(alive) ${what}`);
    const t = c.model === "bgbb" ? 5 : 39;
    rel(m.expected(c.params, t), c.ex, 1e-10, `E[X] ${what}`);
    rel(m.conditionalExpected(c.params, c, t), c.ey, 1e-9, `E[Y] ${what}`);
  }
});

Deno.test("every count model's expectations predict what its own simulation does", () => {
  const cases = [
    {
      name: "pareto_nbd",
      truth: { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
      sim: simulateParetoNbdCustomer,
      T: 39,
    },
    {
      name: "mbgnbd",
      truth: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
      sim: simulateMbgNbdCustomer,
      T: 39,
    },
    {
      name: "bgbb",
      truth: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
      sim: simulateBgBbCustomer,
      T: 6,
    },
  ] as const;
  for (const { name, truth, sim, T } of cases) {
    const m = COUNT_MODELS[name]!, rng = mulberry32(18), t = name === "bgbb" ? 5 : 39;
    const simulate = sim as (
      rng: ReturnType<typeof mulberry32>,
      p: typeof truth,
      T: number,
      t: number,
    ) => RfSummary & { holdout: number };
    const people = Array.from({ length: 40_000 }, () => simulate(rng, truth, T, t));
    // E[X(T)]: the mean calibration count of new customers (x counts repeat purchases)
    const meanX = people.reduce((s, c) => s + c.x, 0) / people.length;
    rel(m.expected(truth, T), meanX, 0.03, `${name} E[X(${T})]`);
    // E[Y(t) | history] summed over customers: the simulated holdout total
    const predicted = people.reduce((s, c) => s + m.conditionalExpected(truth, c, t), 0);
    const actual = people.reduce((s, c) => s + c.holdout, 0);
    rel(predicted, actual, 0.03, `${name} holdout`);
  }
});

Deno.test("fitBgBb() refuses summaries that are not whole opportunities", () => {
  assert.throws(() => COUNT_MODELS.bgbb!.fit([{ x: 1, tx: 2.5, T: 6 }]), /whole numbers/);
});

Deno.test("paretoNbdTotalLogLikelihood() adds the customers' paretoNbdLogLikelihood(), also with t_x a hair past T", () => {
  const p = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, rng = mulberry32(9);
  const customers = Array.from({ length: 500 }, () => {
    const T = 27 + rng.int(84) / 7, x = rng.int(5);
    return { x, tx: x ? Math.round(rng.next() * T * 7) / 7 : 0, T, n: 1 + rng.int(3) };
  });
  // the same day reached two ways: 190/7 and 27 + 1/7 differ in the last bit
  customers.push({ x: 2, tx: 27 + 1 / 7 + 4e-15, T: 27 + 1 / 7, n: 1 });
  let one = 0;
  for (const c of customers) one += c.n * paretoNbdLogLikelihood(p, c);
  assert.ok(Number.isFinite(one));
  rel(paretoNbdTotalLogLikelihood(p, customers), one, 1e-13, "total");
  const atT = paretoNbdLogLikelihood(p, { x: 2, tx: 27 + 1 / 7, T: 27 + 1 / 7 });
  assert.equal(paretoNbdLogLikelihood(p, customers.at(-1)!), atT);
});

Deno.test("chiSquareSf() and regularizedGammaQ() agree with scipy to 1e-12", () => {
  for (const c of fixture.chi2_sf) rel(chiSquareSf(c.x, c.df), c.sf, 1e-12, `χ²(${c.df}) > ${c.x}`);
  for (const g of fixture.gammaincc) {
    rel(regularizedGammaQ(g.a, g.x), g.q, 1e-12, `Q(${g.a}, ${g.x})`);
  }
  assert.equal(chiSquareSf(0, 3), 1);
  assert.throws(() => regularizedGammaQ(0, 1), RangeError);
});

Deno.test("likelihoodRatioTest() is 2 ΔLL against χ², and refuses a df that is not a whole number", () => {
  const t = likelihoodRatioTest(-1000, -996, 2);
  assert.equal(t.statistic, 8);
  rel(t.p_value, Math.exp(-4), 1e-13, "χ²(2) tail = e^(-x/2)");
  assert.equal(likelihoodRatioTest(-10, -10 - 1e-9, 1).statistic, 0);
  assert.throws(() => likelihoodRatioTest(-1, 0, 0.5), RangeError);
});

/** Two simulated groups of BG/NBD customers, CDNOW-like calibration lengths. */
function twoGroups(
  seed: number,
  n: number,
  a: { r: number; alpha: number; a: number; b: number },
  b: typeof a,
): [RfSummary[], RfSummary[]] {
  const rng = mulberry32(seed);
  const group = (p: typeof a) =>
    Array.from({ length: n }, () => simulateBgNbdCustomer(rng, p, 39 - 12 * rng.next()));
  return [group(a), group(b)];
}

Deno.test("compareGroups() does not reject equal BG/NBD parameters more often than its level (negative world)", () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const ps: number[] = [];
  for (let k = 0; k < 20; k++) {
    const [a, b] = twoGroups(100 + k, 1000, p, p);
    const t = compareGroups(COUNT_MODELS.bgnbd!, a, b);
    assert.equal(t.df, 4);
    assert.ok(t.pooled.converged && t.groups.every((g) => g.converged));
    ps.push(t.p_value);
  }
  // 20 null worlds at the 5 % level: more than 4 rejections has probability 1.6 %
  const rejected = ps.filter((v) => v < 0.05).length;
  assert.ok(rejected <= 4, `rejected ${rejected} of 20: ${ps.map((v) => v.toFixed(3))}`);
  // and the p-values are not all near 1 (a statistic stuck at 0 would pass the line above)
  assert.ok(ps.some((v) => v < 0.5), `${ps}`);
});

Deno.test("compareGroups() rejects where different parameters are planted", () => {
  const [a, b] = twoGroups(7, 2000, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, {
    r: 0.243,
    alpha: 4.414,
    a: 0.4,
    b: 2.426,
  });
  const t = compareGroups(COUNT_MODELS.bgnbd!, a, b);
  assert.ok(t.p_value < 1e-6, `p ${t.p_value}, statistic ${t.statistic}`);
  rel(
    t.statistic,
    2 * (t.groups[0].logLikelihood + t.groups[1].logLikelihood - t.pooled.logLikelihood),
    1e-12,
    "statistic",
  );
});

Deno.test({
  name:
    "BG/BB on the CDNOW master in whole weeks: the summaries and the fit agree with pandas and scipy",
  ignore: !haveCdnow || !fixture.cdnow_bgbb_weeks,
  async fn() {
    const bytes = await Deno.readFile(cdnowPath);
    const text = await new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
    ).text();
    const sums = opportunitySummaries(parseCdnow(text), "1997-09-30");
    const byId = new Map(sums.map((s) => [s.customer, s]));
    for (const c of fixture.cdnow_bgbb_weeks.first_customers) {
      const s = byId.get(c.id)!;
      assert.deepEqual([s.x, s.tx, s.T], [c.x, c.tx, c.T], c.id);
    }
    const ref = fixture.cdnow_bgbb_weeks.fit;
    const fit = DISCRETE_COUNT_MODELS.bgbb!.fit(sums);
    assert.equal(fit.customers, ref.customers);
    agrees(fit, ref, "CDNOW BG/BB weeks");
  },
});
