import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir } from "../../src/io/load.ts";
import { csvRecordPlaces } from "../../src/io/csv_lines.ts";

const IPF = "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
  "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n" +
  "call,Call,2,1,retention,service,personal_assistance,false\n";

/** Every kind of bad interaction row, with quoted line breaks and blank lines before some of them. */
const INTERACTIONS = [
  "interaction_id,occurred_at,account_id,interaction_type,quantity,amount,note",
  'i1,2017-03-01,a1,demo,1,10,"a note\nover two lines"',
  "i2,2017-02-30,a1,demo,1,10,", // not a calendar day
  "",
  "i3,2017-03-01,,demo,x,10,", // missing account and a bad quantity: both named
  "i1,2017-03-02,a1,demo,1,10,", // duplicate of line 2
  "i4,2017-03-01,a1,unknown,1,10,", // unknown type
  'i5,2017-03-01,a2,call,1,10,"""quoted"" text"',
  'i6,2017-03-01,a2,call,1,10,a "bare" quote', // malformed
  "i6,2017-03-01,a2,call,1,1e400,", // not finite; its id is then free
  "i6,2017-03-01,a2,call,1,5,",
  "i7,2017-03-01T10:00:00+02:00,a2,call,,,",
  "i5,2017-03-03,a2,call,2,3,", // duplicate of the line of i5
  '\ni8,2017-03-01,a3,demo,1,-2,"x\r\ny"',
  "i9,2017-03-01,a3,demo,1,2,",
  "i10,2017-03-01,a3,demo,1,1e300,", // finite, but sums of such amounts overflow
  "i11,2017-03-01,a3,demo,1,-9007199254740991,",
].join("\n") + "\n";

const ACCOUNTS = [
  "account_id,name,community_member,created_at,extra_col",
  "a1,One,yes,2016-01-01,e1",
  "a2,Two,maybe,2016-01-01,e2", // bad bool
  "a3,Three,0,2016-13-01,e3", // bad date
  "a1,Again,1,2016-01-01,e4", // duplicate
  "a4,Four,,,",
].join("\n") + "\n";

const FINANCIALS = [
  "account_id,period,revenue,wallet",
  "a1,2017-01,100,200",
  "a1,2017-Q2,100,200", // mixed grain
  "a1,2017-13,100,200", // bad month
  "a2,2017-02,-5,-1", // wallet below 0
  "a2,2017-03,abc,1", // bad revenue
  "a3,2017-03-01,1,1", // mixed grain (a date)
  "a3,2017-04,1,1",
].join("\n") + "\n";

const VOC = [
  "account_id,answered_at,nps,csat_scale",
  "a1,2017-03-01,11,5", // nps above 10
  "a1,2017-03-01,5,0", // csat_scale below 1
  "a1,2017-03-01,5,5",
].join("\n") + "\n";

async function world(files: Record<string, string | Uint8Array>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-rules-" });
  for (const [name, text] of Object.entries(files)) {
    if (typeof text === "string") await Deno.writeTextFile(join(d, name), text);
    else await Deno.writeFile(join(d, name), text);
  }
  return d;
}

/** Loads `dir` both ways; asserts equal counts, quarantine and rows, and that the engine used SQL. */
async function bothWays(dir: string, expectEngine: string[]) {
  const engine = await openEngine();
  try {
    const eng = await loadDataDirIntoEngine(engine, dir);
    for (const t of expectEngine) {
      assert.equal(eng.paths[t as keyof typeof eng.paths], "engine", `${t} read by the engine`);
    }
    const mem = await loadDataDir(dir);
    assert.deepEqual(eng.report, mem.report);
    assert.deepEqual(eng.quarantine, mem.quarantine);
    const ids = await engine.query<{ id: string }>(
      "select interaction_id id from interactions order by 1",
    );
    assert.deepEqual(
      ids.map((r) => r.id),
      mem.data.interactions.map((r) => r.interaction_id).sort(),
    );
    return { eng, mem, engine };
  } finally {
    engine.close();
  }
}

Deno.test("loadDataDirIntoEngine() quarantines every kind of bad row in SQL, as check does", async () => {
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv": INTERACTIONS,
    "accounts.csv": ACCOUNTS,
    "financials.csv": FINANCIALS,
    "voc.csv": VOC,
  });
  const { mem } = await bothWays(d, ["interactions", "accounts", "financials", "voc"]);
  const q = mem.quarantine.map((e) => [e.table, e.line, e.reason, e.column]);
  assert.deepEqual(q, [
    ["interactions", 4, "bad_value", "occurred_at"],
    ["interactions", 6, "missing_value", "account_id"],
    ["interactions", 7, "duplicate_key", "interaction_id"],
    ["interactions", 8, "unknown_interaction_type", "interaction_type"],
    ["interactions", 10, "malformed_row", ""],
    ["interactions", 11, "bad_value", "amount"],
    ["interactions", 14, "duplicate_key", "interaction_id"],
    ["interactions", 19, "bad_value", "amount"],
    ["accounts", 3, "bad_value", "community_member"],
    ["accounts", 4, "bad_value", "created_at"],
    ["accounts", 5, "duplicate_key", "account_id"],
    ["financials", 3, "mixed_period_grain", "period"],
    ["financials", 4, "bad_value", "period"],
    ["financials", 5, "bad_value", "wallet"],
    ["financials", 6, "bad_value", "revenue"],
    ["financials", 7, "mixed_period_grain", "period"],
    ["voc", 2, "bad_value", "nps"],
    ["voc", 3, "bad_value", "csat_scale"],
  ]);
  const two = mem.quarantine.find((e) => e.line === 6)!;
  assert.match(two.message, /account_id.*; column "quantity"/);
  const dup = mem.quarantine.find((e) => e.line === 14)!;
  assert.match(dup.expected, /first seen at line 9/);
});

