/**
 * Turning raw rows into typed canonical records, and deciding for every row
 * that breaks the data model why it goes to quarantine.
 *
 * @module
 */
import { DataError } from "./errors.ts";
import { parseBool, parseDate, parseNumber, parsePeriod } from "./values.ts";
import type { ColumnSpec, PeriodGrain, TableSpec } from "./schema.ts";
import type { RawItem } from "./source.ts";

/** Why a row was quarantined. */
export type QuarantineReason =
  | "malformed_row" // the CSV/JSON record itself could not be parsed
  | "wrong_field_count" // ragged row
  | "missing_value" // a required cell is empty
  | "bad_value" // a cell is not of its column's type
  | "duplicate_key" // a second row with the same key (the first is kept)
  | "unknown_interaction_type" // interaction_type not in the IPF
  | "mixed_period_grain"; // a financials period in another notation than the file's

/** One quarantined row: where it is, what was found, what was expected. */
export interface QuarantineEntry {
  table: string;
  file: string;
  line: number;
  /** the column at fault (name), or "" for whole-row problems */
  column: string;
  /** the value found (the raw row for whole-row problems) */
  value: string;
  expected: string;
  reason: QuarantineReason;
  /** a sentence for people: every problem of the row */
  message: string;
}

/** A typed record of a canonical table, with non-canonical columns in `extra`. */
export type TypedRecord = Record<string, unknown> & { extra?: Record<string, string | null> };

/** Header analysis for one file against a table spec. */
export interface HeaderMap {
  /** position in the file of each canonical column (-1 when absent) */
  canonical: { spec: ColumnSpec; index: number }[];
  /** non-canonical columns kept as text */
  extra: { name: string; index: number }[];
  width: number;
}

/**
 * Matches a file's header to a table spec. Names are compared after trimming and
 * lower-casing. Throws a DataError when a required column is missing or a name is
 * repeated: such a file cannot be read at all.
 *
 * Why: files come with columns in any order and case, plus columns of their own.
 * Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { mapHeader } from "./validate.ts";
 * import { tableSpec } from "./schema.ts";
 * const map = mapHeader(tableSpec("transcripts"), ["respondent_id", "Answer", "note"], "t.csv");
 * map.extra; // => [{ name: "note", index: 2 }]
 * ```
 */
export function mapHeader(spec: TableSpec, header: readonly string[], file: string): HeaderMap {
  const names = header.map((h, i) => h.trim().toLowerCase() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (seen.has(n)) {
      throw new DataError(
        `${file}: line 1: column "${n}" appears twice (columns ${seen.get(n)! + 1} and ${
          i + 1
        }), expected unique column names`,
        file,
        1,
        n,
      );
    }
    seen.set(n, i);
  });
  const missing = spec.columns.filter((c) => c.required && !seen.has(c.name)).map((c) => c.name);
  if (missing.length) {
    throw new DataError(
      `${file}: line 1: missing required column${missing.length > 1 ? "s" : ""} ${
        missing.map((m) => `"${m}"`).join(", ")
      } for table ${spec.name}; found columns: ${names.join(", ")}`,
      file,
      1,
      missing[0],
    );
  }
  const canonicalNames = new Set(spec.columns.map((c) => c.name));
  return {
    canonical: spec.columns.map((c) => ({ spec: c, index: seen.get(c.name) ?? -1 })),
    extra: names.flatMap((name, index) => (canonicalNames.has(name) ? [] : [{ name, index }])),
    width: header.length,
  };
}

/** One problem of a row: the column at fault ("" for the whole row), what was found and expected. */
export interface Problem {
  column: string;
  value: string;
  expected: string;
  reason: QuarantineReason;
}

