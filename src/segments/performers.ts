/**
 * Performers as a statistical claim: per person of a people dimension (the account
 * owner, a manager, a regional office, a team), the RV per account-month of the
 * person's accounts, shrunk toward the team norm, with an interval at a
 * multiple-testing-adjusted level; `above` / `below` only when the norm lies outside
 * that interval.
 *
 * The unit is the account (one value per account: its RV in the window ÷ the
 * window's months), so a person with many interactions on few accounts is not
 * mistaken for a person with many accounts.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date, ident } from "../sql/literal.ts";
import { empiricalBayesShrink } from "../stats/shrinkage.ts";
import type { AccountSummary, Window } from "./account_summary.ts";

/** Columns that name people (or teams of people), looked up on accounts, then interactions. */
export const PEOPLE_DIMENSIONS = ["owner_id", "manager", "regional_office", "team"] as const;

/** A person with fewer accounts than this is `not_testable`. */
export const MIN_PERFORMER_ACCOUNTS = 5;

/** The family-wise error rate of a dimension's verdicts (Bonferroni over its k people). */
export const PERFORMER_ALPHA = 0.05;

/** One account of a person, the unit of the estimate. */
export interface PerformerAccount {
  account_id: string;
  person: string;
  /** the account's RV per month in the window */
  rv_per_month: number;
  /** the account's profit per month in the window; null without revenue data */
  profit_per_month: number | null;
}

/** One person of a dimension (`performers` in `segments --json`). */
export interface PerformerRow {
  dimension: string;
  id: string;
  /** accounts of the person active in the window (the n of every figure) */
  accounts: number;
  measure: "rv_per_account_month";
  /** the shrunk RV per account-month (empirical Bayes); null when not testable */
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** the two-sided level of the interval: 1 − 0.05/k over the k testable people */
  level: number | null;
  /** the team norm: the random-effects mean over the dimension's testable people */
  norm: number | null;
  /** the plain mean over the person's accounts */
  raw_mean: number;
  /** the weight on the norm, v/(v + τ²): 1 = fully shrunk */
  shrinkage: number | null;
  verdict: "above" | "below" | "within" | "not_testable";
  reason?: string;
  outcome_measure: "profit_per_account_month" | null;
  /** the shrunk profit per account-month, with its interval at the same level */
  outcome_estimate: number | null;
  outcome_ci_low: number | null;
  outcome_ci_high: number | null;
  outcome_raw_mean: number | null;
  outcome_norm: number | null;
}

const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const ss = (x: readonly number[]) => {
  const m = mean(x);
  return x.reduce((s, v) => s + (v - m) ** 2, 0);
};

/**
 * Shrinks each person's mean toward the norm ({@linkcode empiricalBayesShrink}) with
 * sampling variance max(s², s²_pooled)/n — the person's own variance between
 * accounts, or the pooled within-person variance when larger, so a person with a
 * few similar accounts does not get a spuriously narrow interval.
 */
function shrinkPeople(
  values: number[][],
  level: number,
): { fit: ReturnType<typeof empiricalBayesShrink> | null; reason?: string } {
  const df = values.reduce((s, x) => s + x.length - 1, 0);
  const pooled = values.reduce((s, x) => s + ss(x), 0) / df;
  if (!(pooled > 0)) return { fit: null, reason: "no variation between accounts" };
  const v = values.map((x) => Math.max(ss(x) / (x.length - 1), pooled) / x.length);
  return { fit: empiricalBayesShrink(values.map(mean), v, { level }) };
}

/**
 * The performer rows of one dimension from one value per account. People with fewer
 * than `minAccounts` accounts are `not_testable`; the others (k of them, at least 3)
 * are shrunk toward their norm and tested at level 1 − alpha/k (Bonferroni).
 *
 * Complexity: O(accounts + people log people).
 *
 * @example
 * ```ts
 * import { performers } from "./performers.ts";
 * const acc = (person: string, i: number, rv: number) => ({
 *   account_id: `${person}-${i}`, person, rv_per_month: rv, profit_per_month: null,
 * });
 * const rows = performers("owner_id", ["ann", "bob", "cy", "dee"].flatMap((p) =>
 *   [0, 1, 2, 3, 4, 5].map((i) => acc(p, i, i % 2 ? 1 : 2))
 * ));
 * rows.map((r) => r.verdict); // => ["within", "within", "within", "within"]
 * ```
 */
