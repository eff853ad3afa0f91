/**
 * The bulk path of loading a table into DuckDB: the file is read by DuckDB's
 * parallel CSV (or Parquet) reader as text, every rule of the data model is
 * checked in SQL with the same patterns as `src/io/values.ts`, and only when no
 * row breaks any rule is the table converted and kept. Otherwise the caller reads
 * the file again through the row-by-row validator, which quarantines the bad rows
 * with their line numbers. Either way the resulting tables are identical; the bulk
 * path just makes clean data (the common case at scale) fast.
 *
 * @module
 */
import { type Engine, sqlType } from "./duckdb.ts";
import { ident, str } from "../sql/literal.ts";
import { inferGrain, type TableCounts } from "../io/load.ts";
import { mapHeader, type QuarantineEntry } from "../io/validate.ts";
import { DATE_RE, NUMBER_RE, WHITESPACE } from "../io/values.ts";
import { parseCsv } from "../io/csv.ts";
import { readTextChunks } from "../io/source.ts";
import type { ColumnSpec, PeriodGrain, TableSpec } from "../io/schema.ts";

/** A JavaScript regex source as a DuckDB (RE2) full-match pattern. */
const re = (r: RegExp) => str(r.source.replace(/^\^/, "").replace(/\$$/, ""));

const MONTH = "\\d{4}-(0[1-9]|1[0-2])";
const QUARTER = "\\d{4}-?[Qq][1-4]";

