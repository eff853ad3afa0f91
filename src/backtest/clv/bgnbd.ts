/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers
 * the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)):
 * while active a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after
 * each repeat purchase they drop out with probability p ~ Beta(a, b). A customer is
 * summarised by x (repeat purchases), t_x (time of the last purchase, from the first)
 * and T (time from the first purchase to the end of calibration).
 *
 * @module
 */
import { hyp2f1, logGamma } from "../../stats/special.ts";
import { fitPositiveMle } from "./mle.ts";
import type { ParamEstimate } from "./model.ts";

/** BG/NBD parameters. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer's recency–frequency summary (any time unit, the same for all). */
export interface RfSummary {
  /** repeat transactions in calibration */
  x: number;
  /** time of the last transaction since the first (0 when x = 0) */
  tx: number;
  /** time from the first transaction to the end of calibration */
  T: number;
}

/**
 * One customer's log-likelihood, equation (6) of the paper in logs:
 * ln[B(a, b+x)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + δ(x>0) B(a+1, b+x−1)/B(a, b) ·
 * Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))], with the two terms added by log-sum-exp.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { bgnbdLogLikelihood } from "./bgnbd.ts";
 * bgnbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 });
 * ```
 */
export function bgnbdLogLikelihood(p: BgNbdParams, c: RfSummary): number {
  return logLikelihoodGiven(p, c, xTerms(p, c.x));
}

/** The terms of the log-likelihood that depend on the parameters and x only. O(1). */
function xTerms(p: BgNbdParams, x: number): number {
  const { r, alpha, a, b } = p;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  return a1 + a2;
}

