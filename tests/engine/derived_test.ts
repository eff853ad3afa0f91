import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { derivedTable, dropDerived, keepsResults } from "../../src/engine/derived.ts";
import { loadWorkspace, RACY_MS } from "../../src/engine/workspace.ts";
import { rvByPeriod, rvByPeriodSql } from "../../src/rv/rv_by_period.ts";
import { DEMO_CALL_IPF } from "../support/ipf.ts";

const INTERACTIONS = "interaction_id,occurred_at,account_id,interaction_type,quantity\n" +
  "i1,2017-01-05,a1,demo,2\ni2,2017-03-02,a1,call,1\ni3,2017-02-03,a2,demo,1\n" +
  "i4,2017-04-04,a2,call,3\ni5,2017-04-09,a3,call,1\n";

async function dataDir(): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-derived-" });
  await Deno.writeTextFile(join(d, "ipf.csv"), DEMO_CALL_IPF);
  await Deno.writeTextFile(join(d, "interactions.csv"), INTERACTIONS);
  await settled();
  return d;
}

/** Waits until files just written are old enough for size and times to prove them unchanged. */
async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, RACY_MS + 100));
}

/** One run as a command does it: open, load through the workspace, compute RV by month. */
async function run(dir: string, edit?: string) {
  const engine = await openEngine();
  const lines: string[] = [];
  try {
    await loadWorkspace(engine, dir, { cache: join(dir, "cache"), log: (l) => lines.push(l) });
    if (edit) await engine.run(edit);
    const keeps = keepsResults(engine);
    const how = await derivedTable(engine, "rv", rvByPeriodSql({ grain: "month" }));
    const rows = await engine.query("SELECT * FROM rv");
    const direct = await engine.query(rvByPeriodSql({ grain: "month" }));
    const viaRv = await rvByPeriod(engine, { grain: "month" });
    await dropDerived(engine, "rv");
    return { how, keeps, rows, direct, viaRv, lines };
  } finally {
    engine.close();
  }
}

Deno.test("derivedTable() computes, then keeps, then reads back the same rows in the same order", async () => {
  const dir = await dataDir();
  try {
    const first = await run(dir); // writes the workspace: its tables are not views yet
    assert.equal(first.keeps, false);
    assert.equal(first.how, "computed");
    assert.equal(first.rows.length, 4 + 3 + 1); // each account from its first month to April
    const second = await run(dir);
    assert.equal(second.how, "saved");
    const third = await run(dir);
    assert.equal(third.how, "reused");
    assert.ok(
      third.lines.some((l) => l.includes("RV by month: read from the workspace's results")),
    );
    for (const r of [first, second, third]) {
      assert.deepEqual(r.rows, first.direct);
      assert.deepEqual(r.viaRv, first.direct);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("derivedTable() computes afresh when an input file or a table in the session changed", async () => {
  const dir = await dataDir();
  try {
    await run(dir);
    await run(dir); // kept
    // a table edited in this session: the kept result is not used
    const edited = await run(
      dir,
      "CREATE TEMP TABLE a1 AS SELECT * FROM interactions WHERE account_id = 'a1'; " +
        "DROP VIEW interactions; CREATE TABLE interactions AS SELECT * FROM a1",
    );
    assert.equal(edited.how, "computed");
    assert.deepEqual(edited.rows, edited.direct);
    assert.equal(new Set(edited.rows.map((r) => r.id)).size, 1);
    // a changed file: reloaded, then computed and kept under the new key; the old result goes
    await Deno.writeTextFile(
      join(dir, "interactions.csv"),
      INTERACTIONS + "i6,2017-05-01,a3,demo,1\n",
    );
    await settled();
    assert.equal((await run(dir)).how, "computed");
    const again = await run(dir);
    assert.equal(again.how, "saved");
    assert.deepEqual(again.rows, again.direct);
    assert.equal(again.rows.filter((r) => r.id === "a3").length, 2);
    const kept = [...Deno.readDirSync(join(dir, "cache", "derived"))].map((e) => e.name);
    assert.equal(kept.length, 1);
    assert.equal((await run(dir)).how, "reused");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
