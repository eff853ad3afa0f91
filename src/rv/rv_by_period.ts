/**
 * Relationship Value per account (or contact, or initiative) and period, in SQL.
 *
 * Definitions (the TypeScript reference `rvByPeriodReference` implements the same):
 * - period RV = Σ of the interactions' `rv` in the period, cost to engage = Σ of their
 *   `cost_to_engage`, both from the one interaction × IPF view `scoredInteractionsSql`
 *   (`./scored.ts`: quantity × IPF weight, caps per type, key and period, cost not capped);
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
import { derivedTable, dropDerived, keepsResults } from "../engine/derived.ts";
import { ident } from "../sql/literal.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { date, num } from "../sql/literal.ts";
import { addPeriods, type Grain } from "../util/periods.ts";
import { type RvLevel, scoredInteractionsSql } from "./scored.ts";

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
  /**
   * only the period sums (`id`, `account_id`, `period`, `rv`, `interactions`, `cost`),
   * unordered: no cumulative, decayed or per-cost column, for a query that joins the rows
   * (the account panel); the sums are the same as in the full rows
   */
  sumsOnly?: boolean;
  /**
   * with `sumsOnly`: only the periods with interactions (no zero rows), for a caller that
   * fills the calendar itself (the back-test's dense panel); the sums are the same
   */
  observedOnly?: boolean;
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

/**
 * The SQL computing RV rows (see module doc), reading the canonical tables
 * `interactions` and `ipf` through the scored-interaction view (caps included as
 * literals), in the given dialect (DuckDB by default; PostgreSQL for a database source).
 *
 * Why: one query text for both engines, so a database source gives the same figures.
 * Complexity: O(1) to build; the query is O(interactions) plus a sort by key and period.
 *
 * @example
 * ```ts
 * import { rvByPeriodSql } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const rows = await engine.query(rvByPeriodSql({ grain: "quarter", halfLife: 2 }));
 * ```
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
  const observed = options.sumsOnly === true && options.observedOnly === true;
  const idx = `CAST(idx AS ${d.double})`;
  const decay = h === undefined
    ? `NULL::${d.double}`
    : `pow(2, -${idx} / ${num(h)}) * sum(rv * pow(2, ${idx} / ${num(h)})) OVER w`;
  return `
WITH base AS (
  SELECT key_id AS id, ${level === "initiative" ? "NULL" : "account_id"} AS account_id, period,
         rv, cost_to_engage AS cost
  FROM (${scoredInteractionsSql({ grain, level, caps: options.caps }, d)}) s
  WHERE key_id IS NOT NULL
),
per AS (
  SELECT id, period, min(account_id) AS account_id, sum(rv) AS rv, count(*) AS interactions,
         sum(cost) AS cost
  FROM base GROUP BY id, period
),
-- from per, not base: base is then read once, and a sharded database aggregates it on
-- the shards (db/shards.ts) instead of shipping every interaction to the coordinator
owner AS (SELECT id, min(account_id) AS account_id, min(period) AS first FROM per GROUP BY id),${
    observed ? "" : `
grid AS (
  SELECT id, account_id, ${d.dateSeries("first", end, grain)} AS period
  FROM owner
),`
  }
dense AS (
  SELECT g.id, g.account_id, ${observed ? "p" : "g"}.period, ${
    d.round9("coalesce(p.rv, 0)")
  } AS rv, coalesce(p.interactions, 0) AS interactions,
         ${d.round9("coalesce(p.cost, 0)")} AS cost${
    options.sumsOnly ? "" : ", row_number() OVER (PARTITION BY g.id ORDER BY g.period) - 1 AS idx"
  }
  FROM ${observed ? "owner g JOIN" : "grid g LEFT JOIN"} per p ON p.id = g.id${
    observed ? "" : " AND p.period = g.period"
  }
)
${
    options.sumsOnly
      ? `SELECT id, account_id, ${
        d.formatDay("period")
      } AS period, rv, interactions, cost FROM dense`
      : `SELECT id, account_id, ${d.formatDay("period")} AS period, rv,
       ${d.round9("rv_cumulative")} AS rv_cumulative, ${d.round9("rv_decayed")} AS rv_decayed,
       interactions, cost, rv_per_cost
FROM (
  SELECT id, account_id, period, rv, sum(rv) OVER w AS rv_cumulative, ${decay} AS rv_decayed,
         interactions, cost, CASE WHEN cost > 0 THEN rv / cost END AS rv_per_cost
  FROM dense
  WINDOW w AS (PARTITION BY id ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
) windowed
ORDER BY ${d.binaryOrder("id")}, 3`
  }`;
}

/** One key and period of {@linkcode rvSumsByPeriod}: the period sums of an {@linkcode RvRow}. */
export type RvSumRow = Pick<RvRow, "id" | "account_id" | "period" | "rv" | "interactions" | "cost">;

