/**
 * The persistent workspace: a data directory's validated canonical tables kept in a
 * DuckDB file (by default `DIR/.rvlab/workspace.duckdb`), so that every run after the
 * first reads them back in milliseconds instead of validating every file again.
 *
 * What keys it:
 * - the whole file: {@linkcode WORKSPACE_FORMAT} (its own layout, bumped by hand) and
 *   a fingerprint of the code that validates (the SHA-256 of every source file of
 *   `src/io`, `src/sql` and `src/engine`, DuckDB's version pinned in
 *   `engine/duckdb.ts` included), so a changed validation rule rebuilds it;
 * - each input table file: its name, size, modification and change times and inode
 *   (the quick check), and its SHA-256, read only when the quick check fails (a
 *   touched but unchanged file is confirmed and kept) or when the file was modified
 *   within {@linkcode RACY_MS} of being read (times are kept in milliseconds);
 * - interactions also on the IPF file's SHA-256: they are validated against its types.
 *
 * Side tables in the file: `_rvlab_meta` (format, fingerprint), `_rvlab_inputs` (one
 * row per table: the key, the load counts as JSON) and `_rvlab_quarantine` (the
 * quarantine entries of each table, in load order), so counts and quarantine come
 * back exactly as a fresh load gives them.
 *
 * Concurrency: the file is never written in place. A new version is built in a
 * temporary file beside it (a copy of the current one with the changed tables
 * replaced) and renamed over it; readers attach the file READ_ONLY and keep reading
 * the version they opened. A file another process holds with a lock (e.g. a `duckdb`
 * shell opened read-write) is not used: the data is read without cache.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import type { Engine } from "./duckdb.ts";
import {
  ENGINE_TABLES,
  type EngineDirLoad,
  type EngineLoadOptions,
  type EngineTableLoad,
  loadDataDirIntoEngine,
} from "./load.ts";
import { registerWorkspaceInputs } from "./derived.ts";
import { ident, str } from "../sql/literal.ts";
import { findTableFile, type TableCounts } from "../io/load.ts";
import type { QuarantineEntry } from "../io/validate.ts";
import { type TableName, TABLES } from "../io/schema.ts";
import type { ProgressEvent } from "../util/progress.ts";

/**
 * The workspace layout's version: raise it by hand when the side tables or the way
 * tables are stored change. (Validation rules need no bump: the code fingerprint
 * covers them.)
 */
export const WORKSPACE_FORMAT = 2;

/** The workspace's file name inside its folder. */
export const WORKSPACE_FILE = "workspace.duckdb";

/**
 * A file modified less than this many milliseconds before it was read is "racy": its
 * size and times cannot prove it unchanged later (an edit in the same millisecond), so
 * it is hashed on the next run.
 */
export const RACY_MS = 2000;

/** Where the workspace goes: options of {@linkcode workspacePath}. */
export interface WorkspacePlace {
  /** `--cache DIR`: the workspace is `DIR/workspace.duckdb` */
  cache?: string;
  /**
   * `$RVLAB_CACHE_DIR`: a folder holding the workspaces of many data directories, each
   * in `ROOT/<folder name>-<hash of its absolute path>/workspace.duckdb`
   */
  cacheRoot?: string;
}

/**
 * The workspace file of a data directory: `cache/workspace.duckdb` when a cache
 * folder is named, else one folder per data directory under `cacheRoot`, else
 * `dir/.rvlab/workspace.duckdb`.
 *
 * Why: one rule for where the CLI, notebooks and tests put (and find) a workspace.
 * Complexity: O(length of the path).
 *
 * @example
 * ```ts
 * import { workspacePath } from "./workspace.ts";
 * workspacePath("out/world"); // => "out/world/.rvlab/workspace.duckdb"
 * workspacePath("out/world", { cache: "/tmp/c" }); // => "/tmp/c/workspace.duckdb"
 * workspacePath("/data/w", { cacheRoot: "/tmp/c" }); // => "/tmp/c/w-<12 hex digits>/workspace.duckdb"
 * ```
 */
