/**
 * A plain, deterministic Nelder–Mead simplex minimiser.
 *
 * @module
 */

/** Options of {@linkcode nelderMead}. */
export interface NelderMeadOptions {
  /** maximum function evaluations; default 200 × dimension² (at least 2000) */
  maxEvaluations?: number;
  /** stop when the simplex's function values and points span less than this; default 1e-10 */
  tolerance?: number;
  /** stop only when the simplex's points also span less than this in every coordinate; default 1e-8 */
  pointTolerance?: number;
  /** initial step per coordinate; default 0.5 */
  step?: number;
  /** restarts from the best point (a fresh simplex), which guards against collapse; default 2 */
  restarts?: number;
}

/** The minimum found. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises `f` from `start` with the standard Nelder–Mead moves (reflection 1,
 * expansion 2, contraction ½, shrink ½). Non-finite values count as +∞. No randomness:
 * the same inputs give the same result. Why: maximum-likelihood fits of small models
 * (BG/NBD's 4 and Gamma-Gamma's 3 log-parameters) without a dependency.
 *
 * Complexity: O(evaluations × cost of f + evaluations × d).
 *
 * @example
 * ```ts
 * import { nelderMead } from "./nelder_mead.ts";
 * nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).x; // ≈ [1, -2]
 * ```
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = start.length;
  const maxEval = options.maxEvaluations ?? Math.max(2000, 200 * d * d);
  const tol = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  const xTol = options.pointTolerance ?? 1e-8;
  let evaluations = 0;
  const g = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let best = { x: [...start], value: g([...start]) };
  let converged = false;
  for (let round = 0; round <= (options.restarts ?? 2); round++) {
    const pts: number[][] = [best.x.slice()];
    for (let i = 0; i < d; i++) {
      const p = best.x.slice();
      p[i] += step;
      pts.push(p);
    }
    let vals = pts.map((p, i) => (i === 0 ? best.value : g(p)));
    converged = false;
    while (evaluations < maxEval) {
      const order = pts.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
      const P = order.map((i) => pts[i]), V = order.map((i) => vals[i]);
      pts.splice(0, pts.length, ...P);
      vals = V;
      let spread = 0;
      for (let i = 1; i <= d; i++) {
        for (let j = 0; j < d; j++) spread = Math.max(spread, Math.abs(pts[i][j] - pts[0][j]));
      }
      if (Math.abs(vals[d] - vals[0]) <= tol * (Math.abs(vals[0]) + tol) && spread <= xTol) {
        converged = true;
        break;
      }
      const centroid = new Array(d).fill(0);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[i][j] / d;
      const along = (t: number) => centroid.map((c, j) => c + t * (pts[d][j] - c));
      const xr = along(-1), fr = g(xr);
      if (fr < vals[0]) {
        const xe = along(-2), fe = g(xe);
        if (fe < fr) (pts[d] = xe, vals[d] = fe);
        else (pts[d] = xr, vals[d] = fr);
      } else if (fr < vals[d - 1]) {
        pts[d] = xr, vals[d] = fr;
      } else {
        const outside = fr < vals[d];
        const xc = along(outside ? -0.5 : 0.5), fc = g(xc);
        if (fc < (outside ? fr : vals[d])) {
          pts[d] = xc, vals[d] = fc;
        } else {
          for (let i = 1; i <= d; i++) {
            pts[i] = pts[i].map((v, j) => pts[0][j] + 0.5 * (v - pts[0][j]));
            vals[i] = g(pts[i]);
          }
        }
      }
    }
    const i = vals.indexOf(Math.min(...vals));
    const improved = vals[i] < best.value - tol * (Math.abs(best.value) + tol);
    if (vals[i] <= best.value) best = { x: pts[i].slice(), value: vals[i] };
    if (round > 0 && !improved) break;
  }
  return { ...best, evaluations, converged };
}
