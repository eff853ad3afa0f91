/**
 * The BG/BB model of discrete-time repeat buying (Fader, Hardie & Shang 2010, "Customer-base
 * analysis in a discrete-time noncontractual setting", Marketing Science 29(6)): at each of
 * n transaction opportunities a living customer transacts with probability p ~ Beta(α, β),
 * and becomes inactive at the start of an opportunity with probability θ ~ Beta(γ, δ).
 * A customer is (x, t_x, n): x transactions, the last at opportunity t_x (0 when x = 0),
 * mapped onto {@linkcode RfSummary} with T = n (all whole numbers).
 *
 * @module
 */
import { logBeta, logGamma } from "../../stats/special.ts";
import type { RfSummary } from "./bgnbd.ts";
import type { Purchase } from "./cdnow.ts";
import { groupSummaries } from "./bgnbd.ts";
import { fitPositiveMle, modelFitOf } from "./mle.ts";
import type { ModelFit } from "./model.ts";
import { dayNumber } from "../../util/periods.ts";

/** BG/BB parameters: p ~ Beta(α, β) (transaction), θ ~ Beta(γ, δ) (dropout). */
export interface BgBbParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** ln(Σ eᵛ) of a list. O(list). */
function logSumExp(v: readonly number[]): number {
  const m = Math.max(...v);
  if (m === -Infinity) return m;
  let s = 0;
  for (const e of v) s += Math.exp(e - m);
  return m + Math.log(s);
}

/** ln of the "alive through n" term B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ). O(1). */
function logAliveTerm(p: BgBbParams, x: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  return logBeta(alpha + x, beta + n - x) - logBeta(alpha, beta) + logBeta(gamma, delta + n) -
    logBeta(gamma, delta);
}

/**
 * One customer's log-likelihood, the paper's likelihood in logs:
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *   + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
 * (alive through n, or inactive from opportunity t_x + i + 1 on).
 *
 * Complexity: O(n − t_x).
 *
 * @example
 * ```ts
 * import { bgbbLogLikelihood } from "./bgbb.ts";
 * bgbbLogLikelihood({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, { x: 3, tx: 4, T: 6 });
 * ```
 */
export function bgbbLogLikelihood(p: BgBbParams, c: RfSummary): number {
  const { alpha, beta, gamma, delta } = p, { x, tx, T: n } = c;
  const terms = [logAliveTerm(p, x, n)];
  const base = -logBeta(alpha, beta) - logBeta(gamma, delta);
  for (let i = 0; i < n - tx; i++) {
    terms.push(
      base + logBeta(alpha + x, beta + tx - x + i) + logBeta(gamma + 1, delta + tx + i),
    );
  }
  return logSumExp(terms);
}

/**
 * Sum of {@linkcode bgbbLogLikelihood} over customers weighted by their count `n`
 * (default 1; distinct from the summary's T = opportunities).
 *
 * Complexity: O(Σ (T − t_x)).
 *
 * @example
 * ```ts
 * import { bgbbTotalLogLikelihood } from "./bgbb.ts";
 * bgbbTotalLogLikelihood({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, [{ x: 0, tx: 0, T: 6, n: 3 }]);
 * ```
 */
export function bgbbTotalLogLikelihood(
  p: BgBbParams,
  customers: readonly (RfSummary & { n?: number })[],
): number {
  let s = 0;
  for (const c of customers) s += (c.n ?? 1) * bgbbLogLikelihood(p, c);
  return s;
}

/**
 * P(alive at opportunity n + 1 | x, t_x, n) =
 * B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(x, t_x, n).
 *
 * Complexity: O(n − t_x).
 *
 * @example
 * ```ts
 * import { bgbbPAlive } from "./bgbb.ts";
 * bgbbPAlive({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, { x: 6, tx: 6, T: 6 });
 * ```
 */
export function bgbbPAlive(p: BgBbParams, c: RfSummary): number {
  const { gamma, delta } = p, { x, T: n } = c;
  const next = logAliveTerm(p, x, n) - logBeta(gamma, delta + n) + logBeta(gamma, delta + n + 1);
  return Math.exp(next - bgbbLogLikelihood(p, c));
}

/**
 * E[X(n)], the expected transactions of a new customer in n opportunities:
 * α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))].
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { bgbbExpected } from "./bgbb.ts";
 * bgbbExpected({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, 6);
 * ```
 */
export function bgbbExpected(p: BgBbParams, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const ratio = logGamma(gamma + delta) + logGamma(1 + delta + n) - logGamma(gamma + delta + n) -
    logGamma(1 + delta);
  return alpha / (alpha + beta) * delta / (gamma - 1) * -Math.expm1(ratio);
}

