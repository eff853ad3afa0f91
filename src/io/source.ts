/**
 * Opening a table file (CSV, gzip-compressed CSV, JSON / JSON Lines, Parquet) as
 * a header plus a stream of raw rows with their line numbers.
 *
 * This layer only reads; typing and checking rows is `validate.ts`'s job. A file
 * that cannot be read at all (missing, empty, not UTF-8 text, binary, not the
 * format its name says) throws a {@linkcode DataError} naming the file.
 *
 * @module
 */
import { DataError } from "./errors.ts";
import { parseCsvStream } from "./csv.ts";

/** A raw row: fields as text, aligned to the header, or a parse problem. */
export type RawItem =
  | { line: number; fields: string[]; problem?: undefined }
  | { line: number; fields?: undefined; problem: { field: number; message: string; raw: string } };

/** An opened table file. */
export interface RawSource {
  readonly file: string;
  readonly format: "csv" | "json" | "parquet";
  readonly header: string[];
  readonly rows: AsyncIterable<RawItem>;
}

/** File formats in the order a data directory is searched. */
export const TABLE_FILE_SUFFIXES = [".csv", ".csv.gz", ".parquet", ".json"] as const;

/**
 * Reads a file as byte chunks, gunzipping `.gz` (every member of a multi-member
 * file, as `gzip -d` does). A gzip file that ends early or is corrupt throws a
 * DataError naming the file.
 *
 * Why: one definition of "the bytes of a table file" for the text reader and the
 * engine's line scan; the web DecompressionStream stops at the first gzip member
 * and Node's zlib reads them all.
 * Complexity: O(file size) time, O(chunk size) memory.
 *
 * @example
 * ```ts
 * import { readByteChunks } from "./source.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "a,b\n");
 * let n = 0;
 * for await (const chunk of readByteChunks(path)) n += chunk.length;
 * n; // => 4
 * ```
 */
export async function* readByteChunks(path: string): AsyncGenerator<Uint8Array> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    throw new DataError(`${path}: cannot open the file (${(e as Error).message})`, path);
  }
  if (!path.endsWith(".gz")) {
    yield* file.readable;
    return;
  }
  const { createGunzip } = await import("node:zlib");
  const { Readable } = await import("node:stream");
  const source = Readable.fromWeb(file.readable as Parameters<typeof Readable.fromWeb>[0]);
  const gunzip = source.pipe(createGunzip());
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (e) {
    const why = (e as Error).message;
    throw new DataError(
      /unexpected end/i.test(why)
        ? `${path}: the gzip data ends early (the file is truncated), expected a complete gzip file`
        : `${path}: cannot gunzip the file (${why}), expected gzip-compressed data`,
      path,
    );
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/**
 * Reads a file as UTF-8 text chunks, gunzipping `.gz`; rejects binary data.
 *
 * Why: every loader streams its input, so a file is never held whole in memory, and
 * a NUL byte or invalid UTF-8 stops the read with a message naming the file and
 * the line of the first bad byte.
 *
 * Complexity: O(file size) time, O(chunk size) memory.
 *
 * @example
 * ```ts
 * import { readTextChunks } from "./source.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "a,b\n1,2\n");
 * let text = "";
 * for await (const chunk of readTextChunks(path)) text += chunk;
 * text; // => "a,b\n1,2\n"
 * ```
 */
export async function* readTextChunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let prev: Uint8Array = new Uint8Array(0);
  const what = path.endsWith(".gz") ? "gzip-compressed UTF-8 text" : "UTF-8 text";
  for await (const bytes of readByteChunks(path)) {
    let chunk: string;
    try {
      chunk = decoder.decode(bytes, { stream: true });
    } catch {
      const at = invalidUtf8At(prev, bytes);
      const nul = bytes.indexOf(0);
      if (nul !== -1 && nul < at) {
        let n = 0;
        for (let i = 0; i < nul; i++) if (bytes[i] === 10) n++;
        throw new DataError(
          `${path}: line ${line + n}: found binary data (a NUL byte), expected UTF-8 text`,
          path,
          line + n,
        );
      }
      let lf = 0;
      for (let i = 0; i < at; i++) if (bytes[i] === 10) lf++;
      const hex = bytes[Math.max(at, 0)]?.toString(16).toUpperCase().padStart(2, "0");
      throw new DataError(
        `${path}: line ${line + lf}: found a byte that is not UTF-8 (0x${hex}), expected ${what}`,
        path,
        line + lf,
      );
    }
    const nul = chunk.indexOf("\u0000");
    if (nul !== -1) {
      line += countLines(chunk, nul);
      throw new DataError(
        `${path}: line ${line}: found binary data (a NUL byte), expected UTF-8 text`,
        path,
        line,
      );
    }
    line += countLines(chunk, chunk.length);
    prev = bytes;
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw new DataError(
      `${path}: line ${line}: the file ends inside a UTF-8 character, expected ${what}`,
      path,
      line,
    );
  }
}

