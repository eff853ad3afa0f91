/**
 * `validate`: back-tests RV and the lagging baselines as leading indicators on a
 * data set, and says plainly whether RV leads here.
 *
 * For every target × predictor: AUC over all (account, cutoff) observations with a
 * cluster bootstrap CI and p-value (accounts resampled), Holm-adjusted across the
 * table; for RV predictors the lead in months from the lagged cross-correlation of
 * within-account RV and money changes (revenue, and profit before interaction costs), and a
 * pooled panel Granger F-test on the same month-on-month changes (does RV's past improve an
 * autoregression of money?); lift and gain by decile per row. Per target a verdict: RV leads when its best
 * predictor's CI excludes 0.5 after adjustment and a paired bootstrap shows it
 * beating the best baseline.
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { buildPanel, type Panel } from "./panel.ts";
import {
  type Observation,
  observations,
  PREDICTORS,
  type ProtocolOptions,
  RV_PREDICTORS,
  TARGETS,
} from "./protocol.ts";
import { clusterBootstrapAuc, weightedAucSorted } from "../stats/cluster_bootstrap_auc.ts";
import { holm } from "../stats/adjust.ts";
import { auc } from "../stats/auc.ts";
import { leadLag } from "./cross_correlation.ts";
import { panelGranger } from "./granger.ts";
import { gainByDecile } from "../stats/roc.ts";
import { clusterBootstrap, clusterIndices } from "../stats/bootstrap.ts";

/** Options for {@linkcode validate}. */
export interface ValidateOptions extends ProtocolOptions {
  /** seed of every bootstrap; default 1 */
  seed?: number;
  /** bootstrap resamples; default 500 */
  resamples?: number;
  /** lags of the panel Granger F-test, in months; default 6 */
  grangerLags?: number;
}

/** One row of the results table (the CLI contract's keys). */
export interface ResultRow {
  target: string;
  predictor: string;
  horizon: number;
  auc: number;
  auc_ci_low: number;
  auc_ci_high: number;
  p_value: number;
  p_adjusted: number;
  lead_periods: number | null;
  n: number;
  n_positive: number;
  /** share of all positives among the top 10 % by predictor (cumulative gain at decile 1) */
  gain_top10: number;
  /** gain_top10 ÷ 0.1: how many times the base rate the top decile holds */
  lift_top10: number;
  /** cumulative gain and lift at deciles 1…10 (highest predictor first) */
  deciles: { decile: number; gain: number; lift: number }[];
}

/** Per target: does RV lead, compared with the best baseline? */
export interface Verdict {
  target: string;
  best_rv: string | null;
  best_rv_auc: number | null;
  best_baseline: string | null;
  best_baseline_auc: number | null;
  /**
   * the baseline that predicts best in either direction (marked "(reversed)" when a lower
   * value means a better future) and its AUC in that direction; then the paired cluster
   * bootstrap of AUC(best RV) − AUC(best baseline)
   */
  difference: number | null;
  difference_ci_low: number | null;
  difference_ci_high: number | null;
  rv_leads: boolean;
  reason: string;
}

const usable = (obs: Observation[], target: string, predictor: string) =>
  obs.filter((o) =>
    o.targets[target as keyof Observation["targets"]] !== null &&
    o.predictors[predictor as keyof Observation["predictors"]] !== null
  );

/**
 * Paired cluster bootstrap of the AUC difference of two predictors on the same observations.
 *
 * Why: both AUCs are computed on the same resample of accounts (clusters), so the
 * interval reflects the correlation between them and repeated cutoffs of one account.
 *
 * Complexity: O(resamples × n).
 *
 * @example
 * ```ts
 * import { pairedAucDifference } from "./validate.ts";
 * const a = [0.9, 0.8, 0.3, 0.2], b = [0.1, 0.8, 0.3, 0.9];
 * pairedAucDifference(a, b, [true, true, false, false], ["a", "b", "c", "d"]).difference; // => 0.75
 * ```
 */
