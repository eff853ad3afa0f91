/**
 * A sharded interaction database on plain PostgreSQL: one coordinator and N shard
 * servers, joined with PostgreSQL's own declarative partitioning and `postgres_fdw`.
 *
 * Layout (set up by {@linkcode createShardedSchema}):
 * - on every shard, in its schema: the canonical tables (same DDL as one server,
 *   `schema_sql.ts`); the shard holds its part of `interactions` and a full copy of
 *   `ipf` (a replicated "reference table", as Citus calls it, so that the foreign key
 *   from interactions to the IPF holds on every shard);
 * - on the coordinator, in its schema: every canonical table as on one server, except
 *   `interactions`, which is `PARTITION BY HASH (account_id)` with one foreign
 *   partition per shard (`FOR VALUES WITH (MODULUS n, REMAINDER k)` on the k-th shard;
 *   server options `async_capable`, a large `fetch_size`, `fdw_tuple_cost`), and
 *   the bookkeeping table `_shards` naming the shards.
 *
 * The heavy queries (RV by account and period, the account summaries, the back-test
 * panel) group by `account_id`, the partition key, so with
 * `enable_partitionwise_aggregate` the planner aggregates each partition on its own and
 * postgres_fdw ships each partition's GROUP BY to its shard: only account-level rows
 * travel. What PostgreSQL 15's postgres_fdw ships decides how the sharded dialect
 * ({@linkcode shardedDialect}) writes the scored-interaction SQL (found by reading the
 * "Remote SQL" of `EXPLAIN VERBOSE`, and tested):
 * - a join only between foreign tables of one server, and the coordinator's `ipf` is a
 *   local table: the IPF is written into the SQL as array literals subscripted by the
 *   type's position (`array_position`), with `interaction_type = ANY (…)` for the inner
 *   join's filter (an IPF has tens of rows);
 * - no CASE and no COALESCE expressions: `coalesce(cost, quantity × variable_cost)` is
 *   the first element of `array_remove(ARRAY[…], NULL)`;
 * - a built-in function with a text argument only when the argument's collation comes
 *   from a remote column: `date_trunc('month', …)` does not ship,
 *   `date_trunc('month' || substr(interaction_type, 1, 0), …)` (the same value) does;
 * - expressions around an aggregate are computed on the coordinator over the shipped
 *   aggregate, so the rounding (a CASE, `roundDoubleSql`) of `round9(sum(rv))` stays
 *   where it was and the sum it rounds is the shard's.
 * The planner chooses between shipping the aggregate and aggregating locally by cost, so
 * the servers raise `fdw_tuple_cost` ({@linkcode SHARD_TUPLE_COST}).
 *
 * @module
 */
import { TABLES } from "../io/schema.ts";
import { DataError, UsageError } from "../io/errors.ts";
import { type Dialect, type InlineIpfRow, POSTGRES } from "../sql/dialect.ts";
import { ident as q, num, str } from "../sql/literal.ts";
import { redactUrl } from "../util/redact.ts";
import { connectPg, parsePgUrl, type PgClient } from "./postgres.ts";
import { createPgSchemaSql, createPgTableSql } from "./schema_sql.ts";
import { type ClusterOptions, type PgCluster, startCluster } from "./cluster.ts";

/** One shard of a sharded target, as the coordinator records it in `_shards`. */
export interface ShardInfo {
  /** the hash remainder this shard holds (0 … modulus − 1) */
  remainder: number;
  /** the coordinator's foreign server name */
  server: string;
  /** the shard's `postgres://…/db/schema` URL, password included when the mapping has one */
  url: string;
}

/** A sharded coordinator schema: its shards in remainder order. */
export interface ShardedTarget {
  modulus: number;
  shards: ShardInfo[];
}

/** The postgres_fdw fetch size of the shard servers: rows per round trip. */
export const SHARD_FETCH_SIZE = 100_000;

/**
 * The planner's cost of moving one row from a shard (postgres_fdw's `fdw_tuple_cost`,
 * default 0.01): 20 times the default, as over a real network, so that the plan which
 * ships fewer rows (the aggregate on the shard) wins when the estimates are rough. The
 * servers do not set `use_remote_estimate`: the shard's estimate of an expression's
 * groups (no statistics on it) is the row count, which made the local aggregate look
 * as cheap as the pushed-down one.
 */
export const SHARD_TUPLE_COST = 0.2;

/**
 * The coordinator's foreign server name of shard `k` of `schema`.
 *
 * @example
 * ```ts
 * import { shardServerName } from "./shards.ts";
 * shardServerName("crm", 2); // => "rvlab_crm_shard_2"
 * ```
 */
export function shardServerName(schema: string, k: number): string {
  return `rvlab_${schema}_shard_${k}`;
}

