import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DataError } from "../../src/io/errors.ts";
import type { QuarantineReason } from "../../src/io/validate.ts";
import { openEngine, putTable } from "../../src/engine/duckdb.ts";
import { loadDataDir, loadTable, tableRecords } from "../../src/engine/records.ts";
import { tableSpec } from "../../src/io/schema.ts";
import { entry } from "../support/quarantine.ts";

const IPF = `interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc
demo,Product demo,5,120,acquisition,sales,personal_assistance,false
late_delivery,Late delivery,-8,0,retention,operations,automated_service,no
survey,Survey answer,1.25,2,retention,service,automated_service,yes
`;

async function dir(files: Record<string, string>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-records-test-" });
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(d, name), text);
  return d;
}

Deno.test("loadTable() gives records of the canonical types: ISO dates, numbers, booleans, nulls, extra text", async () => {
  const d = await dir({
    "accounts.csv": "account_id,name,community_member,created_at,Tier\n" +
      " a1 ,Acme,Yes,2017-03-01T14:05:00.250+02:00,gold\n" +
      "a2,,0,0099-03-01,\n" +
      "a3,  spaced  ,,2017-03-01 14:05:07.999999,x\n",
  });
  const { records, counts, quarantine } = await loadTable(join(d, "accounts.csv"), "accounts");
  assert.deepEqual(quarantine, []);
  assert.deepEqual(counts, { file: join(d, "accounts.csv"), read: 3, accepted: 3, quarantined: 0 });
  const empty = {
    industry: null,
    region: null,
    territory: null,
    product_line: null,
    owner_id: null,
  };
  assert.deepEqual(records, [
    {
      account_id: "a1",
      name: "Acme",
      ...empty,
      community_member: true,
      created_at: "2017-03-01T12:05:00.250Z",
      extra: { tier: "gold" },
    },
    {
      account_id: "a2",
      name: null,
      ...empty,
      community_member: false,
      created_at: "0099-03-01T00:00:00Z",
      extra: { tier: null },
    },
    {
      account_id: "a3",
      name: "  spaced  ",
      ...empty,
      community_member: null,
      created_at: "2017-03-01T14:05:07.999Z",
      extra: { tier: "x" },
    },
  ]);
});

Deno.test("loadTable() gives the IPF as records with numbers and booleans", async () => {
  const d = await dir({ "ipf.csv": IPF });
  const { records, counts } = await loadTable(join(d, "ipf.csv"), "ipf");
  assert.equal(counts.accepted, 3);
  assert.deepEqual(records[2], {
    interaction_type: "survey",
    label: "Survey answer",
    rv: 1.25,
    variable_cost: 2,
    stage: "retention",
    function: "service",
    relationship_type: "automated_service",
    voc: true,
    description: null,
  });
  assert.deepEqual(records.map((r) => r.voc), [false, false, true]);
});

Deno.test("loadTable() gives financial periods as the YYYY-MM-DD of their first day", async () => {
  const d = await dir({
    "financials.csv": "account_id,period,revenue,wallet\na1,2017-Q2,10.5,\na1,2017q3,-3,100\n",
  });
  const f = await loadTable(join(d, "financials.csv"), "financials");
  assert.equal(f.counts.grain, "quarter");
  assert.deepEqual(f.records, [
    {
      account_id: "a1",
      period: "2017-04-01",
      revenue: 10.5,
      gross_profit: null,
      cost_to_serve: null,
      wallet: null,
    },
    {
      account_id: "a1",
      period: "2017-07-01",
      revenue: -3,
      gross_profit: null,
      cost_to_serve: null,
      wallet: 100,
    },
  ]);
});

Deno.test("loadTable() checks an interactions file alone without an IPF; loadDataDir() checks the types", async () => {
  const d = await dir({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type\n" +
      "i1,2017-03-01,a1,demo\ni2,2017-03-02,a1,webinar\n",
  });
  const alone = await loadTable(join(d, "interactions.csv"), "interactions");
  assert.deepEqual(alone.records.map((r) => r.interaction_type), ["demo", "webinar"]);
  const all = await loadDataDir(d);
  assert.deepEqual(all.data.interactions.map((r) => r.interaction_id), ["i1"]);
  assert.deepEqual(all.quarantine.map((q) => [q.line, q.reason, q.value]), [
    [3, "unknown_interaction_type", "webinar"],
  ]);
});

