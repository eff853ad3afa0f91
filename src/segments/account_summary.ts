/**
 * Money, cost and RV per account over a window: the one table every segment,
 * whale curve, benchmark figure and scorecard is computed from.
 *
 * Profit follows the data model: gross_profit (or revenue when the data has no
 * gross profit — then `profit_basis` says "revenue") − cost_to_serve − the variable
 * cost of the account's interactions in the window.
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { date } from "../sql/literal.ts";
import { DataError } from "../io/errors.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import { isoDay, utcDay } from "../util/periods.ts";

/** One account over a window (and the window before it, for growth). */
export interface AccountSummary {
  account_id: string;
  revenue: number;
  gross_profit: number;
  cost_to_serve: number;
  interaction_cost: number;
  profit: number;
  /** revenue in the previous window of the same length */
  revenue_previous: number;
  /** wallet summed over the window's periods; null without wallet data */
  wallet: number | null;
  wallet_previous: number | null;
  rv: number;
  interactions: number;
  /** periods of the window with revenue > 0 */
  billed_periods: number;
  /** interactions carrying a positive amount in the window (purchases, won deals) */
  purchases: number;
  /** true when the account had revenue before the window started */
  existing_customer: boolean;
  /** true when the account ever had revenue */
  ever_billed: boolean;
  /** last NPS answer up to the window end, when voc exists */
  last_nps: number | null;
  industry: string | null;
  region: string | null;
  territory: string | null;
  product_line: string | null;
  owner_id: string | null;
  community_member: boolean | null;
}

/** The window analysed. */
export interface Window {
  /** first day, `YYYY-MM-DD` (inclusive) */
  start: string;
  /** day after the last, `YYYY-MM-DD` (exclusive) */
  end: string;
  /** same length before `start` */
  previous_start: string;
  months: number;
  /** "gross_profit" when the data has it, else "revenue" */
  profit_basis: "gross_profit" | "revenue";
}

/**
 * The last `months` months of data (ending with the last month that has financials,
 * or interactions when there are no financials).
 *
 * Why: every study needs one window; anchoring it on the data (not today's date)
 * makes reruns on the same data give the same figures.
 *
 * Complexity: one SQL query with two scans (financials, interactions).
 *
 * @example
 * ```ts
 * import { defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine, 12);
 * console.log(w.start, w.end, w.profit_basis);
 * ```
 */
export async function defaultWindow(
  engine: SqlRunner,
  months = 12,
  dialect: Dialect = DUCKDB,
): Promise<Window> {
  const [r] = await engine.query<{ last: string | null; gp: number; n: number }>(`
    SELECT ${
    dialect.formatDay(`coalesce((SELECT max(period) FROM financials),
                             (SELECT ${
      dialect.periodStart("month", "max(occurred_at)")
    } FROM interactions))`)
  } AS last,
           (SELECT count(gross_profit) FROM financials) AS gp, (SELECT count(*) FROM financials) AS n`);
  if (!r.last) throw new DataError("no interactions or financials to take a window from");
  const last = new Date(r.last + "T00:00:00Z");
  const end = utcDay(last.getUTCFullYear(), last.getUTCMonth() + 1, 1);
  const start = utcDay(end.getUTCFullYear(), end.getUTCMonth() - months, 1);
  const prev = utcDay(start.getUTCFullYear(), start.getUTCMonth() - months, 1);
  const iso = isoDay;
  return {
    start: iso(start),
    end: iso(end),
    previous_start: iso(prev),
    months,
    profit_basis: Number(r.gp) > 0 && Number(r.gp) === Number(r.n) ? "gross_profit" : "revenue",
  };
}

const d = date;

/**
 * One {@linkcode AccountSummary} per account known to accounts, interactions or
 * financials, computed in DuckDB.
 *
 * Complexity: one pass over interactions and financials in SQL.
 *
 * @example
 * ```ts
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine, 12);
 * const rows = await accountSummaries(engine, w);
 * ```
 */
export async function accountSummaries(
  engine: SqlRunner,
  w: Window,
  dialect: Dialect = DUCKDB,
  caps: Record<string, number> = {},
): Promise<AccountSummary[]> {
  return await engine.query<AccountSummary>(accountSummariesSql(w, dialect, caps));
}