export function workspacePath(dir: string, place: WorkspacePlace = {}): string {
  if (place.cache) return join(place.cache, WORKSPACE_FILE);
  if (place.cacheRoot) {
    const abs = resolve(dir);
    const tag = createHash("sha256").update(abs).digest("hex").slice(0, 12);
    return join(place.cacheRoot, `${basename(abs) || "root"}-${tag}`, WORKSPACE_FILE);
  }
  return join(dir, ".rvlab", WORKSPACE_FILE);
}

/**
 * SHA-256 of a file's bytes, streamed (hex).
 *
 * Why: the content key of a workspace input; confirms a touched file unchanged.
 * Complexity: O(file size) time (about 400 MB/s here), O(1) memory (one 4 MB buffer).
 *
 * @example
 * ```ts
 * import { fileSha256 } from "./workspace.ts";
 * await fileSha256("data/ipf/b2b-default.csv"); // => "…64 hex digits…"
 * ```
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  // 4 MB reads: about 8 times faster here than the file's 64 KB readable stream
  const buffer = new Uint8Array(4 << 20);
  for (let n = await file.read(buffer); n !== null; n = await file.read(buffer)) {
    hash.update(buffer.subarray(0, n));
  }
  return hash.digest("hex");
}

let fingerprint: Promise<string> | undefined;

/**
 * SHA-256 over the names and text of every TypeScript source of `src/io`, `src/sql` and
 * `src/engine` (the code that validates and loads), computed once per process; ""
 * when the sources cannot be read (then only {@linkcode WORKSPACE_FORMAT} keys).
 */
function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    try {
      const hash = createHash("sha256");
      for (const folder of ["io", "sql", "engine"]) {
        const url = new URL(`../${folder}/`, import.meta.url);
        if (url.protocol !== "file:") return "";
        const names: string[] = [];
        for await (const e of Deno.readDir(url)) {
          if (e.isFile && e.name.endsWith(".ts")) names.push(e.name);
        }
        for (const name of names.sort()) {
          hash.update(`${folder}/${name}\n`);
          hash.update(await Deno.readFile(new URL(name, url)));
        }
      }
      return hash.digest("hex");
    } catch {
      return "";
    }
  })();
  return fingerprint;
}

/** Options for {@linkcode loadWorkspace}. */
export interface WorkspaceLoadOptions {
  /** `--cache DIR`: the workspace is `DIR/workspace.duckdb` */
  cache?: string;
  /** a folder of workspaces ({@linkcode workspacePath}); default `$RVLAB_CACHE_DIR`, "" for none */
  cacheRoot?: string;
  /**
   * false: no workspace at all (`--no-cache`: every file validated as
   * {@linkcode loadDataDirIntoEngine} does, nothing written)
   */
  enabled?: boolean;
  log?: (line: string) => void;
  /** the bulk path first (default true), as {@linkcode loadDataDirIntoEngine} */
  fast?: boolean;
  /** how far each table read from its file is, as {@linkcode loadDataDirIntoEngine} */
  onProgress?: (e: ProgressEvent) => void;
}

/** What {@linkcode loadWorkspace} gives: the load as a fresh one, and what the workspace did. */
export interface WorkspaceLoad extends EngineDirLoad {
  /** the workspace file used or written, null when none was (`--no-cache`, locked, unwritable) */
  workspace: string | null;
  /** tables read back from the workspace, unchanged */
  reused: TableName[];
  /** tables validated from their files in this run */
  loaded: TableName[];
  /** true when this run wrote a new version of the workspace */
  saved: boolean;
}

/** The quick key of a file: what a stat gives. */
interface Quick {
  size: number;
  mtime_ms: number;
  ctime_ms: number;
  ino: number;
}

