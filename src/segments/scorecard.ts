import type { AccountSummary } from "./account_summary.ts";
import { revenueGrowth, shareOfWallet } from "./growth_segments.ts";

/** The customer-analysis figures of a CRM-strategy review, computed from data. */
export interface CrmScorecard {
  /** billed in the window (the last 12 months by default) */
  active: number;
  /** billed before the window but not in it */
  passive: number;
  /** never billed (prospects) */
  potential: number;
  /** shares of active customers; "potential" = share of wallet < 50 % (or, without wallet, growing revenue) */
  profitability: {
    profitable_with_potential: number;
    profitable: number;
    unprofitable_with_potential: number;
    unprofitable: number;
  };
  potential_basis: "share_of_wallet" | "revenue_growth";
  /** active customers by purchases in the window (interactions with an amount, else billed periods) */
  repurchase_frequency: { "1": number; "2-5": number; "6-10": number; "11+": number };
  repurchase_basis: "purchases" | "billed_periods";
  /** share of active customers with share of wallet above / below 50 % (null without wallet) */
  share_of_wallet: { above_50: number; below_50: number } | null;
  /** share of revenue from the 10 largest customers */
  top10_revenue_share: number;
  /** share of active customers buying more than one product line (null when lines are unknown) */
  cross_selling: number | null;
  /** share of active customers who repeat, hold a high share and are promoters, on the criteria the data has */
  loyal: number;
  loyal_criteria: string[];
}

/**
 * Fills the customer-analysis scorecard of a CRM-strategy review from account
 * summaries. `productLines` maps an account to the product lines it bought in the
 * window (from interactions or accounts); omit it when the data has none.
 *
 * Why: the review's questions (active, passive, potential customers, share with
 * potential) answered from the same summaries as the segments, not a separate query.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { crmScorecard } from "./scorecard.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * console.log(crmScorecard(await accountSummaries(engine, await defaultWindow(engine))));
 * ```
 */
export function crmScorecard(
  rows: readonly AccountSummary[],
  productLines?: ReadonlyMap<string, ReadonlySet<string>>,
): CrmScorecard {
  const active = rows.filter((r) => r.revenue > 0);
  const passive = rows.filter((r) => r.revenue <= 0 && r.ever_billed);
  const potential = rows.filter((r) => !r.ever_billed);
  const n = active.length || 1;
  const hasWallet = active.some((r) => shareOfWallet(r) !== null);
  const withPotential = (r: AccountSummary) => {
    const s = shareOfWallet(r);
    return hasWallet ? s !== null && s < 0.5 : revenueGrowth(r) === "growing";
  };
  const share = (f: (r: AccountSummary) => boolean) => active.filter(f).length / n;
  const usePurchases = active.some((r) => r.purchases > 0);
  const count = (r: AccountSummary) => (usePurchases ? r.purchases : r.billed_periods);
  const sorted = [...active].sort((a, b) => b.revenue - a.revenue);
  const totalRevenue = active.reduce((s, r) => s + r.revenue, 0);
  const hasNps = active.some((r) => r.last_nps !== null);
  const criteria = [
    "repeat (2+ purchases)",
    ...(hasWallet ? ["share of wallet >= 50 %"] : []),
    ...(hasNps ? ["promoter (last NPS 9-10)"] : []),
  ];
  return {
    active: active.length,
    passive: passive.length,
    potential: potential.length,
    profitability: {
      profitable_with_potential: share((r) => r.profit > 0 && withPotential(r)),
      profitable: share((r) => r.profit > 0 && !withPotential(r)),
      unprofitable_with_potential: share((r) => r.profit <= 0 && withPotential(r)),
      unprofitable: share((r) => r.profit <= 0 && !withPotential(r)),
    },
    potential_basis: hasWallet ? "share_of_wallet" : "revenue_growth",
    repurchase_frequency: {
      "1": share((r) => count(r) <= 1),
      "2-5": share((r) => count(r) >= 2 && count(r) <= 5),
      "6-10": share((r) => count(r) >= 6 && count(r) <= 10),
      "11+": share((r) => count(r) >= 11),
    },
    repurchase_basis: usePurchases ? "purchases" : "billed_periods",
    share_of_wallet: hasWallet
      ? {
        above_50: share((r) => (shareOfWallet(r) ?? 0) > 0.5),
        below_50: share((r) => (shareOfWallet(r) ?? 0) <= 0.5),
      }
      : null,
    top10_revenue_share: totalRevenue
      ? sorted.slice(0, 10).reduce((s, r) => s + r.revenue, 0) / totalRevenue
      : NaN,
    cross_selling: productLines
      ? share((r) => (productLines.get(r.account_id)?.size ?? 0) > 1)
      : null,
    loyal: share((r) =>
      count(r) >= 2 && (!hasWallet || (shareOfWallet(r) ?? 0) >= 0.5) &&
      (!hasNps || (r.last_nps ?? -1) >= 9)
    ),
    loyal_criteria: criteria,
  };
}
