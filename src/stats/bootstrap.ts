import { mulberry32, type Rng } from "../util/random.ts";
import { quantile } from "./quantile.ts";
import { sampleStandardDeviation } from "npm:simple-statistics@7.12.1";

/**
 * The one bootstrap of rvlab: every confidence interval of the toolkit (AUCs,
 * AUC differences, regression coefficients, correlations, agreement) is a
 * percentile interval over resamples drawn here.
 *
 * @module
 */

/** Options for {@linkcode clusterBootstrap}. */
export interface ClusterBootstrapOptions<G = unknown> {
  /** resamples B; default 1000 */
  resamples?: number;
  /** seed of the generator (`mulberry32`); default 1; ignored when `rng` is given */
  seed?: number;
  /** confidence level of the percentile interval; default 0.95 */
  level?: number;
  /**
   * a generator to continue instead of a fresh `mulberry32(seed)`, for callers that
   * draw from one stream before the bootstrap (e.g. cross-validation folds first)
   */
  rng?: Rng;
  /**
   * stratum of each group: groups are then resampled within their stratum, so every
   * resample keeps the stratum sizes (e.g. positives and negatives of an AUC). Strata
   * are drawn in the order of their first appearance in `groups`.
   */
  strata?: (group: G, index: number) => unknown;
  /**
   * number of components k of a vector statistic: with it, `statistic` returns k
   * numbers and the result is k intervals; without it, one number and one interval
   */
  components?: number;
}

/** Percentile interval of one statistic over the bootstrap resamples. */
export interface BootstrapInterval {
  /** the (1 − level)/2 quantile of the finite draws (type 7); NaN when none */
  low: number;
  /** the 1 − (1 − level)/2 quantile of the finite draws; NaN when none */
  high: number;
  /** bootstrap standard error: sample SD (n − 1) of the finite draws; NaN below 2 */
  se: number;
  /** resamples where the statistic was finite (the others are undefined and dropped) */
  resamples: number;
  /** the finite draws, sorted ascending */
  draws: number[];
}

/**
 * Cluster (block) bootstrap with a percentile confidence interval.
 *
 * Each resample draws `groups.length` whole groups with replacement (within their
 * stratum when `strata` is given) and evaluates `statistic` on them; the interval is
 * the pair of (1 − level)/2 and 1 − (1 − level)/2 quantiles of the draws. Resampling
 * whole clusters (an account with all its observations) keeps the dependence inside
 * a cluster, so repeated observations of one account do not pass for independent
 * evidence (Field & Welsh 2007, "Bootstrapping clustered data", JRSS B 69(3)); the
 * percentile interval is Efron & Tibshirani 1993, *An Introduction to the Bootstrap*,
 * ch. 13. With one observation per group this is the ordinary (i.i.d.) bootstrap.
 *
 * `statistic` gets the resampled groups in draw order (stratum by stratum) and
 * returns one number or, with `options.components` = k, a vector of k numbers (one
 * interval each); or `null` when the resample is unusable (it is then skipped for
 * every component). Non-finite values
 * are dropped component by component. The array passed to `statistic` is reused
 * between resamples: copy it to keep it. The generator draws `rng.int(size)` once
 * per slot, group after group, resample after resample; deterministic for a seed.
 *
 * Complexity: O(B × (G + cost of statistic)) time, O(B × components) memory.
 *
 * @example
 * ```ts
 * import { clusterBootstrap } from "./bootstrap.ts";
 * const groups = [[1, 2], [3], [4, 5, 6], [7]];
 * const mean = (sample: readonly number[][]) => {
 *   const xs = sample.flat();
 *   return xs.reduce((s, x) => s + x, 0) / xs.length;
 * };
 * const ci = clusterBootstrap(groups, mean, { resamples: 200, seed: 7 });
 * ci.low <= ci.high; // true
 * ```
 */
