/**
 * The out-of-time back-test protocol: rolling cutoffs, predictors from data before
 * each cutoff only, targets measured over a horizon after it.
 *
 * At a cutoff c (a month start), with `history` k months before it and `horizon`
 * H months after it:
 * - **RV predictors**: `rv_level` = RV of the last 3 months; `rv_trend` = OLS slope
 *   of monthly RV over the last k months; `rv_per_cost` = RV / cost over k months.
 * - **Baselines** (the lagging indicators managers use): `profit_last` and
 *   `revenue_last` = profit and revenue of the last 3 months; `revenue_trend` =
 *   slope of monthly revenue over k months; `rfm_score` = recency + frequency +
 *   monetary quintile scores (3–15) over k months; `nps_last` = the last NPS answer;
 *   and the customer-base-analysis standard, fitted at each cutoff on the months before
 *   it only, with a month with revenue > 0 as a transaction: `bgbb_expected` = BG/BB
 *   (Fader, Hardie & Shang 2010, the discrete-time model for such 0/1 months) E[billed
 *   months in the next H | x, t_x, n] and `clv_spend` = that × the Gamma-Gamma
 *   expected revenue per billed month (see {@linkcode customerBaseAt}).
 * - **Targets** over [c, c + H): `top20_profit` (profit in the top 20 % of the
 *   accounts at that cutoff), `revenue_growing` (revenue above the H months before c),
 *   `sow_growing` (share of wallet above the H months before c), `retained` (revenue
 *   in the horizon, among accounts with revenue in the H months before c; its
 *   opposite is churn). Every target is phrased so that "true" is the good outcome,
 *   so an AUC above 0.5 means "higher predictor, better future".
 * An account enters a cutoff when it has at least 3 months of panel before c.
 *
 * @module
 */
import type { Panel, PanelRow } from "./panel.ts";
import { slope } from "../stats/slope.ts";
import { addPeriods, isoDay, utcDay } from "../util/periods.ts";
import { growth, isGrowing, isRetained, shareGrowth, topShare } from "../segments/definitions.ts";
import { bgbbConditionalExpected, type BgBbParams, fitBgBb } from "./clv/bgbb.ts";
import { fitGammaGamma, gammaGammaExpectedSpend } from "./clv/gamma_gamma.ts";

/** Options of the protocol. */
export interface ProtocolOptions {
  /** months after the cutoff over which targets are measured; default 3 */
  horizon?: number;
  /** months before the cutoff that trend predictors use; default 6 */
  history?: number;
  /** number of rolling cutoffs; default 4 */
  cutoffs?: number;
  /** months between cutoffs; default 3 */
  step?: number;
}

export const PREDICTORS = [
  "rv_level",
  "rv_trend",
  "rv_per_cost",
  "profit_last",
  "revenue_last",
  "revenue_trend",
  "rfm_score",
  "nps_last",
  "bgbb_expected",
  "clv_spend",
] as const;
export const RV_PREDICTORS: readonly string[] = ["rv_level", "rv_trend", "rv_per_cost"];
export const TARGETS = ["top20_profit", "revenue_growing", "sow_growing", "retained"] as const;
export type PredictorName = typeof PREDICTORS[number];
export type TargetName = typeof TARGETS[number];

/** One account at one cutoff. */
export interface Observation {
  account_id: string;
  cutoff: string;
  predictors: Record<PredictorName, number | null>;
  targets: Record<TargetName, boolean | null>;
}

/**
 * The cutoffs: `cutoffs` month starts, `step` months apart, the last one leaving
 * `horizon` months of data after it and the first leaving `history` months before it.
 *
 * Why: every cutoff then has a full history for predictors and a full horizon for
 * targets.
 *
 * Complexity: O(cutoffs).
 *
 * @example
 * ```ts
 * import { chooseCutoffs } from "./protocol.ts";
 * const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}-01`);
 * chooseCutoffs(months); // => ["2024-07-01", "2024-10-01"]
 * ```
 */
export function chooseCutoffs(months: readonly string[], options: ProtocolOptions = {}): string[] {
  const h = options.horizon ?? 3,
    k = options.history ?? 6,
    n = options.cutoffs ?? 4,
    step = options.step ?? 3;
  const out: string[] = [];
  for (let i = months.length - h, j = 0; j < n && i >= k; i -= step, j++) out.unshift(months[i]);
  return out;
}

const sum = (rows: readonly PanelRow[], f: (r: PanelRow) => number | null) =>
  rows.reduce((s, r) => s + (f(r) ?? 0), 0);