/**
 * Index in `bytes` of the first byte that breaks UTF-8 (RFC 3629 §4), given the
 * chunk before it (whose last bytes may begin a character). 0 when the break is
 * in a character begun in `prev`.
 */
function invalidUtf8At(prev: Uint8Array, bytes: Uint8Array): number {
  // start at a character boundary among the last 3 bytes of prev
  let start = Math.max(0, prev.length - 3);
  while (start < prev.length && (prev[start] & 0xc0) === 0x80) start++;
  const tail = prev.subarray(start);
  const b = new Uint8Array(tail.length + bytes.length);
  b.set(tail);
  b.set(bytes, tail.length);
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf
      ? 2
      : c >= 0xe0 && c <= 0xef
      ? 3
      : c >= 0xf0 && c <= 0xf4
      ? 4
      : 0;
    if (n === 0) return Math.max(0, i - tail.length);
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < n; k++) {
      const x = b[i + k];
      if (x === undefined) return Math.max(0, i - tail.length); // ends inside a character
      if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) {
        return Math.max(0, i - tail.length);
      }
    }
    i += n;
  }
  return bytes.length;
}

function countLines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1 && i < end; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Opens a CSV file (optionally `.gz`): the first record is the header.
 * Throws a DataError when the file is empty or its header cannot be parsed.
 *
 * Why: rows are streamed, so a large file is never held in memory as records.
 * Complexity: O(1) to open; O(file size) to iterate the rows.
 *
 * @example
 * ```ts
 * import { openCsv } from "./source.ts";
 * const source = await openCsv("data/ipf/b2b-default.csv");
 * source.header.slice(0, 3); // => ["interaction_type", "label", "rv"]
 * ```
 */
export async function openCsv(path: string): Promise<RawSource> {
  const items = parseCsvStream(readTextChunks(path));
  const first = await items.next();
  if (first.done) {
    throw new DataError(`${path}: the file is empty, expected a header row of column names`, path);
  }
  const head = first.value;
  if (head.problem) {
    throw new DataError(
      `${path}: line ${head.problem.line}: cannot read the header row: ${head.problem.message}`,
      path,
      head.problem.line,
    );
  }
  const header = head.record.fields;
  async function* rows(): AsyncGenerator<RawItem> {
    for await (const item of { [Symbol.asyncIterator]: () => items }) {
      if (item.problem) {
        const { line, field, message, raw } = item.problem;
        yield { line, problem: { field, message, raw } };
      } else yield { line: item.record.line, fields: item.record.fields };
    }
  }
  return { file: path, format: "csv", header, rows: rows() };
}

/**
 * Opens a JSON file: an array of objects, or JSON Lines (one object per line).
 * Line numbers are the physical line for JSON Lines and the element's position
 * (1-based) for an array. Scalars become text; a nested value is a problem.
 *
 * Why: exports from web tools often come as JSON; they are typed like CSV text.
 * Complexity: O(file size).
 *
 * @example
 * ```ts
 * import { openJson } from "./source.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n');
 * const source = await openJson(path);
 * source.header; // => ["a", "b"]
 * for await (const row of source.rows) console.log(row); // { line: 1, fields: ["1", "x"] }, …
 * ```
 */
