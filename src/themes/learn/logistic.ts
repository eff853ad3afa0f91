/**
 * L2-regularised binary logistic regression with an unpenalised intercept,
 * fitted by truncated Newton (Newton–conjugate-gradient with a backtracking
 * line search) on sparse rows. It minimises
 *
 *   f(w, b) = ½‖w‖² + C Σᵢ log(1 + exp(−ỹᵢ (xᵢ·w + b))),  ỹᵢ ∈ {−1, +1},
 *
 * the objective of sklearn's `LogisticRegression(C=C, penalty="l2")`; f is
 * strictly convex in w, so any solver run to convergence gives the same
 * coefficients (Nocedal & Wright 2006, "Numerical Optimization", §7.1, Alg. 7.1;
 * Lin, Weng & Keerthi 2008, "Trust region Newton method for large-scale
 * logistic regression", JMLR 9).
 *
 * @module
 */
import type { SparseRows } from "./sparse.ts";

/** A fitted logistic regression. */
export interface LogisticModel {
  coef: Float64Array;
  intercept: number;
  /** Newton iterations, and whether the gradient fell below the tolerance */
  iterations: number;
  converged: boolean;
}

/** Options of {@linkcode fitLogistic}. */
export interface LogisticOptions {
  /** inverse regularisation strength (sklearn's C), default 1 */
  C?: number;
  /** stop when max |∂f| ≤ tol · max(1, max |∂f| at the start); default 1e-8 */
  tol?: number;
  maxIter?: number;
  /** warm start (e.g. the fit at the previous C) */
  init?: LogisticModel;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + exp(−y z)) for y ∈ {0, 1}, without overflow. */
function logLoss(z: number, y: number): number {
  const m = y ? -z : z;
  return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
}

/** z = X w + b. */
function linear(X: SparseRows, w: Float64Array, b: number, out: Float64Array): Float64Array {
  for (let i = 0; i < X.rows; i++) {
    let s = b;
    for (let k = X.ptr[i]; k < X.ptr[i + 1]; k++) s += X.val[k] * w[X.idx[k]];
    out[i] = s;
  }
  return out;
}

/**
 * Linear scores x·w + b of every row. Complexity: O(nnz).
 *
 * @example
 * ```ts
 * import { logisticScores } from "./logistic.ts";
 * import { sparseRows } from "./sparse.ts";
 * const m = { coef: Float64Array.of(2), intercept: -1, iterations: 0, converged: true };
 * logisticScores(m, sparseRows([[[0, 1]]], 1)); // => Float64Array [1]
 * ```
 */
export function logisticScores(model: LogisticModel, X: SparseRows): Float64Array {
  return linear(X, model.coef, model.intercept, new Float64Array(X.rows));
}

/**
 * Probabilities σ(x·w + b) of every row. Complexity: O(nnz).
 *
 * @example
 * ```ts
 * import { logisticProbabilities } from "./logistic.ts";
 * import { sparseRows } from "./sparse.ts";
 * const m = { coef: Float64Array.of(0), intercept: 0, iterations: 0, converged: true };
 * logisticProbabilities(m, sparseRows([[[0, 1]]], 1)); // => Float64Array [0.5]
 * ```
 */
export function logisticProbabilities(model: LogisticModel, X: SparseRows): Float64Array {
  const z = logisticScores(model, X);
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
  return z;
}

/**
 * Fits the L2-regularised logistic regression of 0/1 labels `y` on the rows of
 * `X` (see the module comment for the objective). Deterministic (no random
 * draws). Complexity: O(Newton iterations × CG steps × nnz).
 *
 * @example
 * ```ts
 * import { fitLogistic } from "./logistic.ts";
 * import { sparseRows } from "./sparse.ts";
 * const X = sparseRows([[[0, 1]], [[0, 1]], [[1, 1]], [[1, 1]]], 2);
 * const m = fitLogistic(X, [1, 1, 0, 0], { C: 10 });
 * m.coef[0] > 0 && m.coef[1] < 0; // => true
 * ```
 */
