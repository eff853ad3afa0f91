/**
 * Discrete-opportunity summaries for BG/BB against the pandas oracle
 * (scripts/oracles/clv_discrete_oracle.py -> tests/fixtures/backtest/clv_discrete.json), by
 * hand on the period boundaries (the grid of opportunitySummaries()), and the BG/BB holdout check adding up.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath, sharedDataDir } from "../../src/io/paths.ts";
import { readTransactions } from "../../src/backtest/clv/transactions.ts";
import { discreteSummaries, fitDiscrete } from "../../src/backtest/clv/discrete.ts";
import { DISCRETE_COUNT_MODELS } from "../../src/backtest/clv/model.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(projectPath("tests", "fixtures", "backtest", "clv_discrete.json")),
);
const CDNOW = join(sharedDataDir(), "cdnow", "CDNOW_master.txt.gz");
const haveCdnow = await Deno.stat(CDNOW).then(() => true, () => false);

Deno.test("discreteSummaries() counts whole periods after the first purchase, holdout included", () => {
  const buy = (customer: string, date: string) => ({ customer, date, amount: 1 });
  const customers = discreteSummaries(
    [
      // first on 01-01; weeks after it: 1 = 01-02..01-08, 2 = ..01-15, 3 = ..01-22, 4 = ..01-29
      buy("a", "2020-01-01"),
      buy("a", "2020-01-01"), // the first day again: not a repeat
      buy("a", "2020-01-08"), // opportunity 1
      buy("a", "2020-01-09"), // opportunity 2
      buy("a", "2020-01-15"), // opportunity 2 again: counted once
      buy("a", "2020-01-27"), // opportunity 4: after n = 3 (01-28 ends no 4th whole week), so holdout
      buy("a", "2020-02-12"), // opportunity 7, past N = 5 at 02-11
      buy("b", "2020-01-28"), // first on the last day: n = 0
      buy("c", "2020-02-01"), // first after the calibration: not a customer
    ],
    "2020-01-28",
    "2020-02-11",
    "week",
  );
  assert.deepEqual(customers, [
    { customer: "a", x: 2, tx: 2, T: 3, opportunities: 2, holdout: 1 },
    { customer: "b", x: 0, tx: 0, T: 0, opportunities: 2, holdout: 0 },
  ]);
});

Deno.test({
  name:
    "discreteSummaries() gives the pandas oracle's weekly CDNOW summaries, and BG/BB's holdout check adds up",
  ignore: !haveCdnow,
  async fn() {
    const log = await readTransactions(CDNOW);
    const d = discreteSummaries(log.purchases, "1997-09-30", "1998-06-30", "week");
    assert.equal(d.length, fixture.customers);
    assert.equal(d.reduce((s, c) => s + c.x, 0), fixture.sum_x);
    assert.equal(d.reduce((s, c) => s + c.holdout, 0), fixture.sum_holdout);
    assert.equal(d.reduce((s, c) => s + c.opportunities, 0), fixture.sum_opportunities);
    const byId = new Map(d.map((c) => [c.customer, c]));
    for (const want of fixture.rows) assert.deepEqual(byId.get(want.customer), want);
    const { fit, holdout } = fitDiscrete(DISCRETE_COUNT_MODELS.bgbb!, d);
    assert.equal(fit.model, "bgbb");
    assert.ok(fit.converged);
    assert.equal(holdout.actual, fixture.sum_holdout);
    const sum = (k: "customers" | "actual" | "predicted") =>
      holdout.by_frequency.reduce((s, g) => s + g[k], 0);
    assert.equal(sum("customers"), fixture.customers);
    assert.equal(sum("actual"), holdout.actual);
    assert.ok(Math.abs(sum("predicted") - holdout.predicted) < 1e-6 * holdout.predicted);
    // at most one transaction per opportunity
    assert.ok(holdout.predicted <= fixture.sum_opportunities);
  },
});
