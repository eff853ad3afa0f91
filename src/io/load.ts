/**
 * What loading a table or a data directory reports, and the files around it: where
 * each table's file is, the counts (read = accepted + quarantined), the grain of a
 * financials file, and the quarantine file. The loading itself is the engine's
 * (`src/engine/load.ts`, the rules in SQL); records in memory come from
 * `src/engine/records.ts`.
 *
 * @module
 */
import { join } from "node:path";
import { DataError } from "./errors.ts";
import { formatCsvRow, neutraliseFormula } from "./csv_format.ts";
import { TABLE_FILE_SUFFIXES } from "./source.ts";
import type { QuarantineEntry } from "./validate.ts";
import type { PeriodGrain, TableName } from "./schema.ts";

/** Counts for one table; `read` = `accepted` + `quarantined` always. */
export interface TableCounts {
  file: string;
  read: number;
  accepted: number;
  quarantined: number;
  /** financials only: the period grain of the file */
  grain?: PeriodGrain;
}

/**
 * The grain of a financials file: the notation's grain for `YYYY-MM` and `YYYY-Qn`;
 * for plain dates, the coarsest grain all the dates start on (quarter, month, week
 * (all Mondays), else day).
 *
 * Why: a file of plain dates does not say its grain; the dates themselves do.
 * Complexity: O(n) in the number of distinct period starts.
 *
 * @example
 * ```ts
 * import { inferGrain } from "./load.ts";
 * inferGrain(undefined, new Set(["2017-01-01", "2017-04-01"])); // => "quarter"
 * inferGrain(undefined, new Set(["2017-03-06", "2017-03-13"])); // => "week"
 * inferGrain("month", new Set()); // => "month"
 * ```
 */
export function inferGrain(
  notation: PeriodGrain | undefined,
  starts: ReadonlySet<string>,
): PeriodGrain {
  if (notation && notation !== "day") return notation;
  const list = [...starts];
  if (list.length === 0) return "month";
  const quarterStarts = ["01", "04", "07", "10"];
  if (
    list.length > 1 && list.every((d) => d.endsWith("-01") && quarterStarts.includes(d.slice(5, 7)))
  ) {
    return "quarter";
  }
  if (list.every((d) => d.endsWith("-01"))) return "month";
  if (list.every((d) => new Date(d + "T00:00:00Z").getUTCDay() === 1)) return "week";
  return "day";
}

/**
 * Finds the file of a table in a data directory (first of .csv, .csv.gz, .parquet, .json).
 *
 * Why: a data directory may hold each table in any supported format.
 * Complexity: O(formats) file-system stats.
 *
 * @example
 * ```ts
 * import { findTableFile } from "./load.ts";
 * // a world from `deno task rvlab generate --out out/world`
 * await findTableFile("out/world", "interactions"); // => "out/world/interactions.csv"
 * await findTableFile("data/ipf", "ipf"); // => undefined (the file is b2b-default.csv)
 * ```
 */
export async function findTableFile(dir: string, table: TableName): Promise<string | undefined> {
  for (const suffix of TABLE_FILE_SUFFIXES) {
    const p = join(dir, table + suffix);
    try {
      const st = await Deno.stat(p);
      if (st.isFile) return p;
    } catch {
      // not there: try the next format
    }
  }
  return undefined;
}

/** The report of loading a data directory, as `rvlab check --json` prints it. */
export interface LoadReport {
  tables: Partial<Record<TableName, TableCounts>>;
  /** set when the directory has a `transcripts/` folder of text files */
  transcripts_folder?: string;
}

/**
 * Throws the DataError a user sees when `dir` is missing or is a file.
 *
 * Complexity: one stat.
 *
 * @example
 * ```ts
 * import { requireDataDir } from "./load.ts";
 * await requireDataDir("data"); // resolves: data/ is a folder
 * ```
 */
export async function requireDataDir(dir: string): Promise<void> {
  try {
    const st = await Deno.stat(dir);
    if (!st.isDirectory) {
      throw new DataError(`${dir}: expected a data directory, found a file`, dir);
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${dir}: data directory not found`, dir);
  }
}

/**
 * The `transcripts/` folder of text files in a data directory, when there is one.
 *
 * Complexity: one stat.
 *
 * @example
 * ```ts
 * import { transcriptsFolder } from "./load.ts";
 * await transcriptsFolder("data"); // => undefined (no data/transcripts folder)
 * ```
 */
export async function transcriptsFolder(dir: string): Promise<string | undefined> {
  try {
    if ((await Deno.stat(join(dir, "transcripts"))).isDirectory) return join(dir, "transcripts");
  } catch {
    // no transcripts folder
  }
  return undefined;
}

/** Column order of a quarantine file. */
export const QUARANTINE_COLUMNS = [
  "table",
  "file",
  "line",
  "column",
  "value",
  "expected",
  "reason",
  "message",
] as const;

/**
 * Writes quarantined rows as CSV (header always written, so an empty quarantine is
 * an explicit file with no rows). Cells that a spreadsheet would run as a formula
 * are prefixed with `'`.
 *
 * Why: rejected rows go back to the data owner as a file they can open and fix.
 * Complexity: O(entries).
 *
 * @example
 * ```ts
 * import { writeQuarantine } from "./load.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await writeQuarantine(path, []);
 * await Deno.readTextFile(path); // => "table,file,line,column,value,expected,reason,message\n"
 * ```
 */
export async function writeQuarantine(
  path: string,
  entries: readonly QuarantineEntry[],
): Promise<void> {
  let text = formatCsvRow(QUARANTINE_COLUMNS);
  for (const e of entries) {
    text += formatCsvRow(QUARANTINE_COLUMNS.map((c) => neutraliseFormula(String(e[c]))));
  }
  await Deno.writeTextFile(path, text);
}

/** Formula neutralising for CSV cells: defined once in `src/util/escape.ts`. */
export { neutraliseFormula };