Deno.test("loadDataDir() gives the records of the tables present only, in file order", async () => {
  const d = await dir({
    "ipf.csv": IPF,
    "interactions.csv": "interaction_id,occurred_at,account_id,interaction_type,quantity\n" +
      "i3,2017-03-03,a1,demo,\ni1,2017-03-01,a1,survey,2\ni2,2017-03-02,a2,demo,1\n",
  });
  const { data, report } = await loadDataDir(d);
  assert.deepEqual(Object.keys(data).sort(), ["interactions", "ipf"]);
  assert.deepEqual(Object.keys(report.tables).sort(), ["interactions", "ipf"]);
  assert.deepEqual(data.interactions.map((r) => [r.interaction_id, r.contact_id, r.quantity]), [
    ["i3", "a1", 1],
    ["i1", "a1", 2],
    ["i2", "a2", 1],
  ]);
});

Deno.test("tableRecords() reads back exactly what putTable() wrote, awkward doubles included", async () => {
  const engine = await openEngine();
  try {
    const rows = [0.1 + 0.2, 1e-7, 9007199254740991, -1.5e300, 123456789.125].map((v, i) => ({
      account_id: `a${i}`,
      period: "2017-01-01",
      revenue: v,
      gross_profit: null,
      cost_to_serve: null,
      wallet: i === 0 ? 0 : null,
      extra: { 'odd name, "quoted"': i === 1 ? null : `x${i}` },
    }));
    await putTable(engine, "financials", rows);
    assert.deepEqual(await tableRecords(engine, tableSpec("financials")), rows);
    await putTable(engine, "voc", []);
    assert.deepEqual(await tableRecords(engine, tableSpec("voc")), []);
  } finally {
    engine.close();
  }
});

const HEADER = "interaction_id,occurred_at,account_id,interaction_type,quantity,amount,region\n";

Deno.test("loadDataDir() reads a clean directory with defaults and extra columns", async () => {
  const d = await dir({
    "ipf.csv": IPF,
    "interactions.csv": HEADER +
      "i1,2017-03-01,a1,demo,,,North\ni2,2017-03-02 10:00:00,a2,survey,2,19.5,\n",
  });
  const { data, report, quarantine } = await loadDataDir(d);
  assert.deepEqual(report.tables.interactions, {
    file: join(d, "interactions.csv"),
    read: 2,
    accepted: 2,
    quarantined: 0,
  });
  assert.equal(quarantine.length, 0);
  assert.deepEqual(data.interactions[0], {
    interaction_id: "i1",
    occurred_at: "2017-03-01T00:00:00Z",
    account_id: "a1",
    contact_id: "a1",
    interaction_type: "demo",
    source_system: null,
    quantity: 1,
    amount: null,
    cost: null,
    owner_id: null,
    initiative: null,
    note: null,
    extra: { region: "North" },
  });
  assert.deepEqual(
    [data.interactions[1].occurred_at, data.interactions[1].quantity, data.interactions[1].amount],
    ["2017-03-02T10:00:00Z", 2, 19.5],
  );
  assert.equal(data.ipf[1].voc, false);
  assert.equal(data.ipf[2].voc, true);
});

