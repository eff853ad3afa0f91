/**
 * The regularised incomplete gamma function and the chi-square distribution's upper
 * tail (checked against scipy.special.gammaincc and scipy.stats.chi2.sf in
 * tests/backtest/clv_models_test.ts).
 *
 * @module
 */
import { logGamma } from "./special.ts";

/**
 * Q(a, x) = Γ(a, x)/Γ(a), the regularised upper incomplete gamma function: by the series
 * of P(a, x) when x < a + 1 (Q = 1 − P), else by Lentz's continued fraction for Q
 * (Numerical Recipes §6.2, gser and gcf), so a small tail keeps its relative accuracy.
 *
 * Complexity: O(√a) iterations for x near a, fewer elsewhere.
 *
 * @example
 * ```ts
 * import { regularizedGammaQ } from "./chi_square.ts";
 * regularizedGammaQ(1, 2); // => e^-2 = 0.1353…
 * ```
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`regularizedGammaQ: a must be > 0 (a = ${a})`);
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a, sum = term;
    for (let n = 1; n < 100_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) return 1 - sum * front;
    }
    throw new RangeError(`regularizedGammaQ(${a}, ${x}): series did not converge`);
  }
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return front * h;
  }
  throw new RangeError(`regularizedGammaQ(${a}, ${x}): continued fraction did not converge`);
}

/**
 * P(χ²_df > x), the chi-square upper tail: Q(df/2, x/2). Why: p-values of
 * likelihood-ratio tests between nested models.
 *
 * Complexity: as {@linkcode regularizedGammaQ}.
 *
 * @example
 * ```ts
 * import { chiSquareSf } from "./chi_square.ts";
 * chiSquareSf(3.841458820694124, 1); // ≈ 0.05
 * ```
 */
export function chiSquareSf(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}
