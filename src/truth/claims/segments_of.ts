/**
 * The segment analysis of a world, computed once per world for every claim check
 * that reads it.
 *
 * @module
 */
import { analyseSegments } from "../../segments/analyse.ts";
import type { WorldCase } from "../claim.ts";

/** What `analyseSegments` returns. */
export type Segments = Awaited<ReturnType<typeof analyseSegments>>;

const cache = new WeakMap<object, Promise<Segments>>();

/**
 * `analyseSegments` of the world's engine, shared by the checks run on the same world.
 *
 * Complexity: one segment analysis per world.
 *
 * @example
 * ```ts
 * import { segmentsOf } from "./segments_of.ts";
 * import { openWorld } from "../recovery.ts";
 * import { loadTable } from "../../engine/records.ts";
 * import type { IpfEntry } from "../../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const w = await openWorld(ipf, "out/truth-world", { seed: 3, effect: "planted" });
 * (await segmentsOf(w)).exceptions.at_risk.length;
 * w.engine.close();
 * ```
 */
export function segmentsOf(world: WorldCase): Promise<Segments> {
  let s = cache.get(world.engine);
  if (!s) {
    s = analyseSegments(world.engine);
    cache.set(world.engine, s);
  }
  return s;
}
