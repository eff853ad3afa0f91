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
}

/** Options for {@linkcode bestPractice}. */
export interface PracticeOptions {
  /**
   * the accounts at the stage compared (e.g. the customers): top accounts and the rest
   * are taken among them, each counted whether or not it had interactions; default
   * every account with interactions in the window
   */
  among?: ReadonlySet<string>;
}

/**
 * Compares the positive-RV interaction types (IPF rv > 0; a type with rv ≤ 0 is never
 * best practice, however often top accounts have it) of a given top set with the
 * other accounts at the same stage (`among`), in [from, to). Sorted by Cohen's h,
 * largest first.
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
  return rows.map((r) => {
    const rateTop = r.n_top ? r.with_top / r.n_top : 0,
      rateRest = r.n_rest ? r.with_rest / r.n_rest : 0;
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
      p.rv > 0 && p.cohens_h >= (options.minEffect ?? 0.2) &&
      p.rate_top * p.n_top >= (options.minTop ?? 5) && !had.has(p.interaction_type)
    )
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
 * types (rv > 0, Cohen's h ≥ `minEffect`, default 0.2, shown by at least `minTop` top
 * accounts, default 5) it had none of in [from, to), best first, at most `limit`
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
 * await nextBestActionsFor(engine, ["acct-00010", "acct-00011"], practice, "2025-01-01", "2026-01-01", { minTop: 1 });
 * ```
 */
export async function nextBestActionsFor(
  engine: Engine,
  ids: readonly string[],
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: { minEffect?: number; minTop?: number; limit?: number; top?: string; rest?: string } =
    {},
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
  const candidates = practice.filter((p) =>
    p.rv > 0 && p.cohens_h >= (options.minEffect ?? 0.2) &&
    p.rate_top * p.n_top >= (options.minTop ?? 5)
  );
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