Deno.test("loadDataDir() quarantines every bad row with its reason and reconciles", async () => {
  const rows = [
    'i1,2017-03-01,a1,demo,1,,"North"', // line 2 ok
    'i2,2017-03-01,a1,demo,1,,Nor"th', // 3 stray quote
    "i3,2017-03-01,a1,demo,1", // 4 ragged (5 of 7 fields)
    "i4,2017-03-01,a1,demo,abc,,", // 5 wrong type
    "i5,2017-02-30,a1,demo,1,,", // 6 bad date
    "i6,2017-03-01,,demo,1,,", // 7 missing account
    "i1,2017-03-05,a2,demo,1,,", // 8 duplicate of line 2
    "i7,2017-03-01,a1,webinar,1,,", // 9 unknown type
    "i8,2017-03-01,a1,late_delivery,1,-5.5,South", // 10 ok
    'i9,2017-03-01,a1,demo,1,,"unterminated', // 11 unterminated quote
    "i10,2017-03-01,a1,demo,1,1,5,extra", // 12 ragged (too many)
  ];
  const d = await dir({ "ipf.csv": IPF, "interactions.csv": HEADER + rows.join("\r\n") + "\r\n" });
  const { data, report, quarantine } = await loadDataDir(d);
  const f = join(d, "interactions.csv");
  assert.deepEqual(report.tables.interactions, { file: f, read: 11, accepted: 2, quarantined: 9 });
  assert.deepEqual(data.interactions.map((r) => [r.interaction_id, r.amount, r.extra?.region]), [
    ["i1", null, "North"],
    ["i8", -5.5, "South"],
  ]);
  const e = (
    line: number,
    column: string,
    value: string,
    expected: string,
    reason: QuarantineReason,
  ) => entry("interactions", f, line, column, value, expected, reason);
  assert.deepEqual(quarantine, [
    e(
      3,
      "",
      'i2,2017-03-01,a1,demo,1,,Nor"th',
      "a quote inside an unquoted field (expected the whole field to be quoted, with inner quotes doubled)",
      "malformed_row",
    ),
    e(4, "", "i3,2017-03-01,a1,demo,1", "7 fields as in the header (found 5)", "wrong_field_count"),
    e(5, "quantity", "abc", "a number with . as decimal separator", "bad_value"),
    e(
      6,
      "occurred_at",
      "2017-02-30",
      "a real calendar date (2017-02-30 does not exist)",
      "bad_value",
    ),
    e(7, "account_id", "", "a value (the column is required)", "missing_value"),
    e(
      8,
      "interaction_id",
      "i1",
      "a unique interaction_id (first seen at line 2, which is kept)",
      "duplicate_key",
    ),
    e(
      9,
      "interaction_type",
      "webinar",
      "an interaction_type listed in the IPF",
      "unknown_interaction_type",
    ),
    e(
      11,
      "",
      'i9,2017-03-01,a1,demo,1,,"unterminated',
      "unterminated quoted field: a field opens with a quote that is never closed",
      "malformed_row",
    ),
    e(
      12,
      "",
      "i10,2017-03-01,a1,demo,1,1,5,extra",
      "7 fields as in the header (found 8)",
      "wrong_field_count",
    ),
  ]);
});

Deno.test("loadTable() reads a BOM, gzip, and reports a row with several problems once", async () => {
  const text = "\ufeff" + HEADER + "i1,bad-date,a1,demo,x,,\n";
  const d = await Deno.makeTempDir({ prefix: "rvlab-records-test-" });
  const f = join(d, "interactions.csv.gz");
  await Deno.writeFile(f, gzipSync(new TextEncoder().encode(text)));
  const { counts, quarantine } = await loadTable(f, "interactions");
  assert.deepEqual(counts, { file: f, read: 1, accepted: 0, quarantined: 1 });
  assert.deepEqual(quarantine, [{
    table: "interactions",
    file: f,
    line: 2,
    column: "occurred_at",
    value: "bad-date",
    expected: "an ISO 8601 date or date-time (2017-03-01, 2017-03-01T14:05:00Z)",
    reason: "bad_value",
    message: 'column "occurred_at": found "bad-date", expected an ISO 8601 date or date-time ' +
      '(2017-03-01, 2017-03-01T14:05:00Z); column "quantity": found "x", expected a number with . ' +
      "as decimal separator",
  }]);
});

Deno.test("loadTable() stops on files that cannot be read at all", async () => {
  const d = await Deno.makeTempDir({ prefix: "rvlab-records-test-" });
  const files: Record<string, string | Uint8Array> = {
    "empty.csv": "",
    "nocol.csv": "interaction_id,occurred_at,interaction_type\ni1,2017-01-01,demo\n",
    "garbage.csv": new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x00, 0x10]),
    "latin1.csv": new Uint8Array([
      ...new TextEncoder().encode(HEADER),
      0x69,
      0x31,
      0x2c,
      0xe9,
      0x0a,
    ]),
    "twice.csv": "interaction_id,occurred_at,account_id,interaction_type,account_id\n",
  };
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(join(d, name), content);
    else await Deno.writeFile(join(d, name), content);
  }
  const fails = (name: string, re: RegExp) =>
    assert.rejects(
      () => loadTable(join(d, name), "interactions"),
      (e) => e instanceof DataError && re.test(e.message),
      name,
    );
  await fails("empty.csv", /empty/);
  await fails("nocol.csv", /nocol\.csv: line 1: missing required column "account_id"/);
  await fails("garbage.csv", /binary data/);
  await fails("latin1.csv", /UTF-8/);
  await fails("twice.csv", /appears twice/);
  await fails("none.csv", /cannot open/);
});

