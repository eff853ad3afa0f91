/**
 * One maximum-likelihood fit for every customer-base model with positive parameters:
 * Nelder–Mead on the log-parameters, Newton steps to polish the optimum, then standard
 * errors from the observed information in the natural parameters ({@linkcode
 * standardErrors}).
 *
 * @module
 */
import { invertMatrix, numericalCurvature, standardErrors } from "./hessian.ts";
import type { StandardErrors } from "./hessian.ts";
import { nelderMead } from "./nelder_mead.ts";
import type { ModelFit } from "./model.ts";

/** Options of {@linkcode fitPositiveMle}. */
export interface MleOptions {
  /** Nelder–Mead evaluations at most; default 20000 */
  maxEvaluations?: number;
  /** Nelder–Mead tolerance (relative spread of the simplex's values); default 1e-10 */
  tolerance?: number;
  /** Nelder–Mead's spread of the points (in ln θ) to stop at; default 1e-3, Newton does the rest */
  pointTolerance?: number;
  /** Nelder–Mead restarts; default 0 (the Newton steps polish) */
  restarts?: number;
  /** Newton polishing steps at most; default 20 */
  newtonSteps?: number;
}

/** A maximum-likelihood fit. */
export interface MleFit extends StandardErrors {
  /** the estimates in the natural parameters, in `names` order */
  theta: number[];
  logLikelihood: number;
  /** log-likelihood evaluations, the standard errors' included */
  evaluations: number;
  /**
   * true when the last Newton step's predicted gain (half the Newton decrement
   * gᵀ(−H)⁻¹g, in log-likelihood units) is below 1e-6 and the Hessian is negative definite
   */
  converged: boolean;
}

/**
 * Maximises `logLikelihood` over positive parameters: Nelder–Mead on ln θ from `start`,
 * then up to `newtonSteps` Newton steps on ln θ with the numerical gradient and Hessian
 * (each halved until the log-likelihood does not decrease, at most 30 times), stopping
 * after the step whose predicted gain is below 1e-12 of |ℓ|; finally {@linkcode standardErrors} at θ̂.
 * Newton's quadratic convergence takes the optimum to the precision of the numerical
 * derivatives, where the simplex alone stops near 1e-4 relative in the parameters.
 * Non-finite values of the log-likelihood count as −∞. Deterministic.
 *
 * Complexity: O((evaluations of Nelder–Mead + 41·(Newton steps + 1)) × cost of ℓ) for
 * four parameters.
 *
 * @example
 * ```ts
 * import { fitPositiveMle } from "./mle.ts";
 * // exponential waiting times 1, 2, 3: the rate's MLE is 1/mean = 0.5, se = 0.5/√3
 * const ll = ([rate]: number[]) => 3 * Math.log(rate) - rate * 6;
 * const fit = fitPositiveMle(ll, ["rate"], [1]);
 * fit.theta[0]; // ≈ 0.5
 * fit.estimates[0].se; // ≈ 0.2887
 * ```
 */
export function fitPositiveMle(
  logLikelihood: (theta: number[]) => number,
  names: readonly string[],
  start: readonly number[],
  options: MleOptions = {},
): MleFit {
  let evaluations = 0;
  const ll = (theta: number[]) => {
    evaluations++;
    const v = logLikelihood(theta);
    return Number.isFinite(v) ? v : -Infinity;
  };
  const onLogs = (v: number[]) => ll(v.map(Math.exp));
  const nm = nelderMead((v) => -onLogs(v), start.map(Math.log), {
    maxEvaluations: options.maxEvaluations ?? 20000,
    tolerance: options.tolerance ?? 1e-10,
    pointTolerance: options.pointTolerance ?? 1e-3,
    restarts: options.restarts ?? 0,
  });
  let v = nm.x, value = -nm.value, converged = false;
  for (let step = 0; step < (options.newtonSteps ?? 20); step++) {
    converged = false;
    const { gradient: g, hessian: h } = numericalCurvature(onLogs, v);
    const inv = invertMatrix(h.map((row) => row.map((e) => -e)));
    if (!inv) break;
    const dir = inv.map((row) => row.reduce((s, e, j) => s + e * g[j], 0));
    const gain = dir.reduce((s, e, i) => s + e * g[i], 0) / 2;
    if (!(gain >= 0)) break; // not a maximum's neighbourhood: −H is not positive definite
    converged = gain < 1e-6;
    const last = gain <= 1e-12 * Math.abs(value); // one more step, then stop
    let t = 1, moved = false;
    for (let k = 0; k < 30; k++, t /= 2) {
      const w = v.map((e, i) => e + t * dir[i]), f = onLogs(w);
      if (f >= value) {
        v = w, value = f, moved = true;
        break;
      }
    }
    if (!moved || last) break;
  }
  const theta = v.map(Math.exp);
  const se = standardErrors(ll, names, theta);
  return { theta, logLikelihood: value, evaluations, converged, ...se };
}

/** What {@linkcode modelFitOf} takes from a fit: every {@linkcode ModelFit} field but the names. */
export type FitFigures = Pick<
  ModelFit,
  "estimates" | "logLikelihood" | "evaluations" | "converged" | "gradientNorm"
>;

/**
 * A fit in the common {@linkcode ModelFit} shape: the model's name, its parameters by name,
 * the customers it was fitted on, and the figures of `fit`.
 *
 * Why: every model's fit returns the same shape; this is its one constructor.
 * Complexity: O(parameters).
 *
 * @example
 * ```ts
 * import { modelFitOf } from "./mle.ts";
 * const fit = { estimates: [], logLikelihood: -3, evaluations: 10, converged: true };
 * modelFitOf("bgnbd", { r: 1, alpha: 2, a: 1, b: 1 }, fit, 5).customers; // => 5
 * ```
 */
export function modelFitOf(
  model: ModelFit["model"],
  params: object,
  fit: FitFigures,
  customers: number,
): ModelFit {
  return {
    model,
    params: { ...params } as Record<string, number>,
    estimates: fit.estimates,
    logLikelihood: fit.logLikelihood,
    customers,
    evaluations: fit.evaluations,
    converged: fit.converged,
    gradientNorm: fit.gradientNorm,
  };
}
