/**
 * Evidence-tuned RV weights: the IPF revised by evidence.
 *
 * The expert IPF gives every interaction type an rv weight by judgement. Here the data
 * gets a say: per account, count each interaction type in a feature window before a
 * **fit cutoff**, measure a target after it (revenue growing vs shrinking, top-20 %
 * profit, churn), and fit a regularised model of the target on the counts
 * (L2-penalised logistic regression, or ridge on a continuous version of the target).
 * The fitted coefficient of a type, per occurrence, says how much one more such
 * interaction moved the account forward (positive) or backward (negative); a seeded
 * bootstrap over accounts gives its CI. The fitted weights are then evaluated **out of
 * time** at a later **evaluation cutoff** (whose feature window starts after nothing of
 * the fit target is hidden: the fit target window ends at the evaluation cutoff) against
 * the expert weights: AUC of Σ weight × count for the evaluation target, each with a
 * stratified bootstrap CI, and a paired bootstrap CI of the difference.
 *
 * Definitions (months; c = a cutoff, w = feature window, h = horizon):
 * - features of an account: occurrences (Σ quantity) of each type in [c − w, c);
 * - sample: accounts with revenue > 0 in [c − h, c) (existing customers); the fit stacks
 *   the samples of several fit cutoffs (`fitCutoffs`, `step` months apart, the latest
 *   one's target ending where the evaluation cutoff starts), so an account appears once
 *   per cutoff; cross-validation folds and bootstrap resamples keep an account's rows
 *   together;
 * - `revenue_growth`: positive when revenue in [c, c + h) > revenue in [c − h, c)
 *   (`growth` of `segments/definitions.ts` with tolerance 0, as the back-test's target);
 *   continuous version log((after + 1) / (before + 1));
 * - `profit_top20`: positive when profit in [c, c + h) is in the top 20 % of the sample
 *   (⌈0.2 n⌉ accounts by rank, ties by account id: `topShare` of `segments/definitions.ts`;
 *   profit as in the data model: gross_profit or revenue − cost_to_serve − interaction
 *   cost); continuous version: that profit;
 * - `churn`: positive when revenue in [c, c + h) is 0 (not `isRetained`); continuous
 *   version 0/1 (a bad outcome: the expert score is negated in the evaluation, so higher
 *   RV = less churn).
 * - Types kept: seen in at least `minAccounts` sample accounts at the fit cutoffs. Counts
 *   are standardised with the fit sample's mean and standard deviation before fitting, so
 *   the penalty treats types alike; coefficients are reported back per occurrence.
 * - The penalty λ is chosen from a grid by k-fold cross-validation on the fit sample
 *   (folds of accounts by seeded shuffle; log-loss for logistic, squared error for ridge).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { timestamp } from "../sql/literal.ts";
import { addPeriods } from "../util/periods.ts";
import { mulberry32, type Rng } from "../util/random.ts";
import { auc } from "../stats/auc.ts";
import { bootstrapAuc } from "../stats/bootstrap_auc.ts";
import { clusterBootstrap } from "../stats/bootstrap.ts";
import { standardDeviation } from "npm:simple-statistics@7.12.1";
import { normalSf } from "../stats/normal.ts";
import { benjaminiHochberg } from "../stats/adjust.ts";
import { growth, isGrowing, isRetained, topShare } from "../segments/definitions.ts";
import { buildPanel, cutoffMoney, type Panel } from "./panel.ts";

// ---------------------------------------------------------------------------------
// Model fits
// ---------------------------------------------------------------------------------

/** A fitted linear model: intercept + Σ coef × x. */
export interface LinearFit {
  intercept: number;
  coef: number[];
  iterations: number;
  converged: boolean;
}

/** Options for {@linkcode fitLogisticL2} and {@linkcode fitRidge}. */
export interface FitOptions {
  /** L2 penalty λ on the coefficients (not the intercept); sklearn's C = 1/λ, Ridge alpha = λ */
  lambda?: number;
  /** default true */
  fitIntercept?: boolean;
  /** Newton iterations (logistic); default 100 */
  maxIter?: number;
  /** stop when the largest Newton step is below this; default 1e-12 */
  tol?: number;
  /** per-coefficient multipliers of λ (e.g. variances, to penalise raw counts as if standardised) */
  penaltyFactors?: readonly number[];
  /** starting point (warm start), logistic only */
  init?: { intercept: number; coef: readonly number[] };
}

