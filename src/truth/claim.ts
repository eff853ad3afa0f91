/**
 * A claim rvlab prints, checked against a synthetic world's known truth.
 *
 * Each check runs one analysis on a world and says two things: whether rvlab
 * *claimed* the effect (e.g. "community members differ", "rep03 is above the norm"),
 * and whether what it said *recovered* the planted truth (the right groups, reps,
 * accounts or types). On planted worlds a check must recover the effect at least 19
 * times in 20 seeds; on null worlds (`effect: "none"`) it may claim at most 5 % of the
 * time.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import type { Effect, Truth } from "../generate/truth.ts";

/** One generated world, loaded into an engine, with its truth. */
export interface WorldCase {
  /** the data directory */
  dir: string;
  engine: Engine;
  truth: Truth;
  seed: number;
  effect: "planted" | "none";
}

/** What one check found on one world. */
export interface CheckOutcome {
  /** rvlab claimed the effect (on a null world, a false claim) */
  claimed: boolean;
  /** rvlab's answer matched the planted truth (only meaningful where it is planted) */
  recovered: boolean;
  /** one line on what was found, for the recovery table's log */
  detail?: string;
}

/** A claim to check on worlds. */
export interface ClaimCheck {
  /** short name, e.g. `"community"`, `"performers"`, `"lead"` */
  name: string;
  /** the planted effect it recovers */
  effect: Effect;
  /** what is counted, in words, for the README table */
  description: string;
  /** false when the claim is not checked on null worlds (e.g. at-risk lists) */
  nullCheck: boolean;
  check(world: WorldCase): Promise<CheckOutcome>;
}
