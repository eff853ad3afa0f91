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
 * import { profitSegments } from "./profit_segments.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const summaries = await accountSummaries(engine, await defaultWindow(engine, 12));
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
