/**
 * The best-practice pattern: which interaction types, at which stage, distinguish
 * the top accounts from the rest — and, for one account, which of them it lacks
 * (the next best action).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { averageRanks } from "../stats/ranks.ts";
import { pearson } from "../stats/correlation.ts";
import { poissonMidP } from "../stats/poisson_mid_p.ts";
import { pearsonGreaterP } from "../stats/pearson_greater.ts";
import { holm } from "../stats/adjust.ts";

/** One interaction type compared between top accounts and the rest. */
export interface PracticeRow {
  interaction_type: string;
  label: string;
  stage: string;
  function: string;
  /** the type's IPF weight (best practice lists only rv > 0) */
  rv: number;
  /** share of top accounts with at least one occurrence in the window */
  rate_top: number;
  rate_rest: number;
  /** rate_top / rate_rest (null when no other account has it) */
  enrichment: number | null;
  /** Cohen's h = 2·asin(√rate_top) − 2·asin(√rate_rest): 0.2 small, 0.5 medium, 0.8 large */
  cohens_h: number;
  /** mean occurrences per account */
  mean_top: number;
  mean_rest: number;
  n_top: number;
  n_rest: number;
  /** the type's share of all positive-rv interactions of the top accounts, and of the rest */
  share_top: number;
  share_rest: number;
  /**
   * what best practice is sorted by: Pearson's r, over the accounts compared, between how
   * much more than usual an account had the type (its Poisson mid-p given its other
   * positive-rv interactions and the type's pooled share) and the rank of its value (e.g.
   * share of wallet); > 0 when the better accounts make the type a larger part of what
   * they do
   */
  association: number;
  /** one-sided p-value of association > 0 (t test on r with n − 2 df) */
  p_value: number;
  /** p_value Holm-adjusted over the types compared */
  p_adjusted: number;
  /** accounts in the association: those with at least one other positive-rv interaction */
  n: number;
}

/** Options for {@linkcode bestPractice}. */
export interface PracticeOptions {
  /**
   * the accounts at the stage compared (e.g. the customers): top accounts and the rest
   * are taken among them, each counted whether or not it had interactions; default
   * every account with interactions in the window
   */
  among?: ReadonlySet<string>;
  /**
   * each account's value, the one the top set was chosen by (e.g. share of wallet): the
   * association ranks accounts by it; default 1 for top accounts, 0 for the rest
   */
  value?: ReadonlyMap<string, number>;
}

/**
 * Compares the positive-RV interaction types (IPF rv > 0; a type with rv ≤ 0 is never
 * best practice, however often top accounts have it) of a given top set with the
 * other accounts at the same stage (`among`), in [from, to): presence rates, Cohen's h
 * and mean counts, and the **association** it is sorted by, largest first.
 *
 * Why the association, not Cohen's h on presence: better relationships have more
 * interactions of every kind, so a frequent type is present in more top accounts
 * whatever it does. The association asks instead whether a type makes up a larger part
 * of what the better accounts do: per account, the Poisson mid-p
 * ({@linkcode poissonMidP}) of its count of the type given its other positive-rv
 * interactions × the type's pooled share (about ½ for an account with the usual mix,
 * near 1 for one that has it far more than its activity predicts, whatever its
 * activity), correlated (Pearson) with the rank of the account's value across the
 * accounts compared; p-value one-sided ({@linkcode pearsonGreaterP}), Holm-adjusted
 * over the types.
 *
 * Complexity: two SQL aggregations over the window's interactions, then
 * O(types × accounts).
 *
 * @example
 * ```ts
 * import { bestPractice } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002"]); // e.g. the top-20 % accounts by profit
 * await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * ```
 */