export async function openJson(path: string): Promise<RawSource> {
  let text = "";
  for await (const chunk of readTextChunks(path)) text += chunk;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") {
    throw new DataError(`${path}: the file is empty, expected JSON objects`, path);
  }
  let objects: { line: number; value: unknown; error?: string }[];
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = parseJsonExact(text);
    } catch (e) {
      throw new DataError(`${path}: not valid JSON (${(e as Error).message})`, path);
    }
    if (!Array.isArray(parsed)) {
      throw new DataError(`${path}: expected a JSON array of objects`, path);
    }
    objects = parsed.map((value, i) => ({ line: i + 1, value }));
  } else {
    objects = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      try {
        objects.push({ line: i + 1, value: parseJsonExact(lines[i]) });
      } catch (e) {
        objects.push({
          line: i + 1,
          value: lines[i],
          error: `not valid JSON (${(e as Error).message})`,
        });
      }
    }
  }
  const header: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    if (o.error || !isPlainObject(o.value)) continue;
    for (const k of Object.keys(o.value)) if (!seen.has(k)) seen.add(k), header.push(k);
  }
  async function* rows(): AsyncGenerator<RawItem> {
    for (const o of objects) {
      const raw = typeof o.value === "string" ? o.value : JSON.stringify(o.value);
      if (o.error) {
        yield { line: o.line, problem: { field: 1, message: o.error, raw } };
        continue;
      }
      if (!isPlainObject(o.value)) {
        yield { line: o.line, problem: { field: 1, message: "expected a JSON object", raw } };
        continue;
      }
      const rec = o.value as Record<string, unknown>;
      const fields: string[] = [];
      let nested = -1;
      header.forEach((k, i) => {
        const v = rec[k];
        if (v === null || v === undefined) fields.push("");
        else if (typeof v === "object") nested = nested === -1 ? i : nested;
        else fields.push(String(v));
      });
      if (nested !== -1) {
        yield {
          line: o.line,
          problem: {
            field: nested + 1,
            message: nestedExpected(header[nested]),
            raw,
          },
        };
      } else yield { line: o.line, fields };
    }
  }
  return { file: path, format: "json", header, rows: rows() };
}

/**
 * JSON.parse keeping every number as the text it was written in, so the id
 * `12345678901234567891` stays itself (a double would make it …567000, and two such
 * ids one duplicate). Uses the reviver's source text (ECMAScript JSON.parse source
 * text access, in V8 since 11.4).
 */
