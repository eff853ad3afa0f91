import type { AccountSummary } from "./account_summary.ts";
import { isCustomer } from "./definitions.ts";

/** The whale curve of customer profitability. */
export interface WhaleCurve {
  /** one point per customer, most profitable first: x = share of customers, y = cumulative profit / total profit */
  points: { share_of_customers: number; cumulative_profit: number; cumulative_share: number }[];
  total_profit: number;
  /** the top of the curve: how much of total profit the profitable customers make, and how many they are */
  peak: { share_of_customers: number; cumulative_share: number; customers: number };
  /** share of customers (revenue > 0) with negative profit (they bring the curve down from its peak) */
  share_destroying_profit: number;
  customers: number;
}

/**
 * The whale curve (Kaplan & Cooper): cumulative profit against customers ranked
 * from most to least profitable. Its peak is typically well above 100 % of total
 * profit, and the tail is the customers who destroy profit. Customers are the accounts
 * with revenue in the window (`isCustomer`): accounts we only spent on are not on the
 * curve, so `share_destroying_profit` is a share of buying customers.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { whaleCurve } from "./whale_curve.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const summaries = await accountSummaries(engine, await defaultWindow(engine, 12));
 * whaleCurve(summaries).peak.cumulative_share; // e.g. 1.6: profitable customers make 160 % of profit
 * ```
 */
export function whaleCurve(rows: readonly AccountSummary[]): WhaleCurve {
  const customers = rows.filter(isCustomer).sort((a, b) => b.profit - a.profit);
  const total = customers.reduce((s, r) => s + r.profit, 0);
  const n = customers.length;
  let cum = 0;
  let peak = { share_of_customers: 0, cumulative_share: 0, customers: 0 };
  let peakValue = -Infinity;
  const points = customers.map((r, i) => {
    cum += r.profit;
    if (cum > peakValue) {
      peakValue = cum;
      peak = {
        share_of_customers: (i + 1) / n,
        cumulative_share: total !== 0 ? cum / total : NaN,
        customers: i + 1,
      };
    }
    return {
      share_of_customers: (i + 1) / n,
      cumulative_profit: cum,
      cumulative_share: total !== 0 ? cum / total : NaN,
    };
  });
  return {
    points,
    total_profit: total,
    peak,
    share_destroying_profit: n ? customers.filter((r) => r.profit < 0).length / n : 0,
    customers: n,
  };
}
