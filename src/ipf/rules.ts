/**
 * Declarative business rules: a YAML file that turns raw source rows (CRM exports,
 * marketing-automation lists, order logs, survey dumps) into canonical tables.
 *
 * A rules file names its sources, then lists for each canonical table the rules
 * that fill it. A rule reads one source (optionally left-joined to others), keeps
 * the rows its `where` holds for, and computes every output column from an SQL
 * expression (DuckDB dialect) over the source columns. Several rules may fill the
 * same table: that is how one raw row explodes into several interactions (an
 * opportunity gives an "engaged" and a "won" interaction). `group_by` aggregates
 * (monthly revenue per account from orders). Adding a silo is adding a source and
 * rules, not code.
 *
 * Nothing is dropped silently: for every rule, source rows = emitted + filtered,
 * and every filtered row is written out with the rule's reason.
 *
 * ```yaml
 * adapter: maven-crm
 * data_kind: fictional            # real | fictional | synthetic
 * sources:
 *   pipeline: { file: sales_pipeline.csv.gz }
 *   teams: { file: sales_teams.csv.gz }
 * tables:
 *   interactions:
 *     - name: won
 *       from: pipeline
 *       join: [{ source: teams, on: "pipeline.sales_agent = teams.sales_agent" }]
 *       where: "deal_stage = 'Won'"
 *       where_reason: "the deal is not won"
 *       columns:
 *         interaction_id: "opportunity_id || '-won'"
 *         occurred_at: "close_date"
 *         account_id: "account"
 *         interaction_type: "'deal_won'"
 *         amount: "close_value"
 * ```
 *
 * @module
 */
import { parse as parseYaml } from "npm:yaml@2.9.1";
import { basename, join } from "node:path";
import { projectPath } from "../io/paths.ts";
import { DataError } from "../io/errors.ts";
import { parseCsvStream } from "../io/csv.ts";
import { readTextChunks } from "../io/source.ts";
import { type TableName, TABLES } from "../io/schema.ts";
import { type Engine, openEngine } from "../engine/duckdb.ts";
import { ident, str } from "../sql/literal.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import * as v from "npm:valibot@1.5.0";
import {
  checkSchema,
  describeValue,
  failAt,
  type IssuePathItem,
  strictObject,
} from "../io/schema_check.ts";
import { type ContactRecord, dedupeContacts } from "./contacts.ts";

/** A name usable as an SQL table: lower snake case. */
const SourceName = v.pipe(
  v.string(),
  v.regex(/^[a-z_][a-z0-9_]*$/, (issue) => `source name "${issue.input}" must be lower snake case`),
);

/** An SQL expression; YAML reads `1` as a number, which is kept as its text. */
const SqlExpression = v.pipe(
  v.union(
    [v.string(), v.number()],
    (issue) => `expected an SQL expression, found ${describeValue(issue.input)}`,
  ),
  v.transform(String),
);

/** Where a source's rows come from. */
const SourceRuleSchema = strictObject({
  /** file name relative to the `--from` folder (CSV, optionally .gz) */
  file: v.string(),
  /** `csv` (default) or `whitespace` (columns separated by runs of blanks) */
  format: v.optional(v.picklist(["csv", "whitespace"])),
  delimiter: v.optional(v.string()),
});

/** One rule filling a canonical table. */
const OutputRuleSchema = strictObject({
  /** a short name used in reports (default: table + position) */
  name: v.optional(v.string()),
  /** the source whose rows the rule reads */
  from: v.string(),
  /** left joins to other sources */
  join: v.optional(v.array(strictObject({ source: v.string(), on: v.string() }))),
  /** SQL condition; rows where it is not true are filtered (and written out with the reason) */
  where: v.optional(v.string()),
  /** why a row that fails `where` is not used, in words */
  where_reason: v.optional(v.string()),
  /** SQL expressions to group by; the columns then hold aggregates */
  group_by: v.optional(v.array(SqlExpression)),
  /** output column → SQL expression */
  columns: v.record(v.string(), SqlExpression),
});

