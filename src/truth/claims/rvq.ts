/**
 * Claim check "rvq": the RV-Q answers other than community (top vs loss, revenue and
 * share of wallet growing vs shrinking, initiatives) against a world's planted lead.
 *
 * Where interactions lead money (the planted world: money follows relationship health
 * `lag` months later), accounts whose revenue grows from the previous 12 months to the
 * window are those whose health rose, so their RV in the window is higher: the answer
 * `revenue_growing_vs_shrinking` must be `different` with growers higher, and no answer
 * on money (top vs loss, revenue, share of wallet) may be `different` the wrong way
 * round. Where money is independent of interactions (the null world), every answer
 * other than community must be `no_difference` or `not_testable`.
 *
 * @module
 */
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";
import type { RvqRow } from "../../segments/rvq.ts";
import { rvqOf } from "./rvq_of.ts";

/** Answers about money: where RV leads money, none may come out the wrong way round. */
const MONEY_QUESTIONS = ["top_vs_loss", "revenue_growing_vs_shrinking", "sow_growing_vs_shrinking"];

/**
 * The RV-Q answers on a world: claimed when any answer other than `community_vs_not` is
 * `different`; recovered when `revenue_growing_vs_shrinking` is `different` with growers
 * higher and no money answer is `different` with a negative difference.
 *
 * Complexity: that of `analyseRvq`, shared with the other checks of the world.
 *
 * @example
 * ```ts
 * import { checkRvq } from "./rvq.ts";
 * import { openWorld } from "../recovery.ts";
 * import { loadTable } from "../../engine/records.ts";
 * import type { IpfEntry } from "../../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const world = await openWorld(ipf, "out/truth-world", { seed: 1, effect: "planted" });
 * (await checkRvq(world)).recovered;
 * ```
 */
export async function checkRvq(world: WorldCase): Promise<CheckOutcome> {
  return judgeRvq((await rvqOf(world)).rvq);
}

/**
 * The verdict of {@linkcode checkRvq} from the rvq rows.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { judgeRvq } from "./rvq.ts";
 * judgeRvq([]).recovered; // => false
 * ```
 */
export function judgeRvq(rvq: readonly RvqRow[]): CheckOutcome {
  const different = rvq.filter((r) =>
    r.verdict === "different" && r.question !== "community_vs_not"
  );
  const growth = rvq.find((r) => r.question === "revenue_growing_vs_shrinking");
  const wrongWay = different.filter((r) =>
    MONEY_QUESTIONS.includes(r.question) && r.difference! < 0
  );
  return {
    claimed: different.length > 0,
    recovered: growth?.verdict === "different" && growth.difference! > 0 && wrongWay.length === 0,
    detail: rvq.map((r) =>
      `${r.question} ${r.verdict}${r.difference === null ? "" : ` ${r.difference.toFixed(2)}`}`
    ).join("; "),
  };
}

/** The "rvq" claim check (see {@linkcode checkRvq}). */
export const rvqClaim: ClaimCheck = {
  name: "rvq",
  effect: "lead",
  description:
    "RV-Q: revenue growing vs shrinking `different`, growers higher, no money answer the wrong way; null: no answer but community `different`",
  nullCheck: true,
  check: checkRvq,
};
