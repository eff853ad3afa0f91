/**
 * Two-sample Kolmogorov–Smirnov test: the largest distance D between the two
 * empirical CDFs (equal to scipy.stats.ks_2samp's statistic), with the classical
 * asymptotic two-sided p-value from the Kolmogorov limit law at
 * sqrt(n1 n2 / (n1 + n2)) · D (scipy.stats.kstwobign.sf). Note: scipy's
 * ks_2samp(method="asymp") instead evaluates the finite-n distribution kstwo at
 * round(n1 n2 / (n1 + n2)), which is larger for small samples; use this p-value
 * for samples of a few dozen or more.
 *
 * Complexity: O((n1 + n2) log(n1 + n2)).
 *
 * @example
 * ```ts
 * import { kolmogorovSmirnov } from "./kolmogorov_smirnov.ts";
 * kolmogorovSmirnov([1, 2, 3], [4, 5, 6]).d; // => 1
 * ```
 */
export function kolmogorovSmirnov(
  x: readonly number[],
  y: readonly number[],
): { d: number; p: number } {
  if (x.length === 0 || y.length === 0) {
    throw new RangeError("kolmogorovSmirnov needs two non-empty samples");
  }
  const a = [...x].sort((p, q) => p - q), b = [...y].sort((p, q) => p - q);
  let i = 0, j = 0, d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const en = Math.sqrt(a.length * b.length / (a.length + b.length));
  return { d, p: kolmogorovSf(en * d) };
}

/**
 * Survival function of the Kolmogorov distribution: 2 Σ (−1)^(k−1) exp(−2 k² t²)
 * (Kolmogorov 1933; the asymptotic p-value of the KS statistic √n·D).
 *
 * Why: the two-sample KS test needs its p-value without a table.
 * Complexity: O(1) (a bounded number of series terms).
 *
 * @example
 * ```ts
 * import { kolmogorovSf } from "./kolmogorov_smirnov.ts";
 * kolmogorovSf(0); // => 1
 * kolmogorovSf(1.3581); // ≈ 0.05
 * ```
 */
export function kolmogorovSf(t: number): number {
  if (t <= 0) return 1;
  if (t < 0.2) {
    // the alternating series converges slowly here; use the Jacobi theta form of the CDF
    let s = 0;
    for (let k = 1; k < 100; k++) s += Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * t * t));
    return 1 - Math.sqrt(2 * Math.PI) / t * s;
  }
  let s = 0;
  for (let k = 1; k < 200; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    s += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-18) break;
  }
  return Math.max(0, Math.min(1, 2 * s));
}