/** Quintile scores 1..5 of values (higher value, higher score); ties share the lower score. */
function quintiles(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(5, 1 + Math.floor(5 * lo / sorted.length));
  });
}

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/**
 * BG/BB expected billed months and Gamma-Gamma expected spend over the next `horizon`
 * months for every account billed at least once in `before` (the rows strictly before
 * the cutoff). A month with revenue > 0 is a transaction: a monthly 0/1 indicator is a
 * discrete-time process, which BG/BB models (Fader, Hardie & Shang 2010; BG/NBD's
 * continuous Poisson purchases do not fit one purchase at most per month). Per account the
 * first billed month is opportunity 0, x = billed months after it, t_x = months from the
 * first to the last, n = the months after the first up to the cutoff (taken as the month
 * after the latest month in `before`), m = mean revenue of the repeat billed months; the
 * expectation is over the next `horizon` opportunities. BG/BB is fitted on all billed accounts and
 * Gamma-Gamma on those with x ≥ 1 and m > 0; with fewer than 10 accounts to fit, or a
 * fit or 2F1 that fails, the values are absent. Accounts with x = 0 get the population
 * mean spend γp/(q−1) (absent when q ≤ 1).
 *
 * Complexity: O(panel rows + fit evaluations × distinct (x, t_x, T) + GG evaluations × accounts).
 *
 * @example
 * ```ts
 * import { customerBaseAt, slicePanel } from "./protocol.ts";
 * import { buildPanel } from "./panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const { rows, months } = await buildPanel(engine);
 * customerBaseAt(slicePanel(rows, months[0], "2025-01-01"), 3).get("acct-00001")?.expected;
 * ```
 */
export function customerBaseAt(
  before: ReadonlyMap<string, PanelRow[]>,
  horizon: number,
): Map<string, { expected: number | null; spend: number | null }> {
  let last = -Infinity;
  for (const rows of before.values()) {
    for (const r of rows) last = Math.max(last, monthIndex(r.period));
  }
  const cutoff = last + 1;
  // T is n, the opportunities after the first billed month (BG/BB's RfSummary mapping)
  const summaries: { id: string; x: number; tx: number; T: number; m: number }[] = [];
  for (const [id, rows] of before) {
    const billed = rows.filter((r) => (r.revenue ?? 0) > 0).map((r) => ({
      month: monthIndex(r.period),
      revenue: r.revenue!,
    })).sort((a, b) => a.month - b.month);
    if (!billed.length) continue;
    const first = billed[0].month, repeat = billed.slice(1);
    const x = repeat.length;
    summaries.push({
      id,
      x,
      tx: x ? repeat[x - 1].month - first : 0,
      T: cutoff - first - 1,
      m: x ? repeat.reduce((s, b) => s + b.revenue, 0) / x : 0,
    });
  }
  const out = new Map<string, { expected: number | null; spend: number | null }>();
  if (summaries.length < 10) return out;
  const bb = fitBgBb(summaries);
  const spenders = summaries.filter((c) => c.x >= 1 && c.m > 0);
  const gg = spenders.length >= 10 ? fitGammaGamma(spenders) : null;
  for (const c of summaries) {
    let expected: number | null = null;
    try {
      const e = bgbbConditionalExpected(bb.params as unknown as BgBbParams, c, horizon);
      if (Number.isFinite(bb.logLikelihood) && Number.isFinite(e)) expected = e;
    } catch {
      expected = null;
    }
    let spend: number | null = null;
    if (expected !== null && gg && (c.x >= 1 || gg.params.q > 1)) {
      const m = gammaGammaExpectedSpend(gg.params, c.x >= 1 && c.m > 0 ? c : { x: 0, m: 0 });
      if (Number.isFinite(m)) spend = expected * m;
    }
    out.set(c.id, { expected, spend });
  }
  return out;
}

/**
 * Predictors for the accounts at one cutoff, from `before` — the panel rows strictly
 * before the cutoff, grouped by account. Nothing after the cutoff is passed in, so
 * no predictor can see the future.
 *
 * Complexity: O(rows + n log n), plus the BG/BB fit when there are enough accounts.
 *
 * @example
 * ```ts
 * import { predictorsAt, slicePanel } from "./protocol.ts";
 * import type { PanelRow } from "./panel.ts";
 * const row = (period: string, revenue: number): PanelRow => ({
 *   account_id: "a", period, rv: 1, interactions: 2, cost: 10, revenue, profit: revenue - 10,
 *   wallet: null, nps: null,
 * });
 * const rows = [row("2024-01-01", 100), row("2024-02-01", 120), row("2024-03-01", 90)];
 * predictorsAt(slicePanel(rows, "2024-01-01", "2024-04-01")).get("a")?.revenue_last; // => 310
 * ```
 */
