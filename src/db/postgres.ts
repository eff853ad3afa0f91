/**
 * A small PostgreSQL client for rvlab on top of the pure-JavaScript `pg` driver:
 * `postgres://` URLs with a schema, parameterised queries only, numbers and dates
 * returned as DuckDB's engine returns them (BIGINT and NUMERIC as numbers, DATE and
 * TIMESTAMP as text), `COPY … FROM STDIN` from files (`pg-copy-streams`) and CSV
 * export through a cursor.
 *
 * @module
 */
import pg from "npm:pg@8.23.1";
import { from as copyFromStream } from "npm:pg-copy-streams@7.0.0";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { POSTGRES, roundDoubleSql } from "../sql/dialect.ts";
import { TextSink } from "../util/text_sink.ts";
import { type CsvValue, formatCsvRow } from "../io/csv_format.ts";
import { DataError, UsageError } from "../io/errors.ts";
import { isPostgresUrl, redactUrl } from "../util/redact.ts";

/** A database location: where to connect and which schema holds rvlab's tables. */
export interface PgLocation {
  /** connection string without the schema part */
  connectionString: string;
  /** schema name (default "public") */
  schema: string;
}

/** `postgres://` or `postgresql://`: defined once in `src/util/redact.ts`. */
export { isPostgresUrl } from "../util/redact.ts";

/**
 * Splits `postgres://user@host:port/db/schema` or `postgres://…/db?schema=name` into a
 * connection string and a schema (default `public`). A URL that does not parse is a
 * {@linkcode UsageError} (the command line is wrong) whose message shows the URL with
 * its password replaced by `***` ({@linkcode redactUrl}).
 *
 * Complexity: O(length of the URL).
 *
 * @example
 * ```ts
 * import { parsePgUrl } from "./postgres.ts";
 * parsePgUrl("postgres://u@127.0.0.1:5432/crm/rvlab");
 * // { connectionString: "postgres://u@127.0.0.1:5432/crm", schema: "rvlab" }
 * ```
 */
export function parsePgUrl(url: string): PgLocation {
  const shown = redactUrl(url);
  if (!isPostgresUrl(url)) throw new UsageError(`not a postgres:// URL: ${shown}`);
  let u: URL;
  try {
    u = new URL(url.replace(/^postgres(ql)?:/i, "http:"));
  } catch {
    // the URL parser's own message echoes the whole URL, password included
    throw new UsageError(
      `not a valid URL (check the host, the port, and that the password's special characters are percent-encoded): ${shown}`,
    );
  }
  const parts = u.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length > 2) {
    throw new UsageError(`expected postgres://host/database[/schema], found ${shown}`);
  }
  let schema = parts[1] ?? "public";
  const q = u.searchParams.get("schema");
  if (q !== null) {
    if (parts[1] !== undefined && parts[1] !== q) {
      throw new UsageError(`two different schemas in ${shown}`);
    }
    schema = q;
    u.searchParams.delete("schema");
  }
  if (!schema) throw new UsageError(`empty schema name in ${shown}`);
  u.pathname = parts[0] ? `/${encodeURIComponent(parts[0])}` : "";
  const scheme = /^postgresql:/i.test(url) ? "postgresql:" : "postgres:";
  return { connectionString: u.toString().replace(/^http:/, scheme), schema };
}

/** An open connection, with `search_path` set to the location's schema. */
export interface PgClient {
  readonly location: PgLocation;
  /** Runs a parameterised query ($1, $2, …) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement for its side effect. */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** `COPY … FROM STDIN` fed from a file. */
  copyIn(sql: string, file: string): Promise<void>;
  /**
   * The rows of a query written to a CSV file (header, RFC 4180, empty cell = NULL,
   * floats in shortest exact form), fetched through a cursor in batches. (Not
   * `COPY … TO STDOUT`: through pg-copy-streams under Deno a second COPY TO on one
   * connection never ends.) Returns the number of rows.
   */
  exportCsv(sql: string, file: string, batch?: number): Promise<number>;
  close(): Promise<void>;
}

// OIDs of the types whose text form we keep or convert (pg_type.dat)
const INT8 = 20, NUMERIC = 1700, DATE = 1082, TIMESTAMP = 1114, TIMESTAMPTZ = 1184;

/** Type parsers: 64-bit integers and numerics as numbers, dates and timestamps as text. */
function typeParsers() {
  const toNumber = (v: string) => Number(v);
  const asText = (v: string) => v;
  return {
    // deno-lint-ignore no-explicit-any
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return asText;
      return pg.types.getTypeParser(oid, format);
    },
  };
}

/**
 * True when `e` says the connection itself is gone (the server stopped, crashed or was
 * killed, the network dropped), not that one statement failed.
 *
 * Complexity: O(1).
 */
function connectionLost(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? "";
  // admin_shutdown, crash_shutdown, cannot_connect_now (SQLSTATE class 57P), and the
  // socket's own errors
  if (/^57P0[123]$|^08|^ECONNRESET$|^EPIPE$|^ECONNREFUSED$/.test(code)) return true;
  return /Connection terminated|not queryable|unexpected postmaster exit|server closed the connection/i
    .test((e as Error)?.message ?? "");
}

/** The message of a driver error, never empty (an AggregateError has none), passwords hidden. */
function messageOf(e: unknown): string {
  const err = e as Error & { code?: string; errors?: Error[] };
  const msg = err?.message || err?.errors?.map((x) => x.message).join("; ") || err?.code ||
    String(e);
  return redactUrl(msg);
}