/**
 * The period sums of {@linkcode rvByPeriod} (`id`, `account_id`, `period`, `rv`,
 * `interactions`, `cost`), the same rows with the same values in the same order (key,
 * then period), without the cumulative, decayed and per-cost columns: the engine returns
 * only the periods with interactions and the zero periods are filled here.
 *
 * Why: a caller that needs only the sums reads (for CDNOW) 55,379 rows from the engine
 * instead of 401,288.
 * Complexity: O(interactions) in the engine, O(keys × periods) here.
 *
 * @example
 * ```ts
 * import { rvSumsByPeriod } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const rows = await rvSumsByPeriod(await openEngine(), { grain: "month" });
 * ```
 */
export async function rvSumsByPeriod(
  engine: SqlRunner,
  options: Omit<RvOptions, "halfLife" | "sumsOnly" | "observedOnly"> = {},
  dialect: Dialect = DUCKDB,
): Promise<RvSumRow[]> {
  const grain = options.grain ?? "month";
  const sql = rvByPeriodSql({ ...options, sumsOnly: true, observedOnly: true }, dialect);
  const rows = await engine.query<RvSumRow>(
    `SELECT * FROM (${sql}) s ORDER BY ${dialect.binaryOrder("id")}, period`,
  );
  if (rows.length === 0) return [];
  const end = options.end ?? rows.reduce((m, r) => (r.period > m ? r.period : m), rows[0].period);
  const out: RvSumRow[] = [];
  // each period's successor computed once (the keys share one calendar)
  const following = new Map<string, string>();
  const after = (p: string) => {
    let q = following.get(p);
    if (q === undefined) following.set(p, q = addPeriods(p, grain, 1));
    return q;
  };
  for (let i = 0; i < rows.length;) {
    const { id, account_id } = rows[i];
    let p = rows[i].period;
    for (; p <= end; p = after(p)) {
      const r = i < rows.length && rows[i].id === id && rows[i].period === p ? rows[i++] : null;
      out.push(r ?? { id, account_id, period: p, rv: 0, interactions: 0, cost: 0 });
    }
    while (i < rows.length && rows[i].id === id) i++;
  }
  return out;
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
 * import { rvByPeriod } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const rows = await rvByPeriod(engine, { grain: "month", halfLife: 6 });
 * ```
 */
export async function rvByPeriod(
  engine: SqlRunner,
  options: RvOptions = {},
  dialect: Dialect = DUCKDB,
): Promise<RvRow[]> {
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
  if (!keepsResults(engine)) return await engine.query<RvRow>(rvByPeriodSql(options, dialect));
  await rvByPeriodTable(engine, "_rvlab_rv_rows", options);
  try {
    return await engine.query<RvRow>("SELECT * FROM _rvlab_rv_rows");
  } finally {
    await dropDerived(engine, "_rvlab_rv_rows");
  }
}

/**
 * The rows of {@linkcode rvByPeriod} as the temporary table (or view) `name`, in their
 * order: on an unchanged workspace, read back from its results after the first run
 * (`engine/derived.ts`).
 *
 * Why: 10M interactions give 3.3M monthly RV rows; they stay in the engine for the
 * queries that follow, and a second run on the same data does not compute them again.
 * Complexity: as {@linkcode rvByPeriodSql}, or O(rows) when the result is kept.
 *
 * @example
 * ```ts
 * import { rvByPeriodTable } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * await rvByPeriodTable(engine, "rv_month", { grain: "month" }); // => "computed"
 * ```
 */
export async function rvByPeriodTable(
  engine: SqlRunner,
  name: string,
  options: RvOptions = {},
  dialect: Dialect = DUCKDB,
): Promise<"computed" | "reused" | "saved"> {
  const sql = rvByPeriodSql(options, dialect);
  const label = `RV by ${options.grain ?? "month"}${
    options.level && options.level !== "account" ? ` and ${options.level}` : ""
  }`;
  if (keepsResults(engine)) return await derivedTable(engine, name, sql, { label });
  await engine.run(`CREATE TEMP TABLE ${ident(name)} AS ${sql}`);
  return "computed";
}
