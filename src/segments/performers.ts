/**
 * Performers as a statistical claim: per person of a people dimension (the account
 * owner, a manager, a regional office, a team), the RV per account-month of the
 * person's accounts against the team norm (the median person), with an interval at a
 * multiple-testing-adjusted level; `above` / `below` only when the norm lies outside
 * that interval. A shrunk (empirical-Bayes) estimate is given beside it for ranking
 * people with few accounts.
 *
 * The unit is the account (one value per account: its RV in the window ÷ the
 * window's months), so a person with many interactions on few accounts is not
 * mistaken for a person with many accounts.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date, ident } from "../sql/literal.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import { empiricalBayesShrink } from "../stats/shrinkage.ts";
import { medianNorm } from "../stats/median_norm.ts";
import { normalQuantile } from "../stats/correlation.ts";
import type { AccountSummary, Window } from "./account_summary.ts";

/** Columns that name people (or teams of people), looked up on accounts, then interactions. */
export const PEOPLE_DIMENSIONS = ["owner_id", "manager", "regional_office", "team"] as const;

/** A person with fewer accounts than this is `not_testable`. */
export const MIN_PERFORMER_ACCOUNTS = 5;

/** The family-wise error rate of a dimension's verdicts (Bonferroni over its k people). */
export const PERFORMER_ALPHA = 0.05;

/** The columns of a performer row a reader needs, in order (the report's and the notebooks' tables). */
export const PERFORMER_COLUMNS: string[] = [
  "dimension",
  "id",
  "accounts",
  "estimate",
  "ci_low",
  "ci_high",
  "norm",
  "shrunk_estimate",
  "verdict",
  "outcome_estimate",
  "outcome_ci_low",
  "outcome_ci_high",
];

/** One account of a person, the unit of the estimate. */
export interface PerformerAccount {
  account_id: string;
  person: string;
  /** the account's RV per month in the window (from the person's interactions, for a dimension on interactions) */
  rv_per_month: number;
  /** the outcome per month in the window (e.g. the account's profit); null without money data */
  outcome_per_month: number | null;
}

/** What the outcome of a dimension is: the account's profit, or the money on the person's interactions. */
export type OutcomeMeasure = "profit_per_account_month" | "amount_per_account_month";

/** One person of a dimension (`performers` in `segments --json`). */
export interface PerformerRow {
  dimension: string;
  id: string;
  /** accounts of the person active in the window (the n of every figure) */
  accounts: number;
  measure: "rv_per_account_month";
  /** the person's mean RV per account-month over their accounts (the centre of the interval) */
  estimate: number;
  /** the interval of the person's mean, widened by the norm's own uncertainty, at `level` */
  ci_low: number | null;
  ci_high: number | null;
  /** the two-sided level of the interval: 1 − 0.05/k over the k testable people */
  level: number | null;
  /** the team norm: the median of the testable people's means */
  norm: number | null;
  /** the empirical-Bayes estimate, shrunk toward the random-effects mean: for ranking people with few accounts */
  shrunk_estimate: number | null;
  /** the weight on the random-effects mean, v/(v + τ²): 1 = fully shrunk */
  shrinkage: number | null;
  verdict: "above" | "below" | "within" | "not_testable";
  reason?: string;
  outcome_measure: OutcomeMeasure | null;
  /** the person's mean outcome per account-month, with its interval at the same level and test */
  outcome_estimate: number | null;
  outcome_ci_low: number | null;
  outcome_ci_high: number | null;
  outcome_norm: number | null;
  outcome_shrunk_estimate: number | null;
}

const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const ss = (x: readonly number[]) => {
  const m = mean(x);
  return x.reduce((s, v) => s + (v - m) ** 2, 0);
};

/** One dimension's comparison of its people with the norm (see {@linkcode comparePeople}). */
interface Comparison {
  norm: number;
  groups: { ci_low: number; ci_high: number; shrunk: number; shrinkage: number }[];
}

