/**
 * rvlab's input stage: the canonical data model, readers for CSV/JSON/Parquet,
 * validation with quarantine, and data-directory loading.
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
