/**
 * Claim check `auc`: "RV is a leading indicator of <target>" (a `validate` verdict with
 * `rv_leads`).
 *
 * Claimed when any target's verdict has `rv_leads` true. Recovered on a planted world when
 * `revenue_growing` has `rv_leads` true: the planted lead moves revenue (and profit) `lag`
 * months after RV, so RV's recent trend must foretell revenue growth over the horizon
 * better than every lagging baseline; `top20_profit` and `retained` are dominated by the
 * level of revenue, which the revenue and RFM baselines already see, and `sow_growing`
 * needs wallet data, so a planted world need not win them.
 *
 * @module
 */
import type { ClaimCheck } from "../claim.ts";
import { worldValidation } from "./backtest.ts";

/** The target a planted-lead world must win. */
export const AUC_TARGET = "revenue_growing";

/** The AUC verdict of `validate` (`verdicts[].rv_leads`). */
export const aucClaim: ClaimCheck = {
  name: "auc",
  effect: "lead",
  description: "validate: a verdict rv_leads (recovered: on revenue_growing)",
  nullCheck: true,
  async check(world) {
    const v = await worldValidation(world);
    const leads = v.verdicts.filter((x) => x.rv_leads).map((x) => x.target);
    return {
      claimed: leads.length > 0,
      recovered: leads.includes(AUC_TARGET),
      detail: v.verdicts.map((x) =>
        `${x.target}: ${x.rv_leads ? "leads" : "no"} (${x.best_rv} ${
          x.best_rv_auc?.toFixed(3)
        } vs ${x.best_baseline} ${x.best_baseline_auc?.toFixed(3)}, diff CI ${
          x.difference_ci_low?.toFixed(3)
        } to ${x.difference_ci_high?.toFixed(3)})`
      ).join("; "),
    };
  },
};