/** One row of `_rvlab_inputs`. */
interface InputRow extends Quick {
  table_name: TableName;
  file: string;
  sha256: string;
  depends: string;
  rows: number;
  counts: string;
  /** how the file was validated ({@linkcode EngineTableLoad}'s path) */
  load_path: EngineTableLoad["path"];
  checked_at_ms: number;
}

/** One table file of the data directory as this run sees it. */
interface Input {
  file: string;
  quick: Quick;
  checkedAt: number;
  sha256?: string;
}

async function quickKey(file: string): Promise<Quick> {
  const s = await Deno.stat(file);
  return {
    size: s.size,
    mtime_ms: s.mtime?.getTime() ?? 0,
    ctime_ms: s.ctime?.getTime() ?? 0,
    ino: s.ino ?? 0,
  };
}

const sameQuick = (a: Quick, b: Quick) =>
  a.size === b.size && a.mtime_ms === b.mtime_ms && a.ctime_ms === b.ctime_ms && a.ino === b.ino;

const isRacy = (q: Quick, checkedAt: number) =>
  checkedAt - Math.max(q.mtime_ms, q.ctime_ms) < RACY_MS;

/** `$RVLAB_CACHE_DIR`, or undefined when unset or not readable (no --allow-env). */
function envCacheRoot(): string | undefined {
  try {
    return Deno.env.get("RVLAB_CACHE_DIR") || undefined;
  } catch {
    return undefined;
  }
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0];

let attachments = 0;

/** An attached, trusted workspace: its alias and the rows of `_rvlab_inputs`. */
interface OpenWorkspace {
  alias: string;
  code: string;
  inputs: Map<TableName, InputRow>;
}

/**
 * Attaches the workspace READ_ONLY and reads its keys: the workspace, "locked" when
 * another process holds it, or null (with a line saying why) when it is absent or not
 * to be trusted (foreign, damaged, another format or validation code).
 */
