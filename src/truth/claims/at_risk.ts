/**
 * The at-risk claim: the accounts whose health collapsed near the end of the world are
 * the ones listed at risk, and the list is ranked by value at stake.
 *
 * @module
 */
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";
import { segmentsOf } from "./segments_of.ts";

/** Share of the planted collapses the list must hold. */
export const AT_RISK_RECALL = 0.8;
/** Share of the list that must be planted collapses. */
export const AT_RISK_PRECISION = 0.6;

/**
 * Judges an at-risk list against the planted collapses: recovered iff at least
 * {@linkcode AT_RISK_RECALL} of the planted accounts are listed, at least
 * {@linkcode AT_RISK_PRECISION} of the listed ones are planted, and the list is ordered
 * by value at stake (most first, ranks 1…n).
 *
 * Complexity: O(list + planted).
 *
 * @example
 * ```ts
 * import { judgeAtRisk } from "./at_risk.ts";
 * const list = [{ account_id: "a", rank: 1, value_at_stake: 9 }, { account_id: "b", rank: 2, value_at_stake: 3 }];
 * judgeAtRisk(list, ["a", "b"]).recovered; // => true
 * judgeAtRisk(list, ["a", "b", "c", "d", "e"]).recovered; // => false (recall 40 %)
 * ```
 */
export function judgeAtRisk(
  list: readonly { account_id: string; rank: number; value_at_stake: number }[],
  planted: readonly string[],
): CheckOutcome {
  const truth = new Set(planted);
  const hits = list.filter((a) => truth.has(a.account_id)).length;
  const recall = truth.size ? hits / truth.size : 0;
  const precision = list.length ? hits / list.length : 0;
  const ordered = list.every((a, i) =>
    a.rank === i + 1 && (i === 0 || list[i - 1].value_at_stake >= a.value_at_stake)
  );
  return {
    claimed: list.length > 0,
    recovered: truth.size > 0 && recall >= AT_RISK_RECALL && precision >= AT_RISK_PRECISION &&
      ordered,
    detail: `${list.length} listed, ${hits} of ${truth.size} collapses (recall ${
      (100 * recall).toFixed(0)
    } %, precision ${(100 * precision).toFixed(0)} %)${ordered ? "" : ", not ordered by value"}`,
  };
}

/** The at-risk list of `segments --json` against `truth.collapse`. */
export const atRiskCheck: ClaimCheck = {
  name: "at_risk",
  effect: "collapse",
  description:
    "≥ 80 % of the collapsed accounts listed at risk, ≥ 60 % of the list collapsed, ranked by value at stake",
  nullCheck: false,
  async check(world: WorldCase): Promise<CheckOutcome> {
    const s = await segmentsOf(world);
    return judgeAtRisk(s.exceptions.at_risk, world.truth.collapse?.accounts ?? []);
  },
};
