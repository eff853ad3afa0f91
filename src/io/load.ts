/**
 * Loading canonical tables and whole data directories, losing nothing: every row
 * read is either accepted as a typed record or quarantined with its reason, and
 * the counts reconcile (read = accepted + quarantined).
 *
 * @module
 */
import { join } from "node:path";
import { DataError } from "./errors.ts";
import { formatCsvRow, neutraliseFormula } from "./csv_format.ts";
import { openTableFile, TABLE_FILE_SUFFIXES } from "./source.ts";
import {
  mapHeader,
  type QuarantineEntry,
  type TableContext,
  type TypedRecord,
  validateRow,
} from "./validate.ts";
import { type Dataset, type PeriodGrain, type TableName, TABLES, tableSpec } from "./schema.ts";

/** Counts for one table; `read` = `accepted` + `quarantined` always. */
export interface TableCounts {
  file: string;
  read: number;
  accepted: number;
  quarantined: number;
  /** financials only: the period grain of the file */
  grain?: PeriodGrain;
}

/** What loading a table gives. */
export interface TableLoad<T = TypedRecord> {
  records: T[];
  counts: TableCounts;
  quarantine: QuarantineEntry[];
}

/** Options for {@linkcode loadTable}. */
export interface LoadTableOptions {
  /** interaction types of the IPF; interactions of other types are quarantined */
  ipfTypes?: ReadonlySet<string>;
  /** called with the number of rows read so far, every `progressEvery` rows */
  onProgress?: (read: number) => void;
  progressEvery?: number;
  /** receives each accepted record instead of collecting it (records stays empty) */
  onRecord?: (record: TypedRecord) => void;
}

/**
 * Loads one table file (CSV, CSV.gz, JSON, Parquet) against a canonical table spec.
 *
 * Throws a DataError when the file cannot be read at all (missing, empty, binary,
 * missing required column). Complexity: O(rows × columns); memory O(accepted rows)
 * unless `onRecord` streams them away.
 *
 * @example
 * ```ts
 * import { loadTable } from "./load.ts";
 * const { records, counts } = await loadTable("data/ipf/b2b-default.csv", "ipf");
 * ```
 */
export async function loadTable(
  path: string,
  table: TableName,
  options: LoadTableOptions = {},
): Promise<TableLoad> {
  const spec = tableSpec(table);
  const source = await openTableFile(path);
  const map = mapHeader(spec, source.header, path);
  const ctx: TableContext = { keys: new Map(), ipfTypes: options.ipfTypes };
  const records: TypedRecord[] = [];
  const quarantine: QuarantineEntry[] = [];
  let read = 0;
  const every = options.progressEvery ?? 100_000;
  const periodStarts = table === "financials" ? new Set<string>() : undefined;
  for await (const item of source.rows) {
    read++;
    const out = validateRow(spec, map, item, path, ctx);
    if (out.entry) quarantine.push(out.entry);
    else {
      if (periodStarts) periodStarts.add(out.record.period as string);
      if (options.onRecord) options.onRecord(out.record);
      else records.push(out.record);
    }
    if (options.onProgress && read % every === 0) options.onProgress(read);
  }
  if (!spec.key) ctx.keys.clear();
  const counts: TableCounts = {
    file: path,
    read,
    accepted: read - quarantine.length,
    quarantined: quarantine.length,
  };
  if (periodStarts) counts.grain = inferGrain(ctx.grain, periodStarts);
  return { records, counts, quarantine };
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

/** What {@linkcode loadDataDir} gives. */
export interface DataDirLoad {
  data: Dataset;
  report: LoadReport;
  quarantine: QuarantineEntry[];
}

/** Options for {@linkcode loadDataDir}. */
export interface LoadDataDirOptions {
  /** progress lines (for stderr) */
  log?: (line: string) => void;
  /** load only these tables (ipf and interactions are always loaded) */
  tables?: TableName[];
}

/**
 * Loads a data directory of canonical tables. `ipf` and `interactions` are required;
 * the others are loaded when present. Interactions whose type is not in the IPF, and
 * repeated keys, are quarantined.
 *
 * @example
 * ```ts
 * import { loadDataDir } from "./load.ts";
 * // a world from `deno task rvlab generate --out out/world`
 * const { data, report, quarantine } = await loadDataDir("out/world");
 * console.log(report.tables.interactions); // { file, read, accepted, quarantined }
 * ```
 */
export async function loadDataDir(
  dir: string,
  options: LoadDataDirOptions = {},
): Promise<DataDirLoad> {
  await requireDataDir(dir);
  const data: Partial<Dataset> = {};
  const report: LoadReport = { tables: {} };
  const quarantine: QuarantineEntry[] = [];
  let ipfTypes: Set<string> | undefined;
  for (const spec of TABLES) {
    if (options.tables && !spec.requiredTable && !options.tables.includes(spec.name)) continue;
    const file = await findTableFile(dir, spec.name);
    if (!file) {
      if (spec.requiredTable) {
        throw new DataError(
          `${dir}: no ${spec.name} table, expected one of ${
            TABLE_FILE_SUFFIXES.map((s) => spec.name + s).join(", ")
          }`,
          dir,
        );
      }
      continue;
    }
    options.log?.(`reading ${file}`);
    const load = await loadTable(file, spec.name, {
      ipfTypes: spec.name === "interactions" ? ipfTypes : undefined,
      onProgress: (n) => options.log?.(`  ${spec.name}: ${n.toLocaleString("en")} rows read`),
    });
    (data as Record<string, unknown>)[spec.name] = load.records;
    report.tables[spec.name] = load.counts;
    for (const e of load.quarantine) quarantine.push(e);
    if (spec.name === "ipf") {
      ipfTypes = new Set(load.records.map((r) => r.interaction_type as string));
    }
  }
  const transcripts = await transcriptsFolder(dir);
  if (transcripts) report.transcripts_folder = transcripts;
  return { data: data as Dataset, report, quarantine };
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
