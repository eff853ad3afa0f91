/**
 * Small canonical records for tests: an IPF type, an interaction, an accounts row and an
 * account summary with every optional field empty.
 *
 * @module
 */
import type { Account, Interaction, IpfEntry } from "../../src/io/schema.ts";
import type { AccountSummary } from "../../src/segments/account_summary.ts";

/** An IPF entry of the retention stage with the given weight and variable cost. */
export const ipfType = (interaction_type: string, rv: number, variable_cost: number): IpfEntry => ({
  interaction_type,
  label: interaction_type,
  rv,
  variable_cost,
  stage: "retention",
  function: "service",
  relationship_type: "automated_service",
  voc: false,
  description: null,
});

let seq = 0;

/** One interaction of `account` (also its contact) at `at`, ids `i1`, `i2`, … in call order. */
export const interactionAt = (
  account: string,
  at: string,
  t: string,
  extra: Partial<Interaction> = {},
): Interaction => ({
  interaction_id: `i${++seq}`,
  occurred_at: at,
  account_id: account,
  contact_id: account,
  interaction_type: t,
  source_system: null,
  quantity: 1,
  amount: null,
  cost: null,
  owner_id: null,
  initiative: null,
  note: null,
  ...extra,
});

/** An accounts row with every optional column null, then `overrides`. */
export const accountRow = (account_id: string, overrides: Partial<Account> = {}): Account => ({
  account_id,
  name: null,
  industry: null,
  region: null,
  territory: null,
  product_line: null,
  owner_id: null,
  community_member: null,
  created_at: null,
  ...overrides,
});

/** An account summary (segments/account_summary.ts) with zero money and no attributes, then `overrides`. */
export const summaryRow = (
  account_id: string,
  overrides: Partial<AccountSummary> = {},
): AccountSummary => ({
  account_id,
  revenue: 0,
  gross_profit: 0,
  cost_to_serve: 0,
  interaction_cost: 0,
  profit: 0,
  revenue_previous: 0,
  wallet: null,
  wallet_previous: null,
  rv: 0,
  interactions: 1,
  billed_periods: 0,
  purchases: 0,
  existing_customer: false,
  ever_billed: false,
  last_nps: null,
  industry: null,
  region: null,
  territory: null,
  product_line: null,
  owner_id: null,
  community_member: null,
  ...overrides,
});
