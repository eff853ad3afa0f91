/**
 * The performers claim against a world's planted top reps: rvlab claims a rep effect
 * when any owner is `above` or `below` the team norm; it recovers the truth when both
 * planted top reps are `above` and no other owner is.
 *
 * @module
 */
import { accountSummaries, defaultWindow } from "../../segments/account_summary.ts";
import { analysePerformers } from "../../segments/performers.ts";
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";

/**
 * Checks `performers` (owner dimension) on one world: `segments --json`'s window
 * (12 months) and rows.
 *
 * Complexity: one account summary and one owner query on the world.
 *
 * @example
 * ```ts
 * import { performersClaim } from "./performers.ts";
 * import { openWorld } from "../recovery.ts";
 * import { loadTable } from "../../engine/records.ts";
 * import type { IpfEntry } from "../../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const w = await openWorld(ipf, "out/truth-world", { seed: 3, effect: "planted" });
 * (await performersClaim.check(w)).recovered; // => true when both top reps are found
 * w.engine.close();
 * ```
 */
export const performersClaim: ClaimCheck = {
  name: "performers",
  effect: "top_reps",
  description:
    "claimed: an owner above or below the team norm; recovered: both planted top reps above, no other owner above",
  nullCheck: true,
  async check(world: WorldCase): Promise<CheckOutcome> {
    const w = await defaultWindow(world.engine, 12);
    const rows = (await analysePerformers(world.engine, w, await accountSummaries(world.engine, w)))
      .filter((r) => r.dimension === "owner_id");
    const above = rows.filter((r) => r.verdict === "above").map((r) => r.id);
    const below = rows.filter((r) => r.verdict === "below").map((r) => r.id);
    const planted = world.truth.top_reps?.reps ?? [];
    const recovered = planted.length > 0 && planted.every((p) => above.includes(p)) &&
      above.every((p) => planted.includes(p));
    return {
      claimed: above.length + below.length > 0,
      recovered,
      detail: `above ${above.join(" ") || "none"}; below ${below.join(" ") || "none"}; planted ${
        planted.join(" ") || "none"
      }`,
    };
  },
};
