/**
 * The interaction × IPF view: every interaction scored once, so every RV figure in
 * rvlab (RV by period, account summaries, relationship types, change drivers,
 * comparisons, process gaps, the report's sparklines) sums the same column and a
 * change to the definition (a cap, a cost rule) reaches all of them.
 *
 * Definitions (the TypeScript reference `rvByPeriodReference` implements the same):
 * - `rv_uncapped` = quantity × the IPF weight `rv` of the interaction type;
 * - `rv` (the figure to sum) = `rv_uncapped`, except that with a **cap** for the type
 *   at most `cap` occurrences (quantity) of that type count per key and period, so each
 *   interaction of an over-cap (key, period, type) unit is scaled by cap / quantity of
 *   the unit. Summed over the unit this is the type's RV × cap / quantity, exactly the
 *   per-type rule; per interaction it lets any grouping (by stage, segment, owner,
 *   window) add up capped RV without knowing about caps. The key is the account by
 *   default (the contact or initiative for those levels) and the period the month by
 *   default: the grain at which RV is reported;
 * - `cost_to_engage` = the row's `cost` when given (it replaces that row's whole IPF
 *   cost), else variable_cost × quantity. Cost is never capped: every contact was paid
 *   for;
 * - `period` = the DATE starting the period (grain) the interaction falls in;
 *   `key_id` = the key the caps count per (NULL for interactions without one, e.g. no
 *   initiative).
 * The view also carries every column of `interactions` (extra columns included) and
 * the IPF's `label`, `stage`, `function` and `relationship_type`, plus `cap` and
 * `unit_quantity` (the unit's total quantity; NULL without a cap).
 *
 * Caps are written into the SQL as literals (a `VALUES` list), so the view needs no
 * state in the database and reads the same in DuckDB and PostgreSQL.
 *
 * @module
 */
import { type Dialect, DUCKDB, type InlineIpfRow } from "../sql/dialect.ts";
import { num, str } from "../sql/literal.ts";
import type { Grain } from "../util/periods.ts";

/** What RV is computed for. */
export type RvLevel = "account" | "contact" | "initiative";

/** Options for {@linkcode scoredInteractionsSql}. */
export interface ScoredOptions {
  /** period of `period` and of the cap unit; default "month" */
  grain?: Grain;
  /** key of the cap unit (`key_id`); default "account" */
  level?: RvLevel;
  /** maximum counted occurrences (quantity) per interaction type, key and period */
  caps?: Record<string, number>;
}

/** The key expression of each level, over `interactions i`. */
export const RV_KEY: Readonly<Record<RvLevel, string>> = {
  account: "i.account_id",
  contact: "coalesce(i.contact_id, i.account_id)",
  initiative: "i.initiative",
};

/**
 * The caps as an SQL `VALUES` relation `(interaction_type, cap)`; refuses caps that are
 * not numbers >= 0. Returns undefined when there are none.
 */
function capsRelation(caps: Record<string, number>, d: Dialect): string | undefined {
  const rows = Object.entries(caps).map(([t, c]) => {
    if (!(typeof c === "number" && c >= 0)) {
      throw new RangeError(`cap for ${t} must be a number >= 0, found ${c}`);
    }
    return `(${str(t)}, CAST(${num(c)} AS ${d.double}))`;
  });
  return rows.length ? `(VALUES ${rows.join(", ")}) AS c(interaction_type, cap)` : undefined;
}

/**
 * The SELECT of the scored-interaction view (see the module doc), reading the
 * canonical tables `interactions` and `ipf`, in the given dialect (DuckDB by
 * default). Use it as a subquery: `FROM (${scoredInteractionsSql()}) s`.
 *
 * Complexity: one join of interactions with the IPF; with caps, one window
 * aggregation partitioned by key, period and type, O(interactions log interactions).
 *
 * @example
 * ```ts
 * import { scoredInteractionsSql } from "./scored.ts";
 * const sql = `SELECT account_id, sum(rv) AS rv FROM (${
 *   scoredInteractionsSql({ caps: { email_open: 3 } })
 * }) s GROUP BY account_id`;
 * ```
 */
