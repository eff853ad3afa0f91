/**
 * `rvlab load`: a validated data directory into PostgreSQL.
 *
 * The directory is validated by the same code as every other command
 * ({@linkcode loadDataDirIntoEngine}: same counts, same quarantine), each table is
 * written by DuckDB to a normalised CSV, streamed with `COPY … FROM STDIN` into a
 * temporary staging table and moved into the canonical table with an upsert by its
 * key (`ON CONFLICT`). Everything happens in ONE transaction: a failure anywhere
 * leaves the database as it was. Quarantined rows go to `_quarantine` with their
 * reasons, and every load is recorded in `_loads`. A repeated load of the same rows
 * writes nothing: rows already identical are skipped by the upsert, and a key-less
 * table (financials, voc, transcripts) changes only by the rows that differ. Loads
 * into one schema take its advisory lock, so concurrent loads wait for each other.
 *
 * @module
 */
import { join } from "node:path";
import { openEngine } from "../engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../engine/load.ts";
import type { ProgressEvent } from "../util/progress.ts";
import type { LoadReport } from "../io/load.ts";
import type { QuarantineEntry } from "../io/validate.ts";
import { type TableName, TABLES, type TableSpec } from "../io/schema.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { POSTGRES } from "../sql/dialect.ts";
import { ident as q, str } from "../sql/literal.ts";
import { connectPg, type PgClient, type PgLocation } from "./postgres.ts";
import { createShardedSchema, type ShardedTarget, shardedTarget, shardError } from "./shards.ts";
import { redactUrl } from "../util/redact.ts";
import {
  createPgSchemaSql,
  INTERACTIONS_FK,
  INTERACTIONS_FK_SQL,
  syncKeylessSql,
  upsertSql,
} from "./schema_sql.ts";

/**
 * From this many staged interactions on, the foreign key to ipf is dropped and added
 * back around the upsert (inside the transaction, so never absent for readers).
 */
export const BULK_FK_ROWS = 50_000;

/** Options for {@linkcode loadIntoPostgres}. */
export interface PgLoadOptions {
  log?: (line: string) => void;
  /** how far the validating read of each table is, for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
  /**
   * called inside the transaction after each table is written (tests use it to
   * force a failure mid-load; a throw rolls the whole load back)
   */
  afterTable?: (table: TableName, db: PgClient) => void | Promise<void>;
  /** staged interactions from which the foreign key is checked once, not per row (default {@linkcode BULK_FK_ROWS}) */
  bulkFkRows?: number;
  /**
   * shard URLs (`postgres://…/db/schema`, shard k holds hash remainder k): sets the target
   * up as a sharded coordinator first (`db/shards.ts`, {@linkcode createShardedSchema});
   * without it a target that is already sharded is detected and loaded as such
   */
  shards?: readonly string[];
}

/** What a load did. */
export interface PgLoadResult {
  load_id: number;
  schema: string;
  report: LoadReport;
  quarantined: number;
  /** rows written per table (inserted or changed; identical rows are skipped) */
  written: Partial<Record<TableName, number>>;
  /** wall-clock seconds: validation in DuckDB, then COPY + upsert + commit in PostgreSQL */
  seconds: { validate: number; write: number };
}

/**
 * Validates `dir` and writes it into the schema of `to` (created when missing) in
 * one transaction.
 *
 * Complexity: O(rows): one validation pass, one COPY and one upsert per table.
 *
 * @example
 * ```ts
 * import { loadIntoPostgres } from "./load.ts";
 * // a world from `deno task rvlab generate --out out/world`
 * const r = await loadIntoPostgres("out/world", "postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * console.log(r.written.interactions, r.quarantined);
 * ```
 */