/** For each canonical table, the optional list of rules that fill it. */
const tableEntries = Object.fromEntries(
  TABLES.map((t) => [t.name, v.optional(v.array(OutputRuleSchema))]),
) as Record<
  TableName,
  v.OptionalSchema<v.ArraySchema<typeof OutputRuleSchema, undefined>, undefined>
>;

/**
 * The rules-file schema: what a rules file must hold (checked by
 * `io/schema_check.ts`; references between sources and rules by
 * {@linkcode checkRules}). The TypeScript types are inferred from it.
 */
export const RulesSchema = strictObject({
  adapter: v.string(),
  description: v.optional(v.string()),
  /** whether the data is real, fictional or synthetic: reports say so */
  data_kind: v.picklist(["real", "fictional", "synthetic"]),
  sources: v.record(SourceName, SourceRuleSchema),
  tables: strictObject(tableEntries, "table"),
  /**
   * De-duplicate contacts across silos: output columns of `interactions` holding
   * the e-mail and the name of the contact (see `contacts.ts`)
   */
  contacts: v.optional(
    strictObject({ email: v.optional(v.string()), name: v.optional(v.string()) }),
  ),
});

/** Where a source's rows come from. */
export type SourceRule = v.InferOutput<typeof SourceRuleSchema>;

/** One rule filling a canonical table. */
export type OutputRule = v.InferOutput<typeof OutputRuleSchema>;

/** A whole rules file. */
export type RulesConfig = v.InferOutput<typeof RulesSchema>;

/** Per-rule counts: source_rows = emitted + filtered for row rules. */
export interface RuleReport {
  table: string;
  rule: string;
  source: string;
  source_rows: number;
  emitted: number;
  filtered: number;
  grouped: boolean;
}

/** What applying rules gives. */
export interface RulesResult {
  sources: Record<string, { file: string; read: number; malformed: number }>;
  rules: RuleReport[];
  /** rows per written canonical table */
  tables: Partial<Record<TableName, number>>;
  /** paths written */
  files: string[];
  /** the file listing filtered and malformed source rows with reasons */
  filtered_file: string;
  /** contact de-duplication, when the rules ask for it */
  contacts?: { records: number; people: number; merged: number; report_file: string };
}

/**
 * Reads and checks a rules file (YAML or JSON); throws a DataError naming the
 * file and the fault.
 *
 * Why: a mistake in a rules file is reported before any data is read.
 * Complexity: O(size of the file).
 *
 * @example
 * ```ts
 * import { readRules, RULES_DIR } from "./rules.ts";
 * const rules = await readRules(`${RULES_DIR}/cdnow.yaml`);
 * Object.keys(rules.tables); // => ["interactions", "accounts", "financials"]
 * ```
 */
export async function readRules(path: string): Promise<RulesConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new DataError(`${path}: cannot read the rules file (${(e as Error).message})`, path);
  }
  let raw: unknown;
  try {
    raw = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { merge: true });
  } catch (e) {
    throw new DataError(
      `${path}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"} (${(e as Error).message})`,
      path,
    );
  }
  return checkRules(raw, path);
}

/** Names a rule in an error path after its position: `tables.interactions[0] (won)`. */
function ruleLabel(item: IssuePathItem, issue: v.BaseIssue<unknown>): string | undefined {
  const path = issue.path ?? [];
  if (path[0]?.key !== "tables" || path[2] !== item) return undefined;
  const name = (item.value as { name?: unknown } | null)?.name;
  return typeof name === "string" && path[3]?.key !== "name" ? name : undefined;
}

