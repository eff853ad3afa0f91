/**
 * Results kept beside the workspace: a query over the canonical tables of an unchanged
 * workspace is computed once and read back on every later run, as the tables
 * themselves are (`workspace.ts`).
 *
 * What keys a result: the workspace's input key (the code fingerprint and the SHA-256
 * of every input file, {@linkcode WorkspaceInputs}) and the query's text, so a changed
 * file, another IPF, other options (they are in the SQL) or other code computes it
 * afresh. A result is used only while every canonical table the query may read is
 * still the workspace's read-only view (nothing replaced or edited in this session).
 *
 * Each result is one DuckDB file `derived/<input key>-<query key>.duckdb` beside the
 * workspace, written to a temporary file and renamed (readers never see half a file);
 * results of other inputs are removed when the workspace is written again.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Engine, SqlRunner } from "./duckdb.ts";
import { ident, str } from "../sql/literal.ts";
import { TABLES } from "../io/schema.ts";

/** What a workspace registers for its engine: where results go and what keys them. */
export interface WorkspaceInputs {
  /** the folder of the results (`<workspace folder>/derived`) */
  folder: string;
  /** hex key of the code and every input file of the workspace */
  key: string;
  /** the attached workspace's alias: the canonical tables are views of `alias.main.<table>` */
  alias: string;
  /** the tables the workspace holds (the others are the empty tables of absent files) */
  tables: readonly string[];
  log?: (line: string) => void;
}

const registered = new WeakMap<SqlRunner, WorkspaceInputs>();
let attachments = 0;

/**
 * Registers an engine's workspace (called by `loadWorkspace` once the tables in the
 * engine are exactly the workspace's). Removes results of other inputs (and temporary
 * files older than a day).
 *
 * Complexity: O(files in the results folder).
 *
 * @example
 * ```ts
 * import { registerWorkspaceInputs } from "./derived.ts";
 * import { openEngine } from "./duckdb.ts";
 * const engine = await openEngine();
 * await registerWorkspaceInputs(engine, {
 *   folder: "/tmp/derived",
 *   key: "ab12",
 *   alias: "ws",
 *   tables: ["ipf", "interactions"],
 * });
 * ```
 */
export async function registerWorkspaceInputs(
  engine: SqlRunner,
  inputs: WorkspaceInputs,
): Promise<void> {
  registered.set(engine, inputs);
  try {
    for await (const e of Deno.readDir(inputs.folder)) {
      if (!e.isFile || e.name.startsWith(`${inputs.key}-`)) continue;
      const path = join(inputs.folder, e.name);
      // a temporary file may be another run's result being written: only stale ones go
      if (e.name.startsWith(".")) {
        const age = Date.now() - ((await Deno.stat(path)).mtime?.getTime() ?? Date.now());
        if (age < 86_400_000) continue;
      }
      await Deno.remove(path).catch(() => {});
    }
  } catch {
    // no results yet
  }
}

/**
 * True when `engine` has a registered workspace whose results {@linkcode derivedTable}
 * may keep (a DuckDB engine that read an unchanged workspace).
 *
 * @example
 * ```ts
 * import { keepsResults } from "./derived.ts";
 * import { openEngine } from "./duckdb.ts";
 * keepsResults(await openEngine()); // => false
 * ```
 */
export function keepsResults(engine: SqlRunner): engine is Engine {
  return registered.has(engine);
}

/** The key of a query over these inputs (hex). */
const keyOf = (inputs: WorkspaceInputs, sql: string) =>
  createHash("sha256").update(inputs.key).update("\0").update(sql).digest("hex").slice(0, 32);

/**
 * True when every canonical table in the engine is still what the workspace gave: a
 * view of the read-only workspace, or (a table without a file) still empty.
 */
