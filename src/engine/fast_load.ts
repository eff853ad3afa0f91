/**
 * The engine's path of loading a table: DuckDB's parallel CSV (or Parquet) reader
 * reads the file as text, every rule of the data model is checked in SQL with the
 * patterns and texts of `src/io/values.ts` and `src/io/validate.ts`, bad rows are
 * quarantined with their lines, and the rest is converted and kept. Only a file
 * DuckDB cannot read as it is (a structural CSV error), the IPF and JSON files are
 * read by rvlab's TypeScript readers, which quarantine only what breaks the format
 * and hand the rest to the same SQL ({@linkcode rawRowsIntoTable}). These are the
 * only implementation of the data model's rules (`tests/engine/`).
 *
 * @module
 */
import { CSV_READ_OPTIONS, csvReadOptions, type Engine, sqlType } from "./duckdb.ts";
import { ident, str } from "../sql/literal.ts";
import { DataError } from "../io/errors.ts";
import { inferGrain, type TableCounts } from "../io/load.ts";
import {
  type HeaderMap,
  mapHeader,
  type Problem,
  type QuarantineEntry,
  quarantineEntry,
  RULE_EXPECTED,
} from "../io/validate.ts";
import { DATE_RE, EXPECTED, NUMBER_RE, WHITESPACE } from "../io/values.ts";
import { BARE_QUOTE, parseCsv } from "../io/csv.ts";
import { csvRecordPlaces, type RecordPlace } from "../io/csv_lines.ts";
import { formatCsvCell } from "../io/csv_format.ts";
import type { RawSource } from "../io/source.ts";
import { TextSink } from "../util/text_sink.ts";
import { join } from "node:path";
import {
  isNestedType,
  nestedExpected,
  parquetText,
  readByteChunks,
  readTextChunks,
} from "../io/source.ts";
import type { ColumnSpec, PeriodGrain, TableSpec } from "../io/schema.ts";

/** A JavaScript regex source as a DuckDB (RE2) full-match pattern. */
const re = (r: RegExp) => str(r.source.replace(/^\^/, "").replace(/\$$/, ""));

const MONTH = "\\d{4}-(0[1-9]|1[0-2])";

/** An RE2 class of the characters of {@linkcode WHITESPACE}. */
const WHITESPACE_CLASS = `[${
  [...WHITESPACE].map((ch) => `\\x{${ch.codePointAt(0)!.toString(16)}}`).join("")
}]`;

/**
 * An RE2 pattern matching a cell that needs a closer look: one that starts or ends
 * with {@linkcode WHITESPACE} (to be trimmed) or holds a quote (perhaps inside an
 * unquoted field). DuckDB's `trim(cell, characters)` costs about as much as reading
 * the file (13 CPU-s against 3 for 12 columns of 1.4M rows) and `contains` on every
 * cell another 0.4, so each cell gets this one test and only the few it matches the rest.
 */
const SPECIAL_CELL = str(`^${WHITESPACE_CLASS}|${WHITESPACE_CLASS}$|"`);

/** SQL: cell `c` without leading or trailing {@linkcode WHITESPACE} (`s`: its SPECIAL_CELL test), NULL when empty. */
function trimmedCell(c: string, s: string): string {
  return `nullif(CASE WHEN ${s} THEN trim(${c}, ${str(WHITESPACE)}) ELSE ${c} END, '')`;
}
const QUARTER = "\\d{4}-?[Qq][1-4]";

