/**
 * Comparisons across a dimension (owner, team, region, territory, industry,
 * product line, initiative, or any extra column): each group's RV against the norm,
 * every figure with its n. Whether a person performs above or below the norm beyond
 * chance is `./performers.ts`'s claim, not a rank here.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { ident } from "../sql/literal.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";

/** One group of a dimension. */
export interface ComparisonRow {
  group: string;
  accounts: number;
  interactions: number;
  rv: number;
  cost: number;
  /** RV per account and month with interactions */
  rv_per_account_month: number;
  rv_per_interaction: number;
  /** rv_per_account_month ÷ the same figure over all groups */
  ratio_to_norm: number;
  /** money attached to the group's interactions (won deals, orders) */
  amount: number;
}

/**
 * Compares groups of a dimension. The dimension is looked up on the interactions
 * (e.g. `owner_id`, or an extra column like `regional_office`) when they have it,
 * else on the accounts (e.g. `industry`, `region`). RV and cost are those of the
 * scored-interaction view (`./scored.ts`), with `options.caps` per account and month.
 *
 * Complexity: one SQL aggregation.
 *
 * @example
 * ```ts
 * import { compareBy } from "./comparisons.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * await compareBy(engine, "owner_id"); // the sales reps, against the norm
 * ```
 */
export async function compareBy(
  engine: Engine,
  dimension: string,
  options: { caps?: Record<string, number> } = {},
): Promise<
  { dimension: string; source: "interactions" | "accounts"; norm: number; groups: ComparisonRow[] }
> {
  const cols = async (t: string) =>
    (await engine.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(t)})`))
      .map((
        c,
      ) => c.column_name);
  const onInteractions = (await cols("interactions")).includes(dimension);
  if (!onInteractions && !(await cols("accounts")).includes(dimension)) {
    throw new RangeError(`no column "${dimension}" in interactions or accounts`);
  }
  const dim = onInteractions ? `s.${ident(dimension)}` : `a.${ident(dimension)}`;
  const rows = await engine.query<
    Omit<ComparisonRow, "ratio_to_norm"> & { account_months: number }
  >(`
SELECT CAST(${dim} AS VARCHAR) AS "group", count(DISTINCT s.account_id) AS accounts, count(*) AS interactions,
       round(sum(s.rv), 9) AS rv, round(sum(s.cost_to_engage), 9) AS cost,
       count(DISTINCT (s.account_id, s.period)) AS account_months,
       round(coalesce(sum(s.amount), 0), 9) AS amount
FROM (${scoredInteractionsSql({ grain: "month", level: "account", caps: options.caps })}) s ${
    onInteractions ? "" : "LEFT JOIN accounts a USING (account_id)"
  }
WHERE ${dim} IS NOT NULL
GROUP BY 1 ORDER BY 1`);
  const totalRv = rows.reduce((s, r) => s + r.rv, 0),
    totalAm = rows.reduce((s, r) => s + r.account_months, 0);
  const norm = totalAm ? totalRv / totalAm : NaN;
  return {
    dimension,
    source: onInteractions ? "interactions" : "accounts",
    norm,
    groups: rows.map(({ account_months, ...r }) => {
      const perAm = r.rv / account_months;
      return {
        ...r,
        rv_per_account_month: perAm,
        rv_per_interaction: r.rv / r.interactions,
        ratio_to_norm: perAm / norm,
      };
    }),
  };
}
