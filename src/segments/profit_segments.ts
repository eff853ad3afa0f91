import type { AccountSummary } from "./account_summary.ts";
import {
  isCustomer,
  type ProfitSegment,
  profitSegment,
  rankByValue,
  topShare,
} from "./definitions.ts";

export type { ProfitSegment } from "./definitions.ts";

/**
 * Labels customers by profit over the window with the shared definitions
 * (`definitions.ts`): the top 20 % by profit ("top20", ⌈0.2 n⌉ accounts, ties broken by
 * account id), loss-making ("loss", profit < 0, unless in the top 20 %), and the rest
 * ("middle"). Only customers count: accounts with revenue or interaction cost in the window.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import type { AccountSummary } from "./account_summary.ts";
 * import { profitSegments } from "./profit_segments.ts";
 * declare const summaries: AccountSummary[];
 * const seg = profitSegments(summaries); // Map account_id → "top20" | "middle" | "loss"
 * ```
 */
export function profitSegments(rows: readonly AccountSummary[]): Map<string, ProfitSegment> {
  const entries = rows.filter(isCustomer).map((r) => ({ id: r.account_id, value: r.profit }));
  const top = topShare(entries);
  const out = new Map<string, ProfitSegment>();
  for (const e of rankByValue(entries)) out.set(e.id, profitSegment(e.value, top.has(e.id)));
  return out;
}
