/**
 * The Poisson mid-p value of a count: P(X < n) + ½·P(X = n) for X ~ Poisson(λ), a number
 * in (0, 1): near 0 when n is far below what λ leads one to expect, near 1 when far
 * above. Under X ~ Poisson(λ) its mean is exactly ½ for every λ, so, unlike a raw count or
 * a share, it does not drift with λ (Lancaster 1961, "Significance tests in discrete
 * distributions", JASA 56; the mean of the randomized quantile residual of Dunn & Smyth
 * 1996, J. Comput. Graph. Stat. 5). Checked against scipy.stats.poisson in
 * tests/stats/poisson_mid_p_test.ts.
 *
 * Why: best practice asks whether an account has an interaction type more often than its
 * overall activity predicts; the mid-p puts accounts of any activity on one scale.
 *
 * Complexity: O(n) (the terms summed up to n; n is a count of interactions).
 *
 * @example
 * ```ts
 * import { poissonMidP } from "./poisson_mid_p.ts";
 * poissonMidP(0, 1).toFixed(4); // => "0.1839" (½·e⁻¹)
 * poissonMidP(6, 1) > 0.99; // => true
 * ```
 */
export function poissonMidP(n: number, lambda: number): number {
  if (!(lambda > 0)) return n > 0 ? 1 : 0.5;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`poissonMidP needs a count, found ${n}`);
  // terms e^−λ λ^k / k! in log space, so a large λ does not underflow e^−λ
  let logTerm = -lambda, below = 0;
  for (let k = 0; k < n; k++) {
    below += Math.exp(logTerm);
    logTerm += Math.log(lambda) - Math.log(k + 1);
  }
  return Math.min(1, below + 0.5 * Math.exp(logTerm));
}
