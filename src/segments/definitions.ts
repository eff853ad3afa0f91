/**
 * The segment definitions, once: who is a customer (revenue in the window), the top
 * 20 % (or any top share), loss-making customers, accounts without revenue, and growth
 * and shrink. Every segment, back-test target and
 * comparison in rvlab uses these functions, so a change of definition changes all of
 * them together.
 *
 * All functions are pure and take plain numbers (no tables), so they serve the
 * per-account summaries (`segments/`), the back-test panel (`backtest/`) and SQL
 * samples alike.
 *
 * @module
 */

/** The share of accounts in "the top 20 %". */
export const TOP_SHARE = 0.2;

/** Relative revenue change beyond which revenue is growing or shrinking (5 %). */
export const GROWTH_TOLERANCE = 0.05;

/** Absolute change of share of wallet beyond which it is growing or shrinking (2 points). */
export const SHARE_TOLERANCE = 0.02;

/**
 * A customer over a window: an account with revenue in it (revenue > 0).
 *
 * Why: a manager's "customer" is someone who buys. An account we only spent on (calls,
 * visits, offers) without billing it is a prospect or a lapsed account: it belongs to
 * {@linkcode isNoRevenue}, not to the customer base, the whale curve or "loss-making".
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isCustomer } from "./definitions.ts";
 * isCustomer({ revenue: 120 }); // => true
 * isCustomer({ revenue: 0 }); // => false
 * ```
 */
export function isCustomer(r: { revenue: number }): boolean {
  return r.revenue > 0;
}

/**
 * An account with interactions but no revenue in the window: the `no_revenue`
 * segment (prospects, lapsed accounts), kept apart from the loss-making customers.
 *
 * Why: counting such accounts as "loss-making" compares buyers with non-buyers; their
 * negative profit is only the cost of engaging them.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isNoRevenue } from "./definitions.ts";
 * isNoRevenue({ revenue: 0, interactions: 3 }); // => true
 * isNoRevenue({ revenue: 0, interactions: 0 }); // => false
 * ```
 */
export function isNoRevenue(r: { revenue: number; interactions: number }): boolean {
  return !isCustomer(r) && r.interactions > 0;
}

/**
 * The number of accounts in the top `share` of `n`: ⌈share · n⌉.
 *
 * Why: rounding up keeps at least one account in the top of any non-empty group, and
 * makes "the top 20 %" of 10 accounts exactly 2.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { topCount } from "./definitions.ts";
 * topCount(11); // => 3
 * topCount(0); // => 0
 * ```
 */
export function topCount(n: number, share: number = TOP_SHARE): number {
  return Math.ceil(share * n);
}

/**
 * The ids in the top `share` (default 20 %) by value: the ⌈share · n⌉ entries with the
 * highest value, ties broken by id (ascending, by code unit), so the set is the same
 * for any input order.
 *
 * Why rank-based: a quantile threshold ("value > the 0.8 quantile") puts a varying
 * number of accounts in the top when values tie or when the quantile interpolates, and
 * a sample of n accounts then has no fixed "20 %"; a rank count always holds ⌈share · n⌉
 * accounts, and the id tie-breaker makes it deterministic.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { topShare } from "./definitions.ts";
 * const entries = [{ id: "a", value: 5 }, { id: "b", value: 9 }, { id: "c", value: 5 }];
 * topShare(entries, 0.5); // => Set { "b", "a" }
 * ```
 */
export function topShare(
  entries: Iterable<{ id: string; value: number }>,
  share: number = TOP_SHARE,
): Set<string> {
  const ranked = rankByValue(entries);
  return new Set(ranked.slice(0, topCount(ranked.length, share)).map((e) => e.id));
}

/**
 * Entries ranked as {@linkcode topShare} ranks them: highest value first, ties by id
 * (ascending, by code unit). Returns a new array.
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { rankByValue } from "./definitions.ts";
 * rankByValue([{ id: "b", value: 1 }, { id: "a", value: 1 }]).map((e) => e.id); // => ["a", "b"]
 * ```
 */
export function rankByValue<T extends { id: string; value: number }>(entries: Iterable<T>): T[] {
  return [...entries].sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Loss-making profit: negative over the window. Applies to customers
 * ({@linkcode isCustomer}); an account without revenue is `no_revenue`, never `loss`.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isLoss } from "./definitions.ts";
 * isLoss(-0.01); // => true
 * isLoss(0); // => false
 * ```
 */
export function isLoss(profit: number): boolean {
  return profit < 0;
}

/** Profit segment labels, in display order. */
export const PROFIT_SEGMENTS = ["top20", "middle", "loss", "no_revenue"] as const;

/** Profit segment labels. */
export type ProfitSegment = typeof PROFIT_SEGMENTS[number];

/**
 * The profit segment of one customer: "top20" when in the top set (the top 20 % of
 * customers by profit), else "loss" when its profit is negative, else "middle". The
 * top wins over loss (in a book where most customers lose money, the top 20 % can
 * still be loss-making). Accounts without revenue are not customers: they get
 * "no_revenue" ({@linkcode profitSegmentOf}).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { profitSegment } from "./definitions.ts";
 * profitSegment(-5, false); // => "loss"
 * ```
 */
export function profitSegment(
  profit: number,
  inTop: boolean,
): Exclude<ProfitSegment, "no_revenue"> {
  return inTop ? "top20" : isLoss(profit) ? "loss" : "middle";
}

