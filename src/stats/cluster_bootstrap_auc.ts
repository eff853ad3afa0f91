import { auc } from "./auc.ts";
import { clusterCountBootstrap, clusterNumbers } from "./bootstrap.ts";
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
  const { of, count } = clusterNumbers(clusters);
  // sort once; each resample is then a weighted rank-sum in one pass over the tie runs,
  // an observation's weight being its account's draw count
  const runs = scores.map((s) =>
    aucRuns(s.map((_, i) => i).sort((a, b) => s[a] - s[b]), s, outcomes, of, count)
  );
  const values = new Array<number>(runs.length);
  const cis = clusterCountBootstrap(count, (counts) => {
    for (let k = 0; k < runs.length; k++) values[k] = runsAuc(runs[k], counts);
    return values;
  }, {
    resamples: options.resamples ?? 1000,
    level: options.level,
    seed: options.seed,
    components: runs.length,
  });
  return scores.map((s, k) => {
    const point = auc(s, outcomes), ci = cis[k], se = ci.se;
    return {
      auc: point,
      low: ci.low,
      high: ci.high,
      se,
      p: se > 0 ? Math.min(1, 2 * normalSf(Math.abs(point - 0.5) / se)) : point === 0.5 ? 1 : 0,
      resamples: ci.resamples,
      clusters: count,
    };
  });
}

/**
 * Observations sorted by score in tie runs, each run's positives and negatives kept as
 * (cluster, how many of the run's observations are in it): what {@linkcode runsAuc}
 * needs to compute the AUC of a resample from its cluster draw counts.
 */
export interface AucRuns {
  /** run r's positives are entries posFrom[r] … posFrom[r + 1] − 1 of posCluster/posCount */
  posFrom: Int32Array;
  posCluster: Int32Array;
  posCount: Float64Array;
  /** the same for the negatives */
  negFrom: Int32Array;
  negCluster: Int32Array;
  negCount: Float64Array;
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
 * [...runs.posCount]; // => [2, 1] (cluster 1 twice in the tie at 0.4, cluster 2 once)
 * ```
 */
export function aucRuns(
  order: readonly number[],
  scores: readonly number[],
  outcomes: readonly boolean[],
  clusterOf: ArrayLike<number>,
  clusters: number,
): AucRuns {
  const posFrom: number[] = [0], negFrom: number[] = [0];
  const posCluster: number[] = [], posCount: number[] = [];
  const negCluster: number[] = [], negCount: number[] = [];
  // the entry of a cluster in the current run, valid when its stamp is the run's number
  const posStamp = new Int32Array(clusters).fill(-1), negStamp = new Int32Array(clusters).fill(-1);
  const posSlot = new Int32Array(clusters), negSlot = new Int32Array(clusters);
  let run = 0;
  for (let k = 0; k < order.length; run++) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    for (let m = k; m <= end; m++) {
      const i = order[m], c = clusterOf[i];
      if (outcomes[i]) {
        if (posStamp[c] === run) posCount[posSlot[c]]++;
        else {(posStamp[c] = run,
            posSlot[c] = posCluster.length,
            posCluster.push(c),
            posCount.push(1));}
      } else {
        if (negStamp[c] === run) negCount[negSlot[c]]++;
        else {(negStamp[c] = run,
            negSlot[c] = negCluster.length,
            negCluster.push(c),
            negCount.push(1));}
      }
    }
    posFrom.push(posCluster.length);
    negFrom.push(negCluster.length);
    k = end + 1;
  }
  return {
    posFrom: Int32Array.from(posFrom),
    posCluster: Int32Array.from(posCluster),
    posCount: Float64Array.from(posCount),
    negFrom: Int32Array.from(negFrom),
    negCluster: Int32Array.from(negCluster),
    negCount: Float64Array.from(negCount),
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
 * Complexity: O(runs + (run, cluster) pairs).
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
  const { posFrom, posCluster, posCount, negFrom, negCluster, negCount } = runs;
  let negBelow = 0, u = 0, wPos = 0, wNeg = 0;
  for (let r = 0; r + 1 < posFrom.length; r++) {
    let tiePos = 0, tieNeg = 0;
    for (let k = posFrom[r], e = posFrom[r + 1]; k < e; k++) {
      tiePos += posCount[k] * counts[posCluster[k]];
    }
    for (let k = negFrom[r], e = negFrom[r + 1]; k < e; k++) {
      tieNeg += negCount[k] * counts[negCluster[k]];
    }
    u += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    wPos += tiePos;
    wNeg += tieNeg;
  }
  return wPos > 0 && wNeg > 0 ? u / (wPos * wNeg) : NaN;
}