/** Reads the header of a CSV file (the first record), or the columns and their types of a Parquet file. */
async function readHeader(
  engine: Engine,
  file: string,
): Promise<{ names: string[]; types?: string[] } | undefined> {
  if (file.endsWith(".parquet")) {
    const cols = await engine.query<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${str(file)}))`,
    );
    return { names: cols.map((c) => c.column_name), types: cols.map((c) => c.column_type) };
  }
  let text = "";
  for await (const chunk of readTextChunks(file)) {
    text += chunk;
    if (text.includes("\n") || text.length > 1 << 20) break;
  }
  const first = parseCsv(text.split(/\r?\n/)[0] ?? "")[0]?.record?.fields;
  return first ? { names: first } : undefined;
}

/**
 * A column as the bulk path's inner query gives it: `t` the trimmed text (NULL when
 * empty), `raw` the cell as read, `d` the parsed value of a date (TIMESTAMPTZ) or
 * number (DOUBLE) column, or a period's notation. Each is computed once per row, however often the checks and
 * the conversion use it.
 */
interface Cell {
  t: string;
  raw: string;
  d: string;
}

/**
 * SQL giving what a present (non-empty) cell's column expected when the cell breaks
 * its type, and NULL when it is fine: the text each parser of `src/io/values.ts`
 * returns, so the quarantine reads the same whichever path found the problem.
 */
function cellExpected(c: ColumnSpec, { t, d }: Cell): string {
  const when = (cases: [string, string][]) =>
    `CASE ${cases.map(([cond, text]) => `WHEN ${cond} THEN ${text}`).join(" ")} END`;
  const num = d;
  switch (c.type) {
    case "number":
      return when([
        [`NOT regexp_full_match(${t}, ${re(NUMBER_RE)})`, str(EXPECTED.number)],
        [`${num} IS NULL OR NOT isfinite(${num})`, str(EXPECTED.finite)],
        [`abs(${num}) > ${Number.MAX_SAFE_INTEGER}`, str(RULE_EXPECTED.magnitude)],
        ...(c.min !== undefined
          ? [[`${num} < ${c.min}`, str(RULE_EXPECTED.atLeast(c.min))] as [string, string]]
          : []),
        ...(c.max !== undefined
          ? [[`${num} > ${c.max}`, str(RULE_EXPECTED.atMost(c.max))] as [string, string]]
          : []),
      ]);
    case "bool":
      return when([[
        `lower(${t}) NOT IN ('true', 'false', '1', '0', 'yes', 'no')`,
        str(EXPECTED.bool),
      ]]);
    case "date": {
      const [before, after] = EXPECTED.realDate.split("{day}");
      return when([
        [`NOT regexp_full_match(${t}, ${re(DATE_RE)})`, str(EXPECTED.date)],
        [`${d} IS NULL`, `${str(before)} || left(${t}, 10) || ${str(after)}`],
      ]);
    }
    case "enum":
      return when([[
        `lower(${t}) NOT IN (${c.values!.map(str).join(", ")})`,
        str(RULE_EXPECTED.oneOf(c.values!)),
      ]]);
    case "period":
      return when([
        [`${d} IS NOT NULL`, "NULL"],
        [`regexp_full_match(${t}, '\\d{4}-\\d{2}')`, str(EXPECTED.month)],
        ["TRUE", str(EXPECTED.period)],
      ]);
    default:
      return "NULL";
  }
}

/** SQL: the problem of one column of a row as a struct, or NULL when the cell is fine. */
function cellProblem(c: ColumnSpec, index: number): string | undefined {
  const cell = cellOf(index);
  const problem = (value: string, expected: string, reason: string) =>
    `{'column': ${str(c.name)}, 'value': ${value}, 'expected': ${expected}, 'reason': ${
      str(reason)
    }}`;
  const missing = c.required ? problem("''", str(RULE_EXPECTED.required), "missing_value") : "NULL";
  if (index === -1) return c.required ? missing : undefined;
  const expected = cellExpected(c, cell);
  if (expected === "NULL") {
    return c.required ? `CASE WHEN ${cell.t} IS NULL THEN ${missing} END` : undefined;
  }
  return `CASE WHEN ${cell.t} IS NULL THEN ${missing} WHEN ${expected} IS NOT NULL THEN ${
    problem(cell.raw, expected, "bad_value")
  } END`;
}

/** SQL turning a checked cell into the canonical value (NULL when empty). */
function convert(c: ColumnSpec, { t, raw, d }: Cell): string {
  const value = (() => {
    switch (c.type) {
      case "id":
        return t;
      case "text":
        return raw;
      case "number":
        return d;
      case "bool":
        return `lower(${t}) IN ('true', '1', 'yes')`;
      case "date":
        return `TRY_CAST(${d} AS TIMESTAMP)`;
      case "enum":
        return `lower(${t})`;
      case "period":
        return `CASE ${d} WHEN 'month' THEN TRY_CAST(${t} || '-01' AS DATE)
          WHEN 'quarter' THEN make_date(CAST(left(${t}, 4) AS INTEGER), (CAST(right(${t}, 1) AS INTEGER) - 1) * 3 + 1, 1)
          ELSE TRY_CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AS DATE) END`;
    }
  })();
  return c.type === "id" ? t : `CASE WHEN ${t} IS NULL THEN NULL ELSE ${value} END`;
}

/**
 * SQL: the notation of a period cell (`month`, `quarter`, `day`), NULL when it is
 * none of them: what the checks, the conversion and the one-notation rule read.
 */
function periodNotation(t: string): string {
  return `CASE WHEN regexp_full_match(${t}, ${
    str(MONTH)
  }) THEN 'month' WHEN regexp_full_match(${t}, ${
    str(QUARTER)
  }) THEN 'quarter' WHEN regexp_full_match(${t}, ${
    re(DATE_RE)
  }) AND TRY_CAST(${t} AS TIMESTAMPTZ) IS NOT NULL THEN 'day' END`;
}

const NULL_CELL: Cell = { t: "NULL", raw: "NULL", d: "NULL" };
const cellOf = (index: number): Cell =>
  index === -1 ? NULL_CELL : { t: `t${index}`, raw: `c${index}`, d: `d${index}` };

/** A quarantined row as the SQL rules find it: its record number and its problems. */
interface SqlProblemRow {
  r: number;
  problems: Problem[];
}

/** What {@linkcode fastLoadTable} gives: counts, quarantine, and which path read the file. */
export interface FastTableLoad {
  counts: TableCounts;
  quarantine: QuarantineEntry[];
}

/**
 * Loads one table through DuckDB: the file is read by DuckDB's parallel CSV (or
 * Parquet) reader as text, every rule of the data model is checked in SQL with the
 * patterns and texts of `src/io/values.ts` and `src/io/validate.ts`, bad rows are
 * quarantined with the line, column, value, expected and reason `check` gives, and
 * the rest is converted and kept. A bad row never makes the file be validated again:
 * the lines of quarantined rows come from one byte scan ({@linkcode csvRecordPlaces}).
 *
 * Returns undefined only when DuckDB cannot read the file as it is (a structural
 * CSV error: a ragged row, an unterminated quote, text after a closing quote); the
 * caller then reads it row by row. Throws the loader's DataError when the header
 * lacks a required column.
 *
 * Why: files of millions of rows load, and are checked, without a JavaScript object
 * per row.
 * Complexity: a few parallel scans in DuckDB; JavaScript memory O(quarantined rows).
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { fastLoadTable } from "./fast_load.ts";
 * import { tableSpec } from "../io/schema.ts";
 * const engine = await openEngine();
 * // `deno task rvlab generate --out out/world`
 * const r = await fastLoadTable(engine, tableSpec("ipf"), "out/world/ipf.csv");
 * r?.counts.quarantined; // => 0 (undefined would mean: read it with rvlab's reader)
 * engine.close();
 * ```
 */
