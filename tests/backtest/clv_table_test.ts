/**
 * The per-customer CLV table against the pandas/scipy oracle
 * (scripts/oracles/clv_table_oracle.py -> tests/fixtures/backtest/clv_table.json): at the
 * oracle's parameters, P(alive), E[Y(t)] over the holdout and 12 months, Gamma-Gamma
 * E[M | x, m], DERT and CLV of CDNOW customers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath, sharedDataDir } from "../../src/io/paths.ts";
import { readTransactions, rfmSummaries } from "../../src/backtest/clv/transactions.ts";
import { dert } from "../../src/backtest/clv/analysis.ts";
import { BGNBD } from "../../src/backtest/clv/model.ts";
import { gammaGammaExpectedSpend } from "../../src/backtest/clv/gamma_gamma.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(projectPath("tests", "fixtures", "backtest", "clv_table.json")),
);
const CDNOW = join(sharedDataDir(), "cdnow", "CDNOW_master.txt.gz");
const haveCdnow = await Deno.stat(CDNOW).then(() => true, () => false);

const rel = (got: number, want: number, tol: number, what: string) =>
  assert.ok(
    Math.abs(got - want) <= tol * Math.max(1e-12, Math.abs(want)),
    `${what}: ${got} vs ${want}`,
  );

Deno.test({
  name:
    "dert(), P(alive), E[Y(t)] and Gamma-Gamma spend give the oracle's CDNOW table at its parameters",
  ignore: !haveCdnow,
  async fn() {
    const log = await readTransactions(CDNOW);
    const sums = rfmSummaries(log.purchases, "1997-09-30", "1998-06-30", "week");
    assert.equal(sums.length, fixture.customers);
    const byId = new Map(sums.map((s) => [s.customer, s]));
    const bg = fixture.params.bgnbd, gg = fixture.params.gamma_gamma;
    const monthWeeks = 365.25 / 12 / 7;
    for (const want of fixture.rows) {
      const c = byId.get(want.customer)!;
      const id = want.customer;
      assert.equal(c.x, want.x, id);
      assert.equal(c.holdout, want.holdout_actual, id);
      rel(c.T, want.T, 1e-12, `T ${id}`);
      rel(BGNBD.pAlive(bg, c), want.p_alive, 1e-10, `P(alive) ${id}`);
      rel(BGNBD.conditionalExpected(bg, c, 39), want.expected_holdout, 1e-9, `E[Y(39)] ${id}`);
      rel(
        BGNBD.conditionalExpected(bg, c, 12 * monthWeeks),
        want.expected_horizon,
        1e-9,
        `E[Y(12 months)] ${id}`,
      );
      const d = dert(BGNBD, bg, c, 7, 12, 0.1);
      rel(d, want.dert, 1e-9, `DERT ${id}`);
      const spend = gammaGammaExpectedSpend(gg, c.x >= 1 && c.m > 0 ? c : { x: 0, m: 0 });
      rel(spend, want.expected_spend, 1e-12, `E[M] ${id}`);
      rel(d * spend, want.clv, 1e-9, `CLV ${id}`);
    }
  },
});
