/**
 * Drops of an account's RV against its own pattern: the latest months against the
 * level and trend of its earlier months, and the words that explain a drop.
 *
 * @module
 */
import type { RvRow } from "./rv_by_period.ts";
import type { ChangeDriver } from "./drivers.ts";
import { trendBreak } from "../stats/trend_break.ts";

/**
 * The z below which an account's recent RV counts as a drop (see {@linkcode rvDrops}).
 * Calibrated on null synthetic worlds (240 accounts × 30 months, no collapse planted):
 * RV per month is serially correlated there (health is AR(1), φ = 0.85), so the
 * independent-error z of `trendBreak` is wider than a standard normal; at −3.5 about
 * 0.5 % of the accounts of such a world are flagged (1 in 230; at −3, 1.2 %).
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
  /** the recent mean the history's level and trend predict */
  expected: number;
  /** the history's residual standard deviation around its trend */
  residual_sd: number;
  /** (recent mean − expected) / its standard error (`stats/trend_break.ts`) */
  z: number;
}

/** Options for {@linkcode rvDrops}. */
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
 * Every account's recent RV against its own pattern: per account, the mean RV of the
 * last `recent` periods against the prediction of the linear trend of all its earlier
 * periods, in standard errors of that prediction (`trendBreak`). Accounts whose
 * series does not reach the last period, or with fewer than `minHistory` earlier
 * periods, are not scored. Sorted by z, lowest first.
 *
 * Why its own pattern: a small account that halves is as much at risk as a large one,
 * and a segment band cannot see it; the account's own noise sets how large a fall is
 * news.
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { rvScores } from "./at_risk.ts";
 * import type { RvRow } from "./rv_by_period.ts";
 * const rows: RvRow[] = [10, 11, 9, 10, 12, 10, 9, 11, 2, 1, 2, 1].map((rv, i) => ({
 *   id: "a", account_id: "a", period: `2025-${String(i + 1).padStart(2, "0")}-01`, rv,
 *   rv_cumulative: 0, rv_decayed: null, interactions: 1, cost: 1, rv_per_cost: null,
 * }));
 * rvScores(rows)[0].z < -5; // => true
 * ```
 */
export function rvScores(rows: readonly RvRow[], options: DropOptions = {}): RvDrop[] {
  const recent = options.recent ?? 4, minHistory = options.minHistory ?? 8;
  const end = options.end ?? rows.reduce((m, r) => (r.period > m ? r.period : m), "");
  const byId = new Map<string, RvRow[]>();
  for (const r of rows) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  const out: RvDrop[] = [];
  for (const [id, list0] of byId) {
    const list = list0.slice().sort((a, b) => (a.period < b.period ? -1 : 1));
    if (list.at(-1)!.period !== end || list.length < recent + minHistory) continue;
    const values = list.map((r) => r.rv);
    const b = trendBreak(values.slice(0, -recent), values.slice(-recent))!;
    out.push({
      id,
      from: list[list.length - recent].period,
      to: end,
      recent_months: recent,
      history_months: b.n_history,
      history_mean: b.history_mean,
      recent_mean: b.recent_mean,
      expected: b.expected,
      residual_sd: b.residual_sd,
      z: b.z,
    });
  }
  return out.sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : 1));
}

/**
 * The accounts whose RV dropped against their own pattern: {@linkcode rvScores} with
 * z below −`threshold` and the recent mean below the history's mean (a fall, not a
 * rise that slowed). Lowest z first.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { rvDrops } from "./at_risk.ts";
 * import type { RvRow } from "./rv_by_period.ts";
 * const rows: RvRow[] = [10, 11, 9, 10, 12, 10, 9, 11, 2, 1, 2, 1].map((rv, i) => ({
 *   id: "a", account_id: "a", period: `2025-${String(i + 1).padStart(2, "0")}-01`, rv,
 *   rv_cumulative: 0, rv_decayed: null, interactions: 1, cost: 1, rv_per_cost: null,
 * }));
 * rvDrops(rows).map((d) => d.id); // => ["a"]
 * ```
 */
export function rvDrops(rows: readonly RvRow[], options: DropOptions = {}): RvDrop[] {
  const k = options.threshold ?? DROP_Z;
  return rvScores(rows, options).filter((d) => d.z < -k && d.recent_mean < d.history_mean);
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
 * A drop and its drivers in one sentence: "RV fell to 3.1 a month in Sep–Dec 2025
 * from 12.0 before (14.2 expected from its trend), 3.4 sd below; <drivers>". The
 * drivers compare the recent months with as many months just before them.
 *
 * Complexity: O(drivers log drivers).
 *
 * @example
 * ```ts
 * import { dropReason } from "./at_risk.ts";
 * dropReason({ id: "a", from: "2025-09-01", to: "2025-12-01", recent_months: 4, history_months: 20,
 *   history_mean: 12, recent_mean: 3.1, expected: 14.2, residual_sd: 2, z: -3.4 }, []);
 * // => "RV fell to 3.1 a month in Sep–Dec 2025 from 12.0 before (14.2 expected from its trend), 3.4 sd below; no single interaction type explains it"
 * ```
 */
export function dropReason(drop: RvDrop, drivers: readonly ChangeDriver[]): string {
  const z = Number.isFinite(drop.z) ? `${Math.abs(drop.z).toFixed(1)} sd below` : "far below";
  return `RV fell to ${drop.recent_mean.toFixed(1)} a month in ${
    monthRange(drop.from, drop.to)
  } from ${drop.history_mean.toFixed(1)} before (${
    drop.expected.toFixed(1)
  } expected from its trend), ${z}; ${driversInWords(drivers)}`;
}
