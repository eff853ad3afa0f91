/**
 * The vocabulary of validation: a file's header matched to its table, the reasons a
 * row is quarantined, how a quarantine entry reads, and the "expected" texts of the
 * table rules. The rules themselves run once, in SQL, in the engine
 * (`src/engine/fast_load.ts`); typed records in memory come from
 * `src/engine/records.ts`.
 *
 * @module
 */
import { DataError } from "./errors.ts";
import type { ColumnSpec, PeriodGrain, TableSpec } from "./schema.ts";
import { revealInvisible } from "../util/escape.ts";

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
  // a name with a line break or control character is shown on the message's one line
  const shown = (name: string) => revealInvisible(name, { lineBreaks: true });
  const names = header.map((h, i) => h.trim().toLowerCase() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (seen.has(n)) {
      throw new DataError(
        `${file}: line 1: column "${shown(n)}" appears twice (columns ${seen.get(n)! + 1} and ${
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
      } for table ${spec.name}; found columns: ${names.map(shown).join(", ")}`,
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
 * by the engine's SQL rules, `src/engine/fast_load.ts`).
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