/**
 * E[X(n, n+t) | x, t_x, n], the expected transactions in the next t opportunities:
 * 1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) ·
 * [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+t)/Γ(γ+δ+n+t)].
 *
 * Complexity: O(n − t_x).
 *
 * @example
 * ```ts
 * import { bgbbConditionalExpected } from "./bgbb.ts";
 * bgbbConditionalExpected({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, { x: 3, tx: 4, T: 6 }, 5);
 * ```
 */
export function bgbbConditionalExpected(p: BgBbParams, c: RfSummary, t: number): number {
  const { alpha, beta, gamma, delta } = p, { x, T: n } = c;
  const g = (m: number) => logGamma(1 + delta + m) - logGamma(gamma + delta + m);
  const lead = logBeta(alpha + x + 1, beta + n - x) - logBeta(alpha, beta) +
    logGamma(gamma + delta) - logGamma(1 + delta) - bgbbLogLikelihood(p, c);
  return Math.exp(lead + g(n)) * -Math.expm1(g(n + t) - g(n)) * delta / (gamma - 1);
}

/**
 * Maximum-likelihood fit ({@linkcode fitPositiveMle}) from α = β = γ = δ = 1, with
 * standard errors; identical (x, t_x, n) are grouped (discrete data have few).
 * Throws a RangeError when a summary is not in whole numbers. Deterministic.
 *
 * Complexity: O(evaluations × Σ over distinct summaries of (n − t_x)).
 *
 * @example
 * ```ts
 * import { fitBgBb } from "./bgbb.ts";
 * fitBgBb([{ x: 3, tx: 4, T: 6 }, { x: 0, tx: 0, T: 6 }, { x: 6, tx: 6, T: 6 }, { x: 1, tx: 1, T: 6 }]).model;
 * // => "bgbb"
 * ```
 */
export function fitBgBb(customers: readonly RfSummary[]): ModelFit {
  const bad = customers.find((c) => ![c.x, c.tx, c.T].every(Number.isInteger));
  if (bad) {
    throw new RangeError(
      `BG/BB needs whole numbers of transaction opportunities, found x ${bad.x}, t_x ${bad.tx}, n ${bad.T}`,
    );
  }
  const data = groupSummaries(customers);
  const toParams = ([alpha, beta, gamma, delta]: number[]): BgBbParams => ({
    alpha,
    beta,
    gamma,
    delta,
  });
  const fit = fitPositiveMle(
    (theta) => bgbbTotalLogLikelihood(toParams(theta), data),
    ["alpha", "beta", "gamma", "delta"],
    [1, 1, 1, 1],
  );
  return modelFitOf("bgbb", toParams(fit.theta), fit, customers.length);
}

/**
 * Discrete-opportunity summaries of a purchase log for BG/BB: each customer's time from the
 * first purchase day to the end of `calibrationEnd` is cut into whole periods of
 * `periodDays` (n = ⌊days / periodDays⌋ opportunities; the last partial period is left
 * out), opportunity k being days ((k−1)·periodDays, k·periodDays] after the first purchase;
 * x = the opportunities with a repeat purchase, t_x = the last of them (0 when none).
 * Customers whose first purchase is after `calibrationEnd` are left out; order is the
 * log's order of first appearance.
 *
 * Complexity: O(purchases).
 *
 * @example
 * ```ts
 * import { opportunitySummaries } from "./bgbb.ts";
 * opportunitySummaries([
 *   { customer: "a", date: "1997-01-01", amount: 5 },
 *   { customer: "a", date: "1997-01-10", amount: 7 },
 * ], "1997-01-31");
 * // => [{ customer: "a", x: 1, tx: 2, T: 4 }]
 * ```
 */
export function opportunitySummaries(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  periodDays = 7,
): (RfSummary & { customer: string })[] {
  const end = dayNumber(calibrationEnd), days = new Map<string, number[]>();
  for (const p of purchases) {
    const list = days.get(p.customer) ?? [];
    list.push(dayNumber(p.date));
    days.set(p.customer, list);
  }
  const out: (RfSummary & { customer: string })[] = [];
  for (const [customer, list] of days) {
    const first = Math.min(...list);
    if (first > end) continue;
    const n = Math.floor((end - first) / periodDays);
    const periods = new Set<number>();
    for (const d of list) {
      const k = Math.ceil((d - first) / periodDays);
      if (d > first && d <= end && k <= n) periods.add(k);
    }
    out.push({ customer, x: periods.size, tx: periods.size ? Math.max(...periods) : 0, T: n });
  }
  return out;
}