/**
 * The SQL of {@linkcode accountSummaries} in a dialect (DuckDB by default). RV and
 * interaction cost come from the scored-interaction view (`rv/scored.ts`), with `caps`
 * per account and month.
 *
 * Why: the SQL alone lets the same summary run in another database (e.g. Postgres).
 *
 * Complexity: O(size of the SQL); the query itself aggregates each table once.
 *
 * @example
 * ```ts
 * import { accountSummariesSql } from "./account_summary.ts";
 * const w = {
 *   start: "2024-01-01", end: "2025-01-01", previous_start: "2023-01-01", months: 12,
 *   profit_basis: "revenue" as const,
 * };
 * accountSummariesSql(w).includes("FROM financials"); // => true
 * ```
 */
export function accountSummariesSql(
  w: Window,
  dialect: Dialect = DUCKDB,
  caps: Record<string, number> = {},
): string {
  const gp = w.profit_basis === "gross_profit" ? "gross_profit" : "revenue";
  const sumIn = (column: string, from: string, to: string) =>
    dialect.round6(`sum(${column}) FILTER (WHERE period >= ${d(from)} AND period < ${d(to)})`);
  return `
WITH ids AS (
  -- interactions grouped first: one row per account leaves each shard of a sharded database
  SELECT account_id FROM accounts
  UNION SELECT account_id FROM (SELECT account_id FROM interactions GROUP BY account_id) ia
  UNION SELECT account_id FROM financials
),
fin AS (
  -- money sums rounded to 6 decimals: equal whatever order an engine adds the rows in
  SELECT account_id,
    ${sumIn("revenue", w.start, w.end)} AS revenue,
    ${sumIn(gp, w.start, w.end)} AS gross_profit,
    ${sumIn("cost_to_serve", w.start, w.end)} AS cost_to_serve,
    ${sumIn("revenue", w.previous_start, w.start)} AS revenue_previous,
    ${sumIn("wallet", w.start, w.end)} AS wallet,
    ${sumIn("wallet", w.previous_start, w.start)} AS wallet_previous,
    count(*) FILTER (WHERE period >= ${d(w.start)} AND period < ${
    d(w.end)
  } AND revenue > 0) AS billed_periods,
    bool_or(revenue > 0 AND period < ${d(w.start)}) AS existing_customer,
    bool_or(revenue > 0 AND period < ${d(w.end)}) AS ever_billed
  FROM financials GROUP BY account_id
),
inter AS (
  SELECT s.account_id,
    ${dialect.round9("sum(s.cost_to_engage)")} AS interaction_cost,
    ${dialect.round9("sum(s.rv)")} AS rv,
    count(*) AS interactions,
    count(*) FILTER (WHERE s.amount > 0) AS purchases
  FROM (${scoredInteractionsSql({ grain: "month", level: "account", caps }, dialect)}) s
  WHERE s.occurred_at >= ${d(w.start)} AND s.occurred_at < ${d(w.end)}
  GROUP BY s.account_id
),
nps AS (
  SELECT account_id, ${dialect.argMax("nps", "answered_at")} AS last_nps
  FROM voc WHERE nps IS NOT NULL AND answered_at < ${d(w.end)} GROUP BY account_id
)
SELECT ids.account_id,
  coalesce(fin.revenue, 0) AS revenue,
  coalesce(fin.gross_profit, 0) AS gross_profit,
  coalesce(fin.cost_to_serve, 0) AS cost_to_serve,
  coalesce(inter.interaction_cost, 0) AS interaction_cost,
  coalesce(fin.gross_profit, 0) - coalesce(fin.cost_to_serve, 0) - coalesce(inter.interaction_cost, 0) AS profit,
  coalesce(fin.revenue_previous, 0) AS revenue_previous,
  fin.wallet, fin.wallet_previous,
  coalesce(inter.rv, 0) AS rv,
  coalesce(inter.interactions, 0) AS interactions,
  coalesce(fin.billed_periods, 0) AS billed_periods,
  coalesce(inter.purchases, 0) AS purchases,
  coalesce(fin.existing_customer, false) AS existing_customer,
  coalesce(fin.ever_billed, false) OR coalesce(inter.purchases, 0) > 0 AS ever_billed,
  nps.last_nps,
  a.industry, a.region, a.territory, a.product_line, a.owner_id, a.community_member
FROM ids
LEFT JOIN fin USING (account_id)
LEFT JOIN inter USING (account_id)
LEFT JOIN nps USING (account_id)
LEFT JOIN accounts a USING (account_id)
ORDER BY ${dialect.binaryOrder("ids.account_id")}`;
}
