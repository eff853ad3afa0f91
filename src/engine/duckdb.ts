/**
 * The embedded DuckDB engine: opening a database and putting canonical tables in it.
 *
 * Every SQL analysis in rvlab (RV, segments, back-tests) runs against tables named
 * and typed exactly as the canonical data model (`src/io/schema.ts`): `interactions`,
 * `ipf`, `accounts`, `financials`, `voc`, `transcripts`. Dates become TIMESTAMP
 * (UTC), periods DATE, numbers DOUBLE, bools BOOLEAN, everything else VARCHAR.
 * Extra columns of a table are added as VARCHAR columns after the canonical ones.
 *
 * @module
 */
import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
} from "npm:@duckdb/node-api@1.5.5-r.5";
import { DUCKDB } from "../sql/dialect.ts";
import { ident } from "../sql/literal.ts";
import {
  type ColumnSpec,
  type Dataset,
  type TableName,
  TABLES,
  type TableSpec,
} from "../io/schema.ts";

/** Anything that runs parameterised SQL: the DuckDB engine or a PostgreSQL client. */
export interface SqlRunner {
  /** Runs a query and returns its rows as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement for its side effect. */
  run(sql: string, params?: unknown[]): Promise<void>;
}

/** An open in-process DuckDB database with one connection. */
export interface Engine extends SqlRunner {
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  /** Runs a query and returns its rows as plain objects (BIGINT → number, dates → ISO strings). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement for its side effect. */
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): void;
}

/** Options for {@linkcode openEngine}. */
export interface OpenEngineOptions {
  /** database file; default in memory */
  path?: string;
  /** DuckDB worker threads; default: DuckDB's own choice */
  threads?: number;
  /** DuckDB memory limit, e.g. "2GB" */
  memoryLimit?: string;
}

/**
 * Opens an embedded DuckDB database.
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * const engine = await openEngine();
 * const rows = await engine.query<{ x: number }>("select 1 as x");
 * engine.close();
 * ```
 */
export async function openEngine(options: OpenEngineOptions = {}): Promise<Engine> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path ?? ":memory:", config);
  const conn = await instance.connect();
  return {
    instance,
    conn,
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      // deno-lint-ignore no-explicit-any
      const reader = await conn.runAndReadAll(sql, params as any);
      const numeric = reader.columnNames().filter((_, i) =>
        NUMERIC_AS_TEXT.has(reader.columnTypes()[i].typeId)
      );
      // the rows of getRowObjectsJson(), built column by column: the same JSON conversion
      // of every value, with each column's vector looked up once per chunk, not per value
      const names = reader.deduplicatedColumnNames();
      const columns = reader.getColumnsJson() as unknown[][];
      const count = columns.length ? columns[0].length : 0;
      const rows: Record<string, unknown>[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < columns.length; c++) row[names[c]] = columns[c][i];
        rows[i] = row;
      }
      if (numeric.length) {
        for (const row of rows) {
          for (const c of numeric) if (row[c] !== null) row[c] = Number(row[c]);
        }
      }
      return rows as T[];
    },
    async run(sql: string, params?: unknown[]): Promise<void> {
      // deno-lint-ignore no-explicit-any
      await conn.run(sql, params as any);
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Column types that DuckDB's JSON rows carry as strings (64/128-bit integers and
 * decimals); query() turns them into numbers (exact up to 2^53, which counts and
 * sums of money here stay far below). Text columns are never converted: an id
 * like "00001" stays a string.
 */
const NUMERIC_AS_TEXT = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/**
 * The options every CSV rvlab reads with DuckDB's `read_csv` takes: the dialect of
 * RFC 4180, the header row, no sniffing. DuckDB's lines stay at its 2 MB default
 * (its read buffer is 16 lines long, so a 1 GiB limit asks for a 16 GiB block); a
 * file with a longer record is read by rvlab's own reader, whose normalised copy
 * DuckDB reads with {@linkcode csvReadOptions} sized to it.
 */
export const CSV_READ_OPTIONS =
  `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"'`;

/**
 * {@linkcode CSV_READ_OPTIONS} for a file whose longest line has `longestLine` bytes:
 * DuckDB's default limit, or the next power of two above it.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { csvReadOptions } from "./duckdb.ts";
 * csvReadOptions(100).endsWith(`escape = '"'`); // => true
 * csvReadOptions(50_000_000).endsWith("max_line_size = 67108864"); // => true
 * ```
 */
export function csvReadOptions(longestLine: number): string {
  const limit = 2 * 1024 * 1024;
  if (longestLine < limit) return CSV_READ_OPTIONS;
  return `${CSV_READ_OPTIONS}, max_line_size = ${2 ** Math.ceil(Math.log2(longestLine + 1))}`;
}

/**
 * SQL type of a canonical column in DuckDB (the dialect layer's DuckDB column types).
 *
 * Why: one mapping from column types to SQL, shared with the PostgreSQL dialect.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { sqlType } from "./duckdb.ts";
 * import { tableSpec } from "../io/schema.ts";
 * sqlType(tableSpec("ipf").columns[2]); // => "DOUBLE" (the rv column)
 * ```
 */
export function sqlType(column: ColumnSpec): string {
  return DUCKDB.columnType(column);
}

