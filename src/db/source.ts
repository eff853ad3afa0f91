/**
 * `--data` as a source: a data directory or a `postgres://…/schema` URL.
 *
 * With a URL, the heavy aggregations (RV by period, the per-account summary) run as
 * SQL inside PostgreSQL through the dialect layer, so only aggregates leave the
 * server. Analyses that have not been ported to the dialect layer (back-test panels,
 * report sections, best practice, …) read the canonical tables from the server into
 * the embedded DuckDB engine (a cursor written to CSV, floats in shortest exact text), so
 * every command runs on either source with the same code.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { CSV_READ_OPTIONS, type Engine, openEngine } from "../engine/duckdb.ts";
import { loadWorkspace, type WorkspaceLoadOptions } from "../engine/workspace.ts";
import type { ProgressEvent } from "../util/progress.ts";
import { type TableName, TABLES } from "../io/schema.ts";
import type { LoadReport } from "../io/load.ts";
import type { QuarantineEntry } from "../io/validate.ts";
import { DataError } from "../io/errors.ts";
import { type DataQuality, dataQuality, nothingToAnalyse, topReasons } from "../io/data_quality.ts";
import { type Dialect, DUCKDB, POSTGRES } from "../sql/dialect.ts";
import { ident, str } from "../sql/literal.ts";
import { connectPg, isPostgresUrl, parsePgUrl, type PgClient } from "./postgres.ts";
import { redactUrl } from "../util/redact.ts";
import { PARTITIONWISE_SQL, readInlineIpf, shardedDialect, shardedTarget } from "./shards.ts";
import type { SqlRunner } from "../engine/duckdb.ts";

/** An opened `--data` source. */
export interface DataSource {
  /** the DuckDB engine holding the canonical tables */
  engine: Engine;
  /** where pushed-down SQL runs: the PostgreSQL client, or the engine itself */
  db: SqlRunner;
  dialect: Dialect;
  /** the PostgreSQL client when the source is a database */
  pg?: PgClient;
  /** a short name for titles: the folder name, or the schema */
  label: string;
  /** rows quarantined when the directory (or the database's latest load) was validated */
  quarantined: number;
  /** what was read, accepted, quarantined and filtered per table, with reasons and files */
  quality: DataQuality;
  /** the workspace file a data folder was read through, null without one (`engine/workspace.ts`) */
  workspace: string | null;
  close(): Promise<void>;
}

/**
 * Short name of a `--data` value: the schema of a URL, else the folder's last part.
 *
 * Why: report titles name the data without a full path or credentials.
 * Complexity: O(length of the value).
 *
 * @example
 * ```ts
 * import { sourceLabel } from "./source.ts";
 * sourceLabel("out/world"); // => "world"
 * sourceLabel("postgres://u@h:5432/crm/rvlab"); // => "rvlab"
 * ```
 */
export function sourceLabel(data: string): string {
  if (isPostgresUrl(data)) return parsePgUrl(data).schema;
  return basename(resolve(data));
}

/**
 * Connects to `url` and checks that its schema holds rvlab tables. Every failure is a
 * one-line error showing the URL with its password hidden ({@linkcode redactUrl}).
 *
 * @example
 * ```ts
 * import { connectSource } from "./source.ts";
 * const db = await connectSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * ```
 */