/**
 * Whether the client's schema is a sharded coordinator, and its shards (with the URLs
 * the loader connects to), or undefined for an ordinary schema.
 *
 * Complexity: two catalog queries.
 *
 * @example
 * ```ts
 * import { connectPg } from "./postgres.ts";
 * import { shardedTarget } from "./shards.ts";
 * const db = await connectPg("postgres://postgres@127.0.0.1:5432/postgres/world");
 * const t = await shardedTarget(db); // { modulus: 3, shards: [...] } or undefined
 * await db.close();
 * ```
 */
export async function shardedTarget(db: PgClient): Promise<ShardedTarget | undefined> {
  const [p] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
     JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = $1 AND c.relname = 'interactions'`,
    [db.location.schema],
  );
  if (p.n === 0) return undefined;
  const rows = await db.query<
    {
      remainder: number;
      server: string;
      host: string;
      port: string;
      dbname: string;
      schema: string;
      opts: string[] | null;
    }
  >(
    `SELECT s.remainder, s.server, s.host, s.port, s.dbname, s.schema_name AS schema,
            (SELECT umoptions FROM pg_user_mappings m
             WHERE m.srvname = s.server AND (m.usename = current_user OR m.usename = 'public')
             ORDER BY m.usename = 'public' LIMIT 1) AS opts
     FROM "_shards" s ORDER BY s.remainder`,
  );
  const shards = rows.map((r) => {
    const o = Object.fromEntries((r.opts ?? []).map((kv) => {
      const i = kv.indexOf("=");
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
    const auth = o.user
      ? `${encodeURIComponent(o.user)}${o.password ? `:${encodeURIComponent(o.password)}` : ""}@`
      : "";
    const host = r.host.includes(":") ? `[${r.host}]` : r.host;
    return {
      remainder: r.remainder,
      server: r.server,
      url: `postgres://${auth}${host}:${r.port}/${encodeURIComponent(r.dbname)}/${
        encodeURIComponent(r.schema)
      }`,
    };
  });
  return { modulus: shards.length, shards };
}

/** Session settings that let the planner aggregate and join per partition (on the shards). */
export const PARTITIONWISE_SQL =
  "SET enable_partitionwise_aggregate = on; SET enable_partitionwise_join = on";

/**
 * Sets up a sharded target: the canonical tables on every shard (URL `shards[k]` holds
 * hash remainder k), and on the coordinator `to` the canonical tables with
 * `interactions` partitioned by hash of `account_id` into foreign partitions, one per
 * shard. Idempotent for the same shard list; a coordinator schema already holding a
 * plain `interactions` table, or sharded over other shards, is a {@linkcode UsageError}.
 * Runs outside any load transaction (DDL only; a later load fills the tables).
 *
 * Complexity: O(shards × tables) DDL statements.
 *
 * @example
 * ```ts
 * import { createShardedSchema } from "./shards.ts";
 * await createShardedSchema("postgres://postgres@127.0.0.1:5432/postgres/world", [
 *   "postgres://postgres@127.0.0.1:5433/postgres/world",
 *   "postgres://postgres@127.0.0.1:5434/postgres/world",
 * ]);
 * ```
 */
export async function createShardedSchema(
  to: string,
  shards: readonly string[],
  log: (line: string) => void = () => {},
): Promise<ShardedTarget> {
  if (shards.length < 1) throw new UsageError("--shards needs at least one postgres:// URL");
  const locs = shards.map((s) => parsePgUrl(s));
  const seen = new Set<string>();
  for (const [i, l] of locs.entries()) {
    const key = `${l.connectionString.replace(/\/\/[^@]*@/, "//")}/${l.schema}`;
    if (seen.has(key)) {
      throw new UsageError(`--shards names ${redactUrl(shards[i])} twice`);
    }
    seen.add(key);
  }
  const db = await connectPg(to, { createSchema: true });
  try {
    const existing = await shardedTarget(db);
    if (existing) {
      const same = existing.modulus === shards.length &&
        existing.shards.every((s, k) => sameShard(s.url, shards[k]));
      if (!same) {
        throw new UsageError(
          `schema "${db.location.schema}" is already sharded over ${existing.modulus} other shard(s) (${
            existing.shards.map((s) => redactUrl(s.url)).join(", ")
          }); expected the same --shards list, found ${shards.map(redactUrl).join(", ")}`,
        );
      }
      return existing;
    }
    const [plain] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'interactions'`,
      [db.location.schema],
    );
    if (plain.n > 0) {
      throw new UsageError(
        `schema "${db.location.schema}" already holds an unsharded interactions table; expected a new schema for --shards`,
      );
    }
    for (const [k, url] of shards.entries()) {
      const s = await connectPg(url, { createSchema: true });
      try {
        for (const stmt of createPgSchemaSql()) await s.run(stmt);
      } finally {
        await s.close();
      }
      log(`  shard ${k}: canonical tables in ${redactUrl(url)}`);
    }
    await db.run("CREATE EXTENSION IF NOT EXISTS postgres_fdw");
    const schema = db.location.schema;
    await db.run(`BEGIN`);
    try {
      for (const spec of TABLES) {
        if (spec.name === "interactions") continue;
        await db.run(createPgTableSql(spec));
      }
      const inter = TABLES.find((t) => t.name === "interactions")!;
      // the same columns, no keys: a partitioned table's unique keys must contain the
      // partition key, and foreign partitions hold no indexes (each shard has its own)
      const cols = createPgTableSql({ ...inter, key: undefined }).replace(
        /,\n {2}CONSTRAINT [^\n]*\n\)$/,
        "\n)",
      );
      await db.run(`${cols} PARTITION BY HASH ("account_id")`);
      await db.run(`CREATE TABLE "_shards" (
  "remainder" integer PRIMARY KEY, "server" text NOT NULL, "host" text NOT NULL,
  "port" text NOT NULL, "dbname" text NOT NULL, "schema_name" text NOT NULL)`);
      for (const k of shards.keys()) {
        const u = new URL(locs[k].connectionString.replace(/^postgres(ql)?:/i, "http:"));
        const host = u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
        const port = u.port || "5432";
        const dbname = decodeURIComponent(u.pathname.replace(/^\//, "")) ||
          decodeURIComponent(u.username) || "postgres";
        const server = shardServerName(schema, k);
        await db.run(`DROP SERVER IF EXISTS ${q(server)} CASCADE`);
        await db.run(
          `CREATE SERVER ${q(server)} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ${
            str(host)
          }, port ${str(port)}, dbname ${str(dbname)}, async_capable 'true', fetch_size ${
            str(String(SHARD_FETCH_SIZE))
          }, fdw_tuple_cost ${str(String(SHARD_TUPLE_COST))})`,
        );
        const user = decodeURIComponent(u.username);
        const mapping = [
          ...(user ? [`user ${str(user)}`] : []),
          ...(u.password ? [`password ${str(decodeURIComponent(u.password))}`] : []),
        ];
        await db.run(
          `CREATE USER MAPPING FOR CURRENT_USER SERVER ${q(server)}${
            mapping.length ? ` OPTIONS (${mapping.join(", ")})` : ""
          }`,
        );
        await db.run(
          `CREATE FOREIGN TABLE ${q(`interactions_shard_${k}`)} PARTITION OF "interactions"
           FOR VALUES WITH (MODULUS ${num(shards.length)}, REMAINDER ${num(k)})
           SERVER ${q(server)} OPTIONS (schema_name ${
            str(locs[k].schema)
          }, table_name 'interactions')`,
        );
        await db.run(
          `INSERT INTO "_shards" VALUES ($1, $2, $3, $4, $5, $6)`,
          [k, server, host, port, dbname, locs[k].schema],
        );
      }
      for (const stmt of createPgSchemaSql()) await db.run(stmt);
      await db.run("COMMIT");
    } catch (e) {
      await db.run("ROLLBACK").catch(() => {});
      throw e;
    }
    log(
      `  coordinator: interactions partitioned by hash of account_id over ${shards.length} shard(s)`,
    );
    return (await shardedTarget(db))!;
  } finally {
    await db.close();
  }
}

