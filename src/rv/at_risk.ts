/**
 * Drops of an account against its own pattern: its latest months' value-adding and
 * value-destroying interactions against the rates of its earlier months, and the
 * words that explain a drop.
 *
 * @module
 */
import type { RvRow } from "./rv_by_period.ts";
import type { ChangeDriver } from "./drivers.ts";
import type { SignedCount } from "./signed_counts.ts";
import { poissonRateZ } from "../stats/poisson_rate_z.ts";

/**
 * The z below which an account's recent months count as a drop (see {@linkcode rvScores}).
 * Calibrated on the 100 null synthetic worlds of the recovery test (seeds 1001–1100,
 * 240 accounts × 30 months, no collapse planted; about 229 accounts scored in each):
 * at −3.5 a mean of 3.5 accounts a world are flagged (1.5 %, at most 8 in one world;
 * at −3, 7.7): health is AR(1) there (φ = 0.85), and some ordinary accounts do sour
 * that much in 4 months. On the 20 planted worlds it lists 81–100 % of the collapses
 * (20 of 20 worlds recovered); the RV-mean z against the linear trend of the history
 * (`trendBreak`), used before, listed 47 % at −3.5 (1.2 a null world) and 58 % at −3.
 */
export const DROP_Z = 3.5;

/** One account's latest months against its own history. */
export interface RvDrop {
  id: string;
  /** first and last period judged (`YYYY-MM-DD`) */
  from: string;
  to: string;
  recent_months: number;
  history_months: number;
  /** mean RV per month over the history */
  history_mean: number;
  /** mean RV per month over the recent months */
  recent_mean: number;
  /** value-adding interactions (RV > 0) per month, history and recent */
  history_positive: number;
  recent_positive: number;
  /** value-destroying interactions (RV < 0) per month, history and recent */
  history_negative: number;
  recent_negative: number;
  /** score z of the recent value-adding rate against the history's (negative: fewer) */
  z_positive: number;
  /** score z of the recent value-destroying rate against the history's (positive: more) */
  z_negative: number;
  /** (z_positive − z_negative) / √2: below 0 when the relationship soured */
  z: number;
}

/** Options for {@linkcode rvScores}. */
export interface DropOptions {
  /** latest periods judged; default 4 */
  recent?: number;
  /** a drop needs z below −threshold; default {@linkcode DROP_Z} */
  threshold?: number;
  /** fewest history periods before the recent ones; default 8 */
  minHistory?: number;
  /** the last period (`YYYY-MM-DD`) of the data; default the latest period in the rows */
  end?: string;
}

/**
 * Every account's recent months against its own pattern. Per account, the last
 * `recent` periods against all its earlier ones: the rate of value-adding interactions
 * (IPF RV > 0) and the rate of value-destroying ones (RV < 0), each compared with the
 * score test of two Poisson rates (`poissonRateZ`), combined by Stouffer's rule,
 * z = (z₊ − z₋) / √2: strongly negative when value-adding interactions thinned out
 * and/or complaints piled up. Accounts whose RV series does not reach the last
 * period, or with fewer than `minHistory` earlier periods, are not scored. Sorted by
 * z, lowest first.
 *
 * Why counts and not the RV mean: RV weighs every interaction by its IPF value
 * (−20 … +12), so at a few interactions a month a 4-month RV mean is about as noisy
 * as a collapse is deep; counts of each sign carry the same news with Poisson noise,
 * and the score test scales it by the account's own rates (a small account that
 * halves is as much at risk as a large one). Health wanders (AR(1)) over months, so
 * the z is wider than a standard normal; {@linkcode DROP_Z} is calibrated on data
 * without collapses.
 * Complexity: O(rows + counts).
 *
 * @example
 * ```ts
 * import { rvScores } from "./at_risk.ts";
 * import type { RvRow } from "./rv_by_period.ts";
 * const period = (i: number) => `2025-${String(i + 1).padStart(2, "0")}-01`;
 * const rows: RvRow[] = Array.from({ length: 12 }, (_, i) => ({
 *   id: "a", account_id: "a", period: period(i), rv: i < 8 ? 6 : -6,
 *   rv_cumulative: 0, rv_decayed: null, interactions: 4, cost: 1, rv_per_cost: null,
 * }));
 * const counts = rows.map((r, i) => ({ id: "a", period: r.period,
 *   positive: i < 8 ? 3 : 0, negative: i < 8 ? 0 : 4 }));
 * rvScores(rows, counts)[0].z < -4; // => true
 * ```
 */
