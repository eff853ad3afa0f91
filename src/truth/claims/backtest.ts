/**
 * The back-test of a world, run once per world for the claim checks that read it
 * (`lead`, `auc`).
 *
 * @module
 */
import { validate, type Validation } from "../../backtest/validate.ts";
import type { WorldCase } from "../claim.ts";

/** Resamples of the back-test in the checks: enough for the verdicts, fast on small worlds. */
export const CHECK_RESAMPLES = 200;

const cache = new WeakMap<WorldCase, Promise<Validation>>();

/**
 * `validate` on the world's engine (horizon 3, the world's seed, 200 resamples), computed
 * once per world and shared by the checks.
 *
 * Complexity: that of `validate`, once per world.
 *
 * @example
 * ```ts
 * import { worldValidation } from "./backtest.ts";
 * import type { WorldCase } from "../claim.ts";
 * declare const world: WorldCase;
 * (await worldValidation(world)).lead_lag.revenue.verdict;
 * ```
 */
export function worldValidation(world: WorldCase): Promise<Validation> {
  let v = cache.get(world);
  if (!v) {
    v = validate(world.engine, { horizon: 3, seed: world.seed, resamples: CHECK_RESAMPLES });
    cache.set(world, v);
  }
  return v;
}
