/**
 * PostgreSQL DDL for the canonical data model (`../shared/spec/data-model.md`,
 * `src/io/schema.ts`): one table per canonical table with the model's types,
 * NOT NULL for required columns, CHECK constraints for enums and number ranges, a
 * primary key where the model has a unique key, the foreign key from
 * `interactions.interaction_type` to `ipf`, and the bookkeeping tables `_loads` and
 * `_quarantine` (rows refused by validation, with reasons).
 *
 * @module
 */
import { type ColumnSpec, TABLES, type TableSpec } from "../io/schema.ts";
import { POSTGRES } from "../sql/dialect.ts";
import { ident as q, num, str } from "../sql/literal.ts";

/** Name of the foreign key from interactions to the IPF catalog. */
export const INTERACTIONS_FK = "interactions_interaction_type_fkey";
/** Its definition. */
export const INTERACTIONS_FK_SQL =
  `FOREIGN KEY ("interaction_type") REFERENCES "ipf" ("interaction_type")`;

/**
 * The column definition of a canonical column, constraints included (NOT NULL,
 * enum CHECK, finite numbers, non-empty ids).
 *
 * Why: the database refuses what the file validator would quarantine.
 * Complexity: O(enum values).
 *
 * @example
 * ```ts
 * import { pgColumnSql } from "./schema_sql.ts";
 * import { tableSpec } from "../io/schema.ts";
 * pgColumnSql(tableSpec("ipf").columns[0]);
 * // => `"interaction_type" text NOT NULL CHECK ("interaction_type" <> '')`
 * ```
 */
export function pgColumnSql(c: ColumnSpec): string {
  const parts = [q(c.name), POSTGRES.columnType(c)];
  if (c.required) parts.push("NOT NULL");
  if (c.type === "enum" && c.values) {
    parts.push(`CHECK (${q(c.name)} IN (${c.values.map(str).join(", ")}))`);
  }
  if (c.type === "number") {
    // NaN and infinities are never valid values of the model
    const checks = [`${q(c.name)} <> 'NaN'`, `abs(${q(c.name)}) <> 'Infinity'`];
    if (c.min !== undefined) checks.push(`${q(c.name)} >= ${num(c.min)}`);
    if (c.max !== undefined) checks.push(`${q(c.name)} <= ${num(c.max)}`);
    parts.push(`CHECK (${checks.join(" AND ")})`);
  }
  if (c.type === "id") parts.push(`CHECK (${q(c.name)} <> '')`);
  return parts.join(" ");
}

/**
 * `CREATE TABLE IF NOT EXISTS` for one canonical table (in the current schema).
 *
 * @example
 * ```ts
 * import { createPgTableSql } from "./schema_sql.ts";
 * import { INTERACTIONS } from "../io/schema.ts";
 * createPgTableSql(INTERACTIONS); // CREATE TABLE IF NOT EXISTS "interactions" (… PRIMARY KEY …)
 * ```
 */
export function createPgTableSql(spec: TableSpec): string {
  const cols = spec.columns.map(pgColumnSql);
  if (spec.key) cols.push(`PRIMARY KEY (${q(spec.key)})`);
  if (spec.name === "interactions") {
    cols.push(`CONSTRAINT ${q(INTERACTIONS_FK)} ${INTERACTIONS_FK_SQL}`);
  }
  return `CREATE TABLE IF NOT EXISTS ${q(spec.name)} (\n  ${cols.join(",\n  ")}\n)`;
}

/**
 * Statements creating every canonical table, its indexes and the bookkeeping tables
 * (`_loads`, `_quarantine`); all `IF NOT EXISTS`, so running them again is harmless.
 *
 * Why: `rvlab load` sets up an empty schema and reuses an existing one alike.
 * Complexity: O(tables × columns).
 *
 * @example
 * ```ts
 * import { createPgSchemaSql } from "./schema_sql.ts";
 * const statements = createPgSchemaSql();
 * statements[0].split("\n")[0]; // => 'CREATE TABLE IF NOT EXISTS "ipf" ('
 * ```
 */
export function createPgSchemaSql(): string[] {
  return [
    ...TABLES.map(createPgTableSql),
    `CREATE INDEX IF NOT EXISTS "interactions_account_occurred" ON "interactions" ("account_id", "occurred_at")`,
    `CREATE INDEX IF NOT EXISTS "financials_account_period" ON "financials" ("account_id", "period")`,
    `CREATE TABLE IF NOT EXISTS "_loads" (
  "load_id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "loaded_at" timestamptz NOT NULL DEFAULT now(),
  "source" text NOT NULL,
  "report" jsonb NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS "_quarantine" (
  "load_id" bigint NOT NULL REFERENCES "_loads" ("load_id"),
  "table_name" text NOT NULL,
  "file" text NOT NULL,
  "line" integer NOT NULL,
  "column_name" text NOT NULL,
  "value" text,
  "expected" text NOT NULL,
  "reason" text NOT NULL,
  "message" text NOT NULL
)`,
  ];
}

