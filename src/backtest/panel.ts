/**
 * The monthly account panel every back-test reads: one row per account and month
 * with what the account did (RV, interactions, cost) and what it was worth
 * (revenue, profit, wallet) and said (NPS).
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { date } from "../sql/literal.ts";
import { rvByPeriodSql } from "../rv/rv_by_period.ts";

/** One account-month. Missing money is 0 for accounts with financials, null otherwise. */
export interface PanelRow {
  account_id: string;
  /** `YYYY-MM-DD`, first day of the month */
  period: string;
  rv: number;
  interactions: number;
  cost: number;
  revenue: number | null;
  /** gross profit (or revenue without it) − cost to serve − interaction cost */
  profit: number | null;
  wallet: number | null;
  /** mean NPS answered in the month */
  nps: number | null;
}

/** A panel with its calendar. */
export interface Panel {
  rows: PanelRow[];
  /** sorted distinct months */
  months: string[];
  /** true when financials carry revenue */
  has_money: boolean;
  has_wallet: boolean;
  has_nps: boolean;
}

/**
 * Builds the monthly panel from the canonical tables in the engine: RV from
 * `rvByPeriodSql` (dense from each account's first interaction), money from
 * financials (dense from each account's first financial month; a month without a
 * row has revenue 0), NPS from voc. Months run from the first to the last month of
 * either source.
 *
 * Complexity: SQL aggregation; O(accounts × months) rows returned. With a
 * PostgreSQL client and the POSTGRES dialect the whole panel is computed in the server.
 */
export async function buildPanel(engine: SqlRunner, dialect: Dialect = DUCKDB): Promise<Panel> {
  const d = dialect;
  const month = (x: string) => d.periodStart("month", x);
  const [range] = await engine.query<{ first: string | null; last: string | null }>(`
    SELECT ${d.formatDay("least(coalesce(f1, i1), coalesce(i1, f1))")} AS first,
           ${d.formatDay("greatest(coalesce(f2, i2), coalesce(i2, f2))")} AS last
    FROM (SELECT min(${month("period")}) AS f1, max(${month("period")}) AS f2 FROM financials) AS f,
         (SELECT min(${month("occurred_at")}) AS i1, max(${
    month("occurred_at")
  }) AS i2 FROM interactions) AS i`);
  if (!range?.first || !range.last) {
    return { rows: [], months: [], has_money: false, has_wallet: false, has_nps: false };
  }
  const rows = await engine.query<PanelRow>(`
WITH rv AS (${rvByPeriodSql({ grain: "month", end: range.last }, d)}),
fin AS (
  SELECT account_id, ${month("period")} AS period, ${d.round6("sum(revenue)")} AS revenue,
         ${d.round6("sum(coalesce(gross_profit, revenue))")} AS gp, ${
    d.round6("sum(coalesce(cost_to_serve, 0))")
  } AS cts,
         ${d.round6("sum(wallet)")} AS wallet
  FROM financials GROUP BY 1, 2
),
fin_first AS (SELECT account_id, min(period) AS first FROM fin GROUP BY account_id),
fin_grid AS (
  SELECT account_id, ${d.dateSeries("first", date(range.last), "month")} AS period FROM fin_first
),
money AS (
  SELECT g.account_id, g.period, coalesce(f.revenue, 0) AS revenue, coalesce(f.gp, 0) - coalesce(f.cts, 0) AS margin, f.wallet
  FROM fin_grid g LEFT JOIN fin f USING (account_id, period)
),
nps AS (
  SELECT account_id, ${month("answered_at")} AS period, ${
    d.round9("avg(nps)")
  } AS nps FROM voc WHERE nps IS NOT NULL GROUP BY 1, 2
),
keys AS (
  SELECT id AS account_id, CAST(period AS DATE) AS period FROM rv UNION SELECT account_id, period FROM money
)
SELECT k.account_id, ${d.formatDay("k.period")} AS period,
       coalesce(rv.rv, 0) AS rv, coalesce(rv.interactions, 0) AS interactions, coalesce(rv.cost, 0) AS cost,
       m.revenue, CASE WHEN m.account_id IS NULL THEN NULL ELSE ${
    d.round6("m.margin - coalesce(rv.cost, 0)")
  } END AS profit,
       m.wallet, n.nps
FROM keys k
LEFT JOIN rv ON rv.id = k.account_id AND CAST(rv.period AS DATE) = k.period
LEFT JOIN money m ON m.account_id = k.account_id AND m.period = k.period
LEFT JOIN nps n ON n.account_id = k.account_id AND n.period = k.period
ORDER BY ${d.binaryOrder("k.account_id")}, k.period`);
  const months = [...new Set(rows.map((r) => r.period))].sort();
  return {
    rows,
    months,
    has_money: rows.some((r) => r.revenue !== null && r.revenue !== 0),
    has_wallet: rows.some((r) => r.wallet !== null),
    has_nps: rows.some((r) => r.nps !== null),
  };
}

/**
 * Totals over all accounts per month of the panel: RV and revenue (null when the
 * panel has no money). Feeds the calibration-vs-holdout chart.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { panelTotals } from "./panel.ts";
 * const panel = {
 *   rows: [
 *     { account_id: "a", period: "2020-01-01", rv: 400, interactions: 9, cost: 50, revenue: 10000, profit: 2000, wallet: null, nps: null },
 *     { account_id: "b", period: "2020-01-01", rv: 12.5, interactions: 1, cost: 5, revenue: 8000, profit: 900, wallet: null, nps: null },
 *   ],
 *   months: ["2020-01-01"],
 *   has_money: true,
 *   has_wallet: false,
 *   has_nps: false,
 * };
 * panelTotals(panel)[0]; // => { month: "2020-01-01", rv: 412.5, revenue: 18000 }
 * ```
 */
export function panelTotals(
  panel: Panel,
): { month: string; rv: number; revenue: number | null }[] {
  const at = new Map(panel.months.map((m, i) => [m, i]));
  const rv = panel.months.map(() => 0), rev = panel.months.map(() => 0);
  for (const r of panel.rows) {
    const i = at.get(r.period);
    if (i === undefined) continue;
    rv[i] += r.rv;
    rev[i] += r.revenue ?? 0;
  }
  return panel.months.map((m, i) => ({
    month: m,
    rv: rv[i],
    revenue: panel.has_money ? rev[i] : null,
  }));
}