/** Parses one cell by its column type. */
function parseCell(c: ColumnSpec, text: string): { value: unknown; grain?: PeriodGrain } | Problem {
  const fail = (expected: string): Problem => ({
    column: c.name,
    value: text,
    expected,
    reason: "bad_value",
  });
  switch (c.type) {
    case "id":
    case "text":
      return { value: c.type === "id" ? text.trim() : text };
    case "number": {
      const p = parseNumber(text.trim());
      if (!p.ok) return fail(p.expected);
      if (Math.abs(p.value) > Number.MAX_SAFE_INTEGER) return fail(RULE_EXPECTED.magnitude);
      if (c.min !== undefined && p.value < c.min) return fail(RULE_EXPECTED.atLeast(c.min));
      if (c.max !== undefined && p.value > c.max) return fail(RULE_EXPECTED.atMost(c.max));
      return { value: p.value };
    }
    case "bool": {
      const p = parseBool(text.trim());
      return p.ok ? { value: p.value } : fail(p.expected);
    }
    case "date": {
      const p = parseDate(text.trim());
      return p.ok ? { value: p.value } : fail(p.expected);
    }
    case "period": {
      const p = parsePeriod(text.trim());
      return p.ok ? { value: p.value.start, grain: p.value.grain } : fail(p.expected);
    }
    case "enum": {
      const t = text.trim().toLowerCase();
      return c.values!.includes(t) ? { value: t } : fail(RULE_EXPECTED.oneOf(c.values!));
    }
  }
}

/**
 * The quarantine entry of a row with these problems (the first names the column,
 * value, expected and reason; the message lists them all). The one definition of
 * how a quarantined row reads, whichever path found its problems.
 *
 * Complexity: O(problems).
 *
 * @example
 * ```ts
 * import { quarantineEntry } from "./validate.ts";
 * const e = quarantineEntry("accounts", "a.csv", 3, [
 *   { column: "account_id", value: "", expected: "a value (the column is required)", reason: "missing_value" },
 * ]);
 * e.message; // => 'column "account_id": found "", expected a value (the column is required)'
 * ```
 */
export function quarantineEntry(
  table: string,
  file: string,
  line: number,
  problems: readonly Problem[],
): QuarantineEntry {
  const first = problems[0];
  return {
    table,
    file,
    line,
    column: first.column,
    value: first.value,
    expected: first.expected,
    reason: first.reason,
    message: problems.map((p) =>
      p.column
        ? `column "${p.column}": found "${p.value}", expected ${p.expected}`
        : `found ${
          p.value.length > 200 ? p.value.slice(0, 200) + "…" : p.value
        }, expected ${p.expected}`
    ).join("; "),
  };
}

/**
 * What the table-level rules and range checks say was expected (one definition, used
 * by {@linkcode validateRow} and by the engine's SQL rules).
 */
export const RULE_EXPECTED = {
  required: "a value (the column is required)",
  knownType: "an interaction_type listed in the IPF",
  atLeast: (min: number): string => `a number >= ${min}`,
  /** every number column: sums of any realistic row count stay finite (and integers exact) */
  magnitude: `a number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
  atMost: (max: number): string => `a number <= ${max}`,
  oneOf: (values: readonly string[]): string => `one of ${values.join(", ")}`,
  unique: (key: string, firstLine: number): string =>
    `a unique ${key} (first seen at line ${firstLine}, which is kept)`,
  grain: (grain: PeriodGrain): string =>
    `the file's period notation (${
      grain === "day" ? "a date" : grain === "month" ? "YYYY-MM" : "YYYY-Qn"
    }); one grain per file`,
} as const;

/** State that spans rows of one table: keys seen, the IPF, the period notation. */
export interface TableContext {
  /** key value → line of its first occurrence */
  keys: Map<string, number>;
  /** interaction types of the IPF (interactions table only) */
  ipfTypes?: ReadonlySet<string>;
  /** period notation of the first accepted financials row */
  grain?: PeriodGrain;
}

/** The outcome of validating one raw row. */
export type RowOutcome = { record: TypedRecord; entry?: undefined } | {
  record?: undefined;
  entry: QuarantineEntry;
};

/**
 * Validates one raw row of a table: field count, required values, types, then the
 * table-level rules (unique key, known interaction type, one period notation).
 * Fills defaults: `contact_id` = `account_id`, `quantity` = 1.
 *
 * Why: a bad row is quarantined with its reason instead of failing the whole file.
 * Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { mapHeader, validateRow } from "./validate.ts";
 * import { tableSpec } from "./schema.ts";
 * const spec = tableSpec("transcripts");
 * const map = mapHeader(spec, ["respondent_id", "answer"], "t.csv");
 * const ctx = { keys: new Map<string, number>() };
 * validateRow(spec, map, { line: 2, fields: ["r1", "Fine."] }, "t.csv", ctx).record?.answer; // => "Fine."
 * validateRow(spec, map, { line: 3, fields: ["r2", ""] }, "t.csv", ctx).entry?.reason; // => "missing_value"
 * ```
 */
