import assert from "node:assert/strict";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import {
  rvByPeriod,
  rvByPeriodSql,
  type RvOptions,
  type RvRow,
  rvSumsByPeriod,
} from "../../src/rv/rv_by_period.ts";
import { rvByPeriodReference } from "../../src/rv/rv_reference.ts";
import { addPeriods, periodsBetween, periodStart } from "../../src/util/periods.ts";
import type { Dataset, IpfEntry } from "../../src/io/schema.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadDataDir } from "../../src/engine/records.ts";
import { interactionAt, ipfType } from "../support/records.ts";

const type = ipfType;
const ev = interactionAt;

const IPF = [type("demo", 5, 100), type("email_open", 0.5, 1), type("late_delivery", -8, 0)];
const SMALL: Dataset = {
  ipf: IPF,
  interactions: [
    ev("a", "2017-01-10T09:00:00Z", "demo"),
    ev("a", "2017-01-11T09:00:00Z", "email_open", { quantity: 5 }),
    ev("a", "2017-03-02T09:00:00Z", "late_delivery"),
    ev("a", "2017-03-05T09:00:00Z", "demo", { cost: 40, contact_id: "a-c2", initiative: "growth" }),
    ev("b", "2017-02-28T23:59:00Z", "email_open", { initiative: "growth" }),
    ev("b", "2017-02-01T00:00:00Z", "unknown_type"),
  ],
};

async function sql(data: Dataset, options: RvOptions): Promise<RvRow[]> {
  const engine = await openEngine();
  try {
    await putDataset(engine, data);
    return await rvByPeriod(engine, options);
  } finally {
    engine.close();
  }
}

function close(a: RvRow[], b: RvRow[]) {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    for (const k of Object.keys(a[i]) as (keyof RvRow)[]) {
      const x = a[i][k], y = b[i][k];
      if (typeof x === "number" && typeof y === "number") {
        assert.ok(
          Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)),
          `${k} row ${i}: ${x} vs ${y}`,
        );
      } else assert.equal(x, y, `${k} row ${i}`);
    }
  }
}

Deno.test("rvByPeriod() matches hand-computed monthly RV, empty months and negative RV", async () => {
  const rows = await sql(SMALL, { grain: "month" });
  const a = rows.filter((r) => r.id === "a").map((
    r,
  ) => [r.period, r.rv, r.rv_cumulative, r.interactions, r.cost]);
  assert.deepEqual(a, [
    ["2017-01-01", 5 + 2.5, 7.5, 2, 100 + 5],
    ["2017-02-01", 0, 7.5, 0, 0],
    ["2017-03-01", -8 + 5, 4.5, 2, 0 + 40],
  ]);
  const b = rows.filter((r) => r.id === "b").map((r) => [r.period, r.rv, r.rv_per_cost]);
  assert.deepEqual(b, [["2017-02-01", 0.5, 0.5], ["2017-03-01", 0, null]]);
});

Deno.test("rvByPeriodSql() observedOnly gives the period sums with interactions, as the dense sums have them", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, SMALL);
    const rows = async (observedOnly: boolean) =>
      (await engine.query<{ id: string; period: string }>(
        rvByPeriodSql({ grain: "month", sumsOnly: true, observedOnly }),
      )).sort((x, y) => `${x.id} ${x.period}`.localeCompare(`${y.id} ${y.period}`));
    const dense = await rows(false), observed = await rows(true);
    assert.deepEqual(observed.map((r) => `${r.id} ${r.period}`), [
      "a 2017-01-01",
      "a 2017-03-01",
      "b 2017-02-01",
    ]);
    const key = (r: { id: string; period: string }) => `${r.id} ${r.period}`;
    assert.deepEqual(observed, dense.filter((r) => observed.some((o) => key(o) === key(r))));
  } finally {
    engine.close();
  }
});