export async function fastLoadTable(
  engine: Engine,
  spec: TableSpec,
  file: string,
): Promise<FastTableLoad | undefined> {
  if (file.endsWith(".gz")) {
    // DuckDB reads a gzip file that ends early as if complete: check it is whole first
    for await (const _ of readByteChunks(file)) { /* a truncated file throws */ }
  }
  const head = await readHeader(engine, file).catch(() => undefined);
  if (!head) return undefined;
  const header = head.names;
  const map = mapHeader(spec, header, file); // throws DataError like rvlab's reader
  const parquet = file.endsWith(".parquet");
  const names = header.map((_, i) => `c${i}`);
  // a nested Parquet value makes its row malformed (as in JSON): n{i} holds it, c{i} is NULL
  const nested = (head.types ?? []).flatMap((t, i) => isNestedType(t) ? [i] : []);
  const reader = parquet
    ? `(SELECT ${
      header.map((h, i) =>
        nested.includes(i)
          ? `NULL::VARCHAR AS c${i}, ${parquetText(ident(h), head.types![i])} AS n${i}`
          : `${parquetText(ident(h), head.types![i])} AS c${i}`
      ).join(", ")
    } FROM read_parquet(${str(file)}))`
    : `read_csv(${str(file)}, ${CSV_READ_OPTIONS}, strict_mode = true, ` +
      `columns = {${names.map((n) => `${str(n)}: 'VARCHAR'`).join(", ")}})`;
  return await rulesIntoTable(engine, spec, file, {
    header,
    map,
    reader,
    nested,
    lines: parquet ? "row" : "scan",
  });
}

