/**
 * Say vs do: what customers say (NPS or CSAT) against what they do (RV), per account
 * and period, and which of the two leads profit.
 *
 * Definitions (periods of the panel's grain; t = a period with a voc answer):
 * - **say** at t: the mean NPS (0–10) of the answers in t, or, when the data has no NPS
 *   at all, the mean CSAT as a share of its scale (0–1);
 * - **do** at t: RV summed over the `window` periods ending with t (periods without
 *   interactions count 0);
 * - **band**: NPS ≥ 9 promoter, ≥ 7 passive, else detractor; CSAT share ≥ 0.8
 *   promoter, ≥ 0.6 passive, else detractor (on a 1–5 scale: 4–5, 3, 1–2);
 * - **RV high/low**: above / at-or-below the median of `do` over all observations;
 * - **profit change** at t: Σ money over t+1 … t+h minus Σ money over t−h+1 … t,
 *   defined only when all 2h periods have a financials row (h = `horizon`) and the
 *   account had revenue in t−h+1 … t (a lost customer's flat zero is neither growth nor
 *   shrinkage, and would tie RV to money wherever churn also silences the account). Money is by
 *   default the profit *before* interaction costs (gross_profit, or revenue, minus
 *   cost_to_serve): the data model's profit also subtracts the cost of the very
 *   interactions that make up RV, which ties a high RV now mechanically to low profit
 *   now and so to "profit growing" later (with mean-reverting activity), even where RV
 *   carries no information about the customer (measured: AUC 0.54 in a null world of
 *   2,000 accounts). `money: "profit"` uses the data model's profit anyway, `"revenue"`
 *   revenue;
 * - **leads**: AUC of say and of do for "profit change > 0", with an account-level
 *   (cluster) bootstrap CI of each and of their difference (do − say);
 * - **disagreement**: an account's latest observation is a promoter whose `do` is in
 *   the bottom quarter of all observations ("says loyal, acts cold"), or a detractor in
 *   the top quarter ("says unhappy, acts loyal").
 *
 * @module
 */
import { auc } from "../stats/auc.ts";
import { quantile } from "../stats/quantile.ts";
import { averageRanks } from "../stats/ranks.ts";
import { addPeriods, type Grain } from "../util/periods.ts";
import { clusterBootstrap, clusterIndices } from "../stats/bootstrap.ts";
import { fisherCi, pearson, spearman } from "../stats/correlation.ts";
import { byAccount, type PanelRow } from "../backtest/panel.ts";

/** NPS-style band of what a customer said. */
export type Band = "promoter" | "passive" | "detractor";

/** Options for {@linkcode sayVsDo}. */
export interface SayVsDoOptions {
  /** grain of the panel's periods; default "month" */
  grain?: Grain;
  /** periods of RV summed up to the answer's period; default 3 */
  window?: number;
  /** periods of profit after (and before) the answer; default 3 */
  horizon?: number;
  /** bootstrap resamples (over accounts); default 500 */
  resamples?: number;
  /** default 0.95 */
  level?: number;
  /** default 1 */
  seed?: number;
  /** most disagreeing accounts listed; default 20 */
  limit?: number;
  /** what "profit" means for the lead comparison (see module doc); default "operating" */
  money?: Money;
}

/**
 * Money per period for lead comparisons: `operating` = coalesce(gross_profit, revenue) −
 * cost_to_serve (profit before interaction costs), `profit` = the data model's profit
 * (also minus interaction costs), `revenue`.
 */
export type Money = "operating" | "profit" | "revenue";

/**
 * The money of a panel row for lead comparisons (see {@linkcode Money}), null without a
 * financials row.
 *
 * Why: one place decides whether interaction costs are in or out, so say-vs-do and
 * equity measure the same money.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { moneyOf } from "./say_vs_do.ts";
 * const row = {
 *   account_id: "acct-00001", period: "2025-01-01", rv: 40, cost: 120, interactions: 9,
 *   revenue: 10000, gross_profit: 3000, cost_to_serve: 500, wallet: null, profit: 2380,
 *   nps: null, csat: null, answers: 0,
 * };
 * moneyOf(row, "operating"); // gross_profit (or revenue) − cost_to_serve: 2500
 * ```
 */
export function moneyOf(r: PanelRow, money: Money): number | null {
  if (r.revenue === null || r.revenue === undefined) return null;
  switch (money) {
    case "revenue":
      return r.revenue;
    case "profit":
      return r.profit;
    case "operating":
      return (r.gross_profit ?? r.revenue) - (r.cost_to_serve ?? 0);
  }
}

/** One account and period with a voc answer. */
export interface SayDoObservation {
  account_id: string;
  period: string;
  say: number;
  band: Band;
  do: number;
  /** null when the 2h periods around t are not all in the financials */
  profit_change: number | null;
}

