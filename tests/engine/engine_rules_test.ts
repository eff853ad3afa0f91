import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir } from "../../src/engine/records.ts";
import { csvRecordPlaces } from "../../src/io/csv_lines.ts";
import { BARE_QUOTE } from "../../src/io/csv.ts";
import { entry, noMessage } from "../support/quarantine.ts";
import { DEMO_CALL_IPF } from "../support/ipf.ts";

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

/**
 * Loads `dir` into an engine; asserts the engine's own reader took `expectEngine` and
 * that every table reconciles; gives the load and the accepted interaction ids, sorted.
 */
async function load(dir: string, expectEngine: string[]) {
  const engine = await openEngine();
  try {
    const eng = await loadDataDirIntoEngine(engine, dir);
    for (const t of expectEngine) {
      assert.equal(eng.paths[t as keyof typeof eng.paths], "engine", `${t} read by the engine`);
    }
    for (const c of Object.values(eng.report.tables)) {
      assert.equal(c.read, c.accepted + c.quarantined, c.file);
    }
    const ids = await engine.query<{ id: string }>(
      "select interaction_id id from interactions order by 1",
    );
    return { eng, ids: ids.map((r) => r.id) };
  } finally {
    engine.close();
  }
}

/** The quarantine of {@linkcode INTERACTIONS} in `file`, by line. */
const interactionsQuarantine = (file: string) => [
  entry(
    "interactions",
    file,
    4,
    "occurred_at",
    "2017-02-30",
    "a real calendar date (2017-02-30 does not exist)",
    "bad_value",
  ),
  entry(
    "interactions",
    file,
    6,
    "account_id",
    "",
    "a value (the column is required)",
    "missing_value",
  ),
  entry(
    "interactions",
    file,
    7,
    "interaction_id",
    "i1",
    "a unique interaction_id (first seen at line 2, which is kept)",
    "duplicate_key",
  ),
  entry(
    "interactions",
    file,
    8,
    "interaction_type",
    "unknown",
    "an interaction_type listed in the IPF",
    "unknown_interaction_type",
  ),
  entry(
    "interactions",
    file,
    10,
    "",
    'i6,2017-03-01,a2,call,1,10,a "bare" quote',
    BARE_QUOTE,
    "malformed_row",
  ),
  entry("interactions", file, 11, "amount", "1e400", "a finite number", "bad_value"),
  entry(
    "interactions",
    file,
    14,
    "interaction_id",
    "i5",
    "a unique interaction_id (first seen at line 9, which is kept)",
    "duplicate_key",
  ),
  entry(
    "interactions",
    file,
    19,
    "amount",
    "1e300",
    "a number from -9007199254740991 to 9007199254740991",
    "bad_value",
  ),
];

/** The interactions of {@linkcode INTERACTIONS} that are kept. */
const KEPT = ["i1", "i11", "i5", "i6", "i7", "i8", "i9"];

Deno.test("loadDataDirIntoEngine() quarantines every kind of bad row in SQL, as check does", async () => {
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv": INTERACTIONS,
    "accounts.csv": ACCOUNTS,
    "financials.csv": FINANCIALS,
    "voc.csv": VOC,
  });
  const { eng, ids } = await load(d, ["interactions", "accounts", "financials", "voc"]);
  const [fa, ff, fv] = ["accounts.csv", "financials.csv", "voc.csv"].map((f) => join(d, f));
  assert.deepEqual(
    eng.quarantine.map(noMessage),
    [
      ...interactionsQuarantine(join(d, "interactions.csv")),
      entry(
        "accounts",
        fa,
        3,
        "community_member",
        "maybe",
        "a boolean (true/false/1/0/yes/no)",
        "bad_value",
      ),
      entry(
        "accounts",
        fa,
        4,
        "created_at",
        "2016-13-01",
        "a real calendar date (2016-13-01 does not exist)",
        "bad_value",
      ),
      entry(
        "accounts",
        fa,
        5,
        "account_id",
        "a1",
        "a unique account_id (first seen at line 2, which is kept)",
        "duplicate_key",
      ),
      entry(
        "financials",
        ff,
        3,
        "period",
        "2017-Q2",
        "the file's period notation (YYYY-MM); one grain per file",
        "mixed_period_grain",
      ),
      entry("financials", ff, 4, "period", "2017-13", "a month 01 to 12 in YYYY-MM", "bad_value"),
      entry("financials", ff, 5, "wallet", "-1", "a number >= 0", "bad_value"),
      entry(
        "financials",
        ff,
        6,
        "revenue",
        "abc",
        "a number with . as decimal separator",
        "bad_value",
      ),
      entry(
        "financials",
        ff,
        7,
        "period",
        "2017-03-01",
        "the file's period notation (YYYY-MM); one grain per file",
        "mixed_period_grain",
      ),
      entry("voc", fv, 2, "nps", "11", "a number <= 10", "bad_value"),
      entry("voc", fv, 3, "csat_scale", "0", "a number >= 1", "bad_value"),
    ].map(noMessage),
  );
  assert.deepEqual(ids, KEPT);
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(eng.report.tables).map(([t, c]) => [t, [c.read, c.accepted, c.grain]]),
    ),
    {
      ipf: [2, 2, undefined],
      interactions: [15, 7, undefined],
      accounts: [5, 2, undefined],
      financials: [7, 2, "month"],
      voc: [3, 1, undefined],
    },
  );
  const two = eng.quarantine.find((e) => e.line === 6)!;
  assert.equal(
    two.message,
    'column "account_id": found "", expected a value (the column is required); ' +
      'column "quantity": found "x", expected a number with . as decimal separator',
  );
});

