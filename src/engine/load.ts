/**
 * Loading a data directory straight into the DuckDB engine, for data too large to
 * hold as JavaScript objects (10M interactions and more).
 *
 * The data model's rules run once, in SQL (`fast_load.ts`). CSV and Parquet files
 * are read by DuckDB itself; the IPF, JSON files and CSV files DuckDB cannot read as
 * they are (a ragged row, a broken quote) are parsed by the TypeScript readers,
 * which quarantine what breaks the format and pass the rest, with its lines, to the
 * same SQL. Typed records in memory are read back from it (`records.ts`).
 *
 * @module
 */
import { type Engine, sqlType, withQueryProgress } from "./duckdb.ts";
import { ident } from "../sql/literal.ts";
import {
  findTableFile,
  type LoadReport,
  requireDataDir,
  type TableCounts,
  transcriptsFolder,
} from "../io/load.ts";
import { fastLoadTable, rawRowsIntoTable } from "./fast_load.ts";
import { openTableFile, TABLE_FILE_SUFFIXES } from "../io/source.ts";
import { DataError } from "../io/errors.ts";
import type { QuarantineEntry } from "../io/validate.ts";
import { type TableName, TABLES, type TableSpec } from "../io/schema.ts";
import type { ProgressEvent } from "../util/progress.ts";

