import assert from "node:assert/strict";
import { openEngine, putDataset } from "../../src/engine/duckdb.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { rvByPeriodReference } from "../../src/rv/rv_reference.ts";
import { accountSummaries } from "../../src/segments/account_summary.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import { analyseStudy } from "../../src/study/study.ts";
import { rvlab } from "../support/cli.ts";

Deno.test("analyseStudy() applies caps to every RV figure: summaries, relationship types, comparisons, panel", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-study-caps-" });
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  await generateWorld(ipf, out, { accounts: 30, months: 18, seed: 5 });
  const { data } = await loadDataDir(out);
  const engine = await openEngine();
  try {
    await putDataset(engine, data);
    // the positive-weight type with the most RV above one occurrence per account and month
    const [{ t }] = await engine.query<{ t: string }>(
      `SELECT interaction_type AS t FROM (
         SELECT i.interaction_type, date_trunc('month', i.occurred_at) AS m, i.account_id,
                (sum(i.quantity) - 1) * any_value(p.rv) AS excess
         FROM interactions i JOIN ipf p USING (interaction_type) WHERE p.rv > 0 GROUP BY ALL)
       GROUP BY 1 ORDER BY sum(greatest(excess, 0)) DESC, 1 LIMIT 1`,
    );
    const caps = { [t]: 1 };
    const capped = await analyseStudy(engine, { caps, resamples: 20 });
    const plain = await analyseStudy(engine, { resamples: 20 });
    const w = capped.segments.window;

    // account summaries: what the capped function gives for the same window, and lower RV
    const summaries = await accountSummaries(engine, w, undefined, caps);
    const rvOf = new Map(summaries.map((r) => [r.account_id, r.rv]));
    for (const r of capped.segments.accounts_table) {
      assert.ok(Math.abs(r.rv - rvOf.get(r.account_id)!) < 1e-6, r.account_id);
    }
    const sum = (xs: readonly { rv: number }[]) => xs.reduce((s, x) => s + x.rv, 0);
    assert.ok(sum(capped.segments.accounts_table) < sum(plain.segments.accounts_table) - 1);

    // relationship types add up to the capped summaries of the customers
    const customers = new Set(
      capped.segments.accounts_table.filter((r) => r.profit_segment !== null).map((r) =>
        r.account_id
      ),
    );
    const customerRv = summaries.filter((r) => customers.has(r.account_id));
    assert.ok(Math.abs(sum(capped.segments.relationship_types) - sum(customerRv)) < 1e-6);

    // the back-test panel: monthly totals equal the TypeScript reference with the cap
    const ref = new Map<string, number>();
    for (const r of rvByPeriodReference(data, { grain: "month", caps })) {
      ref.set(r.period, (ref.get(r.period) ?? 0) + r.rv);
    }
    for (const m of capped.backtest.totals) {
      assert.ok(Math.abs(m.rv - (ref.get(m.month) ?? 0)) < 1e-6, m.month);
    }
    assert.notDeepEqual(capped.backtest.totals, plain.backtest.totals);
  } finally {
    engine.close();
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("rvlab segments and report refuse a malformed --cap before reading data", async () => {
  for (const args of [["segments"], ["report", "--out", "/tmp/rvlab-never-written"]]) {
    const r = await rvlab(...args, "--data", "/nonexistent", "--cap", "visit");
    const cmd = args[0];
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /--cap expects TYPE=N, found "visit"/);
  }
});
