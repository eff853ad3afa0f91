/**
 * The Gamma-Gamma model of spend per transaction (Colombo & Jiang 1999; Fader, Hardie
 * & Lee 2005, "RFM and CLV: using iso-value curves for customer base analysis", and
 * Fader & Hardie's note "The Gamma-Gamma model of monetary value"): a customer's
 * transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the
 * mean m_x of x transactions is Gamma(px, νx) and E[M] = γp/(q−1).
 *
 * @module
 */
import { logGamma } from "../../stats/special.ts";
import { fitPositiveMle } from "./mle.ts";
import type { ParamEstimate } from "./model.ts";

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** One customer's spend summary: x transactions with mean value m (> 0). */
export interface SpendSummary {
  x: number;
  m: number;
}

/**
 * One customer's log-likelihood of the observed mean spend:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + m x).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { gammaGammaLogLikelihood } from "./gamma_gamma.ts";
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, { x: 2, m: 35 });
 * ```
 */
export function gammaGammaLogLikelihood(g: GammaGammaParams, c: SpendSummary): number {
  return gammaGammaTotalLogLikelihood(g, [c]);
}

/**
 * Sum of {@linkcode gammaGammaLogLikelihood} over customers, in their order. The terms
 * that depend only on the parameters (ln Γ(q), q ln γ) or on x (ln Γ(px+q) − ln Γ(px))
 * are computed once per call and per distinct x, and ln m, ln x, m x once per customer
 * (once per fit in {@linkcode fitGammaGamma}), with the same operations in the same order,
 * so the sum is the same to the last bit as adding the customers one by one.
 *
 * Why: the objective the Gamma-Gamma fit maximises, evaluated hundreds of times on
 * thousands of customers who have only a few distinct x.
 * Complexity: O(customers + distinct x).
 *
 * @example
 * ```ts
 * import { gammaGammaTotalLogLikelihood } from "./gamma_gamma.ts";
 * gammaGammaTotalLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, [{ x: 2, m: 35 }, { x: 1, m: 20 }]);
 * ```
 */
export function gammaGammaTotalLogLikelihood(
  g: GammaGammaParams,
  customers: readonly SpendSummary[],
): number {
  return spendLogLikelihood(g, spendTerms(customers));
}

/** The parameter-free terms of the customers' log-likelihoods, in customer order. */
interface SpendTerms {
  x: Float64Array;
  /** ln m, ln x and m x of each customer */
  logM: Float64Array;
  logX: Float64Array;
  mx: Float64Array;
  /** index of each customer's x in `distinct` */
  xAt: Int32Array;
  distinct: number[];
}

/** {@linkcode SpendTerms} of the customers. O(customers). */
function spendTerms(customers: readonly SpendSummary[]): SpendTerms {
  const n = customers.length, index = new Map<number, number>(), distinct: number[] = [];
  const t: SpendTerms = {
    x: new Float64Array(n),
    logM: new Float64Array(n),
    logX: new Float64Array(n),
    mx: new Float64Array(n),
    xAt: new Int32Array(n),
    distinct,
  };
  customers.forEach(({ x, m }, i) => {
    let k = index.get(x);
    if (k === undefined) index.set(x, k = distinct.push(x) - 1);
    t.x[i] = x, t.logM[i] = Math.log(m), t.logX[i] = Math.log(x), t.mx[i] = m * x, t.xAt[i] = k;
  });
  return t;
}

/**
 * The total log-likelihood from the customers' {@linkcode SpendTerms}: each customer's
 * term is evaluated with the same operations in the same order as one by one, only
 * ln m, ln x and m x are not recomputed at every evaluation of the fit. O(customers).
 */
function spendLogLikelihood(g: GammaGammaParams, t: SpendTerms): number {
  const { p, q, gamma } = g;
  const lgq = logGamma(q), qlg = q * Math.log(gamma);
  const lx = t.distinct.map((x) => logGamma(p * x + q) - logGamma(p * x));
  let s = 0;
  for (let i = 0; i < t.x.length; i++) {
    const x = t.x[i];
    s += lx[t.xAt[i]] - lgq + qlg + (p * x - 1) * t.logM[i] + p * x * t.logX[i] -
      (p * x + q) * Math.log(gamma + t.mx[i]);
  }
  return s;
}

/**
 * E[M | p, q, γ, m_x, x] = (γ + m_x x) p / (px + q − 1), the expected mean spend per
 * transaction: a weighted average of the population mean γp/(q−1) and the customer's
 * own m_x. With x = 0 it is the population mean.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { gammaGammaExpectedSpend } from "./gamma_gamma.ts";
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, { x: 0, m: 0 }); // γp/(q−1)
 * ```
 */
export function gammaGammaExpectedSpend(g: GammaGammaParams, c: SpendSummary): number {
  const { p, q, gamma } = g;
  return (gamma + c.m * c.x) * p / (p * c.x + q - 1);
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  evaluations: number;
  converged: boolean;
  /** p, q, γ with standard errors and 95 % CIs (observed information) */
  estimates: ParamEstimate[];
  /** norm of the log-likelihood's gradient at the estimate */
  gradientNorm: number;
}

/**
 * Maximum-likelihood fit over customers with x ≥ 1 and m > 0 (others are skipped):
 * {@linkcode fitPositiveMle} (Nelder–Mead on log p, log q, log γ from p = q = 1,
 * γ = mean m, Newton polishing, standard errors from the observed information).
 * Deterministic.
 *
 * Complexity: O(evaluations × customers).
 *
 * @example
 * ```ts
 * import { fitGammaGamma } from "./gamma_gamma.ts";
 * fitGammaGamma([{ x: 1, m: 20 }, { x: 3, m: 35 }, { x: 2, m: 12 }]).params;
 * ```
 */
export function fitGammaGamma(customers: readonly SpendSummary[]): GammaGammaFit {
  const data = customers.filter((c) => c.x >= 1 && c.m > 0);
  const meanM = data.reduce((s, c) => s + c.m, 0) / Math.max(1, data.length);
  const toParams = ([p, q, gamma]: number[]) => ({ p, q, gamma });
  const terms = spendTerms(data);
  const fit = fitPositiveMle(
    (theta) => spendLogLikelihood(toParams(theta), terms),
    ["p", "q", "gamma"],
    [1, 1, Math.max(meanM, 1e-6)],
  );
  return {
    params: toParams(fit.theta),
    logLikelihood: fit.logLikelihood,
    customers: data.length,
    evaluations: fit.evaluations,
    converged: fit.converged,
    estimates: fit.estimates,
    gradientNorm: fit.gradientNorm,
  };
}