/** A cell of the RV × band quadrant. */
export interface QuadrantCell {
  rv: "high" | "low";
  band: Band;
  observations: number;
  share: number;
  /** mean profit change after the answer (observations where it is defined) */
  mean_profit_change: number | null;
  /** share of those observations whose profit grew */
  share_growing: number | null;
}

/** An estimate with its CI. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** An account whose words and actions disagree. */
export interface Disagreement {
  account_id: string;
  period: string;
  say: number;
  band: Band;
  do: number;
  /** percentile (0–1) of `do` among all observations */
  do_percentile: number;
  kind: "says_loyal_acts_cold" | "says_unhappy_acts_loyal";
}

/** Result of {@linkcode sayVsDo}. */
export interface SayVsDoResult {
  say_measure: "nps" | "csat";
  money: Money;
  window: number;
  horizon: number;
  observations: number;
  accounts: number;
  /** RV threshold between low and high */
  rv_median: number;
  correlation: {
    pearson: number;
    /** Fisher-z CI assuming independent observations (optimistic when accounts answer repeatedly) */
    pearson_fisher: { low: number; high: number };
    spearman: Estimate;
    /** Pearson after removing each account's means (accounts with ≥ 2 observations) */
    within_account: Estimate;
  };
  quadrant: QuadrantCell[];
  leads: {
    /** observations where the profit change is defined */
    n: number;
    growing: number;
    auc_do: Estimate;
    auc_say: Estimate;
    /** AUC(do) − AUC(say) */
    difference: Estimate;
    spearman_do: number;
    spearman_say: number;
    verdict: "rv leads better" | "voc leads better" | "no clear difference" | "not enough data";
  };
  disagreements: Disagreement[];
  /** disagreeing accounts in total (the list is cut at `limit`) */
  disagreeing_accounts: number;
  resamples: number;
  seed: number;
}

/**
 * The band of an NPS score (0–10: ≥ 9 promoter, ≥ 7 passive) or a CSAT share of its scale
 * (0–1: ≥ 0.8 promoter, ≥ 0.6 passive); else detractor.
 *
 * Why: the quadrant and the disagreement list speak the NPS language managers know, also
 * for CSAT-only data (on a 1–5 scale: 4–5, 3, 1–2).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { bandOf } from "./say_vs_do.ts";
 * bandOf(9, "nps"); // => "promoter"
 * bandOf(3 / 5, "csat"); // => "passive"
 * ```
 */
export function bandOf(say: number, measure: "nps" | "csat"): Band {
  if (measure === "nps") return say >= 9 ? "promoter" : say >= 7 ? "passive" : "detractor";
  return say >= 0.8 ? "promoter" : say >= 0.6 ? "passive" : "detractor";
}

/**
 * The say/do observations of a panel (see module doc), in account and period order.
 *
 * Complexity: O(rows × (window + horizon)).
 *
 * @example
 * ```ts
 * import { sayDoObservations } from "./say_vs_do.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine);
 * const obs = sayDoObservations(panel, { window: 3, horizon: 3 });
 * ```
 */
