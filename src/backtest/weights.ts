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
 * - `revenue_growth`: positive when revenue in [c, c + h) > revenue in [c − h, c);
 *   continuous version log((after + 1) / (before + 1));
 * - `profit_top20`: positive when profit in [c, c + h) is in the top 20 % of the sample
 *   (⌈0.2 n⌉ accounts by rank, ties by account id: `topShare` of `segments/definitions.ts`;
 *   profit as in the data model: gross_profit or revenue − cost_to_serve − interaction
 *   cost); continuous version: that profit;
 * - `churn`: positive when revenue in [c, c + h) is 0; continuous version 0/1 (a bad
 *   outcome: the expert score is negated in the evaluation, so higher RV = less churn).
 * - Types kept: seen in at least `minAccounts` sample accounts at the fit cutoffs. Counts
 *   are standardised with the fit sample's mean and standard deviation before fitting, so
 *   the penalty treats types alike; coefficients are reported back per occurrence.
 * - The penalty λ is chosen from a grid by k-fold cross-validation on the fit sample
 *   (folds of accounts by seeded shuffle; log-loss for logistic, squared error for ridge).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date, timestamp } from "../sql/literal.ts";
import { addPeriods } from "../util/periods.ts";
import { mulberry32, type Rng } from "../util/random.ts";
import { auc } from "../stats/auc.ts";
import { bootstrapAuc } from "../stats/bootstrap_auc.ts";
import { clusterBootstrap } from "../stats/bootstrap.ts";
import { normalSf } from "../stats/normal.ts";
import { benjaminiHochberg } from "../stats/adjust.ts";
import { topShare } from "../segments/definitions.ts";

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
 * Accounts, type counts and target at a cutoff, in SQL over the canonical tables
 * `interactions`, `ipf` (variable costs) and `financials`. Money sums are rounded to 6
 * decimals so that DuckDB's parallel (unordered) double sums give the same result every run.
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
  options: { window: number; horizon: number; target: WeightTarget },
): Promise<CutoffSample[]> {
  const c = cutoff.replace(/[^0-9-]/g, "");
  const from = addPeriods(c, "month", -options.window);
  const before = addPeriods(c, "month", -options.horizon);
  const after = addPeriods(c, "month", options.horizon);
  const money = await engine.query<{
    account_id: string;
    rev_before: number;
    rev_after: number;
    profit_after: number;
  }>(
    `WITH f AS (
       SELECT account_id,
              sum(CASE WHEN period >= ${date(before)} AND period < ${
      date(c)
    } THEN revenue ELSE 0 END) AS rev_before,
              sum(CASE WHEN period >= ${date(c)} AND period < ${
      date(after)
    } THEN revenue ELSE 0 END) AS rev_after,
              sum(CASE WHEN period >= ${date(c)} AND period < ${date(after)}
                       THEN coalesce(gross_profit, revenue) - coalesce(cost_to_serve, 0) ELSE 0 END) AS gp_after
       FROM financials GROUP BY account_id),
     ic AS (
       SELECT i.account_id, sum(coalesce(i.cost, i.quantity * p.variable_cost)) AS cost
       FROM interactions i JOIN ipf p USING (interaction_type)
       WHERE i.occurred_at >= ${timestamp(c)} AND i.occurred_at < ${timestamp(after)}
       GROUP BY i.account_id)
     SELECT f.account_id, round(f.rev_before, 6) AS rev_before, round(f.rev_after, 6) AS rev_after,
            round(f.gp_after - coalesce(ic.cost, 0), 6) AS profit_after
     FROM f LEFT JOIN ic USING (account_id)
     WHERE f.rev_before > 0 ORDER BY f.account_id`,
  );
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
    switch (options.target) {
      case "revenue_growth":
        return {
          account_id: r.account_id,
          counts,
          positive: r.rev_after > r.rev_before,
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
          positive: r.rev_after <= 0,
          value: r.rev_after <= 0 ? 1 : 0,
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
  const minAccounts = options.minAccounts ?? 5;
  for (const [k, v] of Object.entries({ window, horizon })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${k} must be a whole number of months >= 1, found ${v}`);
    }
  }
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
  const ipf = await engine.query<{ interaction_type: string; rv: number }>(
    "SELECT interaction_type, rv FROM ipf ORDER BY interaction_type",
  );
  const expert = new Map(ipf.map((t) => [t.interaction_type, t.rv]));
  const step = options.step ?? 3;
  const fitCutoffs = [fitCutoff];
  for (let k = 1; k < (options.fitCutoffs ?? 4); k++) {
    const c = addPeriods(fitCutoff, "month", -k * step);
    // the revenue before the cutoff must be in the data
    if (addPeriods(c, "month", -horizon) < range.first!.slice(0, 7) + "-01") break;
    fitCutoffs.push(c);
  }
  const fitSamples: CutoffSample[] = [];
  for (const c of fitCutoffs) {
    fitSamples.push(...(await samplesAtCutoff(engine, c, { window, horizon, target })));
  }
  // rows of one account stay together in folds and bootstrap resamples
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
  const evalSamples = await samplesAtCutoff(engine, evalCutoff, { window, horizon, target });
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

  // kept types and standardisation
  const seen = new Map<string, { accounts: Set<string>; occurrences: number }>();
  for (const s of fitSamples) {
    for (const [t, q] of s.counts) {
      const e = seen.get(t) ?? { accounts: new Set<string>(), occurrences: 0 };
      if (q > 0) e.accounts.add(s.account_id);
      e.occurrences += q;
      seen.set(t, e);
    }
  }
  const n = fitSamples.length;
  const kept: { type: string; mean: number; sd: number }[] = [];
  for (const [t, e] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (e.accounts.size < minAccounts) continue;
    const mean = e.occurrences / n;
    let ss = 0;
    for (const s of fitSamples) ss += ((s.counts.get(t) ?? 0) - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    if (sd > 0) kept.push({ type: t, mean, sd });
  }
  // raw counts with the penalty scaled by each type's variance: the same fit as on
  // standardised counts (the centring goes into the intercept), but sparse rows
  const design = (samples: CutoffSample[]) =>
    samples.map((s) => kept.map((k) => s.counts.get(k.type) ?? 0));
  const pf = kept.map((k) => k.sd * k.sd);
  const x = design(fitSamples);
  const pos = fitSamples.map((s) => s.positive);
  const val = fitSamples.map((s) => s.value);

  // penalty by k-fold cross-validation
  const rng = mulberry32(seed);
  const cv: { lambda: number; loss: number }[] = [];
  let lambda = options.lambda ?? NaN;
  if (options.lambda === undefined) {
    const nAcc = rowsOf.length;
    const folds = Math.max(2, Math.min(options.folds ?? 5, nAcc));
    const order = shuffled(nAcc, rng);
    const accFold = new Int32Array(nAcc);
    order.forEach((a, r) => (accFold[a] = r % folds));
    const foldOf = clusterOf.map((a) => accFold[a]);
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
    lambda = cv.reduce((best, c) => (c.loss < best.loss ? c : best)).lambda;
  }
  const fit = fitModel(model, x, pos, val, lambda, pf);

  // bootstrap CIs of the coefficients (accounts resampled, standardisation fixed); the
  // generator continues the cross-validation's stream
  const coefCi = clusterBootstrap(rowsOf, (sample) => {
    const idx = sample.flat();
    const bp = idx.map((i) => pos[i]);
    if (model === "logistic" && (bp.every((v) => v) || bp.every((v) => !v))) return null;
    return fitModel(model, idx.map((i) => x[i]), bp, idx.map((i) => val[i]), lambda, pf, fit).coef;
  }, { resamples, rng, level, components: kept.length });
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
    const significant = qValues[j] < 1 - level;
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
  weights.sort((a, b) => Math.abs(b.coef_std) - Math.abs(a.coef_std));

  // out-of-time evaluation
  const tunedWeight = new Map(kept.map((k, j) => [k.type, perOcc[j]]));
  const score = (s: CutoffSample, w: Map<string, number>) => {
    let z = 0;
    for (const [t, q] of s.counts) z += (w.get(t) ?? 0) * q;
    return z;
  };
  const evPos = evalSamples.map((s) => s.positive);
  const tuned = evalSamples.map((s) => score(s, tunedWeight));
  // churn is a bad outcome: a high expert RV should predict its absence, so the expert
  // score is negated (the tuned weights orient themselves)
  const sign = target === "churn" ? -1 : 1;
  const exp = evalSamples.map((s) => sign * score(s, expert));
  const bo = { resamples: Math.max(resamples, 200), level, seed };
  const tAuc = bootstrapAuc(tuned, evPos, bo);
  const eAuc = bootstrapAuc(exp, evPos, bo);
  // paired: the same resampled evaluation rows score both, positives and negatives
  // resampled separately (stratified, like bootstrapAuc)
  const both = evPos.some((v) => v) && evPos.some((v) => !v);
  const rows = [...evPos.keys()];
  const order = [...rows.filter((i) => evPos[i]), ...rows.filter((i) => !evPos[i])];
  const diff = clusterBootstrap(order, (idx) => {
    const o = idx.map((i) => evPos[i]);
    return auc(idx.map((i) => tuned[i]), o) - auc(idx.map((i) => exp[i]), o);
  }, { resamples: both ? bo.resamples : 0, level, seed: seed ^ 0x5eed, strata: (i) => evPos[i] });
  const inSample = auc(fitSamples.map((s) => score(s, tunedWeight)), pos);
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
    n_fit: n,
    n_fit_positive: nPos,
    n_fit_accounts: rowsOf.length,
    n_eval: evalSamples.length,
    n_eval_positive: evPos.filter((v) => v).length,
    intercept: fit.intercept,
    weights,
    dropped: ipf.map((t) => t.interaction_type).filter((t) => !keptSet.has(t)),
    evaluation: {
      tuned: { auc: tAuc.auc, low: tAuc.low, high: tAuc.high },
      expert: { auc: eAuc.auc, low: eAuc.low, high: eAuc.high },
      difference: {
        auc: tAuc.auc - eAuc.auc,
        low: diff.low,
        high: diff.high,
      },
      tuned_in_sample: inSample,
    },
    resamples,
    level,
    seed,
  };
}
