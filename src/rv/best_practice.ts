/**
 * The best-practice pattern: which interaction types, at which stage, distinguish
 * the top accounts from the rest — and, for one account, which of them it lacks
 * (the next best action).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";

/** One interaction type compared between top accounts and the rest. */
export interface PracticeRow {
  interaction_type: string;
  label: string;
  stage: string;
  function: string;
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
}

/**
 * Compares the interaction types of a given top set with every other account that
 * had interactions in [from, to). Sorted by Cohen's h, largest first.
 *
 * Complexity: one SQL aggregation over the window's interactions.
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
): Promise<PracticeRow[]> {
  await engine.run("CREATE OR REPLACE TEMP TABLE _top (account_id VARCHAR PRIMARY KEY)");
  if (top.size) {
    const app = await engine.conn.createAppender("_top");
    for (const id of top) {
      app.appendVarchar(id);
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  }
  const d = date;
  const rows = await engine.query<
    PracticeRow & { with_top: number; with_rest: number; sum_top: number; sum_rest: number }
  >(`
WITH w AS (
  SELECT i.account_id, i.interaction_type, count(*) AS n
  FROM interactions i WHERE i.occurred_at >= ${d(from)} AND i.occurred_at < ${d(to)} GROUP BY ALL
),
accts AS (SELECT DISTINCT account_id, account_id IN (SELECT account_id FROM _top) AS is_top FROM w),
sizes AS (SELECT count(*) FILTER (WHERE is_top) AS n_top, count(*) FILTER (WHERE NOT is_top) AS n_rest FROM accts)
SELECT p.interaction_type, p.label, p.stage, p.function,
       count(*) FILTER (WHERE a.is_top) AS with_top, count(*) FILTER (WHERE NOT a.is_top) AS with_rest,
       coalesce(sum(w.n) FILTER (WHERE a.is_top), 0) AS sum_top, coalesce(sum(w.n) FILTER (WHERE NOT a.is_top), 0) AS sum_rest,
       any_value(s.n_top) AS n_top, any_value(s.n_rest) AS n_rest
FROM w JOIN accts a USING (account_id) JOIN ipf p USING (interaction_type), sizes s
GROUP BY p.interaction_type, p.label, p.stage, p.function`);
  return rows.map((r) => {
    const rateTop = r.n_top ? r.with_top / r.n_top : 0,
      rateRest = r.n_rest ? r.with_rest / r.n_rest : 0;
    return {
      interaction_type: r.interaction_type,
      label: r.label,
      stage: r.stage,
      function: r.function,
      rate_top: rateTop,
      rate_rest: rateRest,
      enrichment: rateRest > 0 ? rateTop / rateRest : null,
      cohens_h: 2 * Math.asin(Math.sqrt(rateTop)) - 2 * Math.asin(Math.sqrt(rateRest)),
      mean_top: r.n_top ? r.sum_top / r.n_top : 0,
      mean_rest: r.n_rest ? r.sum_rest / r.n_rest : 0,
      n_top: r.n_top,
      n_rest: r.n_rest,
    };
  }).sort((a, b) => b.cohens_h - a.cohens_h || (a.interaction_type < b.interaction_type ? -1 : 1));
}

/**
 * Next best actions for an account: the best-practice interaction types (Cohen's
 * h ≥ `minEffect`, default 0.2, with at least `minTop` top accounts showing them,
 * default 5) that the account has not had in the window, best first.
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
 * await nextBestActions(engine, "acct-00010", practice, "2025-01-01", "2026-01-01", { minTop: 1, limit: 3 });
 * ```
 */
export async function nextBestActions(
  engine: Engine,
  accountId: string,
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: { minEffect?: number; minTop?: number; limit?: number } = {},
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
    .filter((p) =>
      p.cohens_h >= (options.minEffect ?? 0.2) && p.rate_top * p.n_top >= (options.minTop ?? 5) &&
      !had.has(p.interaction_type)
    )
    .slice(0, options.limit ?? 5);
}