/** One customer's log-likelihood given its x terms ({@linkcode xTerms}). O(1). */
function logLikelihoodGiven(p: BgNbdParams, c: RfSummary, a12: number): number {
  const { r, alpha, a, b } = p, { x, tx, T } = c;
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a12 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a12 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/**
 * Sum of the log-likelihood over customers (each optionally weighted by a count).
 * The log-gamma terms are computed once per distinct x, with the same operations, so the
 * sum is the same to the last bit as adding {@linkcode bgnbdLogLikelihood} customer by
 * customer.
 *
 * Why: the objective the BG/NBD fit maximises; the count lets identical (x, t_x, T)
 * summaries be evaluated once.
 *
 * Complexity: O(customers + distinct x).
 *
 * @example
 * ```ts
 * import { bgnbdTotalLogLikelihood } from "./bgnbd.ts";
 * const p = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };
 * bgnbdTotalLogLikelihood(p, [{ x: 2, tx: 30, T: 38 }, { x: 0, tx: 0, T: 38, n: 3 }]); // => -11.055256441472388
 * ```
 */
export function bgnbdTotalLogLikelihood(
  p: BgNbdParams,
  customers: readonly (RfSummary & { n?: number })[],
): number {
  return sumWithXTerms(p, customers, xTerms, logLikelihoodGiven);
}

/**
 * Σ over customers of count × `given(p, c, xTerms(p, c.x))`, the x terms (the log-gamma
 * parts of a likelihood that depend on x only) computed once per distinct x: the sum of
 * every model whose likelihood splits so (BG/NBD, MBG/NBD).
 *
 * Complexity: O(customers + distinct x × cost of `xTerms`).
 *
 * @example
 * ```ts
 * import { sumWithXTerms } from "./bgnbd.ts";
 * sumWithXTerms(2, [{ x: 1, tx: 1, T: 2 }, { x: 1, tx: 1, T: 2, n: 2 }], (p, x) => p * x, (_p, c, t) => t + c.T);
 * // => 12
 * ```
 */
export function sumWithXTerms<P>(
  p: P,
  customers: readonly (RfSummary & { n?: number })[],
  xTermsOf: (p: P, x: number) => number,
  given: (p: P, c: RfSummary, t: number) => number,
): number {
  const byX = new Map<number, number>();
  let s = 0;
  for (const c of customers) {
    let t = byX.get(c.x);
    if (t === undefined) byX.set(c.x, t = xTermsOf(p, c.x));
    s += (c.n ?? 1) * given(p, c, t);
  }
  return s;
}

/**
 * P(alive | x, t_x, T), equation (12): 1 / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { bgnbdPAlive } from "./bgnbd.ts";
 * bgnbdPAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 0, tx: 0, T: 30 }); // => 1
 * ```
 */
export function bgnbdPAlive(p: BgNbdParams, c: RfSummary): number {
  if (c.x === 0) return 1;
  const { r, alpha, a, b } = p;
  return 1 /
    (1 + a / (b + c.x - 1) * Math.exp((r + c.x) * Math.log((alpha + c.T) / (alpha + c.tx))));
}

/**
 * E[X(t)], the expected number of repeat transactions of a new customer in (0, t],
 * equation (9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))].
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { bgnbdExpected } from "./bgnbd.ts";
 * bgnbdExpected({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39);
 * ```
 */
export function bgnbdExpected(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  return (a + b - 1) / (a - 1) *
    (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

/**
 * E[Y(t) | x, t_x, T], the expected repeat transactions in the next t time units of a
 * customer with history (x, t_x, T), equation (10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { bgnbdConditionalExpected } from "./bgnbd.ts";
 * bgnbdConditionalExpected({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 }, 39);
 * ```
 */
export function bgnbdConditionalExpected(p: BgNbdParams, c: RfSummary, t: number): number {
  const { r, alpha, a, b } = p, { x, T } = c;
  const z = t / (alpha + T + t);
  const bracket = 1 -
    Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) *
      hyp2f1(r + x, b + x, a + b + x - 1, z);
  return (a + b + x - 1) / (a - 1) * bracket * bgnbdPAlive(p, c);
}

/** A fitted model. */
export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  evaluations: number;
  converged: boolean;
  /** r, α, a, b with standard errors and 95 % CIs (observed information) */
  estimates: ParamEstimate[];
  /** norm of the log-likelihood's gradient at the estimate */
  gradientNorm: number;
}

/**
 * Identical summaries grouped, each with its count: the likelihood of a group is
 * evaluated once. O(customers).
 *
 * @example
 * ```ts
 * import { groupSummaries } from "./bgnbd.ts";
 * groupSummaries([{ x: 0, tx: 0, T: 5 }, { x: 0, tx: 0, T: 5 }]); // => [{ x: 0, tx: 0, T: 5, n: 2 }]
 * ```
 */
export function groupSummaries(customers: readonly RfSummary[]): (RfSummary & { n: number })[] {
  const groups = new Map<string, RfSummary & { n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { x: c.x, tx: c.tx, T: c.T, n: 1 });
  }
  return [...groups.values()];
}

/**
 * Maximum-likelihood fit ({@linkcode fitPositiveMle}: Nelder–Mead on the log-parameters
 * from r = a = b = 1, α = mean T / 10 to match the time unit, Newton polishing, standard
 * errors from the observed information). Identical summaries are grouped first, so the
 * cost is per distinct (x, t_x, T). Deterministic.
 *
 * Complexity: O(evaluations × distinct summaries), evaluations a few hundred.
 *
 * @example
 * ```ts
 * import { fitBgNbd } from "./bgnbd.ts";
 * const fit = fitBgNbd([{ x: 2, tx: 30.4, T: 38.9 }, { x: 0, tx: 0, T: 38.9 }]);
 * fit.params.r;
 * ```
 */
export function fitBgNbd(customers: readonly RfSummary[]): BgNbdFit {
  const data = groupSummaries(customers);
  const meanT = customers.reduce((s, c) => s + c.T, 0) / Math.max(1, customers.length);
  const toParams = ([r, alpha, a, b]: number[]): BgNbdParams => ({ r, alpha, a, b });
  const fit = fitPositiveMle(
    (theta) => bgnbdTotalLogLikelihood(toParams(theta), data),
    ["r", "alpha", "a", "b"],
    [1, Math.max(meanT / 10, 1e-3), 1, 1],
  );
  return {
    params: toParams(fit.theta),
    logLikelihood: fit.logLikelihood,
    customers: customers.length,
    evaluations: fit.evaluations,
    converged: fit.converged,
    estimates: fit.estimates,
    gradientNorm: fit.gradientNorm,
  };
}
