import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { DataError } from "../../src/io/errors.ts";
import { DEMO_CALL_IPF } from "../support/ipf.ts";

async function loadWith(extra: string) {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-reserved-" });
  await Deno.writeTextFile(join(dir, "ipf.csv"), DEMO_CALL_IPF);
  await Deno.writeTextFile(
    join(dir, "interactions.csv"),
    `interaction_id,occurred_at,account_id,interaction_type,${extra},_line\n` +
      "i1,2017-03-01,a1,demo,x1,l1\ni2,2017-03-32,a1,demo,x2,l2\n",
  );
  const engine = await openEngine();
  try {
    const r = await loadDataDirIntoEngine(engine, dir);
    const rows = await engine.query(`SELECT * FROM interactions`);
    return { ...r, rows };
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadDataDirIntoEngine() keeps extra columns named like the rules' own (_q, _line) as data", async () => {
  for (const extra of ["_q", "_sq", "_notation"]) {
    const { quarantine, rows } = await loadWith(extra);
    assert.deepEqual(quarantine.map((q) => [q.line, q.column, q.reason]), [
      [3, "occurred_at", "bad_value"],
    ]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0][extra], "x1", extra);
    assert.equal(rows[0]._line, "l1");
  }
});

Deno.test("loadDataDirIntoEngine() refuses a column whose name starts with _rvlab_, naming it", async () => {
  await assert.rejects(
    () => loadWith("_RVLAB_q"),
    (e) =>
      e instanceof DataError && /interactions\.csv: column "_rvlab_q": names starting with _rvlab_/i
        .test(e.message),
  );
});