export function predictorsAt(
  before: ReadonlyMap<string, PanelRow[]>,
  options: ProtocolOptions = {},
): Map<string, Record<PredictorName, number | null>> {
  const k = options.history ?? 6;
  const out = new Map<string, Record<PredictorName, number | null>>();
  const rfmInputs: { id: string; recency: number; frequency: number; monetary: number }[] = [];
  for (const [id, rows] of before) {
    if (rows.length < 3) continue;
    const hist = rows.slice(-k), recent = rows.slice(-3);
    const money = hist.some((r) => r.revenue !== null);
    const cost = sum(hist, (r) => r.cost);
    let nps: number | null = null;
    for (const r of rows) if (r.nps !== null) nps = r.nps;
    out.set(id, {
      rv_level: sum(recent, (r) => r.rv),
      rv_trend: slope(hist.map((r) => r.rv)),
      rv_per_cost: cost > 0 ? sum(hist, (r) => r.rv) / cost : null,
      profit_last: money ? sum(recent, (r) => r.profit) : null,
      revenue_last: money ? sum(recent, (r) => r.revenue) : null,
      revenue_trend: money ? slope(hist.map((r) => r.revenue ?? 0)) : null,
      rfm_score: null,
      nps_last: nps,
      bgbb_expected: null,
      clv_spend: null,
    });
    if (money) {
      const lastBilled = hist.map((r) => (r.revenue ?? 0) > 0).lastIndexOf(true);
      rfmInputs.push({
        id,
        recency: lastBilled === -1 ? hist.length : hist.length - 1 - lastBilled,
        frequency: hist.filter((r) => (r.revenue ?? 0) > 0).length,
        monetary: sum(hist, (r) => r.revenue),
      });
    }
  }
  if (rfmInputs.length) {
    const r = quintiles(rfmInputs.map((x) => -x.recency));
    const f = quintiles(rfmInputs.map((x) => x.frequency));
    const m = quintiles(rfmInputs.map((x) => x.monetary));
    rfmInputs.forEach((x, i) => (out.get(x.id)!.rfm_score = r[i] + f[i] + m[i]));
  }
  for (const [id, c] of customerBaseAt(before, options.horizon ?? 3)) {
    const p = out.get(id);
    if (p) (p.bgbb_expected = c.expected, p.clv_spend = c.spend);
  }
  return out;
}

/**
 * Targets for the accounts at one cutoff from the H months before it (`previous`)
 * and the H months after it (`after`), with the segment definitions of
 * `segments/definitions.ts`: `top20_profit` is {@linkcode topShare} of the profit after
 * the cutoff (⌈0.2 n⌉ accounts, ties by id), `revenue_growing` and `retained` are
 * {@linkcode growth} of revenue with tolerance 0, `sow_growing` is
 * {@linkcode shareGrowth} of share of wallet with tolerance 0.
 *
 * Complexity: O(rows + n log n).
 *
 * @example
 * ```ts
 * import { slicePanel, targetsAt } from "./protocol.ts";
 * import type { PanelRow } from "./panel.ts";
 * const row = (period: string, revenue: number): PanelRow => ({
 *   account_id: "a", period, rv: 1, interactions: 2, cost: 10, revenue, profit: revenue - 10,
 *   wallet: null, nps: null,
 * });
 * const rows = [row("2024-01-01", 100), row("2024-02-01", 120)];
 * const t = targetsAt(slicePanel(rows, "2024-01-01", "2024-02-01"), slicePanel(rows, "2024-02-01", "2024-03-01"), ["a"]);
 * t.get("a")?.revenue_growing; // => true
 * ```
 */
