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
import { parse as parseYaml } from "yaml";
import { basename, join } from "node:path";
import { projectPath } from "../io/paths.ts";
import { DataError } from "../io/errors.ts";
import { parseCsvStream } from "../io/csv.ts";
import { readTextChunks } from "../io/source.ts";
import { type TableName, TABLES } from "../io/schema.ts";
import { type Engine, openEngine } from "../engine/duckdb.ts";
import { ident, str } from "../sql/literal.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { type ContactRecord, dedupeContacts } from "./contacts.ts";

/** Where a source's rows come from. */
export interface SourceRule {
  /** file name relative to the `--from` folder (CSV, optionally .gz) */
  file: string;
  /** `csv` (default) or `whitespace` (columns separated by runs of blanks) */
  format?: "csv" | "whitespace";
  delimiter?: string;
}

/** One rule filling a canonical table. */
export interface OutputRule {
  /** a short name used in reports (default: table + position) */
  name?: string;
  /** the source whose rows the rule reads */
  from: string;
  /** left joins to other sources */
  join?: { source: string; on: string }[];
  /** SQL condition; rows where it is not true are filtered (and written out with the reason) */
  where?: string;
  /** why a row that fails `where` is not used, in words */
  where_reason?: string;
  /** SQL expressions to group by; the columns then hold aggregates */
  group_by?: string[];
  /** output column → SQL expression */
  columns: Record<string, string>;
}

/** A whole rules file. */
export interface RulesConfig {
  adapter: string;
  description?: string;
  /** whether the data is real, fictional or synthetic: reports say so */
  data_kind: "real" | "fictional" | "synthetic";
  sources: Record<string, SourceRule>;
  tables: Partial<Record<TableName, OutputRule[]>>;
  /**
   * De-duplicate contacts across silos: output columns of `interactions` holding
   * the e-mail and the name of the contact (see `contacts.ts`)
   */
  contacts?: { email?: string; name?: string };
}

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

/** Reads and checks a rules file (YAML or JSON). */
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