/**
 * Compares each person's mean with the team norm, the median of the people's means
 * (`medianNorm`: two outstanding people of twelve do not move it). A person's sampling
 * variance is v = max(s², s²_pooled)/n (the person's own variance between accounts, or
 * the pooled within-person variance when larger, so a person with a few similar
 * accounts does not get a spuriously narrow interval); the interval is
 * mean ± z·√(v + Var(norm)) at `level`, so the norm lies outside it exactly when the
 * person's difference from the norm is significant at that level. The shrunk estimate
 * (`empiricalBayesShrink`) is a prediction for ranking, not the test: testing with the
 * shrunk interval would count the small-n protection twice (the Bonferroni interval
 * already holds the false-claim rate) and, measured on the planted worlds of
 * src/truth/, miss most outstanding reps.
 */
function comparePeople(
  values: number[][],
  level: number,
): { fit: Comparison | null; reason?: string } {
  const df = values.reduce((s, x) => s + x.length - 1, 0);
  const pooled = values.reduce((s, x) => s + ss(x), 0) / df;
  if (!(pooled > 0)) return { fit: null, reason: "no variation between accounts" };
  const means = values.map(mean);
  const v = values.map((x) => Math.max(ss(x) / (x.length - 1), pooled) / x.length);
  const norm = medianNorm(means, v);
  const shrunk = empiricalBayesShrink(means, v, { level });
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    fit: {
      norm: norm.median,
      groups: means.map((m, j) => {
        const half = z * Math.sqrt(v[j] + norm.variance);
        return {
          ci_low: m - half,
          ci_high: m + half,
          shrunk: shrunk.groups[j].estimate,
          shrinkage: shrunk.groups[j].shrinkage,
        };
      }),
    },
  };
}

/**
 * The performer rows of one dimension from one value per account. People with fewer
 * than `minAccounts` accounts are `not_testable`; the others (k of them, at least 3)
 * are compared with their norm at level 1 − alpha/k (Bonferroni).
 *
 * Complexity: O(accounts + people log people).
 *
 * @example
 * ```ts
 * import { performers } from "./performers.ts";
 * const acc = (person: string, i: number, rv: number) => ({
 *   account_id: `${person}-${i}`, person, rv_per_month: rv, outcome_per_month: null,
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
  options: { minAccounts?: number; alpha?: number; outcome?: OutcomeMeasure } = {},
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
  const withProfit = accounts.length > 0 && accounts.every((a) => a.outcome_per_month !== null);
  const k = testable.length;
  const level = 1 - alpha / Math.max(k, 1);
  let reasonAll: string | undefined = k < 3
    ? `fewer than 3 people with at least ${minAccounts} accounts: no team norm to compare with`
    : undefined;
  let rv: Comparison | null = null;
  let profit: Comparison | null = null;
  if (!reasonAll) {
    const s = comparePeople(
      testable.map((p) => byPerson.get(p)!.map((a) => a.rv_per_month)),
      level,
    );
    rv = s.fit;
    reasonAll = s.reason;
    if (withProfit) {
      profit = comparePeople(
        testable.map((p) => byPerson.get(p)!.map((a) => a.outcome_per_month!)),
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
      : g.ci_low > rv.norm
      ? "above" as const
      : g.ci_high < rv.norm
      ? "below" as const
      : "within" as const;
    return {
      dimension,
      id,
      accounts: acc.length,
      measure: "rv_per_account_month" as const,
      estimate: mean(acc.map((a) => a.rv_per_month)),
      ci_low: g?.ci_low ?? null,
      ci_high: g?.ci_high ?? null,
      level: g ? level : null,
      norm: rv?.norm ?? null,
      shrunk_estimate: g?.shrunk ?? null,
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
      outcome_measure: withProfit ? options.outcome ?? "profit_per_account_month" : null,
      outcome_estimate: withProfit ? mean(acc.map((a) => a.outcome_per_month!)) : null,
      outcome_ci_low: o?.ci_low ?? null,
      outcome_ci_high: o?.ci_high ?? null,
      outcome_norm: profit?.norm ?? null,
      outcome_shrunk_estimate: o?.shrunk ?? null,
    };
  });
}

/**
 * Who each account belongs to, per people dimension the data has: the accounts'
 * column when filled (one value per account), else, for a column on interactions,
 * each person's own interactions with each account in the window (one value per
 * person and account: the RV and money of that person's interactions).
 */
