/**
 * The at-risk list: accounts whose RV dropped against their own pattern
 * (`rv/at_risk.ts`), ranked by the money at stake, with the interactions that drove
 * the drop in words.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { type ChangeDriver, changeDrivers } from "../rv/drivers.ts";
import { dropReason, type RvDrop } from "../rv/at_risk.ts";
import { isoDay, utcDay } from "../util/periods.ts";

/** What the value at stake is. */
export const VALUE_AT_STAKE =
  "gross profit over the analysis window (the last 12 months; revenue when the data has no gross profit)";

/** One account at risk. */
export interface AtRisk {
  account_id: string;
  /** 1 = the most money at stake */
  rank: number;
  /** {@linkcode VALUE_AT_STAKE}, never negative */
  value_at_stake: number;
  /** the drop and its drivers in words */
  reason: string;
  /** the drop figures */
  drop: RvDrop;
  /** interaction types by |RV change|, recent months against as many months before */
  drivers: ChangeDriver[];
}

/**
 * Ranks drops by value at stake, most first (ties: the deeper drop first, then id).
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { rankByStake } from "./at_risk.ts";
 * const d = (id: string, z: number) => ({ id, from: "2025-09-01", to: "2025-12-01", recent_months: 4,
 *   history_months: 20, history_mean: 10, recent_mean: 2, history_positive: 3, recent_positive: 1,
 *   history_negative: 0.5, recent_negative: 3, z_positive: z, z_negative: -z, z });
 * rankByStake([d("a", -4), d("b", -9)], (id) => (id === "a" ? 5000 : 20)).map((x) => x.drop.id);
 * // => ["a", "b"]
 * ```
 */
export function rankByStake(
  drops: readonly RvDrop[],
  valueOf: (id: string) => number,
): { rank: number; value_at_stake: number; drop: RvDrop }[] {
  return drops.map((drop) => ({ drop, value_at_stake: Math.max(0, valueOf(drop.id) || 0) }))
    .sort((a, b) =>
      b.value_at_stake - a.value_at_stake || a.drop.z - b.drop.z ||
      (a.drop.id < b.drop.id ? -1 : 1)
    )
    .map((x, i) => ({ rank: i + 1, ...x }));
}

/** The first day of the month `n` months before `period` (`YYYY-MM-DD`). */
function monthsBefore(period: string, n: number): string {
  return isoDay(utcDay(+period.slice(0, 4), +period.slice(5, 7) - 1 - n, 1));
}

/**
 * The at-risk list: the drops ranked by {@linkcode rankByStake}, each with its
 * drivers (`changeDrivers`: the recent months against as many months just before
 * them) and its reason in words (`dropReason`). Drivers are looked up for the first
 * `detailed` accounts (default 50); the reason of later ones names only the drop.
 *
 * Complexity: one drivers query per detailed account.
 *
 * @example
 * ```ts
 * import { atRiskList } from "./at_risk.ts";
 * import { rvDrops } from "../rv/at_risk.ts";
 * import { rvByPeriod } from "../rv/rv_by_period.ts";
 * import { signedCounts } from "../rv/signed_counts.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const drops = rvDrops(await rvByPeriod(engine, { grain: "month" }), await signedCounts(engine));
 * await atRiskList(engine, drops, () => 1000);
 * ```
 */
export async function atRiskList(
  engine: Engine,
  drops: readonly RvDrop[],
  valueOf: (id: string) => number,
  caps: Record<string, number> = {},
  detailed = 50,
): Promise<AtRisk[]> {
  const out: AtRisk[] = [];
  for (const r of rankByStake(drops, valueOf)) {
    const d = r.drop;
    const end = monthsBefore(d.to, -1);
    if (r.rank > detailed) {
      const reason = dropReason(d, []).replace(/; [^;]*$/, "");
      out.push({ account_id: d.id, ...r, reason, drivers: [] });
      continue;
    }
    const drivers = await changeDrivers(
      engine,
      d.id,
      monthsBefore(d.from, d.recent_months),
      d.from,
      end,
      8,
      caps,
    );
    out.push({
      account_id: d.id,
      rank: r.rank,
      value_at_stake: r.value_at_stake,
      reason: dropReason(d, drivers),
      drop: d,
      drivers,
    });
  }
  return out;
}