Deno.test("loadDataDir() requires ipf and interactions", async () => {
  const d = await dir({ "ipf.csv": IPF });
  await assert.rejects(
    () => loadDataDir(d),
    (e) => e instanceof DataError && /no interactions table/.test(e.message),
  );
  await assert.rejects(
    () => loadDataDir(join(d, "nope")),
    (e) => e instanceof DataError && /not found/.test(e.message),
  );
});

Deno.test("loadTable() reads JSON arrays and JSON Lines like CSV", async () => {
  const d = await dir({
    "a.json": JSON.stringify([
      { account_id: "a1", name: "Acme", community_member: true, size: 10 },
      { name: "no id" },
      { account_id: "a3", tags: ["x"] },
    ]),
    "b.json": '{"account_id":"a1"}\n\n{not json}\n{"account_id":"a2","community_member":"maybe"}\n',
  });
  const fa = join(d, "a.json"), fb = join(d, "b.json");
  const a = await loadTable(fa, "accounts");
  assert.deepEqual([a.counts.read, a.counts.accepted, a.counts.quarantined], [3, 1, 2]);
  assert.deepEqual(a.records[0].extra, { size: "10", tags: null });
  assert.equal(a.records[0].community_member, true);
  assert.deepEqual(a.quarantine, [
    entry("accounts", fa, 2, "account_id", "", "a value (the column is required)", "missing_value"),
    entry(
      "accounts",
      fa,
      3,
      "",
      '{"account_id":"a3","tags":["x"]}',
      'a nested value in "tags", expected a scalar',
      "malformed_row",
    ),
  ]);
  const b = await loadTable(fb, "accounts");
  assert.deepEqual(b.records.map((r) => r.account_id), ["a1"]);
  assert.deepEqual(b.quarantine.map((q) => [q.line, q.column, q.value, q.reason]), [
    [3, "", "{not json}", "malformed_row"],
    [4, "community_member", "maybe", "bad_value"],
  ]);
  assert.equal(b.quarantine[1].expected, "a boolean (true/false/1/0/yes/no)");
});

Deno.test("loadTable() reads Parquet through DuckDB, lines being row numbers", async () => {
  const d = await dir({
    "voc.csv": "account_id,answered_at,nps\na1,2017-01-01,9\na2,2017-01-02,11\n",
  });
  const engine = await openEngine();
  const pq = join(d, "voc.parquet");
  await engine.run(
    `copy (select * from read_csv('${
      join(d, "voc.csv")
    }', all_varchar=true)) to '${pq}' (format parquet)`,
  );
  engine.close();
  const v = await loadTable(pq, "voc");
  assert.deepEqual([v.counts.accepted, v.counts.quarantined], [1, 1]);
  assert.deepEqual([v.records[0].nps, v.records[0].answered_at], [9, "2017-01-01T00:00:00Z"]);
  assert.deepEqual(v.quarantine, [entry("voc", pq, 2, "nps", "11", "a number <= 10", "bad_value")]);
});

Deno.test("loadTable() keeps one period grain per financials file", async () => {
  const d = await dir({
    "financials.csv": "account_id,period,revenue\na1,2017-01,10\na1,2017-Q2,5\na1,2017-02,7\n",
    "f2.csv": "account_id,period,revenue\na1,2017-01-01,10\na1,2017-02-01,5\n",
  });
  const f = await loadTable(join(d, "financials.csv"), "financials");
  assert.equal(f.counts.grain, "month");
  assert.deepEqual(f.records.map((r) => r.period), ["2017-01-01", "2017-02-01"]);
  assert.deepEqual(f.quarantine, [
    entry(
      "financials",
      join(d, "financials.csv"),
      3,
      "period",
      "2017-Q2",
      "the file's period notation (YYYY-MM); one grain per file",
      "mixed_period_grain",
    ),
  ]);
  const f2 = await loadTable(join(d, "f2.csv"), "financials");
  assert.equal(f2.counts.grain, "month"); // plain dates, all on the first of a month
});