/** Where {@linkcode rulesIntoTable} reads its rows and how it finds their lines. */
interface RuleInput {
  header: string[];
  map: HeaderMap;
  /** SQL table expression giving the cells as text columns c0…cN (and n{i} for nested ones) */
  reader: string;
  /** header positions of nested Parquet columns */
  nested: number[];
  /**
   * `scan`: a CSV file, lines by {@linkcode csvRecordPlaces} (and its bare-quote check);
   * `row`: a Parquet file, line = row number; `column`: the reader has a `_rvlab_line` column
   */
  lines: "scan" | "row" | "column";
}

/**
 * The data model's rules in SQL over one table's cells: creates the table, quarantines
 * the rows that break a rule (cell rules, then known type, one period notation, first
 * key kept) and returns the counts and quarantine. Undefined when DuckDB cannot read
 * `reader` as it is.
 */
async function rulesIntoTable(
  engine: Engine,
  spec: TableSpec,
  file: string,
  { header, map, reader, nested, lines }: RuleInput,
): Promise<FastTableLoad | undefined> {
  const reserved = map.extra.find((e) => e.name.toLowerCase().startsWith("_rvlab_"));
  if (reserved) {
    throw new DataError(
      `${file}: column "${reserved.name}": names starting with _rvlab_ are kept for rvlab's own columns; rename it`,
      file,
      1,
    );
  }
  const names = header.map((_, i) => `c${i}`);
  const col = (name: string): Cell =>
    cellOf(map.canonical.find((x) => x.spec.name === name)!.index);
  // one pass: trim each cell once and parse each date and number once (inner queries), then convert
  // every column and list each row's problems beside it (NULL for a good row)
  const parse: Record<string, (t: string) => string> = {
    date: (t) => `TRY_CAST(${t} AS TIMESTAMPTZ)`,
    number: (t) => `TRY_CAST(${t} AS DOUBLE)`,
    period: periodNotation,
  };
  const parsedCells = map.canonical.filter((m) => m.index !== -1 && parse[m.spec.type]);
  const special = `SELECT *, ${
    header.map((_, i) => `regexp_matches(c${i}, ${SPECIAL_CELL}) AS s${i}`).join(", ")
  } FROM ${reader}`;
  const trimmed = `SELECT *, ${
    header.map((_, i) => `${trimmedCell(`c${i}`, `s${i}`)} AS t${i}`).join(", ")
  } FROM (${special})`;
  const parsed = parsedCells.length
    ? `SELECT *, ${
      parsedCells.map((m) => `${parse[m.spec.type](`t${m.index}`)} AS d${m.index}`).join(
        ", ",
      )
    } FROM (${trimmed})`
    : trimmed;
  const problems = map.canonical.flatMap(({ spec: c, index }) => cellProblem(c, index) ?? []);
  const cellList = problems.length
    ? `CASE WHEN ${problems.map((p) => `(${p}) IS NOT NULL`).join(" OR ")} THEN list_filter([${
      problems.join(", ")
    }], x -> x IS NOT NULL) END`
    : "NULL";
  const problemList = nested.length
    ? `CASE ${
      nested.map((i) =>
        `WHEN n${i} IS NOT NULL THEN [{'column': '', 'value': n${i}, 'expected': ${
          str(nestedExpected(header[i]))
        }, 'reason': 'malformed_row'}]`
      ).join(" ")
    } ELSE ${cellList} END`
    : cellList;
  const canonical = map.canonical.map(({ spec: c, index }) => {
    let expr = index === -1 ? "NULL" : convert(c, cellOf(index));
    if (spec.name === "interactions" && c.name === "contact_id") {
      expr = `coalesce(${expr}, ${convert(spec.columns[2], col("account_id"))})`;
    }
    if (spec.name === "interactions" && c.name === "quantity") expr = `coalesce(${expr}, 1)`;
    return `CAST(${expr} AS ${sqlType(c)}) AS ${ident(c.name)}`;
  });
  const extras = map.extra.map((e) =>
    `CASE WHEN c${e.index} = '' THEN NULL ELSE c${e.index} END AS ${ident(e.name)}`
  );
  const period = spec.name === "financials" ? col("period") : undefined;
  const helpers = [
    `${problemList} AS _rvlab_q`,
    // a quote in a cell: DuckDB reads a quote inside an unquoted field as text; the scan decides
    lines !== "scan"
      ? "NULL AS _rvlab_sq"
      : `CASE WHEN ${header.map((_, i) => `s${i}`).join(" OR ")} THEN CASE WHEN ${
        names.map((n) => `contains(${n}, '"')`).join(" OR ")
      } THEN TRUE END END AS _rvlab_sq`,
    ...(period ? [`${period.d} AS _rvlab_notation`, `${period.raw} AS _rvlab_praw`] : []),
    ...(lines === "column" ? ["_rvlab_line"] : []),
  ];
  const table = ident(spec.name);
  try {
    await engine.run("SET TimeZone = 'UTC'");
    await engine.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT ${
        [...canonical, ...extras, ...helpers].join(", ")
      } FROM (${parsed})`,
    );
  } catch (e) {
    // DuckDB could not read the file as it is: rvlab's reader will say why
    if (Deno.env.get("RVLAB_DEBUG")) console.error(`${file}: engine read failed: ${e}`);
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
    return undefined;
  }
  const [{ n, bad, quoted }] = await engine.query<{ n: number; bad: number; quoted: number }>(
    `SELECT count(*) AS n, count(_rvlab_q) AS bad, count(_rvlab_sq) AS quoted FROM ${table}`,
  );
  const found: SqlProblemRow[] = [];
  const places = new Map<number, RecordPlace>();
  /** lines of data rows (rowid r is record r + 1 of a CSV; row r + 1 of a Parquet file) */
  const place = async (rows: Iterable<number>) => {
    const need = [...rows].filter((r) => !places.has(r + 1));
    if (!need.length) return;
    if (lines === "row") {
      for (const r of need) {
        places.set(r + 1, { line: r + 1, lines: 1, bareQuote: false, firstLine: "" });
      }
    } else if (lines === "column") {
      await rowSet(engine, "_rvlab_need", need);
      const got = await engine.query<{ r: number; l: number }>(
        `SELECT rowid AS r, _rvlab_line AS l FROM ${table} WHERE rowid IN (SELECT r FROM _rvlab_need)`,
      );
      for (const x of got) {
        places.set(Number(x.r) + 1, {
          line: Number(x.l),
          lines: 1,
          bareQuote: false,
          firstLine: "",
        });
      }
      await engine.run("DROP TABLE IF EXISTS _rvlab_need");
    } else {
      for (const [k, v] of await csvRecordPlaces(file, need.map((r) => r + 1))) places.set(k, v);
    }
  };
  if (Number(bad) > 0) {
    const rows = await engine.query<{ r: number; q: Problem[] }>(
      `SELECT rowid AS r, _rvlab_q AS q FROM ${table} WHERE _rvlab_q IS NOT NULL ORDER BY rowid`,
    );
    for (const x of rows) found.push({ r: Number(x.r), problems: x.q });
  }
  const malformed: number[] = [];
  if (Number(quoted) > 0) {
    // rows with a quote in a cell: a quote inside an unquoted field is a malformed row
    const rows = await engine.query<{ r: number }>(
      `SELECT rowid AS r FROM ${table} WHERE _rvlab_sq ORDER BY rowid`,
    );
    await place(rows.map((x) => Number(x.r)));
    const at = new Map(found.map((x, i) => [x.r, i]));
    for (const { r } of rows) {
      const p = places.get(Number(r) + 1)!;
      if (!p.bareQuote) continue;
      if (p.lines > 1) { // rvlab's CSV parser resumes on the next line: the records would differ
        await engine.run(`DROP TABLE IF EXISTS ${table}`);
        return undefined;
      }
      const i = at.get(Number(r)) ?? -1;
      const row: SqlProblemRow = {
        r: Number(r),
        problems: [{
          column: "",
          value: p.firstLine,
          expected: BARE_QUOTE,
          reason: "malformed_row",
        }],
      };
      if (i === -1) found.push(row);
      else found[i] = row;
      malformed.push(Number(r));
    }
  }
  // table-level rules, over rows with no cell problem, in this order: known type, one
  // period notation, then the first of each key kept
  if (malformed.length) await rowSet(engine, "_rvlab_malformed", malformed);
  // the rows still in play; a condition that holds for every row is left out
  const good: string[] = [];
  if (Number(bad) > 0) good.push("_rvlab_q IS NULL");
  if (malformed.length) good.push("rowid NOT IN (SELECT r FROM _rvlab_malformed)");
  const where = (...more: string[]) =>
    [...good, ...more].length ? `WHERE ${[...good, ...more].join(" AND ")}` : "";
  if (spec.name === "interactions" && await hasRelation(engine, "ipf")) {
    const unknown = "interaction_type NOT IN (SELECT interaction_type FROM ipf)";
    const rows = await engine.query<{ r: number; v: string }>(
      `SELECT rowid AS r, interaction_type AS v FROM ${table} ${where(unknown)} ORDER BY rowid`,
    );
    for (const x of rows) {
      found.push({
        r: Number(x.r),
        problems: [{
          column: "interaction_type",
          value: x.v,
          expected: RULE_EXPECTED.knownType,
          reason: "unknown_interaction_type",
        }],
      });
    }
    if (rows.length) good.push(`NOT (${unknown})`);
  }
  let grain: PeriodGrain | undefined;
  if (period) {
    const first = await engine.query<{ g: PeriodGrain }>(
      `SELECT _rvlab_notation AS g FROM ${table} ${where()} ORDER BY rowid LIMIT 1`,
    );
    grain = first[0]?.g;
    if (grain) {
      const rows = await engine.query<{ r: number; v: string }>(
        `SELECT rowid AS r, _rvlab_praw AS v FROM ${table} ${
          where(`_rvlab_notation <> ${str(grain)}`)
        } ORDER BY rowid`,
      );
      for (const x of rows) {
        found.push({
          r: Number(x.r),
          problems: [{
            column: "period",
            value: x.v,
            expected: RULE_EXPECTED.grain(grain),
            reason: "mixed_period_grain",
          }],
        });
      }
      if (rows.length) good.push(`_rvlab_notation = ${str(grain)}`);
    }
  }
  const duplicates: { r: number; v: string; first: number }[] = [];
  if (spec.key) {
    const key = ident(spec.key);
    // distinct hashes are distinct keys: only equal hashes (a duplicate, or a collision)
    // need the exact look at the keys themselves, which costs twice as much
    const [{ dup }] = await engine.query<{ dup: number }>(
      `SELECT count(*) - count(DISTINCT hash(${key})) AS dup FROM ${table} ${where()}`,
    );
    if (Number(dup) > 0) {
      const rows = await engine.query<{ r: number; v: string; first: number }>(
        `WITH e AS (SELECT rowid AS r, ${key} AS v FROM ${table} ${where()}),
         d AS (SELECT v FROM e GROUP BY v HAVING count(*) > 1)
         SELECT r, v, first FROM (
           SELECT r, v, min(r) OVER (PARTITION BY v) AS first FROM e WHERE v IN (SELECT v FROM d)
         ) WHERE r > first ORDER BY r`,
      );
      for (const x of rows) {
        duplicates.push({ r: Number(x.r), v: x.v, first: Number(x.first) });
      }
    }
  }
  const quarantined = [...found.map((x) => x.r), ...duplicates.map((x) => x.r)];
  await place([...quarantined, ...duplicates.map((x) => x.first)]);
  const lineOf = (r: number) => places.get(r + 1)!.line;
  for (const x of duplicates) {
    found.push({
      r: x.r,
      problems: [{
        column: spec.key!,
        value: x.v,
        expected: RULE_EXPECTED.unique(spec.key!, lineOf(x.first)),
        reason: "duplicate_key",
      }],
    });
  }
  found.sort((a, b) => a.r - b.r);
  const quarantine = found.map((x) => quarantineEntry(spec.name, file, lineOf(x.r), x.problems));
  if (quarantined.length) {
    await rowSet(engine, "_rvlab_bad", quarantined);
    await engine.run(`DELETE FROM ${table} WHERE rowid IN (SELECT r FROM _rvlab_bad)`);
  }
  await engine.run("DROP TABLE IF EXISTS _rvlab_bad; DROP TABLE IF EXISTS _rvlab_malformed");
  const read = Number(n);
  const counts: TableCounts = {
    file,
    read,
    accepted: read - quarantine.length,
    quarantined: quarantine.length,
  };
  if (period) {
    const starts = await engine.query<{ p: string }>(
      `SELECT DISTINCT strftime(period, '%Y-%m-%d') AS p FROM ${table}`,
    );
    counts.grain = inferGrain(grain, new Set(starts.map((x) => x.p)));
  }
  await engine.run(
    `ALTER TABLE ${table} DROP COLUMN _rvlab_q; ALTER TABLE ${table} DROP COLUMN _rvlab_sq` +
      (lines === "column" ? `; ALTER TABLE ${table} DROP COLUMN _rvlab_line` : "") +
      (period
        ? `; ALTER TABLE ${table} DROP COLUMN _rvlab_notation; ALTER TABLE ${table} DROP COLUMN _rvlab_praw`
        : ""),
  );
  return { counts, quarantine };
}

/**
 * True when the engine's database has a table or view of this name. The known-type
 * rule reads the engine's `ipf` table: `loadDataDirIntoEngine` always loads the IPF
 * first; an interactions table loaded on its own has none to check against.
 */
async function hasRelation(engine: Engine, name: string): Promise<boolean> {
  const found = await engine.query(
    `SELECT 1 FROM information_schema.tables
      WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?`,
    [name],
  );
  return found.length > 0;
}

/** Creates (or replaces) a temporary one-column table `name(r)` of these row numbers. */
async function rowSet(engine: Engine, name: string, rows: readonly number[]): Promise<void> {
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${name} (r BIGINT)`);
  for (let i = 0; i < rows.length; i += 10_000) {
    await engine.run(
      `INSERT INTO ${name} VALUES ${rows.slice(i, i + 10_000).map((r) => `(${r})`).join(", ")}`,
    );
  }
}

