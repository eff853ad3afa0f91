import assert from "node:assert/strict";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import type { Dataset, Interaction, IpfEntry } from "../../src/io/schema.ts";
import { scoredInteractionsSql } from "../../src/rv/scored.ts";
import { rvByPeriodReference } from "../../src/rv/rv_reference.ts";
import { compareBy } from "../../src/segments/comparisons.ts";
import { changeDrivers } from "../../src/rv/drivers.ts";
import { accountSummaries } from "../../src/segments/account_summary.ts";
import { relationshipTypes } from "../../src/segments/relationship_types.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import { interactionAt, ipfType } from "../support/records.ts";

const type = ipfType;
const ev = (account: string, at: string, t: string, quantity = 1): Interaction =>
  interactionAt(account, at, t, { quantity });

const DATA: Dataset = {
  ipf: [type("email_open", 0.5, 1), type("demo", 5, 100)],
  interactions: [
    ev("a", "2017-01-03T09:00:00Z", "email_open", 3),
    ev("a", "2017-01-20T09:00:00Z", "email_open", 1),
    ev("a", "2017-01-21T09:00:00Z", "demo"),
    ev("a", "2017-02-02T09:00:00Z", "email_open", 2),
    ev("b", "2017-01-05T09:00:00Z", "email_open", 1),
  ],
};

type Scored = {
  interaction_id: string;
  rv: number;
  rv_uncapped: number;
  cost_to_engage: number;
  period: string;
};

async function scored(caps: Record<string, number>): Promise<Scored[]> {
  const engine = await openEngine();
  try {
    await putDataset(engine, DATA);
    return await engine.query<Scored>(
      `SELECT interaction_id, rv, rv_uncapped, cost_to_engage, strftime(period, '%Y-%m-%d') AS period
       FROM (${scoredInteractionsSql({ caps })}) s ORDER BY interaction_id`,
    );
  } finally {
    engine.close();
  }
}

Deno.test("scoredInteractionsSql() without caps scores quantity × IPF weight and cost", async () => {
  const rows = await scored({});
  assert.deepEqual(rows.map((r) => [r.rv, r.rv_uncapped, r.cost_to_engage, r.period]), [
    [1.5, 1.5, 3, "2017-01-01"],
    [0.5, 0.5, 1, "2017-01-01"],
    [5, 5, 100, "2017-01-01"],
    [1, 1, 2, "2017-02-01"],
    [0.5, 0.5, 1, "2017-01-01"],
  ]);
});

Deno.test("scoredInteractionsSql() caps per account, month and type, never cost", async () => {
  const rows = await scored({ email_open: 2 });
  // account a, January: 4 email opens, cap 2 → each scaled by 2/4; February (2) and b (1) under the cap
  assert.deepEqual(rows.map((r) => [r.rv, r.rv_uncapped, r.cost_to_engage]), [
    [0.75, 1.5, 3],
    [0.25, 0.5, 1],
    [5, 5, 100],
    [1, 1, 2],
    [0.5, 0.5, 1],
  ]);
  const zero = await scored({ email_open: 0 });
  assert.deepEqual(zero.map((r) => r.rv), [0, 0, 5, 0, 0]);
});

Deno.test("scoredInteractionsSql() rejects caps that are not numbers >= 0", () => {
  assert.throws(() => scoredInteractionsSql({ caps: { email_open: -1 } }), RangeError);
  assert.throws(() => scoredInteractionsSql({ caps: { email_open: NaN } }), RangeError);
  assert.match(scoredInteractionsSql({ caps: { "it's": 1 } }), /'it''s'/);
});

Deno.test("caps reach account summaries, relationship types, comparisons and drivers", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-scored-" });
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  await generateWorld(ipf, out, { accounts: 25, months: 14, seed: 11 });
  const { data } = await loadDataDir(out);
  const engine = await openEngine();
  try {
    await putDataset(engine, data);
    const [{ t }] = await engine.query<{ t: string }>(
      "SELECT interaction_type AS t FROM interactions GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    );
    const caps = { [t]: 1 };
    const w = {
      start: "2023-03-01",
      end: "2023-12-01",
      previous_start: "2022-06-01",
      months: 9,
      profit_basis: "revenue" as const,
    };
    // the reference: monthly capped RV per account, summed over the window
    const expected = new Map<string, number>();
    for (const r of rvByPeriodReference(data, { grain: "month", caps })) {
      if (r.period >= w.start && r.period < w.end) {
        expected.set(r.id, (expected.get(r.id) ?? 0) + r.rv);
      }
    }
    const capped = await accountSummaries(engine, w, undefined, caps);
    const plain = await accountSummaries(engine, w);
    let changed = 0;
    for (const row of capped) {
      assert.ok(Math.abs(row.rv - (expected.get(row.account_id) ?? 0)) < 1e-6, row.account_id);
      const p = plain.find((x) => x.account_id === row.account_id)!;
      if (Math.abs(p.rv - row.rv) > 1e-9) changed++;
      assert.ok(Math.abs(p.interaction_cost - row.interaction_cost) < 1e-6); // cost is never capped
    }
    assert.ok(changed > 0, "the cap changes some account's RV");
    const total = capped.reduce((s, r) => s + r.rv, 0);
    const segments = new Map(capped.map((r) => [r.account_id, "all"]));
    const types = await relationshipTypes(engine, w, segments, caps);
    assert.ok(Math.abs(types.reduce((s, r) => s + r.rv, 0) - total) < 1e-6);
    const all = await compareBy(engine, "interaction_type", { caps });
    const fromRef = rvByPeriodReference(data, { grain: "month", caps }).reduce(
      (s, r) => s + r.rv,
      0,
    );
    assert.ok(Math.abs(all.groups.reduce((s, g) => s + g.rv, 0) - fromRef) < 1e-6);
    const acct = capped.find((r) => r.rv !== 0)!.account_id;
    const drivers = await changeDrivers(engine, acct, w.start, "2023-08-01", w.end, 1000, caps);
    const ref = expected.get(acct)!;
    const sum = drivers.reduce((s, d) => s + d.before_rv + d.recent_rv, 0);
    assert.ok(Math.abs(sum - ref) < 1e-6, `${sum} vs ${ref}`);
  } finally {
    engine.close();
  }
});
