import { auc } from "./auc.ts";
import { clusterCountResamples, clusterNumbers, percentileInterval } from "./bootstrap.ts";
import { normalSf } from "./normal.ts";

/**
 * AUC with a cluster (block) bootstrap: clusters (accounts) are resampled with
 * replacement and all their observations come along, so repeated observations of
 * the same account at several cutoffs do not pass for independent evidence.
 *
 * Returns the percentile CI, the bootstrap standard error, and a two-sided p-value
 * for "AUC = 0.5" from the normal approximation z = (AUC − 0.5) / SE_boot (the
 * cluster bootstrap SE carries the dependence between an account's observations;
 * a percentile-count p-value could not go below 2/(B + 1), too coarse for a Holm
 * adjustment over a whole results table). Deterministic for a seed.
 *
 * Complexity: O(n log n + B × (clusters + distinct (tie run, cluster) pairs)).
 *
 * @example
 * ```ts
 * import { clusterBootstrapAuc } from "./cluster_bootstrap_auc.ts";
 * const scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];
 * const outcomes = [true, true, false, true, false, false];
 * const accountIds = ["a", "a", "b", "b", "c", "c"]; // resampled together
 * clusterBootstrapAuc(scores, outcomes, accountIds, { seed: 1, resamples: 500 });
 * ```
 */
export function clusterBootstrapAuc(
  scores: readonly number[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; level?: number; seed?: number } = {},
): ClusterBootstrapAuc {
  return clusterBootstrapAucs([scores], outcomes, clusters, options)[0];
}

/** What {@linkcode clusterBootstrapAuc} returns. */
export interface ClusterBootstrapAuc {
  auc: number;
  low: number;
  high: number;
  se: number;
  p: number;
  resamples: number;
  clusters: number;
}

/**
 * {@linkcode clusterBootstrapAuc} of several predictors (`scores[k]`) of the same
 * observations, outcomes and clusters, on one set of resamples: each predictor's result
 * is the one `clusterBootstrapAuc(scores[k], outcomes, clusters, options)` gives, since
 * that draws the same resamples for the same seed and number of clusters.
 *
 * Why: the back-test table bootstraps up to ten predictors of one target on the same
 * accounts; drawing the accounts once serves them all.
 * Complexity: O(k × n log n + B × (clusters + k × (tie run, cluster) pairs)).
 *
 * @example
 * ```ts
 * import { clusterBootstrapAucs } from "./cluster_bootstrap_auc.ts";
 * const outcomes = [true, true, false, true, false, false];
 * const accountIds = ["a", "a", "b", "b", "c", "c"];
 * const [x, y] = clusterBootstrapAucs([[6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6]], outcomes, accountIds);
 * [x.auc, y.auc]; // => [0.8888888888888888, 0.11111111111111116]
 * ```
 */
export function clusterBootstrapAucs(
  scores: readonly (readonly number[])[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; level?: number; seed?: number } = {},
): ClusterBootstrapAuc[] {
  const { aucs, clusters: count } = resampledAucs(scores, outcomes, clusters, {
    resamples: options.resamples ?? 1000,
    seed: options.seed,
  });
  return scores.map((s, k) => aucFromResamples(auc(s, outcomes), aucs[k], count, options.level));
}

/** What {@linkcode resampledAucs} returns. */
export interface ResampledAucs {
  /** per predictor, its AUC in each resample in order (NaN where undefined) */
  aucs: Float64Array[];
  /** number of clusters */
  clusters: number;
}

/**
 * The AUC of each predictor (`scores[k]`, `null` = missing: the AUC is then over the
 * observations where it is present) in each cluster-bootstrap resample: clusters drawn
 * as by `clusterCountBootstrap` for the number of clusters and the seed, every
 * observation weighted by its cluster's draws ({@linkcode runsAuc}).
 *
 * Why: the resamples are the same for every caller with the same clusters and seed, so a
 * predictor's AUCs serve its interval ({@linkcode aucFromResamples}) and a paired
 * difference (`bestAucDifferenceOfResamples`) without being computed twice.
 * Complexity: O(k × n log n + B × (clusters + k × (tie run, cluster) pairs)).
 *
 * @example
 * ```ts
 * import { resampledAucs } from "./cluster_bootstrap_auc.ts";
 * const r = resampledAucs([[3, 2, null, 1]], [true, false, true, false], ["a", "b", "c", "d"], { resamples: 5 });
 * [r.aucs[0].length, r.clusters]; // => [5, 4]
 * ```
 */
