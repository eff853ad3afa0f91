import assert from "node:assert/strict";
import { UsageError } from "../../src/io/errors.ts";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import type { Account, Dataset, Financial, Interaction, IpfEntry } from "../../src/io/schema.ts";
import {
  accountSummaries,
  analyseSegments,
  crmScorecard,
  defaultWindow,
  profitSegments,
  relationshipTypes,
  revenueGrowth,
  shareOfWalletGrowth,
  startingBenchmark,
  whaleCurve,
} from "../../src/segments/mod.ts";

const ipf: IpfEntry[] = [
  {
    interaction_type: "visit",
    label: "Visit",
    rv: 4,
    variable_cost: 100,
    stage: "retention",
    function: "sales",
    relationship_type: "dedicated_personal_assistance",
    voc: false,
    description: null,
  },
  {
    interaction_type: "ticket",
    label: "Ticket",
    rv: -2,
    variable_cost: 10,
    stage: "retention",
    function: "service",
    relationship_type: "personal_assistance",
    voc: false,
    description: null,
  },
];
let n = 0;
const ev = (a: string, at: string, t: string, amount: number | null = null): Interaction => ({
  interaction_id: `i${++n}`,
  occurred_at: `${at}T10:00:00Z`,
  account_id: a,
  contact_id: a,
  interaction_type: t,
  source_system: null,
  quantity: 1,
  amount,
  cost: null,
  owner_id: null,
  initiative: null,
  note: null,
});
const fin = (
  a: string,
  period: string,
  revenue: number,
  gp: number,
  cts: number,
  wallet: number | null = null,
): Financial => ({
  account_id: a,
  period,
  revenue,
  gross_profit: gp,
  cost_to_serve: cts,
  wallet,
});
const acct = (id: string, community: boolean): Account => ({
  account_id: id,
  name: null,
  industry: null,
  region: id < "c" ? "North" : "South",
  territory: null,
  product_line: null,
  owner_id: null,
  community_member: community,
  created_at: null,
});

// window = 2017 (last month with financials is 2017-12); previous = 2016
const data: Dataset = {
  ipf,
  accounts: ["a", "b", "c", "d", "e"].map((id, i) => acct(id, i % 2 === 0)),
  interactions: [
    ev("a", "2017-02-01", "visit"),
    ev("a", "2017-03-01", "visit"), // cost 200, rv 8
    ev("b", "2017-05-01", "ticket"),
    ev("b", "2017-06-01", "ticket"), // cost 20, rv -4
    ev("c", "2017-07-01", "visit"),
    ev("c", "2017-08-01", "ticket", 50), // cost 110, rv 2, one purchase
    ev("d", "2016-07-01", "visit"), // before the window
    ev("e", "2017-09-01", "ticket"), // prospect, cost 10
  ],
  financials: [
    fin("a", "2017-01-01", 1000, 600, 50, 2000),
    fin("a", "2017-12-01", 1000, 600, 50, 2000),
    fin("a", "2016-06-01", 500, 300, 0, 2000),
    fin("b", "2017-03-01", 200, 100, 20, 300),
    fin("b", "2016-03-01", 400, 200, 0, 300),
    fin("c", "2017-04-01", 300, 90, 100, null),
    fin("d", "2016-05-01", 900, 400, 0, null),
  ],
};

async function withEngine<T>(
  f: (e: Awaited<ReturnType<typeof openEngine>>) => Promise<T>,
): Promise<T> {
  const e = await openEngine();
  try {
    await putDataset(e, data);
    return await f(e);
  } finally {
    e.close();
  }
}

Deno.test("accountSummaries() computes hand-checked profit over the window", async () => {
  const rows = await withEngine(async (e) => accountSummaries(e, await defaultWindow(e, 12)));
  const by = Object.fromEntries(rows.map((r) => [r.account_id, r]));
  assert.deepEqual([
    by.a.revenue,
    by.a.gross_profit,
    by.a.cost_to_serve,
    by.a.interaction_cost,
    by.a.profit,
  ], [2000, 1200, 100, 200, 900]);
  assert.deepEqual([by.b.profit, by.b.revenue_previous, by.b.rv], [100 - 20 - 20, 400, -4]);
  assert.deepEqual([by.c.profit, by.c.purchases, by.c.existing_customer], [
    90 - 100 - 110,
    1,
    false,
  ]);
  assert.deepEqual([by.d.revenue, by.d.ever_billed, by.d.interactions], [0, true, 0]);
  assert.deepEqual([by.e.ever_billed, by.e.interaction_cost], [false, 10]);
  assert.equal(by.a.existing_customer, true);
});

Deno.test("profitSegments() and whaleCurve() rank customers by profit", async () => {
  const rows = await withEngine(async (e) => accountSummaries(e, await defaultWindow(e, 12)));
  const seg = profitSegments(rows);
  // customers (revenue in the window): a (900), b (60), c (-120); e has only interaction
  // cost (-10): no_revenue, not loss; d has neither revenue nor interactions in the window
  assert.deepEqual(Object.fromEntries(seg), {
    a: "top20",
    b: "middle",
    e: "no_revenue",
    c: "loss",
  });
  const w = whaleCurve(rows);
  assert.equal(w.total_profit, 840);
  assert.deepEqual(w.peak, {
    share_of_customers: 2 / 3,
    cumulative_share: 960 / 840,
    customers: 2,
  });
  assert.equal(w.share_destroying_profit, 1 / 3);
  assert.deepEqual(w.points.map((p) => p.cumulative_profit), [900, 960, 840]);
});