/**
 * Solves A x = b for a symmetric positive-definite A (row-major, n × n) by Cholesky.
 * Throws when A is not positive definite. O(n³).
 */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (!(s > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} = ${s})`);
    const d = Math.sqrt(s);
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = t / d;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

function checkShape(x: readonly (readonly number[])[], n: number, what: string): number {
  if (x.length !== n) {
    throw new RangeError(
      `${what} needs one target per row, found ${x.length} rows and ${n} targets`,
    );
  }
  const p = x.length ? x[0].length : 0;
  for (const row of x) {
    if (row.length !== p) {
      throw new RangeError(`${what} needs rows of equal length ${p}, found ${row.length}`);
    }
  }
  return p;
}

/**
 * L2-penalised logistic regression by Newton–Raphson: minimises
 * Σ log(1 + exp(−s·(b + x·w))) + λ/2·‖w‖² (s = ±1; intercept b not penalised), the
 * objective of sklearn's `LogisticRegression(C = 1/λ)` with the lbfgs/newton solvers.
 *
 * Why: counts of ~100 interaction types on a few hundred accounts overfit without a
 * penalty; the L2 penalty keeps every type in the model and shrinks the weakly
 * supported ones toward 0.
 *
 * Complexity: O(iterations × (n p² + p³)); a handful of iterations from a cold start.
 *
 * @example
 * ```ts
 * import { fitLogisticL2 } from "./weights.ts";
 * const fit = fitLogisticL2([[0], [1], [2], [3]], [false, true, false, true], { lambda: 1 });
 * fit.coef[0]; // > 0
 * ```
 */
export function fitLogisticL2(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  options: FitOptions = {},
): LinearFit {
  const n = y.length;
  const p = checkShape(x, n, "fitLogisticL2");
  const lambda = options.lambda ?? 1;
  const withB = options.fitIntercept ?? true;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-12;
  const m = p + (withB ? 1 : 0); // parameter vector: [w..., b]
  const beta = new Float64Array(m);
  if (options.init) {
    options.init.coef.forEach((v, j) => (beta[j] = v));
    if (withB) beta[p] = options.init.intercept;
  }
  const h = new Float64Array(m * m);
  const g = new Float64Array(m);
  const nz = new Int32Array(m);
  const pf = options.penaltyFactors;
  if (pf && pf.length !== p) {
    throw new RangeError(
      `fitLogisticL2 needs one penalty factor per column (${p}), found ${pf.length}`,
    );
  }
  let it = 0;
  let converged = false;
  for (; it < maxIter && !converged; it++) {
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const row = x[i];
      let z = withB ? beta[p] : 0;
      let cnt = 0;
      for (let j = 0; j < p; j++) {
        if (row[j] === 0) continue;
        nz[cnt++] = j;
        z += row[j] * beta[j];
      }
      if (withB) nz[cnt++] = p;
      const mu = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const r = mu - (y[i] ? 1 : 0);
      const wgt = Math.max(mu * (1 - mu), 1e-300);
      // sparse rows (raw counts) cost O(nnz²) instead of O(p²)
      for (let a = 0; a < cnt; a++) {
        const j = nz[a];
        const v = j === p ? 1 : row[j];
        g[j] += r * v;
        const wv = wgt * v;
        for (let b = 0; b <= a; b++) {
          const k = nz[b];
          h[j * m + k] += wv * (k === p ? 1 : row[k]);
        }
      }
    }
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) h[k * m + j] = h[j * m + k];
    for (let j = 0; j < p; j++) {
      const l = lambda * (pf ? pf[j] : 1);
      g[j] += l * beta[j];
      h[j * m + j] += l;
    }
    if (withB && h[p * m + p] <= 0) h[p * m + p] = 1e-12;
    const step = choleskySolve(h, g, m);
    let biggest = 0;
    for (let j = 0; j < m; j++) {
      beta[j] -= step[j];
      biggest = Math.max(biggest, Math.abs(step[j]));
    }
    if (biggest < tol * Math.max(1, ...Array.from(beta, Math.abs))) converged = true;
  }
  return {
    intercept: withB ? beta[p] : 0,
    coef: Array.from(beta.subarray(0, p)),
    iterations: it,
    converged,
  };
}

/**
 * Ridge regression: minimises ‖y − b − X w‖² + λ‖w‖² with the intercept b not
 * penalised (centred closed form), as sklearn's `Ridge(alpha = λ)`.
 *
 * Why: the continuous version of a target (log revenue ratio, profit) with the same
 * shrinkage as the logistic fit.
 *
 * Complexity: O(n p² + p³).
 *
 * @example
 * ```ts
 * import { fitRidge } from "./weights.ts";
 * fitRidge([[1], [2], [3]], [2, 4, 6], { lambda: 0 }).coef; // => [2]
 * ```
 */
export function fitRidge(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: FitOptions = {},
): LinearFit {
  const n = y.length;
  const p = checkShape(x, n, "fitRidge");
  const lambda = options.lambda ?? 1;
  const withB = options.fitIntercept ?? true;
  const mx = new Float64Array(p);
  let my = 0;
  if (withB && n > 0) {
    for (let i = 0; i < n; i++) {
      my += y[i];
      for (let j = 0; j < p; j++) mx[j] += x[i][j];
    }
    my /= n;
    for (let j = 0; j < p; j++) mx[j] /= n;
  }
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const xc = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xc[j] = x[i][j] - mx[j];
    const yc = y[i] - my;
    for (let j = 0; j < p; j++) {
      b[j] += xc[j] * yc;
      for (let k = 0; k <= j; k++) a[j * p + k] += xc[j] * xc[k];
    }
  }
  const pf = options.penaltyFactors;
  if (pf && pf.length !== p) {
    throw new RangeError(`fitRidge needs one penalty factor per column (${p}), found ${pf.length}`);
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k];
    a[j * p + j] += lambda * (pf ? pf[j] : 1);
  }
  const w = p ? choleskySolve(a, b, p) : new Float64Array(0);
  let b0 = my;
  for (let j = 0; j < p; j++) b0 -= mx[j] * w[j];
  return { intercept: withB ? b0 : 0, coef: Array.from(w), iterations: 1, converged: true };
}

// ---------------------------------------------------------------------------------
// Account features and targets at a cutoff
// ---------------------------------------------------------------------------------

/** Targets the weights can be tuned on. */
export type WeightTarget = "revenue_growth" | "profit_top20" | "churn";

/** One account at a cutoff: type counts before it, target after it. */
export interface CutoffSample {
  account_id: string;
  /** occurrences per interaction type in [cutoff − window, cutoff) */
  counts: Map<string, number>;
  /** binary target */
  positive: boolean;
  /** continuous target (for ridge) */
  value: number;
}

/**
 * Accounts, type counts and target at a cutoff: type counts in SQL over `interactions`,
 * money from the one account × period panel (`cutoffMoney` of `buildPanel`, built here
 * unless `options.panel` passes it in; cutoffs are month starts). Money sums are rounded
 * to 6 decimals so that DuckDB's parallel (unordered) double sums give the same result
 * every run.
 *
 * Why: the features (what happened before) and the target (what followed) must come from
 * disjoint windows around the same cutoff, or the weights would learn from the future.
 *
 * Complexity: O(interactions + financials) in DuckDB.
 *
 * @example
 * ```ts
 * import { samplesAtCutoff } from "./weights.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await samplesAtCutoff(engine, "2025-01-01", { window: 6, horizon: 6, target: "revenue_growth" });
 * ```
 */
export async function samplesAtCutoff(
  engine: Engine,
  cutoff: string,
  options: { window: number; horizon: number; target: WeightTarget; panel?: Panel },
): Promise<CutoffSample[]> {
  const c = cutoff.replace(/[^0-9-]/g, "");
  const from = addPeriods(c, "month", -options.window);
  const money = cutoffMoney(options.panel ?? await buildPanel(engine), c, options.horizon);
  const counts = await engine.query<{ account_id: string; interaction_type: string; q: number }>(
    `SELECT account_id, interaction_type, round(sum(quantity), 9) AS q FROM interactions
     WHERE occurred_at >= ${timestamp(from)} AND occurred_at < ${timestamp(c)}
     GROUP BY ALL ORDER BY account_id, interaction_type`,
  );
  const byAccount = new Map<string, Map<string, number>>();
  for (const r of counts) {
    let m = byAccount.get(r.account_id);
    if (!m) byAccount.set(r.account_id, m = new Map());
    m.set(r.interaction_type, r.q);
  }
  const top = options.target === "profit_top20"
    ? topShare(money.map((r) => ({ id: r.account_id, value: r.profit_after })))
    : new Set<string>();
  return money.map((r) => {
    const counts = byAccount.get(r.account_id) ?? new Map<string, number>();
    // money has rev_before > 0, so growth() is never "none" or "new" here
    const revenue = growth(r.rev_before, r.rev_after, 0);
    switch (options.target) {
      case "revenue_growth":
        return {
          account_id: r.account_id,
          counts,
          positive: isGrowing(revenue) === true,
          value: Math.log((Math.max(r.rev_after, 0) + 1) / (r.rev_before + 1)),
        };
      case "profit_top20":
        return {
          account_id: r.account_id,
          counts,
          positive: top.has(r.account_id),
          value: r.profit_after,
        };
      case "churn":
        return {
          account_id: r.account_id,
          counts,
          positive: isRetained(revenue) === false,
          value: isRetained(revenue) === false ? 1 : 0,
        };
    }
  });
}

// ---------------------------------------------------------------------------------
// Evidence-tuned weights
// ---------------------------------------------------------------------------------

/** Options for {@linkcode evidenceWeights}. */
export interface WeightsOptions {
  /** default "revenue_growth" */
  target?: WeightTarget;
  /** "logistic" (binary target, default) or "ridge" (continuous target) */
  model?: "logistic" | "ridge";
  /** feature window in months before a cutoff; default 6 */
  window?: number;
  /** target horizon in months after a cutoff; default 6 */
  horizon?: number;
  /** evaluation cutoff `YYYY-MM-DD`; default: the last one whose horizon is fully in the financials */
  evalCutoff?: string;
  /** latest fit cutoff; default evalCutoff − horizon (the fit target ends where the evaluation starts) */
  fitCutoff?: string;
  /**
   * fit cutoffs stacked (the latest and those `step` months before it, as long as the data
   * covers their windows); default 4. More cutoffs give more account-periods to fit on.
   */
  fitCutoffs?: number;
  /** months between stacked fit cutoffs; default 3 */
  step?: number;
  /** fixed penalty; default: chosen by cross-validation from `lambdas` */
  lambda?: number;
  /** grid for cross-validation; default [1, 10, 100, 1000, 10000] */
  lambdas?: number[];
  /** folds for cross-validation; default 5 */
  folds?: number;
  /** keep types seen in at least this many fit accounts; default 5 */
  minAccounts?: number;
  /** bootstrap resamples for the coefficient and AUC CIs; default 200 */
  resamples?: number;
  /** default 0.95 */
  level?: number;
  /** default 1 */
  seed?: number;
}

/** One interaction type, expert vs evidence. */
export interface TypeWeight {
  interaction_type: string;
  expert_rv: number;
  /** distinct fit-sample accounts with at least one occurrence */
  accounts: number;
  occurrences: number;
  /** fitted coefficient per occurrence (log-odds for logistic, target units for ridge) */
  coef: number;
  /** coefficient per standard deviation of the type's count */
  coef_std: number;
  /** percentile bootstrap CI of `coef` */
  ci_low: number;
  ci_high: number;
  /** two-sided p of coef = 0 from the bootstrap standard error (normal approximation) */
  p_value: number;
  /** Benjamini–Hochberg adjusted p over the kept types */
  q_value: number;
  /**
   * "forward" / "backward" when q_value < 1 − level (the false-discovery rate over all
   * types is controlled at that level) and the CI excludes 0 on that side, else "unclear"
   */
  direction: "forward" | "backward" | "unclear";
  /** coef on the IPF's scale: coef × Σ|expert rv| / Σ|coef| over the kept types */
  suggested_rv: number;
  /** the evidence and the expert agree on the sign (0 counts as either) */
  sign_agrees: boolean;
}

/** AUC of a score at the evaluation cutoff with its bootstrap CI. */
export interface ScoreAuc {
  auc: number;
  low: number;
  high: number;
}

/** The result of {@linkcode evidenceWeights}. */
export interface WeightsResult {
  target: WeightTarget;
  model: "logistic" | "ridge";
  window: number;
  horizon: number;
  /** the latest fit cutoff */
  fit_cutoff: string;
  /** all stacked fit cutoffs, latest first */
  fit_cutoffs: string[];
  eval_cutoff: string;
  lambda: number;
  /** cross-validated loss per λ of the grid (empty when λ was given) */
  cv: { lambda: number; loss: number }[];
  /** account-cutoff rows fitted on */
  n_fit: number;
  n_fit_positive: number;
  /** distinct accounts among them (the bootstrap resamples these) */
  n_fit_accounts: number;
  n_eval: number;
  n_eval_positive: number;
  intercept: number;
  /** kept types, strongest evidence first (|coef_std|) */
  weights: TypeWeight[];
  /** types of the IPF not kept (too rare in the fit sample) */
  dropped: string[];
  /** out-of-time AUC of Σ weight × count at the evaluation cutoff */
  evaluation: {
    tuned: ScoreAuc;
    expert: ScoreAuc;
    /** tuned − expert, paired bootstrap over evaluation accounts */
    difference: ScoreAuc;
    /** in-sample AUC of the tuned score at the fit cutoff (optimistic, for contrast) */
    tuned_in_sample: number;
  };
  resamples: number;
  level: number;
  seed: number;
}

function shuffled(n: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

function fitModel(
  model: "logistic" | "ridge",
  x: number[][],
  pos: boolean[],
  val: number[],
  lambda: number,
  penaltyFactors: number[],
  init?: { intercept: number; coef: readonly number[] },
): LinearFit {
  return model === "logistic"
    ? fitLogisticL2(x, pos, { lambda, penaltyFactors, init, tol: 1e-9 })
    : fitRidge(x, val, { lambda, penaltyFactors });
}

function loss(
  model: "logistic" | "ridge",
  fit: LinearFit,
  x: number[][],
  pos: boolean[],
  val: number[],
): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    let z = fit.intercept;
    for (let j = 0; j < fit.coef.length; j++) z += fit.coef[j] * x[i][j];
    if (model === "logistic") {
      // log(1 + exp(-s z)) computed stably
      const m = pos[i] ? -z : z;
      s += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    } else s += (val[i] - z) ** 2;
  }
  return s;
}

/**
 * Fits evidence-tuned RV weights per interaction type at a fit cutoff and evaluates
 * them out of time against the expert IPF weights (see module doc).
 *
 * Why: engagement scores set by gut feel are never checked; this says which
 * interactions actually preceded growth (or decline), by how much, how sure we are,
 * and whether the revised weights rank accounts better than the expert ones on data
 * the fit never saw.
 *
 * Complexity: O((folds × |lambdas| + resamples) × Newton iterations × (n k² + p³)) for
 * n fit accounts, p kept types and k distinct types per account, plus two SQL passes over the tables.
 *
 * @example
 * ```ts
 * import { evidenceWeights } from "./weights.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await evidenceWeights(engine, { target: "revenue_growth", seed: 7 });
 * w.weights[0]; // the type with the strongest evidence, with its CI and direction
 * ```
 */
export async function evidenceWeights(
  engine: Engine,
  options: WeightsOptions = {},
): Promise<WeightsResult> {
  const target = options.target ?? "revenue_growth";
  const model = options.model ?? "logistic";
  const window = options.window ?? 6;
  const horizon = options.horizon ?? 6;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 200;
  for (const [k, v] of Object.entries({ window, horizon })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${k} must be a whole number of months >= 1, found ${v}`);
    }
  }
  const { fitCutoff, fitCutoffs, evalCutoff } = await cutoffsOf(engine, horizon, options);
  const ipf = await engine.query<{ interaction_type: string; rv: number }>(
    "SELECT interaction_type, rv FROM ipf ORDER BY interaction_type",
  );
  const expert = new Map(ipf.map((t) => [t.interaction_type, t.rv]));
  const panel = await buildPanel(engine); // the money of every cutoff, built once
  const spec = { window, horizon, target, panel };
  const fitSamples: CutoffSample[] = [];
  for (const c of fitCutoffs) fitSamples.push(...(await samplesAtCutoff(engine, c, spec)));
  const evalSamples = await samplesAtCutoff(engine, evalCutoff, spec);
  const nPos = requireEnough(fitSamples, model, fitCutoffs);
  const { rowsOf, clusterOf } = accountRows(fitSamples);
  const { seen, kept } = keptTypes(fitSamples, options.minAccounts ?? 5);

  // raw counts with the penalty scaled by each type's variance: the same fit as on
  // standardised counts (the centring goes into the intercept), but sparse rows
  const data: FitData = {
    model,
    x: fitSamples.map((s) => kept.map((k) => s.counts.get(k.type) ?? 0)),
    pos: fitSamples.map((s) => s.positive),
    val: fitSamples.map((s) => s.value),
    pf: kept.map((k) => k.sd * k.sd),
  };
  // one stream: the cross-validation's fold shuffle first, then the bootstrap
  const rng = mulberry32(seed);
  const { lambda, cv } = options.lambda === undefined
    ? crossValidatedLambda(data, rowsOf, clusterOf, rng, options)
    : { lambda: options.lambda, cv: [] };
  const fit = fitModel(data.model, data.x, data.pos, data.val, lambda, data.pf);
  const weights = typeWeights(data, fit, lambda, rowsOf, { kept, seen, expert }, {
    resamples,
    level,
    rng,
  });

  const tunedWeight = new Map(kept.map((k, j) => [k.type, fit.coef[j]]));
  const evaluation = outOfTime(evalSamples, tunedWeight, expert, target, {
    resamples: Math.max(resamples, 200),
    level,
    seed,
  });
  const keptSet = new Set(kept.map((k) => k.type));
  return {
    target,
    model,
    window,
    horizon,
    fit_cutoff: fitCutoff,
    fit_cutoffs: fitCutoffs,
    eval_cutoff: evalCutoff,
    lambda,
    cv,
    n_fit: fitSamples.length,
    n_fit_positive: nPos,
    n_fit_accounts: rowsOf.length,
    n_eval: evalSamples.length,
    n_eval_positive: evaluation.positives,
    intercept: fit.intercept,
    weights,
    dropped: ipf.map((t) => t.interaction_type).filter((t) => !keptSet.has(t)),
    evaluation: {
      tuned: evaluation.tuned,
      expert: evaluation.expert,
      difference: evaluation.difference,
      tuned_in_sample: auc(fitSamples.map((s) => linearScore(s, tunedWeight)), data.pos),
    },
    resamples,
    level,
    seed,
  };
}

