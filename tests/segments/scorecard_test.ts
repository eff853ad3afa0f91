import assert from "node:assert/strict";
import type { AccountSummary } from "../../src/segments/account_summary.ts";
import { crmScorecard } from "../../src/segments/scorecard.ts";
import { summaryRow } from "../support/records.ts";

/** An active account: `purchases` in the window, an NPS and a share of wallet (null: not measured). */
const account = (
  id: string,
  purchases: number,
  nps: number | null,
  share: number | null,
): AccountSummary =>
  summaryRow(id, {
    revenue: 1000,
    gross_profit: 400,
    interaction_cost: 100,
    profit: 300,
    revenue_previous: 900,
    wallet: share === null ? null : 1000 / share,
    wallet_previous: share === null ? null : 900 / share,
    rv: 5,
    interactions: purchases + 3,
    billed_periods: Math.min(purchases, 12),
    purchases,
    existing_customer: true,
    ever_billed: true,
    last_nps: nps,
  });

Deno.test("crmScorecard() finds few loyal customers where few recommend or hold a large share", () => {
  const rows = [
    account("a", 12, 10, 0.8), // loyal: promoter, repeat, large share
    account("b", 12, 3, 0.8), // detractor
    account("c", 12, 10, 0.2), // small share of wallet
    account("d", 1, 10, 0.9), // bought once
    account("e", 6, 6, 0.3),
  ];
  const s = crmScorecard(rows);
  assert.equal(s.loyal, 1 / 5);
  assert.deepEqual(s.loyal_components, {
    would_recommend: 3 / 5,
    repurchases: 4 / 5,
    large_share_of_wallet: 3 / 5,
  });
  assert.equal(s.loyal_criteria.length, 3);
  assert.deepEqual(s.loyal_criteria_missing, []);
});

Deno.test("crmScorecard() finds most customers loyal where they recommend, repeat and hold a large share", () => {
  const rows = [
    account("a", 12, 10, 0.8),
    account("b", 8, 9, 0.6),
    account("c", 20, 10, 0.9),
    account("d", 3, 9, 0.5),
    account("e", 1, 2, 0.1),
  ];
  assert.equal(crmScorecard(rows).loyal, 4 / 5);
});

Deno.test("crmScorecard() does not call repeat buyers loyal when repurchase is the only criterion measured", () => {
  // Maven's case: every account wins dozens of deals; no NPS, no wallet
  const rows = ["a", "b", "c"].map((id) => account(id, 30, null, null));
  const s = crmScorecard(rows);
  assert.equal(s.loyal, null);
  assert.equal(s.loyal_components.repurchases, 1);
  assert.equal(s.loyal_components.would_recommend, null);
  assert.equal(s.loyal_components.large_share_of_wallet, null);
  assert.deepEqual(s.loyal_criteria, ["repurchases (2+ purchases in the window)"]);
  assert.equal(s.loyal_criteria_missing.length, 2);
  assert.match(s.loyal_basis, /not measurable: the data measures 1 of the 3 criteria/);
});

Deno.test("crmScorecard() judges loyalty on two criteria when the third is not measured, and says so", () => {
  const rows = [account("a", 5, 10, null), account("b", 5, 5, null), account("c", 1, 10, null)];
  const s = crmScorecard(rows);
  assert.equal(s.loyal, 1 / 3);
  assert.match(s.loyal_basis, /not measured: large share of wallet/);
});

Deno.test("crmScorecard() has no loyalty figure without active customers", () => {
  const s = crmScorecard([{ ...account("a", 0, 10, 0.9), revenue: 0 }]);
  assert.equal(s.loyal, null);
  assert.equal(s.loyal_components.would_recommend, null);
  assert.match(s.loyal_basis, /no active/);
});
