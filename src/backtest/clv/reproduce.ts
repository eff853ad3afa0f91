/**
 * The published figures of Fader, Hardie & Lee (2005), "Counting Your Customers the
 * Easy Way: An Alternative to the Pareto/NBD Model" (Marketing Science 24(2), BG/NBD on
 * the 2,357-customer CDNOW sample, 39-week calibration, table in §5) and the Gamma-Gamma
 * spend model of Fader, Hardie & Lee (2005), "RFM and CLV" (JMR 42(4), and Fader & Hardie's
 * note "The Gamma-Gamma Model of Monetary Value", 2013) beside a fit of rvlab's, row by row.
 *
 * @module
 */
import type { ClvResult } from "./analysis.ts";

/** One published figure. */
export interface PublishedFigure {
  model: "bgnbd" | "gamma_gamma";
  name: string;
  value: number;
  /** decimals printed in the paper */
  decimals: number;
}

/** The customers of the CDNOW sample the published figures are fitted on. */
export const FHL2005_SAMPLE_CUSTOMERS = 2357;

/** The figures as the papers print them (BG/NBD r, α, a, b, LL; Gamma-Gamma p, q, γ). */
export const FHL2005: readonly PublishedFigure[] = [
  { model: "bgnbd", name: "r", value: 0.2426, decimals: 4 },
  { model: "bgnbd", name: "alpha", value: 4.4136, decimals: 4 },
  { model: "bgnbd", name: "a", value: 0.7929, decimals: 4 },
  { model: "bgnbd", name: "b", value: 2.4259, decimals: 4 },
  { model: "bgnbd", name: "LL", value: -9582.43, decimals: 2 },
  { model: "gamma_gamma", name: "p", value: 6.2496, decimals: 4 },
  { model: "gamma_gamma", name: "q", value: 3.7442, decimals: 4 },
  { model: "gamma_gamma", name: "gamma", value: 15.4435, decimals: 4 },
];

/** One row of the comparison. */
export interface ReproductionRow {
  model: "bgnbd" | "gamma_gamma";
  name: string;
  published: number;
  /** rvlab's estimate on the data given (null when that model was not fitted) */
  rvlab: number | null;
  /** rvlab's standard error (null when unknown) */
  se: number | null;
  /** true when rvlab's figure rounded to the paper's decimals equals the published one */
  matches: boolean;
}

/** The comparison, and whether the data are the paper's. */
export interface Reproduction {
  reference: string;
  /** customers in the calibration of the data given */
  customers: number;
  /** true when the data have the sample's 2,357 customers (so figures can match) */
  same_sample: boolean;
  rows: ReproductionRow[];
}

/**
 * Puts rvlab's BG/NBD and Gamma-Gamma fits of `r` beside {@linkcode FHL2005}. A figure
 * matches when it rounds to the published one at the paper's precision. The published
 * fit is of the 2,357-customer sample: on the CDNOW master (23,570 customers) the figures
 * are not expected to match, and `same_sample` says so.
 *
 * Complexity: O(figures × parameters).
 *
 * @example
 * ```ts
 * import { reproduceFhl2005 } from "./reproduce.ts";
 * import { analyseClv } from "./analysis.ts";
 * import { readTransactions } from "./transactions.ts";
 * const r = analyseClv(await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz"), {
 *   calibrationEnd: "1997-09-30", models: ["bgnbd"],
 * });
 * reproduceFhl2005(r).rows[0].published; // => 0.2426
 * ```
 */
export function reproduceFhl2005(r: ClvResult): Reproduction {
  const bg = r.fits.find((f) => f.model === "bgnbd");
  const gg = r.gamma_gamma;
  const rows = FHL2005.map((f): ReproductionRow => {
    const fit = f.model === "bgnbd" ? bg : gg;
    let value: number | null = null, se: number | null = null;
    if (fit) {
      if (f.name === "LL") value = fit.logLikelihood;
      else {
        value = fit.params[f.name] ?? null;
        const e = fit.estimates.find((x) => x.name === f.name);
        se = e && Number.isFinite(e.se) ? e.se : null;
      }
    }
    const matches = value !== null && value.toFixed(f.decimals) === f.value.toFixed(f.decimals);
    return { model: f.model, name: f.name, published: f.value, rvlab: value, se, matches };
  });
  return {
    reference:
      "Fader, Hardie & Lee (2005), Marketing Science 24(2) (BG/NBD); Fader, Hardie & Lee (2005), JMR 42(4) (Gamma-Gamma); CDNOW sample of 2,357 customers, weeks, calibration to 1997-09-30",
    customers: r.customers,
    same_sample: r.customers === FHL2005_SAMPLE_CUSTOMERS,
    rows,
  };
}
