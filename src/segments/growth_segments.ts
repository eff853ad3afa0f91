import type { AccountSummary } from "./account_summary.ts";
import {
  type Growth,
  growth,
  GROWTH_TOLERANCE,
  SHARE_TOLERANCE,
  shareGrowth,
} from "./definitions.ts";

export type { Growth } from "./definitions.ts";

/**
 * Revenue growth of an account: the window against the window before it, by the shared
 * {@linkcode growth} definition: "new" (no revenue before), "lost" (none now),
 * "growing"/"shrinking" when the change exceeds ±tolerance (default 5 %), else
 * "stable"; "none" without revenue.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { revenueGrowth } from "./growth_segments.ts";
 * import type { AccountSummary } from "./account_summary.ts";
 * const r = { revenue: 120, revenue_previous: 100 } as AccountSummary;
 * revenueGrowth(r); // => "growing"
 * ```
 */
export function revenueGrowth(r: AccountSummary, tolerance = GROWTH_TOLERANCE): Growth {
  return growth(r.revenue_previous, r.revenue, tolerance);
}

/**
 * Share of wallet (revenue / wallet) in the window, or null without wallet.
 *
 * Why: revenue alone cannot tell a small customer from a small share of a big one.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { shareOfWallet } from "./growth_segments.ts";
 * import type { AccountSummary } from "./account_summary.ts";
 * shareOfWallet({ revenue: 120, wallet: 400 } as AccountSummary); // => 0.3
 * shareOfWallet({ revenue: 120, wallet: null } as AccountSummary); // => null
 * ```
 */
export function shareOfWallet(r: AccountSummary): number | null {
  return r.wallet && r.wallet > 0 ? r.revenue / r.wallet : null;
}

/**
 * Share-of-wallet growth ({@linkcode shareGrowth}): "growing"/"shrinking" when the share moves by more than
 * `tolerance` (absolute, default 0.02), "stable" otherwise; null without wallet
 * in both windows.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { shareOfWalletGrowth } from "./growth_segments.ts";
 * import type { AccountSummary } from "./account_summary.ts";
 * const r = { revenue: 120, revenue_previous: 100, wallet: 400, wallet_previous: 400 } as AccountSummary;
 * shareOfWalletGrowth(r); // => "growing"
 * ```
 */
export function shareOfWalletGrowth(r: AccountSummary, tolerance = SHARE_TOLERANCE): Growth | null {
  if (!r.wallet || !r.wallet_previous) return null;
  return shareGrowth(r.revenue_previous / r.wallet_previous, r.revenue / r.wallet, tolerance);
}

/**
 * Groups accounts by any label (a dimension, an initiative, a custom predicate)
 * with counts and money per group.
 *
 * @example
 * ```ts
 * import { segmentBy } from "./growth_segments.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const summaries = await accountSummaries(engine, await defaultWindow(engine, 12));
 * segmentBy(summaries, (r) => r.community_member ? "community" : "not community");
 * ```
 */
export function segmentBy(
  rows: readonly AccountSummary[],
  label: (r: AccountSummary) => string | null,
): {
  segment: string;
  accounts: number;
  revenue: number;
  profit: number;
  rv: number;
  interaction_cost: number;
}[] {
  const groups = new Map<
    string,
    {
      segment: string;
      accounts: number;
      revenue: number;
      profit: number;
      rv: number;
      interaction_cost: number;
    }
  >();
  for (const r of rows) {
    const k = label(r);
    if (k === null) continue;
    const g = groups.get(k) ??
      { segment: k, accounts: 0, revenue: 0, profit: 0, rv: 0, interaction_cost: 0 };
    g.accounts++;
    g.revenue += r.revenue;
    g.profit += r.profit;
    g.rv += r.rv;
    g.interaction_cost += r.interaction_cost;
    groups.set(k, g);
  }
  return [...groups.values()].sort((a, b) => (a.segment < b.segment ? -1 : 1));
}
