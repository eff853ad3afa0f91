/**
 * The plain DuckDB peer of the bench, in its own process: the engine's own limit. Each table
 * is one typed `read_csv` (the canonical column types, financial periods read as DATE with
 * `%Y-%m`) with no validation and no quarantine, only the data model's two defaults
 * (`quantity` 1, `contact_id` the account); then the same RV and segment SQL as the rvlab
 * stage (`bench/job.ts`). Same engine settings as `bench/stage.ts` (in memory, 2 GB limit).
 * Prints one JSON object like the rvlab stage's.
 * Usage: deno run -A bench/duckdb_plain_stage.ts DATA_DIR
 */
import { join } from "node:path";
import { stageLine, stopwatch } from "./timing.ts";
import { peakRssMb, rvAndSegments } from "./job.ts";
import { createTableSql, type Engine, openEngine, sqlType } from "../src/engine/duckdb.ts";
import { TABLES, type TableSpec } from "../src/io/schema.ts";
import { ident, str } from "../src/sql/literal.ts";

/** The header of a CSV file (first line; the generated files quote no header). */
async function headerOf(path: string): Promise<string[] | null> {
  const file = await Deno.open(path).catch(() => null);
  if (!file) return null;
  try {
    const buf = new Uint8Array(64 * 1024);
    const n = (await file.read(buf)) ?? 0;
    const text = new TextDecoder().decode(buf.subarray(0, n));
    return text.split(/\r?\n/, 1)[0].split(",");
  } finally {
    file.close();
  }
}

/** Reads one table with a typed `read_csv`; a table without a file is created empty. */
async function loadPlain(engine: Engine, dir: string, spec: TableSpec): Promise<void> {
  const path = join(dir, `${spec.name}.csv`);
  const header = await headerOf(path);
  if (!header) return await engine.run(createTableSql(spec));
  const typeOf = new Map(spec.columns.map((c) => [c.name, sqlType(c)]));
  const columns = header.map((h) => `${str(h)}: ${str(typeOf.get(h) ?? "VARCHAR")}`);
  const select = spec.columns.map((c) => {
    const v = header.includes(c.name) ? ident(c.name) : `CAST(NULL AS ${sqlType(c)})`;
    if (spec.name === "interactions" && c.name === "quantity") {
      return `coalesce(${v}, 1) AS quantity`;
    }
    if (spec.name === "interactions" && c.name === "contact_id") {
      return `coalesce(${v}, account_id) AS contact_id`;
    }
    return `${v} AS ${ident(c.name)}`;
  });
  const extras = header.filter((h) => !typeOf.has(h)).map(ident);
  await engine.run(
    `CREATE OR REPLACE TABLE ${ident(spec.name)} AS SELECT ${[...select, ...extras].join(", ")}
     FROM read_csv(${str(path)}, header = true, auto_detect = false, dateformat = '%Y-%m',
                   columns = {${columns.join(", ")}})`,
  );
}

const [dir] = Deno.args;
const { seconds, cpu, time } = stopwatch();
const engine = await openEngine({ memoryLimit: "2GB" });
await time("load", async () => {
  for (const spec of TABLES) await loadPlain(engine, dir, spec);
});
const [{ n }] = await engine.query<{ n: number }>("SELECT count(*) AS n FROM interactions");
const figures = await rvAndSegments(engine, time);
engine.close();
console.log(stageLine(seconds, cpu, {
  interactions: n,
  ...figures,
}, await peakRssMb()));