function parseJsonExact(text: string): unknown {
  const reviver = (_k: string, v: unknown, ctx?: { source?: string }) =>
    typeof v === "number" && ctx?.source !== undefined ? ctx.source : v;
  return JSON.parse(text, reviver as (k: string, v: unknown) => unknown);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * True for a Parquet column type that holds nested values (struct, map, union, list, array).
 *
 * Complexity: O(length of the type name).
 *
 * @example
 * ```ts
 * import { isNestedType } from "./source.ts";
 * isNestedType("STRUCT(a INTEGER)"); // => true
 * isNestedType("TIMESTAMP WITH TIME ZONE"); // => false
 * ```
 */
export function isNestedType(type: string): boolean {
  return /^(STRUCT|MAP|UNION)\(|\[\d*\]$/.test(type);
}

/**
 * What a row with a nested value (JSON object or array, Parquet struct or list) is told.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { nestedExpected } from "./source.ts";
 * nestedExpected("tags"); // => 'a nested value in "tags", expected a scalar'
 * ```
 */
export function nestedExpected(column: string): string {
  return `a nested value in "${column}", expected a scalar`;
}

/**
 * SQL giving a Parquet column's cell (the SQL expression `cell`, e.g. `#1` for the
 * first column) as the text the data model reads: the cell cast to text, with a zone
 * offset written `+HH:MM` (DuckDB writes a TIMESTAMPTZ as `2017-03-01 08:00:00+00`,
 * which is not ISO 8601). The one definition of a Parquet cell's text, used by
 * {@linkcode openParquet} and the engine's reader.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { parquetText } from "./source.ts";
 * parquetText("#1", "VARCHAR"); // => "CAST(#1 AS VARCHAR)"
 * ```
 */
export function parquetText(cell: string, type: string): string {
  const text = `CAST(${cell} AS VARCHAR)`;
  return type.startsWith("TIMESTAMP WITH TIME ZONE")
    ? `regexp_replace(${text}, '([+-]\\d\\d)$', '\\1:00')`
    : text;
}

/**
 * Opens a Parquet file through DuckDB; line numbers are 1-based row numbers.
 * Every column is read as text and then typed like any other source.
 *
 * Why: one validation path for every format, whatever types the file claims.
 * Complexity: O(rows × columns); the file is read whole.
 *
 * @example
 * ```ts
 * import { openParquet } from "./source.ts";
 * // any Parquet file, e.g. one written by DuckDB's COPY … TO 'interactions.parquet'
 * const source = await openParquet("out/world/interactions.parquet");
 * console.log(source.format); // "parquet"
 * ```
 */
export async function openParquet(path: string): Promise<RawSource> {
  // DuckDB reads the file; io sits below the engine layer, so it opens its own short-lived
  // in-memory instance here rather than the workspace engine.
  const { DuckDBInstance } = await import("npm:@duckdb/node-api@1.5.5-r.5");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  let header: string[];
  let types: string[] = [];
  let data: (string | null)[][];
  try {
    const cols = await conn.runAndReadAll(
      "select column_name, column_type from (describe select * from read_parquet($1))",
      [path],
    );
    header = cols.getRows().map((r) => String(r[0]));
    types = cols.getRows().map((r) => String(r[1]));
    const reader = await conn.runAndReadAll(
      `select ${
        header.map((_, i) => parquetText(`#${i + 1}`, types[i])).join(", ")
      } from read_parquet($1)`,
      [path],
    );
    data = reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
  } catch (e) {
    throw new DataError(
      `${path}: cannot read as Parquet (${(e as Error).message.split("\n")[0]})`,
      path,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const nested = types.flatMap((t, i) => isNestedType(t) ? [i] : []);
  async function* rows(): AsyncGenerator<RawItem> {
    for (let i = 0; i < data.length; i++) {
      const at = nested.find((j) => data[i][j] !== null);
      if (at !== undefined) {
        yield {
          line: i + 1,
          problem: { field: at + 1, message: nestedExpected(header[at]), raw: data[i][at]! },
        };
      } else yield { line: i + 1, fields: data[i].map((v) => v ?? "") };
    }
  }
  return { file: path, format: "parquet", header, rows: rows() };
}

/**
 * Opens a table file by its name's ending (.csv/.txt, optionally .gz; .json/.jsonl/
 * .ndjson; .parquet).
 *
 * Why: callers name a file; the format follows from it.
 * Complexity: that of the reader chosen.
 *
 * @example
 * ```ts
 * import { openTableFile } from "./source.ts";
 * const source = await openTableFile("data/ipf/b2b-default.csv");
 * source.format; // => "csv"
 * ```
 */
export function openTableFile(path: string): Promise<RawSource> {
  if (
    path.endsWith(".csv") || path.endsWith(".csv.gz") || path.endsWith(".txt") ||
    path.endsWith(".txt.gz")
  ) {
    return openCsv(path);
  }
  if (path.endsWith(".json") || path.endsWith(".jsonl") || path.endsWith(".ndjson")) {
    return openJson(path);
  }
  if (path.endsWith(".parquet")) return openParquet(path);
  throw new DataError(
    `${path}: unknown file format, expected one of .csv, .csv.gz, .parquet, .json`,
    path,
  );
}
