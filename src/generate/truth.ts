/**
 * What a synthetic world plants, and the `truth.json` that lists it: the one place
 * the recovery checks (`src/truth/`) read the known answer from.
 *
 * @module
 */

/** The effects a world can plant, each switchable on its own. */
export const EFFECTS = [
  "lead",
  "prospects",
  "loss_makers",
  "community",
  "top_reps",
  "collapse",
  "drivers",
] as const;

/** One plantable effect. */
export type Effect = typeof EFFECTS[number];

/** The structure every world has, also the null world (`--effect none`). */
export const STRUCTURE: readonly Effect[] = ["prospects", "loss_makers"];

/**
 * The effects a world plants: all of them for `"planted"`, only the structure
 * (prospects without revenue, loss-makers that buy) for `"none"`; `overrides`
 * switches single effects on or off.
 *
 * Complexity: O(effects).
 *
 * @example
 * ```ts
 * import { effectsFor } from "./truth.ts";
 * effectsFor("none").lead; // => false
 * effectsFor("none").prospects; // => true
 * effectsFor("planted", { community: false }).community; // => false
 * ```
 */
export function effectsFor(
  effect: "planted" | "none",
  overrides: Partial<Record<Effect, boolean>> = {},
): Record<Effect, boolean> {
  const out = {} as Record<Effect, boolean>;
  for (const e of EFFECTS) out[e] = overrides[e] ?? (effect === "planted" || STRUCTURE.includes(e));
  return out;
}

/**
 * The known answer of a world, written as `truth.json` beside its data. A key is
 * `null` when its effect is switched off.
 */
export interface Truth {
  synthetic: true;
  seed: number;
  effect: "planted" | "none";
  effects: Record<Effect, boolean>;
  /** first month `YYYY-MM` and number of months of the world */
  start: string;
  months: number;
  /** (a) interactions lead money by `lag_months` */
  lead: { lag_months: number } | null;
  /** (b) accounts with interactions and never any revenue */
  prospects: string[] | null;
  /** (c) customers that buy but whose cost to serve exceeds their gross profit */
  loss_makers: string[] | null;
  /** (d) community members' health is raised by `health_shift` */
  community: { members: string[]; health_shift: number } | null;
  /** (e) the accounts of these owners (`accounts`) have health raised by `health_shift` */
  top_reps: { reps: string[]; health_shift: number; accounts: string[] } | null;
  /**
   * (f) these accounts' health of interactions drops by `drop` in the last `months`
   * months (from `from`, `YYYY-MM`), and they have about `complaints` extra negative
   * interactions a month then
   */
  collapse: {
    accounts: string[];
    months: number;
    from: string;
    drop: number;
    complaints: number;
  } | null;
  /**
   * (g) interaction types whose adoption raises the share of wallet won (positive RV
   * types): the `adopters` of each type have it `monthly_rate` times a month on top of
   * their normal interactions and their share-of-wallet logit raised by `sow_shift` per
   * type adopted (centred)
   */
  drivers: {
    types: string[];
    sow_shift: number;
    monthly_rate: number;
    adopters: Record<string, string[]>;
  } | null;
}
