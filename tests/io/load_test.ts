import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DataError } from "../../src/io/errors.ts";
import { inferGrain, loadDataDir, loadTable, writeQuarantine } from "../../src/io/load.ts";

const IPF = `interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc
demo,Product demo,5,120,acquisition,sales,personal_assistance,false
late_delivery,Late delivery,-8,0,retention,operations,automated_service,no
survey,Survey answer,1,2,retention,service,automated_service,yes
`;
const HEADER = "interaction_id,occurred_at,account_id,interaction_type,quantity,amount,region\n";

async function dir(files: Record<string, string | Uint8Array>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-load-" });
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(join(d, name), content);
    else await Deno.writeFile(join(d, name), content);
  }
  return d;
}

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
  assert.equal(data.interactions[1].quantity, 2);
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
  const c = report.tables.interactions!;
  assert.equal(c.read, 11);
  assert.equal(c.accepted, 2);
  assert.equal(c.quarantined, 9);
  assert.equal(c.read, c.accepted + c.quarantined);
  assert.deepEqual(data.interactions.map((r) => r.interaction_id), ["i1", "i8"]);
  const byLine = Object.fromEntries(quarantine.map((q) => [q.line, q]));
  assert.equal(byLine[3].reason, "malformed_row");
  assert.equal(byLine[4].reason, "wrong_field_count");
  assert.match(byLine[4].expected, /7 fields.*found 5/);
  assert.deepEqual([byLine[5].reason, byLine[5].column, byLine[5].value], [
    "bad_value",
    "quantity",
    "abc",
  ]);
  assert.deepEqual([byLine[6].reason, byLine[6].column], ["bad_value", "occurred_at"]);
  assert.match(byLine[6].expected, /does not exist/);
  assert.deepEqual([byLine[7].reason, byLine[7].column], ["missing_value", "account_id"]);
  assert.equal(byLine[8].reason, "duplicate_key");
  assert.match(byLine[8].expected, /first seen at line 2/);
  assert.deepEqual([byLine[9].reason, byLine[9].value], ["unknown_interaction_type", "webinar"]);
  assert.equal(byLine[11].reason, "malformed_row");
  assert.match(byLine[11].expected, /unterminated/);
  assert.equal(byLine[12].reason, "wrong_field_count");
  for (const q of quarantine) assert.equal(q.file, join(d, "interactions.csv"));
});

Deno.test("loadTable() reads a BOM, gzip, and reports a row with several problems once", async () => {
  const text = "\ufeff" + HEADER + "i1,bad-date,a1,demo,x,,\n";
  const d = await dir({ "interactions.csv.gz": gzipSync(new TextEncoder().encode(text)) });
  const { counts, quarantine } = await loadTable(join(d, "interactions.csv.gz"), "interactions");
  assert.deepEqual([counts.read, counts.quarantined], [1, 1]);
  assert.equal(quarantine[0].column, "occurred_at");
  assert.match(quarantine[0].message, /occurred_at.*quantity/);
});

Deno.test("loadTable() stops on files that cannot be read at all", async () => {
  const d = await dir({
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
  });
  await assert.rejects(
    () => loadTable(join(d, "empty.csv"), "interactions"),
    (e) => e instanceof DataError && /empty/.test(e.message),
  );
  await assert.rejects(
    () => loadTable(join(d, "nocol.csv"), "interactions"),
    (e) =>
      e instanceof DataError && /missing required column "account_id"/.test(e.message) &&
      /nocol\.csv: line 1/.test(e.message),
  );
  await assert.rejects(
    () => loadTable(join(d, "garbage.csv"), "interactions"),
    (e) => e instanceof DataError && /binary data/.test(e.message),
  );
  await assert.rejects(
    () => loadTable(join(d, "latin1.csv"), "interactions"),
    (e) => e instanceof DataError && /UTF-8/.test(e.message),
  );
  await assert.rejects(
    () => loadTable(join(d, "twice.csv"), "interactions"),
    (e) => e instanceof DataError && /appears twice/.test(e.message),
  );
  await assert.rejects(
    () => loadTable(join(d, "none.csv"), "interactions"),
    (e) => e instanceof DataError && /cannot open/.test(e.message),
  );
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
  const a = await loadTable(join(d, "a.json"), "accounts");
  assert.deepEqual([a.counts.read, a.counts.accepted, a.counts.quarantined], [3, 1, 2]);
  assert.deepEqual(a.records[0].extra, { size: "10", tags: null });
  assert.equal(a.records[0].community_member, true);
  assert.deepEqual(a.quarantine.map((q) => [q.line, q.reason]), [[2, "missing_value"], [
    3,
    "malformed_row",
  ]]);
  const b = await loadTable(join(d, "b.json"), "accounts");
  assert.deepEqual(b.quarantine.map((q) => [q.line, q.reason]), [[3, "malformed_row"], [
    4,
    "bad_value",
  ]]);
});

Deno.test("loadTable() reads Parquet through DuckDB", async () => {
  const d = await dir({
    "voc.csv": "account_id,answered_at,nps\na1,2017-01-01,9\na2,2017-01-02,11\n",
  });
  const { openEngine } = await import("../../src/engine/duckdb.ts");
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
  assert.equal(v.records[0].nps, 9);
  assert.deepEqual([v.quarantine[0].line, v.quarantine[0].expected], [2, "a number <= 10"]);
});

Deno.test("loadTable() keeps one period grain per financials file", async () => {
  const d = await dir({
    "financials.csv": "account_id,period,revenue\na1,2017-01,10\na1,2017-Q2,5\na1,2017-02,7\n",
    "f2.csv": "account_id,period,revenue\na1,2017-01-01,10\na1,2017-02-01,5\n",
  });
  const f = await loadTable(join(d, "financials.csv"), "financials");
  assert.equal(f.counts.grain, "month");
  assert.deepEqual(f.quarantine.map((q) => [q.line, q.reason]), [[3, "mixed_period_grain"]]);
  assert.equal((await loadTable(join(d, "f2.csv"), "financials")).counts.grain, "month");
  assert.equal(inferGrain("day", new Set(["2017-01-02", "2017-01-09"])), "week");
  assert.equal(inferGrain("day", new Set(["2017-01-01", "2017-04-01"])), "quarter");
  assert.equal(inferGrain("day", new Set(["2017-01-05"])), "day");
});

Deno.test("writeQuarantine() writes a header and neutralises formulas", async () => {
  const d = await dir({});
  const p = join(d, "q.csv");
  await writeQuarantine(p, [{
    table: "t",
    file: "f",
    line: 3,
    column: "c",
    value: "=cmd()",
    expected: "x",
    reason: "bad_value",
    message: "m, n",
  }]);
  assert.equal(
    await Deno.readTextFile(p),
    'table,file,line,column,value,expected,reason,message\nt,f,3,c,\'=cmd(),x,bad_value,"m, n"\n',
  );
});
