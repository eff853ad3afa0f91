/**
 * Data quality of a data directory, per canonical table: rows read, accepted,
 * quarantined (with the top reasons) and the source rows an import's rules
 * filtered out (from `filtered.csv`, with the rule and reason), and the files to
 * look at. The report's "About the data" section renders it.
 *
 * @module
 */
import { join } from "node:path";
import type { LoadReport } from "./load.ts";
import type { QuarantineEntry } from "./validate.ts";
import { openTableFile } from "./source.ts";

/** How many rows share one reason, with the first place it occurs. */
export interface ReasonCount {
  /** the quarantine reason (e.g. `missing_value`) or the filtering rule's reason */
  reason: string;
  /** the column at fault (quarantine), or the rule that filtered (filtered rows) */
  where: string;
  count: number;
  /** the first occurrence, `file:line` */
  example: string;
}

/** What became of one table's rows. */
export interface TableQuality {
  table: string;
  /** the canonical file the table was read from */
  file: string;
  /** rows read; null when not known (tables given to the engine directly) */
  read: number | null;
  accepted: number;
  /** null when not known */
  quarantined: number | null;
  /**
   * source rows a rule of this table did not use, counted once per rule (a won deal is
   * "not used" by the rule for lost deals); null without `filtered.csv`
   */
  filtered: number | null;
  /**
   * source rows no rule of this table used: left out of the table altogether (null when
   * the import did not record its rules in manifest.json)
   */
  dropped: number | null;
  /** the most frequent quarantine reasons, most first */
  quarantine_reasons: ReasonCount[];
  /** the most frequent filtering reasons, most first */
  filtered_reasons: ReasonCount[];
  /** the raw files of the import the filtered rows come from (with the source folder) */
  source_files: string[];
}

/** The data quality of one data set (see module doc). */
export interface DataQuality {
  /** where the data came from (the data folder or the database schema) */
  source: string;
  /** the raw data set the folder was imported from (manifest.json `source`), when known */
  imported_from: string | null;
  /** the quarantine file to look at, when one exists */
  quarantine_file: string | null;
  /** the import's filtered-rows file, when one exists */
  filtered_file: string | null;
  tables: TableQuality[];
  /** total quarantined rows (null when not known) */
  quarantined: number | null;
  /** total filtered source rows (null without `filtered.csv`) */
  filtered: number | null;
  /** every quarantined row (the table behind the reasons) */
  quarantine: QuarantineEntry[];
  notes: string[];
}

/** One row of `filtered.csv` as {@linkcode dataQuality} reads it. */
export interface FilteredRow {
  source: string;
  file: string;
  line: number;
  table: string;
  rule: string;
  reason: string;
}

/** Options for {@linkcode dataQuality}. */
export interface DataQualityOptions {
  /** a quarantine file written for this load (default: DIR/quarantine.csv when it exists) */
  quarantineFile?: string;
  /**
   * the import's rules (manifest.json `rules`, default); a rule that filtered nothing
   * must be listed for {@linkcode TableQuality.dropped} to be right
   */
  rules?: readonly { table: string; rule: string; source: string }[];
  /** reasons kept per table and kind; default 5 */
  top?: number;
}

/**
 * The top reasons of a list of rows, grouped by reason and place, most first (ties
 * by reason, then place).
 *
 * Complexity: O(n + groups log groups).
 *
 * @example
 * ```ts
 * import { topReasons } from "./data_quality.ts";
 * topReasons([
 *   { reason: "bad_value", where: "amount", at: "i.csv:3" },
 *   { reason: "bad_value", where: "amount", at: "i.csv:9" },
 *   { reason: "missing_value", where: "account_id", at: "i.csv:4" },
 * ]); // => [{ reason: "bad_value", where: "amount", count: 2, example: "i.csv:3" }, { reason: "missing_value", where: "account_id", count: 1, example: "i.csv:4" }]
 * ```
 */
