import type { AccountSummary } from "./account_summary.ts";

/** Profit segment labels. */
export type ProfitSegment = "top20" | "middle" | "loss";

/**
 * Labels customers by profit over the window: the top 20 % by profit ("top20",
 * ceil(0.2 n) accounts, ties broken by account id), loss-making ("loss", profit < 0,
 * unless in the top 20 %), and the rest ("middle"). Only customers count: accounts
 * with revenue or interaction cost in the window.
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
  const customers = rows.filter((r) => r.revenue > 0 || r.interaction_cost > 0);
  const sorted = [...customers].sort((a, b) =>
    b.profit - a.profit || (a.account_id < b.account_id ? -1 : 1)
  );
  const top = Math.ceil(0.2 * sorted.length);
  const out = new Map<string, ProfitSegment>();
  sorted.forEach((r, i) =>
    out.set(r.account_id, i < top ? "top20" : r.profit < 0 ? "loss" : "middle")
  );
  return out;
}