/**
 * Checks a parsed rules document: its shape against {@linkcode RulesSchema}
 * (unknown keys, missing keys and wrong types are errors naming the path, e.g.
 * `rules.yaml: tables.interactions[0].where: expected string, found number 1`),
 * then that every `from` and join names a defined source.
 * Complexity: O(size of the document).
 *
 * @example
 * ```ts
 * import { checkRules } from "./rules.ts";
 * checkRules({ adapter: "x", data_kind: "synthetic", sources: { a: { file: "a.csv" } }, tables: {} });
 * ```
 */
export function checkRules(raw: unknown, path = "rules"): RulesConfig {
  const rules = checkSchema(RulesSchema, raw, path, { label: ruleLabel });
  const names = Object.keys(rules.sources);
  for (const [table, list] of Object.entries(rules.tables)) {
    (list ?? []).forEach((rule, i) => {
      const at = `tables.${table}[${i}]${rule.name === undefined ? "" : ` (${rule.name})`}`;
      if (!names.includes(rule.from)) {
        failAt(
          path,
          at,
          `"from" must name a source, found ${JSON.stringify(rule.from)} (sources: ${
            names.join(", ")
          })`,
        );
      }
      (rule.join ?? []).forEach((j, k) => {
        if (!names.includes(j.source)) {
          failAt(path, `${at}.join[${k}]`, `join source "${j.source}" is not defined`);
        }
      });
    });
  }
  return rules;
}

/** Options for {@linkcode applyRules}. */
export interface ApplyRulesOptions {
  log?: (line: string) => void;
  /** an open engine to use (default: a fresh in-memory one, closed afterwards) */
  engine?: Engine;
}

/**
 * Applies a rules file to the raw files in `fromDir` and writes canonical CSV
 * tables into `outDir`, plus `filtered.csv` (every source row a rule did not use,
 * with the rule and reason). Validation of the written tables is the loader's job.
 *
 * The steps: {@linkcode loadSources} reads every source into the engine; for
 * each canonical table with rules, {@linkcode outputColumns} fixes the columns,
 * {@linkcode runRule} counts and lists what each rule emits and filters, and
 * {@linkcode writeTable} unions the rules' rows, merges contacts and writes the CSV.
 *
 * Why: a new CRM export needs a rules file, not new code.
 * Complexity: O(source rows) to read; the SQL runs in DuckDB.
 *
 * @example
 * ```ts
 * import { applyRules, readRules, RULES_DIR } from "./rules.ts";
 * const rules = await readRules(`${RULES_DIR}/cdnow.yaml`);
 * // the CDNOW files in the shared data folder
 * const r = await applyRules(rules, "../shared/data/cdnow", "out/cdnow");
 * console.log(r.tables.interactions, r.files);
 * ```
 */
export async function applyRules(
  rules: RulesConfig,
  fromDir: string,
  outDir: string,
  options: ApplyRulesOptions = {},
): Promise<RulesResult> {
  const log = options.log ?? (() => {});
  const engine = options.engine ?? (await openEngine());
  try {
    await Deno.mkdir(outDir, { recursive: true });
    const result: RulesResult = {
      sources: {},
      rules: [],
      tables: {},
      files: [],
      filtered_file: join(outDir, "filtered.csv"),
    };
    const filtered: string[] = [
      formatCsvRow(["source", "file", "line", "table", "rule", "reason"]),
    ];
    result.sources = await loadSources(engine, rules, fromDir, filtered, log);
    for (const spec of TABLES) {
      const list = rules.tables[spec.name];
      if (!list?.length) continue;
      const columns = outputColumns(spec.columns.map((c) => c.name), list);
      const selects: string[] = [];
      for (const [i, rule] of list.entries()) {
        const run = await runRule(engine, rules, spec.name, rule, i, columns);
        selects.push(run.select);
        result.rules.push(run.report);
        filtered.push(...run.filtered);
      }
      await writeTable(engine, rules, spec.name, selects, outDir, result, log);
    }
    await Deno.writeTextFile(result.filtered_file, filtered.join(""));
    result.files.push(result.filtered_file);
    return result;
  } finally {
    if (!options.engine) engine.close();
  }
}

