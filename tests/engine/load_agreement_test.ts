import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir } from "../../src/io/load.ts";
import { parseDate, WHITESPACE } from "../../src/io/values.ts";

const IPF = "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
  "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n";

/** A data directory of one interactions file: the given rows after the header. */
async function world(rows: string[]): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-agree-" });
  await Deno.writeTextFile(join(d, "ipf.csv"), IPF);
  await Deno.writeTextFile(
    join(d, "interactions.csv"),
    "interaction_id,occurred_at,account_id,interaction_type\n" + rows.join("\n") + "\n",
  );
  return d;
}

/** Loads `dir` both ways; asserts the engine path's counts and quarantine equal check's. */
async function bothWays(dir: string) {
  const engine = await openEngine();
  try {
    const eng = await loadDataDirIntoEngine(engine, dir);
    const mem = await loadDataDir(dir);
    assert.deepEqual(eng.report, mem.report);
    assert.deepEqual(eng.quarantine, mem.quarantine);
    const rows = await engine.query<{ id: string; t: string }>(
      "select interaction_id id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') t from interactions order by 1",
    );
    return { ...mem, rows };
  } finally {
    engine.close();
  }
}

Deno.test("WHITESPACE is exactly what String.prototype.trim removes", () => {
  const removed: string[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    if (ch.trim() === "") removed.push(ch);
  }
  assert.deepEqual([...WHITESPACE].sort(), removed.sort());
});

Deno.test("loadDataDirIntoEngine() quarantines tab- and VT-only ids and trims ids as check does", async () => {
  const d = await world([
    "i1,2017-03-01,a1,demo",
    "i1\t,2017-03-02,a1,demo",
    "\t,2017-03-03,a1,demo",
    "\v,2017-03-04,a1,demo",
    "i2,2017-03-05,\u00a0,demo",
  ]);
  const r = await bothWays(d);
  assert.deepEqual(r.quarantine.map((q) => [q.line, q.reason]), [
    [3, "duplicate_key"],
    [4, "missing_value"],
    [5, "missing_value"],
    [6, "missing_value"],
  ]);
  assert.deepEqual(r.rows, [{ id: "i1", t: "2017-03-01 00:00:00" }]);
});

Deno.test("loadDataDirIntoEngine() quarantines 24:00:00 and offset +99:99 as check does", async () => {
  const d = await world([
    "i1,2017-03-01T24:00:00Z,a1,demo",
    "i2,2017-03-01T10:00:00+99:99,a1,demo",
    "i3,2017-03-01T10:60:00Z,a1,demo",
    "i4,2017-03-01T23:59:59+14:00,a1,demo",
  ]);
  const r = await bothWays(d);
  assert.deepEqual(r.quarantine.map((q) => [q.line, q.reason, q.column]), [
    [2, "bad_value", "occurred_at"],
    [3, "bad_value", "occurred_at"],
    [4, "bad_value", "occurred_at"],
  ]);
  assert.deepEqual(r.rows, [{ id: "i4", t: "2017-03-01 09:59:59" }]);
});

Deno.test("parseDate() keeps years before 100 (Date.UTC would make 0099 into 1999)", () => {
  assert.deepEqual(parseDate("0099-03-01"), { ok: true, value: "0099-03-01T00:00:00Z" });
  assert.deepEqual(parseDate("0004-02-29"), { ok: true, value: "0004-02-29T00:00:00Z" });
  assert.equal(parseDate("0100-02-29").ok, false); // 100 is not a leap year
  assert.deepEqual(parseDate("0099-03-01T01:00:00+02:00"), {
    ok: true,
    value: "0099-02-28T23:00:00Z",
  });
});

Deno.test("loadDataDirIntoEngine() keeps year 0099 as 0099 on both paths", async () => {
  const d = await world(["i1,0099-03-01,a1,demo", "i2,2017-03-01,a1,demo"]);
  const r = await bothWays(d);
  assert.deepEqual(r.quarantine, []);
  assert.deepEqual(r.data.interactions.map((x) => x.occurred_at), [
    "0099-03-01T00:00:00Z",
    "2017-03-01T00:00:00Z",
  ]);
  assert.deepEqual(r.rows, [
    { id: "i1", t: "0099-03-01 00:00:00" },
    { id: "i2", t: "2017-03-01 00:00:00" },
  ]);
});