/**
 * CREATE TABLE statement for a canonical table plus extra VARCHAR columns.
 *
 * Why: non-canonical columns of a file are kept (as text) for segments and reports.
 * Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { createTableSql } from "./duckdb.ts";
 * import { tableSpec } from "../io/schema.ts";
 * createTableSql(tableSpec("transcripts"), ["note"]);
 * // => 'CREATE OR REPLACE TABLE "transcripts" ("respondent_id" VARCHAR, … "language" VARCHAR, "note" VARCHAR)'
 * ```
 */
export function createTableSql(
  spec: TableSpec,
  extraColumns: readonly string[] = [],
  tableName: string = spec.name,
): string {
  const cols = spec.columns.map((c) => `${ident(c.name)} ${sqlType(c)}`);
  for (const e of extraColumns) cols.push(`${ident(e)} VARCHAR`);
  return `CREATE OR REPLACE TABLE ${ident(tableName)} (${cols.join(", ")})`;
}

/** Extra column names used by any record of a table, in first-seen order. */
function extraColumnsOf(
  rows: readonly { extra?: Record<string, string | null> }[],
  spec: TableSpec,
): string[] {
  const canonical = new Set(spec.columns.map((c) => c.name));
  const seen = new Set<string>();
  for (const r of rows) {
    if (!r.extra) continue;
    for (const k of Object.keys(r.extra)) if (!canonical.has(k)) seen.add(k);
  }
  return [...seen];
}

/**
 * Creates the canonical tables of a data set in the engine and fills them with the
 * records, using DuckDB's appender. Tables absent from the data set are created empty,
 * so SQL can always refer to all six.
 *
 * Why: records already validated in memory (tests, generated worlds) skip the files.
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { openEngine, putDataset } from "./duckdb.ts";
 * const engine = await openEngine();
 * await putDataset(engine, {});
 * await engine.query("select count(*)::int as n from interactions"); // => [{ n: 0 }]
 * engine.close();
 * ```
 */
export async function putDataset(engine: Engine, data: Partial<Dataset>): Promise<void> {
  for (const spec of TABLES) {
    const rows = (data as Record<string, unknown[] | undefined>)[spec.name] as
      | Record<string, unknown>[]
      | undefined;
    await putTable(engine, spec.name, rows ?? []);
  }
}

/**
 * Creates one canonical table (replacing it) and appends the records; keys of
 * `extra` become VARCHAR columns.
 *
 * Why: DuckDB's appender is far faster than INSERT statements.
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { openEngine, putTable } from "./duckdb.ts";
 * const engine = await openEngine();
 * await putTable(engine, "ipf", [{
 *   interaction_type: "call", label: "Phone call", rv: 1.5, variable_cost: 2,
 *   stage: "acquisition", function: "sales", relationship_type: "personal", voc: false,
 * }]);
 * await engine.query("select interaction_type, rv from ipf"); // => [{ interaction_type: "call", rv: 1.5 }]
 * engine.close();
 * ```
 */
export async function putTable(
  engine: Engine,
  name: TableName,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const spec = TABLES.find((t) => t.name === name)!;
  const extras = extraColumnsOf(rows as { extra?: Record<string, string | null> }[], spec);
  await engine.run(createTableSql(spec, extras));
  if (rows.length === 0) return;
  const appender = await engine.conn.createAppender(name);
  for (const row of rows) {
    for (const c of spec.columns) appendValue(appender, c, row[c.name]);
    const extra = row.extra as Record<string, string | null> | undefined;
    for (const e of extras) {
      const v = extra?.[e];
      if (v === undefined || v === null) appender.appendNull();
      else appender.appendVarchar(v);
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

function appendValue(appender: Appender, c: ColumnSpec, v: unknown): void {
  if (v === null || v === undefined) return appender.appendNull();
  switch (c.type) {
    case "number":
      return appender.appendDouble(v as number);
    case "bool":
      return appender.appendBoolean(v as boolean);
    case "date":
      // canonical dates are "YYYY-MM-DDTHH:MM:SSZ"; DuckDB casts the text to TIMESTAMP
      return appender.appendVarchar((v as string).replace("T", " ").replace("Z", ""));
    default:
      return appender.appendVarchar(String(v));
  }
}

/**
 * Watches DuckDB's own query progress on the engine's connection while `f` runs, calling
 * `onFraction` (0…1) about every `everyMs` with the highest fraction seen so far (a watch
 * spanning several queries never goes back), and with 1 when `f` is done. Turns on DuckDB's progress tracking for the
 * connection (`enable_progress_bar`, printing off).
 *
 * Why: a bulk read by DuckDB reports no rows to JavaScript; its query progress is the
 * only measure of how far a large file is.
 * Complexity: O(1) per poll.
 *
 * @example
 * ```ts
 * import { openEngine, withQueryProgress } from "./duckdb.ts";
 * const engine = await openEngine();
 * await withQueryProgress(engine, (f) => console.log(f), () =>
 *   engine.run("CREATE TABLE t AS SELECT range AS x FROM range(1000000)"));
 * engine.close();
 * ```
 */
export async function withQueryProgress<T>(
  engine: Engine,
  onFraction: (fraction: number) => void,
  f: () => Promise<T>,
  everyMs = 100,
): Promise<T> {
  await engine.run(
    "SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0",
  );
  let best = 0;
  const timer = setInterval(() => {
    const p = engine.conn.progress.percentage;
    if (p > best * 100) {
      best = Math.min(1, p / 100);
      onFraction(best);
    }
  }, everyMs);
  try {
    const result = await f();
    clearInterval(timer);
    onFraction(1);
    return result;
  } finally {
    clearInterval(timer);
  }
}