export function topReasons(
  rows: Iterable<{ reason: string; where: string; at: string }>,
  top = 5,
): ReasonCount[] {
  const groups = new Map<string, ReasonCount>();
  for (const r of rows) {
    const k = `${r.reason}\u0000${r.where}`;
    const g = groups.get(k);
    if (g) g.count++;
    else groups.set(k, { reason: r.reason, where: r.where, count: 1, example: r.at });
  }
  return [...groups.values()].sort((a, b) =>
    b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0) ||
    (a.where < b.where ? -1 : a.where > b.where ? 1 : 0)
  ).slice(0, top);
}

/** Source rows filtered by every rule of a table that reads their source. */
function droppedRows(
  rows: readonly FilteredRow[],
  rules: readonly { rule: string; source: string }[],
): number {
  const perSource = new Map<string, number>();
  for (const r of rules) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
  const byRow = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.source}\u0000${r.file}\u0000${r.line}`;
    byRow.set(k, (byRow.get(k) ?? 0) + 1);
  }
  let n = 0;
  for (const [k, c] of byRow) if (c >= (perSource.get(k.split("\u0000")[0]) ?? Infinity)) n++;
  return n;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Reads an import's `filtered.csv` (columns source, file, line, table, rule, reason).
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { readFiltered } from "./data_quality.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "source,file,line,table,rule,reason\np,p.csv,4,interactions,won,open deal\n");
 * (await readFiltered(path))[0].rule; // => "won"
 * ```
 */
export async function readFiltered(path: string): Promise<FilteredRow[]> {
  const src = await openTableFile(path);
  const names = src.header.map((h) => h.trim().toLowerCase());
  const at = (n: string) => names.indexOf(n);
  const idx = {
    source: at("source"),
    file: at("file"),
    line: at("line"),
    table: at("table"),
    rule: at("rule"),
    reason: at("reason"),
  };
  const out: FilteredRow[] = [];
  for await (const item of src.rows) {
    if (!item.fields) continue;
    const f = (i: number) => (i >= 0 ? item.fields![i] ?? "" : "");
    out.push({
      source: f(idx.source),
      file: f(idx.file),
      line: Number(f(idx.line)) || 0,
      table: f(idx.table),
      rule: f(idx.rule),
      reason: f(idx.reason),
    });
  }
  return out;
}

/**
 * The data quality of a loaded data directory: the loader's counts and quarantine
 * (`report`, `quarantine` from the engine's `loadDataDirIntoEngine`) per table,
 * with the top quarantine reasons, plus the import's `filtered.csv` and
 * `manifest.json` when the folder has them.
 *
 * Why: a report that does not say which rows it left out cannot be trusted; this
 * puts the counts and the files to look at next to the figures.
 * Complexity: O(quarantined rows + filtered rows).
 *
 * @example
 * ```ts
 * import { dataQuality } from "./data_quality.ts";
 * const file = "data/ipf/b2b-default.csv";
 * const report = { tables: { ipf: { file, read: 2, accepted: 1, quarantined: 1 } } };
 * const q = await dataQuality("data/ipf", report, [{
 *   table: "ipf", file, line: 3, column: "rv", value: "x",
 *   expected: "a number with . as decimal separator", reason: "bad_value", message: "",
 * }]);
 * q.quarantined; // => 1
 * ```
 */
