/**
 * The RV-Q answers of a world, computed once per world for the checks that read them
 * (`community`, `rvq`).
 *
 * @module
 */
import { analyseRvq } from "../../segments/rvq.ts";
import type { WorldCase } from "../claim.ts";

/** What `analyseRvq` returns. */
export type RvqResult = Awaited<ReturnType<typeof analyseRvq>>;

const cache = new WeakMap<WorldCase, Promise<RvqResult>>();

/**
 * `analyseRvq` on the world's engine with the world's seed, shared by the checks run on
 * the same world.
 *
 * Complexity: that of `analyseRvq`, once per world.
 *
 * @example
 * ```ts
 * import { rvqOf } from "./rvq_of.ts";
 * import type { WorldCase } from "../claim.ts";
 * declare const world: WorldCase;
 * (await rvqOf(world)).rvq.length;
 * ```
 */
export function rvqOf(world: WorldCase): Promise<RvqResult> {
  let r = cache.get(world);
  if (!r) {
    r = analyseRvq(world.engine, { seed: world.seed });
    cache.set(world, r);
  }
  return r;
}
