/**
 * The SQL dialect layer: the few places where DuckDB and PostgreSQL spell the same
 * thing differently, so one query builder (RV by period, account summaries, DDL)
 * produces SQL for either engine. A distributed engine (Citus speaks PostgreSQL;
 * Trino or Spark SQL would need their own small {@linkcode Dialect}) plugs in here.
 *
 * Every function is pure and returns SQL text; identifiers are always quoted and
 * values never enter SQL text except through `./literal.ts` (`ident`, `str`, `num`,
 * `date`, `timestamp`).
 *
 * @module
 */
import type { ColumnSpec } from "../io/schema.ts";
import type { Grain } from "../util/periods.ts";
import { ident, str } from "./literal.ts";

/** How one engine writes the constructs rvlab's queries need. */
export interface Dialect {
  readonly name: "duckdb" | "postgres";
  /** a quoted identifier */
  ident(name: string): string;
  /** the double-precision type name */
  readonly double: string;
  /** SQL type of a canonical column */
  columnType(c: ColumnSpec): string;
  /** `x` rounded to 9 decimals, bit-identical across dialects (halves away from zero) */
  round9(x: string): string;
  /** `x` rounded to 6 decimals the same way */
  round6(x: string): string;
  /** the DATE starting the period (grain) that the timestamp `x` falls in */
  periodStart(grain: Grain, x: string): string;
  /** a DATE or TIMESTAMP as `YYYY-MM-DD` text */
  formatDay(x: string): string;
  /** set-returning expression (select list) of the DATEs from `start` to `end` by grain */
  dateSeries(start: string, end: string, grain: Grain): string;
  /** the value of `value` at the row with the greatest `by` within the group */
  argMax(value: string, by: string): string;
  /** whole periods (month or day boundaries) between two timestamps */
  periodsBetween(unit: "day" | "week" | "month", from: string, to: string): string;
  /** `x` for ORDER BY in byte order of the text (DuckDB's order; PostgreSQL's "C" collation) */
  binaryOrder(x: string): string;
  /** statements (re)creating an empty temporary table */
  createTempTable(name: string, columns: string): string[];
  /**
   * the IPF written into the scored-interaction SQL instead of a join with the `ipf`
   * table (a sharded coordinator, `db/shards.ts`: a join with a local table would keep
   * postgres_fdw from shipping the per-account aggregates to the shards); undefined
   * for every other engine
   */
  readonly inlineIpf?: readonly InlineIpfRow[];
}

/** One IPF row as {@linkcode Dialect.inlineIpf} writes it into the SQL. */
export interface InlineIpfRow {
  interaction_type: string;
  label: string | null;
  stage: string | null;
  function: string | null;
  relationship_type: string | null;
  rv: number;
  variable_cost: number | null;
}

const GRAINS_OK = new Set(["day", "week", "month", "quarter"]);
function grainOf(g: Grain): Grain {
  if (!GRAINS_OK.has(g)) throw new RangeError(`unknown grain ${g}`);
  return g;
}

/** DuckDB, as the embedded engine has always been queried. */
export const DUCKDB: Dialect = {
  name: "duckdb",
  ident,
  double: "DOUBLE",
  columnType(c) {
    switch (c.type) {
      case "date":
        return "TIMESTAMP";
      case "period":
        return "DATE";
      case "number":
        return "DOUBLE";
      case "bool":
        return "BOOLEAN";
      default:
        return "VARCHAR";
    }
  },
  // + 0.0 turns a negative zero (round(-1e-15, 9)) into 0, as PostgreSQL gives
  round9: (x) => `(round(${x}, 9) + 0.0)`,
  round6: (x) => `round(${x}, 6)`,
  periodStart: (g, x) => `date_trunc(${str(grainOf(g))}, ${x})::DATE`,
  formatDay: (x) => `strftime(${x}, '%Y-%m-%d')`,
  dateSeries: (start, end, g) =>
    `unnest(generate_series(${start}, ${end}, ${
      grainOf(g) === "quarter" ? "INTERVAL 3 MONTH" : `INTERVAL 1 ${g.toUpperCase()}`
    }))::DATE`,
  argMax: (v, by) => `(list(${v} ORDER BY ${by} DESC, ${v} DESC))[1]`,
  periodsBetween: (unit, a, b) => `datediff(${str(unit)}, ${a}, ${b})`,
  binaryOrder: (x) => x,
  createTempTable: (name, columns) => [
    `CREATE OR REPLACE TEMP TABLE ${ident(name)} (${columns})`,
  ],
};

