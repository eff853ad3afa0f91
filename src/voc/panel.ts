/**
 * The account × period panel that say-vs-do and relationship equity work on: RV and
 * cost of the interactions (from `rvByPeriodSql`), money from `financials`, and what
 * customers said in `voc`, one row per account and period, built in DuckDB SQL.
 *
 * Definitions:
 * - `rv`, `cost`, `interactions`: as `rvByPeriod` (account level, dense from the
 *   account's first interaction to the last period with an interaction);
 * - `revenue`, `gross_profit`, `cost_to_serve`, `wallet`: sums of `financials` rows
 *   whose period falls in the period (null when the account has no financials row there);
 * - `profit` = coalesce(gross_profit, revenue) − coalesce(cost_to_serve, 0) − cost of the
 *   interactions (data model), null when there is no financials row;
 * - `nps`: mean NPS (0–10) of the answers in the period; `csat`: mean of csat / csat_scale
 *   (0–1); `answers`: number of voc rows in the period.
 * Periods run over the union of the periods with interactions, financials or voc.
 * Sums are rounded to 9 decimals: DuckDB adds doubles in parallel in no fixed order, and
 * the last bits would otherwise differ from run to run (and break same seed, same output).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import type { Grain } from "../util/periods.ts";
import { rvByPeriodSql } from "../rv/rv_by_period.ts";

/** One account and period of the panel. */
export interface PanelRow {
  account_id: string;
  /** `YYYY-MM-DD`, start of the period */
  period: string;
  rv: number;
  cost: number;
  interactions: number;
  revenue: number | null;
  gross_profit: number | null;
  cost_to_serve: number | null;
  wallet: number | null;
  profit: number | null;
  nps: number | null;
  /** mean csat / csat_scale, in [0, 1] */
  csat: number | null;
  answers: number;
}

/** Options for {@linkcode accountPanel}. */
export interface PanelOptions {
  /** default "month" */
  grain?: Grain;
  /** caps per interaction type, as in `rvByPeriod` */
  caps?: Record<string, number>;
}

/**
 * The account × period panel from the canonical tables in the engine (see module doc).
 *
 * Why: every leading-indicator question compares what an account did (RV) or said
 * (NPS/CSAT) in a period with the money it brought in later; one panel keeps the
 * periods aligned the same way for all of them.
 *
 * Complexity: O(interactions + financials + voc) inside DuckDB, O(accounts × periods) rows.
 *
 * @example
 * ```ts
 * import { accountPanel } from "./panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine, { grain: "month" });
 * ```
 */
export async function accountPanel(
  engine: Engine,
  options: PanelOptions = {},
): Promise<PanelRow[]> {
  const grain = options.grain ?? "month";
  const sql = `
WITH rv AS (${rvByPeriodSql({ grain, level: "account", caps: options.caps })}),
fin AS (
  SELECT account_id, date_trunc('${grain}', period)::DATE AS period, sum(revenue) AS revenue,
         sum(gross_profit) AS gross_profit, sum(cost_to_serve) AS cost_to_serve, sum(wallet) AS wallet
  FROM financials GROUP BY ALL
),
said AS (
  SELECT account_id, date_trunc('${grain}', answered_at)::DATE AS period, avg(nps) AS nps,
         avg(CASE WHEN csat_scale > 0 THEN csat / csat_scale END) AS csat, count(*) AS answers
  FROM voc GROUP BY ALL
),
keys AS (
  SELECT id AS account_id, period::DATE AS period FROM rv
  UNION SELECT account_id, period FROM fin
  UNION SELECT account_id, period FROM said
)
SELECT k.account_id, strftime(k.period, '%Y-%m-%d') AS period,
       round(coalesce(r.rv, 0), 9) AS rv, round(coalesce(r.cost, 0), 9) AS cost,
       coalesce(r.interactions, 0) AS interactions,
       round(f.revenue, 9) AS revenue, round(f.gross_profit, 9) AS gross_profit,
       round(f.cost_to_serve, 9) AS cost_to_serve, round(f.wallet, 9) AS wallet,
       CASE WHEN f.account_id IS NOT NULL
            THEN round(coalesce(f.gross_profit, f.revenue) - coalesce(f.cost_to_serve, 0) - coalesce(r.cost, 0), 9)
       END AS profit,
       s.nps, s.csat, coalesce(s.answers, 0) AS answers
FROM keys k
LEFT JOIN rv r ON r.id = k.account_id AND r.period::DATE = k.period
LEFT JOIN fin f ON f.account_id = k.account_id AND f.period = k.period
LEFT JOIN said s ON s.account_id = k.account_id AND s.period = k.period
ORDER BY k.account_id, k.period`;
  return await engine.query<PanelRow>(sql);
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
 * const panel = [{ account_id: "acct-00001", period: "2025-02-01" }, { account_id: "acct-00001", period: "2025-01-01" }];
 * byAccount(panel).get("acct-00001"); // that account's rows, oldest first
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