export async function connectSource(url: string): Promise<PgClient> {
  const db = await connectPg(url);
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('interactions', 'ipf')`,
    [db.location.schema],
  );
  if (r.n < 2) {
    await db.close();
    const shown = redactUrl(url);
    throw new DataError(
      `${shown}: schema "${db.location.schema}" has no interactions and ipf tables; run rvlab load first`,
      shown,
    );
  }
  return db;
}

/**
 * Rows quarantined by the latest load into the client's schema (0 without loads).
 *
 * Why: reports on a database warn about rejected rows as they do for a folder.
 * Complexity: two catalog/count queries.
 *
 * @example
 * ```ts
 * import { connectSource, latestQuarantine } from "./source.ts";
 * const db = await connectSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * const n = await latestQuarantine(db); // rows set aside by the last `rvlab load`
 * await db.close();
 * ```
 */
export async function latestQuarantine(db: PgClient): Promise<number> {
  const [t] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('_loads', '_quarantine')`,
    [db.location.schema],
  );
  if (t.n < 2) return 0;
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM "_quarantine" WHERE "load_id" = (SELECT max("load_id") FROM "_loads")`,
  );
  return r.n;
}

/**
 * What `rvlab check` shows for a database: the validation report and quarantined rows
 * of the latest load (from `_loads` and `_quarantine`), and the rows each canonical
 * table holds now (upserts accumulate across loads).
 *
 * Why: `rvlab check` answers the same question for a database as for a folder.
 * Complexity: O(quarantined rows + tables) queries' output.
 *
 * @example
 * ```ts
 * import { checkDatabase, connectSource } from "./source.ts";
 * const db = await connectSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * const { load_id, report, rows } = await checkDatabase(db);
 * console.log(load_id, report.tables.interactions, rows.interactions);
 * await db.close();
 * ```
 */
export async function checkDatabase(db: PgClient): Promise<{
  load_id: number | null;
  loaded_at: string | null;
  report: LoadReport;
  quarantine: QuarantineEntry[];
  rows: Partial<Record<TableName, number>>;
}> {
  const rows: Partial<Record<TableName, number>> = {};
  for (const spec of TABLES) {
    const [t] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`,
      [db.location.schema, spec.name],
    );
    if (t.n === 0) continue;
    const [r] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${ident(spec.name)}`,
    );
    rows[spec.name] = r.n;
  }
  const none = { load_id: null, loaded_at: null, report: { tables: {} }, quarantine: [], rows };
  const [t] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('_loads', '_quarantine')`,
    [db.location.schema],
  );
  if (t.n < 2) return none;
  const [last] = await db.query<{ load_id: number; loaded_at: string; report: LoadReport }>(
    `SELECT "load_id", "loaded_at"::text AS "loaded_at", "report" FROM "_loads" ORDER BY "load_id" DESC LIMIT 1`,
  );
  if (!last) return none;
  const q = await db.query<Record<string, string | number | null>>(
    `SELECT "table_name", "file", "line", "column_name", "value", "expected", "reason", "message"
     FROM "_quarantine" WHERE "load_id" = $1 ORDER BY "table_name", "line", "column_name"`,
    [last.load_id],
  );
  const quarantine = q.map((r) => ({
    table: r.table_name,
    file: r.file,
    line: r.line,
    column: r.column_name,
    value: r.value ?? "",
    expected: r.expected,
    reason: r.reason,
    message: r.message,
  })) as unknown as QuarantineEntry[];
  return {
    load_id: last.load_id,
    loaded_at: last.loaded_at,
    report: last.report,
    quarantine,
    rows,
  };
}

/**
 * The data quality of a database's latest load (`_loads`, `_quarantine`): counts and
 * quarantine reasons per table; filtered source rows are not known there.
 *
 * Complexity: O(quarantined rows).
 *
 * @example
 * ```ts
 * import { databaseQuality } from "./source.ts";
 * const q = databaseQuality("postgres://h/db/rvlab", {
 *   report: { tables: { ipf: { file: "ipf.csv", read: 3, accepted: 3, quarantined: 0 } } },
 *   quarantine: [],
 * });
 * q.tables[0].accepted; // => 3
 * ```
 */
export function databaseQuality(
  source: string,
  check: Pick<Awaited<ReturnType<typeof checkDatabase>>, "report" | "quarantine">,
): DataQuality {
  const tables = Object.entries(check.report.tables).map(([table, c]) => ({
    table,
    file: c!.file,
    read: c!.read,
    accepted: c!.accepted,
    quarantined: c!.quarantined,
    filtered: null,
    dropped: null,
    quarantine_reasons: topReasons(
      check.quarantine.filter((e) => e.table === table).map((e) => ({
        reason: e.reason,
        where: e.column,
        at: `${e.file}:${e.line}`,
      })),
    ),
    filtered_reasons: [],
    source_files: [],
  }));
  return {
    source,
    imported_from: null,
    quarantine_file: check.quarantine.length ? "_quarantine (the table of the latest load)" : null,
    filtered_file: null,
    tables,
    quarantined: check.quarantine.length,
    filtered: null,
    quarantine: check.quarantine,
    notes: ["the counts are those of the latest rvlab load into the database"],
  };
}

/**
 * Copies the canonical tables of the client's schema into the engine (tables the
 * schema lacks are created empty), with the engine's canonical types.
 *
 * Why: every analysis runs in DuckDB, whichever store holds the data.
 * Complexity: O(rows) through one COPY per table.
 *
 * @example
 * ```ts
 * import { connectSource, mirrorIntoEngine } from "./source.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const db = await connectSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * const engine = await openEngine();
 * await mirrorIntoEngine(db, engine, console.log);
 * await engine.query("select count(*) as n from interactions");
 * await db.close();
 * ```
 */