export function rvScores(
  rows: readonly Pick<RvRow, "id" | "period" | "rv">[],
  counts: readonly SignedCount[],
  options: DropOptions = {},
): RvDrop[] {
  const recent = options.recent ?? 4, minHistory = options.minHistory ?? 8;
  const end = options.end ?? rows.reduce((m, r) => (r.period > m ? r.period : m), "");
  const byId = new Map<string, Pick<RvRow, "id" | "period" | "rv">[]>();
  for (const r of rows) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  // counts by account, then period (no key strings built per lookup: a concatenated key
  // is flattened and hashed anew every time)
  const bySign = new Map<string, Map<string, SignedCount>>();
  for (const c of counts) {
    (bySign.get(c.id) ?? bySign.set(c.id, new Map()).get(c.id)!).set(c.period, c);
  }
  const out: RvDrop[] = [];
  for (const [id, list0] of byId) {
    const list = list0.slice().sort((a, b) => (a.period < b.period ? -1 : 1));
    if (list.at(-1)!.period !== end || list.length < recent + minHistory) continue;
    const n = list.length - recent;
    // each period's signed counts looked up once; the sums add left to right from 0, as
    // reduce() over the slice did
    const own = bySign.get(id);
    const signedAt = list.map((r) => own?.get(r.period));
    const pos = (i: number) => signedAt[i]?.positive ?? 0;
    const neg = (i: number) => signedAt[i]?.negative ?? 0;
    const rv = (i: number) => list[i].rv;
    const sum = (from: number, to: number, f: (i: number) => number) => {
      let s = 0;
      for (let i = from; i < to; i++) s += f(i);
      return s;
    };
    const hp = sum(0, n, pos), rp = sum(n, list.length, pos);
    const hn = sum(0, n, neg), rn = sum(n, list.length, neg);
    const zp = poissonRateZ(rp, recent, hp, n)!, zn = poissonRateZ(rn, recent, hn, n)!;
    out.push({
      id,
      from: list[n].period,
      to: end,
      recent_months: recent,
      history_months: n,
      history_mean: sum(0, n, rv) / n,
      recent_mean: sum(n, list.length, rv) / recent,
      history_positive: hp / n,
      recent_positive: rp / recent,
      history_negative: hn / n,
      recent_negative: rn / recent,
      z_positive: zp,
      z_negative: zn,
      z: (zp - zn) / Math.SQRT2,
    });
  }
  return out.sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : 1));
}

/**
 * The accounts whose relationship dropped against their own pattern:
 * {@linkcode rvScores} with z below −`threshold` and the recent RV mean below the
 * history's (the value fell, not only the mix). Lowest z first.
 *
 * Complexity: O(rows + counts).
 *
 * @example
 * ```ts
 * import { rvDrops } from "./at_risk.ts";
 * import type { RvRow } from "./rv_by_period.ts";
 * const period = (i: number) => `2025-${String(i + 1).padStart(2, "0")}-01`;
 * const rows: RvRow[] = Array.from({ length: 12 }, (_, i) => ({
 *   id: "a", account_id: "a", period: period(i), rv: i < 8 ? 6 : -6,
 *   rv_cumulative: 0, rv_decayed: null, interactions: 4, cost: 1, rv_per_cost: null,
 * }));
 * const counts = rows.map((r, i) => ({ id: "a", period: r.period,
 *   positive: i < 8 ? 3 : 0, negative: i < 8 ? 0 : 4 }));
 * rvDrops(rows, counts).map((d) => d.id); // => ["a"]
 * ```
 */