export async function loadIntoPostgres(
  dir: string,
  to: string | PgLocation,
  options: PgLoadOptions = {},
): Promise<PgLoadResult> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  if (options.shards) {
    await createShardedSchema(
      typeof to === "string"
        ? to
        : `${to.connectionString}?schema=${encodeURIComponent(to.schema)}`,
      options.shards,
      log,
    );
  }
  // connect first: a wrong URL, password or database costs no validation
  const db = await connectPg(to);
  let engine: Awaited<ReturnType<typeof openEngine>> | undefined;
  let tmp: string | undefined;
  try {
    engine = await openEngine();
    tmp = await Deno.makeTempDir({ prefix: "rvlab-pgload-" });
    const { report, quarantine } = await loadDataDirIntoEngine(engine, dir, {
      log,
      onProgress: options.onProgress,
    });
    const files: { spec: TableSpec; file: string; columns: string[]; present: boolean }[] = [];
    for (const spec of TABLES) {
      const info = await engine.query<{ column_name: string }>(
        `SELECT column_name FROM (DESCRIBE ${q(spec.name)})`,
      );
      const columns = info.map((c) => c.column_name);
      const file = join(tmp, `${spec.name}.csv`);
      await engine.run(
        `COPY (SELECT ${columns.map(q).join(", ")} FROM ${q(spec.name)}) TO ${
          str(file)
        } (HEADER, DELIMITER ',')`,
      );
      files.push({ spec, file, columns, present: spec.name in report.tables });
    }
    const t1 = performance.now();
    const sharded = await shardedTarget(db).catch(() => undefined);
    if (sharded) {
      const result = await writeSharded(db, engine, sharded, files, report, quarantine, dir, tmp, {
        ...options,
        log,
      });
      return {
        ...result,
        schema: db.location.schema,
        report,
        quarantined: quarantine.length,
        seconds: { validate: (t1 - t0) / 1000, write: (performance.now() - t1) / 1000 },
      };
    }
    // the lock is taken before the transaction begins: a transaction that waited
    // must start after the other committed, or it would not see the schema it made
    await lockSchema(db, log);
    await db.run("BEGIN");
    try {
      const result = await writeTables(db, files, report, quarantine, dir, tmp, options, log);
      await db.run("COMMIT");
      const t2 = performance.now();
      return {
        ...result,
        schema: db.location.schema,
        report,
        quarantined: quarantine.length,
        seconds: { validate: (t1 - t0) / 1000, write: (t2 - t1) / 1000 },
      };
    } catch (e) {
      await db.run("ROLLBACK").catch(() => {});
      throw e;
    }
  } finally {
    await db.close();
    engine?.close();
    if (tmp) await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** The advisory lock's first key: every rvlab load takes it, with the schema as second key. */
const LOAD_LOCK = "rvlab load";

/**
 * Takes the session's advisory lock of the target schema, so that concurrent loads
 * into one schema run one after the other (each then succeeds) instead of failing on
 * the schema's creation or deadlocking on the same rows. Logs when it has to wait.
 * Released when the connection closes (after COMMIT or ROLLBACK).
 */
async function lockSchema(db: PgClient, log: (line: string) => void): Promise<void> {
  const keys = [LOAD_LOCK, db.location.schema];
  const [{ ok }] = await db.query<{ ok: boolean }>(
    "SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok",
    keys,
  );
  if (ok) return;
  log(`  waiting for another load into schema "${db.location.schema}" to finish …`);
  await db.query("SELECT pg_advisory_lock(hashtext($1), hashtext($2))", keys);
}

/** Runs a data-modifying statement and returns how many rows it touched. */
async function countOf(db: PgClient, sql: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `WITH w AS (${sql} RETURNING 1) SELECT count(*) AS n FROM w`,
  );
  return n;
}

type TableFile = { spec: TableSpec; file: string; columns: string[]; present: boolean };