/** True when two shard URLs name the same server, database and schema (users and passwords aside). */
function sameShard(a: string, b: string): boolean {
  const norm = (url: string) => {
    const l = parsePgUrl(url);
    const u = new URL(l.connectionString.replace(/^postgres(ql)?:/i, "http:"));
    return `${u.hostname}:${u.port || "5432"}/${u.pathname}/${l.schema}`;
  };
  return norm(a) === norm(b);
}

/**
 * The PostgreSQL dialect for a sharded coordinator: {@linkcode POSTGRES} with the IPF
 * written into the scored-interaction SQL (`rv/scored.ts`) as CASE expressions, so the
 * per-account aggregates over interactions ship to the shards whole.
 *
 * Complexity: O(IPF rows) per query built.
 *
 * @example
 * ```ts
 * import { shardedDialect } from "./shards.ts";
 * const d = shardedDialect([{ interaction_type: "call", label: "Call", stage: "growth",
 *   function: "sales", relationship_type: "personal_assistance", rv: 2, variable_cost: 5 }]);
 * d.inlineIpf?.length; // => 1
 * ```
 */
export function shardedDialect(ipf: readonly InlineIpfRow[]): Dialect {
  return { ...POSTGRES, inlineIpf: ipf };
}

/**
 * Reads the coordinator's IPF for {@linkcode shardedDialect}.
 *
 * Complexity: O(IPF rows).
 *
 * @example
 * ```ts
 * import { connectPg } from "./postgres.ts";
 * import { readInlineIpf, shardedDialect } from "./shards.ts";
 * const db = await connectPg("postgres://postgres@127.0.0.1:5432/postgres/world");
 * const dialect = shardedDialect(await readInlineIpf(db));
 * await db.close();
 * ```
 */