export function sayDoObservations(
  panel: readonly PanelRow[],
  options: Pick<SayVsDoOptions, "grain" | "window" | "horizon" | "money"> = {},
): { measure: "nps" | "csat"; observations: SayDoObservation[] } {
  const grain = options.grain ?? "month";
  const window = options.window ?? 3;
  const h = options.horizon ?? 3;
  const money = options.money ?? "operating";
  for (const [k, v] of Object.entries({ window, horizon: h })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${k} must be a whole number of periods >= 1, found ${v}`);
    }
  }
  const measure = panel.some((r) => r.nps !== null) ? "nps" : "csat";
  const observations: SayDoObservation[] = [];
  for (const [account, rows] of byAccount(panel)) {
    const at = new Map(rows.map((r) => [r.period, r]));
    for (const r of rows) {
      const say = measure === "nps" ? r.nps : r.csat;
      if (say === null || say === undefined) continue;
      let did = 0;
      for (let k = 0; k < window; k++) did += at.get(addPeriods(r.period, grain, -k))?.rv ?? 0;
      let after = 0, before = 0, revBefore = 0, complete = true;
      for (let k = 1; k <= h && complete; k++) {
        const ra = at.get(addPeriods(r.period, grain, k));
        const rb = at.get(addPeriods(r.period, grain, 1 - k));
        const a = ra ? moneyOf(ra, money) : null, b = rb ? moneyOf(rb, money) : null;
        if (a === null || b === null) complete = false;
        else {
          after += a;
          before += b;
          revBefore += rb!.revenue ?? 0;
        }
      }
      // only accounts buying before the answer: a lost customer's flat zero is neither
      // growth nor shrinkage
      if (revBefore <= 0) complete = false;
      observations.push({
        account_id: account,
        period: r.period,
        say,
        band: bandOf(say, measure),
        do: did,
        profit_change: complete ? after - before : null,
      });
    }
  }
  return { measure, observations };
}

/** Indices of observations per account, for cluster resampling. */
function withinAccount(obs: readonly SayDoObservation[], idx: readonly number[]): number {
  const groups = new Map<number, number[]>();
  // group by position of the account in this (re)sample: duplicates of one account drawn
  // twice are separate clusters, which is what the bootstrap intends
  let g = -1, last = "";
  const x: number[] = [], y: number[] = [];
  for (const i of idx) {
    if (obs[i].account_id !== last) {
      g++;
      last = obs[i].account_id;
    }
    const l = groups.get(g);
    if (l) l.push(i);
    else groups.set(g, [i]);
  }
  for (const l of groups.values()) {
    if (l.length < 2) continue;
    const ms = l.reduce((s, i) => s + obs[i].say, 0) / l.length;
    const md = l.reduce((s, i) => s + obs[i].do, 0) / l.length;
    for (const i of l) {
      x.push(obs[i].do - md);
      y.push(obs[i].say - ms);
    }
  }
  return pearson(x, y);
}

/** Resampling settings shared by the bootstrap steps of {@linkcode sayVsDo}. */
interface Resampling {
  resamples: number;
  seed: number;
  level: number;
}

/**
 * Step 1 of {@linkcode sayVsDo}: how `do` moves with `say`: Pearson (with the Fisher-z
 * CI that assumes independent answers), Spearman and the within-account Pearson, both
 * with account-level bootstrap CIs (more than 3 observations).
 *
 * Complexity: O(resamples × n log n).
 */
function correlationStep(
  obs: readonly SayDoObservation[],
  groups: number[][],
  b: Resampling,
): SayVsDoResult["correlation"] {
  const say = obs.map((o) => o.say), did = obs.map((o) => o.do);
  const r = pearson(did, say);
  const [spCi, waCi] = obs.length > 3
    ? clusterBootstrap(groups, (sample) => {
      const idx = sample.flat();
      return [spearman(idx.map((i) => did[i]), idx.map((i) => say[i])), withinAccount(obs, idx)];
    }, { ...b, components: 2 })
    : [{ low: NaN, high: NaN }, { low: NaN, high: NaN }];
  return {
    pearson: r,
    pearson_fisher: fisherCi(r, obs.length, b.level),
    spearman: { value: spearman(did, say), ...spCi },
    within_account: { value: withinAccount(obs, obs.map((_, i) => i)), ...waCi },
  };
}

/**
 * Step 2 of {@linkcode sayVsDo}: the RV high/low (against `rvMedian`) ×
 * promoter/passive/detractor quadrant, with the profit change after the answer per cell.
 *
 * Complexity: O(n).
 */
function quadrantStep(obs: readonly SayDoObservation[], rvMedian: number): QuadrantCell[] {
  const quadrant: QuadrantCell[] = [];
  for (const rv of ["high", "low"] as const) {
    for (const band of ["promoter", "passive", "detractor"] as const) {
      const cell = obs.filter((o) => o.band === band && (o.do > rvMedian) === (rv === "high"));
      const known = cell.filter((o) => o.profit_change !== null);
      quadrant.push({
        rv,
        band,
        observations: cell.length,
        share: obs.length ? cell.length / obs.length : 0,
        mean_profit_change: known.length
          ? known.reduce((s, o) => s + o.profit_change!, 0) / known.length
          : null,
        share_growing: known.length
          ? known.filter((o) => o.profit_change! > 0).length / known.length
          : null,
      });
    }
  }
  return quadrant;
}

/**
 * Step 3 of {@linkcode sayVsDo}: which of say and do leads "profit change > 0": the AUC
 * of each, with account-level bootstrap CIs of both and of their difference, and the
 * verdict read from the difference's CI. Needs 10 observations with a known change and
 * both outcomes.
 *
 * Complexity: O(resamples × n log n).
 */
function leadsStep(obs: readonly SayDoObservation[], b: Resampling): SayVsDoResult["leads"] {
  const lead = obs.filter((o) => o.profit_change !== null);
  const grow = lead.map((o) => o.profit_change! > 0);
  const nGrow = grow.filter((g) => g).length;
  const enough = lead.length >= 10 && nGrow > 0 && nGrow < lead.length;
  const aucDo = enough ? auc(lead.map((o) => o.do), grow) : NaN;
  const aucSay = enough ? auc(lead.map((o) => o.say), grow) : NaN;
  const [ciDo, ciSay, ciDiff] = enough
    ? clusterBootstrap(clusterIndices(lead.map((o) => o.account_id)), (sample) => {
      const idx = sample.flat();
      const g = idx.map((i) => grow[i]);
      const a = auc(idx.map((i) => lead[i].do), g), c = auc(idx.map((i) => lead[i].say), g);
      return [a, c, a - c];
    }, { ...b, seed: b.seed + 1, components: 3 })
    : [0, 1, 2].map(() => ({ low: NaN, high: NaN }));
  const verdict = !enough
    ? "not enough data"
    : ciDiff.low > 0
    ? "rv leads better"
    : ciDiff.high < 0
    ? "voc leads better"
    : "no clear difference";
  return {
    n: lead.length,
    growing: nGrow,
    auc_do: { value: aucDo, ...ciDo },
    auc_say: { value: aucSay, ...ciSay },
    difference: { value: aucDo - aucSay, ...ciDiff },
    spearman_do: spearman(lead.map((o) => o.do), lead.map((o) => o.profit_change!)),
    spearman_say: spearman(lead.map((o) => o.say), lead.map((o) => o.profit_change!)),
    verdict,
  };
}

/**
 * Step 4 of {@linkcode sayVsDo}: each account's latest observation whose words and
 * actions disagree (a promoter in the bottom quarter of `do`, a detractor in the top
 * quarter, `do` ranked among all observations), most extreme first.
 *
 * Complexity: O(n log n).
 */
function disagreementsStep(obs: readonly SayDoObservation[]): Disagreement[] {
  const pct = averageRanks(obs.map((o) => o.do)).ranks.map((rk) =>
    (rk - 1) / Math.max(1, obs.length - 1)
  );
  const latest = new Map<string, number>();
  obs.forEach((o, i) => latest.set(o.account_id, i)); // observations are in period order
  const disagreements: Disagreement[] = [];
  for (const i of latest.values()) {
    const o = obs[i];
    const kind = o.band === "promoter" && pct[i] < 0.25
      ? "says_loyal_acts_cold"
      : o.band === "detractor" && pct[i] > 0.75
      ? "says_unhappy_acts_loyal"
      : null;
    if (kind) {
      disagreements.push({
        account_id: o.account_id,
        period: o.period,
        say: o.say,
        band: o.band,
        do: o.do,
        do_percentile: pct[i],
        kind,
      });
    }
  }
  // most extreme first: distance of the RV percentile from the opposite end
  const gap = (d: Disagreement) =>
    d.kind === "says_loyal_acts_cold" ? 1 - d.do_percentile : d.do_percentile;
  return disagreements.sort((a, b) => gap(b) - gap(a) || (a.account_id < b.account_id ? -1 : 1));
}

/**
 * Say vs do for a panel: correlation of RV with NPS/CSAT, the RV high/low ×
 * promoter/passive/detractor quadrant, which of the two leads profit better, and the
 * accounts whose words and actions disagree (see module doc for the definitions), in
 * named steps: observations, correlation, quadrant, leads, disagreements.
 *
 * Why: satisfaction scores are what executives watch; if RV moves with them it is a
 * credible measure, if it leads profit better it is a better one, and the accounts
 * where they disagree are where account teams should look first.
 *
 * Complexity: O(resamples × n log n) for n observations.
 *
 * @example
 * ```ts
 * import { sayVsDo } from "./say_vs_do.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine);
 * const r = sayVsDo(panel, { window: 3, horizon: 3, seed: 7 });
 * r.leads.verdict; // "rv leads better" | "voc leads better" | ...
 * ```
 */
export function sayVsDo(panel: readonly PanelRow[], options: SayVsDoOptions = {}): SayVsDoResult {
  const b: Resampling = {
    resamples: options.resamples ?? 500,
    seed: options.seed ?? 1,
    level: options.level ?? 0.95,
  };
  const { measure, observations: obs } = sayDoObservations(panel, options);
  const groups = clusterIndices(obs.map((o) => o.account_id));
  const rvMedian = obs.length ? quantile(obs.map((o) => o.do).sort((a, b) => a - b), 0.5) : NaN;
  const disagreements = disagreementsStep(obs);
  return {
    say_measure: measure,
    money: options.money ?? "operating",
    window: options.window ?? 3,
    horizon: options.horizon ?? 3,
    observations: obs.length,
    accounts: groups.length,
    rv_median: rvMedian,
    correlation: correlationStep(obs, groups, b),
    quadrant: quadrantStep(obs, rvMedian),
    leads: leadsStep(obs, b),
    disagreements: disagreements.slice(0, options.limit ?? 20),
    disagreeing_accounts: disagreements.length,
    resamples: b.resamples,
    seed: b.seed,
  };
}
