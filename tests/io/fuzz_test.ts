/**
 * Property-based fuzz tests of the CSV reader, writer and line scan, and of the value
 * patterns (fast-check; seed and runs in `tests/support/fuzz.ts`).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type CsvItem, CsvParser, parseCsv } from "../../src/io/csv.ts";
import { csvRecordPlaces } from "../../src/io/csv_lines.ts";
import { formatCsvRow } from "../../src/io/csv_format.ts";
import { DATE_RE, NUMBER_RE, WHITESPACE } from "../../src/io/values.ts";
import { mapHeader } from "../../src/io/validate.ts";
import { DataError } from "../../src/io/errors.ts";
import { TABLES } from "../../src/io/schema.ts";
import { fuzz, FUZZ_RUNS, nastyText } from "../support/fuzz.ts";

/** CSV-ish text: random bytes decoded as UTF-8, or text built of CSV's special characters. */
const csvText = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder().decode(b)),
  fc.array(nastyText, { maxLength: 8 }).map((p) => p.join("")),
  fc.string({ unit: "binary", maxLength: 100 }),
);

/** The items of `text` pushed to one parser in the chunks cut at `cuts`. */
function chunked(text: string, cuts: number[]): CsvItem[] {
  const p = new CsvParser();
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: CsvItem[] = [];
  let prev = 0;
  for (const c of [...at, text.length]) {
    out.push(...p.push(text.slice(prev, c)));
    prev = c;
  }
  return [...out, ...p.end()];
}

Deno.test("fuzz: parseCsv() never throws, and its lines only go forward", async () => {
  await fuzz("parseCsv on random text", FUZZ_RUNS * 4, csvText, (text) => {
    let last = 0;
    for (const item of parseCsv(text)) {
      const line = item.record?.line ?? item.problem!.line;
      assert.ok(line > last, `line ${line} after ${last}`);
      last = line;
      if (item.record) assert.ok(item.record.fields.every((f) => typeof f === "string"));
    }
  });
});

Deno.test("fuzz: CsvParser gives the same items however the text is cut into chunks", async () => {
  await fuzz(
    "CsvParser chunks",
    FUZZ_RUNS * 2,
    fc.tuple(csvText, fc.array(fc.nat(), { maxLength: 6 })),
    ([text, cuts]) => {
      assert.deepEqual(chunked(text, cuts), parseCsv(text));
    },
  );
});

/** A table of cells: at least one row, every row as wide as the first (at least 1). */
const cellTable = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.array(fc.array(nastyText, { minLength: width, maxLength: width }), {
    minLength: 1,
    maxLength: 6,
  })
);

Deno.test("fuzz: formatCsvRow() then parseCsv() gives back every cell", async () => {
  await fuzz("formatCsvRow round trip", FUZZ_RUNS * 2, cellTable, (rows) => {
    const text = rows.map(formatCsvRow).join("");
    const items = parseCsv(text);
    assert.deepEqual(items.map((i) => i.record?.fields ?? i.problem), rows);
  });
});

Deno.test("fuzz: csvRecordPlaces() finds the lines parseCsv() gives, on any well-formed text", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await fuzz("csvRecordPlaces vs parseCsv", FUZZ_RUNS / 2, csvText, async (text) => {
      const items = parseCsv(text);
      if (items.some((i) => i.problem)) return; // the scan follows DuckDB, which read the file
      await Deno.writeTextFile(path, text);
      const places = await csvRecordPlaces(path, items.map((_, i) => i));
      assert.deepEqual(items.map((_, i) => places.get(i)?.line), items.map((i) => i.record!.line));
    });
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("fuzz: mapHeader() accepts a header or throws a DataError, nothing else", async () => {
  const names = fc.oneof(
    nastyText,
    fc.constantFrom(...TABLES.flatMap((t) => t.columns.map((c) => c.name))),
  );
  await fuzz(
    "mapHeader",
    FUZZ_RUNS,
    fc.tuple(fc.constantFrom(...TABLES), fc.array(names, { maxLength: 12 })),
    ([spec, header]) => {
      try {
        const map = mapHeader(spec, header, "t.csv");
        assert.equal(map.width, header.length);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        assert.ok(!e.message.includes("\n"), "one line");
      }
    },
  );
});

Deno.test("fuzz: NUMBER_RE and DATE_RE answer in linear time on long hostile cells", async () => {
  const long = fc.tuple(
    fc.constantFrom("1", "0", "2017-01-01T", "9.", "e"),
    fc.nat(5000),
    nastyText,
  )
    .map(([unit, n, tail]) => unit.repeat(n % 2000) + tail);
  await fuzz("value patterns", FUZZ_RUNS, long, (cell) => {
    const t0 = performance.now();
    NUMBER_RE.test(cell);
    DATE_RE.test(cell);
    assert.ok(performance.now() - t0 < 50, `${cell.length} characters took too long`);
  });
});

Deno.test("fuzz: WHITESPACE is exactly what String.prototype.trim removes", async () => {
  await fuzz("WHITESPACE vs trim", FUZZ_RUNS, fc.string({ unit: "binary", maxLength: 1 }), (c) => {
    if (c.length !== 1) return;
    assert.equal(WHITESPACE.includes(c), c.trim() === "", JSON.stringify(c));
  });
});
