/**
 * The one shape every customer-base model has, so commands, tables and charts treat
 * BG/NBD, Pareto/NBD, MBG/NBD and BG/BB alike: a registry of count models, each with
 * its likelihood, fit (with standard errors), P(alive) and expectations.
 *
 * Time is in whatever unit the summaries use (weeks, months, or for BG/BB the number
 * of discrete transaction opportunities).
 *
 * @module
 */
import type { RfSummary } from "./bgnbd.ts";
import { fitGammaGamma } from "./gamma_gamma.ts";
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdExpected,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from "./pareto_nbd.ts";
import {
  fitMbgNbd,
  mbgnbdConditionalExpected,
  mbgnbdExpected,
  mbgnbdLogLikelihood,
  mbgnbdPAlive,
} from "./mbgnbd.ts";
import {
  bgbbConditionalExpected,
  bgbbExpected,
  bgbbLogLikelihood,
  bgbbPAlive,
  fitBgBb,
} from "./bgbb.ts";
import type { SpendSummary } from "./gamma_gamma.ts";
import {
  bgnbdConditionalExpected,
  bgnbdExpected,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  fitBgNbd,
} from "./bgnbd.ts";
import { modelFitOf } from "./mle.ts";

/** Names of the transaction-count models. */
export type CountModelName = "bgnbd" | "pareto_nbd" | "mbgnbd" | "bgbb";

/** One parameter's estimate with its standard error and 95 % confidence interval. */
export interface ParamEstimate {
  name: string;
  value: number;
  /** from the inverse of the observed information (minus the log-likelihood's Hessian); NaN when singular */
  se: number;
  ci_low: number;
  ci_high: number;
}

/** A fitted model, the same for every count model and for Gamma-Gamma. */
export interface ModelFit {
  model: CountModelName | "gamma_gamma";
  /** parameters by name, e.g. `{ r, alpha, a, b }` */
  params: Record<string, number>;
  /** the parameters again, with standard errors and CIs (filled once SEs exist; [] before) */
  estimates: ParamEstimate[];
  logLikelihood: number;
  customers: number;
  evaluations: number;
  converged: boolean;
  /** norm of the log-likelihood's gradient at the estimate (≈ 0 at a maximum; a diagnostic) */
  gradientNorm?: number;
}

/** What every count model provides. */
export interface CountModel {
  name: CountModelName;
  /** parameter names in their conventional order */
  paramNames: readonly string[];
  /** whether time is discrete opportunities (BG/BB) rather than continuous */
  discrete: boolean;
  fit(customers: readonly RfSummary[]): ModelFit;
  /** one customer's log-likelihood */
  logLikelihood(p: Record<string, number>, c: RfSummary): number;
  /** P(alive at T | x, t_x, T) */
  pAlive(p: Record<string, number>, c: RfSummary): number;
  /** E[X(t)]: expected repeat transactions of a new customer in (0, t] */
  expected(p: Record<string, number>, t: number): number;
  /** E[Y(t) | x, t_x, T]: expected transactions in (T, T + t] */
  conditionalExpected(p: Record<string, number>, c: RfSummary, t: number): number;
}

const asBg = (p: Record<string, number>) => ({ r: p.r, alpha: p.alpha, a: p.a, b: p.b });

/** BG/NBD (Fader, Hardie & Lee 2005) in the common shape. */
export const BGNBD: CountModel = {
  name: "bgnbd",
  paramNames: ["r", "alpha", "a", "b"],
  discrete: false,
  fit(customers) {
    const f = fitBgNbd(customers);
    return modelFitOf("bgnbd", f.params, f, f.customers);
  },
  logLikelihood: (p, c) => bgnbdLogLikelihood(asBg(p), c),
  pAlive: (p, c) => bgnbdPAlive(asBg(p), c),
  expected: (p, t) => bgnbdExpected(asBg(p), t),
  conditionalExpected: (p, c, t) => bgnbdConditionalExpected(asBg(p), c, t),
};

const asPareto = (p: Record<string, number>) => ({ r: p.r, alpha: p.alpha, s: p.s, beta: p.beta });