export async function bestPractice(
  engine: Engine,
  top: ReadonlySet<string>,
  from: string,
  to: string,
  options: PracticeOptions = {},
): Promise<PracticeRow[]> {
  await engine.run("CREATE OR REPLACE TEMP TABLE _top (account_id VARCHAR PRIMARY KEY)");
  await engine.run("CREATE OR REPLACE TEMP TABLE _among (account_id VARCHAR PRIMARY KEY)");
  const fill = async (table: string, ids: Iterable<string>) => {
    const app = await engine.conn.createAppender(table);
    for (const id of ids) {
      app.appendVarchar(id);
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  };
  if (top.size) await fill("_top", top);
  if (options.among) await fill("_among", options.among);
  const d = date;
  const rows = await engine.query<
    PracticeRow & { with_top: number; with_rest: number; sum_top: number; sum_rest: number }
  >(`
WITH w AS (
  SELECT i.account_id, i.interaction_type, count(*) AS n
  FROM interactions i WHERE i.occurred_at >= ${d(from)} AND i.occurred_at < ${d(to)} GROUP BY ALL
),
accts AS (SELECT account_id, account_id IN (SELECT account_id FROM _top) AS is_top
  FROM ${options.among ? "_among" : "(SELECT DISTINCT account_id FROM w)"}),
sizes AS (SELECT count(*) FILTER (WHERE is_top) AS n_top, count(*) FILTER (WHERE NOT is_top) AS n_rest FROM accts)
SELECT p.interaction_type, p.label, p.stage, p.function, p.rv,
       count(*) FILTER (WHERE a.is_top) AS with_top, count(*) FILTER (WHERE NOT a.is_top) AS with_rest,
       coalesce(sum(w.n) FILTER (WHERE a.is_top), 0) AS sum_top, coalesce(sum(w.n) FILTER (WHERE NOT a.is_top), 0) AS sum_rest,
       any_value(s.n_top) AS n_top, any_value(s.n_rest) AS n_rest
FROM w JOIN accts a USING (account_id) JOIN ipf p USING (interaction_type), sizes s
WHERE p.rv > 0
GROUP BY p.interaction_type, p.label, p.stage, p.function, p.rv`);
  const counts = await engine.query<{ account_id: string; interaction_type: string; n: number }>(`
WITH w AS (
  SELECT i.account_id, i.interaction_type, count(*) AS n
  FROM interactions i WHERE i.occurred_at >= ${d(from)} AND i.occurred_at < ${d(to)} GROUP BY ALL
)
SELECT w.account_id, w.interaction_type, w.n FROM w JOIN ipf p USING (interaction_type)
WHERE p.rv > 0 ${options.among ? "AND w.account_id IN (SELECT account_id FROM _among)" : ""}
ORDER BY w.account_id, w.interaction_type`);
  const assoc = practiceAssociation(
    counts,
    (id) => options.value?.get(id) ?? (top.has(id) ? 1 : 0),
    top,
  );
  const adjusted = holm(rows.map((r) => assoc.get(r.interaction_type)?.p_value ?? 1));
  return rows.map((r, i) => {
    const rateTop = r.n_top ? r.with_top / r.n_top : 0,
      rateRest = r.n_rest ? r.with_rest / r.n_rest : 0;
    const a = assoc.get(r.interaction_type);
    return {
      interaction_type: r.interaction_type,
      label: r.label,
      stage: r.stage,
      function: r.function,
      rv: Number(r.rv),
      rate_top: rateTop,
      rate_rest: rateRest,
      enrichment: rateRest > 0 ? rateTop / rateRest : null,
      cohens_h: 2 * Math.asin(Math.sqrt(rateTop)) - 2 * Math.asin(Math.sqrt(rateRest)),
      mean_top: r.n_top ? r.sum_top / r.n_top : 0,
      mean_rest: r.n_rest ? r.sum_rest / r.n_rest : 0,
      n_top: r.n_top,
      n_rest: r.n_rest,
      share_top: a?.share_top ?? 0,
      share_rest: a?.share_rest ?? 0,
      association: a?.association ?? 0,
      p_value: a?.p_value ?? 1,
      p_adjusted: adjusted[i],
      n: a?.n ?? 0,
    };
  }).sort((a, b) =>
    b.association - a.association || (a.interaction_type < b.interaction_type ? -1 : 1)
  );
}

/** The association of one interaction type (see {@linkcode practiceAssociation}). */
export interface PracticeAssociation {
  association: number;
  p_value: number;
  n: number;
  share_top: number;
  share_rest: number;
}

/**
 * Per interaction type, the association {@linkcode bestPractice} sorts by, from
 * per-account counts of the positive-rv types: for each account with at least one
 * other positive interaction, u = {@linkcode poissonMidP}(count, p × others), where
 * others = the account's other positive interactions and p = the type's count ÷ the
 * others, pooled over those accounts; then Pearson's r of u with the rank of
 * `value(account)` (average ranks for ties), its one-sided p-value (NaN r → 0, p 1), and
 * the type's pooled share of all positive interactions of the `top` accounts and of the
 * rest. {@linkcode bestPractice} passes the value the top accounts were chosen by.
 *
 * Why the mid-p: with the usual mix it averages ½ at any activity, so a busy account
 * does not look like a user of every type (as counts and presence do), nor a quiet one
 * (as shares do for types with none); a type an account has made a habit of is near 1.
 *
 * Complexity: O(types × accounts + Σ counts).
 *
 * @example
 * ```ts
 * import { practiceAssociation } from "./best_practice.ts";
 * const counts = [
 *   { account_id: "a", interaction_type: "qbr", n: 6 }, { account_id: "a", interaction_type: "call", n: 6 },
 *   { account_id: "b", interaction_type: "qbr", n: 5 }, { account_id: "b", interaction_type: "call", n: 6 },
 *   { account_id: "c", interaction_type: "qbr", n: 1 }, { account_id: "c", interaction_type: "call", n: 6 },
 *   { account_id: "d", interaction_type: "qbr", n: 0 }, { account_id: "d", interaction_type: "call", n: 6 },
 * ];
 * const value = new Map([["a", 0.9], ["b", 0.7], ["c", 0.3], ["d", 0.1]]);
 * const a = practiceAssociation(counts, (id) => value.get(id)!, new Set(["a"])).get("qbr")!;
 * [a.association > 0.8, a.share_top]; // => [true, 0.5]
 * ```
 */
export function practiceAssociation(
  counts: readonly { account_id: string; interaction_type: string; n: number }[],
  value: (accountId: string) => number,
  top: ReadonlySet<string>,
): Map<string, PracticeAssociation> {
  const accounts = [...new Set(counts.map((c) => c.account_id))].sort();
  const index = new Map(accounts.map((id, i) => [id, i]));
  const total = new Array<number>(accounts.length).fill(0);
  const byType = new Map<string, number[]>();
  for (const c of counts) {
    const i = index.get(c.account_id)!, n = Number(c.n);
    total[i] += n;
    let v = byType.get(c.interaction_type);
    if (!v) byType.set(c.interaction_type, v = new Array<number>(accounts.length).fill(0));
    v[i] += n;
  }
  const values = accounts.map(value);
  const isTop = accounts.map((id) => top.has(id));
  const out = new Map<string, PracticeAssociation>();
  for (const [type, n] of byType) {
    const keep = accounts.map((_, i) => total[i] - n[i] > 0);
    let sumN = 0, sumOthers = 0, topN = 0, topAll = 0, restN = 0, restAll = 0;
    for (let i = 0; i < accounts.length; i++) {
      if (isTop[i]) {
        topN += n[i];
        topAll += total[i];
      } else {
        restN += n[i];
        restAll += total[i];
      }
      if (!keep[i]) continue;
      sumN += n[i];
      sumOthers += total[i] - n[i];
    }
    const p = sumOthers > 0 ? sumN / sumOthers : 0;
    const u: number[] = [], v: number[] = [];
    for (let i = 0; i < accounts.length; i++) {
      if (!keep[i]) continue;
      u.push(poissonMidP(n[i], p * (total[i] - n[i])));
      v.push(values[i]);
    }
    const r = u.length >= 3 ? pearson(u, averageRanks(v).ranks) : NaN;
    const ok = Number.isFinite(r);
    out.set(type, {
      association: ok ? r : 0,
      p_value: ok ? pearsonGreaterP(r, u.length) : 1,
      n: u.length,
      share_top: topAll ? topN / topAll : 0,
      share_rest: restAll ? restN / restAll : 0,
    });
  }
  return out;
}

/** Which best-practice rows may become next best actions ({@linkcode isActionable}). */
export interface ActionOptions {
  /** the largest Holm-adjusted p-value of the association; default 0.05 */
  maxP?: number;
  /** the fewest top accounts that had the type; default 5 */
  minTop?: number;
}

/**
 * Whether a best-practice row may be a next best action: rv > 0, association > 0 with
 * p_adjusted ≤ `maxP` (default 0.05), and had by at least `minTop` top accounts (default
 * 5). On data where no type goes with better accounts, no row is.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isActionable } from "./best_practice.ts";
 * isActionable({ rv: 4, association: 0.3, p_adjusted: 0.001, rate_top: 0.5, n_top: 40 }); // => true
 * isActionable({ rv: 4, association: 0.3, p_adjusted: 0.2, rate_top: 0.5, n_top: 40 }); // => false
 * ```
 */
export function isActionable(
  p: Pick<PracticeRow, "rv" | "association" | "p_adjusted" | "rate_top" | "n_top">,
  options: ActionOptions = {},
): boolean {
  return p.rv > 0 && p.association > 0 && p.p_adjusted <= (options.maxP ?? 0.05) &&
    p.rate_top * p.n_top >= (options.minTop ?? 5);
}

/**
 * Next best actions for an account: the best-practice interaction types that are
 * {@linkcode isActionable} and that the account has not had in the window, best first.
 *
 * Why: turns the best-practice table into a to-do list for one account manager.
 * Complexity: one query for the account's interaction types, then O(practice rows).
 *
 * @example
 * ```ts
 * import { bestPractice, nextBestActions } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002", "acct-00003"]); // e.g. the top accounts by profit
 * const practice = await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * await nextBestActions(engine, "acct-00010", practice, "2025-01-01", "2026-01-01", { limit: 3 });
 * ```
 */
export async function nextBestActions(
  engine: Engine,
  accountId: string,
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: ActionOptions & { limit?: number } = {},
): Promise<PracticeRow[]> {
  const had = new Set(
    (await engine.query<{ t: string }>(
      `SELECT DISTINCT interaction_type AS t FROM interactions WHERE account_id = $1 AND occurred_at >= ${
        date(from)
      } AND occurred_at < ${date(to)}`,
      [accountId],
    )).map((r) => r.t),
  );
  return practice
    .filter((p) => isActionable(p, options) && !had.has(p.interaction_type))
    .slice(0, options.limit ?? 5);
}

/** One next best action for one account, with its reason in words. */
export interface NextBestAction {
  account_id: string;
  interaction_type: string;
  label: string;
  /** the type's IPF weight, always > 0 */
  rv: number;
  rate_top: number;
  rate_rest: number;
  cohens_h: number;
  why: string;
}

/**
 * Why a best-practice type is the next best action for an account that lacks it, in
 * words: "62 % of the top 20 % of customers had at least one “quarterly business
 * review” in the window, 18 % of the other customers; this account had none" (the IPF
 * label, lower case). `top` and `rest` name
 * the groups compared.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { actionWhy } from "./best_practice.ts";
 * actionWhy({ label: "Quarterly business review", rate_top: 0.62, rate_rest: 0.18 }, "the top 20 % of customers", "the other customers");
 * // => "62 % of the top 20 % of customers had at least one “quarterly business review” in the window, 18 % of the other customers; this account had none"
 * ```
 */
export function actionWhy(
  p: { label: string; rate_top: number; rate_rest: number },
  top: string,
  rest: string,
): string {
  const pc = (x: number) => `${Math.round(100 * x)} %`;
  return `${pc(p.rate_top)} of ${top} had at least one “${p.label.toLowerCase()}” in the window, ${
    pc(p.rate_rest)
  } of ${rest}; this account had none`;
}

/**
 * Next best actions for several accounts at once: per account, the best-practice
 * types that are {@linkcode isActionable} and that it had none of in [from, to), best
 * first, at most `limit`
 * (default 3) each; `why` from {@linkcode actionWhy} with the group names `top` and
 * `rest` (defaults "the top accounts", "the other accounts"). In the order of `ids`.
 *
 * Complexity: one query for the accounts' interaction types, then O(ids × practice rows).
 *
 * @example
 * ```ts
 * import { bestPractice, nextBestActionsFor } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002", "acct-00003"]);
 * const practice = await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * await nextBestActionsFor(engine, ["acct-00010", "acct-00011"], practice, "2025-01-01", "2026-01-01");
 * ```
 */
export async function nextBestActionsFor(
  engine: Engine,
  ids: readonly string[],
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: ActionOptions & { limit?: number; top?: string; rest?: string } = {},
): Promise<NextBestAction[]> {
  if (!ids.length) return [];
  const had = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  await engine.run("CREATE OR REPLACE TEMP TABLE _nba (account_id VARCHAR PRIMARY KEY)");
  const app = await engine.conn.createAppender("_nba");
  for (const id of had.keys()) {
    app.appendVarchar(id);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  const rows = await engine.query<{ a: string; t: string }>(
    `SELECT DISTINCT account_id AS a, interaction_type AS t FROM interactions
     WHERE account_id IN (SELECT account_id FROM _nba) AND occurred_at >= ${
      date(from)
    } AND occurred_at < ${date(to)}`,
  );
  for (const r of rows) had.get(r.a)?.add(r.t);
  const candidates = practice.filter((p) => isActionable(p, options));
  const out: NextBestAction[] = [];
  for (const id of new Set(ids)) {
    for (
      const p of candidates.filter((c) => !had.get(id)!.has(c.interaction_type)).slice(
        0,
        options.limit ?? 3,
      )
    ) {
      out.push({
        account_id: id,
        interaction_type: p.interaction_type,
        label: p.label,
        rv: p.rv,
        rate_top: p.rate_top,
        rate_rest: p.rate_rest,
        cohens_h: p.cohens_h,
        why: actionWhy(p, options.top ?? "the top accounts", options.rest ?? "the other accounts"),
      });
    }
  }
  return out;
}