/**
 * Step 1 of {@linkcode applyRules}: loads every source of the rules into the
 * engine, adding a `filtered.csv` line for each malformed row.
 */
async function loadSources(
  engine: Engine,
  rules: RulesConfig,
  fromDir: string,
  filtered: string[],
  log: (line: string) => void,
): Promise<RulesResult["sources"]> {
  const sources: RulesResult["sources"] = {};
  for (const [name, src] of Object.entries(rules.sources)) {
    const path = join(fromDir, src.file);
    log(`reading ${path}`);
    const { read, malformed } = await loadSource(engine, name, path, src, (line, reason) => {
      filtered.push(formatCsvRow([name, basename(path), line, "", "", reason]));
    });
    sources[name] = { file: path, read, malformed };
  }
  return sources;
}

/**
 * Step 2: the columns a table is written with: its canonical columns, then the
 * extra columns its rules compute, in the order they first appear.
 * Complexity: O(rules × columns).
 *
 * @example
 * ```ts
 * import { outputColumns } from "./rules.ts";
 * outputColumns(["a", "b"], [{ columns: { c: "1", a: "2" } }]); // => ["a", "b", "c"]
 * ```
 */
export function outputColumns(
  canonical: readonly string[],
  rules: readonly Pick<OutputRule, "columns">[],
): string[] {
  const out = [...canonical];
  for (const r of rules) {
    for (const c of Object.keys(r.columns)) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * The SQL of one rule: its FROM clause (with joins), its WHERE condition and
 * GROUP BY, and the SELECT of every output column (`NULL` for a column the rule
 * does not compute). Pure. Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { ruleSql } from "./rules.ts";
 * ruleSql({ from: "s", where: "x > 1", columns: { a: "x" } }, ["a", "b"]).select;
 * ```
 */
export function ruleSql(
  rule: OutputRule,
  columns: readonly string[],
): { from: string; where: string; group: string; select: string } {
  const from = fromClause(rule);
  const cols = columns.map((c) => {
    const e = rule.columns[c];
    return `${e === undefined ? "NULL" : `(${e})`} AS ${ident(c)}`;
  });
  const where = rule.where ? `(${rule.where})` : "TRUE";
  const group = rule.group_by?.length ? ` GROUP BY ${rule.group_by.join(", ")}` : "";
  return {
    from,
    where,
    group,
    select: `SELECT ${cols.join(", ")} FROM ${from} WHERE ${where}${group}`,
  };
}

/**
 * Step 3: one rule's SELECT, its counts (source rows = emitted + filtered for a
 * row rule; a grouped rule emits its groups) and the `filtered.csv` lines of
 * the source rows its `where` does not keep.
 */
async function runRule(
  engine: Engine,
  rules: RulesConfig,
  table: TableName,
  rule: OutputRule,
  index: number,
  columns: readonly string[],
): Promise<{ select: string; report: RuleReport; filtered: string[] }> {
  const name = rule.name ?? `${table}_${index + 1}`;
  const { from, where, group, select } = ruleSql(rule, columns);
  const total = await count(engine, `SELECT count(*) AS n FROM ${from}`, name);
  const kept = await count(engine, `SELECT count(*) AS n FROM ${from} WHERE ${where}`, name);
  const emitted = group
    ? await count(
      engine,
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where}${group})`,
      name,
    )
    : kept;
  const filtered: string[] = [];
  if (total !== kept) {
    const reason = rule.where_reason ?? `does not meet: ${rule.where}`;
    const file = basename(rules.sources[rule.from].file);
    const rows = await engine.query<{ line: number }>(
      `SELECT ${
        ident(rule.from)
      }._line AS line FROM ${from} WHERE NOT coalesce(${where}, FALSE) ORDER BY 1`,
    );
    for (const r of rows) {
      filtered.push(formatCsvRow([rule.from, file, r.line, table, name, reason]));
    }
  }
  const report: RuleReport = {
    table,
    rule: name,
    source: rule.from,
    source_rows: total,
    emitted,
    filtered: total - kept,
    grouped: !!group,
  };
  return { select, report, filtered };
}