async function writeTables(
  db: PgClient,
  files: TableFile[],
  report: LoadReport,
  quarantine: QuarantineEntry[],
  dir: string,
  tmp: string,
  options: PgLoadOptions,
  log: (line: string) => void,
  analyze: readonly string[] = TABLES.map((t) => t.name),
): Promise<{ load_id: number; written: Partial<Record<TableName, number>> }> {
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${q(db.location.schema)}`);
  for (const stmt of createPgSchemaSql()) await db.run(stmt);
  const [{ load_id }] = await db.query<{ load_id: number }>(
    `INSERT INTO "_loads" ("source", "report") VALUES ($1, $2) RETURNING "load_id"`,
    [dir, JSON.stringify(report)],
  );
  const written: Partial<Record<TableName, number>> = {};
  for (const { spec, file, columns, present } of files) {
    if (!present) continue; // a table the directory does not have is left as it is
    const canonical = new Set(spec.columns.map((c) => c.name));
    for (const extra of columns.filter((c) => !canonical.has(c))) {
      await db.run(`ALTER TABLE ${q(spec.name)} ADD COLUMN IF NOT EXISTS ${q(extra)} text`);
    }
    const staging = `_stage_${spec.name}`;
    const types = columns.map((c) => {
      const col = spec.columns.find((x) => x.name === c);
      return `${q(c)} ${col ? POSTGRES.columnType(col) : "text"}`;
    });
    await db.run(`CREATE TEMP TABLE ${q(staging)} (${types.join(", ")}) ON COMMIT DROP`);
    const t = performance.now();
    let tCopy = 0;
    await db.copyIn(
      `COPY ${q(staging)} (${columns.map(q).join(", ")}) FROM STDIN (FORMAT csv, HEADER true)`,
      file,
    );
    tCopy = (performance.now() - t) / 1000;
    // a large batch: check the foreign key once for the whole table afterwards (one
    // anti-join) instead of once per row (a trigger each: 3x slower at 1M rows)
    const [{ staged }] = await db.query<{ staged: number }>(
      `SELECT count(*) AS staged FROM ${q(staging)}`,
    );
    const bulkFk = spec.name === "interactions" && staged >= (options.bulkFkRows ?? BULK_FK_ROWS);
    if (bulkFk) {
      await db.run(`ALTER TABLE "interactions" DROP CONSTRAINT IF EXISTS ${q(INTERACTIONS_FK)}`);
    }
    // no key to upsert by: remove the stored rows no longer staged, then add the new ones
    const sync = spec.key ? null : syncKeylessSql(spec, staging, columns);
    const removed = sync ? await countOf(db, sync.remove) : 0;
    const n = await countOf(db, sync ? sync.insert : upsertSql(spec, staging, columns));
    if (bulkFk) {
      await db.run(
        `ALTER TABLE "interactions" ADD CONSTRAINT ${q(INTERACTIONS_FK)} ${INTERACTIONS_FK_SQL}`,
      );
    }
    written[spec.name] = n;
    log(
      `  ${spec.name}: ${n.toLocaleString("en")} rows written${
        removed ? `, ${removed.toLocaleString("en")} removed` : ""
      } (${((performance.now() - t) / 1000).toFixed(1)} s, of which COPY ${tCopy.toFixed(1)} s)`,
    );
    await options.afterTable?.(spec.name, db);
  }
  if (quarantine.length) {
    const qfile = join(tmp, "_quarantine.csv");
    let text = "";
    for (const e of quarantine) {
      text += formatCsvRow([
        load_id,
        e.table,
        e.file,
        e.line,
        e.column,
        e.value,
        e.expected,
        e.reason,
        e.message,
      ]);
    }
    await Deno.writeTextFile(qfile, text);
    await db.copyIn(
      `COPY "_quarantine" ("load_id", "table_name", "file", "line", "column_name", "value", "expected", "reason", "message") FROM STDIN (FORMAT csv)`,
      qfile,
    );
    log(`  _quarantine: ${quarantine.length} rows with reasons`);
  }
  await db.run(`ANALYZE ${analyze.map(q).join(", ")}`);
  return { load_id, written };
}

/**
 * The write of a sharded target (`db/shards.ts`): each interaction goes to the shard of
 * its account's hash partition (the coordinator computes the partition of each distinct
 * account with `satisfies_hash_partition`, DuckDB writes one file per shard), which gets
 * it with the IPF (replicated) through the same COPY and upsert as one server; the
 * coordinator gets every other table. Every server loads in its own transaction, all
 * are committed only once all have succeeded (shards first, then the coordinator), and
 * any failure before that rolls all of them back.
 */
async function writeSharded(
  db: PgClient,
  engine: Awaited<ReturnType<typeof openEngine>>,
  target: ShardedTarget,
  files: TableFile[],
  report: LoadReport,
  quarantine: QuarantineEntry[],
  dir: string,
  tmp: string,
  options: PgLoadOptions & { log: (line: string) => void },
): Promise<{ load_id: number; written: Partial<Record<TableName, number>> }> {
  const log = options.log;
  const inter = files.find((f) => f.spec.name === "interactions")!;
  const ipf = files.find((f) => f.spec.name === "ipf")!;
  const shardFiles: TableFile[][] = target.shards.map(() => []);
  if (inter.present) {
    const ids = (await engine.query<{ a: string }>(
      "SELECT DISTINCT account_id AS a FROM interactions",
    )).map((r) => r.a);
    const map = await db.query<{ a: string; r: number }>(
      `SELECT a, r FROM unnest($1::text[]) AS a, generate_series(0, $2::int - 1) AS r
       WHERE satisfies_hash_partition($3::regclass, $2::int, r, a)`,
      [ids, target.modulus, `${q(db.location.schema)}."interactions"`],
    );
    const mapFile = join(tmp, "_shard_of.csv");
    await Deno.writeTextFile(mapFile, map.map((m) => formatCsvRow([m.a, m.r])).join(""));
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE _rvlab_shard_of AS SELECT * FROM read_csv(${
        str(mapFile)
      }, header = false, columns = {'account_id': 'VARCHAR', 'r': 'INTEGER'}, quote = '"', escape = '"')`,
    );
    for (const s of target.shards) {
      const file = join(tmp, `interactions_shard_${s.remainder}.csv`);
      await engine.run(
        `COPY (SELECT ${inter.columns.map((c) => `i.${q(c)}`).join(", ")} FROM interactions i
           JOIN _rvlab_shard_of m ON m.account_id = i.account_id WHERE m.r = ${s.remainder})
         TO ${str(file)} (HEADER, DELIMITER ',')`,
      );
      shardFiles[s.remainder].push({ ...inter, file });
    }
  }
  const open: PgClient[] = [];
  const begun: PgClient[] = [];
  try {
    // the coordinator: every table but interactions, whose new columns it learns
    await lockSchema(db, log);
    await db.run("BEGIN");
    begun.push(db);
    const canonical = new Set(inter.spec.columns.map((c) => c.name));
    for (const extra of inter.columns.filter((c) => !canonical.has(c))) {
      await db.run(`ALTER TABLE "interactions" ADD COLUMN IF NOT EXISTS ${q(extra)} text`);
    }
    const result = await writeTables(
      db,
      files.map((f) => (f.spec.name === "interactions" ? { ...f, present: false } : f)),
      report,
      quarantine,
      dir,
      tmp,
      options,
      log,
      TABLES.map((t) => t.name).filter((n) => n !== "interactions"),
    );
    let shipped = 0;
    for (const s of target.shards) {
      const sdb = await connectPg(s.url).catch((e) => {
        throw shardError(s.url, e);
      });
      open.push(sdb);
      log(`shard ${s.remainder} (${redactUrl(s.url)}):`);
      await lockSchema(sdb, log);
      await sdb.run("BEGIN");
      begun.push(sdb);
      const r = await writeTables(
        sdb,
        [
          ipf,
          ...(shardFiles[s.remainder].length
            ? shardFiles[s.remainder]
            : [{ ...inter, present: false }]),
        ],
        report,
        [],
        dir,
        tmp,
        options,
        (l) => log(`  ${l}`),
        ["ipf", "interactions"],
      );
      shipped += r.written.interactions ?? 0;
    }
    if (inter.present) result.written.interactions = shipped;
    // commit the shards, then the coordinator (a failure in between leaves rows on the
    // shards that a repeated load finds identical)
    for (const c of [...begun.slice(1), db]) await c.run("COMMIT");
    begun.length = 0;
    return result;
  } catch (e) {
    for (const c of begun) await c.run("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    for (const c of open) await c.close();
  }
}