/** Checks the shape of a parsed rules document; errors name the rule and what is missing. */
export function checkRules(raw: unknown, path = "rules"): RulesConfig {
  const fail = (msg: string): never => {
    throw new DataError(`${path}: ${msg}`, path);
  };
  if (typeof raw !== "object" || raw === null) {
    fail("expected a mapping with adapter, data_kind, sources, tables");
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.adapter !== "string") fail('expected "adapter: <name>"');
  if (!["real", "fictional", "synthetic"].includes(r.data_kind as string)) {
    fail(
      `expected "data_kind" to be real, fictional or synthetic, found ${
        JSON.stringify(r.data_kind)
      }`,
    );
  }
  const sources = r.sources as Record<string, SourceRule>;
  if (typeof sources !== "object" || sources === null) {
    fail('expected "sources:" with at least one source');
  }
  for (const [name, s] of Object.entries(sources)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) fail(`source name "${name}" must be lower snake case`);
    if (typeof s?.file !== "string") fail(`source "${name}": expected "file: <name>"`);
  }
  const tables = r.tables as Record<string, OutputRule[]>;
  if (typeof tables !== "object" || tables === null) fail('expected "tables:"');
  const known = new Set(TABLES.map((t) => t.name as string));
  for (const [table, rules] of Object.entries(tables)) {
    if (!known.has(table)) {
      fail(`unknown table "${table}", expected one of ${[...known].join(", ")}`);
    }
    if (!Array.isArray(rules)) fail(`table "${table}": expected a list of rules`);
    rules.forEach((rule, i) => {
      const where = `table "${table}" rule ${rule?.name ?? i + 1}`;
      if (!sources[rule?.from]) {
        fail(`${where}: "from" must name a source, found ${JSON.stringify(rule?.from)}`);
      }
      for (const j of rule.join ?? []) {
        if (!sources[j.source]) fail(`${where}: join source "${j.source}" is not defined`);
        if (typeof j.on !== "string") fail(`${where}: join "${j.source}" needs "on: <condition>"`);
      }
      if (typeof rule.columns !== "object" || rule.columns === null) {
        fail(`${where}: expected "columns:"`);
      }
      for (const [c, e] of Object.entries(rule.columns)) {
        if (typeof e !== "string" && typeof e !== "number") {
          fail(`${where}: column "${c}" needs an SQL expression`);
        }
      }
    });
  }
  return r as unknown as RulesConfig;
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
 * Complexity: O(source rows) to read; the SQL runs in DuckDB.
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
    for (const [name, src] of Object.entries(rules.sources)) {
      const path = join(fromDir, src.file);
      log(`reading ${path}`);
      const { read, malformed } = await loadSource(engine, name, path, src, (line, reason) => {
        filtered.push(formatCsvRow([name, basename(path), line, "", "", reason]));
      });
      result.sources[name] = { file: path, read, malformed };
    }
    for (const spec of TABLES) {
      const list = rules.tables[spec.name];
      if (!list?.length) continue;
      const canonical = spec.columns.map((c) => c.name);
      const extras: string[] = [];
      for (const r of list) {
        for (
          const c of Object.keys(r.columns)
        ) if (!canonical.includes(c) && !extras.includes(c)) extras.push(c);
      }
      const outCols = [...canonical, ...extras];
      const selects: string[] = [];
      for (const [i, rule] of list.entries()) {
        const name = rule.name ?? `${spec.name}_${i + 1}`;
        const from = fromClause(rule);
        const cols = outCols.map((c) => {
          const e = rule.columns[c];
          return `${e === undefined ? "NULL" : `(${e})`} AS ${ident(c)}`;
        });
        const where = rule.where ? `(${rule.where})` : "TRUE";
        const group = rule.group_by?.length ? ` GROUP BY ${rule.group_by.join(", ")}` : "";
        selects.push(`SELECT ${cols.join(", ")} FROM ${from} WHERE ${where}${group}`);
        const total = await count(engine, `SELECT count(*) AS n FROM ${from}`, name);
        const emittedRows = await count(
          engine,
          `SELECT count(*) AS n FROM ${from} WHERE ${where}`,
          name,
        );
        const out = group
          ? await count(
            engine,
            `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where}${group})`,
            name,
          )
          : emittedRows;
        if (total !== emittedRows) {
          const reason = rule.where_reason ?? `does not meet: ${rule.where}`;
          const rows = await engine.query<{ line: number }>(
            `SELECT ${
              ident(rule.from)
            }._line AS line FROM ${from} WHERE NOT coalesce(${where}, FALSE) ORDER BY 1`,
          );
          for (const r of rows) {
            filtered.push(
              formatCsvRow([
                rule.from,
                basename(rules.sources[rule.from].file),
                r.line,
                spec.name,
                name,
                reason,
              ]),
            );
          }
        }
        result.rules.push({
          table: spec.name,
          rule: name,
          source: rule.from,
          source_rows: total,
          emitted: out,
          filtered: total - emittedRows,
          grouped: !!group,
        });
      }
      const file = join(outDir, `${spec.name}.csv`);
      const tmp = ident(`_out_${spec.name}`);
      try {
        await engine.run(`CREATE OR REPLACE TEMP TABLE ${tmp} AS ${selects.join("\nUNION ALL\n")}`);
      } catch (e) {
        throw new DataError(
          `rules for table ${spec.name}: the SQL failed: ${(e as Error).message.split("\n")[0]}`,
        );
      }
      if (spec.name === "interactions" && rules.contacts) {
        result.contacts = await mergeContacts(
          engine,
          tmp,
          rules.contacts,
          join(outDir, "contacts_merge.csv"),
        );
        result.files.push(join(outDir, "contacts_merge.csv"));
        log(`contacts: ${result.contacts.records} records are ${result.contacts.people} people`);
      }
      await engine.run(
        `COPY ${tmp} TO ${
          str(file)
        } (HEADER, DELIMITER ',', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%SZ', DATEFORMAT '%Y-%m-%d')`,
      );
      result.tables[spec.name] = await count(engine, `SELECT count(*) AS n FROM ${tmp}`, spec.name);
      result.files.push(file);
      log(`wrote ${file} (${result.tables[spec.name]} rows)`);
    }
    await Deno.writeTextFile(result.filtered_file, filtered.join(""));
    result.files.push(result.filtered_file);
    return result;
  } finally {
    if (!options.engine) engine.close();
  }
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
