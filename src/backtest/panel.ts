/**
 * The account × period panel, the one table the back-test, say-vs-do, relationship
 * equity and the evidence-tuned weights read: one row per account and period with what
 * the account did (RV, interactions, cost of the interactions, from `rvByPeriodSql`),
 * what it was worth (`financials`) and what it said (`voc`).
 *
 * Definitions:
 * - `rv`, `cost`, `interactions`: as `rvByPeriod` (account level, caps applied to RV,
 *   never to cost), 0 in a period without interactions;
 * - `revenue`, `gross_profit`, `cost_to_serve`, `wallet`: sums of the `financials` rows
 *   whose period falls in the period;
 * - `profit` = Σ coalesce(gross_profit, revenue) − Σ coalesce(cost_to_serve, 0) − cost
 *   of the interactions (the data model's profit);
 * - `nps`: mean NPS (0–10) of the answers in the period; `csat`: mean of csat /
 *   csat_scale (0–1); `answers`: number of voc rows in the period.
 *
 * Null semantics, chosen with {@linkcode PanelOptions.calendar}:
 * - `"dense"` (the back-test): every account has a row for every period from its first
 *   interaction or financials period to the last period of either source. From the
 *   account's first financials period on, a period **without a financials row counts
 *   as zero money** (revenue 0, gross profit 0, cost to serve 0, profit = − interaction
 *   cost): billing is monthly, and a month without a bill is a month without revenue.
 *   Before it, money is null (the account was not yet a customer we have books for).
 *   Wallet stays null without a row. Voc answers outside that span are not in the panel.
 * - `"observed"` (say-vs-do, equity): RV rows run densely from the account's first
 *   interaction to the last period with an interaction; every period with a financials
 *   row or a voc answer is added. **Money is null where the account has no financials
 *   row in the period**: missing books are unknown, not zero.
 * Money and average sums are rounded (`digits`, 9 by default; `nps`, `csat` always 9):
 * the engine adds doubles in parallel in no fixed order, and the last bits would
 * otherwise differ from run to run (and break same seed, same output).
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { addPeriods, type Grain } from "../util/periods.ts";
import { rvByPeriodSql } from "../rv/rv_by_period.ts";

/**
 * One account and period of the panel (see the module doc for the definitions and the
 * null semantics). `gross_profit`, `cost_to_serve`, `csat` and `answers` are always set
 * by {@linkcode accountPanel}; they are optional so that rows built by hand for the
 * back-test, which never reads them, need not carry them (absent reads as null, and 0
 * answers).
 */
