/**
 * Property-based fuzz tests of the loader (fast-check; seed and runs in
 * `tests/support/fuzz.ts`): files of random bytes and of random rows built from the data
 * model's columns, loaded into one in-memory engine.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadTableIntoEngine } from "../../src/engine/load.ts";
import { tableRecords } from "../../src/engine/records.ts";
import { parseCsv } from "../../src/io/csv.ts";
import { formatCsvCell } from "../../src/io/csv_format.ts";
import { DataError } from "../../src/io/errors.ts";
import { type ColumnSpec, TABLES, type TableSpec } from "../../src/io/schema.ts";
import { EXPECTED, NUMBER_RE } from "../../src/io/values.ts";
import { fuzz, FUZZ_RUNS, nastyText } from "../support/fuzz.ts";

/** Loader runs: each opens and reads a file with DuckDB, so a tenth of the parser's. */
const LOAD_RUNS = Math.max(1, Math.round(FUZZ_RUNS / 10));

const engine = await openEngine();
const tempDir = await Deno.makeTempDir({ prefix: "rvlab-fuzz-" });

/** As the file holds it: text without NUL (binary, a DataError) and lone surrogates as U+FFFD. */
const asWritten = (s: string) =>
  new TextDecoder().decode(new TextEncoder().encode(s.replaceAll("\u0000", "")));

const digits = (n: number, w: number) => String(n).padStart(w, "0");

/** A good cell of a column's type. */
function goodCell(c: ColumnSpec): fc.Arbitrary<string> {
  switch (c.type) {
    case "id":
      return fc.stringMatching(/^[a-z0-9_-]{1,6}$/);
    case "number":
      return fc.oneof(
        fc.integer({ min: c.min ?? -1e6, max: c.max ?? 1e6 }).map(String),
        fc.double({ min: c.min ?? -1e6, max: c.max ?? 1e6, noNaN: true }).map(String),
      );
    case "bool":
      return fc.constantFrom("true", "false", "1", "0", "yes", "no", "TRUE", "No");
    case "enum":
      return fc.constantFrom(...c.values!, ...c.values!.map((v) => v.toUpperCase()));
    case "date":
      return fc.tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom("", "T10:00:00Z", " 23:59", "T00:00:00.250+02:00"),
      ).map(([y, m, d, t]) => `${y}-${digits(m, 2)}-${digits(d, 2)}${t}`);
    case "period":
      return fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }))
        .chain(([y, m]) =>
          fc.constantFrom(
            `${y}-${digits(m, 2)}`,
            `${y}-Q${1 + ((m - 1) % 4)}`,
            `${y}-${digits(m, 2)}-01`,
          )
        );
    default:
      return fc.string({ maxLength: 8 });
  }
}

/** A cell: good, padded, empty, a classic bad value, or random text. */
function cell(c: ColumnSpec): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: goodCell(c) },
    { weight: 1, arbitrary: goodCell(c).map((v) => ` ${v}\t`) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\u00a0") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("1,5", "NaN", "1e400", "2017-02-30", "2017-13", "yes?", "\ufeffx"),
    },
    { weight: 2, arbitrary: nastyText },
  );
}

/** How a row is written: each cell quoted as needed, or raw (which may break the row). */
const writeCell = (v: string, raw: boolean) => raw ? v : formatCsvCell(v);

/** A CSV file of one table: its header (required columns, some optional, maybe an extra) and rows. */
const tableFile = fc.constantFrom(...TABLES).chain((spec) =>
  fc.tuple(
    fc.constant(spec),
    fc.shuffledSubarray(spec.columns.filter((c) => !c.required) as ColumnSpec[]),
    fc.boolean(), // an extra column
    fc.boolean(), // header names in upper case
  ).chain(([spec, optional, extra, upper]) => {
    const columns = [...spec.columns.filter((c) => c.required), ...optional];
    return fc.tuple(
      fc.constant(spec),
      fc.shuffledSubarray(columns, { minLength: columns.length }),
      fc.constant(extra),
      fc.constant(upper),
      fc.array(
        fc.tuple(
          fc.tuple(...columns.map(cell)),
          fc.oneof(
            { weight: 8, arbitrary: fc.constant("ok") },
            fc.constantFrom("raw", "short", "long", "blank"),
          ),
        ),
        { maxLength: 12 },
      ),
      fc.constantFrom("\n", "\r\n", "\r"),
      fc.boolean(), // a BOM
      fc.boolean(), // a line end after the last row
    ).map(([spec, order, extra, upper, rows, eol, bom, last]) => {
      const names = order.map((c) => upper ? c.name.toUpperCase() : c.name);
      if (extra) names.push("segment");
      const lines = [names.join(",")];
      for (const [cells, how] of rows) {
        const byName = new Map(columns.map((c, i) => [c.name, cells[i]]));
        const values = order.map((c) => byName.get(c.name)!);
        if (extra) values.push("x");
        if (how === "blank") lines.push("");
        if (how === "short") values.pop();
        if (how === "long") values.push("more");
        lines.push(values.map((v) => writeCell(v, how === "raw")).join(","));
      }
      const text = (bom ? "\ufeff" : "") + lines.join(eol) + (last ? eol : "");
      return { spec, text: asWritten(text) };
    });
  })
);