/** Reads the header of a CSV file (the first record), or the columns of a Parquet file. */
async function readHeader(engine: Engine, file: string): Promise<string[] | undefined> {
  if (file.endsWith(".parquet")) {
    const cols = await engine.query<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${str(file)}))`,
    );
    return cols.map((c) => c.column_name);
  }
  let text = "";
  for await (const chunk of readTextChunks(file)) {
    text += chunk;
    if (text.includes("\n") || text.length > 1 << 20) break;
  }
  const first = parseCsv(text.split(/\r?\n/)[0] ?? "")[0];
  return first?.record?.fields;
}

/**
 * A column as the bulk path's inner query gives it: `t` the trimmed text (NULL when
 * empty), `raw` the cell as read, `d` the parsed timestamp for date columns. Each is
 * computed once per row, however often the checks and the conversion use it.
 */
interface Cell {
  t: string;
  raw: string;
  d: string;
}

/** SQL condition that holds when a present (non-empty) cell breaks its column's type. */
function badCell(c: ColumnSpec, { t, d }: Cell): string {
  switch (c.type) {
    case "number": {
      const range = [
        c.min !== undefined ? `TRY_CAST(${t} AS DOUBLE) < ${c.min}` : "",
        c.max !== undefined ? `TRY_CAST(${t} AS DOUBLE) > ${c.max}` : "",
      ]
        .filter(Boolean);
      return `(NOT regexp_full_match(${t}, ${
        re(NUMBER_RE)
      }) OR NOT isfinite(TRY_CAST(${t} AS DOUBLE))${range.map((r) => ` OR ${r}`).join("")})`;
    }
    case "bool":
      return `lower(${t}) NOT IN ('true', 'false', '1', '0', 'yes', 'no')`;
    case "date":
      return `(NOT regexp_full_match(${t}, ${re(DATE_RE)}) OR ${d} IS NULL)`;
    case "enum":
      return `lower(${t}) NOT IN (${c.values!.map(str).join(", ")})`;
    case "period":
      return `(NOT (regexp_full_match(${t}, ${str(MONTH)}) OR regexp_full_match(${t}, ${
        str(QUARTER)
      }) OR (regexp_full_match(${t}, ${
        re(DATE_RE)
      }) AND TRY_CAST(${t} AS TIMESTAMPTZ) IS NOT NULL)))`;
    default:
      return "FALSE";
  }
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
        return `CAST(${t} AS DOUBLE)`;
      case "bool":
        return `lower(${t}) IN ('true', '1', 'yes')`;
      case "date":
        return `CAST(${d} AS TIMESTAMP)`;
      case "enum":
        return `lower(${t})`;
      case "period":
        return `CASE WHEN regexp_full_match(${t}, ${str(MONTH)}) THEN CAST(${t} || '-01' AS DATE)
          WHEN regexp_full_match(${t}, ${
          str(QUARTER)
        }) THEN make_date(CAST(left(${t}, 4) AS INTEGER), (CAST(right(${t}, 1) AS INTEGER) - 1) * 3 + 1, 1)
          ELSE CAST(CAST(${t} AS TIMESTAMPTZ) AS DATE) END`;
    }
  })();
  return c.type === "id" ? t : `CASE WHEN ${t} IS NULL THEN NULL ELSE ${value} END`;
}

function notation(t: string): string {
  return `CASE WHEN regexp_full_match(${t}, ${
    str(MONTH)
  }) THEN 'month' WHEN regexp_full_match(${t}, ${str(QUARTER)}) THEN 'quarter' ELSE 'day' END`;
}

const NULL_CELL: Cell = { t: "NULL", raw: "NULL", d: "NULL" };
const cellOf = (index: number): Cell =>
  index === -1 ? NULL_CELL : { t: `t${index}`, raw: `c${index}`, d: `d${index}` };

/**
 * Tries the bulk path for one table. Returns undefined when DuckDB cannot read the
 * file as it is, or when any row breaks a rule: the caller then uses the row-by-row
 * path. Throws the loader's DataError when the header lacks a required column.
 *
 * Why: clean files of millions of rows load without a JavaScript object per row.
 * Complexity: a few parallel scans in DuckDB; JavaScript memory O(1) in the rows.
 *
 * @example
 * ```ts
 * import { openEngine } from "./duckdb.ts";
 * import { fastLoadTable } from "./fast_load.ts";
 * import { tableSpec } from "../io/schema.ts";
 * const engine = await openEngine();
 * // `deno task rvlab generate --out out/world`
 * const r = await fastLoadTable(engine, tableSpec("ipf"), "out/world/ipf.csv");
 * r?.counts.quarantined; // => 0 (undefined would mean: use the row-by-row loader)
 * engine.close();
 * ```
 */
export async function fastLoadTable(
  engine: Engine,
  spec: TableSpec,
  file: string,
  _ipfTypes?: ReadonlySet<string>,
): Promise<{ counts: TableCounts; quarantine: QuarantineEntry[] } | undefined> {
  const header = await readHeader(engine, file).catch(() => undefined);
  if (!header) return undefined;
  const map = mapHeader(spec, header, file); // throws DataError like the exact path
  const names = header.map((_, i) => `c${i}`);
  const reader = file.endsWith(".parquet")
    ? `(SELECT ${
      header.map((h, i) => `CAST(${ident(h)} AS VARCHAR) AS c${i}`).join(", ")
    } FROM read_parquet(${str(file)}))`
    : `read_csv(${
      str(file)
    }, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, ` +
      `columns = {${names.map((n) => `${str(n)}: 'VARCHAR'`).join(", ")}})`;
  const col = (name: string): Cell =>
    cellOf(map.canonical.find((x) => x.spec.name === name)!.index);
  // one pass: trim each cell once and parse each date once (inner queries), then convert
  // every column and count each row's problems beside it
  const dates = map.canonical.filter((m) => m.index !== -1 && m.spec.type === "date");
  const trimmed = `SELECT *, ${
    header.map((_, i) => `nullif(trim(c${i}, ${str(WHITESPACE)}), '') AS t${i}`).join(", ")
  } FROM ${reader}`;
  const parsed = dates.length
    ? `SELECT *, ${
      dates.map((m) => `TRY_CAST(t${m.index} AS TIMESTAMPTZ) AS d${m.index}`).join(", ")
    } FROM (${trimmed})`
    : trimmed;
  const problems: string[] = [];
  for (const { spec: c, index } of map.canonical) {
    const cell = cellOf(index);
    if (c.required) problems.push(`(${cell.t} IS NULL)::INTEGER`);
    const bad = index === -1 ? "FALSE" : badCell(c, cell);
    if (bad !== "FALSE") {
      problems.push(`coalesce(${cell.t} IS NOT NULL AND ${bad}, FALSE)::INTEGER`);
    }
  }
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
  const notationCol = spec.name === "financials"
    ? [`${notation(col("period").t)} AS _notation`]
    : [];
  const table = ident(spec.name);
  try {
    await engine.run("SET TimeZone = 'UTC'");
    await engine.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT ${
        [...canonical, ...extras, `(${problems.join(" + ") || "0"}) AS _problems`, ...notationCol]
          .join(", ")
      } FROM (${parsed})`,
    );
  } catch {
    // DuckDB could not read or convert the file as it is: the exact path will say why, row by row
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
    return undefined;
  }
  const checks = ["count(*) AS n", "count(*) FILTER (WHERE _problems > 0) AS bad_rows"];
  if (spec.key) checks.push(`count(*) - count(DISTINCT ${ident(spec.key)}) AS duplicate_keys`);
  if (spec.name === "interactions") {
    checks.push(
      "count(*) FILTER (WHERE interaction_type NOT IN (SELECT interaction_type FROM ipf)) AS unknown_types",
    );
  }
  if (spec.name === "financials") checks.push("count(DISTINCT _notation) - 1 AS mixed_grain");
  const [result] = await engine.query<Record<string, number>>(
    `SELECT ${checks.join(", ")} FROM ${table}`,
  );
  if (Object.entries(result).some(([k, v]) => k !== "n" && Number(v) > 0)) {
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
    return undefined;
  }
  const n = Number(result.n);
  const counts: TableCounts = { file, read: n, accepted: n, quarantined: 0 };
  if (spec.name === "financials") {
    const notes = await engine.query<{ g: string }>(`SELECT DISTINCT _notation AS g FROM ${table}`);
    const starts = await engine.query<{ p: string }>(
      `SELECT DISTINCT strftime(period, '%Y-%m-%d') AS p FROM ${table}`,
    );
    counts.grain = inferGrain(
      notes[0]?.g as PeriodGrain | undefined,
      new Set(starts.map((x) => x.p)),
    );
    await engine.run(`ALTER TABLE ${table} DROP COLUMN _notation`);
  }
  await engine.run(`ALTER TABLE ${table} DROP COLUMN _problems`);
  return { counts, quarantine: [] };
}
