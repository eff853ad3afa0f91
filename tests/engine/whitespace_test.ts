import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { WHITESPACE } from "../../src/io/values.ts";
import { DEMO_CALL_IPF } from "../support/ipf.ts";

Deno.test("loadDataDirIntoEngine() trims every WHITESPACE character at either end of a cell, and only there", async () => {
  const chars = [...WHITESPACE].filter((ch) => ch !== "\n" && ch !== "\r"); // line ends need quotes
  const rows = chars.flatMap((ch, i) => [
    `${ch}i${i}a${ch},2017-03-01,a 1${ch},demo`, // both ends, and an inner space kept
    `i${i}b,2017-03-01,${ch}${ch},demo`, // whitespace only: a missing account
  ]);
  const quoted = ['"\ni-nl\r\n",2017-03-01,a2,demo', '"i-in\tner",2017-03-01,a2,demo'];
  const dir = await Deno.makeTempDir({ prefix: "rvlab-ws-" });
  await Deno.writeTextFile(join(dir, "ipf.csv"), DEMO_CALL_IPF);
  await Deno.writeTextFile(
    join(dir, "interactions.csv"),
    ["interaction_id,occurred_at,account_id,interaction_type", ...rows, ...quoted].join("\n") +
      "\n",
  );
  const engine = await openEngine();
  try {
    const { report, quarantine, paths } = await loadDataDirIntoEngine(engine, dir);
    assert.equal(paths.interactions, "engine");
    assert.equal(report.tables.interactions!.read, rows.length + quoted.length);
    assert.deepEqual(
      quarantine.map((q) => [q.line, q.reason, q.column]),
      chars.map((_, i) => [3 + 2 * i, "missing_value", "account_id"]),
    );
    const kept = await engine.query<{ id: string; acc: string }>(
      "SELECT interaction_id AS id, account_id AS acc FROM interactions ORDER BY rowid",
    );
    assert.deepEqual(kept, [
      ...chars.map((_, i) => ({ id: `i${i}a`, acc: "a 1" })),
      { id: "i-nl", acc: "a2" },
      { id: "i-in\tner", acc: "a2" },
    ]);
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
});
