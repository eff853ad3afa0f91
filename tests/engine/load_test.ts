import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";

Deno.test("loadDataDirIntoEngine() gives the rows, report and quarantine of check", async () => {
  const d = await Deno.makeTempDir({ prefix: "rvlab-engine-test-" });
  await Deno.writeTextFile(
    join(d, "ipf.csv"),
    "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
      "demo,Demo,5,10,acquisition,sales,personal_assistance,false\nbad,Bad,-3,0,retention,service,automated_service,false\n",
  );
  await Deno.writeTextFile(
    join(d, "interactions.csv"),
    "interaction_id,occurred_at,account_id,interaction_type,quantity,note,region\n" +
      'i1,2017-03-01T10:00:00Z,a1,demo,2,"say ""hi"", ok",North\n' +
      "i2,2017-03-02,a1,bad,,,\n" +
      "i2,2017-03-03,a2,demo,1,,\n" +
      "i3,2017-03-04,a2,unknown,1,,\n",
  );
  await Deno.writeTextFile(
    join(d, "financials.csv"),
    "account_id,period,revenue\na1,2017-03,100\n",
  );
  const engine = await openEngine();
  try {
    const { report, quarantine } = await loadDataDirIntoEngine(engine, d);
    const file = (t: string) => join(d, `${t}.csv`);
    assert.deepEqual(report, {
      tables: {
        ipf: { file: file("ipf"), read: 2, accepted: 2, quarantined: 0 },
        interactions: { file: file("interactions"), read: 4, accepted: 2, quarantined: 2 },
        financials: {
          file: file("financials"),
          read: 1,
          accepted: 1,
          quarantined: 0,
          grain: "month",
        },
      },
    });
    const dup = "a unique interaction_id (first seen at line 3, which is kept)";
    assert.deepEqual(quarantine, [
      {
        table: "interactions",
        file: file("interactions"),
        line: 4,
        column: "interaction_id",
        value: "i2",
        expected: dup,
        reason: "duplicate_key",
        message: `column "interaction_id": found "i2", expected ${dup}`,
      },
      {
        table: "interactions",
        file: file("interactions"),
        line: 5,
        column: "interaction_type",
        value: "unknown",
        expected: "an interaction_type listed in the IPF",
        reason: "unknown_interaction_type",
        message:
          'column "interaction_type": found "unknown", expected an interaction_type listed in the IPF',
      },
    ]);
    const rows = await engine.query<Record<string, unknown>>(
      "select interaction_id, strftime(occurred_at, '%Y-%m-%d %H:%M') t, contact_id, quantity, note, region from interactions order by 1",
    );
    assert.deepEqual(rows, [
      {
        interaction_id: "i1",
        t: "2017-03-01 10:00",
        contact_id: "a1",
        quantity: 2,
        note: 'say "hi", ok',
        region: "North",
      },
      {
        interaction_id: "i2",
        t: "2017-03-02 00:00",
        contact_id: "a1",
        quantity: 1,
        note: null,
        region: null,
      },
    ]);
    const fin = await engine.query<{ p: string; revenue: number }>(
      "select strftime(period, '%Y-%m-%d') p, revenue from financials",
    );
    assert.deepEqual(fin, [{ p: "2017-03-01", revenue: 100 }]);
    const voc = await engine.query<{ n: number }>("select count(*) n from voc");
    assert.equal(voc[0].n, 0);
  } finally {
    engine.close();
  }
});

async function dump(engine: Awaited<ReturnType<typeof openEngine>>, table: string) {
  const cols = await engine.query<{ column_name: string; column_type: string }>(
    `select column_name, column_type from (describe ${table})`,
  );
  const rows = await engine.query(`select * from ${table} order by all`);
  return { cols, rows };
}

Deno.test("loadDataDirIntoEngine() gives the same tables whether DuckDB or rvlab's reader reads the files", async () => {
  const { generateWorld } = await import("../../src/generate/world.ts");
  const { loadTable } = await import("../../src/engine/records.ts");
  const { DEFAULT_IPF } = await import("../../src/ipf/adapters.ts");
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records;
  const d = await Deno.makeTempDir({ prefix: "rvlab-fast-" });
  // deno-lint-ignore no-explicit-any
  await generateWorld(ipf as any, d, { accounts: 20, months: 8, seed: 2 });
  // a hand-written accounts file with the notations the model allows
  await Deno.writeTextFile(
    join(d, "accounts.csv"),
    '\ufeffaccount_id,name,community_member,created_at,segment\n acct-00001 ,"Acme, Inc.",yes,2023-01-01T10:00:00+02:00,\n' +
      "acct-00002,,0,2023-02-01 08:00:00,gold\nacct-00003,Beta,TRUE,2023-03-05,\n",
  );
  await Deno.writeTextFile(
    join(d, "financials.csv"),
    "account_id,period,revenue,wallet\nacct-00001,2023-Q1,10.5,100\nacct-00002,2023Q2,1e3,\n",
  );
  const logs: string[] = [];
  const fast = await openEngine(), slow = await openEngine();
  try {
    const a = await loadDataDirIntoEngine(fast, d, { log: (l) => logs.push(l) });
    const b = await loadDataDirIntoEngine(slow, d, { fast: false });
    assert.deepEqual(a.report, b.report);
    assert.deepEqual(a.quarantine, b.quarantine);
    assert.equal(b.paths.interactions, "rows");
    for (const t of ["interactions", "accounts", "financials", "voc", "ipf"]) {
      assert.deepEqual(await dump(fast, t), await dump(slow, t), t);
    }
    assert.equal(a.paths.interactions, "engine", "the engine's path was used");
    assert.ok(logs.some((l) => /interactions: .* rows in the engine/.test(l)));
    assert.equal(a.report.tables.financials!.grain, "quarter");
  } finally {
    fast.close();
    slow.close();
  }
});