export function resampledAucs(
  scores: readonly (readonly (number | null)[])[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; seed?: number } = {},
): ResampledAucs {
  const { of, count } = clusterNumbers(clusters);
  // sort once; each resample is then a weighted rank-sum in one pass over the tie runs,
  // an observation's weight being its account's draw count
  const runs = scores.map((s) => {
    const present = s.map((_, i) => i).filter((i) => s[i] !== null);
    const v = s.map((x) => x ?? NaN);
    return aucRuns(present.sort((a, b) => v[a] - v[b]), v, outcomes, of, count);
  });
  const resamples = options.resamples ?? 1000;
  const aucs = runs.map(() => new Float64Array(count > 0 ? resamples : 0));
  clusterCountResamples(count, (counts, b) => {
    for (let k = 0; k < runs.length; k++) aucs[k][b] = runsAuc(runs[k], counts);
  }, { resamples, seed: options.seed });
  return { aucs, clusters: count };
}

/**
 * The {@linkcode ClusterBootstrapAuc} of a predictor from its AUC on the data (`point`)
 * and in each resample (`draws`, e.g. from {@linkcode resampledAucs}): the percentile
 * interval and standard error of the finite draws, in order, and the normal p-value.
 *
 * Complexity: O(B log B).
 *
 * @example
 * ```ts
 * import { aucFromResamples } from "./cluster_bootstrap_auc.ts";
 * aucFromResamples(0.7, [0.6, 0.7, 0.8, NaN], 12).resamples; // => 3
 * ```
 */
export function aucFromResamples(
  point: number,
  draws: ArrayLike<number>,
  clusters: number,
  level = 0.95,
): ClusterBootstrapAuc {
  const ci = percentileInterval(Array.from(draws).filter(Number.isFinite), level), se = ci.se;
  return {
    auc: point,
    low: ci.low,
    high: ci.high,
    se,
    p: se > 0 ? Math.min(1, 2 * normalSf(Math.abs(point - 0.5) / se)) : point === 0.5 ? 1 : 0,
    resamples: ci.resamples,
    clusters,
  };
}

/**
 * Observations sorted by score in tie runs, each run's positives and negatives kept as
 * (cluster, how many of the run's observations are in it): what {@linkcode runsAuc}
 * needs to compute the AUC of a resample from its cluster draw counts. Consecutive runs
 * of one entry (one cluster, one outcome: no tie between a positive and a negative) are
 * kept together as a stretch, which {@linkcode runsAuc} passes without a loop per run.
 */
export interface AucRuns {
  /** the entries: cluster, multiplicity, 1 for a positive and 0 for a negative */
  cluster: Int32Array;
  count: Float64Array;
  positive: Float64Array;
  /**
   * the segments, in score order: segment s covers entries from[s] … from[s + 1] − 1;
   * a stretch of one-entry runs when split[s] is −1, else one tie run whose negatives
   * are entries from[s] … split[s] − 1 and positives split[s] … from[s + 1] − 1
   */
  from: Int32Array;
  split: Int32Array;
}

/**
 * The tie runs of observations given in ascending score order (`order`, indices into
 * `scores`; equal scores, `===`, form one run), with each run's positives and negatives
 * merged by cluster (`clusterOf[i]` in 0 … clusters − 1).
 *
 * Why: a bootstrap resample of clusters is a vector of draw counts, so the sort is done
 * once and each resample costs one pass over the (run, cluster) pairs ({@linkcode runsAuc});
 * an account with the same score at several cutoffs is one entry.
 * Complexity: O(n + clusters).
 *
 * @example
 * ```ts
 * import { aucRuns } from "./cluster_bootstrap_auc.ts";
 * const scores = [0.1, 0.4, 0.4, 0.8], outcomes = [false, true, true, true];
 * const runs = aucRuns([0, 1, 2, 3], scores, outcomes, [0, 1, 1, 2], 3);
 * [...runs.count]; // => [1, 2, 1] (cluster 1 twice in the tie at 0.4)
 * ```
 */
