/**
 * Relationship Value per account (or contact, or initiative) and period, in SQL.
 *
 * Definitions (the TypeScript reference `rvByPeriodReference` implements the same):
 * - period RV = Σ rv × quantity of the interactions in the period, where `rv` is the
 *   IPF weight of the interaction type;
 * - with a **cap** for a type, at most `cap` occurrences (quantity) of that type count
 *   per key and period: the type's RV is scaled by cap / quantity (cost is not capped:
 *   you paid for every contact);
 * - cost to engage = Σ of each row's `cost` when given (it replaces that row's whole
 *   IPF cost), else variable_cost × quantity;
 * - RV per unit cost = period RV / cost (empty when cost is 0);
 * - cumulative RV = Σ of period RV up to and including the period;
 * - decayed RV with half-life h periods = Σ_{s ≤ t} RV_s × 0.5^((t − s)/h);
 * - sums are rounded to 9 decimals, so results do not depend on the order in which
 *   DuckDB's parallel aggregation adds floating-point numbers (run to run identical);
 * - periods run densely (zero rows included) from each key's first interaction to the
 *   last period with data in the table, so trajectories can be compared period by period.
 * Accounts roll up all their contacts; an initiative rolls up the interactions tagged with it.
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { date, num } from "../sql/literal.ts";
import type { Grain } from "../util/periods.ts";

/** What RV is computed for. */
export type RvLevel = "account" | "contact" | "initiative";

/** Options for {@linkcode rvByPeriod}. */
export interface RvOptions {
  /** default "month" */
  grain?: Grain;
  /** default "account" */
  level?: RvLevel;
  /** half-life in periods for the decayed RV; omitted: no decay column */
  halfLife?: number;
  /** maximum counted occurrences per interaction type, key and period */
  caps?: Record<string, number>;
  /** last period (`YYYY-MM-DD`); default: the last period with an interaction */
  end?: string;
}

/** One key and period. `rv_decayed` is null without a half-life. */
export interface RvRow {
  /** account_id, contact_id or initiative, by level */
  id: string;
  /** the account of the key (for contacts: their account; for accounts: itself; initiatives: null) */
  account_id: string | null;
  period: string;
  rv: number;
  rv_cumulative: number;
  rv_decayed: number | null;
  interactions: number;
  cost: number;
  rv_per_cost: number | null;
}

const KEY: Record<RvLevel, string> = {
  account: "i.account_id",
  contact: "coalesce(i.contact_id, i.account_id)",
  initiative: "i.initiative",
};

/** Period totals with caps: per key, period and type first, capped, then per key and period. */
const CAPPED_PER = `by_type AS (
  SELECT id, period, interaction_type, sum(q) AS q, sum(rv) AS rv, sum(cost) AS cost, count(*) AS n
  FROM base GROUP BY id, period, interaction_type
),
per AS (
  SELECT b.id, b.period,
         sum(CASE WHEN c.cap IS NOT NULL AND b.q > c.cap THEN b.rv * c.cap / b.q ELSE b.rv END) AS rv,
         sum(b.n) AS interactions, sum(b.cost) AS cost
  FROM by_type b LEFT JOIN _rv_caps c USING (interaction_type)
  GROUP BY b.id, b.period
)`;

/** Period totals without caps: one grouping per key and period. */
const PLAIN_PER = `per AS (
  SELECT id, period, sum(rv) AS rv, count(*) AS interactions, sum(cost) AS cost
  FROM base GROUP BY id, period
)`;

/**
 * The SQL computing RV rows (see module doc), reading the canonical tables
 * `interactions` and `ipf` and, when `options.caps` has entries, the table
 * `_rv_caps(interaction_type, cap)` filled by {@linkcode prepareCaps}, in the
 * given dialect (DuckDB by default; PostgreSQL for a database source).
 */
