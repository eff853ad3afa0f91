/**
 * Claim check "community": the RV-Q answer `community_vs_not` says community members'
 * RV differs from the others' (and, where the effect is planted, that it is higher).
 *
 * @module
 */
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";
import type { RvqRow } from "../../segments/rvq.ts";
import { rvqOf } from "./rvq_of.ts";

/**
 * The `community_vs_not` row of the RV-Q answers on a world: claimed when its verdict is
 * `different`; recovered when it is `different` with members higher (difference > 0).
 *
 * Complexity: that of `analyseRvq`, shared with the other checks of the world.
 *
 * @example
 * ```ts
 * import { checkCommunity } from "./community.ts";
 * import { openWorld } from "../recovery.ts";
 * import { loadTable } from "../../engine/records.ts";
 * import type { IpfEntry } from "../../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const world = await openWorld(ipf, "out/truth-world", { seed: 1, effect: "planted" });
 * (await checkCommunity(world)).claimed;
 * ```
 */
export async function checkCommunity(world: WorldCase): Promise<CheckOutcome> {
  return judgeCommunity((await rvqOf(world)).rvq);
}

/**
 * The verdict of {@linkcode checkCommunity} from the rvq rows.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { judgeCommunity } from "./community.ts";
 * judgeCommunity([]).claimed; // => false
 * ```
 */
export function judgeCommunity(rvq: readonly RvqRow[]): CheckOutcome {
  const r = rvq.find((x) => x.question === "community_vs_not");
  if (!r) return { claimed: false, recovered: false, detail: "no community_vs_not row" };
  const claimed = r.verdict === "different";
  return {
    claimed,
    recovered: claimed && r.difference! > 0,
    detail: r.verdict === "not_testable"
      ? `not testable: ${r.reason}`
      : `${r.verdict}: members ${r.estimate_a?.toFixed(2)} (n ${r.n_a}) vs ${
        r.estimate_b?.toFixed(2)
      } (n ${r.n_b}), CI ${r.ci_low?.toFixed(2)} to ${r.ci_high?.toFixed(2)}, adjusted p ${
        r.p_adjusted?.toPrecision(2)
      }`,
  };
}

/** The "community" claim check (see {@linkcode checkCommunity}). */
export const communityClaim: ClaimCheck = {
  name: "community",
  effect: "community",
  description: "RV-Q `community_vs_not` is `different`, members higher",
  nullCheck: true,
  check: checkCommunity,
};
