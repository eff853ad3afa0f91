/**
 * Typed records in memory, through the engine's one validation path: a table or a
 * data directory is loaded into a throwaway in-memory DuckDB engine
 * ({@linkcode loadTableIntoEngine}, {@linkcode loadDataDirIntoEngine}: the data model's
 * rules in SQL, `fast_load.ts`) and its accepted rows are read back as the records of
 * `src/io/schema.ts` (dates `YYYY-MM-DDTHH:MM:SSZ`, periods `YYYY-MM-DD`, numbers,
 * booleans, `null` for an empty cell, non-canonical columns as text in `extra`).
 *
 * For notebooks, tests, the synthetic-world generator and small data; the commands
 * keep their tables in the engine.
 *
 * @module
 */
import { type Engine, openEngine } from "./duckdb.ts";
import { loadDataDirIntoEngine, loadTableIntoEngine } from "./load.ts";
import { ident, str } from "../sql/literal.ts";
import type { LoadReport, TableCounts } from "../io/load.ts";
import type { QuarantineEntry, TypedRecord } from "../io/validate.ts";
import {
  type ColumnSpec,
  type Dataset,
  type TableName,
  TABLES,
  type TableSpec,
  tableSpec,
} from "../io/schema.ts";
import type { ProgressEvent } from "../util/progress.ts";

/** What loading a table gives: its accepted records, counts and quarantine. */
export interface TableLoad<T = TypedRecord> {
  records: T[];
  counts: TableCounts;
  quarantine: QuarantineEntry[];
}

/** What {@linkcode loadDataDir} gives. */
export interface DataDirLoad {
  data: Dataset;
  report: LoadReport;
  quarantine: QuarantineEntry[];
}

/** Options for {@linkcode loadTable} and {@linkcode loadDataDir}. */
export interface RecordLoadOptions {
  /** progress lines (for stderr) */
  log?: (line: string) => void;
  /** how far each table is (`load <table>`), as for {@linkcode loadDataDirIntoEngine} */
  onProgress?: (e: ProgressEvent) => void;
}

/**
 * Loads one table file (CSV, CSV.gz, JSON, Parquet) through the engine's rules and
 * returns its records, counts and quarantine. The table is checked on its own: an
 * interactions file loaded alone has no IPF to check its types against (use
 * {@linkcode loadDataDir} for that rule).
 *
 * Throws a DataError when the file cannot be read at all (missing, empty, binary,
 * missing required column). Complexity: the engine's load, then O(rows × columns) to
 * build the records; memory O(accepted rows).
 *
 * @example
 * ```ts
 * import { loadTable } from "./records.ts";
 * const { records, counts } = await loadTable("data/ipf/b2b-default.csv", "ipf");
 * counts.read === counts.accepted + counts.quarantined; // => true
 * ```
 */
export async function loadTable(
  file: string,
  table: TableName,
  options: RecordLoadOptions = {},
): Promise<TableLoad> {
  const spec = tableSpec(table);
  const engine = await openEngine();
  const tempDir = await Deno.makeTempDir({ prefix: "rvlab-records-" });
  try {
    const done = await loadTableIntoEngine(engine, spec, file, { ...options, tempDir });
    return {
      records: await tableRecords(engine, spec),
      counts: done.counts,
      quarantine: done.quarantine,
    };
  } finally {
    engine.close();
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
}

/**
 * Loads a data directory through the engine ({@linkcode loadDataDirIntoEngine}: `ipf`
 * and `interactions` required, the other tables when present, interaction types
 * checked against the IPF) and returns the records of each table present, with the
 * report and quarantine `rvlab check` gives.
 *
 * Complexity: the engine's load, then O(rows × columns); memory O(accepted rows).
 *
 * @example
 * ```ts
 * import { loadDataDir } from "./records.ts";
 * // a world from `deno task rvlab generate --out out/world`
 * const { data, report, quarantine } = await loadDataDir("out/world");
 * console.log(report.tables.interactions); // { file, read, accepted, quarantined }
 * ```
 */
export async function loadDataDir(
  dir: string,
  options: RecordLoadOptions = {},
): Promise<DataDirLoad> {
  const engine = await openEngine();
  try {
    const { report, quarantine } = await loadDataDirIntoEngine(engine, dir, options);
    const data: Partial<Record<TableName, TypedRecord[]>> = {};
    for (const spec of TABLES) {
      if (report.tables[spec.name]) data[spec.name] = await tableRecords(engine, spec);
    }
    return { data: data as unknown as Dataset, report, quarantine };
  } finally {
    engine.close();
  }
}

/** SQL giving a canonical column as its record holds it (dates and periods as ISO text). */
function recordValue(c: ColumnSpec): string {
  const x = ident(c.name);
  switch (c.type) {
    case "date":
      return `strftime(${x}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN strftime(${x}, '%g') = '000' ` +
        `THEN 'Z' ELSE '.' || strftime(${x}, '%g') || 'Z' END`;
    case "period":
      return `strftime(${x}, '%Y-%m-%d')`;
    default:
      return x;
  }
}

/**
 * The rows of a canonical table (or view) of the engine as typed records, in the
 * table's order: the inverse of `putTable()`. Columns beyond the canonical ones go
 * to `extra` (present on every record when the table has any).
 *
 * Complexity: one scan; O(rows × columns) JavaScript values.
 *
 * @example
 * ```ts
 * import { openEngine, putTable } from "./duckdb.ts";
 * import { tableRecords } from "./records.ts";
 * import { tableSpec } from "../io/schema.ts";
 * const engine = await openEngine();
 * await putTable(engine, "financials", [{ account_id: "a1", period: "2017-04-01", revenue: 5 }]);
 * (await tableRecords(engine, tableSpec("financials")))[0].period; // => "2017-04-01"
 * engine.close();
 * ```
 */
export async function tableRecords(
  engine: Engine,
  spec: TableSpec,
  table: string = spec.name,
): Promise<TypedRecord[]> {
  const described = await engine.query<{ column_name: string }>(
    `SELECT column_name FROM (DESCRIBE ${ident(table)})`,
  );
  const canonical = new Set(spec.columns.map((c) => c.name));
  const extras = described.map((d) => d.column_name).filter((n) => !canonical.has(n));
  const select = [
    ...spec.columns.map((c) => `${recordValue(c)} AS ${ident(c.name)}`),
    ...(extras.length
      ? [`{${extras.map((e) => `${str(e)}: ${ident(e)}`).join(", ")}} AS extra`]
      : []),
  ];
  // DuckDB writes the rows as one JSON array (in the table's order) and V8 parses it:
  // several times faster than converting each value through the client API
  const out = await Deno.makeTempFile({ prefix: "rvlab-records-", suffix: ".json" });
  try {
    await engine.run(
      `COPY (SELECT ${select.join(", ")} FROM ${ident(table)}) TO ${
        str(out)
      } (FORMAT json, ARRAY true)`,
    );
    const text = await Deno.readTextFile(out);
    return text.trim() === "" ? [] : JSON.parse(text);
  } finally {
    await Deno.remove(out).catch(() => {});
  }
}