export function rvByPeriodSql(options: RvOptions = {}, dialect: Dialect = DUCKDB): string {
  const d = dialect;
  const grain = options.grain ?? "month";
  const level = options.level ?? "account";
  const h = options.halfLife;
  if (h !== undefined && !(h > 0)) {
    throw new RangeError(`half-life must be a positive number of periods, found ${h}`);
  }
  const end = options.end ? date(options.end) : "(SELECT max(period) FROM per)";
  // the per-type grouping is needed only to apply caps; without caps one grouping suffices
  const capped = Object.keys(options.caps ?? {}).length > 0;
  const idx = `CAST(idx AS ${d.double})`;
  const decay = h === undefined
    ? `NULL::${d.double}`
    : `pow(2, -${idx} / ${num(h)}) * sum(rv * pow(2, ${idx} / ${num(h)})) OVER w`;
  return `
WITH base AS (
  SELECT ${KEY[level]} AS id, ${level === "initiative" ? "NULL" : "i.account_id"} AS account_id,
         ${d.periodStart(grain, "i.occurred_at")} AS period, i.interaction_type,
         i.quantity AS q, i.quantity * p.rv AS rv,
         coalesce(i.cost, i.quantity * p.variable_cost) AS cost
  FROM interactions i JOIN ipf p USING (interaction_type)
  WHERE ${KEY[level]} IS NOT NULL
),
${capped ? CAPPED_PER : PLAIN_PER},
owner AS (SELECT id, min(account_id) AS account_id, min(period) AS first FROM base GROUP BY id),
grid AS (
  SELECT id, account_id, ${d.dateSeries("first", end, grain)} AS period
  FROM owner
),
dense AS (
  SELECT g.id, g.account_id, g.period, ${
    d.round9("coalesce(p.rv, 0)")
  } AS rv, coalesce(p.interactions, 0) AS interactions,
         ${
    d.round9("coalesce(p.cost, 0)")
  } AS cost, row_number() OVER (PARTITION BY g.id ORDER BY g.period) - 1 AS idx
  FROM grid g LEFT JOIN per p ON p.id = g.id AND p.period = g.period
)
SELECT id, account_id, ${d.formatDay("period")} AS period, rv,
       ${d.round9("rv_cumulative")} AS rv_cumulative, ${d.round9("rv_decayed")} AS rv_decayed,
       interactions, cost, rv_per_cost
FROM (
  SELECT id, account_id, period, rv, sum(rv) OVER w AS rv_cumulative, ${decay} AS rv_decayed,
         interactions, cost, CASE WHEN cost > 0 THEN rv / cost END AS rv_per_cost
  FROM dense
  WINDOW w AS (PARTITION BY id ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
) windowed
ORDER BY ${d.binaryOrder("id")}, 3`;
}

/** Puts the caps into the `_rv_caps` table the SQL reads. */
export async function prepareCaps(
  engine: SqlRunner,
  caps: Record<string, number> = {},
  dialect: Dialect = DUCKDB,
): Promise<void> {
  for (
    const stmt of dialect.createTempTable(
      "_rv_caps",
      `interaction_type ${dialect.name === "duckdb" ? "VARCHAR" : "text"}, cap ${dialect.double}`,
    )
  ) {
    await engine.run(stmt);
  }
  for (const [t, c] of Object.entries(caps)) {
    if (!(c >= 0)) throw new RangeError(`cap for ${t} must be a number >= 0, found ${c}`);
    await engine.run("INSERT INTO _rv_caps VALUES ($1, $2)", [t, c]);
  }
}

/**
 * RV per key and period from the canonical tables in the engine.
 *
 * Complexity: O(interactions) aggregation plus O(keys × periods) for the dense grid,
 * all inside the database (DuckDB, or PostgreSQL with `dialect` POSTGRES and a
 * PostgreSQL client: only the RV rows leave the server). A half-life needs periods / half-life < 1000 (the decay is
 * computed with powers of two); use a coarser grain beyond that.
 *
 * @example
 * ```ts
 * const engine = await openEngine();
 * await putDataset(engine, data);
 * const rows = await rvByPeriod(engine, { grain: "month", halfLife: 6 });
 * ```
 */
export async function rvByPeriod(
  engine: SqlRunner,
  options: RvOptions = {},
  dialect: Dialect = DUCKDB,
): Promise<RvRow[]> {
  await prepareCaps(engine, options.caps, dialect);
  if (options.halfLife !== undefined) {
    const unit = options.grain === "quarter" ? "month" : options.grain ?? "month";
    const [r] = await engine.query<{ n: number | null }>(
      `SELECT ${
        dialect.periodsBetween(unit, "min(occurred_at)", "max(occurred_at)")
      } AS n FROM interactions`,
    );
    const periods = (r.n ?? 0) / (options.grain === "quarter" ? 3 : 1);
    if (periods / options.halfLife > 1000) {
      throw new RangeError(
        `half-life ${options.halfLife} is too short for ${periods} ${
          options.grain ?? "month"
        }s of data (at most 1000 half-lives); use a coarser grain`,
      );
    }
  }
  return await engine.query<RvRow>(rvByPeriodSql(options, dialect));
}
