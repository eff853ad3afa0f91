/**
 * The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting
 * your customers: who are they and what will they do next?", Management Science 33(1)):
 * while alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α) and dies
 * after an exponential lifetime with rate μ ~ Gamma(s, β). The likelihood, P(alive) and
 * expectations follow Fader & Hardie's note "A note on deriving the Pareto/NBD model and
 * related expressions" (2005), with the Gauss hypergeometric function 2F1.
 *
 * @module
 */
import { hyp2f1, logGamma } from "../../stats/special.ts";
import type { RfSummary } from "./bgnbd.ts";
import { groupSummaries } from "./bgnbd.ts";
import { fitPositiveMle, modelFitOf } from "./mle.ts";
import type { ModelFit } from "./model.ts";

/** Pareto/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * ln F(t) = ln 2F1(m, b; m+1; |α−β|/(M+t)) − m ln(M+t), with m = r + s + x, M = max(α, β),
 * b = s + 1 when α ≥ β and r + x otherwise: F(t)/m = ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ.
 * The argument of 2F1 stays below 1, so its series converges. O(2F1 terms).
 */
function logF(p: ParetoNbdParams, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const m = r + s + x;
  const [big, b] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  return Math.log(hyp2f1(m, b, m + 1, Math.abs(alpha - beta) / (big + t))) - m * Math.log(big + t);
}

/**
 * ln A₀ of the note's likelihood, A₀ = F(t_x) − F(T) ({@linkcode logF}; m·A₀ is
 * m ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ), the difference taken in logs as
 * ln F₁ + ln(1 − F₂/F₁); −∞ when t_x = T, also when rounding puts t_x a hair past T
 * (t_x and T computed differently from the same day: otherwise ln of a negative, NaN).
 * O(1) given the two ln F.
 */
function logA0(l1: number, l2: number): number {
  return l2 >= l1 ? -Infinity : l1 + Math.log(-Math.expm1(l2 - l1));
}

/** ln(eᵃ + eᵇ), exact when one is −∞. O(1). */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return m;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** ln Γ(r+x) − ln Γ(r) + r ln α + s ln β: the terms that depend on x only. O(1). */
function xTerms(p: ParetoNbdParams, x: number): number {
  return logGamma(p.r + x) - logGamma(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta);
}

/** The log of the note's bracket {1/((α+T)^(r+x)(β+T)^s) + s/(r+s+x) A₀}, and its first term. */
function bracket(p: ParetoNbdParams, c: RfSummary): { alive: number; total: number } {
  const { r, alpha, s, beta } = p, { x, tx, T } = c;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const a0 = logA0(logF(p, x, tx), logF(p, x, T));
  const dead = Math.log(s) - Math.log(r + s + x) + a0;
  return { alive, total: logAddExp(alive, dead) };
}

/**
 * One customer's log-likelihood, Fader & Hardie's expression in logs:
 * ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[1/((α+T)^(r+x)(β+T)^s) + s/(r+s+x) A₀].
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { paretoNbdLogLikelihood } from "./pareto_nbd.ts";
 * paretoNbdLogLikelihood({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, { x: 2, tx: 30.43, T: 38.86 });
 * ```
 */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, c: RfSummary): number {
  return xTerms(p, c.x) + bracket(p, c).total;
}

/** Index of each distinct value of a list, in first-seen order. O(list). */
function indexOf(values: readonly (number | string)[]): { at: Int32Array; count: number } {
  const seen = new Map<number | string, number>(), at = new Int32Array(values.length);
  values.forEach((v, i) => {
    let k = seen.get(v);
    if (k === undefined) seen.set(v, k = seen.size);
    at[i] = k;
  });
  return { at, count: seen.size };
}

/**
 * The total log-likelihood of a fixed set of customers as a function of the parameters:
 * the customers' distinct x, T and (x, t) pairs (t a t_x or a T) are found once, and each
 * evaluation computes the x terms per distinct x, ln(α+T) and ln(β+T) per distinct T and
 * each 2F1 ({@linkcode logF}) per distinct (x, t) — few when dates are whole days — then
 * adds the customers with the same formula as {@linkcode paretoNbdLogLikelihood}.
 *
 * Complexity: O(customers) to prepare; per evaluation O(customers + distinct (x, t) × 2F1 terms).
 *
 * @example
 * ```ts
 * import { paretoNbdLikelihoodOf } from "./pareto_nbd.ts";
 * const ll = paretoNbdLikelihoodOf([{ x: 2, tx: 30, T: 38 }, { x: 0, tx: 0, T: 38, n: 3 }]);
 * ll({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 });
 * ```
 */
