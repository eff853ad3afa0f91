import type { AccountSummary } from "./account_summary.ts";
import { isCustomer, type ProfitSegment, rankByValue, topCount } from "./definitions.ts";
import { cliffsDelta } from "../stats/cliffs_delta.ts";
import { mannWhitneyU } from "../stats/mann_whitney.ts";
import { median } from "../stats/quantile.ts";

/** The starting-benchmark figures of an RV-Q benchmark. */
export interface StartingBenchmark {
  top: { accounts: number; mean_interaction_cost: number; mean_revenue: number };
  others: { accounts: number; mean_interaction_cost: number; mean_revenue: number };
  /** mean cost to engage of a top-20 % account ÷ that of the others */
  cost_to_engage_ratio: number;
  /** mean revenue of a top-20 % account ÷ that of the others */
  revenue_ratio: number;
  /** share of revenue from the 20 % of customers with the most revenue */
  revenue_concentration_top20: number;
  /**
   * the top-20 % (by profit) customers' profit ÷ all customers' net profit: above 1 when
   * the others destroy profit on balance; NaN when net profit is not positive
   */
  profit_concentration_top20: number;
  /** share of revenue from accounts that were customers before the window (retention-stage business) */
  retention_revenue_share: number;
  /**
   * do the RV patterns of top-profit and loss-making customers differ? (mean monthly RV
   * per account; unadjusted; the adjusted answer with its CI is the `top_vs_loss` row of
   * `rvq`)
   */
  rv_difference: {
    top_median: number;
    loss_median: number;
    n_top: number;
    n_loss: number;
    mann_whitney_u: number | null;
    p_value: number | null;
    cliffs_delta: number | null;
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

/**
 * Figures that open an RV-Q benchmark: what the best customers cost to engage and
 * bring, how concentrated revenue is, how much comes from existing customers, and
 * whether top-profit and loss-making customers have discernibly different RV
 * (Mann–Whitney U with Cliff's delta, with n; null when a group is empty). Only
 * customers (revenue in the window) count: "others" and "loss" never hold accounts
 * without revenue, so on data without revenue there is no test at all.
 *
 * Why: a baseline to compare later studies against, from the same profit segments.
 * Reference: Mann & Whitney (1947); Cliff (1993), "Dominance statistics".
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { startingBenchmark } from "./starting_benchmark.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { profitSegments } from "./profit_segments.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine);
 * const rows = await accountSummaries(engine, w);
 * console.log(startingBenchmark(rows, profitSegments(rows), w.months));
 * ```
 */
export function startingBenchmark(
  rows: readonly AccountSummary[],
  segments: ReadonlyMap<string, ProfitSegment>,
  windowMonths: number,
): StartingBenchmark {
  const customers = rows.filter(isCustomer);
  const top = customers.filter((r) => segments.get(r.account_id) === "top20");
  const others = customers.filter((r) => segments.get(r.account_id) !== "top20");
  const loss = customers.filter((r) => segments.get(r.account_id) === "loss");
  const byRevenue = rankByValue(customers.map((r) => ({ id: r.account_id, value: r.revenue })));
  const totalRevenue = customers.reduce((s, r) => s + r.revenue, 0);
  const top20Revenue = byRevenue.slice(0, topCount(byRevenue.length)).reduce(
    (s, r) => s + r.value,
    0,
  );
  const totalProfit = customers.reduce((s, r) => s + r.profit, 0);
  const topProfit = top.reduce((s, r) => s + r.profit, 0);
  const retention = customers.filter((r) => r.existing_customer).reduce((s, r) => s + r.revenue, 0);
  const rvTop = top.map((r) => r.rv / windowMonths), rvLoss = loss.map((r) => r.rv / windowMonths);
  const test = rvTop.length && rvLoss.length ? mannWhitneyU(rvTop, rvLoss) : null;
  const group = (g: AccountSummary[]) => ({
    accounts: g.length,
    mean_interaction_cost: mean(g.map((r) => r.interaction_cost)),
    mean_revenue: mean(g.map((r) => r.revenue)),
  });
  const t = group(top), o = group(others);
  return {
    top: t,
    others: o,
    cost_to_engage_ratio: t.mean_interaction_cost / o.mean_interaction_cost,
    revenue_ratio: t.mean_revenue / o.mean_revenue,
    revenue_concentration_top20: totalRevenue ? top20Revenue / totalRevenue : NaN,
    profit_concentration_top20: totalProfit > 0 ? topProfit / totalProfit : NaN,
    retention_revenue_share: totalRevenue ? retention / totalRevenue : NaN,
    rv_difference: {
      top_median: rvTop.length ? median(rvTop) : NaN,
      loss_median: rvLoss.length ? median(rvLoss) : NaN,
      n_top: rvTop.length,
      n_loss: rvLoss.length,
      mann_whitney_u: test ? test.u : null,
      p_value: test ? test.p : null,
      cliffs_delta: test ? cliffsDelta(rvTop, rvLoss) : null,
    },
  };
}

/** How a starting-benchmark figure compares with the seed study's claim. */
export type SeedVerdict = "as claimed" | "higher" | "lower" | "not measurable";

/** One figure of the starting benchmark next to the seed study's claim. */
export interface SeedComparison {
  measure: string;
  /** the seed study's claim, as it was stated */
  claim: string;
  /** the claimed value (a ratio, or a share 0–1) */
  claimed: number;
  /** this data's value (NaN when not measurable) */
  found: number;
  unit: "ratio" | "share";
  verdict: SeedVerdict;
}

/**
 * The seed RV-Q benchmark's claims: top-20 % customers cost 3× as much to engage and
 * bring 16× the revenue; 20 % of customers bring about 80 % of revenue and often 100 %
 * of profit. A ratio is "as claimed" within a factor of 1.5 of the claim; a share
 * within 10 points (for profit: 90 % or more, since "100 %" means the rest earn
 * nothing on balance).
 */
export const SEED_CLAIMS = {
  cost_to_engage_ratio: 3,
  revenue_ratio: 16,
  revenue_concentration_top20: 0.8,
  profit_concentration_top20: 1,
  ratio_factor: 1.5,
  share_points: 0.1,
} as const;

function verdictOf(found: number, claimed: number, unit: "ratio" | "share", atLeast = false) {
  if (!Number.isFinite(found)) return "not measurable" as const;
  if (unit === "ratio") {
    if (found > claimed * SEED_CLAIMS.ratio_factor) return "higher" as const;
    if (found < claimed / SEED_CLAIMS.ratio_factor) return "lower" as const;
    return "as claimed" as const;
  }
  if (found < claimed - SEED_CLAIMS.share_points) return "lower" as const;
  if (!atLeast && found > claimed + SEED_CLAIMS.share_points) return "higher" as const;
  return "as claimed" as const;
}

/**
 * The starting benchmark side by side with the seed study's claims
 * ({@linkcode SEED_CLAIMS}): the cost-to-engage and revenue ratios of the top 20 %,
 * and the top 20 %'s shares of revenue and of profit, each "as claimed", "higher",
 * "lower" or "not measurable".
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { compareWithSeed, type StartingBenchmark } from "./starting_benchmark.ts";
 * const b = {
 *   cost_to_engage_ratio: 1.2, revenue_ratio: 20, revenue_concentration_top20: 0.56,
 *   profit_concentration_top20: NaN,
 * } as StartingBenchmark;
 * compareWithSeed(b).map((c) => c.verdict); // => ["lower", "as claimed", "lower", "not measurable"]
 * ```
 */
export function compareWithSeed(b: StartingBenchmark): SeedComparison[] {
  const c = SEED_CLAIMS;
  return [
    {
      measure: "cost to engage, top 20 % vs the others",
      claim: "3× as much",
      claimed: c.cost_to_engage_ratio,
      found: b.cost_to_engage_ratio,
      unit: "ratio",
      verdict: verdictOf(b.cost_to_engage_ratio, c.cost_to_engage_ratio, "ratio"),
    },
    {
      measure: "revenue, top 20 % vs the others",
      claim: "16× as much",
      claimed: c.revenue_ratio,
      found: b.revenue_ratio,
      unit: "ratio",
      verdict: verdictOf(b.revenue_ratio, c.revenue_ratio, "ratio"),
    },
    {
      measure: "share of revenue from the 20 % largest customers",
      claim: "about 80 %",
      claimed: c.revenue_concentration_top20,
      found: b.revenue_concentration_top20,
      unit: "share",
      verdict: verdictOf(b.revenue_concentration_top20, c.revenue_concentration_top20, "share"),
    },
    {
      measure: "share of profit from the top-20 % customers",
      claim: "often 100 %",
      claimed: c.profit_concentration_top20,
      found: b.profit_concentration_top20,
      unit: "share",
      verdict: verdictOf(b.profit_concentration_top20, c.profit_concentration_top20, "share", true),
    },
  ];
}
