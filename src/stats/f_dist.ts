/**
 * The regularised incomplete beta function and the F distribution's upper tail.
 *
 * @module
 */
import { logBeta } from "./special.ts";

/** Lentz's continued fraction for I_x(a, b) (Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300, eps = 1e-16;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - qab * x / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) return h;
  }
  throw new RangeError(`incomplete beta (${a}, ${b}, ${x}) did not converge`);
}

/**
 * The regularised incomplete beta function I_x(a, b), by the continued fraction on the
 * side that converges fast (so a small result keeps its relative accuracy).
 *
 * Complexity: O(√(max(a, b))) iterations.
 *
 * @example
 * ```ts
 * import { incompleteBeta } from "./f_dist.ts";
 * incompleteBeta(0.5, 2, 2); // => 0.5
 * ```
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  return x < (a + 1) / (a + b + 2)
    ? front * betaContinuedFraction(a, b, x) / a
    : 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}

/**
 * Upper tail P(F > f) of the F distribution with (d1, d2) degrees of freedom:
 * I_{d2/(d2 + d1 f)}(d2/2, d1/2). Why: p-values of nested-model F tests (Granger).
 *
 * Complexity: as {@linkcode incompleteBeta}.
 *
 * @example
 * ```ts
 * import { fSf } from "./f_dist.ts";
 * fSf(2.3, 3, 40); // = scipy.stats.f.sf(2.3, 3, 40)
 * ```
 */
export function fSf(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}
