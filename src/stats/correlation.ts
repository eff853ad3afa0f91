/**
 * Correlation helpers for say-vs-do: Pearson, Spearman, the Fisher-z confidence
 * interval and the normal quantile it needs. Checked against scipy in
 * tests/stats/correlation_test.ts.
 *
 * @module
 */
import { averageRanks } from "./ranks.ts";
import { normalCdf } from "./normal.ts";

/**
 * Pearson's product-moment correlation of paired values (NaN when either side is constant
 * or fewer than 2 pairs).
 *
 * Why: the plainest measure of whether what customers say (NPS) moves with what they do (RV).
 *
 * Complexity: O(n), two-pass (means first) for numerical stability.
 *
 * @example
 * ```ts
 * import { pearson } from "./correlation.ts";
 * pearson([1, 2, 3, 4], [2, 4, 5, 9]); // => 0.9621...
 * ```
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) {
    throw new RangeError(`pearson needs paired values, found ${x.length} x and ${y.length} y`);
  }
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Spearman's rank correlation: Pearson on average ranks (ties get their mean rank),
 * as scipy.stats.spearmanr.
 *
 * Why: NPS is an ordinal 0–10 score and RV is heavy-tailed; ranks are robust to both.
 * Not simple-statistics' `sampleRankCorrelation`: older releases did not average ties;
 * 7.12 does, but its `sampleCorrelation` (covariance over two separate SDs) is not
 * clamped to [−1, 1], and `pearson` here is what the say-vs-do CIs are pinned on.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { spearman } from "./correlation.ts";
 * spearman([1, 2, 3, 4], [1, 3, 2, 4]); // => 0.8
 * ```
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) {
    throw new RangeError(`spearman needs paired values, found ${x.length} x and ${y.length} y`);
  }
  return pearson(averageRanks(x).ranks, averageRanks(y).ranks);
}

/**
 * Quantile function of the standard normal (Acklam's rational approximation refined by
 * one Halley step on `normalCdf`; about 1e-15 relative).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { normalQuantile } from "./correlation.ts";
 * normalQuantile(0.975); // => 1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile needs p in [0, 1], found ${p}`);
  }
  // upper half by symmetry: 1 − p is exact there, and the lower tail keeps relative precision
  if (p > 0.5) return -normalQuantile(1 - p);
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley refinement
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

/**
 * Confidence interval of a Pearson correlation by Fisher's z transform:
 * tanh(atanh(r) ± z_{(1+level)/2} / √(n − 3)), as scipy's
 * `pearsonr(x, y).confidence_interval(level)`. Assumes independent pairs — for
 * repeated answers of the same account use an account-level bootstrap instead.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { fisherCi } from "./correlation.ts";
 * fisherCi(0.5, 30); // => { low: 0.170..., high: 0.729... }
 * ```
 */
export function fisherCi(r: number, n: number, level = 0.95): { low: number; high: number } {
  if (n <= 3 || !Number.isFinite(r)) return { low: NaN, high: NaN };
  const z = Math.atanh(r), se = 1 / Math.sqrt(n - 3), q = normalQuantile((1 + level) / 2);
  return { low: Math.tanh(z - q * se), high: Math.tanh(z + q * se) };
}