Deno.test("loadDataDirIntoEngine() gives the same quarantine from gzip and Parquet files", async () => {
  const csv = await world({ "ipf.csv": IPF, "interactions.csv": INTERACTIONS });
  const gz = await world({
    "ipf.csv": IPF,
    "interactions.csv.gz": gzipSync(new TextEncoder().encode(INTERACTIONS)),
  });
  const crlf = await world({
    "ipf.csv": IPF,
    "interactions.csv": INTERACTIONS.replace(/\r?\n/g, "\r\n"),
  });
  const a = await bothWays(csv, ["interactions"]);
  const b = await bothWays(gz, ["interactions"]);
  const c = await bothWays(crlf, ["interactions"]);
  const where = (e: { line: number; reason: string }) => [e.line, e.reason];
  assert.deepEqual(b.mem.quarantine.map(where), a.mem.quarantine.map(where));
  assert.deepEqual(c.mem.quarantine.map(where), a.mem.quarantine.map(where));
  // Parquet: lines are row numbers; a quote is text there
  const pq = await world({ "ipf.csv": IPF });
  const engine = await openEngine();
  try {
    await engine.run(
      `COPY (SELECT * FROM read_csv('${
        join(csv, "interactions.csv")
      }', header = true, all_varchar = true, strict_mode = false)) TO '${
        join(pq, "interactions.parquet")
      }' (FORMAT parquet)`,
    );
  } finally {
    engine.close();
  }
  const p = await bothWays(pq, ["interactions"]);
  assert.ok(p.mem.quarantine.length > 0);
});

Deno.test("loadDataDirIntoEngine() reads a clean file in SQL with nothing quarantined", async () => {
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      'i1,2017-03-01,a1,demo\ni2,2017-03-02,a1,"call"\n',
  });
  const { eng } = await bothWays(d, ["interactions"]);
  assert.equal(eng.report.tables.interactions?.quarantined, 0);
  assert.equal(eng.report.tables.interactions?.accepted, 2);
});

Deno.test("loadDataDirIntoEngine() leaves a ragged file to the row-by-row path with the same result", async () => {
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      "i1,2017-03-01,a1,demo\ni2,2017-03-02,a1,call,extra\n",
  });
  const engine = await openEngine();
  try {
    const eng = await loadDataDirIntoEngine(engine, d);
    assert.equal(eng.paths.interactions, "rows");
    const mem = await loadDataDir(d);
    assert.deepEqual(eng.quarantine, mem.quarantine);
    assert.equal(eng.quarantine[0].reason, "wrong_field_count");
  } finally {
    engine.close();
  }
});

Deno.test("csvRecordPlaces() counts quoted line breaks, blank lines, CR and CRLF as the parser does", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    '\ufeffa,b\r\n1,"x\r\ny"\r\n\r\n2,a"b\r3,"p""q\nr"\n\n\n4,z',
  );
  const p = await csvRecordPlaces(path, [1, 2, 3, 4, 9]);
  assert.deepEqual(
    [...p.entries()].map(([k, v]) => [k, v.line, v.lines, v.bareQuote]),
    [[1, 2, 2, false], [2, 5, 1, true], [3, 6, 2, false], [4, 10, 1, false]],
  );
  assert.equal(p.get(2)?.firstLine, '2,a"b');
});

Deno.test("csvRecordPlaces() handles no records asked and an empty file", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  assert.equal((await csvRecordPlaces(path, [])).size, 0);
  assert.equal((await csvRecordPlaces(path, [1])).size, 0);
});

Deno.test("loadDataDirIntoEngine() reads every member of a multi-member gzip file", async () => {
  const lines = INTERACTIONS.split("\n");
  const a = gzipSync(new TextEncoder().encode(lines.slice(0, 8).join("\n") + "\n"));
  const b = gzipSync(new TextEncoder().encode(lines.slice(8).join("\n")));
  const multi = new Uint8Array(a.length + b.length);
  multi.set(a);
  multi.set(b, a.length);
  const d = await world({ "ipf.csv": IPF, "interactions.csv.gz": multi });
  const plain = await world({ "ipf.csv": IPF, "interactions.csv": INTERACTIONS });
  const m = await bothWays(d, ["interactions"]);
  const p = await bothWays(plain, ["interactions"]);
  assert.equal(m.eng.report.tables.interactions?.read, p.eng.report.tables.interactions?.read);
  assert.equal(m.eng.quarantine.length, p.eng.quarantine.length);
});

