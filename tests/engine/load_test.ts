import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir } from "../../src/io/load.ts";

Deno.test("loadDataDirIntoEngine() gives the same rows and quarantine as loadDataDir()", async () => {
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
    const mem = await loadDataDir(d);
    assert.deepEqual(report, mem.report);
    assert.deepEqual(quarantine, mem.quarantine);
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