export async function dataQuality(
  dir: string,
  report: LoadReport,
  quarantine: readonly QuarantineEntry[],
  options: DataQualityOptions = {},
): Promise<DataQuality> {
  const top = options.top ?? 5;
  let importedFrom: string | null = null;
  let rules = options.rules;
  try {
    const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
    if (typeof m.source === "string" && m.source) importedFrom = m.source;
    if (!rules && Array.isArray(m.rules)) rules = m.rules;
  } catch {
    // no manifest: not an imported folder
  }
  const filteredFile = join(dir, "filtered.csv");
  const filtered = (await exists(filteredFile)) ? await readFiltered(filteredFile) : null;
  const quarantineFile = options.quarantineFile ??
    ((await exists(join(dir, "quarantine.csv"))) ? join(dir, "quarantine.csv") : null);
  const sourcePath = (f: string) => (importedFrom ? join(importedFrom, f) : f);
  const tables: TableQuality[] = [];
  const names = new Set<string>(Object.keys(report.tables));
  for (const f of filtered ?? []) if (f.table) names.add(f.table);
  for (const table of names) {
    const c = report.tables[table as keyof LoadReport["tables"]];
    const q = quarantine.filter((e) => e.table === table);
    const fr = filtered?.filter((f) => f.table === table) ?? null;
    tables.push({
      table,
      file: c?.file ?? "",
      read: c ? c.read : null,
      accepted: c?.accepted ?? 0,
      quarantined: c ? c.quarantined : null,
      filtered: fr && !(rules && !rules.some((r) => r.table === table)) ? fr.length : null,
      dropped: fr && rules ? droppedRows(fr, rules.filter((r) => r.table === table)) : null,
      quarantine_reasons: topReasons(
        q.map((e) => ({ reason: e.reason, where: e.column, at: `${e.file}:${e.line}` })),
        top,
      ),
      filtered_reasons: topReasons(
        (fr ?? []).map((f) => ({ reason: f.reason, where: f.rule, at: `${f.file}:${f.line}` })),
        top,
      ),
      source_files: [...new Set((fr ?? []).map((f) => sourcePath(f.file)))].sort(),
    });
  }
  // source rows that no table claims (malformed source rows carry no table)
  const unclaimed = filtered?.filter((f) => !f.table) ?? [];
  const notes: string[] = [];
  if (unclaimed.length) {
    notes.push(
      `${unclaimed.length} source rows could not be parsed at all (in ${filteredFile} without a table)`,
    );
  }
  const order = ["ipf", "interactions", "accounts", "financials", "voc", "transcripts"];
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  tables.sort((a, b) => rank(a.table) - rank(b.table) || (a.table < b.table ? -1 : 1));
  return {
    source: dir,
    imported_from: importedFrom,
    quarantine_file: quarantineFile,
    filtered_file: filtered ? filteredFile : null,
    tables,
    quarantined: quarantine.length,
    filtered: filtered ? filtered.length : null,
    quarantine: [...quarantine],
    notes,
  };
}

/**
 * Why an analysis has nothing to work on, or null: no interaction and no financial
 * row was accepted. The message names each of the two tables' counts, the most
 * frequent quarantine reason with its first file and line, and where the quarantine
 * is (or how to write it).
 *
 * Why: "no data" after every row was quarantined must point at the rows, not crash
 * deep inside a window computation.
 * Complexity: O(tables).
 *
 * @example
 * ```ts
 * import { nothingToAnalyse } from "./data_quality.ts";
 * nothingToAnalyse({
 *   source: "crm", imported_from: null, quarantine_file: null, filtered_file: null,
 *   quarantined: 2, filtered: null, quarantine: [], notes: [],
 *   tables: [{
 *     table: "interactions", file: "crm/interactions.csv", read: 2, accepted: 0, quarantined: 2,
 *     filtered: null, dropped: null, filtered_reasons: [], source_files: [],
 *     quarantine_reasons: [{ reason: "bad_date", where: "occurred_at", count: 2, example: "crm/interactions.csv:2" }],
 *   }],
 * })?.startsWith("no interactions or financials to analyse in crm"); // => true
 * ```
 */
export function nothingToAnalyse(q: DataQuality): string | null {
  const parts: string[] = [];
  for (const name of ["interactions", "financials"]) {
    const t = q.tables.find((x) => x.table === name);
    if (t && t.accepted > 0) return null;
    if (!t) {
      parts.push(`${name}: no table`);
      continue;
    }
    const top = t.quarantine_reasons[0];
    parts.push(
      `${name}: ${t.accepted} of ${t.read ?? "?"} rows accepted` +
        (t.quarantined ? `, ${t.quarantined} quarantined` : "") +
        (top ? ` (mostly ${top.reason}, first at ${top.example})` : ""),
    );
  }
  const where = q.quarantine_file
    ? `the reasons are in ${q.quarantine_file}`
    : `\`rvlab check --data ${q.source} --quarantine q.csv\` writes every reason`;
  return `no interactions or financials to analyse in ${q.source}: ${parts.join("; ")}; ${where}`;
}
