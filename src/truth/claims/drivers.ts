/**
 * The drivers claim: the interaction types planted to raise health lead the best
 * practice, and no next best action is a type with rv ≤ 0.
 *
 * @module
 */
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";
import { segmentsOf } from "./segments_of.ts";

/** How many of the first best-practice types the planted drivers must be among. */
export const DRIVERS_TOP = 5;

/**
 * Judges best practice and next best actions against the planted driver types:
 * recovered iff every planted type is among the first {@linkcode DRIVERS_TOP} types
 * with rv > 0 of the best practice, and no next best action has rv ≤ 0. Claimed iff
 * there is a next best action (some type has the evidence to be one): on a world without
 * drivers that is a false claim.
 *
 * Complexity: O(practice + actions).
 *
 * @example
 * ```ts
 * import { judgeDrivers } from "./drivers.ts";
 * const practice = [{ interaction_type: "account_review", rv: 5 }, { interaction_type: "training_session", rv: 3 }];
 * judgeDrivers(practice, [], ["training_session"]).recovered; // => true
 * judgeDrivers(practice, [], ["training_session"]).claimed; // => false (no next best action)
 * judgeDrivers(practice, [{ rv: -7 }], ["training_session"]).recovered; // => false
 * ```
 */
export function judgeDrivers(
  practice: readonly { interaction_type: string; rv: number }[],
  actions: readonly { rv: number }[],
  planted: readonly string[],
): CheckOutcome {
  const first = practice.filter((p) => p.rv > 0).slice(0, DRIVERS_TOP).map((p) =>
    p.interaction_type
  );
  const found = planted.filter((t) => first.includes(t));
  const harmful = actions.filter((a) => !(a.rv > 0)).length;
  return {
    claimed: actions.length > 0,
    recovered: planted.length > 0 && found.length === planted.length && harmful === 0,
    detail: `${found.length} of ${planted.length} planted types in the first ${DRIVERS_TOP} (${
      first.join(", ")
    }); ${harmful} next best actions with rv ≤ 0`,
  };
}

/** Best practice and next best actions of `segments --json` against `truth.drivers`. */
export const driversCheck: ClaimCheck = {
  name: "drivers",
  effect: "drivers",
  description:
    "the planted driver types all among the first 5 positive best-practice types; no next best action with rv ≤ 0; null: any next best action",
  nullCheck: true,
  async check(world: WorldCase): Promise<CheckOutcome> {
    const s = await segmentsOf(world);
    return judgeDrivers(s.best_practice, s.next_best_actions, world.truth.drivers?.types ?? []);
  },
};