/** Options for {@linkcode loadDataDirIntoEngine}. */
export interface EngineLoadOptions {
  log?: (line: string) => void;
  /** folder for the temporary normalised files (default: a new temp folder, removed afterwards) */
  tempDir?: string;
  /**
   * read CSV and Parquet files with DuckDB and check the rules in SQL (default true);
   * false reads every file with rvlab's TypeScript reader (the rules still in SQL).
   * Results are identical.
   */
  fast?: boolean;
  /**
   * a table kept from an earlier load (`engine/workspace.ts`), asked before each file is
   * read: a load it returns (its table already in the engine) stands for reading the file
   */
  reuse?: (spec: TableSpec, file: string) => Promise<EngineTableLoad | undefined>;
  /** how far each table is (`load <table>`: DuckDB's progress, or rows read), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
}

/**
 * Validates every canonical table of `dir` and creates it in the engine (tables
 * absent from the directory are created empty). Returns the report and quarantine
 * of `rvlab check`.
 *
 * Complexity: O(rows) in JavaScript for validation, then DuckDB's parallel CSV read;
 * memory O(keys + quarantined rows), not O(rows).
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { loadDataDirIntoEngine } from "./load.ts";
 * const engine = await openEngine();
 * const { report } = await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * report.tables.interactions?.accepted; // rows that passed validation
 * await engine.query("select count(*) from interactions");
 * ```
 */
export async function loadDataDirIntoEngine(
  engine: Engine,
  dir: string,
  options: EngineLoadOptions = {},
): Promise<EngineDirLoad> {
  await requireDataDir(dir);
  const tmp = options.tempDir ?? (await Deno.makeTempDir({ prefix: "rvlab-engine-" }));
  const report: LoadReport = { tables: {} };
  const quarantine: QuarantineEntry[] = [];
  const paths: EngineDirLoad["paths"] = {};
  try {
    for (const spec of TABLES) {
      const file = await findTableFile(dir, spec.name);
      if (!file) {
        if (spec.requiredTable) {
          throw new DataError(
            `${dir}: no ${spec.name} table, expected one of ${
              TABLE_FILE_SUFFIXES.map((s) => spec.name + s).join(", ")
            }`,
            dir,
          );
        }
        await engine.run(
          `CREATE OR REPLACE TABLE ${ident(spec.name)} (${
            spec.columns.map((c) => `${ident(c.name)} ${sqlType(c)}`).join(", ")
          })`,
        );
        continue;
      }
      const kept = await options.reuse?.(spec, file);
      const done = kept ?? await loadTableIntoEngine(engine, spec, file, {
        log: options.log,
        tempDir: tmp,
        fast: options.fast,
        onProgress: options.onProgress,
      });
      report.tables[spec.name] = done.counts;
      paths[spec.name] = done.path;
      for (const e of done.quarantine) quarantine.push(e);
    }
  } finally {
    if (!options.tempDir) await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  const transcripts = await transcriptsFolder(dir);
  if (transcripts) report.transcripts_folder = transcripts;
  return { report, quarantine, paths };
}

/** What {@linkcode loadDataDirIntoEngine} gives: the report and quarantine of `check`, and how each table was read. */
export interface EngineDirLoad {
  report: LoadReport;
  quarantine: QuarantineEntry[];
  paths: Partial<Record<TableName, EngineTableLoad["path"]>>;
}

/** Options for {@linkcode loadTableIntoEngine}. */
export interface TableLoadOptions {
  log?: (line: string) => void;
  /** folder for temporary files (must exist) */
  tempDir: string;
  /** read CSV and Parquet with DuckDB, the rules in SQL (default true) */
  fast?: boolean;
  /** how far the table is, as {@linkcode EngineLoadOptions.onProgress} */
  onProgress?: (e: ProgressEvent) => void;
}

/** What loading one table into the engine gives: counts, quarantine, and how the file was read. */
export interface EngineTableLoad {
  counts: TableCounts;
  quarantine: QuarantineEntry[];
  /**
   * how the file was read: `engine`, by DuckDB's reader; `rows`, by rvlab's TypeScript
   * reader (the IPF, JSON files, CSV files DuckDB cannot read as they are). The rules
   * run in SQL either way.
   */
  path: "engine" | "rows";
}

/**
 * Validates one table file and creates its canonical table in the engine (replacing
 * any table of that name). The unit a workspace reloads when one input changed.
 *
 * Complexity: as {@linkcode loadDataDirIntoEngine}, for one file.
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { loadTableIntoEngine } from "./load.ts";
 * import { tableSpec } from "../io/schema.ts";
 * const engine = await openEngine();
 * const tempDir = await Deno.makeTempDir();
 * const r = await loadTableIntoEngine(engine, tableSpec("ipf"), "data/ipf/b2b-default.csv", { tempDir });
 * r.counts.accepted; // rows in the engine's ipf table
 * engine.close();
 * ```
 */
export async function loadTableIntoEngine(
  engine: Engine,
  spec: TableSpec,
  file: string,
  options: TableLoadOptions,
): Promise<EngineTableLoad> {
  options.log?.(`reading ${file}`);
  let done: EngineTableLoad | undefined;
  if (options.fast !== false && spec.name !== "ipf" && /\.(csv|csv\.gz|parquet)$/.test(file)) {
    const read = () => fastLoadTable(engine, spec, file);
    const on = options.onProgress, label = `load ${spec.name}`;
    const fast = on
      ? await withQueryProgress(
        engine,
        (f) => on({ label, done: f * 100, total: 100, unit: "%" }),
        read,
      )
      : await read();
    if (fast) {
      done = { ...fast, path: "engine" };
      options.log?.(
        `  ${spec.name}: ${done.counts.accepted.toLocaleString("en")} rows in the engine${
          done.counts.quarantined
            ? `, ${done.counts.quarantined.toLocaleString("en")} quarantined`
            : ""
        }`,
      );
    }
  }
  if (!done) {
    const rows = await rawRowsIntoTable(
      engine,
      spec,
      file,
      await openTableFile(file),
      options.tempDir,
      (n) => {
        options.log?.(`  ${spec.name}: ${n.toLocaleString("en")} rows read`);
        options.onProgress?.({ label: `load ${spec.name}`, done: n, total: null, unit: "rows" });
      },
    );
    done = { ...rows, path: "rows" };
    options.log?.(
      `  ${spec.name}: ${rows.counts.accepted.toLocaleString("en")} rows in the engine`,
    );
  }
  return done;
}

/** Names of the canonical tables the engine has after loading. */
export const ENGINE_TABLES: readonly TableName[] = TABLES.map((t) => t.name);