export interface PanelRow {
  account_id: string;
  /** `YYYY-MM-DD`, start of the period */
  period: string;
  rv: number;
  interactions: number;
  cost: number;
  revenue: number | null;
  /** gross profit (or revenue without it) − cost to serve − interaction cost */
  profit: number | null;
  wallet: number | null;
  /** mean NPS answered in the period */
  nps: number | null;
  gross_profit?: number | null;
  cost_to_serve?: number | null;
  /** mean csat / csat_scale, in [0, 1] */
  csat?: number | null;
  answers?: number;
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

/** Options for {@linkcode accountPanel}. */
export interface PanelOptions {
  /** default "month" */
  grain?: Grain;
  /** caps per interaction type, as in `rvByPeriod`; default none */
  caps?: Record<string, number>;
  /**
   * "observed" (default: money null without a financials row) or "dense" (a full
   * calendar per account, a period without a financials row is zero money); see the
   * module doc
   */
  calendar?: "observed" | "dense";
  /** decimals money sums are rounded to; default 9 (the back-test's panel uses 6) */
  digits?: 6 | 9;
  /** SQL dialect of `engine`; default DuckDB (PostgreSQL computes the panel in the server) */
  dialect?: Dialect;
}

/**
 * The account × period panel from the canonical tables (see the module doc).
 *
 * Why one panel: every leading-indicator question compares what an account did (RV) or
 * said (NPS/CSAT) in a period with the money it brought in later; one panel keeps the
 * periods aligned, and the meaning of a missing financials row explicit, for all of them.
 *
 * Complexity: O(interactions + financials + voc) inside the engine, O(accounts × periods)
 * rows returned. With `"dense"` the engine returns only the periods where an account has a
 * row in a source and the empty periods are filled here (for CDNOW 55,379 rows read
 * instead of 401,288).
 *
 * @example
 * ```ts
 * import { openEngine } from "../engine/duckdb.ts";
 * import { accountPanel } from "./panel.ts";
 * const engine = await openEngine();
 * const panel = await accountPanel(engine, { grain: "month", calendar: "observed" });
 * ```
 */
export async function accountPanel(
  engine: SqlRunner,
  options: PanelOptions = {},
): Promise<PanelRow[]> {
  const d = options.dialect ?? DUCKDB, grain = options.grain ?? "month";
  if (options.calendar === "dense") {
    const last = await lastPeriod(engine, grain, d);
    if (last === null) return [];
    return fillCalendar(await engine.query<ObservedRow>(denseSql(options, last)), last, grain);
  }
  const round = (x: string) => (options.digits === 6 ? d.round6(x) : d.round9(x));
  const rv = rvByPeriodSql({ grain, caps: options.caps, sumsOnly: true }, d);
  return await engine.query<PanelRow>(`
WITH rv AS (${rv}),
${sumsSql(d, grain, round)},
money AS (
  SELECT account_id, period, revenue, gross_profit, cost_to_serve,
         gp - coalesce(cts, 0) AS margin, wallet
  FROM fin
),
keys AS (
  SELECT id AS account_id, CAST(period AS DATE) AS period FROM rv
  UNION SELECT account_id, period FROM money UNION SELECT account_id, period FROM said
)
SELECT k.account_id, ${d.formatDay("k.period")} AS period,
       coalesce(r.rv, 0) AS rv, coalesce(r.interactions, 0) AS interactions, coalesce(r.cost, 0) AS cost,
       m.revenue, m.gross_profit, m.cost_to_serve, m.wallet,
       CASE WHEN m.account_id IS NULL THEN NULL ELSE ${
    round("m.margin - coalesce(r.cost, 0)")
  } END AS profit,
       s.nps, s.csat, coalesce(s.answers, 0) AS answers
FROM keys k
LEFT JOIN rv r ON r.id = k.account_id AND CAST(r.period AS DATE) = k.period
LEFT JOIN money m ON m.account_id = k.account_id AND m.period = k.period
LEFT JOIN said s ON s.account_id = k.account_id AND s.period = k.period
ORDER BY ${d.binaryOrder("k.account_id")}, k.period`);
}

/** The money and voc sums per account and period, from the canonical tables (module doc). */
function sumsSql(d: Dialect, grain: Grain, round: (x: string) => string): string {
  const at = (x: string) => d.periodStart(grain, x);
  return `fin AS (
  SELECT account_id, ${at("period")} AS period, ${round("sum(revenue)")} AS revenue,
         ${round("sum(gross_profit)")} AS gross_profit, ${
    round("sum(cost_to_serve)")
  } AS cost_to_serve,
         ${round("sum(coalesce(gross_profit, revenue))")} AS gp, ${
    round("sum(coalesce(cost_to_serve, 0))")
  } AS cts,
         ${round("sum(wallet)")} AS wallet
  FROM financials GROUP BY 1, 2
),
said AS (
  SELECT account_id, ${at("answered_at")} AS period, ${d.round9("avg(nps)")} AS nps,
         ${d.round9("avg(CASE WHEN csat_scale > 0 THEN csat / csat_scale END)")} AS csat,
         count(*) AS answers
  FROM voc GROUP BY 1, 2
)`;
}

/** A panel row of a period with a source row, and the account's first financials period. */
type ObservedRow = Required<PanelRow> & { money_from: string | null };

/**
 * The dense panel's rows at the periods where the account has interactions, a financials
 * row or a voc answer, in account and period order, each with the account's first
 * financials period (`money_from`): from it on, a period without a financials row is zero
 * money. {@linkcode fillCalendar} adds the periods without any row.
 */
function denseSql(options: PanelOptions, last: string): string {
  const d = options.dialect ?? DUCKDB, grain = options.grain ?? "month";
  const round = (x: string) => (options.digits === 6 ? d.round6(x) : d.round9(x));
  const rv = rvByPeriodSql(
    { grain, caps: options.caps, sumsOnly: true, observedOnly: true, end: last },
    d,
  );
  const billed = (x: string) => `CASE WHEN k.period >= ff.first THEN ${x} END`;
  return `
WITH rv AS (${rv}),
${sumsSql(d, grain, round)},
fin_first AS (SELECT account_id, min(period) AS first FROM fin GROUP BY account_id),
keys AS (
  SELECT id AS account_id, CAST(period AS DATE) AS period FROM rv
  UNION SELECT account_id, period FROM fin UNION SELECT account_id, period FROM said
)
SELECT k.account_id, ${d.formatDay("k.period")} AS period,
       coalesce(r.rv, 0) AS rv, coalesce(r.interactions, 0) AS interactions, coalesce(r.cost, 0) AS cost,
       ${billed("coalesce(f.revenue, 0)")} AS revenue, ${
    billed("coalesce(f.gross_profit, 0)")
  } AS gross_profit,
       ${billed("coalesce(f.cost_to_serve, 0)")} AS cost_to_serve, f.wallet,
       ${billed(round("coalesce(f.gp, 0) - coalesce(f.cts, 0) - coalesce(r.cost, 0)"))} AS profit,
       s.nps, s.csat, coalesce(s.answers, 0) AS answers, ${d.formatDay("ff.first")} AS money_from
FROM keys k
LEFT JOIN rv r ON r.id = k.account_id AND CAST(r.period AS DATE) = k.period
LEFT JOIN fin f ON f.account_id = k.account_id AND f.period = k.period
LEFT JOIN fin_first ff ON ff.account_id = k.account_id
LEFT JOIN said s ON s.account_id = k.account_id AND s.period = k.period
ORDER BY ${d.binaryOrder("k.account_id")}, k.period`;
}

/**
 * The dense calendar from the observed rows ({@linkcode denseSql}, account and period
 * order): each account runs from its first period with interactions or financials to
 * `last`; a period without a row gets no interactions, zero money from the account's
 * first financials period on (null before it), no answers. Rows of voc answers outside
 * that span are dropped. O(accounts × periods).
 */
function fillCalendar(rows: readonly ObservedRow[], last: string, grain: Grain): PanelRow[] {
  const starts = rows.flatMap((r) => (r.interactions > 0 ? [r.period] : []))
    .concat(rows.flatMap((r) => (r.money_from === null ? [] : [r.money_from])));
  if (!starts.length) return [];
  // every account's periods are a stretch of the one calendar from the earliest start
  const calendar: string[] = [];
  for (let p = starts.reduce((a, b) => (b < a ? b : a)); p <= last; p = addPeriods(p, grain, 1)) {
    calendar.push(p);
  }
  const at = new Map(calendar.map((p, i) => [p, i]));
  const out: PanelRow[] = [];
  for (let i = 0; i < rows.length;) {
    const id = rows[i].account_id, moneyFrom = rows[i].money_from;
    let j = i, first: string | null = moneyFrom;
    for (; j < rows.length && rows[j].account_id === id; j++) {
      if (rows[j].interactions > 0 && (first === null || rows[j].period < first)) {
        first = rows[j].period;
      }
    }
    let k = i;
    for (let c = first === null ? calendar.length : at.get(first)!; c < calendar.length; c++) {
      const p = calendar[c];
      while (k < j && rows[k].period < p) k++;
      const r = k < j && rows[k].period === p ? rows[k] : null;
      const zero = moneyFrom !== null && p >= moneyFrom ? 0 : null;
      out.push({
        account_id: id,
        period: p,
        rv: r ? r.rv : 0,
        interactions: r ? r.interactions : 0,
        cost: r ? r.cost : 0,
        revenue: r ? r.revenue : zero,
        gross_profit: r ? r.gross_profit : zero,
        cost_to_serve: r ? r.cost_to_serve : zero,
        wallet: r ? r.wallet : null,
        profit: r ? r.profit : zero,
        nps: r ? r.nps : null,
        csat: r ? r.csat : null,
        answers: r ? r.answers : 0,
      });
    }
    i = j;
  }
  return out;
}

/** The last period with financials or interactions, or null without either. */
async function lastPeriod(engine: SqlRunner, grain: Grain, d: Dialect): Promise<string | null> {
  const at = (x: string) => d.periodStart(grain, x);
  const [range] = await engine.query<{ last: string | null }>(`
    SELECT ${d.formatDay("greatest(coalesce(f2, i2), coalesce(i2, f2))")} AS last
    FROM (SELECT max(${at("period")}) AS f2 FROM financials) AS f,
         (SELECT max(${at("occurred_at")}) AS i2 FROM interactions) AS i`);
  return range?.last ?? null;
}

/**
 * The back-test's monthly panel: {@linkcode accountPanel} with the dense calendar and
 * money rounded to 6 decimals, with its months and what the data carries.
 *
 * Complexity: as {@linkcode accountPanel}, plus O(rows) here. With a PostgreSQL client
 * and the POSTGRES dialect every sum is computed in the server (the empty periods of the
 * calendar are filled here).
 *
 * @example
 * ```ts
 * import { openEngine } from "../engine/duckdb.ts";
 * import { buildPanel } from "./panel.ts";
 * const panel = await buildPanel(await openEngine());
 * panel.months; // sorted distinct months
 * ```
 */
export async function buildPanel(
  engine: SqlRunner,
  dialect: Dialect = DUCKDB,
  caps: Record<string, number> = {},
): Promise<Panel> {
  const rows = await accountPanel(engine, { calendar: "dense", digits: 6, dialect, caps });
  return {
    rows,
    months: [...new Set(rows.map((r) => r.period))].sort(),
    has_money: rows.some((r) => r.revenue !== null && r.revenue !== 0),
    has_wallet: rows.some((r) => r.wallet !== null),
    has_nps: rows.some((r) => r.nps !== null),
  };
}

/** Money of one account around a cutoff, from {@linkcode cutoffMoney}. */
export interface CutoffMoney {
  account_id: string;
  /** revenue in [cutoff − horizon, cutoff) */
  rev_before: number;
  /** revenue in [cutoff, cutoff + horizon) */
  rev_after: number;
  /** profit (data model: interaction costs included) in [cutoff, cutoff + horizon) */
  profit_after: number;
}

/** `x` rounded to 6 decimals as DuckDB's `round(x, 6)`: std::round(x · 1e6) / 1e6, halves away from zero. */
const round6 = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 1e6) / 1e6;

