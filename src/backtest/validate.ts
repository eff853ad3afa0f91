/**
 * `validate`: back-tests RV and the lagging baselines as leading indicators on a
 * data set, and says plainly whether RV leads here.
 *
 * For every target × predictor: AUC over all (account, cutoff) observations with a
 * cluster bootstrap CI and p-value (accounts resampled), Holm-adjusted across the
 * table, tested only when at least 10 distinct accounts have a positive outcome and 10 a
 * negative one (else the row is `not_testable`, its figures null); for RV predictors the lead in months from the lagged cross-correlation of
 * within-account RV and money changes (revenue, and profit before interaction costs), and a
 * pooled panel Granger F-test on the same month-on-month changes (does RV's past improve an
 * autoregression of money?); lift and gain by decile per row. The lead (`lead_lag.<target>.verdict`)
 * is claimed only when it beats lag 0 with the choice of the lag inside the bootstrap and
 * survives Holm over profit and revenue (see `leadLag`); `lead_periods` is set only then. Per
 * target a verdict: RV leads when its best predictor's CI excludes 0.5 after adjustment and
 * a paired bootstrap, picking the best RV predictor and the best baseline again in every
 * resample, shows it beating the best baseline.
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
import {
  aucFromResamples,
  aucRuns,
  type ClusterBootstrapAuc,
  resampledAucs,
  runsAuc,
} from "../stats/cluster_bootstrap_auc.ts";
import { holm } from "../stats/adjust.ts";
import { auc } from "../stats/auc.ts";
import { adjustLeads, type LeadLag, leadLag } from "./cross_correlation.ts";
import { panelGranger } from "./granger.ts";
import { gainByDecile } from "../stats/roc.ts";
import { clusterCountBootstrap, clusterNumbers } from "../stats/bootstrap.ts";
import { bestAucDifferenceOfResamples } from "../stats/best_auc_difference.ts";
import type { ProgressEvent } from "../util/progress.ts";

/** Fewest distinct accounts with a positive (and with a negative) outcome for an AUC test. */
export const MIN_OUTCOME_ACCOUNTS = 10;

/** Options for {@linkcode validate}. */
export interface ValidateOptions extends ProtocolOptions {
  /** seed of every bootstrap; default 1 */
  seed?: number;
  /** bootstrap resamples; default 500 */
  resamples?: number;
  /** lags of the panel Granger F-test, in months; default 6 */
  grangerLags?: number;
  /** how far the back-test is (label `back-test`, {@linkcode BACKTEST_STEPS}), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
}

/** The steps of the back-test as it reports them to `onProgress`. */
export const BACKTEST_STEPS: readonly string[] = [
  "panel",
  "observations",
  "lead-lag",
  ...TARGETS.map((t) => `AUC ${t}`),
  "verdicts",
  "Granger",
];

/** Reports that `step` starts (null: all done). */
function backtestStep(options: ValidateOptions, step: string | null): void {
  const total = BACKTEST_STEPS.length;
  options.onProgress?.({
    label: "back-test",
    done: step === null ? total : BACKTEST_STEPS.indexOf(step),
    total,
    unit: "steps",
    detail: step ?? undefined,
  });
}

/**
 * One row of the results table (the CLI contract's keys). A `not_testable` row (fewer
 * than {@linkcode MIN_OUTCOME_ACCOUNTS} distinct accounts with a positive, or with a
 * negative, outcome) keeps every key, with `auc`, its CI, `p_value`, `p_adjusted`, gain
 * and lift null and the deciles empty.
 */
export interface ResultRow {
  target: string;
  predictor: string;
  horizon: number;
  /** `tested`, or `not_testable` with `reason` */
  status: "tested" | "not_testable";
  reason: string | null;
  auc: number | null;
  auc_ci_low: number | null;
  auc_ci_high: number | null;
  p_value: number | null;
  /** Holm over the tested rows of the table */
  p_adjusted: number | null;
  /** the lead of RV over the target's money series, only when its verdict is `leads` */
  lead_periods: number | null;
  n: number;
  n_positive: number;
  /** distinct accounts with a positive / with a negative outcome */
  positive_accounts: number;
  negative_accounts: number;
  /** share of all positives among the top 10 % by predictor (cumulative gain at decile 1) */
  gain_top10: number | null;
  /** gain_top10 ÷ 0.1: how many times the base rate the top decile holds */
  lift_top10: number | null;
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
   * value means a better future) and its AUC in that direction; then AUC(best RV) −
   * AUC(best baseline) with a paired cluster bootstrap that picks the best RV predictor
   * and the best baseline (and its direction) again in every resample
   */
  difference: number | null;
  difference_ci_low: number | null;
  difference_ci_high: number | null;
  rv_leads: boolean;
  reason: string;
}

