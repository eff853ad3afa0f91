import type { AccountSummary } from "./account_summary.ts";
import {
  isCustomer,
  type ProfitSegment,
  profitSegmentOf,
  rankByValue,
  topShare,
} from "./definitions.ts";

export type { ProfitSegment } from "./definitions.ts";

/**
 * Labels accounts by profit over the window with the shared definitions
 * (`definitions.ts`). Customers (revenue > 0 in the window) are ranked: the top 20 % of
 * customers by profit ("top20", ⌈0.2 n⌉ customers, ties broken by account id), loss-making
 * customers ("loss", profit < 0, unless in the top 20 %), and the rest ("middle").
 * Accounts with interactions but no revenue are "no_revenue", never "loss"; accounts
 * with neither get no label.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { profitSegments } from "./profit_segments.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const summaries = await accountSummaries(engine, await defaultWindow(engine, 12));
 * const seg = profitSegments(summaries); // Map account_id → "top20" | "middle" | "loss" | "no_revenue"
 * ```
 */
export function profitSegments(rows: readonly AccountSummary[]): Map<string, ProfitSegment> {
  const customers = rows.filter(isCustomer);
  const top = topShare(customers.map((r) => ({ id: r.account_id, value: r.profit })));
  const ranked = rankByValue(rows.map((r) => ({ id: r.account_id, value: r.profit, r })));
  const out = new Map<string, ProfitSegment>();
  for (const { id, r } of ranked) {
    const s = profitSegmentOf(r, top.has(id));
    if (s !== null) out.set(id, s);
  }
  return out;
}