/**
 * Connects to the location (a URL or a parsed {@linkcode PgLocation}) and sets the
 * session up: `search_path` to the schema (quoted), UTC, ISO dates, shortest exact
 * float output, and a `pg_temp.rv_round9()` function that rounds exactly as DuckDB's
 * `round(x, 9)` does.
 *
 * Failures are one line that names the server with its password hidden
 * ({@linkcode redactUrl}): a connection refused or rejected is a {@linkcode DataError}
 * `cannot connect to PostgreSQL at postgres://rv:***@host:port/db: …`; a connection lost
 * later (the server stopped or was killed mid-query) is a DataError `lost the connection
 * to PostgreSQL at …`; the driver's `error` event (a connection dying between queries)
 * is handled, so it never becomes an uncaught exception. Errors of a statement keep
 * their type and SQLSTATE `code`, with any URL in the message redacted.
 *
 * @example
 * ```ts
 * import { connectPg } from "./postgres.ts";
 * const db = await connectPg("postgres://postgres@127.0.0.1:5432/postgres/rvlab");
 * const [r] = await db.query<{ n: number }>("select count(*) as n from interactions");
 * await db.close();
 * ```
 */
export async function connectPg(
  where: string | PgLocation,
  options: { createSchema?: boolean } = {},
): Promise<PgClient> {
  const location = typeof where === "string" ? parsePgUrl(where) : where;
  const server = redactUrl(location.connectionString);
  const client = new pg.Client({
    connectionString: location.connectionString,
    types: typeParsers(),
  });
  // without a listener an error between queries (the server killed) is thrown from the
  // socket's handler as an uncaught exception with pg-protocol's stack
  let lost: unknown;
  client.on("error", (e: unknown) => {
    lost ??= e;
  });
  /** the error to throw for `e`: a lost connection as one DataError, else `e` redacted */
  const failure = (e: unknown): Error => {
    if (lost !== undefined || connectionLost(e)) {
      return new DataError(
        `lost the connection to PostgreSQL at ${server}: ${messageOf(lost ?? e)}`,
      );
    }
    if (e instanceof Error) {
      e.message = redactUrl(e.message);
      return e;
    }
    return new Error(messageOf(e));
  };
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new DataError(`cannot connect to PostgreSQL at ${server}: ${messageOf(e)}`);
  }
  const q = POSTGRES.ident;
  try {
    if (options.createSchema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(location.schema)}`);
    }
    await client.query(
      `SET search_path TO ${
        q(location.schema)
      }; SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET extra_float_digits TO 1`,
    );
    await client.query(ROUND9_SQL);
  } catch (e) {
    await client.end().catch(() => {});
    throw failure(e);
  }
  const query = async (
    sql: string | { text: string; rowMode: "array" },
    params?: unknown[],
    // deno-lint-ignore no-explicit-any
  ): Promise<any> => {
    try {
      return await client.query(sql, params);
    } catch (e) {
      throw failure(e);
    }
  };
  return {
    location,
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const r = await query(sql, params);
      return r.rows as T[];
    },
    async run(sql: string, params?: unknown[]): Promise<void> {
      await query(sql, params);
    },
    async copyIn(sql: string, file: string): Promise<void> {
      try {
        const stream = client.query(copyFromStream(sql));
        await pipeline(createReadStream(file), stream);
      } catch (e) {
        throw failure(e);
      }
    },
    async exportCsv(sql: string, file: string, batch = 50_000): Promise<number> {
      const out = new TextSink(file);
      let n = 0;
      await query("BEGIN READ ONLY");
      try {
        await query(`DECLARE _rvlab_export NO SCROLL CURSOR FOR ${sql}`);
        let header = true;
        while (true) {
          const r = await query({
            text: `FETCH FORWARD ${Math.max(1, Math.floor(batch))} FROM _rvlab_export`,
            rowMode: "array",
          });
          if (header) {
            out.write(formatCsvRow(r.fields.map((f: { name: string }) => f.name)));
            header = false;
          }
          for (const row of r.rows as CsvValue[][]) out.write(formatCsvRow(row));
          n += r.rows.length;
          if (r.rows.length === 0) break;
        }
        await query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        out.close();
      }
      return n;
    },
    async close() {
      // a connection already lost ends at once (end() destroys the dead socket)
      await client.end().catch(() => {});
    },
  };
}

/**
 * `pg_temp.rv_round9()` / `rv_round6()`. DuckDB's `round(DOUBLE, 9)` is `std::round(x * 1e9) / 1e9` (halves away from zero) in
 * double precision. PostgreSQL's `round(numeric, 9)` goes through a 15-digit decimal and
 * its `round(double)` rounds halves to even, so neither matches; this function does
 * the same steps in double precision (x − trunc(x) is exact), so both engines give
 * bit-identical results. Its body is {@linkcode roundDoubleSql}, the expression the
 * POSTGRES dialect writes into its queries itself (so a Citus worker or a postgres_fdw
 * shard needs no function); the session functions remain for SQL written by hand.
 *
 * Why: RV figures must agree to the bit between the DuckDB and PostgreSQL paths.
 * Complexity: O(1) to build; the function is O(1) per value.
 *
 * @example
 * ```ts
 * import { roundFunctionSql } from "./postgres.ts";
 * roundFunctionSql(9).split("\n")[0];
 * // => "CREATE OR REPLACE FUNCTION pg_temp.rv_round9(v double precision)"
 * ```
 */
export function roundFunctionSql(digits: 6 | 9): string {
  return `CREATE OR REPLACE FUNCTION pg_temp.rv_round${digits}(v double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ${roundDoubleSql("v", digits)}
$$`;
}

/** The rounding functions every session gets. */
export const ROUND9_SQL = `${roundFunctionSql(9)}; ${roundFunctionSql(6)}`;