/**
 * Revenue before and after a cutoff, and profit after it, per account with revenue in
 * the `horizon` months before the cutoff, in account order, from the dense panel of
 * {@linkcode buildPanel}: the windowed sums the evidence-tuned weights use as targets.
 * Months are the panel's, so `cutoff` is a month start (`YYYY-MM-01`). Sums are rounded
 * to 6 decimals, as the panel's money.
 *
 * Why from the panel: the weights' targets then mean exactly what the back-test's do
 * (a month without a bill is zero revenue, profit includes the interaction costs).
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { cutoffMoney, type Panel } from "./panel.ts";
 * declare const panel: Panel;
 * cutoffMoney(panel, "2025-01-01", 6)[0]; // { account_id, rev_before, rev_after, profit_after }
 * ```
 */
export function cutoffMoney(panel: Panel, cutoff: string, horizon: number): CutoffMoney[] {
  const before = addPeriods(cutoff, "month", -horizon),
    after = addPeriods(cutoff, "month", horizon);
  const sums = new Map<string, CutoffMoney>();
  for (const r of panel.rows) {
    if (r.revenue === null || r.period < before || r.period >= after) continue;
    let m = sums.get(r.account_id);
    if (!m) {
      sums.set(
        r.account_id,
        m = { account_id: r.account_id, rev_before: 0, rev_after: 0, profit_after: 0 },
      );
    }
    if (r.period < cutoff) m.rev_before += r.revenue;
    else {
      m.rev_after += r.revenue;
      m.profit_after += r.profit ?? 0;
    }
  }
  return [...sums.values()]
    .map((m) => ({
      account_id: m.account_id,
      rev_before: round6(m.rev_before),
      rev_after: round6(m.rev_after),
      profit_after: round6(m.profit_after),
    }))
    .filter((m) => m.rev_before > 0)
    .sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
}

/**
 * Panel rows grouped by account, each account's rows in period order.
 *
 * Why: the say-vs-do and equity windows walk one account's periods at a time.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { byAccount } from "./panel.ts";
 * byAccount([{ account_id: "a", period: "2024-02-01" }, { account_id: "a", period: "2024-01-01" }])
 *   .get("a"); // that account's rows, oldest first
 * ```
 */
export function byAccount<T extends { account_id: string; period: string }>(
  rows: readonly T[],
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.account_id);
    if (list) list.push(r);
    else out.set(r.account_id, [r]);
  }
  for (const list of out.values()) list.sort((a, b) => (a.period < b.period ? -1 : 1));
  return out;
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