export function validateRow(
  spec: TableSpec,
  map: HeaderMap,
  item: RawItem,
  file: string,
  ctx: TableContext,
): RowOutcome {
  const quarantine = (problems: Problem[]): RowOutcome => ({
    entry: quarantineEntry(spec.name, file, item.line, problems),
  });
  if (item.problem) {
    return quarantine([{
      column: "",
      value: item.problem.raw,
      expected: item.problem.message,
      reason: "malformed_row",
    }]);
  }
  const fields = item.fields;
  if (fields.length !== map.width) {
    return quarantine([{
      column: "",
      value: fields.join(","),
      expected: `${map.width} fields as in the header (found ${fields.length})`,
      reason: "wrong_field_count",
    }]);
  }
  const record: TypedRecord = {};
  const problems: Problem[] = [];
  let grain: PeriodGrain | undefined;
  for (const { spec: c, index } of map.canonical) {
    const text = index === -1 ? "" : fields[index];
    if (text.trim() === "") {
      if (c.required) {
        problems.push({
          column: c.name,
          value: "",
          expected: RULE_EXPECTED.required,
          reason: "missing_value",
        });
      }
      record[c.name] = null;
      continue;
    }
    const parsed = parseCell(c, text);
    if ("reason" in parsed) problems.push(parsed);
    else {
      record[c.name] = parsed.value;
      if (parsed.grain) grain = parsed.grain;
    }
  }
  if (map.extra.length) {
    const extra: Record<string, string | null> = {};
    for (const e of map.extra) extra[e.name] = fields[e.index] === "" ? null : fields[e.index];
    record.extra = extra;
  }
  if (problems.length) return quarantine(problems);

  // table-level rules
  if (spec.name === "interactions") {
    if (record.contact_id === null) record.contact_id = record.account_id;
    if (record.quantity === null) record.quantity = 1;
    const t = record.interaction_type as string;
    if (ctx.ipfTypes && !ctx.ipfTypes.has(t)) {
      return quarantine([{
        column: "interaction_type",
        value: t,
        expected: RULE_EXPECTED.knownType,
        reason: "unknown_interaction_type",
      }]);
    }
  }
  if (grain) {
    const notation = grain;
    if (ctx.grain === undefined) ctx.grain = notation;
    else if (ctx.grain !== notation) {
      return quarantine([{
        column: "period",
        value: fields[map.canonical.find((c) => c.spec.name === "period")!.index],
        expected: RULE_EXPECTED.grain(ctx.grain),
        reason: "mixed_period_grain",
      }]);
    }
  }
  if (spec.key) {
    const k = record[spec.key] as string;
    const firstLine = ctx.keys.get(k);
    if (firstLine !== undefined) {
      return quarantine([{
        column: spec.key,
        value: k,
        expected: RULE_EXPECTED.unique(spec.key, firstLine),
        reason: "duplicate_key",
      }]);
    }
    ctx.keys.set(k, item.line);
  }
  return { record };
}