/** Pareto/NBD (Schmittlein, Morrison & Colombo 1987) in the common shape. */
export const PARETO_NBD: CountModel = {
  name: "pareto_nbd",
  paramNames: ["r", "alpha", "s", "beta"],
  discrete: false,
  fit: fitParetoNbd,
  logLikelihood: (p, c) => paretoNbdLogLikelihood(asPareto(p), c),
  pAlive: (p, c) => paretoNbdPAlive(asPareto(p), c),
  expected: (p, t) => paretoNbdExpected(asPareto(p), t),
  conditionalExpected: (p, c, t) => paretoNbdConditionalExpected(asPareto(p), c, t),
};

/** MBG/NBD (Batislam, Denizel & Filiztekin 2007) in the common shape. */
export const MBGNBD: CountModel = {
  name: "mbgnbd",
  paramNames: ["r", "alpha", "a", "b"],
  discrete: false,
  fit: fitMbgNbd,
  logLikelihood: (p, c) => mbgnbdLogLikelihood(asBg(p), c),
  pAlive: (p, c) => mbgnbdPAlive(asBg(p), c),
  expected: (p, t) => mbgnbdExpected(asBg(p), t),
  conditionalExpected: (p, c, t) => mbgnbdConditionalExpected(asBg(p), c, t),
};

const asBb = (p: Record<string, number>) => ({
  alpha: p.alpha,
  beta: p.beta,
  gamma: p.gamma,
  delta: p.delta,
});

/**
 * BG/BB (Fader, Hardie & Shang 2010) in the common shape: summaries are (x, t_x, n) in
 * whole transaction opportunities, n as T; `discrete` is true.
 */
export const BGBB: CountModel = {
  name: "bgbb",
  paramNames: ["alpha", "beta", "gamma", "delta"],
  discrete: true,
  fit: fitBgBb,
  logLikelihood: (p, c) => bgbbLogLikelihood(asBb(p), c),
  pAlive: (p, c) => bgbbPAlive(asBb(p), c),
  expected: (p, t) => bgbbExpected(asBb(p), t),
  conditionalExpected: (p, c, t) => bgbbConditionalExpected(asBb(p), c, t),
};

/**
 * The count models in continuous time, by name: what a transaction log dated by day,
 * week or month is fitted with (`rvlab clv` fits all of them by default). BG/BB, for
 * discrete opportunities, is in {@linkcode DISCRETE_COUNT_MODELS}.
 *
 * @example
 * ```ts
 * import { COUNT_MODELS } from "./model.ts";
 * COUNT_MODELS.bgnbd?.paramNames; // => ["r", "alpha", "a", "b"]
 * Object.keys(COUNT_MODELS); // => ["bgnbd", "pareto_nbd", "mbgnbd"]
 * ```
 */
export const COUNT_MODELS: Partial<Record<CountModelName, CountModel>> = {
  bgnbd: BGNBD,
  pareto_nbd: PARETO_NBD,
  mbgnbd: MBGNBD,
};

/**
 * The count models for discrete transaction opportunities (`discrete: true`; summaries in
 * whole numbers, T = n opportunities), by name.
 *
 * @example
 * ```ts
 * import { DISCRETE_COUNT_MODELS } from "./model.ts";
 * DISCRETE_COUNT_MODELS.bgbb?.discrete; // => true
 * ```
 */
export const DISCRETE_COUNT_MODELS: Partial<Record<CountModelName, CountModel>> = {
  bgbb: BGBB,
};

/**
 * The Gamma-Gamma spend model fitted ({@linkcode fitGammaGamma}, customers with x ≥ 1 and
 * m > 0) in the common {@linkcode ModelFit} shape, with standard errors of p, q, γ.
 *
 * Complexity: as {@linkcode fitGammaGamma}.
 *
 * @example
 * ```ts
 * import { fitGammaGammaModel } from "./model.ts";
 * fitGammaGammaModel([{ x: 1, m: 20 }, { x: 3, m: 35 }, { x: 2, m: 12 }]).model; // => "gamma_gamma"
 * ```
 */
export function fitGammaGammaModel(customers: readonly SpendSummary[]): ModelFit {
  const f = fitGammaGamma(customers);
  return modelFitOf("gamma_gamma", f.params, f, f.customers);
}