export function aucRuns(
  order: readonly number[],
  scores: readonly number[],
  outcomes: readonly boolean[],
  clusterOf: ArrayLike<number>,
  clusters: number,
): AucRuns {
  const cluster: number[] = [], count: number[] = [], positive: number[] = [];
  const from: number[] = [], split: number[] = [];
  // the entry of a cluster in the current run and sign, valid when its stamp is current
  const stamp = new Int32Array(clusters).fill(-1), slot = new Int32Array(clusters);
  let mark = 0, stretch = false;
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    const start = cluster.length;
    let firstPositive = start;
    for (const want of [false, true]) {
      mark++;
      if (want) firstPositive = cluster.length;
      for (let m = k; m <= end; m++) {
        const i = order[m];
        if (outcomes[i] !== want) continue;
        const c = clusterOf[i];
        if (stamp[c] === mark) count[slot[c]]++;
        else {
          stamp[c] = mark, slot[c] = cluster.length;
          cluster.push(c), count.push(1), positive.push(want ? 1 : 0);
        }
      }
    }
    if (cluster.length - start === 1) {
      // a run of one entry joins the stretch before it, or starts one
      if (!stretch) (from.push(start), split.push(-1), stretch = true);
    } else {
      from.push(start), split.push(firstPositive), stretch = false;
    }
    k = end + 1;
  }
  from.push(cluster.length);
  return {
    cluster: Int32Array.from(cluster),
    count: Float64Array.from(count),
    positive: Float64Array.from(positive),
    from: Int32Array.from(from),
    split: Int32Array.from(split),
  };
}

/**
 * AUC of observations weighted by their cluster's draw count, `counts[c]` for an
 * observation in cluster c: U = Σ over positives of w_i · (weight of negatives below +
 * half the weight of negatives tied), divided by (Σ w positive)(Σ w negative). Equal to
 * `auc` on the sample that repeats each observation w_i times. With whole-number counts
 * every sum is an exact integer or half-integer (below 2^52), so the result does not
 * depend on the order of the additions: it is, to the last bit, the weighted rank-sum
 * over the observations one by one.
 *
 * Why: a cluster bootstrap resample is a vector of draw counts, so the sort by score is
 * done once ({@linkcode aucRuns}) and each resample costs one linear pass.
 * Complexity: O(entries).
 *
 * @example
 * ```ts
 * import { aucRuns, runsAuc } from "./cluster_bootstrap_auc.ts";
 * const scores = [0.1, 0.4, 0.35, 0.8], outcomes = [false, false, true, true];
 * const runs = aucRuns([0, 2, 1, 3], scores, outcomes, [0, 1, 2, 3], 4); // one cluster each
 * runsAuc(runs, [1, 1, 1, 1]); // => 0.75
 * runsAuc(runs, [1, 2, 1, 1]); // => 0.6666666666666666
 * ```
 */
export function runsAuc(runs: AucRuns, counts: ArrayLike<number>): number {
  const { cluster, count, positive, from, split } = runs;
  let negBelow = 0, u = 0, wPos = 0;
  for (let s = 0; s + 1 < from.length; s++) {
    const a = from[s], b = from[s + 1], mid = split[s];
    if (mid < 0) {
      // one entry a run: a positive adds its weight × the negatives below, a negative adds to them
      for (let k = a; k < b; k++) {
        const w = count[k] * counts[cluster[k]], p = positive[k];
        u += p * w * negBelow;
        wPos += p * w;
        negBelow += (1 - p) * w;
      }
    } else {
      let tieNeg = 0, tiePos = 0;
      for (let k = a; k < mid; k++) tieNeg += count[k] * counts[cluster[k]];
      for (let k = mid; k < b; k++) tiePos += count[k] * counts[cluster[k]];
      u += tiePos * (negBelow + tieNeg / 2);
      negBelow += tieNeg;
      wPos += tiePos;
    }
  }
  return wPos > 0 && negBelow > 0 ? u / (wPos * negBelow) : NaN;
}
