/**
 * The registry of claim checks: every claim rvlab prints that a world's truth can
 * settle. Add a check here and the recovery test and `deno task recovery` run it.
 *
 * @module
 */
import type { ClaimCheck } from "./claim.ts";
import { lossClaim } from "./claims/loss.ts";
import { communityClaim } from "./claims/community.ts";
import { rvqClaim } from "./claims/rvq.ts";
import { atRiskCheck } from "./claims/at_risk.ts";
import { driversCheck } from "./claims/drivers.ts";
import { performersClaim } from "./claims/performers.ts";
import { leadClaim } from "./claims/lead.ts";
import { aucClaim } from "./claims/auc.ts";

/** Every claim check, in the order of the recovery table. */
export const CLAIMS: ClaimCheck[] = [
  lossClaim,
  communityClaim,
  rvqClaim,
  performersClaim,
  atRiskCheck,
  driversCheck,
  leadClaim,
  aucClaim,
];