/**
 * Step 4: unions the rules' SELECTs into one table, merges contacts when the
 * rules ask for it (interactions only), writes `<table>.csv` and records the
 * rows and files in `result`.
 */
async function writeTable(
  engine: Engine,
  rules: RulesConfig,
  table: TableName,
  selects: readonly string[],
  outDir: string,
  result: RulesResult,
  log: (line: string) => void,
): Promise<void> {
  const file = join(outDir, `${table}.csv`);
  const tmp = ident(`_out_${table}`);
  try {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${tmp} AS ${selects.join("\nUNION ALL\n")}`);
  } catch (e) {
    throw new DataError(
      `rules for table ${table}: the SQL failed: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  if (table === "interactions" && rules.contacts) {
    const report = join(outDir, "contacts_merge.csv");
    result.contacts = await mergeContacts(engine, tmp, rules.contacts, report);
    result.files.push(report);
    log(`contacts: ${result.contacts.records} records are ${result.contacts.people} people`);
  }
  await engine.run(
    `COPY ${tmp} TO ${
      str(file)
    } (HEADER, DELIMITER ',', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%SZ', DATEFORMAT '%Y-%m-%d')`,
  );
  result.tables[table] = await count(engine, `SELECT count(*) AS n FROM ${tmp}`, table);
  result.files.push(file);
  log(`wrote ${file} (${result.tables[table]} rows)`);
}

function fromClause(rule: OutputRule): string {
  let s = ident(rule.from);
  for (const j of rule.join ?? []) s += ` LEFT JOIN ${ident(j.source)} ON ${j.on}`;
  return s;
}

async function count(engine: Engine, sql: string, what: string): Promise<number> {
  try {
    const [row] = await engine.query<{ n: number }>(sql);
    return Number(row.n);
  } catch (e) {
    throw new DataError(`rule ${what}: the SQL failed: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * Loads one raw source file into DuckDB as a table of VARCHAR columns plus `_line`
 * (the 1-based line in the file). Rows that cannot be parsed, or have another number
 * of fields than the header, are reported through `onMalformed` and not loaded.
 */
async function loadSource(
  engine: Engine,
  name: string,
  path: string,
  src: SourceRule,
  onMalformed: (line: number, reason: string) => void,
): Promise<{ read: number; malformed: number }> {
  let header: string[] | undefined;
  let read = 0;
  let malformed = 0;
  let appender: Awaited<ReturnType<Engine["conn"]["createAppender"]>> | undefined;
  const rows = src.format === "whitespace" ? whitespaceRows(path) : csvRows(path, src.delimiter);
  for await (const item of rows) {
    if (!header) {
      if ("problem" in item) {
        throw new DataError(
          `${path}: line ${item.line}: cannot read the header: ${item.problem}`,
          path,
          item.line,
        );
      }
      header = sourceColumnNames(item.fields);
      const cols = ["_line INTEGER", ...header.map((h) => `${ident(h)} VARCHAR`)];
      await engine.run(`CREATE OR REPLACE TABLE ${ident(name)} (${cols.join(", ")})`);
      appender = await engine.conn.createAppender(name);
      continue;
    }
    read++;
    if ("problem" in item) {
      malformed++;
      onMalformed(item.line, `malformed source row: ${item.problem}`);
      continue;
    }
    if (item.fields.length !== header.length) {
      malformed++;
      onMalformed(
        item.line,
        `malformed source row: expected ${header.length} fields as in the header, found ${item.fields.length}`,
      );
      continue;
    }
    appender!.appendInteger(item.line);
    for (const f of item.fields) {
      const v = f.trim();
      if (v === "") appender!.appendNull();
      else appender!.appendVarchar(v);
    }
    appender!.endRow();
  }
  if (!header) throw new DataError(`${path}: the file is empty, expected a header row`, path);
  appender!.flushSync();
  appender!.closeSync();
  return { read, malformed };
}

type SourceItem = { line: number; fields: string[] } | { line: number; problem: string };

async function* csvRows(path: string, delimiter?: string): AsyncGenerator<SourceItem> {
  for await (const item of parseCsvStream(readTextChunks(path), { delimiter })) {
    if (item.problem) yield { line: item.problem.line, problem: item.problem.message };
    else yield { line: item.record.line, fields: item.record.fields };
  }
}

async function* whitespaceRows(path: string): AsyncGenerator<SourceItem> {
  let rest = "";
  let line = 0;
  for await (const chunk of readTextChunks(path)) {
    const parts = (rest + chunk).split(/\r?\n/);
    rest = parts.pop()!;
    for (const p of parts) {
      line++;
      if (p.trim() !== "") yield { line, fields: p.trim().split(/\s+/) };
    }
  }
  line++;
  if (rest.trim() !== "") yield { line, fields: rest.trim().split(/\s+/) };
}

/** The folder holding the shipped rules files. */
export const RULES_DIR: string = projectPath("data", "rules");

/**
 * Column names of a raw source as SQL can use them: lower case, runs of other
 * characters turned into `_` ("Comment ID" → `comment_id`), empty names numbered,
 * repeated names suffixed `_2`, `_3`.
 *
 * Why: rules refer to source columns in SQL without quoting.
 * Complexity: O(total length of the names).
 *
 * @example
 * ```ts
 * import { sourceColumnNames } from "./rules.ts";
 * sourceColumnNames(["Comment ID", "", "name", "Name"]); // => ["comment_id", "column_2", "name", "name_2"]
 * ```
 */
export function sourceColumnNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h.trim().toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") ||
      `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/**
 * Rewrites `contact_id` of the interactions being built so that one person known
 * to several silos has one id, and writes the merge report.
 */
async function mergeContacts(
  engine: Engine,
  table: string,
  cfg: { email?: string; name?: string },
  reportFile: string,
): Promise<{ records: number; people: number; merged: number; report_file: string }> {
  const col = (c: string | undefined) => (c ? ident(c) : "NULL");
  const rows = await engine.query<ContactRecord>(
    `SELECT coalesce(source_system, '') AS source_system, coalesce(contact_id, account_id) AS contact_id, account_id,
            ${col(cfg.email)} AS email, ${col(cfg.name)} AS name
       FROM ${table} ORDER BY occurred_at, interaction_id`,
  );
  const d = dedupeContacts(rows);
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE _contact_map (source_system VARCHAR, contact_id VARCHAR, canonical VARCHAR)`,
  );
  const app = await engine.conn.createAppender("_contact_map");
  for (const [k, canonical] of d.mapping) {
    const [src, id] = k.split("\u0000");
    app.appendVarchar(src);
    app.appendVarchar(id);
    app.appendVarchar(canonical);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  await engine.run(
    `UPDATE ${table} SET contact_id = m.canonical FROM _contact_map m
      WHERE coalesce(${table}.source_system, '') = m.source_system AND coalesce(${table}.contact_id, ${table}.account_id) = m.contact_id`,
  );
  let text = formatCsvRow([
    "canonical_contact_id",
    "source_system",
    "merged_contact_id",
    "matched_on",
    "key",
  ]);
  for (const m of d.merges) {
    text += formatCsvRow([
      m.canonical_contact_id,
      m.source_system,
      m.merged_contact_id,
      m.matched_on,
      m.key,
    ]);
  }
  await Deno.writeTextFile(reportFile, text);
  return { records: d.records, people: d.people, merged: d.merges.length, report_file: reportFile };
}
