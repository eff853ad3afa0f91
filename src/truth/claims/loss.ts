/**
 * Claim check "loss": the `loss` profit segment holds the planted loss-makers (customers
 * that buy but cost more to serve than they earn) and none of the planted prospects
 * (accounts that never buy).
 *
 * @module
 */
import type { CheckOutcome, ClaimCheck, WorldCase } from "../claim.ts";
import { accountSummaries, defaultWindow } from "../../segments/account_summary.ts";
import { profitSegments } from "../../segments/profit_segments.ts";

/** Share of the planted loss-makers that must be in `loss` for the check to recover them. */
export const LOSS_RECALL = 0.9;

/**
 * What the profit segments (12-month window, `segments/definitions.ts`) say about a
 * world's planted loss-makers and prospects: claimed when `loss` is not empty; recovered
 * when no prospect is in `loss` and at least {@linkcode LOSS_RECALL} of the loss-makers are.
 *
 * Complexity: one account summary of the world.
 *
 * @example
 * ```ts
 * import { checkLoss } from "./loss.ts";
 * import { openWorld } from "../recovery.ts";
 * import { loadTable } from "../../engine/records.ts";
 * import type { IpfEntry } from "../../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const world = await openWorld(ipf, "out/truth-world", { seed: 1, effect: "planted" });
 * (await checkLoss(world)).recovered;
 * ```
 */
export async function checkLoss(world: WorldCase): Promise<CheckOutcome> {
  const rows = await accountSummaries(world.engine, await defaultWindow(world.engine, 12));
  return judgeLoss(
    profitSegments(rows),
    world.truth.loss_makers ?? [],
    world.truth.prospects ?? [],
  );
}

/**
 * The verdict of {@linkcode checkLoss} from the profit segments and the planted groups.
 *
 * Complexity: O(accounts).
 *
 * @example
 * ```ts
 * import { judgeLoss } from "./loss.ts";
 * judgeLoss(new Map([["a", "loss"], ["p", "no_revenue"]]), ["a"], ["p"]).recovered; // => true
 * ```
 */
export function judgeLoss(
  seg: ReadonlyMap<string, string>,
  makers: readonly string[],
  prospects: readonly string[],
): CheckOutcome {
  const inLoss = (ids: readonly string[]) => ids.filter((id) => seg.get(id) === "loss").length;
  const loss = [...seg.values()].filter((s) => s === "loss").length;
  const found = inLoss(makers), wrong = inLoss(prospects);
  return {
    claimed: loss > 0,
    recovered: makers.length > 0 && wrong === 0 && found >= LOSS_RECALL * makers.length,
    detail:
      `${loss} in loss; ${found} of ${makers.length} planted loss-makers in loss, ${wrong} of ${prospects.length} prospects`,
  };
}

/** The "loss" claim check (see {@linkcode checkLoss}). */
export const lossClaim: ClaimCheck = {
  name: "loss",
  effect: "loss_makers",
  description:
    "≥ 90 % of the planted loss-makers are in `loss` and no planted prospect is (profit segments)",
  nullCheck: false,
  check: checkLoss,
};
