import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine, putTable } from "../../src/engine/duckdb.ts";
import { loadDataDir, loadTable, tableRecords } from "../../src/engine/records.ts";
import { tableSpec } from "../../src/io/schema.ts";

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
  const empty = { industry: null, region: null, territory: null, product_line: null, owner_id: null };
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
      extra: { "odd name, \"quoted\"": i === 1 ? null : `x${i}` },
    }));
    await putTable(engine, "financials", rows);
    assert.deepEqual(await tableRecords(engine, tableSpec("financials")), rows);
    await putTable(engine, "voc", []);
    assert.deepEqual(await tableRecords(engine, tableSpec("voc")), []);
  } finally {
    engine.close();
  }
});