Deno.test("loadDataDirIntoEngine() gives the same quarantine from gzip, CRLF and (by row) Parquet files", async () => {
  const gz = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv.gz": gzipSync(new TextEncoder().encode(INTERACTIONS)),
  });
  const crlf = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv": INTERACTIONS.replace(/\r?\n/g, "\r\n"),
  });
  const b = await load(gz, ["interactions"]);
  const c = await load(crlf, ["interactions"]);
  assert.deepEqual(
    b.eng.quarantine.map(noMessage),
    interactionsQuarantine(join(gz, "interactions.csv.gz")).map(noMessage),
  );
  assert.deepEqual(b.ids, KEPT);
  assert.deepEqual(
    c.eng.quarantine.map(noMessage),
    interactionsQuarantine(join(crlf, "interactions.csv")).map(noMessage),
  );
  assert.deepEqual(c.ids, KEPT);
  // Parquet: lines are row numbers; a quote is text there, so the first i6 is kept
  const csv = await world({ "interactions.csv": INTERACTIONS });
  const pq = await world({ "ipf.csv": DEMO_CALL_IPF });
  const f = join(pq, "interactions.parquet");
  const engine = await openEngine();
  try {
    await engine.run(
      `COPY (SELECT * FROM read_csv('${
        join(csv, "interactions.csv")
      }', header = true, all_varchar = true, strict_mode = false)) TO '${f}' (FORMAT parquet)`,
    );
  } finally {
    engine.close();
  }
  const p = await load(pq, ["interactions"]);
  const unique = (line: number) =>
    `a unique interaction_id (first seen at line ${line}, which is kept)`;
  assert.deepEqual(
    p.eng.quarantine.map(noMessage),
    [
      entry(
        "interactions",
        f,
        2,
        "occurred_at",
        "2017-02-30",
        "a real calendar date (2017-02-30 does not exist)",
        "bad_value",
      ),
      entry(
        "interactions",
        f,
        3,
        "account_id",
        "",
        "a value (the column is required)",
        "missing_value",
      ),
      entry("interactions", f, 4, "interaction_id", "i1", unique(1), "duplicate_key"),
      entry(
        "interactions",
        f,
        5,
        "interaction_type",
        "unknown",
        "an interaction_type listed in the IPF",
        "unknown_interaction_type",
      ),
      entry("interactions", f, 8, "amount", "1e400", "a finite number", "bad_value"),
      entry("interactions", f, 9, "interaction_id", "i6", unique(7), "duplicate_key"),
      entry("interactions", f, 11, "interaction_id", "i5", unique(6), "duplicate_key"),
      entry(
        "interactions",
        f,
        14,
        "amount",
        "1e300",
        "a number from -9007199254740991 to 9007199254740991",
        "bad_value",
      ),
    ].map(noMessage),
  );
});