/**
 * `v` rounded to `digits` decimals as DuckDB's `round(DOUBLE, digits)` does:
 * `std::round(v * 10^digits) / 10^digits` (halves away from zero) in double precision,
 * the input itself when `v * 10^digits` is not finite. PostgreSQL's `round(numeric, d)`
 * goes through a 15-digit decimal and its `round(double)` rounds halves to even, so
 * neither matches; these steps are exact (v·m − trunc(v·m) is), so both engines give
 * bit-identical results. `v` must be a double-precision expression without side effects
 * (it is written several times). Written as a plain expression rather than a function,
 * so that nothing needs creating on the servers that evaluate it (a Citus worker, a
 * postgres_fdw shard).
 *
 * Complexity: O(length of v).
 *
 * @example
 * ```ts
 * import { roundDoubleSql } from "./dialect.ts";
 * roundDoubleSql("x", 9).startsWith("CASE WHEN x IS NULL"); // => true
 * ```
 */
export function roundDoubleSql(v: string, digits: 6 | 9): string {
  const m = `1e${digits}::double precision`;
  return `CASE WHEN ${v} IS NULL OR ${v} = 'NaN' OR abs(${v}) > 1.7976931348623157e308::double precision / ${m}
              THEN ${v}
              WHEN abs(${v} * ${m} - trunc(${v} * ${m})) >= 0.5
              THEN (trunc(${v} * ${m}) + sign(${v})) / ${m}
              ELSE trunc(${v} * ${m}) / ${m} END`;
}

/** PostgreSQL 12 or later (and engines speaking it, such as Citus). */
export const POSTGRES: Dialect = {
  name: "postgres",
  ident,
  double: "double precision",
  columnType(c) {
    switch (c.type) {
      case "date":
        return "timestamp";
      case "period":
        return "date";
      case "number":
        return "double precision";
      case "bool":
        return "boolean";
      default:
        return "text";
    }
  },
  // + 0.0 here too: trunc() of a tiny negative value (a cumulative RV of -1e-12) is -0
  round9: (x) => `(${roundDoubleSql(`(${x})::double precision`, 9)} + 0.0)`,
  round6: (x) => roundDoubleSql(`(${x})::double precision`, 6),
  periodStart: (g, x) => `date_trunc(${str(grainOf(g))}, ${x})::date`,
  formatDay: (x) => `to_char(${x}, 'YYYY-MM-DD')`,
  dateSeries: (start, end, g) =>
    `generate_series((${start})::timestamp, (${end})::timestamp, interval ${
      str(grainOf(g) === "quarter" ? "3 months" : `1 ${g}`)
    })::date`,
  argMax: (v, by) => `(array_agg(${v} ORDER BY ${by} DESC, ${v} DESC))[1]`,
  periodsBetween: (unit, a, b) =>
    unit === "month"
      ? `((extract(year from ${b}) * 12 + extract(month from ${b})) - (extract(year from ${a}) * 12 + extract(month from ${a})))::bigint`
      : unit === "week"
      ? `((${b})::date - (${a})::date) / 7`
      : `((${b})::date - (${a})::date)`,
  binaryOrder: (x) => `${x} COLLATE "C"`,
  createTempTable: (name, columns) => [
    `DROP TABLE IF EXISTS pg_temp.${ident(name)}`,
    `CREATE TEMP TABLE ${ident(name)} (${columns})`,
  ],
};