export function performers(
  dimension: string,
  accounts: readonly PerformerAccount[],
  options: { minAccounts?: number; alpha?: number } = {},
): PerformerRow[] {
  const minAccounts = options.minAccounts ?? MIN_PERFORMER_ACCOUNTS;
  const alpha = options.alpha ?? PERFORMER_ALPHA;
  const byPerson = new Map<string, PerformerAccount[]>();
  for (const a of accounts) {
    const l = byPerson.get(a.person) ?? [];
    l.push(a);
    byPerson.set(a.person, l);
  }
  const people = [...byPerson.keys()].sort();
  const testable = people.filter((p) => byPerson.get(p)!.length >= Math.max(2, minAccounts));
  const withProfit = accounts.length > 0 && accounts.every((a) => a.profit_per_month !== null);
  const k = testable.length;
  const level = 1 - alpha / Math.max(k, 1);
  let reasonAll: string | undefined = k < 3
    ? `fewer than 3 people with at least ${minAccounts} accounts: no team norm to compare with`
    : undefined;
  let rv: ReturnType<typeof shrinkPeople>["fit"] = null;
  let profit: ReturnType<typeof shrinkPeople>["fit"] = null;
  if (!reasonAll) {
    const s = shrinkPeople(
      testable.map((p) => byPerson.get(p)!.map((a) => a.rv_per_month)),
      level,
    );
    rv = s.fit;
    reasonAll = s.reason;
    if (withProfit) {
      profit = shrinkPeople(
        testable.map((p) => byPerson.get(p)!.map((a) => a.profit_per_month!)),
        level,
      ).fit;
    }
  }
  return people.map((id) => {
    const acc = byPerson.get(id)!;
    const j = testable.indexOf(id);
    const g = rv && j >= 0 ? rv.groups[j] : null;
    const o = profit && j >= 0 ? profit.groups[j] : null;
    const verdict = !g || !rv
      ? "not_testable" as const
      : g.ci_low > rv.mean
      ? "above" as const
      : g.ci_high < rv.mean
      ? "below" as const
      : "within" as const;
    return {
      dimension,
      id,
      accounts: acc.length,
      measure: "rv_per_account_month" as const,
      estimate: g?.estimate ?? null,
      ci_low: g?.ci_low ?? null,
      ci_high: g?.ci_high ?? null,
      level: g ? level : null,
      norm: rv?.mean ?? null,
      raw_mean: mean(acc.map((a) => a.rv_per_month)),
      shrinkage: g?.shrinkage ?? null,
      verdict,
      ...(verdict === "not_testable"
        ? {
          reason: j < 0
            ? `${acc.length} account${
              acc.length === 1 ? "" : "s"
            }, fewer than ${minAccounts}: too few to test`
            : reasonAll,
        }
        : {}),
      outcome_measure: withProfit ? "profit_per_account_month" as const : null,
      outcome_estimate: o?.estimate ?? null,
      outcome_ci_low: o?.ci_low ?? null,
      outcome_ci_high: o?.ci_high ?? null,
      outcome_raw_mean: withProfit ? mean(acc.map((a) => a.profit_per_month!)) : null,
      outcome_norm: profit?.mean ?? null,
    };
  });
}

/**
 * Who each account belongs to, per people dimension the data has: the accounts'
 * column when filled, else the person with most of the account's interactions in
 * the window (ties by name).
 */
async function peopleOf(
  engine: Engine,
  w: Window,
): Promise<{ dimension: string; of: Map<string, string> }[]> {
  const cols = async (t: string) =>
    (await engine.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(t)})`))
      .map((c) => c.column_name);
  const onAccounts = await cols("accounts"), onInteractions = await cols("interactions");
  const out = [];
  for (const d of PEOPLE_DIMENSIONS) {
    let rows: { account_id: string; person: string }[] = [];
    if (onAccounts.includes(d)) {
      rows = await engine.query(
        `SELECT account_id, CAST(${ident(d)} AS VARCHAR) AS person FROM accounts WHERE ${
          ident(d)
        } IS NOT NULL`,
      );
    }
    if (!rows.length && onInteractions.includes(d)) {
      rows = await engine.query(`
SELECT account_id, person FROM (
  SELECT account_id, CAST(${ident(d)} AS VARCHAR) AS person,
         row_number() OVER (PARTITION BY account_id ORDER BY count(*) DESC, CAST(${
        ident(d)
      } AS VARCHAR)) AS rk
  FROM interactions
  WHERE ${ident(d)} IS NOT NULL AND occurred_at >= ${date(w.start)} AND occurred_at < ${date(w.end)}
  GROUP BY account_id, ${ident(d)}) WHERE rk = 1`);
    }
    if (rows.length) {
      out.push({ dimension: d, of: new Map(rows.map((r) => [r.account_id, r.person])) });
    }
  }
  return out;
}

/**
 * The performers of every people dimension the data has ({@linkcode PEOPLE_DIMENSIONS}),
 * over the accounts active in the window (any interaction or revenue): RV per
 * account-month and, when the data has revenue, profit per account-month.
 *
 * Complexity: one or two SQL queries per dimension, then O(accounts).
 *
 * @example
 * ```ts
 * import { analysePerformers } from "./performers.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine, 12);
 * const rows = await analysePerformers(engine, w, await accountSummaries(engine, w));
 * rows.filter((r) => r.verdict === "above").map((r) => r.id);
 * ```
 */
export async function analysePerformers(
  engine: Engine,
  w: Window,
  summaries: readonly AccountSummary[],
  options: { minAccounts?: number; alpha?: number } = {},
): Promise<PerformerRow[]> {
  const active = summaries.filter((r) => r.interactions > 0 || r.revenue > 0);
  const hasRevenue = active.some((r) => r.revenue > 0);
  const out: PerformerRow[] = [];
  for (const { dimension, of } of await peopleOf(engine, w)) {
    const accounts = active.filter((r) => of.has(r.account_id)).map((r) => ({
      account_id: r.account_id,
      person: of.get(r.account_id)!,
      rv_per_month: r.rv / w.months,
      profit_per_month: hasRevenue ? r.profit / w.months : null,
    }));
    if (accounts.length) out.push(...performers(dimension, accounts, options));
  }
  return out;
}
