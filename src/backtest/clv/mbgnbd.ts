/**
 * The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
 * comparison of models for customer base analysis", International Journal of Research in
 * Marketing 24(3)): BG/NBD where a customer may also drop out right after the first
 * purchase, so one with no repeat purchase is not certainly alive. Purchases while alive
 * are Poisson(λ), λ ~ Gamma(r, α); after every purchase, the first included, the customer
 * leaves with probability p ~ Beta(a, b).
 *
 * @module
 */
import { hyp2f1, logGamma } from "../../stats/special.ts";
import type { RfSummary } from "./bgnbd.ts";
import { groupSummaries, sumWithXTerms } from "./bgnbd.ts";
import { fitPositiveMle, modelFitOf } from "./mle.ts";
import type { ModelFit } from "./model.ts";

/** MBG/NBD parameters (the names of BG/NBD's). */
export interface MbgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The terms of the log-likelihood that depend on the parameters and x only. O(1). */
function xTerms(p: MbgNbdParams, x: number): number {
  const { r, alpha, a, b } = p;
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b) +
    logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1);
}

/** One customer's log-likelihood given its x terms. O(1). */
function logLikelihoodGiven(p: MbgNbdParams, c: RfSummary, xt: number): number {
  const { r, alpha, a, b } = p, { x, tx, T } = c;
  const alive = -(r + x) * Math.log(alpha + T);
  const dead = Math.log(a) - Math.log(b + x) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(alive, dead);
  return xt + m + Math.log(Math.exp(alive - m) + Math.exp(dead - m));
}

/**
 * One customer's log-likelihood: with B the beta function,
 * L = Γ(r+x)α^r/Γ(r) · [B(a, b+x+1)/B(a, b) (α+T)^−(r+x) + B(a+1, b+x)/B(a, b) (α+t_x)^−(r+x)]
 * (survived x + 1 dropout chances and alive at T, or left after the last purchase at t_x;
 * the second term is present also for x = 0, unlike BG/NBD).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { mbgnbdLogLikelihood } from "./mbgnbd.ts";
 * mbgnbdLogLikelihood({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, { x: 2, tx: 30.43, T: 38.86 });
 * ```
 */
export function mbgnbdLogLikelihood(p: MbgNbdParams, c: RfSummary): number {
  return logLikelihoodGiven(p, c, xTerms(p, c.x));
}

/**
 * Sum of {@linkcode mbgnbdLogLikelihood} over customers weighted by their count `n`
 * (default 1), the x terms computed once per distinct x.
 *
 * Complexity: O(customers + distinct x).
 *
 * @example
 * ```ts
 * import { mbgnbdTotalLogLikelihood } from "./mbgnbd.ts";
 * mbgnbdTotalLogLikelihood({ r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, [{ x: 0, tx: 0, T: 38, n: 3 }]);
 * ```
 */
export function mbgnbdTotalLogLikelihood(
  p: MbgNbdParams,
  customers: readonly (RfSummary & { n?: number })[],
): number {
  return sumWithXTerms(p, customers, xTerms, logLikelihoodGiven);
}

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)) (below 1 also for x = 0).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { mbgnbdPAlive } from "./mbgnbd.ts";
 * mbgnbdPAlive({ r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, { x: 0, tx: 0, T: 0 }); // => 1 / (1 + 0.9 / 1.6)
 * ```
 */
export function mbgnbdPAlive(p: MbgNbdParams, c: RfSummary): number {
  const { r, alpha, a, b } = p;
  return 1 / (1 + a / (b + c.x) * Math.exp((r + c.x) * Math.log((alpha + c.T) / (alpha + c.tx))));
}

/**
 * E[X(t)] of a new customer: b/(a−1) · [1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))].
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { mbgnbdExpected } from "./mbgnbd.ts";
 * mbgnbdExpected({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, 39);
 * ```
 */
export function mbgnbdExpected(p: MbgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  return b / (a - 1) *
    (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b + 1, a + b, t / (alpha + t)));
}

/**
 * E[Y(t) | x, t_x, T]: (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
 * 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { mbgnbdConditionalExpected } from "./mbgnbd.ts";
 * mbgnbdConditionalExpected({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, { x: 2, tx: 30.43, T: 38.86 }, 39);
 * ```
 */
export function mbgnbdConditionalExpected(p: MbgNbdParams, c: RfSummary, t: number): number {
  const { r, alpha, a, b } = p, { x, T } = c;
  const z = t / (alpha + T + t);
  const bracket = 1 -
    Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) *
      hyp2f1(r + x, b + x + 1, a + b + x, z);
  return (a + b + x) / (a - 1) * bracket * mbgnbdPAlive(p, c);
}

/**
 * Maximum-likelihood fit ({@linkcode fitPositiveMle}) from r = a = b = 1, α = mean T / 10,
 * with standard errors; identical summaries grouped. Deterministic.
 *
 * Complexity: O(evaluations × distinct summaries).
 *
 * @example
 * ```ts
 * import { fitMbgNbd } from "./mbgnbd.ts";
 * fitMbgNbd([{ x: 2, tx: 30.4, T: 38.9 }, { x: 0, tx: 0, T: 38.9 }, { x: 5, tx: 12, T: 30 }]).model;
 * // => "mbgnbd"
 * ```
 */
export function fitMbgNbd(customers: readonly RfSummary[]): ModelFit {
  const data = groupSummaries(customers);
  const meanT = customers.reduce((s, c) => s + c.T, 0) / Math.max(1, customers.length);
  const toParams = ([r, alpha, a, b]: number[]): MbgNbdParams => ({ r, alpha, a, b });
  const fit = fitPositiveMle(
    (theta) => mbgnbdTotalLogLikelihood(toParams(theta), data),
    ["r", "alpha", "a", "b"],
    [1, Math.max(meanT / 10, 1e-3), 1, 1],
  );
  return modelFitOf("mbgnbd", toParams(fit.theta), fit, customers.length);
}