/**
 * The profit segment of any account, or null when it is in no segment (neither revenue
 * nor interactions in the window): "no_revenue" for {@linkcode isNoRevenue}, else the
 * customer's {@linkcode profitSegment}. `inTop` is whether it is in the top 20 % of
 * customers by profit ({@linkcode topShare} over customers only).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { profitSegmentOf } from "./definitions.ts";
 * profitSegmentOf({ revenue: 0, interactions: 4, profit: -30 }, false); // => "no_revenue"
 * profitSegmentOf({ revenue: 50, interactions: 4, profit: -30 }, false); // => "loss"
 * profitSegmentOf({ revenue: 0, interactions: 0, profit: 0 }, false); // => null
 * ```
 */
export function profitSegmentOf(
  r: { revenue: number; interactions: number; profit: number },
  inTop: boolean,
): ProfitSegment | null {
  if (isCustomer(r)) return profitSegment(r.profit, inTop);
  return isNoRevenue(r) ? "no_revenue" : null;
}

/** Growth labels. */
export type Growth = "growing" | "shrinking" | "stable" | "new" | "lost" | "none";

/**
 * Growth of a money figure (revenue) from one window to the next: "none" without it
 * in either, "new" when only the later window has it, "lost" when only the earlier one
 * does, else "growing"/"shrinking" when the relative change exceeds ±`tolerance`
 * (default 5 %) and "stable" in between. With tolerance 0, "growing" is "later > earlier".
 *
 * Why relative: a change of 1,000 is noise for a large account and growth for a small
 * one; the tolerance keeps billing jitter out of "growing" and "shrinking".
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { growth } from "./definitions.ts";
 * growth(100, 110); // => "growing"
 * growth(100, 103); // => "stable"
 * growth(0, 50); // => "new"
 * ```
 */
export function growth(before: number, now: number, tolerance: number = GROWTH_TOLERANCE): Growth {
  if (now <= 0 && before <= 0) return "none";
  if (before <= 0) return "new";
  if (now <= 0) return "lost";
  const change = now / before - 1;
  return change > tolerance ? "growing" : change < -tolerance ? "shrinking" : "stable";
}

/**
 * True for growth ("growing" or "new"), false for any other label with money, null for
 * "none" (nothing to grow).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { growth, isGrowing } from "./definitions.ts";
 * isGrowing(growth(100, 101, 0)); // => true
 * ```
 */
export function isGrowing(g: Growth): boolean | null {
  return g === "none" ? null : g === "growing" || g === "new";
}

/**
 * True for shrink ("shrinking" or "lost"), null for "none".
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { growth, isShrinking } from "./definitions.ts";
 * isShrinking(growth(100, 0)); // => true
 * ```
 */
export function isShrinking(g: Growth): boolean | null {
  return g === "none" ? null : g === "shrinking" || g === "lost";
}

/**
 * True when an account with money in the earlier window still has it in the later one
 * (not "lost"), null when it had none before ("none" or "new": nothing to retain). Its
 * opposite is churn.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { growth, isRetained } from "./definitions.ts";
 * isRetained(growth(100, 0)); // => false
 * isRetained(growth(0, 100)); // => null
 * ```
 */
export function isRetained(g: Growth): boolean | null {
  return g === "none" || g === "new" ? null : g !== "lost";
}

/**
 * Growth of a share (share of wallet, in [0, 1]) from one window to the next:
 * "growing"/"shrinking" when it moves by more than `tolerance` (absolute, default 0.02),
 * "stable" otherwise, "none" when it is 0 in both.
 *
 * Why absolute: a share is already relative; 2 points of wallet are 2 points whatever
 * the account's size.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { shareGrowth } from "./definitions.ts";
 * shareGrowth(0.30, 0.35); // => "growing"
 * ```
 */
export function shareGrowth(
  before: number,
  now: number,
  tolerance: number = SHARE_TOLERANCE,
): Exclude<Growth, "new" | "lost"> {
  if (now <= 0 && before <= 0) return "none";
  return now - before > tolerance ? "growing" : before - now > tolerance ? "shrinking" : "stable";
}

/** What "the best accounts" of best practice are ranked by (see {@linkcode bestAccountsBasis}). */
export type BestAccountsBasis = "share_of_wallet" | "profit";

/**
 * What the best accounts of best practice are ranked by: share of wallet (revenue ÷
 * wallet over the window) when every customer has a wallet, else profit.
 *
 * Why share of wallet: profit is mostly the size of the customer's wallet, which no
 * practice of ours changes; the share of it we win is what a good relationship moves, so
 * "the best accounts" by share of wallet are the best relationships of any size. Without
 * a wallet for every customer, profit is the one measure all of them have.
 *
 * Complexity: O(n).
 *
 * @example
 * ```ts
 * import { bestAccountsBasis } from "./definitions.ts";
 * bestAccountsBasis([{ wallet: 1000 }, { wallet: 50 }]); // => "share_of_wallet"
 * bestAccountsBasis([{ wallet: 1000 }, { wallet: null }]); // => "profit"
 * ```
 */
export function bestAccountsBasis(
  customers: readonly { wallet: number | null }[],
): BestAccountsBasis {
  return customers.length > 0 && customers.every((c) => c.wallet !== null && c.wallet > 0)
    ? "share_of_wallet"
    : "profit";
}

/**
 * A customer's value on the best-accounts basis: revenue ÷ wallet (share of wallet) or
 * profit. The best accounts of best practice are the {@linkcode topShare} by this value.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { bestAccountsValue } from "./definitions.ts";
 * bestAccountsValue({ revenue: 300, wallet: 1000, profit: 40 }, "share_of_wallet"); // => 0.3
 * bestAccountsValue({ revenue: 300, wallet: 1000, profit: 40 }, "profit"); // => 40
 * ```
 */
export function bestAccountsValue(
  r: { revenue: number; wallet: number | null; profit: number },
  basis: BestAccountsBasis,
): number {
  if (basis === "profit") return r.profit;
  return r.wallet !== null && r.wallet > 0 ? r.revenue / r.wallet : 0;
}
