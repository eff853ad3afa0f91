/**
 * The interaction database: PostgreSQL as sink (`rvlab load`) and source
 * (`--data postgres://…/schema`), the SQL dialect layer shared with DuckDB, a
 * throwaway cluster for tests and benchmarks, and the capacity model.
 *
 * @module
 */
export * from "../sql/dialect.ts";
export * from "./postgres.ts";
export * from "./schema_sql.ts";
export * from "./load.ts";
export * from "./source.ts";
export * from "./cluster.ts";
export * from "./capacity.ts";
export * from "./shards.ts";