/** Loads `text` as `spec`'s table; checks the counts against the parser and the engine's table. */
async function loadAndCheck(spec: TableSpec, text: string, name = `${spec.name}.csv`) {
  const file = join(tempDir, name);
  await Deno.writeTextFile(file, text);
  const done = await loadTableIntoEngine(engine, spec, file, { tempDir });
  const { read, accepted, quarantined } = done.counts;
  assert.equal(read, accepted + quarantined, "read = accepted + quarantined");
  assert.equal(done.quarantine.length, quarantined, "one quarantine entry per quarantined row");
  const kept = await tableRecords(engine, spec);
  assert.equal(kept.length, accepted, "accepted = the rows in the engine");
  return { done, kept, file };
}

Deno.test("fuzz: the loader never throws on random rows of the data model, and its counts add up", async () => {
  await fuzz("loader on data-model rows", LOAD_RUNS, tableFile, async ({ spec, text }) => {
    const { done } = await loadAndCheck(spec, text);
    const items = parseCsv(text).slice(1);
    assert.equal(done.counts.read, items.length, "read = the parser's records after the header");
    const starts = new Set(items.map((i) => i.record?.line ?? i.problem!.line));
    const lines = done.quarantine.map((q) => q.line);
    assert.equal(new Set(lines).size, lines.length, "one entry per line");
    for (const l of lines) assert.ok(starts.has(l), `quarantined line ${l} starts a record`);
  });
});

Deno.test("fuzz: the loader throws nothing but a DataError on random bytes", async () => {
  // no header, or the table's required columns (so the bytes are rows, not a missing column)
  const header = (spec: TableSpec) =>
    fc.constantFrom("", spec.columns.filter((c) => c.required).map((c) => c.name).join(",") + "\n");
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(nastyText, { maxLength: 20 }).map((p) => new TextEncoder().encode(p.join(""))),
  );
  await fuzz(
    "loader on random bytes",
    LOAD_RUNS,
    fc.constantFrom(...TABLES).chain((spec) =>
      fc.tuple(fc.constant(spec), header(spec), bytes, fc.constantFrom(".csv", ".csv", ".json"))
    ),
    async ([spec, head, body, ext]) => {
      const file = join(tempDir, `${spec.name}${ext}`);
      const data = new Uint8Array([...new TextEncoder().encode(head), ...body]);
      await Deno.writeFile(file, data);
      try {
        const done = await loadTableIntoEngine(engine, spec, file, { tempDir });
        const { read, accepted, quarantined } = done.counts;
        assert.equal(read, accepted + quarantined);
        assert.equal((await tableRecords(engine, spec)).length, accepted);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        assert.ok(!e.message.includes("\n"), `one line: ${e.message}`);
      }
    },
  );
});

Deno.test("fuzz: a number cell is kept exactly when NUMBER_RE and the range say so", async () => {
  const spec = TABLES.find((t) => t.name === "financials")!;
  const numberish = fc.oneof(
    fc.double().map(String),
    fc.integer().map(String),
    fc.stringMatching(/^[ +\-]?[0-9.]{0,6}([eE][+-]?[0-9]{0,3})? ?$/),
    nastyText,
  );
  await fuzz(
    "number cells",
    LOAD_RUNS,
    fc.array(numberish, { minLength: 1, maxLength: 20 }),
    async (values) => {
      const cells = values.map(asWritten);
      const text = "account_id,period,revenue,gross_profit\n" +
        cells.map((v, i) => `a${i},2017-01,1,${formatCsvCell(v)}\n`).join("");
      const { done, kept } = await loadAndCheck(spec, text);
      const got = new Map(kept.map((r) => [r.account_id as string, r.gross_profit]));
      const bad = new Map(done.quarantine.map((q) => [q.line, q]));
      // a row's line: 2 + the line breaks of the cells before it
      let line = 2;
      cells.forEach((v, i) => {
        const t = v.trim();
        const x = Number(t);
        const ok = t === "" ||
          (NUMBER_RE.test(t) && Number.isFinite(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER);
        const q = bad.get(line);
        if (ok) {
          assert.ok(!q, `${JSON.stringify(v)} quarantined: ${q?.message}`);
          assert.equal(got.get(`a${i}`), t === "" ? null : x, JSON.stringify(v));
        } else {
          assert.equal(q?.column, "gross_profit", `${JSON.stringify(v)} kept`);
          if (!NUMBER_RE.test(t)) assert.equal(q!.expected, EXPECTED.number);
        }
        line += 1 + (formatCsvCell(v).match(/\r\n|\r|\n/g)?.length ?? 0);
      });
    },
  );
});

Deno.test("fuzz: loader properties: close the engine", async () => {
  engine.close();
  await Deno.remove(tempDir, { recursive: true });
});