export function rvDrops(
  rows: readonly Pick<RvRow, "id" | "period" | "rv">[],
  counts: readonly SignedCount[],
  options: DropOptions = {},
): RvDrop[] {
  const k = options.threshold ?? DROP_Z;
  return rvScores(rows, counts, options).filter((d) => d.z < -k && d.recent_mean < d.history_mean);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Sep–Dec 2025" (or "Nov 2025–Feb 2026") for the months from `from` to `to` (`YYYY-MM-DD`). */
function monthRange(from: string, to: string): string {
  const m = (d: string) => MONTHS[+d.slice(5, 7) - 1];
  if (from.slice(0, 7) === to.slice(0, 7)) return `${m(to)} ${to.slice(0, 4)}`;
  return from.slice(0, 4) === to.slice(0, 4)
    ? `${m(from)}–${m(to)} ${to.slice(0, 4)}`
    : `${m(from)} ${from.slice(0, 4)}–${m(to)} ${to.slice(0, 4)}`;
}

const signed = (x: number, d = 1) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(d)}`;

/**
 * The interactions behind a drop in words: the types that lost RV (at most `limit`,
 * largest loss first), each as "label before → recent (RV change)", e.g.
 * "field service visit 6 → 1 (RV −10.0), wrong item shipped 0 → 2 (RV −14.0)";
 * "no single interaction type explains it" when none lost RV.
 *
 * Complexity: O(drivers log drivers).
 *
 * @example
 * ```ts
 * import { driversInWords } from "./at_risk.ts";
 * driversInWords([{ interaction_type: "late_delivery", label: "Delivery later than promised",
 *   stage: "retention", before_count: 0, recent_count: 2, before_rv: 0, recent_rv: -16, change: -16 }]);
 * // => "delivery later than promised 0 → 2 (RV −16.0)"
 * ```
 */
export function driversInWords(drivers: readonly ChangeDriver[], limit = 3): string {
  const lost = drivers.filter((d) => d.change < 0).sort((a, b) =>
    a.change - b.change || (a.interaction_type < b.interaction_type ? -1 : 1)
  ).slice(0, limit);
  if (!lost.length) return "no single interaction type explains it";
  return lost.map((d) =>
    `${(d.label || d.interaction_type).toLowerCase()} ${d.before_count} → ${d.recent_count} (RV ${
      signed(d.change)
    })`
  ).join(", ");
}

/**
 * A drop and its drivers in one sentence: "RV fell to -3.1 a month in Sep–Dec 2025
 * from 6.0 before: value-adding interactions 2.8 → 0.5 a month, value-destroying
 * 0.6 → 3.3 (5.2 sd beyond its own pattern); <drivers>". The drivers compare the
 * recent months with as many months just before them.
 *
 * Complexity: O(drivers log drivers).
 *
 * @example
 * ```ts
 * import { dropReason } from "./at_risk.ts";
 * dropReason({ id: "a", from: "2025-09-01", to: "2025-12-01", recent_months: 4, history_months: 20,
 *   history_mean: 6, recent_mean: -3.1, history_positive: 2.8, recent_positive: 0.5,
 *   history_negative: 0.6, recent_negative: 3.25, z_positive: -3.9, z_negative: 3.5, z: -5.2 }, []);
 * // => "RV fell to -3.1 a month in Sep–Dec 2025 from 6.0 before: value-adding interactions 2.8 → 0.5 a month, value-destroying 0.6 → 3.3 (5.2 sd beyond its own pattern); no single interaction type explains it"
 * ```
 */
export function dropReason(drop: RvDrop, drivers: readonly ChangeDriver[]): string {
  const z = Number.isFinite(drop.z) ? `${Math.abs(drop.z).toFixed(1)} sd` : "far";
  return `RV fell to ${drop.recent_mean.toFixed(1)} a month in ${
    monthRange(drop.from, drop.to)
  } from ${drop.history_mean.toFixed(1)} before: value-adding interactions ${
    drop.history_positive.toFixed(1)
  } → ${drop.recent_positive.toFixed(1)} a month, value-destroying ${
    drop.history_negative.toFixed(1)
  } → ${drop.recent_negative.toFixed(1)} (${z} beyond its own pattern); ${driversInWords(drivers)}`;
}
