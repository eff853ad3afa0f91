import assert from "node:assert/strict";
import { join } from "node:path";
import { loadDataDir } from "../../src/engine/records.ts";
import { dataQuality, topReasons } from "../../src/io/data_quality.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { dataQualitySection } from "../../src/report/data_quality_section.ts";
import type { Study } from "../../src/study/study.ts";

const IPF = `interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc
demo,Product demo,5,120,acquisition,sales,personal_assistance,false
survey,Survey answer,1,2,retention,service,automated_service,yes
`;
const HEADER = "interaction_id,occurred_at,account_id,interaction_type,amount\n";

async function dir(files: Record<string, string>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-quality-" });
  for (const [name, content] of Object.entries(files)) {
    await Deno.writeTextFile(join(d, name), content);
  }
  return d;
}

/** A folder with planted bad rows: 2 bad amounts, 1 missing account, 1 unknown type, 1 duplicate. */
const PLANTED = {
  "ipf.csv": IPF,
  "interactions.csv": HEADER +
    "i1,2017-03-01,a1,demo,10\n" + //          ok
    "i2,2017-03-02,a1,demo,ten\n" + //         bad_value amount (line 3)
    "i3,2017-03-03,,demo,5\n" + //             missing_value account_id
    "i4,2017-03-04,a2,webinar,\n" + //         unknown_interaction_type
    "i5,2017-03-05,a2,survey,abc\n" + //       bad_value amount
    "i1,2017-03-06,a3,demo,1\n" + //           duplicate_key
    "i6,2017-03-07,a3,survey,\n", //           ok
  "accounts.csv": "account_id,region\na1,North\na2,South\na3,North\n",
  "manifest.json": JSON.stringify({
    adapter: "test",
    data_kind: "synthetic",
    description: "planted",
    source: "/raw/test",
    rules: [
      { table: "interactions", rule: "won", source: "deals", source_rows: 5 },
      { table: "interactions", rule: "lost", source: "deals", source_rows: 5 },
      { table: "accounts", rule: "accounts", source: "firms", source_rows: 3 },
    ],
  }),
  // line 2 is used by no interactions rule (filtered by both), line 3 only by "lost"
  "filtered.csv": "source,file,line,table,rule,reason\n" +
    "deals,deals.csv,2,interactions,won,not won\n" +
    "deals,deals.csv,2,interactions,lost,not lost\n" +
    "deals,deals.csv,3,interactions,won,not won\n" +
    "deals,deals.csv,4,interactions,won,not won\n",
};

Deno.test("dataQuality() counts a folder's planted bad rows by table and reason", async () => {
  const d = await dir(PLANTED);
  const { report, quarantine } = await loadDataDir(d);
  const q = await dataQuality(d, report, quarantine);
  const t = q.tables.find((x) => x.table === "interactions")!;
  assert.deepEqual([t.read, t.accepted, t.quarantined], [7, 2, 5]);
  assert.deepEqual(t.quarantine_reasons.map((r) => [r.reason, r.where, r.count]), [
    ["bad_value", "amount", 2],
    ["duplicate_key", "interaction_id", 1],
    ["missing_value", "account_id", 1],
    ["unknown_interaction_type", "interaction_type", 1],
  ]);
  assert.equal(t.quarantine_reasons[0].example, `${join(d, "interactions.csv")}:3`);
  assert.equal(q.quarantined, 5);
  assert.equal(q.quarantine.length, 5);
  // filtered: 4 rule-rows, 1 source row used by neither interactions rule
  assert.deepEqual([t.filtered, t.dropped], [4, 1]);
  assert.deepEqual(t.filtered_reasons.map((r) => [r.where, r.count]), [["won", 3], ["lost", 1]]);
  assert.deepEqual(t.source_files, [join("/raw/test", "deals.csv")]);
  assert.equal(q.filtered, 4);
  assert.equal(q.filtered_file, join(d, "filtered.csv"));
  const accounts = q.tables.find((x) => x.table === "accounts")!;
  assert.deepEqual([accounts.quarantined, accounts.filtered, accounts.dropped], [0, 0, 0]);
  // the ipf has no rule: nothing was filtered from it, and nothing is claimed
  assert.equal(q.tables.find((x) => x.table === "ipf")!.filtered, null);
});

Deno.test("dataQuality() gives the counts of the engine load", async () => {
  const d = await dir(PLANTED);
  const engine = await openEngine();
  try {
    const { report, quarantine } = await loadDataDirIntoEngine(engine, d);
    const q = await dataQuality(d, report, quarantine);
    const t = q.tables.find((x) => x.table === "interactions")!;
    assert.deepEqual([t.read, t.accepted, t.quarantined], [7, 2, 5]);
  } finally {
    engine.close();
  }
});

Deno.test("dataQualitySection() says what was quarantined and filtered and where to look", async () => {
  const d = await dir(PLANTED);
  const { report, quarantine } = await loadDataDir(d);
  const q = await dataQuality(d, report, quarantine);
  const s = dataQualitySection({ data_quality: q } as unknown as Study, {
    kind: "synthetic",
    source: "t",
  });
  assert.equal(s.level, "About the data");
  const text = s.paragraphs.join("\n");
  assert.match(text, /5 rows were quarantined/);
  assert.match(text, /bad value \(amount\): 2/);
  assert.match(text, /did not use 4 source rows/);
  assert.match(text, /1 used by no rule of the table/);
  assert.ok(text.includes(join(d, "filtered.csv")));
  const table = s.tables.find((x) => x.name === "data_quality")!;
  const row = table.rows.find((r) => r.table === "interactions")!;
  assert.equal(row.quarantined, 5);
  assert.ok(String(row.look_at).includes(join("/raw/test", "deals.csv")));
  assert.equal(s.tables.find((x) => x.name === "data_quality_quarantine")!.rows.length, 5);
});

Deno.test("dataQualitySection() on a clean folder says nothing was quarantined", async () => {
  const d = await dir({
    "ipf.csv": IPF,
    "interactions.csv": HEADER + "i1,2017-03-01,a1,demo,10\ni2,2017-03-02,a2,survey,\n",
  });
  const { report, quarantine } = await loadDataDir(d);
  const q = await dataQuality(d, report, quarantine);
  assert.equal(q.quarantined, 0);
  assert.equal(q.filtered, null);
  assert.equal(q.quarantine_file, null);
  const s = dataQualitySection({ data_quality: q } as unknown as Study, {
    kind: "synthetic",
    source: "t",
  });
  assert.match(s.paragraphs[0], /Nothing was quarantined/);
  assert.ok(!s.paragraphs.join(" ").includes("filtered by the import"));
});

Deno.test("topReasons() ranks by count and keeps the first place each reason occurs", () => {
  const r = topReasons([
    { reason: "b", where: "x", at: "f:2" },
    { reason: "a", where: "x", at: "f:3" },
    { reason: "b", where: "x", at: "f:4" },
  ], 1);
  assert.deepEqual(r, [{ reason: "b", where: "x", count: 2, example: "f:2" }]);
});
