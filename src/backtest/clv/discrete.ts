/**
 * A transaction log as discrete opportunities for the BG/BB model (Fader, Hardie & Shang
 * 2010) on the grid of `opportunitySummaries()` (whole periods of a unit after each
 * customer's first purchase), with each customer's holdout opportunities and count.
 * Then the discrete models' fit and holdout check (predicted vs actual transaction
 * periods, in total and by calibration frequency).
 *
 * @module
 */
import type { CountModel, ModelFit } from "./model.ts";
import { type HoldoutCheck, holdoutCheckOf } from "./analysis.ts";
import { type Purchase, type TimeUnit, UNIT_DAYS } from "./transactions.ts";
import { opportunitySummaries } from "./bgbb.ts";

/** One customer in discrete opportunities (`T` = n, all whole numbers). */
export interface DiscreteSummary {
  customer: string;
  x: number;
  tx: number;
  T: number;
  /** the customer's holdout opportunities: whole periods from n + 1 to the holdout's end */
  opportunities: number;
  /** of those, the opportunities with a transaction */
  holdout: number;
}

/**
 * The discrete summaries of every customer whose first purchase is on or before
 * `calibrationEnd`, on the one grid of {@linkcode opportunitySummaries} (opportunity k =
 * days ((k−1)·u, k·u] after the first purchase, u the unit in days): x, t_x, n to the
 * calibration's end; the holdout's opportunities are n+1 … N with N the whole periods to
 * `holdoutEnd`, and `holdout` = the transactions among them (x at the holdout's end − x at
 * the calibration's).
 *
 * Complexity: O(purchases).
 *
 * @example
 * ```ts
 * import { discreteSummaries } from "./discrete.ts";
 * const p = [
 *   { customer: "a", date: "2020-01-01", amount: 1 },
 *   { customer: "a", date: "2020-01-09", amount: 1 },
 *   { customer: "a", date: "2020-01-30", amount: 1 },
 * ];
 * discreteSummaries(p, "2020-01-28", "2020-02-11", "week")[0];
 * // => { customer: "a", x: 1, tx: 2, T: 3, opportunities: 2, holdout: 1 }
 * ```
 */
export function discreteSummaries(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  holdoutEnd: string,
  unit: TimeUnit,
): DiscreteSummary[] {
  const u = UNIT_DAYS[unit];
  const atEnd = new Map(
    opportunitySummaries(purchases, holdoutEnd, u).map((c) => [c.customer, c]),
  );
  return opportunitySummaries(purchases, calibrationEnd, u).map((c) => {
    const h = atEnd.get(c.customer)!;
    return { ...c, opportunities: h.T - c.T, holdout: h.x - c.x };
  });
}

/**
 * Fits a discrete count model to the summaries and checks it on each customer's holdout
 * opportunities n*: Σ E[X(n, n + n*) | x, t_x, n] vs the transaction periods observed, in
 * total and by calibration frequency "0" … "6", "7+".
 *
 * Complexity: one fit plus O(customers) expectations.
 *
 * @example
 * ```ts
 * import { discreteSummaries, fitDiscrete } from "./discrete.ts";
 * import { DISCRETE_COUNT_MODELS } from "./model.ts";
 * import { readTransactions } from "./transactions.ts";
 * const log = await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz");
 * const d = discreteSummaries(log.purchases, "1997-09-30", "1998-06-30", "week");
 * fitDiscrete(DISCRETE_COUNT_MODELS.bgbb!, d).fit.model; // => "bgbb"
 * ```
 */
export function fitDiscrete(
  model: CountModel,
  customers: readonly DiscreteSummary[],
): { fit: ModelFit; holdout: HoldoutCheck } {
  const fit = model.fit(customers);
  const holdout = holdoutCheckOf(
    model.name,
    customers,
    (c) => (c.opportunities > 0 ? model.conditionalExpected(fit.params, c, c.opportunities) : 0),
  );
  return { fit, holdout };
}
