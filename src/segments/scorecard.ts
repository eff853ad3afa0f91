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
  /**
   * share of active customers who are loyal as the CRM-strategy framework defines it
   * (would recommend, repurchase, a large share of wallet), on the criteria the data
   * measures (`loyal_criteria`); null when the data measures fewer than two of the three,
   * since one criterion alone is that criterion's share, not loyalty
   */
  loyal: number | null;
  /** the loyalty criteria the data measures and `loyal` used */
  loyal_criteria: string[];
  /** the loyalty criteria the data does not measure, with what would measure them */
  loyal_criteria_missing: string[];
  /** share of active customers meeting each criterion (null when the data does not measure it) */
  loyal_components: {
    would_recommend: number | null;
    repurchases: number | null;
    large_share_of_wallet: number | null;
  };
  /** one sentence: how `loyal` was judged, or why it is not measurable */
  loyal_basis: string;
}

/** The framework's three loyalty criteria, as the scorecard names them. */
export const LOYALTY_CRITERIA = {
  would_recommend: "would recommend (last NPS 9-10)",
  repurchases: "repurchases (2+ purchases in the window)",
  large_share_of_wallet: "large share of wallet (>= 50 %)",
} as const;

/** What would measure each loyalty criterion the data lacks. */
const MISSING_CRITERION = {
  would_recommend: "would recommend: needs NPS answers in voc",
  repurchases: "repurchases: needs revenue per period or purchases with an amount",
  large_share_of_wallet: "large share of wallet: needs wallet in financials",
} as const;

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
  const hasRepurchase = active.length > 0;
  const tests = {
    would_recommend: hasNps ? (r: AccountSummary) => (r.last_nps ?? -1) >= 9 : null,
    repurchases: hasRepurchase ? (r: AccountSummary) => count(r) >= 2 : null,
    large_share_of_wallet: hasWallet ? (r: AccountSummary) => (shareOfWallet(r) ?? 0) >= 0.5 : null,
  };
  const keys = Object.keys(tests) as (keyof typeof tests)[];
  const used = keys.filter((k) => tests[k] !== null);
  const missing = keys.filter((k) => tests[k] === null);
  const components = Object.fromEntries(
    keys.map((k) => [k, active.length && tests[k] ? share(tests[k]!) : null]),
  ) as CrmScorecard["loyal_components"];
  const measurable = active.length > 0 && used.length >= 2;
  const loyal = measurable ? share((r) => used.every((k) => tests[k]!(r))) : null;
  const loyalBasis = active.length === 0
    ? "not measurable: no active (billed) customers in the window"
    : measurable
    ? `loyal = meets all of ${used.map((k) => LOYALTY_CRITERIA[k]).join(", ")}${
      missing.length ? `; not measured: ${missing.map((k) => MISSING_CRITERION[k]).join("; ")}` : ""
    }`
    : `not measurable: the data measures ${used.length} of the 3 criteria (${
      used.map((k) => LOYALTY_CRITERIA[k]).join(", ") || "none"
    }), and one criterion alone is not loyalty; ${
      missing.map((k) => MISSING_CRITERION[k]).join("; ")
    }`;
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
    loyal,
    loyal_criteria: used.map((k) => LOYALTY_CRITERIA[k]),
    loyal_criteria_missing: missing.map((k) => MISSING_CRITERION[k]),
    loyal_components: components,
    loyal_basis: loyalBasis,
  };
}
