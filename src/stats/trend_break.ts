/**
 * How far the mean of a series' latest values lies from the prediction of the linear
 * trend of its earlier values, in standard errors.
 *
 * @module
 */

/** The recent mean of a series against the trend of its history. */
export interface TrendBreak {
  /** earlier values the trend is fitted on */
  n_history: number;
  /** latest values judged */
  n_recent: number;
  history_mean: number;
  recent_mean: number;
  /** the fitted trend per step */
  slope: number;
  /** the trend's prediction of the recent mean (at the recent steps' mean position) */
  expected: number;
  /** residual standard deviation of the history around its trend (n − 2 degrees of freedom) */
  residual_sd: number;
  /** standard error of recent mean − expected */
  se: number;
  /** (recent mean − expected) / se; 0 when both are 0 */
  z: number;
}

/**
 * Fits y = a + b·t by least squares to `history` (t = 0…n−1) and compares the mean of
 * `recent` (t = n…n+R−1) with the fit's prediction at their mean position t̄ᵣ:
 * z = (ȳᵣ − ŷ(t̄ᵣ)) / se with se² = s²/R + s²·(1/n + (t̄ᵣ − t̄)²/Sₜₜ), s² the residual
 * variance on n − 2 degrees of freedom: the prediction error of a mean of R new
 * observations of the fitted model (independent errors). Serially correlated data
 * make |z| larger than a standard normal; calibrate the threshold on data without
 * breaks. Null for fewer than 3 history values or no recent value.
 *
 * Reference: Draper & Smith, Applied Regression Analysis (3rd ed., 1998), §3.1
 * (prediction of a mean of new observations); checked against statsmodels'
 * `OLS(...).get_prediction().se_mean` in tests/stats/trend_break_test.ts.
 * Complexity: O(n + R).
 *
 * @example
 * ```ts
 * import { trendBreak } from "./trend_break.ts";
 * const b = trendBreak([10, 11, 9, 10, 11, 9], [2, 3, 2]);
 * b!.z < -5; // => true
 * ```
 */
export function trendBreak(
  history: readonly number[],
  recent: readonly number[],
): TrendBreak | null {
  const n = history.length, r = recent.length;
  if (n < 3 || r < 1) return null;
  const tBar = (n - 1) / 2;
  const yBar = history.reduce((s, v) => s + v, 0) / n;
  let sxx = 0, sxy = 0;
  for (let t = 0; t < n; t++) {
    sxx += (t - tBar) ** 2;
    sxy += (t - tBar) * (history[t] - yBar);
  }
  const b = sxy / sxx;
  let sse = 0;
  for (let t = 0; t < n; t++) sse += (history[t] - (yBar + b * (t - tBar))) ** 2;
  const s2 = sse / (n - 2);
  const tR = n + (r - 1) / 2;
  const expected = yBar + b * (tR - tBar);
  const recentMean = recent.reduce((s, v) => s + v, 0) / r;
  const se = Math.sqrt(s2 / r + s2 * (1 / n + (tR - tBar) ** 2 / sxx));
  const diff = recentMean - expected;
  const z = se > 0 ? diff / se : Math.abs(diff) < 1e-12 ? 0 : Math.sign(diff) * Infinity;
  return {
    n_history: n,
    n_recent: r,
    history_mean: yBar,
    recent_mean: recentMean,
    slope: b,
    expected,
    residual_sd: Math.sqrt(s2),
    se,
    z,
  };
}
