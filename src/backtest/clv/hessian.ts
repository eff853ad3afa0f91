/**
 * Standard errors of maximum-likelihood estimates from the observed information: the
 * numerical Hessian of the log-likelihood at the optimum (central differences), its
 * inverse, and Wald 95 % confidence intervals (Casella & Berger 2002, §10.1; the
 * observed information of Efron & Hinkley 1978).
 *
 * @module
 */
import type { ParamEstimate } from "./model.ts";

/** Gradient and Hessian of a function at a point. */
export interface Curvature {
  gradient: number[];
  hessian: number[][];
}

/**
 * The step of parameter θᵢ in {@linkcode numericalCurvature}: `relStep` × max(|θᵢ|, 1e-3),
 * so a parameter of any scale moves by the same relative amount (and a positive one
 * stays positive). O(1).
 */
function stepOf(theta: number, relStep: number): number {
  return relStep * Math.max(Math.abs(theta), 1e-3);
}

/**
 * Gradient and Hessian of `f` at `x` by central differences (Abramowitz & Stegun
 * 25.3.21 and 25.3.26): ∂f/∂xᵢ ≈ (f(x+gᵢeᵢ) − f(x−gᵢeᵢ))/(2gᵢ),
 * ∂²f/∂xᵢ² ≈ (f(x+hᵢeᵢ) − 2f(x) + f(x−hᵢeᵢ))/hᵢ², and for i ≠ j
 * (f(x+hᵢeᵢ+hⱼeⱼ) − f(x+hᵢeᵢ−hⱼeⱼ) − f(x−hᵢeᵢ+hⱼeⱼ) + f(x−hᵢeᵢ−hⱼeⱼ))/(4hᵢhⱼ), with
 * hᵢ = relStep · max(|xᵢ|, 1e-3) and gᵢ = hᵢ/10. A log-likelihood summed over tens of
 * thousands of customers carries rounding noise near 1e-14 of its value; the default
 * relStep 1e-3 keeps that noise, divided by h², below 1e-5 of the curvature while the
 * O(h²) truncation stays near 1e-7 (at 1e-4 the noise moved a CDNOW standard error by
 * 1e-3). The result is symmetric.
 *
 * Complexity: 1 + 4d + 2d(d−1) evaluations of f (41 for d = 4).
 *
 * @example
 * ```ts
 * import { numericalCurvature } from "./hessian.ts";
 * numericalCurvature(([a, b]) => a * a * b, [1, 2]).hessian; // ≈ [[4, 2], [2, 0]]
 * ```
 */
export function numericalCurvature(
  f: (x: number[]) => number,
  x: readonly number[],
  relStep = 1e-3,
): Curvature {
  const d = x.length, h = x.map((v) => stepOf(v, relStep));
  const at = (moves: [number, number][], scale = 1) => {
    const y = x.slice();
    for (const [i, s] of moves) y[i] += s * scale * h[i];
    return f(y);
  };
  const f0 = f(x.slice());
  const gradient: number[] = [], hessian = x.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    const up = at([[i, 1]]), down = at([[i, -1]]);
    gradient.push((at([[i, 1]], 0.1) - at([[i, -1]], 0.1)) / (0.2 * h[i]));
    hessian[i][i] = (up - 2 * f0 + down) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const v = (at([[i, 1], [j, 1]]) - at([[i, 1], [j, -1]]) - at([[i, -1], [j, 1]]) +
        at([[i, -1], [j, -1]])) / (4 * h[i] * h[j]);
      hessian[i][j] = hessian[j][i] = v;
    }
  }
  return { gradient, hessian };
}

/**
 * The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting, or
 * `null` when it is singular (a pivot below 1e-12 of the largest entry of its column
 * before elimination, or not finite).
 *
 * Complexity: O(d³).
 *
 * @example
 * ```ts
 * import { invertMatrix } from "./hessian.ts";
 * invertMatrix([[2, 0], [0, 4]]); // => [[0.5, 0], [0, 0.25]]
 * invertMatrix([[1, 2], [2, 4]]); // => null
 * ```
 */
export function invertMatrix(m: readonly (readonly number[])[]): number[][] | null {
  const d = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  const scale = m[0]?.map((_, j) => Math.max(...m.map((row) => Math.abs(row[j])))) ?? [];
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-12 * scale[c]) || !Number.isFinite(a[p][c])) return null;
    [a[c], a[p]] = [a[p], a[c]];
    const piv = a[c][c];
    for (let j = 0; j < 2 * d; j++) a[c][j] /= piv;
    for (let r = 0; r < d; r++) {
      if (r === c || a[r][c] === 0) continue;
      const k = a[r][c];
      for (let j = 0; j < 2 * d; j++) a[r][j] -= k * a[c][j];
    }
  }
  return a.map((row) => row.slice(d));
}

/** Estimates with standard errors, their covariance and the convergence diagnostic. */
export interface StandardErrors {
  estimates: ParamEstimate[];
  /** inverse of the observed information; null when the Hessian is singular */
  covariance: number[][] | null;
  /** Euclidean norm of the log-likelihood's gradient at the estimate (≈ 0 at a maximum) */
  gradientNorm: number;
}

/**
 * Standard errors of maximum-likelihood estimates: the covariance is the inverse of the
 * observed information I(θ̂) = −∇²ℓ(θ̂) (the numerical Hessian of {@linkcode
 * numericalCurvature}, in the natural parameters), se = √diag, and the Wald 95 % CI is
 * θ̂ ± 1.96·se. When the information is singular or not positive definite (a variance
 * ≤ 0) every se and CI bound of the affected parameters is NaN.
 *
 * Complexity: O(d²) log-likelihood evaluations + O(d³).
 *
 * @example
 * ```ts
 * import { standardErrors } from "./hessian.ts";
 * // n = 100 normal observations with mean 0 and variance 4: se(mean) = 2/√100 = 0.2
 * const ll = ([mu]: number[]) => -100 * (mu * mu + 4) / 8;
 * standardErrors(ll, ["mu"], [0]).estimates[0].se; // ≈ 0.2
 * ```
 */
export function standardErrors(
  logLikelihood: (theta: number[]) => number,
  names: readonly string[],
  theta: readonly number[],
): StandardErrors {
  const { gradient, hessian } = numericalCurvature(logLikelihood, theta);
  const covariance = invertMatrix(hessian.map((row) => row.map((v) => -v)));
  const estimates = names.map((name, i) => {
    const v = covariance ? covariance[i][i] : NaN;
    const se = v > 0 ? Math.sqrt(v) : NaN;
    return {
      name,
      value: theta[i],
      se,
      ci_low: theta[i] - 1.96 * se,
      ci_high: theta[i] + 1.96 * se,
    };
  });
  return {
    estimates,
    covariance,
    gradientNorm: Math.sqrt(gradient.reduce((s, g) => s + g * g, 0)),
  };
}