export function pairedAucDifference(
  a: readonly number[],
  b: readonly number[],
  outcomes: readonly boolean[],
  clusters: readonly string[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): { difference: number; low: number; high: number } {
  const orderA = a.map((_, i) => i).sort((x, y) => a[x] - a[y]);
  const orderB = b.map((_, i) => i).sort((x, y) => b[x] - b[y]);
  const weights = new Float64Array(a.length);
  const ci = clusterBootstrap(clusterIndices(clusters), (sample) => {
    weights.fill(0);
    for (const g of sample) for (const i of g) weights[i]++;
    return weightedAucSorted(orderA, a, outcomes, weights) -
      weightedAucSorted(orderB, b, outcomes, weights);
  }, { resamples: options.resamples ?? 500, seed: options.seed, level: options.level });
  return { difference: auc(a, outcomes) - auc(b, outcomes), low: ci.low, high: ci.high };
}

/**
 * Runs the back-test on the canonical tables in the engine (or, with a PostgreSQL
 * client and the POSTGRES dialect, on the server: the monthly panel is built there).
 *
 * Complexity: O(cutoffs × panel rows + targets × predictors × resamples × n log n).
 *
 * @example
 * ```ts
 * import { validate } from "./validate.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const v = await validate(engine, { horizon: 3, seed: 1 });
 * v.verdicts.find((x) => x.target === "revenue_growing")?.rv_leads;
 * ```
 */
export async function validate(
  engine: SqlRunner,
  options: ValidateOptions = {},
  dialect: Dialect = DUCKDB,
) {
  const panel = await buildPanel(engine, dialect);
  return validatePanel(panel, options);
}

/** What {@linkcode validatePanel} returns: the whole back-test, typed, for the renderers. */
export interface Validation {
  horizon: number;
  seed: number;
  cutoffs: string[];
  accounts: number;
  observations: number;
  results: ResultRow[];
  verdicts: Verdict[];
  lead_lag: Leads;
  granger: Granger;
  notes: string[];
}

/** Lead of RV over each money series, from within-account changes. */
export interface Leads {
  profit: ReturnType<typeof leadLag>;
  revenue: ReturnType<typeof leadLag>;
}

/** Pooled panel Granger F-tests of RV's past on each money series. */
export interface Granger {
  lags: number;
  profit: ReturnType<typeof panelGranger>;
  revenue: ReturnType<typeof panelGranger>;
}

/** RV and money series of one account (months with revenue). */
interface MoneySeries {
  rv: number[];
  profit: number[];
  revenue: number[];
}

/**
 * The back-test on a panel already built (see {@linkcode validate}), in named steps:
 * data notes, per-account money series, lead–lag and Granger on them, the AUC table,
 * and a verdict per target.
 *
 * Why: separates the SQL (building the panel) from the statistics, so the panel can
 * be built once and validated with several options.
 *
 * Complexity: O(cutoffs × panel rows + resamples × observations).
 *
 * @example
 * ```ts
 * import { validatePanel } from "./validate.ts";
 * import { buildPanel } from "./panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const v = validatePanel(await buildPanel(engine), { resamples: 100 });
 * console.log(v.verdicts);
 * ```
 */
export function validatePanel(panel: Panel, options: ValidateOptions = {}): Validation {
  const horizon = options.horizon ?? 3;
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 500;
  const { cutoffs, observations: obs } = observations(panel, options);
  const series = moneySeries(panel);
  const leads = leadsOf(series, seed);
  const results = aucTable(obs, leads, { horizon, seed, resamples });
  return {
    horizon,
    seed,
    cutoffs,
    accounts: new Set(obs.map((o) => o.account_id)).size,
    observations: obs.length,
    results,
    verdicts: TARGETS.map((target) => verdict(target, results, obs, { seed, resamples })),
    lead_lag: leads,
    granger: grangerOf(series, options.grangerLags ?? 6),
    notes: dataNotes(panel, cutoffs.length, { ...options, horizon }),
  };
}

/** What the data cannot measure (no money, wallet, NPS, or too few months). */
function dataNotes(
  panel: Panel,
  cutoffs: number,
  options: ValidateOptions & { horizon: number },
): string[] {
  const notes: string[] = [];
  if (!panel.has_money) {
    notes.push(
      "the data has no revenue: money targets cannot be measured, so RV cannot be tested as a leading indicator here",
    );
  }
  if (!panel.has_wallet) notes.push("no wallet data: share-of-wallet growth is not measured");
  if (!panel.has_nps) notes.push("no NPS: the NPS baseline is not available");
  if (cutoffs === 0) {
    notes.push(
      `too few months (${panel.months.length}) for a cutoff with ${
        options.history ?? 6
      } months of history and a ${options.horizon}-month horizon`,
    );
  }
  return notes;
}

/** Per account with at least 4 months of revenue: its RV, margin and revenue series. */
function moneySeries(panel: Panel): MoneySeries[] {
  const byAccount = new Map<string, MoneySeries>();
  for (const r of panel.rows) {
    if (r.revenue === null) continue;
    const s = byAccount.get(r.account_id) ?? { rv: [], profit: [], revenue: [] };
    s.rv.push(r.rv);
    // the margin (profit before interaction costs): the panel's profit subtracts this month's
    // interaction cost, which moves with RV mechanically and would fake a lead–lag relation
    s.profit.push((r.profit ?? 0) + r.cost);
    s.revenue.push(r.revenue);
    byAccount.set(r.account_id, s);
  }
  return [...byAccount.values()].filter((s) => s.rv.length >= 4);
}

/** Lead of RV over profit and revenue from within-account changes. */
function leadsOf(series: readonly MoneySeries[], seed: number): Leads {
  return {
    profit: leadLag(series.map((s) => ({ x: s.rv, y: s.profit })), { seed, resamples: 200 }),
    revenue: leadLag(series.map((s) => ({ x: s.rv, y: s.revenue })), { seed, resamples: 200 }),
  };
}

/**
 * Granger on month-on-month changes (differencing removes each account's level, which a
 * pooled regression would otherwise let RV's lags stand in for).
 */
function grangerOf(series: readonly MoneySeries[], lags: number): Granger {
  const diff = (v: number[]) => v.slice(1).map((x, i) => x - v[i]);
  return {
    lags,
    profit: panelGranger(series.map((s) => ({ x: diff(s.rv), y: diff(s.profit) })), lags),
    revenue: panelGranger(series.map((s) => ({ x: diff(s.rv), y: diff(s.revenue) })), lags),
  };
}

/** AUC with cluster-bootstrap CI, lead and gain per target × predictor, Holm-adjusted. */
function aucTable(
  obs: Observation[],
  leads: Leads,
  options: { horizon: number; seed: number; resamples: number },
): ResultRow[] {
  const { horizon, seed, resamples } = options;
  const rows: Omit<ResultRow, "p_adjusted">[] = [];
  for (const target of TARGETS) {
    for (const predictor of PREDICTORS) {
      const u = usable(obs, target, predictor);
      const outcomes = u.map((o) => o.targets[target]!);
      const pos = outcomes.filter(Boolean).length;
      if (u.length < 10 || pos === 0 || pos === u.length) continue;
      const scores = u.map((o) => o.predictors[predictor]!);
      const deciles = gainByDecile(scores, outcomes);
      const b = clusterBootstrapAuc(
        scores,
        outcomes,
        u.map((o) => o.account_id),
        { seed, resamples },
      );
      const lead = RV_PREDICTORS.includes(predictor)
        ? (target === "top20_profit" ? leads.profit.lead : leads.revenue.lead)
        : null;
      rows.push({
        target,
        predictor,
        horizon,
        auc: b.auc,
        auc_ci_low: b.low,
        auc_ci_high: b.high,
        p_value: b.p,
        lead_periods: lead,
        n: u.length,
        n_positive: pos,
        gain_top10: deciles[0].gain,
        lift_top10: deciles[0].lift,
        deciles,
      });
    }
  }
  const adjusted = holm(rows.map((r) => r.p_value));
  return rows.map((r, i) => ({ ...r, p_adjusted: adjusted[i] }));
}

/**
 * Does RV lead for this target: its best predictor against the best baseline (in
 * whichever direction that predicts better), with a paired cluster bootstrap of the
 * AUC difference.
 */
function verdict(
  target: (typeof TARGETS)[number],
  results: readonly ResultRow[],
  obs: Observation[],
  options: { seed: number; resamples: number },
): Verdict {
  const t = results.filter((r) => r.target === target);
  const rv = t.filter((r) => RV_PREDICTORS.includes(r.predictor))
    .sort((a, b) => b.auc - a.auc)[0];
  // a baseline counts in whichever direction predicts better (falling revenue can be read as a
  // warning or as mean reversion): RV is only said to lead when it beats that
  const strength = (r: ResultRow) => Math.max(r.auc, 1 - r.auc);
  const base = t.filter((r) => !RV_PREDICTORS.includes(r.predictor))
    .sort((a, b) => strength(b) - strength(a))[0];
  const reversed = base ? base.auc < 0.5 : false;
  const baseName = base ? `${base.predictor}${reversed ? " (reversed)" : ""}` : null;
  const baseAuc = base ? strength(base) : null;
  const none = { difference: null, difference_ci_low: null, difference_ci_high: null };
  if (!rv) {
    return {
      target,
      best_rv: null,
      best_rv_auc: null,
      best_baseline: baseName,
      best_baseline_auc: baseAuc,
      ...none,
      rv_leads: false,
      reason: "not measurable on this data",
    };
  }
  type Key = keyof Observation["predictors"];
  let diff: { difference: number; low: number; high: number } | null = null;
  if (base) {
    const both = obs.filter((o) =>
      o.targets[target] !== null && o.predictors[rv.predictor as Key] !== null &&
      o.predictors[base.predictor as Key] !== null
    );
    diff = pairedAucDifference(
      both.map((o) => o.predictors[rv.predictor as Key]!),
      both.map((o) => (reversed ? -1 : 1) * o.predictors[base.predictor as Key]!),
      both.map((o) => o.targets[target]!),
      both.map((o) => o.account_id),
      options,
    );
  }
  const significant = rv.auc_ci_low > 0.5 && rv.p_adjusted < 0.05;
  const beats = !diff || diff.low > 0;
  return {
    target,
    best_rv: rv.predictor,
    best_rv_auc: rv.auc,
    best_baseline: baseName,
    best_baseline_auc: baseAuc,
    difference: diff?.difference ?? null,
    difference_ci_low: diff?.low ?? null,
    difference_ci_high: diff?.high ?? null,
    rv_leads: significant && beats,
    reason: verdictReason(rv, significant, baseName, baseAuc, diff),
  };
}

/** The verdict in one sentence (figures to 3 decimals). */
function verdictReason(
  rv: ResultRow,
  significant: boolean,
  baseName: string | null,
  baseAuc: number | null,
  diff: { difference: number; low: number; high: number } | null,
): string {
  const f = (x: number) => x.toFixed(3);
  const beats = !diff || diff.low > 0;
  return !significant
    ? `RV does not separate the outcomes better than chance here (best ${rv.predictor}: AUC ${
      f(rv.auc)
    }, CI ${f(rv.auc_ci_low)}–${f(rv.auc_ci_high)}, adjusted p ${rv.p_adjusted.toPrecision(2)})`
    : !beats
    ? `RV predicts (AUC ${f(rv.auc)}) but does not beat the best baseline ${baseName} (AUC ${
      f(baseAuc!)
    }; difference CI ${f(diff!.low)} to ${f(diff!.high)})`
    : `RV leads: ${rv.predictor} AUC ${f(rv.auc)} (CI ${f(rv.auc_ci_low)}–${f(rv.auc_ci_high)})` +
      (diff
        ? `, above ${baseName} (AUC ${f(baseAuc!)}) by ${f(diff.difference)} (CI ${
          f(diff.low)
        } to ${f(diff.high)})`
        : "");
}