export function targetsAt(
  previous: ReadonlyMap<string, PanelRow[]>,
  after: ReadonlyMap<string, PanelRow[]>,
  ids: Iterable<string>,
): Map<string, Record<TargetName, boolean | null>> {
  const out = new Map<string, Record<TargetName, boolean | null>>();
  const profits: { id: string; value: number }[] = [];
  for (const id of ids) {
    const prev = previous.get(id) ?? [], next = after.get(id) ?? [];
    const money = next.some((r) => r.revenue !== null) && prev.some((r) => r.revenue !== null);
    const revPrev = sum(prev, (r) => r.revenue), revNext = sum(next, (r) => r.revenue);
    const wPrev = sum(prev, (r) => r.wallet), wNext = sum(next, (r) => r.wallet);
    const hasWallet = prev.some((r) => r.wallet !== null) && next.some((r) => r.wallet !== null) &&
      wPrev > 0 && wNext > 0;
    const revenue = growth(revPrev, revNext, 0);
    out.set(id, {
      top20_profit: null,
      revenue_growing: money ? isGrowing(revenue) : null,
      sow_growing: money && hasWallet
        ? isGrowing(shareGrowth(revPrev / wPrev, revNext / wNext, 0))
        : null,
      retained: money ? isRetained(revenue) : null,
    });
    if (next.some((r) => r.profit !== null)) {
      profits.push({
        id,
        value: sum(next, (r) => r.profit),
      });
    }
  }
  const top = topShare(profits);
  for (const p of profits) out.get(p.id)!.top20_profit = top.has(p.id);
  return out;
}

/**
 * Groups rows by account, keeping only periods in [from, to).
 *
 * Why: the one place a panel is cut at a cutoff, so predictors and targets see
 * exactly the months they should.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { slicePanel } from "./protocol.ts";
 * import type { PanelRow } from "./panel.ts";
 * const row = (account_id: string, period: string): PanelRow => ({
 *   account_id, period, rv: 1, interactions: 2, cost: 10, revenue: 100, profit: 90,
 *   wallet: null, nps: null,
 * });
 * const rows = [row("a", "2024-01-01"), row("a", "2024-02-01"), row("b", "2024-03-01")];
 * [...slicePanel(rows, "2024-01-01", "2024-03-01").keys()]; // => ["a"]
 * ```
 */
export function slicePanel(
  rows: readonly PanelRow[],
  from: string,
  to: string,
): Map<string, PanelRow[]> {
  const out = new Map<string, PanelRow[]>();
  for (const r of rows) {
    if (r.period < from || r.period >= to) continue;
    const list = out.get(r.account_id);
    if (list) list.push(r);
    else out.set(r.account_id, [r]);
  }
  return out;
}

const addMonths = (iso: string, n: number) => {
  const d = new Date(iso + "T00:00:00Z");
  return isoDay(utcDay(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
};

/**
 * Every observation of the protocol: for each cutoff, the eligible accounts with
 * their predictors (data before the cutoff only) and targets (the horizon after it).
 *
 * Complexity: O(cutoffs × panel rows).
 *
 * @example
 * ```ts
 * import { observations } from "./protocol.ts";
 * import { buildPanel } from "./panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const { cutoffs, observations: obs } = observations(await buildPanel(engine));
 * console.log(cutoffs.length, obs.length);
 * ```
 */
export function observations(
  panel: Panel,
  options: ProtocolOptions = {},
): { cutoffs: string[]; observations: Observation[] } {
  const h = options.horizon ?? 3;
  const cutoffs = chooseCutoffs(panel.months, options);
  const out: Observation[] = [];
  const first = panel.months[0] ?? "";
  for (const c of cutoffs) {
    const predictors = predictorsAt(slicePanel(panel.rows, first, c), options);
    const targets = targetsAt(
      slicePanel(panel.rows, addMonths(c, -h), c),
      slicePanel(panel.rows, c, addMonths(c, h)),
      predictors.keys(),
    );
    for (const [id, p] of predictors) {
      out.push({ account_id: id, cutoff: c, predictors: p, targets: targets.get(id)! });
    }
  }
  return { cutoffs, observations: out };
}

/** One cutoff's windows: predictors use [history_start, cutoff), targets [cutoff, holdout_end). */
export interface BacktestWindow {
  cutoff: string;
  history_start: string;
  holdout_end: string;
}

/**
 * The calibration history and holdout of each cutoff, for showing the protocol
 * (the calibration-vs-holdout chart) next to the data.
 *
 * Complexity: O(cutoffs).
 *
 * @example
 * ```ts
 * import { backtestWindows } from "./protocol.ts";
 * backtestWindows(["2020-07-01"], { history: 6, horizon: 3 });
 * // => [{ cutoff: "2020-07-01", history_start: "2020-01-01", holdout_end: "2020-10-01" }]
 * ```
 */
export function backtestWindows(
  cutoffs: readonly string[],
  options: Pick<ProtocolOptions, "history" | "horizon"> = {},
): BacktestWindow[] {
  const k = options.history ?? 6, h = options.horizon ?? 3;
  return cutoffs.map((c) => ({
    cutoff: c,
    history_start: addPeriods(c, "month", -k),
    holdout_end: addPeriods(c, "month", h),
  }));
}