export async function readInlineIpf(db: PgClient): Promise<InlineIpfRow[]> {
  return await db.query<InlineIpfRow>(
    `SELECT interaction_type, label, stage, "function", relationship_type, rv, variable_cost
     FROM ipf ORDER BY interaction_type COLLATE "C"`,
  );
}

/** A coordinator and its shard clusters, all throwaway (tests and benchmarks). */
export interface ShardSet {
  coordinator: PgCluster;
  shards: PgCluster[];
  /** stops every server and removes their folders; safe to call twice */
  stop(): Promise<void>;
}

/**
 * Starts `n` shard clusters and a coordinator ({@linkcode startCluster} each), in
 * parallel. A failure stops the ones already started.
 *
 * Complexity: about 2–4 s (the clusters start side by side).
 *
 * @example
 * ```ts
 * import { startShardSet } from "./shards.ts";
 * const set = await startShardSet(2);
 * try { console.log(set.coordinator.url, set.shards.map((s) => s.url)); } finally { await set.stop(); }
 * ```
 */
export async function startShardSet(n: number, options: ClusterOptions = {}): Promise<ShardSet> {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`shard count must be >= 1, found ${n}`);
  }
  const started = await Promise.allSettled(
    Array.from({ length: n + 1 }, () => startCluster(options)),
  );
  const ok = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = started.find((r) => r.status === "rejected") as PromiseRejectedResult | undefined;
  if (failed) {
    await Promise.all(ok.map((c) => c.stop()));
    throw failed.reason;
  }
  const [coordinator, ...shards] = ok;
  return {
    coordinator,
    shards,
    async stop() {
      await Promise.all(ok.map((c) => c.stop()));
    },
  };
}

/**
 * Rows each foreign scan of `sql` shipped from the shards to the coordinator (the actual
 * rows of every Foreign Scan node of `EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON)`), with
 * the remote SQL of each, the time until its last row arrived, the total, and the
 * query's execution time. The query runs once.
 *
 * Why: the proof that only account-level rows travel, and the bench's "rows shipped".
 * Complexity: one execution of the query.
 *
 * @example
 * ```ts
 * import { connectPg } from "./postgres.ts";
 * import { rowsShipped } from "./shards.ts";
 * const db = await connectPg("postgres://postgres@127.0.0.1:5432/postgres/world");
 * const { total, scans } = await rowsShipped(db, "SELECT account_id, count(*) FROM interactions GROUP BY 1");
 * await db.close();
 * ```
 */
export async function rowsShipped(
  db: PgClient,
  sql: string,
  options: { analyze?: boolean } = {},
): Promise<{
  total: number;
  scans: { relations: string; rows: number; remoteSql: string; ms: number }[];
  /** the query's execution time (EXPLAIN ANALYZE), ms; 0 without analyze */
  executionMs: number;
}> {
  const analyze = options.analyze !== false;
  const [r] = await db.query<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (${analyze ? "ANALYZE, " : ""}VERBOSE, FORMAT JSON) ${sql}`,
  );
  const top = (r["QUERY PLAN"] as { Plan: PlanNode; "Execution Time"?: number }[])[0];
  const plan = top.Plan;
  const scans: { relations: string; rows: number; remoteSql: string; ms: number }[] = [];
  const walk = (n: PlanNode) => {
    if (n["Node Type"] === "Foreign Scan") {
      const loops = n["Actual Loops"] ?? 1;
      scans.push({
        relations: n["Relations"] ?? n["Relation Name"] ?? "",
        rows: analyze ? (n["Actual Rows"] ?? 0) * loops : n["Plan Rows"] ?? 0,
        remoteSql: n["Remote SQL"] ?? "",
        ms: n["Actual Total Time"] ?? 0,
      });
    }
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan);
  return {
    total: scans.reduce((s, x) => s + x.rows, 0),
    scans,
    executionMs: top["Execution Time"] ?? 0,
  };
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Relations?: string;
  "Remote SQL"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Actual Total Time"?: number;
  "Plan Rows"?: number;
  Plans?: PlanNode[];
}

/**
 * DataError for a shard that cannot be reached during a load: one line naming the shard,
 * its password hidden.
 *
 * @example
 * ```ts
 * import { shardError } from "./shards.ts";
 * shardError("postgres://u:pw@h:5432/db/s", new Error("refused")).message;
 * // => "shard postgres://u:***@h:5432/db/s: refused"
 * ```
 */
export function shardError(url: string, e: unknown): DataError {
  return new DataError(`shard ${redactUrl(url)}: ${redactUrl((e as Error)?.message ?? String(e))}`);
}
