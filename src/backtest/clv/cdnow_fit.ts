/**
 * The CDNOW benchmark fit of BG/NBD and Gamma-Gamma (used by
 * scripts/fit_cdnow_bgnbd.ts and its test).
 *
 * @module
 */
import { bgnbdConditionalExpected, bgnbdTotalLogLikelihood, fitBgNbd } from "./bgnbd.ts";
import { fitGammaGamma } from "./gamma_gamma.ts";
import { parseCdnow, rfmWeekly } from "./cdnow.ts";

/** The parameters Fader, Hardie & Lee (2005) publish for the 2,357-customer CDNOW sample. */
export const PUBLISHED_CDNOW_SAMPLE = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  logLikelihood: -9582.4,
  gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 },
} as const;

/**
 * Fits BG/NBD (weeks, calibration to 1997-09-30) and Gamma-Gamma (repeat customers'
 * mean repeat spend) to the CDNOW master file's text, and predicts the holdout
 * (1997-10-01 to 1998-06-30, 39 weeks).
 *
 * Complexity: O(purchases log purchases + evaluations × distinct summaries).
 *
 * @example
 * ```ts
 * import { fitCdnow } from "./cdnow_fit.ts";
 * const bytes = await Deno.readFile("../shared/data/cdnow/CDNOW_master.txt.gz");
 * const gunzip = new DecompressionStream("gzip");
 * const text = await new Response(new Blob([bytes]).stream().pipeThrough(gunzip)).text();
 * const r = fitCdnow(text);
 * r.bgnbd.params.r; // the fitted BG/NBD heterogeneity shape
 * ```
 */
export function fitCdnow(text: string) {
  const summaries = rfmWeekly(parseCdnow(text), "1997-09-30", "1998-06-30");
  const bgnbd = fitBgNbd(summaries);
  let predicted = 0, actual = 0;
  for (const s of summaries) {
    predicted += bgnbdConditionalExpected(bgnbd.params, s, 39);
    actual += s.holdout;
  }
  const gg = fitGammaGamma(summaries);
  const { p, q, gamma } = gg.params;
  return {
    customers: summaries.length,
    repeaters: summaries.filter((s) => s.x > 0).length,
    calibration_repeat_transactions: summaries.reduce((s, c) => s + c.x, 0),
    bgnbd,
    published_ll: bgnbdTotalLogLikelihood(PUBLISHED_CDNOW_SAMPLE.bgnbd, summaries),
    holdout_predicted: predicted,
    holdout_actual: actual,
    gamma_gamma: gg,
    mean_spend: gamma * p / (q - 1),
  };
}