export async function mirrorIntoEngine(
  db: PgClient,
  engine: Engine,
  log: (line: string) => void = () => {},
): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "rvlab-pgsrc-" });
  try {
    for (const spec of TABLES) {
      const cols = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [db.location.schema, spec.name],
      );
      const names = cols.length ? cols.map((c) => c.column_name) : spec.columns.map((c) => c.name);
      const typeOf = (n: string) => {
        const c = spec.columns.find((x) => x.name === n);
        return c ? DUCKDB.columnType(c) : "VARCHAR";
      };
      await engine.run(
        `CREATE OR REPLACE TABLE ${ident(spec.name)} (${
          names.map((n) => `${ident(n)} ${typeOf(n)}`).join(", ")
        })`,
      );
      if (!cols.length) continue;
      const file = join(tmp, `${spec.name}.csv`);
      const order = spec.key ? ` ORDER BY ${ident(spec.key)} COLLATE "C"` : "";
      await db.exportCsv(
        `SELECT ${names.map(ident).join(", ")} FROM ${ident(spec.name)}${order}`,
        file,
      );
      await engine.run(
        `INSERT INTO ${ident(spec.name)} SELECT * FROM read_csv(${
          str(file)
        }, ${CSV_READ_OPTIONS}, ` +
          `columns = {${names.map((n) => `${str(n)}: ${str(typeOf(n))}`).join(", ")}})`,
      );
      const [{ n }] = await engine.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${ident(spec.name)}`,
      );
      log(`  ${spec.name}: ${n.toLocaleString("en")} rows from PostgreSQL`);
      await Deno.remove(file).catch(() => {});
    }
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The dialect of a connected database: {@linkcode POSTGRES}, or for a sharded coordinator
 * (`db/shards.ts`) the sharded dialect, after turning partitionwise aggregation on for the
 * session so that per-account aggregates run on the shards.
 *
 * Complexity: two catalog queries (and the IPF's rows when sharded).
 *
 * @example
 * ```ts
 * import { connectSource, sourceDialect } from "./source.ts";
 * const db = await connectSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * const dialect = await sourceDialect(db); // POSTGRES, or the sharded dialect
 * await db.close();
 * ```
 */
export async function sourceDialect(
  pg: PgClient,
  log: (line: string) => void = () => {},
): Promise<Dialect> {
  if (!(await shardedTarget(pg))) return POSTGRES;
  await pg.run(PARTITIONWISE_SQL);
  log(`${pg.location.schema} is sharded: per-account aggregates run on the shards`);
  return shardedDialect(await readInlineIpf(pg));
}

/** Options for {@linkcode openDataSource}. */
export interface OpenDataSourceOptions {
  /** copy a database's tables into the engine (default true); false when every query is pushed down */
  mirror?: boolean;
  /** the workspace of a data folder (default: `DIR/.rvlab`, or under `$RVLAB_CACHE_DIR`) */
  cache?: Omit<WorkspaceLoadOptions, "log">;
  /** how far the load of each table is (a data directory), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
  /** fail with a {@linkcode DataError} naming the quarantine when no interaction or financial row was accepted */
  requireActivity?: boolean;
}

/**
 * Opens `--data`: a directory is validated into a new engine through its workspace
 * (`engine/workspace.ts`: unchanged tables are read back from it; `cache` says where it
 * is, or `{ enabled: false }` for none); a `postgres://` URL is connected (for
 * pushed-down SQL) and mirrored into a new engine (for the rest).
 *
 * @example
 * ```ts
 * import { openDataSource } from "./source.ts";
 * const src = await openDataSource("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * try {
 *   await src.db.query("SELECT count(*) AS n FROM interactions"); // runs in PostgreSQL
 * } finally {
 *   await src.close();
 * }
 * ```
 */
export async function openDataSource(
  data: string,
  log: (line: string) => void = () => {},
  options: OpenDataSourceOptions = {},
): Promise<DataSource> {
  const source = await openSource(data, log, options);
  const empty = options.requireActivity ? nothingToAnalyse(source.quality) : null;
  if (empty) {
    await source.close();
    throw new DataError(empty);
  }
  return source;
}

async function openSource(
  data: string,
  log: (line: string) => void,
  options: OpenDataSourceOptions,
): Promise<DataSource> {
  const engine = await openEngine();
  try {
    if (!isPostgresUrl(data)) {
      const { report, quarantine, workspace } = await loadWorkspace(engine, data, {
        ...options.cache,
        log,
        onProgress: options.onProgress,
      });
      return {
        workspace,
        quarantined: quarantine.length,
        quality: await dataQuality(data, report, quarantine),
        engine,
        db: engine,
        dialect: DUCKDB,
        label: sourceLabel(data),
        close: () => Promise.resolve(engine.close()),
      };
    }
    const pg = await connectSource(data);
    let quarantined = 0;
    let quality: DataQuality;
    try {
      if (options.mirror !== false) {
        log(`reading ${pg.location.schema} from PostgreSQL`);
        await mirrorIntoEngine(pg, engine, log);
      }
      quarantined = await latestQuarantine(pg);
      quality = databaseQuality(pg.location.schema, await checkDatabase(pg));
    } catch (e) {
      await pg.close();
      throw e;
    }
    let dialect = POSTGRES;
    try {
      dialect = await sourceDialect(pg, log);
    } catch (e) {
      await pg.close();
      throw e;
    }
    return {
      engine,
      db: pg,
      dialect,
      pg,
      workspace: null,
      label: pg.location.schema,
      quarantined,
      quality,
      async close() {
        engine.close();
        await pg.close();
      },
    };
  } catch (e) {
    engine.close();
    throw e;
  }
}