/**
 * The statement moving a staging table into its canonical table: an upsert by the
 * table's key (`ON CONFLICT … DO UPDATE`, skipping rows that are already identical so
 * a repeated load writes nothing), or for key-less tables (financials, voc,
 * transcripts) a plain insert of every staged row (the loader uses
 * {@linkcode syncKeylessSql} for those instead, which inserts only the rows that are new).
 *
 * Why: repeated loads of the same export are idempotent and write only changes.
 * Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { upsertSql } from "./schema_sql.ts";
 * import { tableSpec } from "../io/schema.ts";
 * upsertSql(tableSpec("financials"), "stage_fin", ["account_id", "period", "revenue"]);
 * // => 'INSERT INTO "financials" ("account_id", "period", "revenue") SELECT "account_id", "period", "revenue" FROM "stage_fin"'
 * upsertSql(tableSpec("ipf"), "stage_ipf", ["interaction_type", "rv"]);
 * // => '… ON CONFLICT ("interaction_type") DO UPDATE SET "rv" = EXCLUDED."rv" WHERE …'
 * ```
 */
export function upsertSql(spec: TableSpec, staging: string, columns: readonly string[]): string {
  const cols = columns.map(q).join(", ");
  const insert = `INSERT INTO ${q(spec.name)} (${cols}) SELECT ${cols} FROM ${q(staging)}`;
  if (!spec.key) return insert;
  const set = columns.filter((c) => c !== spec.key).map((c) => `${q(c)} = EXCLUDED.${q(c)}`);
  const others = columns.filter((c) => c !== spec.key);
  const changed = `(${others.map((c) => `${q(spec.name)}.${q(c)}`).join(", ")}) IS DISTINCT FROM (${
    others.map((c) => `EXCLUDED.${q(c)}`).join(", ")
  })`;
  return `${insert} ON CONFLICT (${q(spec.key)}) DO ${
    set.length ? `UPDATE SET ${set.join(", ")} WHERE ${changed}` : "NOTHING"
  }`;
}

/**
 * The two statements that make a key-less table (financials, voc, transcripts) hold
 * exactly the staged rows while touching only what differs: `remove` deletes the
 * stored rows that are not staged, `insert` adds the staged rows that are not stored.
 * Rows are compared as multisets over the staged columns (a row's identity is the MD5
 * of its text form, in which NULL and '' differ), so a duplicate row counts twice.
 * A reload of an unchanged file therefore deletes and inserts nothing; an edited row
 * is one removal and one insert.
 *
 * Why: a table without a key cannot be upserted, and emptying and refilling it made
 * every reload rewrite it.
 * Complexity: O(rows) hashing and two hash joins.
 *
 * @example
 * ```ts
 * import { syncKeylessSql } from "./schema_sql.ts";
 * import { tableSpec } from "../io/schema.ts";
 * const { remove, insert } = syncKeylessSql(tableSpec("financials"), "stage", ["account_id", "period"]);
 * remove.startsWith('DELETE FROM "financials"'); // => true
 * insert.startsWith('INSERT INTO "financials"'); // => true
 * ```
 */
export function syncKeylessSql(
  spec: TableSpec,
  staging: string,
  columns: readonly string[],
): { remove: string; insert: string } {
  const cols = columns.map(q).join(", ");
  const hash = (alias: string) =>
    `md5(ROW(${columns.map((c) => `${alias}.${q(c)}`).join(", ")})::text)`;
  const t = q(spec.name), s = q(staging);
  const remove = `DELETE FROM ${t} WHERE ctid IN (
  SELECT st.ctid FROM (
    SELECT ctid, ${hash("x")} AS h, row_number() OVER (PARTITION BY ${hash("x")} ORDER BY ctid) AS k
    FROM ${t} AS x) AS st
  LEFT JOIN (SELECT ${hash("y")} AS h, count(*) AS n FROM ${s} AS y GROUP BY 1) AS sg USING (h)
  WHERE st.k > coalesce(sg.n, 0))`;
  const insert = `INSERT INTO ${t} (${cols}) SELECT ${cols} FROM (
  SELECT y.*, ${hash("y")} AS "_h", row_number() OVER (PARTITION BY ${hash("y")}) AS "_k"
  FROM ${s} AS y) AS sg
  LEFT JOIN (SELECT ${
    hash("x")
  } AS "_h", count(*) AS "_n" FROM ${t} AS x GROUP BY 1) AS st USING ("_h")
  WHERE sg."_k" > coalesce(st."_n", 0)`;
  return { remove, insert };
}