async function peopleOf(
  engine: Engine,
  w: Window,
  caps: Record<string, number>,
): Promise<
  (
    | { dimension: string; source: "accounts"; of: Map<string, string> }
    | {
      dimension: string;
      source: "interactions";
      pairs: { account_id: string; person: string; rv: number; amount: number | null }[];
    }
  )[]
> {
  const cols = async (t: string) =>
    (await engine.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(t)})`))
      .map((c) => c.column_name);
  const onAccounts = await cols("accounts"), onInteractions = await cols("interactions");
  const out = [];
  for (const d of PEOPLE_DIMENSIONS) {
    if (onAccounts.includes(d)) {
      const rows = await engine.query<{ account_id: string; person: string }>(
        `SELECT account_id, CAST(${ident(d)} AS VARCHAR) AS person FROM accounts WHERE ${
          ident(d)
        } IS NOT NULL`,
      );
      if (rows.length) {
        out.push({
          dimension: d,
          source: "accounts" as const,
          of: new Map(rows.map((r) => [r.account_id, r.person])),
        });
        continue;
      }
    }
    if (onInteractions.includes(d)) {
      const pairs = await engine.query<
        { account_id: string; person: string; rv: number; amount: number | null }
      >(`
SELECT account_id, CAST(${ident(d)} AS VARCHAR) AS person, round(sum(rv), 9) AS rv,
       round(sum(amount), 9) AS amount
FROM (${scoredInteractionsSql({ grain: "month", level: "account", caps })}) s
WHERE ${ident(d)} IS NOT NULL AND occurred_at >= ${date(w.start)} AND occurred_at < ${date(w.end)}
GROUP BY 1, 2 ORDER BY 2, 1`);
      if (pairs.length) out.push({ dimension: d, source: "interactions" as const, pairs });
    }
  }
  return out;
}

/**
 * The performers of every people dimension the data has ({@linkcode PEOPLE_DIMENSIONS}).
 * A dimension on accounts (e.g. `owner_id`): the accounts active in the window (any
 * interaction or revenue), RV per account-month and, when the data has revenue, profit
 * per account-month. A dimension only on interactions (e.g. `regional_office`): per
 * person, the accounts the person's interactions touched in the window, with the RV
 * and the money (`amount`, e.g. won deals) of those interactions per month.
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
  options: { minAccounts?: number; alpha?: number; caps?: Record<string, number> } = {},
): Promise<PerformerRow[]> {
  const active = summaries.filter((r) => r.interactions > 0 || r.revenue > 0);
  const hasRevenue = active.some((r) => r.revenue > 0);
  const out: PerformerRow[] = [];
  for (const p of await peopleOf(engine, w, options.caps ?? {})) {
    if (p.source === "accounts") {
      const accounts = active.filter((r) => p.of.has(r.account_id)).map((r) => ({
        account_id: r.account_id,
        person: p.of.get(r.account_id)!,
        rv_per_month: r.rv / w.months,
        outcome_per_month: hasRevenue ? r.profit / w.months : null,
      }));
      if (accounts.length) out.push(...performers(p.dimension, accounts, options));
    } else {
      const hasAmount = p.pairs.some((x) => x.amount !== null && x.amount !== 0);
      const accounts = p.pairs.map((x) => ({
        account_id: x.account_id,
        person: x.person,
        rv_per_month: x.rv / w.months,
        outcome_per_month: hasAmount ? (x.amount ?? 0) / w.months : null,
      }));
      out.push(
        ...performers(p.dimension, accounts, { ...options, outcome: "amount_per_account_month" }),
      );
    }
  }
  return out;
}