async function tablesAreTheWorkspace(engine: SqlRunner, inputs: WorkspaceInputs): Promise<boolean> {
  const views = await engine.query<{ view_name: string; sql: string }>(
    `SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
       AND database_name = current_database()`,
  );
  const sqlOf = new Map(views.map((v) => [v.view_name, v.sql]));
  for (const t of TABLES) {
    if (inputs.tables.includes(t.name)) {
      if (!(sqlOf.get(t.name) ?? "").includes(`${inputs.alias}.main.${t.name}`)) return false;
    } else {
      const [{ n }] = await engine.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${ident(t.name)}`,
      );
      if (n !== 0) return false;
    }
  }
  return true;
}

/**
 * Makes `name` hold the rows of `sql` (in their order): a temporary view of the
 * workspace's kept result when this query was computed on the same inputs before (or
 * is computed and kept now, when the engine has a registered, unchanged workspace),
 * else a temporary table computed here. Says which in the registered log (naming it
 * `options.label`, default `name`); drop it with {@linkcode dropDerived}.
 *
 * Why: on an unchanged workspace, `rv` and the report's RV periods cost a file read
 * instead of the whole query (10M interactions: seconds instead of tens of seconds).
 * Complexity: the query once per input key; then O(1) (the view reads the kept file).
 *
 * @example
 * ```ts
 * import { derivedTable } from "./derived.ts";
 * import { openEngine } from "./duckdb.ts";
 * const engine = await openEngine();
 * const how = await derivedTable(engine, "t", "SELECT 1 AS x"); // => "computed" (no workspace)
 * ```
 */
export async function derivedTable(
  engine: Engine,
  name: string,
  sql: string,
  options: { label?: string } = {},
): Promise<"computed" | "reused" | "saved"> {
  const label = options.label ?? name;
  const plain = async () => {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS ${sql}`);
    return "computed" as const;
  };
  const inputs = registered.get(engine);
  if (!inputs || !(await tablesAreTheWorkspace(engine, inputs).catch(() => false))) {
    return await plain();
  }
  const file = join(inputs.folder, `${inputs.key}-${keyOf(inputs, sql)}.duckdb`);
  const alias = ident(`rvlab_derived_${++attachments}`);
  // a kept result stays attached (read-only) for the session; the name is a view of it
  const open = async () => {
    await engine.run(`ATTACH ${str(file)} AS ${alias} (READ_ONLY)`);
    try {
      await engine.run(
        `CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM ${alias}.main.result`,
      );
    } catch (e) {
      await engine.run(`DETACH ${alias}`).catch(() => {});
      throw e;
    }
  };
  try {
    await open();
    inputs.log?.(`${label}: read from the workspace's results`);
    return "reused";
  } catch {
    // not computed on these inputs yet (or unreadable): compute it and keep it
  }
  const tmp = join(inputs.folder, `.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    await Deno.mkdir(inputs.folder, { recursive: true });
    await engine.run(`ATTACH ${str(tmp)} AS ${alias}`);
    try {
      await engine.run(`CREATE TABLE ${alias}.main.result AS ${sql}`);
      await engine.run(`CHECKPOINT ${alias}`);
    } finally {
      await engine.run(`DETACH ${alias}`);
    }
    await Deno.rename(tmp, file);
    await open();
    inputs.log?.(`${label}: computed and kept in the workspace's results`);
    return "saved";
  } catch (e) {
    inputs.log?.(`${label}: not kept (${String((e as Error)?.message ?? e).split("\n")[0]})`);
    return await plain();
  } finally {
    await Deno.remove(tmp).catch(() => {});
    await Deno.remove(tmp + ".wal").catch(() => {});
  }
}

/**
 * Drops what {@linkcode derivedTable} made under `name` (a temporary table or view).
 *
 * @example
 * ```ts
 * import { derivedTable, dropDerived } from "./derived.ts";
 * import { openEngine } from "./duckdb.ts";
 * const engine = await openEngine();
 * await derivedTable(engine, "t", "SELECT 1 AS x");
 * await dropDerived(engine, "t");
 * ```
 */
export async function dropDerived(engine: SqlRunner, name: string): Promise<void> {
  const [row] = await engine.query<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_views() WHERE view_name = ? AND temporary",
    [name],
  );
  await engine.run(`DROP ${row.n ? "VIEW" : "TABLE"} IF EXISTS ${ident(name)}`);
}