Deno.test("revenueGrowth() and shareOfWalletGrowth() compare with the previous window", async () => {
  const rows = await withEngine(async (e) => accountSummaries(e, await defaultWindow(e, 12)));
  const by = Object.fromEntries(rows.map((r) => [r.account_id, r]));
  assert.equal(revenueGrowth(by.a), "growing");
  assert.equal(revenueGrowth(by.b), "shrinking");
  assert.equal(revenueGrowth(by.c), "new");
  assert.equal(revenueGrowth(by.d), "lost");
  assert.equal(revenueGrowth(by.e), "none");
  // a: 2000/4000 = 0.5 now vs 500/2000 = 0.25 before
  assert.equal(shareOfWalletGrowth(by.a), "growing");
  assert.equal(shareOfWalletGrowth(by.c), null);
});

Deno.test("startingBenchmark() gives ratios, concentration and the RV difference with n", async () => {
  const rows = await withEngine(async (e) => accountSummaries(e, await defaultWindow(e, 12)));
  const b = startingBenchmark(rows, profitSegments(rows), 12);
  assert.equal(b.top.accounts, 1);
  // others are the customers b and c only: e (no revenue) is not a customer
  assert.equal(b.cost_to_engage_ratio, 200 / ((20 + 110) / 2));
  assert.equal(b.revenue_ratio, 2000 / ((200 + 300) / 2));
  assert.equal(b.revenue_concentration_top20, 2000 / 2500); // ceil(0.2 * 3) = 1 customer
  assert.equal(b.retention_revenue_share, (2000 + 200) / 2500);
  // profits a 900, b 60, c −120: the top account makes more than the net profit
  assert.equal(b.profit_concentration_top20, 900 / 840);
  assert.deepEqual([b.rv_difference.n_top, b.rv_difference.n_loss], [1, 1]);
  assert.equal(b.rv_difference.cliffs_delta, 1);
});

Deno.test("crmScorecard() fills the CRM-strategy figures", async () => {
  const rows = await withEngine(async (e) => accountSummaries(e, await defaultWindow(e, 12)));
  const s = crmScorecard(rows, new Map([["a", new Set(["x", "y"])], ["b", new Set(["x"])]]));
  assert.deepEqual([s.active, s.passive, s.potential], [3, 1, 1]);
  assert.equal(s.potential_basis, "share_of_wallet");
  // a: profit 900, SoW 0.5 (not < 0.5); b: profit 60, SoW 200/300; c: profit -120, no wallet
  assert.deepEqual(s.profitability, {
    profitable_with_potential: 0,
    profitable: 2 / 3,
    unprofitable_with_potential: 0,
    unprofitable: 1 / 3,
  });
  assert.equal(s.repurchase_basis, "purchases");
  assert.deepEqual(s.repurchase_frequency, { "1": 1, "2-5": 0, "6-10": 0, "11+": 0 });
  assert.equal(s.top10_revenue_share, 1);
  assert.equal(s.cross_selling, 1 / 3);
});

Deno.test("relationshipTypes() lists every type per segment, zeros included", async () => {
  const rows = await withEngine(async (e) => {
    const w = await defaultWindow(e, 12);
    const seg = profitSegments(await accountSummaries(e, w));
    return relationshipTypes(e, w, seg);
  });
  const top = rows.filter((r) => r.segment === "top20");
  assert.deepEqual(
    top.map((r) => [r.relationship_type, r.interactions, r.rv, r.cost, r.cost_per_rv]),
    [
      ["dedicated_personal_assistance", 2, 8, 200, 25],
      ["personal_assistance", 0, 0, 0, null],
    ],
  );
});

Deno.test("analyseSegments() runs end to end and notes missing money", async () => {
  const s = await withEngine((e) => analyseSegments(e));
  assert.equal(s.customers, 3);
  assert.deepEqual(s.notes, []);
  const noMoney = await (async () => {
    const e = await openEngine();
    try {
      await putDataset(e, { ...data, financials: [] });
      return await analyseSegments(e);
    } finally {
      e.close();
    }
  })();
  assert.match(noMoney.notes.join(" "), /no revenue in the window/);
  // no significance test on costs alone: every account is no_revenue, top vs loss is not testable
  assert.deepEqual(noMoney.profit_segments.map((g) => g.segment), ["no_revenue"]);
  assert.equal(noMoney.starting_benchmark.rv_difference.p_value, null);
  assert.ok(Number.isNaN(noMoney.starting_benchmark.profit_concentration_top20));
  const tvl = noMoney.rvq.find((r) => r.question === "top_vs_loss")!;
  assert.deepEqual([tvl.verdict, tvl.reason, tvl.p_value], [
    "not_testable",
    "no revenue in the window",
    null,
  ]);
});

Deno.test("analyseSegments() adds a custom:<name> rvq row per --compare and names a failing predicate", async () => {
  const s = await withEngine((e) =>
    analyseSegments(e, { compare: [{ name: "north", predicate: "region = 'North'" }] })
  );
  const row = s.rvq.find((r) => r.question === "custom:north")!;
  // active accounts a, b, c, e; North: a, b
  assert.deepEqual([row.group_a, row.group_b, row.n_a, row.n_b], ["north", "not north", 2, 2]);
  assert.equal(row.verdict, "not_testable");
  await assert.rejects(
    withEngine((e) => analyseSegments(e, { compare: [{ name: "bad", predicate: "nosuch > 1" }] })),
    (err: Error) => err instanceof UsageError && /--compare "bad: nosuch > 1"/.test(err.message),
  );
});
