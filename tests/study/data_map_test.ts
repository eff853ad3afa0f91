import assert from "node:assert/strict";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { processGaps } from "../../src/study/data_map.ts";
import { DUCKDB } from "../../src/sql/dialect.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const negative = ipf.filter((t) => t.rv < 0).map((t) => t.interaction_type);

/**
 * A world whose negative interactions are replaced by exactly one of each negative IPF
 * type, inserted in reverse name order: each type's RV sum is its weight, so types of
 * equal weight tie, and more than 15 types compete for the 15 places.
 */
async function tiedEngine(threads: number) {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-ties-" });
  await generateWorld(ipf, dir, { accounts: 20, months: 12, seed: 8 });
  const engine = await openEngine({ threads });
  await loadDataDirIntoEngine(engine, dir);
  await engine.run(
    `DELETE FROM interactions WHERE interaction_type IN (SELECT interaction_type FROM ipf WHERE rv < 0)`,
  );
  for (const t of [...negative].sort().reverse()) {
    await engine.run(
      `INSERT INTO interactions SELECT * REPLACE ('tie-' || '${t}' AS interaction_id, '${t}' AS interaction_type)
       FROM interactions ORDER BY interaction_id LIMIT 1`,
    );
  }
  return engine;
}

Deno.test("processGaps() orders tied interaction types by name and keeps the same 15 on any thread count", async () => {
  assert.ok(negative.length > 15, `the default IPF has ${negative.length} negative types`);
  const runs = [];
  for (const threads of [1, 4]) {
    const engine = await tiedEngine(threads);
    try {
      runs.push(await processGaps(engine));
    } finally {
      engine.close();
    }
  }
  const types = runs[0].types;
  assert.equal(types.length, 15);
  const weight = new Map(ipf.map((t) => [t.interaction_type, t.rv]));
  const want = [...negative].sort((a, b) => weight.get(a)! - weight.get(b)! || (a < b ? -1 : 1))
    .slice(0, 15);
  assert.deepEqual(types.map((t) => t.interaction_type), want);
  assert.ok(new Set(types.map((t) => t.rv)).size < types.length, "the test needs tied sums");
  assert.deepEqual(runs[1], runs[0]);
  const shares = runs[0].stages.map((s) => [s.negative_share, s.stage] as const);
  assert.deepEqual(
    shares,
    [...shares].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1)),
  );
});

Deno.test("argMax() takes the largest value among rows tied on the greatest key", async () => {
  const engine = await openEngine();
  try {
    const rows = await engine.query<{ g: number; v: number }>(
      `SELECT g, ${
        DUCKDB.argMax("v", "t")
      } AS v FROM (VALUES (1, 5, 2), (1, 9, 2), (1, 7, 1), (2, 3, 1)) x(g, v, t)
       GROUP BY g ORDER BY g`,
    );
    assert.deepEqual(rows.map((r) => [Number(r.g), Number(r.v)]), [[1, 9], [2, 3]]);
  } finally {
    engine.close();
  }
});