/** The design of a fit: model, counts per kept type, binary and continuous targets, penalty factors. */
interface FitData {
  model: "logistic" | "ridge";
  x: number[][];
  pos: boolean[];
  val: number[];
  pf: number[];
}

/** A kept interaction type with the mean and (population) SD of its count per fit row. */
interface KeptType {
  type: string;
  mean: number;
  sd: number;
}

type Seen = Map<string, { accounts: Set<string>; occurrences: number }>;

/**
 * The evaluation cutoff (default: the last whose horizon is in the financials), the
 * latest fit cutoff (default one horizon earlier) and the stacked fit cutoffs `step`
 * months apart as long as the data covers their revenue before the cutoff.
 */
async function cutoffsOf(
  engine: Engine,
  horizon: number,
  options: WeightsOptions,
): Promise<{ fitCutoff: string; fitCutoffs: string[]; evalCutoff: string }> {
  const [range] = await engine.query<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(period), '%Y-%m-%d') AS first, strftime(max(period), '%Y-%m-%d') AS last
     FROM financials`,
  );
  if (!range.last) {
    throw new RangeError("evidence-tuned weights need a financials table, found none");
  }
  const evalCutoff = options.evalCutoff ??
    addPeriods(range.last.slice(0, 7) + "-01", "month", 1 - horizon);
  const fitCutoff = options.fitCutoff ?? addPeriods(evalCutoff, "month", -horizon);
  if (fitCutoff > evalCutoff) {
    throw new RangeError(
      `the fit cutoff must not be after the evaluation cutoff, found ${fitCutoff} > ${evalCutoff}`,
    );
  }
  const step = options.step ?? 3;
  const fitCutoffs = [fitCutoff];
  for (let k = 1; k < (options.fitCutoffs ?? 4); k++) {
    const c = addPeriods(fitCutoff, "month", -k * step);
    // the revenue before the cutoff must be in the data
    if (addPeriods(c, "month", -horizon) < range.first!.slice(0, 7) + "-01") break;
    fitCutoffs.push(c);
  }
  return { fitCutoff, fitCutoffs, evalCutoff };
}

/** Throws unless there are 10 fit rows (and, for logistic, 3 of each outcome); returns the positives. */
function requireEnough(
  fitSamples: readonly CutoffSample[],
  model: "logistic" | "ridge",
  fitCutoffs: readonly string[],
): number {
  const nPos = fitSamples.filter((s) => s.positive).length;
  if (
    fitSamples.length < 10 || (model === "logistic" && (nPos < 3 || fitSamples.length - nPos < 3))
  ) {
    throw new RangeError(
      `too few accounts to fit weights at ${
        fitCutoffs.join(", ")
      }: ${fitSamples.length} account-cutoffs, ${nPos} positive ` +
        "(need at least 10, with 3 of each outcome)",
    );
  }
  return nPos;
}

/**
 * Rows of one account, so they stay together in folds and bootstrap resamples:
 * `rowsOf[a]` the rows of account a (first-appearance order), `clusterOf[i]` the account of row i.
 */
function accountRows(fitSamples: readonly CutoffSample[]): {
  rowsOf: number[][];
  clusterOf: number[];
} {
  const accountIndex = new Map<string, number>();
  const rowsOf: number[][] = [];
  const clusterOf = fitSamples.map((s, i) => {
    let a = accountIndex.get(s.account_id);
    if (a === undefined) {
      accountIndex.set(s.account_id, a = rowsOf.length);
      rowsOf.push([]);
    }
    rowsOf[a].push(i);
    return a;
  });
  return { rowsOf, clusterOf };
}

/** Types seen in at least `minAccounts` fit accounts and with a count that varies, by name. */
function keptTypes(
  fitSamples: readonly CutoffSample[],
  minAccounts: number,
): { seen: Seen; kept: KeptType[] } {
  const seen: Seen = new Map();
  for (const s of fitSamples) {
    for (const [t, q] of s.counts) {
      const e = seen.get(t) ?? { accounts: new Set<string>(), occurrences: 0 };
      if (q > 0) e.accounts.add(s.account_id);
      e.occurrences += q;
      seen.set(t, e);
    }
  }
  const n = fitSamples.length;
  const kept: KeptType[] = [];
  for (const [t, e] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (e.accounts.size < minAccounts) continue;
    const mean = e.occurrences / n;
    const sd = standardDeviation(fitSamples.map((s) => s.counts.get(t) ?? 0));
    if (sd > 0) kept.push({ type: t, mean, sd });
  }
  return { seen, kept };
}

/** The penalty with the least held-out loss by k-fold cross-validation over accounts. */
function crossValidatedLambda(
  data: FitData,
  rowsOf: readonly number[][],
  clusterOf: readonly number[],
  rng: Rng,
  options: WeightsOptions,
): { lambda: number; cv: { lambda: number; loss: number }[] } {
  const { model, x, pos, val, pf } = data;
  const n = x.length;
  const nAcc = rowsOf.length;
  const folds = Math.max(2, Math.min(options.folds ?? 5, nAcc));
  const order = shuffled(nAcc, rng);
  const accFold = new Int32Array(nAcc);
  order.forEach((a, r) => (accFold[a] = r % folds));
  const foldOf = clusterOf.map((a) => accFold[a]);
  const cv: { lambda: number; loss: number }[] = [];
  for (const l of options.lambdas ?? [1, 10, 100, 1000, 10000]) {
    let total = 0;
    for (let f = 0; f < folds; f++) {
      const tr: number[] = [], te: number[] = [];
      for (let i = 0; i < n; i++) (foldOf[i] === f ? te : tr).push(i);
      const fit = fitModel(
        model,
        tr.map((i) => x[i]),
        tr.map((i) => pos[i]),
        tr.map((i) => val[i]),
        l,
        pf,
      );
      total += loss(
        model,
        fit,
        te.map((i) => x[i]),
        te.map((i) => pos[i]),
        te.map((i) => val[i]),
      );
    }
    cv.push({ lambda: l, loss: total / n });
  }
  return { lambda: cv.reduce((best, c) => (c.loss < best.loss ? c : best)).lambda, cv };
}

/**
 * Per kept type: the fitted coefficient with its account-bootstrap CI (standardisation
 * fixed), the p-value from the bootstrap SE, Benjamini–Hochberg q over the types, the
 * direction and the coefficient on the IPF's scale; strongest standardised effect first.
 */
function typeWeights(
  data: FitData,
  fit: LinearFit,
  lambda: number,
  rowsOf: readonly number[][],
  types: { kept: readonly KeptType[]; seen: Seen; expert: ReadonlyMap<string, number> },
  options: { resamples: number; level: number; rng: Rng },
): TypeWeight[] {
  const { model, x, pos, val, pf } = data;
  const { kept, seen, expert } = types;
  const coefCi = clusterBootstrap(rowsOf, (sample) => {
    const idx = sample.flat();
    const bp = idx.map((i) => pos[i]);
    if (model === "logistic" && (bp.every((v) => v) || bp.every((v) => !v))) return null;
    return fitModel(model, idx.map((i) => x[i]), bp, idx.map((i) => val[i]), lambda, pf, fit).coef;
  }, {
    resamples: options.resamples,
    rng: options.rng,
    level: options.level,
    components: kept.length,
  });
  const perOcc = fit.coef;
  let sumRv = 0, sumCoef = 0;
  kept.forEach((k, j) => {
    sumRv += Math.abs(expert.get(k.type) ?? 0);
    sumCoef += Math.abs(perOcc[j]);
  });
  const scale = sumCoef > 0 ? sumRv / sumCoef : 0;
  const pValues = kept.map((_, j) => {
    const se = coefCi[j].se;
    if (coefCi[j].resamples < 2) return NaN;
    return se > 0 ? Math.min(1, 2 * normalSf(Math.abs(perOcc[j]) / se)) : perOcc[j] === 0 ? 1 : 0;
  });
  const qValues = benjaminiHochberg(pValues.map((v) => (Number.isNaN(v) ? 1 : v)));
  const weights: TypeWeight[] = kept.map((k, j) => {
    const { low, high } = coefCi[j];
    const significant = qValues[j] < 1 - options.level;
    const rv = expert.get(k.type) ?? 0;
    const sgn = Math.sign(perOcc[j]);
    return {
      interaction_type: k.type,
      expert_rv: rv,
      accounts: seen.get(k.type)!.accounts.size,
      occurrences: seen.get(k.type)!.occurrences,
      coef: perOcc[j],
      coef_std: perOcc[j] * k.sd,
      ci_low: low,
      ci_high: high,
      p_value: pValues[j],
      q_value: qValues[j],
      direction: significant && low > 0
        ? "forward"
        : significant && high < 0
        ? "backward"
        : "unclear",
      suggested_rv: perOcc[j] * scale,
      sign_agrees: sgn === 0 || rv === 0 || sgn === Math.sign(rv),
    };
  });
  return weights.sort((a, b) => Math.abs(b.coef_std) - Math.abs(a.coef_std));
}

/** Σ weight × occurrences over a sample's types. */
function linearScore(s: CutoffSample, w: ReadonlyMap<string, number>): number {
  let z = 0;
  for (const [t, q] of s.counts) z += (w.get(t) ?? 0) * q;
  return z;
}

/**
 * Out-of-time evaluation at the evaluation cutoff: AUC of the tuned and the expert
 * score with stratified bootstrap CIs, and a paired stratified bootstrap of their
 * difference (the same resampled rows score both).
 */
function outOfTime(
  evalSamples: readonly CutoffSample[],
  tunedWeight: ReadonlyMap<string, number>,
  expert: ReadonlyMap<string, number>,
  target: WeightTarget,
  bo: { resamples: number; level: number; seed: number },
): { tuned: ScoreAuc; expert: ScoreAuc; difference: ScoreAuc; positives: number } {
  const evPos = evalSamples.map((s) => s.positive);
  const tuned = evalSamples.map((s) => linearScore(s, tunedWeight));
  // churn is a bad outcome: a high expert RV should predict its absence, so the expert
  // score is negated (the tuned weights orient themselves)
  const sign = target === "churn" ? -1 : 1;
  const exp = evalSamples.map((s) => sign * linearScore(s, expert));
  const tAuc = bootstrapAuc(tuned, evPos, bo);
  const eAuc = bootstrapAuc(exp, evPos, bo);
  // positives and negatives resampled separately (stratified, like bootstrapAuc)
  const both = evPos.some((v) => v) && evPos.some((v) => !v);
  const rows = [...evPos.keys()];
  const order = [...rows.filter((i) => evPos[i]), ...rows.filter((i) => !evPos[i])];
  const diff = clusterBootstrap(order, (idx) => {
    const o = idx.map((i) => evPos[i]);
    return auc(idx.map((i) => tuned[i]), o) - auc(idx.map((i) => exp[i]), o);
  }, {
    resamples: both ? bo.resamples : 0,
    level: bo.level,
    seed: bo.seed ^ 0x5eed,
    strata: (i) => evPos[i],
  });
  return {
    tuned: { auc: tAuc.auc, low: tAuc.low, high: tAuc.high },
    expert: { auc: eAuc.auc, low: eAuc.low, high: eAuc.high },
    difference: { auc: tAuc.auc - eAuc.auc, low: diff.low, high: diff.high },
    positives: evPos.filter((v) => v).length,
  };
}