export function clusterBootstrap<G>(
  groups: readonly G[],
  statistic: (sample: readonly G[]) => number | null,
  options?: ClusterBootstrapOptions<G> & { components?: undefined },
): BootstrapInterval;
/**
 * Vector form of {@link clusterBootstrap}: with `components` = k the statistic
 * returns k numbers and each gets its own percentile interval.
 *
 * Why: one resampling pass serves several figures (e.g. AUC and lift together).
 * Complexity: O(B × (G + cost of statistic)) time, O(B × k) memory.
 *
 * @example
 * ```ts
 * import { clusterBootstrap } from "./bootstrap.ts";
 * const groups = [[1, 2], [3], [4, 5, 6], [7]];
 * const range = (s: readonly number[][]) => [Math.min(...s.flat()), Math.max(...s.flat())];
 * const [low, high] = clusterBootstrap(groups, range, { resamples: 200, seed: 7, components: 2 });
 * [low.low, low.high, high.low, high.high]; // => [1, 4, 3, 7]
 * ```
 */
export function clusterBootstrap<G>(
  groups: readonly G[],
  statistic: (sample: readonly G[]) => readonly number[] | null,
  options: ClusterBootstrapOptions<G> & { components: number },
): BootstrapInterval[];
/**
 * Implementation of both {@link clusterBootstrap} overloads (scalar or vector
 * statistic).
 *
 * Why: one resampling loop for both forms, so they draw identical resamples.
 * Complexity: O(B × (G + cost of statistic)) time, O(B × components) memory.
 *
 * @example
 * ```ts
 * import { clusterBootstrap } from "./bootstrap.ts";
 * const ci = clusterBootstrap([[1], [2], [3]], (s) => s.flat().length, { resamples: 50, seed: 1 });
 * [ci.low, ci.high]; // => [3, 3]
 * ```
 */
export function clusterBootstrap<G>(
  groups: readonly G[],
  statistic: (sample: readonly G[]) => number | readonly number[] | null,
  options: ClusterBootstrapOptions<G> = {},
): BootstrapInterval | BootstrapInterval[] {
  const rng = options.rng ?? mulberry32(options.seed ?? 1);
  const strata = stratify(groups, options.strata);
  const sample = new Array<G>(groups.length);
  return resampled(options, groups.length > 0, () => {
    let slot = 0;
    for (const members of strata) {
      for (let k = 0; k < members.length; k++) {
        sample[slot++] = groups[members[rng.int(members.length)]];
      }
    }
    return statistic(sample);
  });
}

/**
 * The resampling loop both bootstraps share: `resamples` times (none unless `any`),
 * `resample()` draws one resample and returns its statistic (null: skipped); each
 * component's finite values make its percentile interval. O(B × components) memory.
 */
function resampled(
  options: Pick<ClusterBootstrapOptions, "resamples" | "level" | "components">,
  any: boolean,
  resample: () => number | readonly number[] | null,
): BootstrapInterval | BootstrapInterval[] {
  const resamples = options.resamples ?? 1000;
  const level = checkedLevel(options.level ?? 0.95);
  const draws: number[][] = Array.from({ length: options.components ?? 1 }, () => []);
  for (let b = 0; b < resamples && any; b++) {
    const value = resample();
    if (value === null) continue;
    if (typeof value === "number") {
      if (Number.isFinite(value)) draws[0].push(value);
      continue;
    }
    for (let j = 0; j < draws.length; j++) {
      const v = value[j];
      if (Number.isFinite(v)) draws[j].push(v);
    }
  }
  const intervals = draws.map((d) => percentileInterval(d, level));
  return options.components === undefined ? intervals[0] : intervals;
}

/** Group indices per stratum, strata in order of first appearance. O(G). */
function stratify<G>(
  groups: readonly G[],
  strata: ((group: G, index: number) => unknown) | undefined,
): number[][] {
  if (!strata) return [groups.map((_, i) => i)];
  const by = new Map<unknown, number[]>();
  groups.forEach((g, i) => {
    const key = strata(g, i);
    const l = by.get(key);
    if (l) l.push(i);
    else by.set(key, [i]);
  });
  return [...by.values()];
}