/**
 * Loads one table from rows a TypeScript reader parsed (JSON, the IPF, a CSV file
 * DuckDB refuses as it is): rows that break the format (a malformed record, a ragged
 * row) are quarantined here; the rest go, with their lines, through a temporary CSV
 * to the same SQL rules as {@linkcode fastLoadTable}. So the data model's rules have
 * one implementation in the engine, whatever reads the file.
 *
 * Complexity: O(rows) in JavaScript to write the temporary file, then DuckDB's scans;
 * memory O(quarantined rows).
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { rawRowsIntoTable } from "./fast_load.ts";
 * import { tableSpec } from "../io/schema.ts";
 * import { openTableFile } from "../io/source.ts";
 * const engine = await openEngine();
 * const file = "data/ipf/b2b-default.csv";
 * const r = await rawRowsIntoTable(engine, tableSpec("ipf"), file, await openTableFile(file), await Deno.makeTempDir());
 * r.counts.read === r.counts.accepted + r.counts.quarantined; // => true
 * engine.close();
 * ```
 */
export async function rawRowsIntoTable(
  engine: Engine,
  spec: TableSpec,
  file: string,
  source: RawSource,
  tempDir: string,
  onProgress?: (read: number) => void,
): Promise<FastTableLoad> {
  const header = source.header;
  const map = mapHeader(spec, header, file); // throws DataError for a missing column
  const out = join(tempDir, `${spec.name}.rows.csv`);
  const writer = new TextSink(out);
  writer.write([...header.map((_, i) => `c${i}`), "_rvlab_line"].join(",") + "\n");
  const structural: QuarantineEntry[] = [];
  let read = 0;
  let longest = 0; // bytes of the longest line written (3 per UTF-16 unit at most)
  for await (const item of source.rows) {
    read++;
    if (onProgress && read % 100_000 === 0) onProgress(read);
    if (item.problem) {
      structural.push(quarantineEntry(spec.name, file, item.line, [{
        column: "",
        value: item.problem.raw,
        expected: item.problem.message,
        reason: "malformed_row",
      }]));
    } else if (item.fields.length !== map.width) {
      structural.push(quarantineEntry(spec.name, file, item.line, [{
        column: "",
        value: item.fields.join(","),
        expected: `${map.width} fields as in the header (found ${item.fields.length})`,
        reason: "wrong_field_count",
      }]));
    } else {
      // an empty cell is written empty, which DuckDB reads as NULL, as it reads the original
      const row = item.fields.map(formatCsvCell).join(",") + `,${item.line}\n`;
      if (row.length * 3 > longest) longest = row.length * 3;
      writer.write(row);
    }
  }
  writer.close();
  const columns = [...header.map((_, i) => `'c${i}': 'VARCHAR'`), `'_rvlab_line': 'BIGINT'`];
  const done = await rulesIntoTable(engine, spec, file, {
    header,
    map,
    reader: `read_csv(${str(out)}, ${csvReadOptions(longest)}, strict_mode = true, columns = {${
      columns.join(", ")
    }})`,
    nested: [],
    lines: "column",
  });
  await Deno.remove(out).catch(() => {});
  if (!done) throw new Error(`${file}: the engine could not read its own normalised copy`);
  const quarantine = [...structural, ...done.quarantine].sort((a, b) => a.line - b.line);
  const counts: TableCounts = {
    ...done.counts,
    read,
    accepted: read - quarantine.length,
    quarantined: quarantine.length,
  };
  return { counts, quarantine };
}