Deno.test("rvSumsByPeriod() gives rvByPeriod()'s sums, rows and order, with the zero periods filled", async () => {
  const engine = await openEngine();
  try {
    await putDataset(engine, SMALL);
    for (
      const options of [
        { grain: "month" },
        { grain: "week" },
        { grain: "quarter", level: "contact" },
        { grain: "month", level: "initiative" },
        { grain: "month", end: "2017-02-01" },
        { grain: "month", caps: { email_open: 2 } },
      ] as RvOptions[]
    ) {
      const full = (await rvByPeriod(engine, options)).map((r) => ({
        id: r.id,
        account_id: r.account_id,
        period: r.period,
        rv: r.rv,
        interactions: r.interactions,
        cost: r.cost,
      }));
      assert.deepEqual(await rvSumsByPeriod(engine, options), full, JSON.stringify(options));
    }
  } finally {
    engine.close();
  }
});

Deno.test("rvByPeriod() applies caps per type and period but not to cost", async () => {
  const rows = await sql(SMALL, { grain: "month", caps: { email_open: 2 } });
  const jan = rows.find((r) => r.id === "a" && r.period === "2017-01-01")!;
  assert.equal(jan.rv, 5 + 2 * 0.5);
  assert.equal(jan.cost, 105);
});

Deno.test("rvByPeriod() decays with a half-life", async () => {
  const rows = await sql(SMALL, { grain: "month", halfLife: 1 });
  const a = rows.filter((r) => r.id === "a").map((r) => r.rv_decayed);
  assert.deepEqual(a, [7.5, 3.75, 3.75 / 2 - 3]);
  await assert.rejects(() => sql(SMALL, { grain: "day", halfLife: 0.01 }), RangeError);
});

Deno.test("rvByPeriod() rolls up contacts and initiatives", async () => {
  const contacts = await sql(SMALL, { grain: "quarter", level: "contact" });
  assert.deepEqual(contacts.map((r) => [r.id, r.account_id, r.period, r.rv]), [
    ["a", "a", "2017-01-01", 7.5 - 8],
    ["a-c2", "a", "2017-01-01", 5],
    ["b", "b", "2017-01-01", 0.5],
  ]);
  const init = await sql(SMALL, { grain: "quarter", level: "initiative" });
  assert.deepEqual(init.map((r) => [r.id, r.account_id, r.rv]), [["growth", null, 5.5]]);
});

Deno.test("rvByPeriod() handles empty input", async () => {
  assert.deepEqual(await sql({ ipf: IPF, interactions: [] }, {}), []);
  assert.deepEqual(rvByPeriodReference({ ipf: IPF, interactions: [] }), []);
});

Deno.test("rvByPeriod() in SQL equals the TypeScript reference on a synthetic world", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-rv-" });
  await generateWorld(IPF_FROM_DISK ?? IPF, out, { accounts: 30, months: 14, seed: 5 });
  const { data } = await loadDataDir(out);
  for (
    const options of [
      { grain: "month" },
      { grain: "week", halfLife: 4, caps: { nps_response: 0 } },
      { grain: "day", level: "contact" },
      { grain: "quarter", level: "initiative", halfLife: 2 },
    ] as RvOptions[]
  ) {
    close(await sql(data, options), rvByPeriodReference(data, options));
  }
});

Deno.test("periodStart() and addPeriods() agree on ISO weeks, months and quarters", () => {
  assert.equal(periodStart("2017-01-01T10:00:00Z", "week"), "2016-12-26");
  assert.equal(periodStart("2017-03-13T00:00:00Z", "week"), "2017-03-13");
  assert.equal(periodStart("2017-12-31T23:59:59Z", "quarter"), "2017-10-01");
  assert.equal(addPeriods("2016-12-26", "week", 1), "2017-01-02");
  assert.equal(addPeriods("2017-11-01", "quarter", 1), "2018-02-01");
  assert.equal(periodsBetween("2017-01-01", "2018-04-01", "quarter"), 5);
});

const IPF_FROM_DISK = await (async () => {
  const { loadTable } = await import("../../src/engine/records.ts");
  const { DEFAULT_IPF } = await import("../../src/ipf/adapters.ts");
  return (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
})();
