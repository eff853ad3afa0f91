/**
 * Lagged cross-correlation of within-account changes: does a change in RV come
 * before a change in money?
 *
 * For each account the month-on-month changes Δx(t) and Δy(t) are demeaned within
 * the account; r(L) = Σ Δx(t)·Δy(t+L) / sqrt(Σ Δx(t)² · Σ Δy(t+L)²), pooled over
 * accounts and the pairs that exist at lag L. A positive lag L means x moves L
 * periods before y. The lead is the lag in [1, max] with the largest r; its CI comes
 * from a bootstrap over accounts.
 *
 * @module
 */
import { clusterBootstrap } from "../stats/bootstrap.ts";
import { mean } from "simple-statistics";

/** One account's aligned series (same periods). */
export interface PairedSeries {
  x: readonly number[];
  y: readonly number[];
}

function demeanedChanges(v: readonly number[]): number[] {
  const d: number[] = [];
  for (let i = 1; i < v.length; i++) d.push(v[i] - v[i - 1]);
  const m = d.length ? mean(d) : 0;
  return d.map((x) => x - m);
}

/**
 * r(L) for each lag, pooled over accounts.
 *
 * Complexity: O(lags × total periods).
 *
 * @example
 * ```ts
 * import { laggedCrossCorrelation } from "./cross_correlation.ts";
 * const rvSeries = [1, 2, 3, 4, 5, 6, 7, 8];
 * const profitSeries = [0, 1, 2, 3, 4, 5, 6, 7];
 * laggedCrossCorrelation([{ x: rvSeries, y: profitSeries }], [-1, 0, 1]);
 * ```
 */
export function laggedCrossCorrelation(
  series: readonly PairedSeries[],
  lags: readonly number[],
): { lag: number; r: number; pairs: number }[] {
  const prepared = series.map((s) => ({ dx: demeanedChanges(s.x), dy: demeanedChanges(s.y) }));
  return lags.map((lag) => {
    let sxy = 0, sxx = 0, syy = 0, pairs = 0;
    for (const { dx, dy } of prepared) {
      for (let t = 0; t < dx.length; t++) {
        const u = t + lag;
        if (u < 0 || u >= dy.length) continue;
        sxy += dx[t] * dy[u];
        sxx += dx[t] * dx[t];
        syy += dy[u] * dy[u];
        pairs++;
      }
    }
    return { lag, r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN, pairs };
  });
}

/**
 * The lead: the positive lag where r peaks, with an account-bootstrap CI of r at
 * that lag and of the peak lag itself.
 *
 * Why: whether RV moves before money is the question the back-test asks; a CI over
 * accounts says whether the peak is more than noise (null with a single account).
 *
 * Complexity: O(resamples × accounts × series length × lags).
 *
 * @example
 * ```ts
 * import { leadLag } from "./cross_correlation.ts";
 * const x = [1, 3, 2, 5, 4, 6, 5, 8, 7, 9, 8, 10];
 * const y = [0, 1, 3, 2, 5, 4, 6, 5, 8, 7, 9, 8];
 * leadLag([{ x, y }], { maxLag: 3, resamples: 50 }).lead; // => 1
 * ```
 */
export function leadLag(
  series: readonly PairedSeries[],
  options: { minLag?: number; maxLag?: number; resamples?: number; seed?: number } = {},
): {
  correlogram: { lag: number; r: number; pairs: number }[];
  lead: number | null;
  r: number | null;
  r_ci_low: number | null;
  r_ci_high: number | null;
  lead_ci_low: number | null;
  lead_ci_high: number | null;
} {
  const lags: number[] = [];
  for (let l = options.minLag ?? -6; l <= (options.maxLag ?? 12); l++) lags.push(l);
  const correlogram = laggedCrossCorrelation(series, lags);
  const pick = (c: { lag: number; r: number }[]) =>
    c.filter((x) => x.lag >= 1 && !Number.isNaN(x.r)).reduce<{ lag: number; r: number } | null>(
      (b, x) => (!b || x.r > b.r ? x : b),
      null,
    );
  const best = pick(correlogram);
  if (!best || series.length < 2) {
    return {
      correlogram,
      lead: best?.lag ?? null,
      r: best?.r ?? null,
      r_ci_low: null,
      r_ci_high: null,
      lead_ci_low: null,
      lead_ci_high: null,
    };
  }
  // one series per account: accounts resampled; components = r at the lead, the peak lag
  const [r, lead] = clusterBootstrap(series, (sample) => {
    const c = laggedCrossCorrelation(sample, lags);
    return [c.find((x) => x.lag === best.lag)!.r, pick(c)?.lag ?? NaN];
  }, { resamples: options.resamples ?? 200, seed: options.seed, components: 2 });
  return {
    correlogram,
    lead: best.lag,
    r: best.r,
    r_ci_low: r.low,
    r_ci_high: r.high,
    lead_ci_low: lead.low,
    lead_ci_high: lead.high,
  };
}