async function attachWorkspace(
  engine: Engine,
  path: string,
  code: string,
  log: (line: string) => void,
): Promise<OpenWorkspace | "locked" | null> {
  if (!(await isFile(path))) return null;
  if (await isFile(path + ".wal")) {
    log(`workspace ${path} has an unfinished write-ahead log: rebuilding it`);
    return null;
  }
  const alias = `rvlab_ws_${++attachments}`;
  try {
    await engine.run(`ATTACH ${str(path)} AS ${ident(alias)} (READ_ONLY)`);
  } catch (e) {
    if (/lock/i.test(firstLine(e))) return "locked";
    log(`workspace ${path} cannot be opened (${firstLine(e)}): rebuilding it`);
    return null;
  }
  try {
    const [meta] = await engine.query<{ format: number; code: string }>(
      `SELECT format, code FROM ${ident(alias)}._rvlab_meta`,
    );
    if (meta?.format !== WORKSPACE_FORMAT || meta.code !== code) {
      log(`workspace ${path} was written by another rvlab version: rebuilding it`);
      await engine.run(`DETACH ${ident(alias)}`);
      return null;
    }
    const rows = await engine.query<InputRow>(`SELECT * FROM ${ident(alias)}._rvlab_inputs`);
    return { alias, code, inputs: new Map(rows.map((r) => [r.table_name, r])) };
  } catch (e) {
    log(`workspace ${path} is not an rvlab workspace (${firstLine(e)}): replacing it`);
    await engine.run(`DETACH ${ident(alias)}`).catch(() => {});
    return null;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Drops a table or view of the engine's own database by name, if there is one. */
async function dropRelation(engine: Engine, name: string): Promise<void> {
  const [r] = await engine.query<{ t: string }>(
    `SELECT table_type AS t FROM information_schema.tables
      WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?`,
    [name],
  );
  if (r) await engine.run(`DROP ${r.t === "VIEW" ? "VIEW" : "TABLE"} ${ident(name)}`);
}

/**
 * Why the workspace folder cannot be written, or null when it can (creating it):
 * a folder (or, when it does not exist yet, its parent) without write permission
 * counts as read-only even for a user (root) the system would let write.
 */
async function unwritable(folder: string): Promise<string | null> {
  for (const f of [folder, dirname(folder)]) {
    try {
      const s = await Deno.stat(f);
      if (!s.isDirectory) return `${f} is not a folder`;
      if (s.mode !== null && (s.mode & 0o222) === 0) return `${f} is read-only`;
      break;
    } catch {
      // absent: look at its parent
    }
  }
  try {
    await Deno.mkdir(folder, { recursive: true });
    return null;
  } catch (e) {
    return firstLine(e);
  }
}

/**
 * Loads a data directory into the engine through its workspace: tables whose files
 * are unchanged since the workspace was written are read from it (as views of the
 * attached file), the others are validated from their files
 * ({@linkcode loadTableIntoEngine}), and the workspace is rewritten when anything
 * changed. The report and quarantine are exactly those of
 * {@linkcode loadDataDirIntoEngine}. Never fails because of the workspace: a locked,
 * damaged or unwritable one means reading without it, said in one line of `log`.
 *
 * Complexity: O(tables) stats and one count per reused table; changed files as
 * {@linkcode loadDataDirIntoEngine} plus one SHA-256 pass (run alongside the load);
 * writing copies the workspace file and the changed tables.
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { loadWorkspace } from "./workspace.ts";
 * const engine = await openEngine();
 * // a world from `deno task rvlab generate --out out/world`
 * const ws = await loadWorkspace(engine, "out/world", { log: console.error });
 * ws.reused; // [] the first time, then ["ipf", "interactions", …]
 * await engine.query("select count(*) as n from interactions");
 * engine.close();
 * ```
 */
export async function loadWorkspace(
  engine: Engine,
  dir: string,
  options: WorkspaceLoadOptions = {},
): Promise<WorkspaceLoad> {
  const log = options.log ?? (() => {});
  const load = (reuse?: EngineLoadOptions["reuse"]) =>
    loadDataDirIntoEngine(engine, dir, {
      log,
      fast: options.fast,
      reuse,
      onProgress: options.onProgress,
    });
  const plain = async (): Promise<WorkspaceLoad> => {
    const r = await load();
    const loaded = ENGINE_TABLES.filter((t) => r.report.tables[t]);
    return { ...r, workspace: null, reused: [], loaded, saved: false };
  };
  if (options.enabled === false) return await plain();
  const inputs = new Map<TableName, Input>();
  try {
    if (!(await Deno.stat(dir)).isDirectory) return await plain();
    for (const spec of TABLES) {
      const file = await findTableFile(dir, spec.name);
      if (file) inputs.set(spec.name, { file, quick: await quickKey(file), checkedAt: Date.now() });
      // a missing required table: the plain load says so, in its own words
      else if (spec.requiredTable) return await plain();
    }
  } catch {
    return await plain();
  }
  const path = workspacePath(dir, {
    cache: options.cache,
    cacheRoot: options.cacheRoot ?? envCacheRoot(),
  });
  const code = await codeFingerprint();
  const old = await attachWorkspace(engine, path, code, log);
  if (old === "locked") {
    log(`workspace ${path} is locked by another process: reading without cache`);
    return await plain();
  }

  // which tables are unchanged: the quick key, else the content hash; interactions
  // also need the same IPF (TABLES lists ipf first)
  const reuse = new Set<TableName>();
  let keysChanged = false;
  for (const spec of TABLES) {
    const input = inputs.get(spec.name);
    const row = old?.inputs.get(spec.name);
    if (!input || !row || row.file !== basename(input.file)) continue;
    if (sameQuick(row, input.quick) && !isRacy(row, row.checked_at_ms)) {
      input.sha256 = row.sha256;
    } else {
      input.sha256 = await fileSha256(input.file);
      if (input.sha256 !== row.sha256) continue;
      keysChanged ||= !sameQuick(row, input.quick) || !isRacy(input.quick, input.checkedAt);
    }
    if (spec.name === "interactions" && row.depends !== (inputs.get("ipf")?.sha256 ?? "")) continue;
    try {
      const [c] = await engine.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${ident(old!.alias)}.main.${ident(spec.name)}`,
      );
      if (c.n !== row.rows) continue; // edited in SQL: not trusted
    } catch {
      continue;
    }
    reuse.add(spec.name);
  }
  const present = TABLES.filter((s) => inputs.has(s.name)).map((s) => s.name);
  const loaded = present.filter((t) => !reuse.has(t));
  const removed = old ? [...old.inputs.keys()].filter((t) => !inputs.has(t)) : [];
  if (old && reuse.size) {
    log(
      `using workspace ${path} (${reuse.size} table${reuse.size === 1 ? "" : "s"} unchanged${
        loaded.length ? `; reading ${loaded.join(", ")}` : ""
      })`,
    );
  }

  // the plain load, with the unchanged tables as views of the workspace; each file read
  // is hashed alongside
  for (const spec of TABLES) await dropRelation(engine, spec.name);
  const hashes = new Map<TableName, Promise<string>>();
  const unstable: string[] = [];
  const r = await load(async (spec, file) => {
    const input = inputs.get(spec.name);
    if (input?.file !== file) {
      unstable.push(file); // appeared or changed its name since the look above
      return undefined;
    }
    if (!reuse.has(spec.name)) {
      // "" when it cannot be read (then not saved); never an unhandled rejection
      const hash = input.sha256 ? Promise.resolve(input.sha256) : fileSha256(file).catch(() => "");
      hashes.set(spec.name, hash);
      return undefined;
    }
    return await reusedTable(engine, old as OpenWorkspace, spec.name, file);
  });
  for (const [t, hash] of hashes) {
    const input = inputs.get(t)!;
    input.sha256 = await hash;
    const now = await quickKey(input.file).catch(() => undefined);
    if (!input.sha256 || !now || !sameQuick(input.quick, now)) unstable.push(input.file);
  }

  const result: WorkspaceLoad = {
    ...r,
    workspace: old ? path : null,
    reused: [...reuse],
    loaded,
    saved: false,
  };
  if (old && !loaded.length && !removed.length && !keysChanged) {
    // every table is the workspace's: queries over them may be kept beside it (derived.ts)
    const key = createHash("sha256").update(code);
    for (const t of present) {
      key.update(`\0${t}\0${inputs.get(t)!.sha256}\0${old.inputs.get(t)!.depends}`);
    }
    await registerWorkspaceInputs(engine, {
      folder: join(dirname(path), "derived"),
      key: key.digest("hex").slice(0, 16),
      alias: old.alias,
      tables: present,
      log,
    });
    return result;
  }
  if (unstable.length) {
    log(`${unstable.join(", ")} changed while being read: workspace ${path} not updated`);
    return result;
  }
  const why = await unwritable(dirname(path));
  if (why) {
    log(`cannot write workspace ${path} (${why}): read without cache`);
    return result;
  }
  try {
    const rows: InputRow[] = present.map((t) => {
      const input = inputs.get(t)!;
      return {
        table_name: t,
        file: basename(input.file),
        ...input.quick,
        sha256: input.sha256!,
        depends: t === "interactions" ? inputs.get("ipf")?.sha256 ?? "" : "",
        rows: r.report.tables[t]!.accepted,
        counts: JSON.stringify(r.report.tables[t]),
        load_path: r.paths[t]!,
        checked_at_ms: input.checkedAt,
      };
    });
    const wrote = await writeWorkspace(engine, path, {
      old: reuse.size ? old : null, // nothing kept: a new file, not a copy
      code,
      rows,
      replace: [...loaded, ...removed],
      write: loaded,
      quarantine: r.quarantine.filter((e) => loaded.includes(e.table as TableName)),
    });
    if (!wrote) {
      log(`workspace ${path} was updated by another rvlab process meanwhile: not saved`);
      return result;
    }
    result.workspace = path;
    result.saved = true;
    log(
      `workspace ${path} ${old ? "updated" : "written"} (${
        loaded.length ? `read ${loaded.join(", ")}` : "file times refreshed"
      }; --no-cache skips it)`,
    );
  } catch (e) {
    log(`cannot write workspace ${path} (${firstLine(e)}): read without cache`);
  }
  return result;
}

/**
 * A table read back from the workspace: a view of it in the engine, and its counts
 * and quarantine (naming `file` as this run spells it).
 */
async function reusedTable(
  engine: Engine,
  old: OpenWorkspace,
  table: TableName,
  file: string,
): Promise<EngineTableLoad> {
  const row = old.inputs.get(table)!;
  const source = `${ident(old.alias)}.main.${ident(table)}`;
  await engine.run(`CREATE VIEW ${ident(table)} AS SELECT * FROM ${source}`);
  const q = await engine.query<Omit<QuarantineEntry, "table" | "column"> & { column_name: string }>(
    `SELECT file, line, column_name, value, expected, reason, message
       FROM ${ident(old.alias)}._rvlab_quarantine WHERE table_name = ? ORDER BY seq`,
    [table],
  );
  const quarantine = q.map((e): QuarantineEntry => ({
    table,
    file: e.file === "" ? file : e.file,
    line: e.line,
    column: e.column_name,
    value: e.value,
    expected: e.expected,
    reason: e.reason,
    message: e.message,
  }));
  return {
    counts: { ...(JSON.parse(row.counts) as TableCounts), file },
    quarantine,
    path: row.load_path,
  };
}

/** What {@linkcode writeWorkspace} puts in the new version. */
interface WorkspaceWrite {
  /** the workspace this run attached (copied as the base), or null to start empty */
  old: OpenWorkspace | null;
  code: string;
  /** `_rvlab_inputs`, every present table */
  rows: InputRow[];
  /** tables whose stored version goes (reloaded or removed) */
  replace: TableName[];
  /** tables copied from the engine */
  write: TableName[];
  /** the quarantine entries of the written tables, in load order */
  quarantine: QuarantineEntry[];
}

/**
 * Builds the new version of the workspace in a temporary file beside it and renames
 * it over the old one. Returns false (nothing changed) when the current file is no
 * longer the version this run read (another process replaced it meanwhile).
 */
async function writeWorkspace(engine: Engine, path: string, w: WorkspaceWrite): Promise<boolean> {
  const folder = dirname(path);
  const tmp = join(folder, `.${WORKSPACE_FILE}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.tmp`);
  await removeStaleTemps(folder);
  const alias = `rvlab_new_${++attachments}`;
  const nw = ident(alias);
  let attached = false;
  try {
    if (w.old) await Deno.copyFile(path, tmp);
    await engine.run(`ATTACH ${str(tmp)} AS ${nw}`);
    attached = true;
    if (w.old && !(await sameVersion(engine, alias, w))) return false;
    const [{ db }] = await engine.query<{ db: string }>(`SELECT current_database() AS db`);
    for (const t of w.replace) await engine.run(`DROP TABLE IF EXISTS ${nw}.main.${ident(t)}`);
    for (const t of w.write) {
      await engine.run(
        `CREATE TABLE ${nw}.main.${ident(t)} AS SELECT * FROM ${ident(db)}.main.${ident(t)}`,
      );
    }
    await engine.run(
      `CREATE OR REPLACE TABLE ${nw}._rvlab_meta AS SELECT ? :: INTEGER AS format, ? AS code, ` +
        `now()::VARCHAR AS written_at`,
      [WORKSPACE_FORMAT, w.code],
    );
    await engine.run(
      `CREATE OR REPLACE TABLE ${nw}._rvlab_inputs (table_name VARCHAR, file VARCHAR, size BIGINT, ` +
        `mtime_ms DOUBLE, ctime_ms DOUBLE, ino DOUBLE, sha256 VARCHAR, depends VARCHAR, rows BIGINT, ` +
        `counts VARCHAR, load_path VARCHAR, checked_at_ms DOUBLE)`,
    );
    for (const r of w.rows) {
      await engine.run(
        `INSERT INTO ${nw}._rvlab_inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          r.table_name,
          r.file,
          r.size,
          r.mtime_ms,
          r.ctime_ms,
          r.ino,
          r.sha256,
          r.depends,
          r.rows,
          r.counts,
          r.load_path,
          r.checked_at_ms,
        ],
      );
    }
    await engine.run(
      `CREATE TABLE IF NOT EXISTS ${nw}._rvlab_quarantine (table_name VARCHAR, seq BIGINT, ` +
        `file VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR, expected VARCHAR, ` +
        `reason VARCHAR, message VARCHAR)`,
    );
    if (w.replace.length) {
      await engine.run(
        `DELETE FROM ${nw}._rvlab_quarantine WHERE table_name IN (${
          w.replace.map(str).join(", ")
        })`,
      );
    }
    const appender = await engine.conn.createAppender("_rvlab_quarantine", "main", alias);
    const seqs = new Map<string, number>();
    for (const e of w.quarantine) {
      const file = w.rows.find((r) => r.table_name === e.table)!.file;
      const seq = seqs.get(e.table) ?? 0;
      seqs.set(e.table, seq + 1);
      appender.appendVarchar(e.table);
      appender.appendBigInt(BigInt(seq));
      appender.appendVarchar(basename(e.file) === file ? "" : e.file);
      appender.appendBigInt(BigInt(e.line));
      appender.appendVarchar(e.column);
      appender.appendVarchar(String(e.value ?? ""));
      appender.appendVarchar(e.expected);
      appender.appendVarchar(e.reason);
      appender.appendVarchar(e.message);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    await engine.run(`CHECKPOINT ${nw}`);
    await engine.run(`DETACH ${nw}`);
    attached = false;
    if (await isFile(tmp + ".wal")) throw new Error("the new version was not checkpointed");
    await Deno.rename(tmp, path);
    return true;
  } finally {
    if (attached) await engine.run(`DETACH ${nw}`).catch(() => {});
    await Deno.remove(tmp).catch(() => {});
    await Deno.remove(tmp + ".wal").catch(() => {});
  }
}

/** True when the copied file holds the version this run read: same code and keys. */
async function sameVersion(engine: Engine, alias: string, w: WorkspaceWrite): Promise<boolean> {
  try {
    const [meta] = await engine.query<{ format: number; code: string }>(
      `SELECT format, code FROM ${ident(alias)}._rvlab_meta`,
    );
    if (meta?.format !== WORKSPACE_FORMAT || meta.code !== w.old!.code) return false;
    const rows = await engine.query<InputRow>(`SELECT * FROM ${ident(alias)}._rvlab_inputs`);
    if (rows.length !== w.old!.inputs.size) return false;
    return rows.every((r) => {
      const o = w.old!.inputs.get(r.table_name);
      return o !== undefined && o.sha256 === r.sha256 && o.depends === r.depends &&
        o.rows === r.rows && o.counts === r.counts;
    });
  } catch {
    return false;
  }
}

/** Removes temporary versions left by runs that stopped while writing (older than a day). */
async function removeStaleTemps(folder: string): Promise<void> {
  try {
    for await (const e of Deno.readDir(folder)) {
      if (!e.isFile || !/^\..*\.tmp(\.wal)?$/.test(e.name)) continue;
      const p = join(folder, e.name);
      const s = await Deno.stat(p);
      if (Date.now() - (s.mtime?.getTime() ?? Date.now()) > 86_400_000) await Deno.remove(p);
    }
  } catch {
    // nothing to tidy
  }
}