export function fitLogistic(
  X: SparseRows,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const C = options.C ?? 1;
  const n = X.rows;
  const d = X.cols;
  const tolRel = options.tol ?? 1e-8;
  let tol = NaN;
  const maxIter = options.maxIter ?? 100;
  const w = options.init ? Float64Array.from(options.init.coef) : new Float64Array(d);
  let b = options.init?.intercept ?? 0;
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const D = new Float64Array(n);
  const r = new Float64Array(n);
  const gw = new Float64Array(d);
  const objective = (wv: Float64Array, bv: number) => {
    linear(X, wv, bv, z);
    let s = 0;
    for (let i = 0; i < d; i++) s += wv[i] * wv[i];
    let loss = 0;
    for (let i = 0; i < n; i++) loss += logLoss(z[i], y[i]);
    return 0.5 * s + C * loss;
  };
  let f = objective(w, b);
  // Hessian-vector product: v_w + C Xᵀ D (X v_w + v_b), and its intercept part
  const Xv = new Float64Array(n);
  const hess = (vw: Float64Array, vb: number, outW: Float64Array): number => {
    linear(X, vw, vb, Xv);
    outW.set(vw);
    let hb = 0;
    for (let i = 0; i < n; i++) {
      const t = C * D[i] * Xv[i];
      hb += t;
      for (let k = X.ptr[i]; k < X.ptr[i + 1]; k++) outW[X.idx[k]] += X.val[k] * t;
    }
    return hb;
  };
  let iterations = 0;
  let converged = false;
  const sw = new Float64Array(d), rw = new Float64Array(d), pw = new Float64Array(d);
  const hw = new Float64Array(d), tw = new Float64Array(d);
  for (; iterations < maxIter; iterations++) {
    // gradient at (w, b); z holds X w + b from the last objective evaluation
    let gb = 0;
    gw.set(w);
    for (let i = 0; i < n; i++) {
      p[i] = sigmoid(z[i]);
      D[i] = p[i] * (1 - p[i]);
      r[i] = C * (p[i] - y[i]);
      gb += r[i];
      for (let k = X.ptr[i]; k < X.ptr[i + 1]; k++) gw[X.idx[k]] += X.val[k] * r[i];
    }
    let gmax = Math.abs(gb);
    let gnorm2 = gb * gb;
    for (let j = 0; j < d; j++) {
      gmax = Math.max(gmax, Math.abs(gw[j]));
      gnorm2 += gw[j] * gw[j];
    }
    if (Number.isNaN(tol)) tol = tolRel * Math.max(1, gmax);
    if (gmax <= tol) {
      converged = true;
      break;
    }
    // conjugate gradient on H s = −g, forcing term min(0.5, √‖g‖) (Nocedal & Wright Alg. 7.1)
    const eta = Math.min(0.5, Math.sqrt(Math.sqrt(gnorm2)));
    sw.fill(0);
    let sb = 0;
    for (let j = 0; j < d; j++) rw[j] = -gw[j];
    let rb = -gb;
    pw.set(rw);
    let pb = rb;
    let rr = gnorm2;
    for (let k = 0; k < 250 && Math.sqrt(rr) > eta * Math.sqrt(gnorm2); k++) {
      const hb = hess(pw, pb, hw);
      let pHp = pb * hb;
      for (let j = 0; j < d; j++) pHp += pw[j] * hw[j];
      const alpha = rr / pHp;
      for (let j = 0; j < d; j++) {
        sw[j] += alpha * pw[j];
        rw[j] -= alpha * hw[j];
      }
      sb += alpha * pb;
      rb -= alpha * hb;
      let rrNew = rb * rb;
      for (let j = 0; j < d; j++) rrNew += rw[j] * rw[j];
      const beta = rrNew / rr;
      for (let j = 0; j < d; j++) pw[j] = rw[j] + beta * pw[j];
      pb = rb + beta * pb;
      rr = rrNew;
    }
    // backtracking (Armijo) line search along s
    let slope = gb * sb;
    for (let j = 0; j < d; j++) slope += gw[j] * sw[j];
    let step = 1;
    let fNew = f;
    for (let ls = 0; ls < 50; ls++) {
      for (let j = 0; j < d; j++) tw[j] = w[j] + step * sw[j];
      fNew = objective(tw, b + step * sb);
      if (fNew <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew <= f)) {
      objective(w, b); // restore z; no descent possible at this precision
      converged = gmax <= 1e3 * tol;
      break;
    }
    w.set(tw);
    b += step * sb;
    f = fNew;
  }
  return { coef: w, intercept: b, iterations, converged };
}