Deno.test("loadDataDirIntoEngine() and check refuse a gzip file that ends early", async () => {
  const whole = gzipSync(new TextEncoder().encode(INTERACTIONS.repeat(1)));
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv.gz": whole.slice(0, whole.length - 8),
  });
  const engine = await openEngine();
  try {
    await assert.rejects(
      () => loadDataDirIntoEngine(engine, d),
      /interactions\.csv\.gz: the gzip data ends early \(the file is truncated\)/,
    );
  } finally {
    engine.close();
  }
  await assert.rejects(() => loadDataDir(d), /the gzip data ends early/);
});

Deno.test("loadDataDirIntoEngine() names the line of a byte that is not UTF-8, past the first chunk", async () => {
  const rows = Array.from({ length: 30_000 }, (_, i) => `i${i},2017-03-01,a1,demo`);
  const head = "interaction_id,occurred_at,account_id,interaction_type\n" + rows.join("\n") + "\n";
  const bad = new Uint8Array([...new TextEncoder().encode(head + "x1,2017-03-01,a"), 0xff, 0x0a]);
  const d = await world({ "ipf.csv": IPF, "interactions.csv": bad });
  const engine = await openEngine();
  try {
    await assert.rejects(
      () => loadDataDirIntoEngine(engine, d),
      /interactions\.csv: line 30002: found a byte that is not UTF-8 \(0xFF\)/,
    );
  } finally {
    engine.close();
  }
  await assert.rejects(() => loadDataDir(d), /line 30002: found a byte that is not UTF-8/);
});

Deno.test("loadDataDirIntoEngine() reads Parquet TIMESTAMPTZ exactly and quarantines nested values, as check does", async () => {
  const d = await world({ "ipf.csv": IPF });
  const file = join(d, "interactions.parquet");
  const engine = await openEngine();
  try {
    await engine.run(
      `SET TimeZone = 'UTC'; COPY (
        SELECT 'i1' AS interaction_id, TIMESTAMPTZ '2017-03-01 10:00:00.250+02' AS occurred_at,
          'a1' AS account_id, 'demo' AS interaction_type, 1.50::DECIMAL(10, 2) AS amount,
          3::BIGINT AS quantity, NULL::STRUCT(a INTEGER) AS meta, NULL::INTEGER[] AS tags
        UNION ALL SELECT 'i2', TIMESTAMPTZ '2017-03-01 23:30:00-05:30', 'a1', 'demo', NULL, NULL,
          {'a': 1}, NULL
        UNION ALL SELECT 'i3', NULL, 'a1', 'demo', NULL, NULL, NULL, [1, 2]
        UNION ALL SELECT 'i4', TIMESTAMPTZ '2017-03-02 00:00:00+00', 'a1', 'demo', NULL, NULL, NULL, []
      ) TO '${file}' (FORMAT parquet)`,
    );
  } finally {
    engine.close();
  }
  const { mem } = await bothWays(d, ["interactions"]);
  assert.deepEqual(mem.quarantine.map((e) => [e.line, e.reason, e.expected]), [
    [2, "malformed_row", 'a nested value in "meta", expected a scalar'],
    [3, "malformed_row", 'a nested value in "tags", expected a scalar'],
    [4, "malformed_row", 'a nested value in "tags", expected a scalar'],
  ]);
  assert.deepEqual(mem.data.interactions.map((r) => [r.occurred_at, r.amount, r.quantity]), [
    ["2017-03-01T08:00:00.250Z", 1.5, 3],
  ]);
});

Deno.test("loadDataDirIntoEngine() and check quarantine 130,000 rows without a stack overflow", async () => {
  const rows = Array.from({ length: 130_000 }, (_, i) => `i${i},not-a-date,a1,demo`);
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      rows.join("\n") + "\ni_ok,2017-03-01,a1,demo\n",
  });
  const { eng, mem } = await bothWays(d, ["interactions"]);
  assert.equal(eng.quarantine.length, 130_000);
  assert.deepEqual(mem.report.tables.interactions, {
    file: join(d, "interactions.csv"),
    read: 130_001,
    accepted: 1,
    quarantined: 130_000,
  });
});

Deno.test("loadDataDirIntoEngine() reads a quoted cell longer than DuckDB's 2 MB line limit, within 2 GB", async () => {
  const note = "x\n".repeat(1_500_000);
  const d = await world({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type,note\n" +
      `i1,2017-03-01,a1,demo,"${note}"\ni2,2017-03-01,a1,demo,\ni2,2017-03-02,a1,demo,\n`,
  });
  const engine = await openEngine({ memoryLimit: "2GB" });
  try {
    const eng = await loadDataDirIntoEngine(engine, d);
    assert.equal(eng.paths.interactions, "rows"); // rvlab's reader, the rules still in SQL
    assert.deepEqual(eng.quarantine.map((e) => [e.line, e.reason]), [[1_500_004, "duplicate_key"]]);
    const [{ n }] = await engine.query<{ n: number }>(
      "select length(note)::INTEGER n from interactions where interaction_id = 'i1'",
    );
    assert.equal(n, note.length);
  } finally {
    engine.close();
  }
});
