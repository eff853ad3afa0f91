/**
 * rvlab's input stage: the canonical data model, readers for CSV/JSON/Parquet,
 * the texts and patterns of the rules (which run in the engine's SQL), quarantine
 * entries and files, and where a data directory's tables are.
 *
 * @module
 */
export * from "./schema.ts";
export * from "./errors.ts";
export * from "./csv.ts";
export * from "./csv_format.ts";
export * from "./values.ts";
export * from "./source.ts";
export * from "./validate.ts";
export * from "./load.ts";
export * from "./paths.ts";
export * from "./transcripts.ts";