export function paretoNbdLikelihoodOf(
  customers: readonly (RfSummary & { n?: number })[],
): (p: ParetoNbdParams) => number {
  const k = customers.length;
  const xs = indexOf(customers.map((c) => c.x)), Ts = indexOf(customers.map((c) => c.T));
  const pairs = indexOf(customers.flatMap((c) => [`${c.x}|${c.tx}`, `${c.x}|${c.T}`]));
  const xOf = new Float64Array(xs.count), TOf = new Float64Array(Ts.count);
  const pairX = new Float64Array(pairs.count), pairT = new Float64Array(pairs.count);
  const weight = new Float64Array(k);
  customers.forEach((c, i) => {
    xOf[xs.at[i]] = c.x, TOf[Ts.at[i]] = c.T, weight[i] = c.n ?? 1;
    pairX[pairs.at[2 * i]] = pairX[pairs.at[2 * i + 1]] = c.x;
    pairT[pairs.at[2 * i]] = c.tx, pairT[pairs.at[2 * i + 1]] = c.T;
  });
  const xTerm = new Float64Array(xs.count), deadX = new Float64Array(xs.count);
  const lnA = new Float64Array(Ts.count), lnB = new Float64Array(Ts.count);
  const lf = new Float64Array(pairs.count);
  return (p) => {
    const { r, alpha, s, beta } = p, lnS = Math.log(s);
    for (let j = 0; j < xs.count; j++) {
      xTerm[j] = xTerms(p, xOf[j]);
      deadX[j] = lnS - Math.log(r + s + xOf[j]);
    }
    for (let j = 0; j < Ts.count; j++) {
      lnA[j] = Math.log(alpha + TOf[j]), lnB[j] = Math.log(beta + TOf[j]);
    }
    for (let j = 0; j < pairs.count; j++) lf[j] = logF(p, pairX[j], pairT[j]);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const xi = xs.at[i], ti = Ts.at[i];
      const alive = -(r + xOf[xi]) * lnA[ti] - s * lnB[ti];
      const dead = deadX[xi] + logA0(lf[pairs.at[2 * i]], lf[pairs.at[2 * i + 1]]);
      sum += weight[i] * (xTerm[xi] + logAddExp(alive, dead));
    }
    return sum;
  };
}

/**
 * Sum of {@linkcode paretoNbdLogLikelihood} over customers, each weighted by its count
 * `n` (default 1): {@linkcode paretoNbdLikelihoodOf} evaluated once.
 *
 * Complexity: O(customers + distinct (x, t) × 2F1 terms).
 *
 * @example
 * ```ts
 * import { paretoNbdTotalLogLikelihood } from "./pareto_nbd.ts";
 * paretoNbdTotalLogLikelihood({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, [{ x: 0, tx: 0, T: 38, n: 3 }]);
 * ```
 */
export function paretoNbdTotalLogLikelihood(
  p: ParetoNbdParams,
  customers: readonly (RfSummary & { n?: number })[],
): number {
  return paretoNbdLikelihoodOf(customers)(p);
}

/**
 * P(alive at T | x, t_x, T) (the note's expression):
 * 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A₀).
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { paretoNbdPAlive } from "./pareto_nbd.ts";
 * paretoNbdPAlive({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, { x: 2, tx: 38.86, T: 38.86 }); // => 1
 * ```
 */
export function paretoNbdPAlive(p: ParetoNbdParams, c: RfSummary): number {
  const { alive, total } = bracket(p, c);
  return Math.exp(alive - total);
}

/** (1 − (a/(a+t))^(s−1))/(s−1), and its limit ln(1 + t/a) at s = 1. O(1). */
function survivalIntegral(s: number, a: number, t: number): number {
  const k = Math.log(a / (a + t));
  return Math.abs(s - 1) < 1e-10 ? -k : -Math.expm1((s - 1) * k) / (s - 1);
}

/**
 * E[X(t)] of a new customer (the note's expression): rβ/(α(s−1)) [1 − (β/(β+t))^(s−1)]
 * (rβ/α ln(1 + t/β) at s = 1).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { paretoNbdExpected } from "./pareto_nbd.ts";
 * paretoNbdExpected({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, 39);
 * ```
 */
export function paretoNbdExpected(p: ParetoNbdParams, t: number): number {
  return p.r * p.beta / p.alpha * survivalIntegral(p.s, p.beta, t);
}

/**
 * E[Y(t) | x, t_x, T] (the note's expression): P(alive) · (r+x)(β+T)/((α+T)(s−1))
 * [1 − ((β+T)/(β+T+t))^(s−1)].
 *
 * Complexity: O(2F1 terms).
 *
 * @example
 * ```ts
 * import { paretoNbdConditionalExpected } from "./pareto_nbd.ts";
 * paretoNbdConditionalExpected({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, { x: 2, tx: 30.43, T: 38.86 }, 39);
 * ```
 */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, c: RfSummary, t: number): number {
  const { r, alpha, s, beta } = p, { x, T } = c;
  return paretoNbdPAlive(p, c) * (r + x) * (beta + T) / (alpha + T) *
    survivalIntegral(s, beta + T, t);
}

/**
 * Maximum-likelihood fit ({@linkcode fitPositiveMle}) from r = s = 1, α = mean T / 10,
 * β = mean T, with standard errors; identical summaries are grouped first.
 * Deterministic.
 *
 * Complexity: O(evaluations × distinct summaries × 2F1 terms).
 *
 * @example
 * ```ts
 * import { fitParetoNbd } from "./pareto_nbd.ts";
 * fitParetoNbd([{ x: 2, tx: 30.4, T: 38.9 }, { x: 0, tx: 0, T: 38.9 }, { x: 5, tx: 12, T: 30 }]).model;
 * // => "pareto_nbd"
 * ```
 */
export function fitParetoNbd(customers: readonly RfSummary[]): ModelFit {
  const ll = paretoNbdLikelihoodOf(groupSummaries(customers));
  const meanT = customers.reduce((s, c) => s + c.T, 0) / Math.max(1, customers.length);
  const toParams = ([r, alpha, s, beta]: number[]): ParetoNbdParams => ({ r, alpha, s, beta });
  const fit = fitPositiveMle(
    (theta) => {
      try {
        return ll(toParams(theta));
      } catch {
        return -Infinity; // 2F1 did not converge: far from any optimum
      }
    },
    ["r", "alpha", "s", "beta"],
    [1, Math.max(meanT / 10, 1e-3), 1, Math.max(meanT, 1e-3)],
  );
  return modelFitOf("pareto_nbd", toParams(fit.theta), fit, customers.length);
}