/**
 * Percentile interval, standard error (simple-statistics' `sampleStandardDeviation`,
 * in draw order, before sorting) and sorted copy of bootstrap draws. O(n log n).
 *
 * @example
 * ```ts
 * import { percentileInterval } from "./bootstrap.ts";
 * percentileInterval([3, 1, 2], 0.5); // => { low: 1.5, high: 2.5, se: 1, resamples: 3, draws: [1, 2, 3] }
 * ```
 */
export function percentileInterval(draws: readonly number[], level: number): BootstrapInterval {
  checkedLevel(level);
  const n = draws.length;
  const se = n >= 2 ? sampleStandardDeviation(draws) : NaN;
  const sorted = [...draws].sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return {
    low: quantile(sorted, tail),
    high: quantile(sorted, 1 - tail),
    se,
    resamples: n,
    draws: sorted,
  };
}

/** `level` when it is in (0, 1), else a RangeError. */
function checkedLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), found ${level}`);
  return level;
}

/**
 * Indices of observations grouped by their cluster label, clusters in order of first
 * appearance: the `groups` argument of {@linkcode clusterBootstrap} for data given
 * as one cluster id per observation. O(n).
 *
 * @example
 * ```ts
 * import { clusterIndices } from "./bootstrap.ts";
 * clusterIndices(["a", "b", "a"]); // => [[0, 2], [1]]
 * ```
 */
export function clusterIndices(clusters: readonly unknown[]): number[][] {
  const by = new Map<unknown, number[]>();
  clusters.forEach((c, i) => {
    const l = by.get(c);
    if (l) l.push(i);
    else by.set(c, [i]);
  });
  return [...by.values()];
}

/**
 * The cluster of each observation as a number 0…k−1, clusters numbered in order of first
 * appearance (the order of {@linkcode clusterIndices}), and k. O(n).
 *
 * Why: a bootstrap statistic that needs only how often each cluster was drawn (see
 * {@linkcode clusterCountBootstrap}) reads an observation's draw count as
 * `counts[of[i]]`.
 *
 * @example
 * ```ts
 * import { clusterNumbers } from "./bootstrap.ts";
 * const { of, count } = clusterNumbers(["a", "b", "a"]);
 * [[...of], count]; // => [[0, 1, 0], 2]
 * ```
 */
export function clusterNumbers(clusters: readonly unknown[]): { of: Int32Array; count: number } {
  const by = new Map<unknown, number>();
  const of = new Int32Array(clusters.length);
  clusters.forEach((c, i) => {
    let k = by.get(c);
    if (k === undefined) by.set(c, k = by.size);
    of[i] = k;
  });
  return { of, count: by.size };
}

/**
 * {@linkcode clusterBootstrap} of `count` clusters for a statistic of the draw counts:
 * `statistic` gets `counts`, how many times each cluster (numbered as by
 * {@linkcode clusterNumbers}) was drawn in the resample. The draws are those of
 * `clusterBootstrap(clusterIndices(clusters), …)` with the same options, resample for
 * resample: only the number of clusters enters the generator.
 *
 * Why: statistics that weight observations by their cluster's draws (weighted AUC,
 * pooled sums) then cost O(k) per resample to set up instead of O(n), and read no
 * arrays of arrays. The `counts` array is reused between resamples.
 *
 * Complexity: O(B × (k + cost of statistic)).
 *
 * @example
 * ```ts
 * import { clusterCountBootstrap } from "./bootstrap.ts";
 * const values = [1, 2, 3, 4], of = [0, 0, 1, 2]; // three clusters
 * const ci = clusterCountBootstrap(3, (counts) => {
 *   let s = 0, n = 0;
 *   values.forEach((v, i) => (s += counts[of[i]] * v, n += counts[of[i]]));
 *   return s / n;
 * }, { resamples: 200, seed: 7 });
 * ci.low <= ci.high; // true
 * ```
 */
export function clusterCountBootstrap(
  count: number,
  statistic: (counts: Float64Array) => number | null,
  options?: Omit<ClusterBootstrapOptions<number>, "strata"> & { components?: undefined },
): BootstrapInterval;
/**
 * Vector form of {@link clusterCountBootstrap}: with `components` = k the statistic of
 * the draw counts returns k numbers and each gets its own percentile interval, from the
 * same resamples (each component's interval is the one the scalar form would give it).
 *
 * Why: several predictors of the same observations bootstrapped on one set of draws.
 * Complexity: O(B × (k + cost of statistic)).
 *
 * @example
 * ```ts
 * import { clusterCountBootstrap } from "./bootstrap.ts";
 * const [drawn, first] = clusterCountBootstrap(3, (c) => [c[0] + c[1] + c[2], c[0]], {
 *   resamples: 100,
 *   seed: 1,
 *   components: 2,
 * });
 * [drawn.low, drawn.high]; // => [3, 3]
 * ```
 */
export function clusterCountBootstrap(
  count: number,
  statistic: (counts: Float64Array) => readonly number[] | null,
  options: Omit<ClusterBootstrapOptions<number>, "strata"> & { components: number },
): BootstrapInterval[];
/**
 * Implementation of both {@link clusterCountBootstrap} overloads.
 *
 * Why: one loop for both forms, so they draw identical resamples; it makes the draws of
 * {@linkcode clusterBootstrap} (`rng.int(count)` once per slot) but only counts them, with
 * no sample array.
 * Complexity: O(B × (k + cost of statistic)).
 *
 * @example
 * ```ts
 * import { clusterCountBootstrap } from "./bootstrap.ts";
 * clusterCountBootstrap(2, (c) => c[0] + c[1], { resamples: 10 }).low; // => 2
 * ```
 */
export function clusterCountBootstrap(
  count: number,
  statistic: (counts: Float64Array) => number | readonly number[] | null,
  options: Omit<ClusterBootstrapOptions<number>, "strata"> = {},
): BootstrapInterval | BootstrapInterval[] {
  const rng = options.rng ?? mulberry32(options.seed ?? 1);
  const counts = new Float64Array(count);
  return resampled(options, count > 0, () => statistic(drawCounts(rng, counts)));
}

/**
 * The draw counts of each resample of {@linkcode clusterCountBootstrap} with the same
 * options, in order: `visit(counts, b)` for b = 0 … resamples − 1 (none without clusters).
 *
 * Why: a caller that keeps each resample's statistic (e.g. every predictor's AUC, for
 * several intervals and a paired difference from one set of draws) gets exactly the
 * resamples the bootstrap draws. The `counts` array is reused between resamples.
 * Complexity: O(B × (count + cost of visit)).
 *
 * @example
 * ```ts
 * import { clusterCountResamples } from "./bootstrap.ts";
 * const drawn: number[] = [];
 * clusterCountResamples(3, (c) => drawn.push(c[0] + c[1] + c[2]), { resamples: 2 });
 * drawn; // => [3, 3]
 * ```
 */
export function clusterCountResamples(
  count: number,
  visit: (counts: Float64Array, resample: number) => void,
  options: Pick<ClusterBootstrapOptions, "resamples" | "seed" | "rng"> = {},
): void {
  const rng = options.rng ?? mulberry32(options.seed ?? 1);
  const counts = new Float64Array(count);
  const resamples = options.resamples ?? 1000;
  for (let b = 0; b < resamples && count > 0; b++) visit(drawCounts(rng, counts), b);
}

/**
 * One resample of clusters 0 … n − 1 as draw counts: the draws of
 * {@linkcode clusterBootstrap} without strata (`rng.int(n)` once per slot), counted in place.
 */
function drawCounts(rng: Rng, counts: Float64Array): Float64Array {
  const n = counts.length;
  counts.fill(0);
  for (let k = 0; k < n; k++) counts[rng.int(n)]++;
  return counts;
}
