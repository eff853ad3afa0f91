/**
 * Likelihood-ratio tests between nested customer-base models (Wilks 1938): twice the
 * gain in maximised log-likelihood of the larger model is χ² with as many degrees of
 * freedom as it has extra free parameters, when the smaller model is true and its
 * restriction lies inside the larger model's parameter space (not on its boundary:
 * BG/NBD with no dropout, a → 0, is a limit, where the χ² reference does not hold).
 *
 * @module
 */
import { chiSquareSf } from "../../stats/chi_square.ts";
import type { RfSummary } from "./bgnbd.ts";
import type { CountModel, ModelFit } from "./model.ts";

/** A likelihood-ratio test. */
export interface LrTest {
  /** 2 (ℓ_full − ℓ_restricted) */
  statistic: number;
  df: number;
  /** P(χ²_df > statistic) */
  p_value: number;
  restricted_ll: number;
  full_ll: number;
}

/**
 * The likelihood-ratio test of a restricted model against the full one it is nested in:
 * statistic 2(ℓ_full − ℓ_restricted) (a tiny negative value from the optimisers is taken
 * as 0), p = P(χ²_df > statistic).
 *
 * Complexity: O(1) given the two maximised log-likelihoods.
 *
 * @example
 * ```ts
 * import { likelihoodRatioTest } from "./lr_test.ts";
 * likelihoodRatioTest(-1000, -996, 2).p_value; // = e^-4 = 0.0183…
 * ```
 */
export function likelihoodRatioTest(restrictedLl: number, fullLl: number, df: number): LrTest {
  if (!(df >= 1) || !Number.isInteger(df)) {
    throw new RangeError(`likelihoodRatioTest: df must be a whole number >= 1 (df = ${df})`);
  }
  const statistic = Math.max(0, 2 * (fullLl - restrictedLl));
  return {
    statistic,
    df,
    p_value: chiSquareSf(statistic, df),
    restricted_ll: restrictedLl,
    full_ll: fullLl,
  };
}

/** {@linkcode compareGroups}' answer: the test and the three fits. */
export interface GroupComparison extends LrTest {
  pooled: ModelFit;
  groups: [ModelFit, ModelFit];
}

/**
 * Do two groups of customers (two cohorts, segments, channels) share one set of `model`
 * parameters? The restricted model is one fit to both groups pooled, the full model a
 * separate fit to each (df = the number of parameters); the restriction (equal
 * parameters) is interior, so the χ² reference holds.
 *
 * Complexity: three fits of `model`.
 *
 * @example
 * ```ts
 * import { compareGroups } from "./lr_test.ts";
 * import { BGNBD } from "./model.ts";
 * import { simulateBgNbdCustomer } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * const rng = mulberry32(1), p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
 * const group = () => Array.from({ length: 500 }, () => simulateBgNbdCustomer(rng, p, 39));
 * compareGroups(BGNBD, group(), group()).p_value; // large: the same parameters
 * ```
 */
export function compareGroups(
  model: CountModel,
  a: readonly RfSummary[],
  b: readonly RfSummary[],
): GroupComparison {
  const pooled = model.fit([...a, ...b]);
  const groups: [ModelFit, ModelFit] = [model.fit(a), model.fit(b)];
  const test = likelihoodRatioTest(
    pooled.logLikelihood,
    groups[0].logLikelihood + groups[1].logLikelihood,
    model.paramNames.length,
  );
  return { ...test, pooled, groups };
}