Deno.test("loadDataDirIntoEngine() reads a clean file in SQL with nothing quarantined", async () => {
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      'i1,2017-03-01,a1,demo\ni2,2017-03-02,a1,"call"\n',
  });
  const { eng, ids } = await load(d, ["interactions"]);
  assert.deepEqual(eng.quarantine, []);
  assert.equal(eng.report.tables.interactions?.quarantined, 0);
  assert.equal(eng.report.tables.interactions?.accepted, 2);
  assert.deepEqual(ids, ["i1", "i2"]);
});

Deno.test("loadDataDirIntoEngine() leaves a ragged file to rvlab's reader, the rules still in SQL", async () => {
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      "i1,2017-03-01,a1,demo\ni2,2017-03-02,a1,call,extra\ni1,2017-03-03,a1,demo\n",
  });
  const { eng, ids } = await load(d, []);
  assert.equal(eng.paths.interactions, "rows");
  const f = join(d, "interactions.csv");
  assert.deepEqual(eng.quarantine, [
    {
      ...entry(
        "interactions",
        f,
        3,
        "",
        "i2,2017-03-02,a1,call,extra",
        "4 fields as in the header (found 5)",
        "wrong_field_count",
      ),
      message: "found i2,2017-03-02,a1,call,extra, expected 4 fields as in the header (found 5)",
    },
    {
      ...entry(
        "interactions",
        f,
        4,
        "interaction_id",
        "i1",
        "a unique interaction_id (first seen at line 2, which is kept)",
        "duplicate_key",
      ),
      message:
        'column "interaction_id": found "i1", expected a unique interaction_id (first seen at line 2, which is kept)',
    },
  ]);
  assert.deepEqual(ids, ["i1"]);
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
  const d = await world({ "ipf.csv": DEMO_CALL_IPF, "interactions.csv.gz": multi });
  const m = await load(d, ["interactions"]);
  assert.deepEqual(m.eng.report.tables.interactions, {
    file: join(d, "interactions.csv.gz"),
    read: 15,
    accepted: 7,
    quarantined: 8,
  });
  assert.deepEqual(
    m.eng.quarantine.map(noMessage),
    interactionsQuarantine(join(d, "interactions.csv.gz")).map(noMessage),
  );
  assert.deepEqual(m.ids, KEPT);
});

Deno.test("loadDataDirIntoEngine() and check refuse a gzip file that ends early", async () => {
  const whole = gzipSync(new TextEncoder().encode(INTERACTIONS.repeat(1)));
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
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
  const d = await world({ "ipf.csv": DEMO_CALL_IPF, "interactions.csv": bad });
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
  const d = await world({ "ipf.csv": DEMO_CALL_IPF });
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
  const { eng } = await load(d, ["interactions"]);
  assert.deepEqual(eng.quarantine.map((e) => [e.line, e.reason, e.expected]), [
    [2, "malformed_row", 'a nested value in "meta", expected a scalar'],
    [3, "malformed_row", 'a nested value in "tags", expected a scalar'],
    [4, "malformed_row", 'a nested value in "tags", expected a scalar'],
  ]);
  const { data } = await loadDataDir(d);
  assert.deepEqual(data.interactions.map((r) => [r.occurred_at, r.amount, r.quantity]), [
    ["2017-03-01T08:00:00.250Z", 1.5, 3],
  ]);
});

Deno.test("loadDataDirIntoEngine() and check quarantine 130,000 rows without a stack overflow", async () => {
  const rows = Array.from({ length: 130_000 }, (_, i) => `i${i},not-a-date,a1,demo`);
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      rows.join("\n") + "\ni_ok,2017-03-01,a1,demo\n",
  });
  const { eng, ids } = await load(d, ["interactions"]);
  assert.equal(eng.quarantine.length, 130_000);
  assert.deepEqual(eng.quarantine[129_999].line, 130_001);
  assert.deepEqual(ids, ["i_ok"]);
  assert.deepEqual(eng.report.tables.interactions, {
    file: join(d, "interactions.csv"),
    read: 130_001,
    accepted: 1,
    quarantined: 130_000,
  });
});

Deno.test("loadDataDirIntoEngine() reads a quoted cell longer than DuckDB's 2 MB line limit, within 2 GB", async () => {
  const note = "x\n".repeat(1_500_000);
  const d = await world({
    "ipf.csv": DEMO_CALL_IPF,
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
