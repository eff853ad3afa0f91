import assert from "node:assert/strict";
import { openEngine, putDataset, withQueryProgress } from "../../src/engine/duckdb.ts";
import type { Dataset } from "../../src/io/schema.ts";

const data: Dataset = {
  ipf: [{
    interaction_type: "demo",
    label: "Demo",
    rv: 3,
    variable_cost: 10,
    stage: "acquisition",
    function: "sales",
    relationship_type: "personal_assistance",
    voc: false,
    description: null,
  }],
  interactions: [{
    interaction_id: "i1",
    occurred_at: "2017-03-01T14:05:00Z",
    account_id: "a1",
    contact_id: "a1",
    interaction_type: "demo",
    source_system: "crm",
    quantity: 2,
    amount: null,
    cost: null,
    owner_id: null,
    initiative: null,
    note: null,
    extra: { region: "North" },
  }],
};

Deno.test("putDataset() creates typed canonical tables with extra columns", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, data);
    const rows = await engine.query<Record<string, unknown>>(
      "select i.interaction_id, strftime(i.occurred_at, '%Y-%m-%d %H:%M') t, i.quantity * p.rv as rv, i.region from interactions i join ipf p using (interaction_type)",
    );
    assert.deepEqual(rows, [{
      interaction_id: "i1",
      t: "2017-03-01 14:05",
      rv: 6,
      region: "North",
    }]);
    const empty = await engine.query<{ n: number }>("select count(*) n from financials");
    assert.equal(empty[0].n, 0);
  } finally {
    engine.close();
  }
});

Deno.test("Engine.query() turns BIGINT and DECIMAL into numbers but keeps numeric-looking text", async () => {
  const engine = await openEngine();
  try {
    const rows = await engine.query(
      "select '00001' as id, 42::BIGINT as n, 1.25::DECIMAL(9,2) as d, null::BIGINT as z, 'x' as t",
    );
    assert.deepEqual(rows, [{ id: "00001", n: 42, d: 1.25, z: null, t: "x" }]);
  } finally {
    engine.close();
  }
});

Deno.test("withQueryProgress() reports fractions that never go back, and 1 when done", async () => {
  const engine = await openEngine();
  try {
    const seen: number[] = [];
    const n = await withQueryProgress(engine, (f) => seen.push(f), async () => {
      await engine.run("CREATE TABLE t AS SELECT range AS x FROM range(3000000)");
      return (await engine.query<{ n: number }>("SELECT count(*) AS n FROM t"))[0].n;
    }, 5);
    assert.equal(n, 3_000_000, "the work's result is returned");
    assert.equal(seen.at(-1), 1);
    assert.ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])), `${seen}`);
  } finally {
    engine.close();
  }
});
