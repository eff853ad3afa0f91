/**
 * The embedded DuckDB engine: canonical tables in SQL.
 *
 * @module
 */
export * from "./duckdb.ts";
export * from "./load.ts";
export * from "./records.ts";
export * from "./workspace.ts";
