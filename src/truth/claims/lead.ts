/**
 * Claim check `lead`: "RV precedes profit / revenue by N months".
 *
 * Claimed when any `lead_lag.<target>.verdict` of `validate` is `leads`; recovered when a
 * `leads` verdict's lag is within ±1 month of the planted `truth.lead.lag_months`.
 *
 * @module
 */
import type { ClaimCheck } from "../claim.ts";
import { worldValidation } from "./backtest.ts";

/** The lead claim of `validate` (`lead_lag`). */
export const leadClaim: ClaimCheck = {
  name: "lead",
  effect: "lead",
  description: "validate: a lead_lag verdict `leads`, at the planted lag ± 1 month",
  nullCheck: true,
  async check(world) {
    const v = await worldValidation(world);
    const leads = (["profit", "revenue"] as const).filter((k) => v.lead_lag[k].verdict === "leads");
    const lag = world.truth.lead?.lag_months ?? null;
    const right = leads.filter((k) => lag !== null && Math.abs(v.lead_lag[k].lead! - lag) <= 1);
    return {
      claimed: leads.length > 0,
      recovered: right.length > 0,
      detail:
        (["profit", "revenue"] as const).map((k) =>
          `${k}: ${v.lead_lag[k].verdict} lag ${v.lead_lag[k].lead} p_adj ${
            v.lead_lag[k].p_adjusted?.toPrecision(2)
          }`
        ).join("; ") + ` (planted ${lag})`,
    };
  },
};