export function scoredInteractionsSql(
  options: ScoredOptions = {},
  dialect: Dialect = DUCKDB,
): string {
  const d = dialect;
  const key = RV_KEY[options.level ?? "account"];
  const grain = options.grain ?? "month";
  // postgres_fdw ships a function with a text argument only when the argument's collation
  // comes from a remote column: the grain is given that collation by appending the empty
  // string cut from one (the value is unchanged; date_trunc(grain, x) either way)
  const periodStart = d.periodStart(grain, "i.occurred_at"); // (refuses an unknown grain)
  const period = d.inlineIpf
    ? `date_trunc(${str(grain)} || substr(i.interaction_type, 1, 0), i.occurred_at)::date`
    : periodStart;
  const caps = capsRelation(options.caps ?? {}, d);
  const unit = caps
    ? `c.cap, CASE WHEN c.cap IS NOT NULL THEN sum(i.quantity) OVER (PARTITION BY ${key}, ${period}, i.interaction_type) END AS unit_quantity`
    : `CAST(NULL AS ${d.double}) AS cap, CAST(NULL AS ${d.double}) AS unit_quantity`;
  const p = d.inlineIpf ? inlineIpfColumns(d.inlineIpf, d) : undefined;
  const col = (c: keyof InlineIpfRow) => p ? p[c] : `p.${c}`;
  const from = p
    ? "interactions i"
    : "interactions i JOIN ipf p ON p.interaction_type = i.interaction_type";
  return `SELECT s.*,
       CASE WHEN s.unit_quantity > s.cap THEN s.rv_uncapped * s.cap / s.unit_quantity
            ELSE s.rv_uncapped END AS rv
FROM (
  SELECT i.*, ${
    p
      ? `${p.label} AS label, ${p.stage} AS stage, ${p.function} AS "function", ${p.relationship_type} AS relationship_type`
      : "p.label, p.stage, p.function, p.relationship_type"
  },
         ${key} AS key_id, ${period} AS period,
         i.quantity * ${col("rv")} AS rv_uncapped,
         ${
    p
      // COALESCE does not ship either: the first non-NULL element of the pair
      ? `(array_remove(ARRAY[i.cost, i.quantity * ${p.variable_cost}], NULL))[1]`
      : `coalesce(i.cost, i.quantity * p.variable_cost)`
  } AS cost_to_engage,
         ${unit}
  FROM ${from}${caps ? `\n  LEFT JOIN ${caps} ON c.interaction_type = i.interaction_type` : ""}${
    p ? `\n ${p.where}` : ""
  }
) s`;
}

/**
 * The IPF's columns as expressions over `i.interaction_type`, and the filter that keeps
 * the inner join's meaning (only interactions of a type in the IPF), for a dialect with
 * {@linkcode Dialect.inlineIpf}. PostgreSQL 15's postgres_fdw ships neither CASE nor
 * COALESCE, so a value is an array literal subscripted by the type's position
 * (`(ARRAY[…])[array_position(ARRAY[…], i.interaction_type)]`, built-in functions that
 * ship). Values are literals (`str`, `num`), doubles cast to the dialect's double type,
 * so the figures are bit-identical to the join's.
 */
function inlineIpfColumns(
  rows: readonly InlineIpfRow[],
  d: Dialect,
): Record<keyof InlineIpfRow, string> & { where: string } {
  const types = `ARRAY[${rows.map((r) => str(r.interaction_type)).join(", ")}]::text[]`;
  const lookup = (c: keyof InlineIpfRow, double: boolean) => {
    const type = double ? d.double : "text";
    if (!rows.length) return `CAST(NULL AS ${type})`;
    const values = rows.map((r) => {
      const v = r[c];
      return v === null ? "NULL" : double ? num(v as number) : str(String(v));
    });
    return `(ARRAY[${values.join(", ")}]::${type}[])[array_position(${types}, i.interaction_type)]`;
  };
  return {
    interaction_type: "i.interaction_type",
    label: lookup("label", false),
    stage: lookup("stage", false),
    function: lookup("function", false),
    relationship_type: lookup("relationship_type", false),
    rv: lookup("rv", true),
    variable_cost: lookup("variable_cost", true),
    where: rows.length ? ` WHERE i.interaction_type = ANY (${types})` : " WHERE false",
  };
}