/**
 * Whether the back-test reads a predictor reversed (a lower value means a better
 * future): a baseline whose AUC is below 0.5. A baseline counts in whichever direction
 * predicts better (falling revenue can be read as a warning or as mean reversion); RV
 * predictors are always read as they are. The verdicts and the ROC and gain charts use
 * this one rule.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { readsReversed } from "./validate.ts";
 * readsReversed({ predictor: "profit_last", auc: 0.38 }); // => true
 * readsReversed({ predictor: "rv_trend", auc: 0.38 }); // => false
 * ```
 */
export function readsReversed(r: { predictor: string; auc: number | null }): boolean {
  return !RV_PREDICTORS.includes(r.predictor) && r.auc !== null && r.auc < 0.5;
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
  const { of, count } = clusterNumbers(clusters);
  const runsOf = (s: readonly number[]) =>
    aucRuns(s.map((_, i) => i).sort((x, y) => s[x] - s[y]), s, outcomes, of, count);
  const runsA = runsOf(a), runsB = runsOf(b);
  const ci = clusterCountBootstrap(
    count,
    (counts) => runsAuc(runsA, counts) - runsAuc(runsB, counts),
    { resamples: options.resamples ?? 500, seed: options.seed, level: options.level },
  );
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
  backtestStep(options, "panel");
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

/** A lead with the out-of-time split named by its month. */
export type NamedLead = LeadLag & {
  out_of_time: (NonNullable<LeadLag["out_of_time"]> & { split_month: string | null }) | null;
};

/** Lead of RV over each money series, from within-account changes (Holm over the two). */
export interface Leads {
  profit: NamedLead;
  revenue: NamedLead;
}

/** Pooled panel Granger F-tests of RV's past on each money series. */
export interface Granger {
  lags: number;
  profit: ReturnType<typeof panelGranger>;
  revenue: ReturnType<typeof panelGranger>;
}

/** RV and money series of one account (months with revenue). */
interface MoneySeries {
  /** index in the panel's months of the first month */
  start: number;
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
  backtestStep(options, "observations");
  return validateObservations(panel, observations(panel, options), options);
}

/**
 * {@linkcode validatePanel} on the protocol's observations already made from the panel
 * with the same options (`observations(panel, options)`).
 *
 * Why: a caller that needs the observations too (the report's ROC and gain curves)
 * makes them, and fits BG/NBD and Gamma-Gamma at each cutoff, once.
 *
 * Complexity: O(panel rows + resamples × observations).
 *
 * @example
 * ```ts
 * import { validateObservations } from "./validate.ts";
 * import { observations } from "./protocol.ts";
 * import { buildPanel } from "./panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await buildPanel(engine);
 * const v = validateObservations(panel, observations(panel), { resamples: 100 });
 * console.log(v.verdicts);
 * ```
 */
export function validateObservations(
  panel: Panel,
  protocol: { cutoffs: string[]; observations: Observation[] },
  options: ValidateOptions = {},
): Validation {
  const horizon = options.horizon ?? 3;
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 500;
  const { cutoffs, observations: obs } = protocol;
  backtestStep(options, "lead-lag");
  const series = moneySeries(panel);
  const leads = leadsOf(series, seed, panel.months);
  const boots = TARGETS.map((target) => {
    backtestStep(options, `AUC ${target}`);
    return bootstrapsOf(obs, target, { seed, resamples });
  });
  const results = aucTable(leads, boots, horizon);
  backtestStep(options, "verdicts");
  const verdicts = TARGETS.map((target, t) =>
    verdict(target, results, obs, boots[t], { seed, resamples })
  );
  backtestStep(options, "Granger");
  const granger = grangerOf(series, options.grangerLags ?? 6);
  backtestStep(options, null);
  return {
    horizon,
    seed,
    cutoffs,
    accounts: new Set(obs.map((o) => o.account_id)).size,
    observations: obs.length,
    results,
    verdicts,
    lead_lag: leads,
    granger,
    notes: [
      ...dataNotes(panel, cutoffs.length, { ...options, horizon }),
      ...untestableNotes(results),
    ],
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

/** The AUC rows not tested for too few accounts with an outcome, in one note per target. */
function untestableNotes(results: readonly ResultRow[]): string[] {
  const out: string[] = [];
  for (const target of TARGETS) {
    const rows = results.filter((r) => r.target === target && r.status === "not_testable");
    if (rows.length) out.push(`${target}: AUC not tested (${rows[0].reason})`);
  }
  return out;
}

/** Per account with at least 4 months of revenue: its RV, margin and revenue series. */
function moneySeries(panel: Panel): MoneySeries[] {
  const byAccount = new Map<string, MoneySeries>();
  const monthAt = new Map(panel.months.map((m, i) => [m, i]));
  for (const r of panel.rows) {
    if (r.revenue === null) continue;
    const s = byAccount.get(r.account_id) ??
      { start: monthAt.get(r.period) ?? 0, rv: [], profit: [], revenue: [] };
    s.rv.push(r.rv);
    // the margin (profit before interaction costs): the panel's profit subtracts this month's
    // interaction cost, which moves with RV mechanically and would fake a lead–lag relation
    s.profit.push((r.profit ?? 0) + r.cost);
    s.revenue.push(r.revenue);
    byAccount.set(r.account_id, s);
  }
  return [...byAccount.values()].filter((s) => s.rv.length >= 4);
}

/**
 * Lead of RV over profit and revenue from within-account changes, Holm-adjusted over the
 * two; the out-of-time split named by its month.
 */
function leadsOf(series: readonly MoneySeries[], seed: number, months: readonly string[]): Leads {
  const leads = adjustLeads({
    profit: leadLag(series.map((s) => ({ x: s.rv, y: s.profit, start: s.start })), {
      seed,
      resamples: 200,
    }),
    revenue: leadLag(series.map((s) => ({ x: s.rv, y: s.revenue, start: s.start })), {
      seed,
      resamples: 200,
    }),
  });
  const named = (l: LeadLag): NamedLead => ({
    ...l,
    out_of_time: l.out_of_time &&
      { ...l.out_of_time, split_month: months[l.out_of_time.split_at] ?? null },
  });
  return { profit: named(leads.profit), revenue: named(leads.revenue) };
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

/**
 * AUC with cluster-bootstrap CI, lead and gain per target × predictor, Holm-adjusted; the
 * bootstraps of each target (in the order of `TARGETS`) from {@linkcode bootstrapsOf}.
 */
function aucTable(
  leads: Leads,
  bootstraps: readonly TargetBootstraps[],
  horizon: number,
): ResultRow[] {
  const rows: Omit<ResultRow, "p_adjusted">[] = [];
  for (const [t, target] of TARGETS.entries()) {
    // the lead is attached only where it is claimed
    const money = target === "top20_profit" ? leads.profit : leads.revenue;
    const lead = money.verdict === "leads" ? money.lead : null;
    const { usables, boots } = bootstraps[t];
    PREDICTORS.forEach((predictor, k) => {
      const u = usables[k];
      if (u.length === 0) return;
      const outcomes = u.map((o) => o.targets[target]!);
      const pos = outcomes.filter(Boolean).length;
      const { posAccounts, negAccounts } = outcomeAccounts(u, target);
      const row = {
        target,
        predictor,
        horizon,
        lead_periods: RV_PREDICTORS.includes(predictor) ? lead : null,
        n: u.length,
        n_positive: pos,
        positive_accounts: posAccounts,
        negative_accounts: negAccounts,
      };
      const b = boots[k];
      if (!b) {
        rows.push({
          ...row,
          status: "not_testable",
          reason:
            `too few accounts with the outcome: ${posAccounts} with a positive and ${negAccounts} with a negative one (at least ${MIN_OUTCOME_ACCOUNTS} of each needed)`,
          auc: null,
          auc_ci_low: null,
          auc_ci_high: null,
          p_value: null,
          gain_top10: null,
          lift_top10: null,
          deciles: [],
        });
        return;
      }
      const deciles = gainByDecile(u.map((o) => o.predictors[predictor]!), outcomes);
      rows.push({
        ...row,
        status: "tested",
        reason: null,
        auc: b.auc,
        auc_ci_low: b.low,
        auc_ci_high: b.high,
        p_value: b.p,
        gain_top10: deciles[0].gain,
        lift_top10: deciles[0].lift,
        deciles,
      });
    });
  }
  const tested = rows.filter((r) => r.status === "tested");
  const adjusted = holm(tested.map((r) => r.p_value!));
  return rows.map((r) => {
    const i = tested.indexOf(r);
    return { ...r, p_adjusted: i >= 0 ? adjusted[i] : null };
  });
}

/** Distinct accounts with a positive and with a negative outcome. O(n). */
function outcomeAccounts(u: readonly Observation[], target: (typeof TARGETS)[number]) {
  const pos = new Set<string>(), neg = new Set<string>();
  for (const o of u) (o.targets[target] ? pos : neg).add(o.account_id);
  return { posAccounts: pos.size, negAccounts: neg.size };
}

/** One target's observations usable per predictor, their bootstrapped AUCs and draws. */
interface TargetBootstraps {
  /** per predictor (index as in `PREDICTORS`): the observations with the target and it */
  usables: Observation[][];
  /** the cluster-bootstrap AUC, null when not tested (too few accounts of an outcome) */
  boots: (ClusterBootstrapAuc | null)[];
  /** the AUC in each resample (as `resampledAucs` gives it), null when not tested */
  draws: (Float64Array | null)[];
}

/** The same observations in the same order. O(n). */
const sameObservations = (a: readonly Observation[], b: readonly Observation[]) =>
  a.length === b.length && a.every((o, i) => o === b[i]);

/**
 * The cluster-bootstrap AUC of each predictor of a target with enough accounts of each
 * outcome, else null. Predictors usable on exactly the same observations share one set
 * of draws (`resampledAucs`): each gets the result it would get on its own
 * ({@linkcode clusterBootstrapAucs}), the draws depending only on the seed and the accounts.
 */
function bootstrapsOf(
  obs: Observation[],
  target: (typeof TARGETS)[number],
  options: { seed: number; resamples: number },
): TargetBootstraps {
  const usables = PREDICTORS.map((predictor) => usable(obs, target, predictor));
  const boots: (ClusterBootstrapAuc | null)[] = usables.map(() => null);
  const draws: (Float64Array | null)[] = usables.map(() => null);
  const done = new Set<number>();
  usables.forEach((u, k) => {
    if (done.has(k) || u.length === 0) return;
    const { posAccounts, negAccounts } = outcomeAccounts(u, target);
    if (posAccounts < MIN_OUTCOME_ACCOUNTS || negAccounts < MIN_OUTCOME_ACCOUNTS) return;
    const members = usables.map((_, j) => j).filter((j) =>
      j >= k && sameObservations(usables[j], u)
    );
    for (const j of members) done.add(j);
    const scores = members.map((j) => u.map((o) => o.predictors[PREDICTORS[j]]!));
    const outcomes = u.map((o) => o.targets[target]!);
    const r = resampledAucs(scores, outcomes, u.map((o) => o.account_id), options);
    members.forEach((j, m) => {
      boots[j] = aucFromResamples(auc(scores[m], outcomes), r.aucs[m], r.clusters);
      draws[j] = r.aucs[m];
    });
  });
  return { usables, boots, draws };
}

/**
 * Does RV lead for this target: its best predictor against the best baseline (in
 * whichever direction that predicts better), with a paired cluster bootstrap of the
 * AUC difference in which the best RV predictor and the best baseline are picked
 * again in every resample. Only tested rows (enough accounts with each outcome) count.
 */
function verdict(
  target: (typeof TARGETS)[number],
  results: readonly ResultRow[],
  obs: Observation[],
  bootstraps: TargetBootstraps,
  options: { seed: number; resamples: number },
): Verdict {
  const all = results.filter((r) => r.target === target);
  const t = all.filter((r) => r.status === "tested");
  const rvRows = t.filter((r) => RV_PREDICTORS.includes(r.predictor));
  const baseRows = t.filter((r) => !RV_PREDICTORS.includes(r.predictor));
  const rv = [...rvRows].sort((a, b) => b.auc! - a.auc!)[0];
  // a baseline counts in whichever direction predicts better (falling revenue can be read as a
  // warning or as mean reversion): RV is only said to lead when it beats that
  const strength = (r: ResultRow) => Math.max(r.auc!, 1 - r.auc!);
  const base = [...baseRows].sort((a, b) => strength(b) - strength(a))[0];
  const reversed = base ? readsReversed(base) : false;
  const baseName = base ? `${base.predictor}${reversed ? " (reversed)" : ""}` : null;
  const baseAuc = base ? strength(base) : null;
  const none = { difference: null, difference_ci_low: null, difference_ci_high: null };
  if (!rv) {
    const untested = all.find((r) => RV_PREDICTORS.includes(r.predictor));
    return {
      target,
      best_rv: null,
      best_rv_auc: null,
      best_baseline: baseName,
      best_baseline_auc: baseAuc,
      ...none,
      rv_leads: false,
      reason: untested ? `not testable: ${untested.reason}` : "not measurable on this data",
    };
  }
  type Key = keyof Observation["predictors"];
  let diff: { difference: number; low: number; high: number } | null = null;
  if (base) {
    // the difference resamples the accounts of all observations with the target: a
    // predictor bootstrapped on exactly these observations has its AUCs on the same draws
    const u = obs.filter((o) => o.targets[target] !== null);
    const k = (r: ResultRow) => PREDICTORS.indexOf(r.predictor as Key);
    const reused = (r: ResultRow) =>
      sameObservations(bootstraps.usables[k(r)], u) ? bootstraps.draws[k(r)] : null;
    const missing = [...rvRows, ...baseRows].filter((r) => !reused(r));
    const fresh = missing.length === 0 ? { aucs: [] } : resampledAucs(
      missing.map((r) => u.map((o) => o.predictors[r.predictor as Key])),
      u.map((o) => o.targets[target]!),
      u.map((o) => o.account_id),
      options,
    );
    const of = (rows: ResultRow[]) => ({
      points: rows.map((r) => r.auc!),
      draws: rows.map((r) => reused(r) ?? fresh.aucs[missing.indexOf(r)]),
    });
    diff = bestAucDifferenceOfResamples(of(rvRows), of(baseRows), { bothWays: true });
  }
  const significant = rv.auc_ci_low! > 0.5 && rv.p_adjusted! < 0.05;
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
  const f = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
  const beats = !diff || diff.low > 0;
  return !significant
    ? `RV does not separate the outcomes better than chance here (best ${rv.predictor}: AUC ${
      f(rv.auc)
    }, CI ${f(rv.auc_ci_low)}–${f(rv.auc_ci_high)}, adjusted p ${rv.p_adjusted!.toPrecision(2)})`
    : !beats
    ? `RV predicts (AUC ${f(rv.auc)}) but does not beat the best baseline ${baseName} (AUC ${
      f(baseAuc!)
    }; difference CI ${f(diff!.low)} to ${
      f(diff!.high)
    }, the best of each picked in every resample)`
    : `RV leads: ${rv.predictor} AUC ${f(rv.auc)} (CI ${f(rv.auc_ci_low)}–${f(rv.auc_ci_high)})` +
      (diff
        ? `, above ${baseName} (AUC ${f(baseAuc!)}) by ${f(diff.difference)} (CI ${
          f(diff.low)
        } to ${f(diff.high)}, the best of each picked in every resample)`
        : "");
}
