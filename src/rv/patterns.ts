/**
 * RV patterns of segments and the accounts that fall out of them.
 *
 * @module
 */
import type { RvRow } from "./rv_by_period.ts";

/**
 * The columns of an {@linkcode RvRow} a pattern reads: `rv`, and the cumulative or decayed
 * RV when `value` names it (a row without that column reads as 0).
 */
export type PatternRow = Pick<RvRow, "id" | "period" | "rv"> & Partial<Pick<RvRow, RvValue>>;
import { quantile } from "../stats/quantile.ts";
import { slope } from "../stats/slope.ts";

/** Which RV value a pattern follows. */
export type RvValue = "rv" | "rv_cumulative" | "rv_decayed";

/** The typical pattern of a segment at one point in time (or relationship age). */
export interface PatternPoint {
  segment: string;
  /** the period (`YYYY-MM-DD`) when aligned by calendar, or the age in periods since the first interaction */
  at: string | number;
  median: number;
  q1: number;
  q3: number;
  n: number;
}

/** Options for {@linkcode segmentPattern}. */
export interface PatternOptions {
  /** align accounts by calendar period (default) or by relationship age */
  align?: "calendar" | "age";
  /** default "rv" (period RV) */
  value?: RvValue;
}

/**
 * The typical RV trajectory of each segment: median and inter-quartile band (type 7
 * quantiles) per period, over the accounts of the segment that exist then.
 *
 * Complexity: O(rows log rows).
 *
 * @example
 * ```ts
 * import { segmentPattern } from "./patterns.ts";
 * import { rvByPeriod } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const rows = await rvByPeriod(engine, { grain: "month" });
 * const profitSegment = new Map([["acct-00001", "top20"], ["acct-00002", "loss"]]);
 * segmentPattern(rows, (id) => profitSegment.get(id) ?? null, { align: "age" });
 * ```
 */
export function segmentPattern(
  rows: readonly PatternRow[],
  segmentOf: (id: string) => string | null,
  options: PatternOptions = {},
): PatternPoint[] {
  const value = options.value ?? "rv";
  const groups = new Map<string, { segment: string; at: string | number; values: number[] }>();
  const age = new Map<string, number>();
  for (const r of rows) {
    const seg = segmentOf(r.id);
    if (seg === null) continue;
    const a = age.get(r.id) ?? 0;
    age.set(r.id, a + 1);
    const at = options.align === "age" ? a : r.period;
    const key = `${seg}\u0000${at}`;
    const g = groups.get(key) ?? { segment: seg, at, values: [] };
    g.values.push((r[value] as number | null) ?? 0);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const v = g.values.sort((a, b) => a - b);
    return {
      segment: g.segment,
      at: g.at,
      median: quantile(v, 0.5),
      q1: quantile(v, 0.25),
      q3: quantile(v, 0.75),
      n: v.length,
    };
  }).sort((
    a,
    b,
  ) => (a.segment < b.segment
    ? -1
    : a.segment > b.segment
    ? 1
    : a.at < b.at
    ? -1
    : a.at > b.at
    ? 1
    : 0)
  );
}

/** An account whose recent RV left its segment's band or broke from its own trend. */
export interface PatternException {
  id: string;
  segment: string;
  kind: "below_band" | "above_band" | "trend_break_down" | "trend_break_up";
  /** how far out: IQRs outside the band, or residual standard deviations from the trend */
  severity: number;
  recent_mean: number;
  band_low: number | null;
  band_high: number | null;
  trend_expected: number | null;
  /** the periods judged */
  from: string;
  to: string;
}

/** Options for {@linkcode outOfPattern}. */
export interface ExceptionOptions {
  /** how many of the latest periods are judged; default 3 */
  recent?: number;
  /** standard deviations from the own trend that count as a break; default 2 */
  k?: number;
  value?: RvValue;
}

/**
 * The manager's investigation list: accounts whose RV in every one of the latest
 * `recent` periods lies below (or above) their segment's inter-quartile band, or
 * whose recent mean breaks from the linear trend of their earlier periods by more
 * than k residual standard deviations (needs at least 4 earlier periods). Ranked:
 * below the band, then downward trend breaks (the at-risk list), then upward moves;
 * within each kind by severity (IQRs outside the band, or standard errors off trend).
 *
 * Why: a manager cannot read every account's chart; this lists the ones to look at.
 * Complexity: O(rows log rows).
 *
 * @example
 * ```ts
 * import { outOfPattern } from "./patterns.ts";
 * import { rvByPeriod } from "./rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const rows = await rvByPeriod(engine, { grain: "month" });
 * const list = outOfPattern(rows, () => "all", { recent: 3, k: 2 });
 * list[0]?.kind; // "below_band" first, when any account is below its band
 * ```
 */
export function outOfPattern(
  rows: readonly PatternRow[],
  segmentOf: (id: string) => string | null,
  options: ExceptionOptions = {},
): PatternException[] {
  const recent = options.recent ?? 3, k = options.k ?? 2, value = options.value ?? "rv";
  const bands = new Map(
    segmentPattern(rows, segmentOf, { value }).map((p) => [`${p.segment}\u0000${p.at}`, p]),
  );
  const byId = new Map<string, PatternRow[]>();
  for (const r of rows) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  const out: PatternException[] = [];
  for (const [id, list] of byId) {
    const seg = segmentOf(id);
    if (seg === null || list.length < recent) continue;
    const last = list.slice(-recent);
    const vals = last.map((r) => (r[value] as number | null) ?? 0);
    const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
    const b = last.map((r) => bands.get(`${seg}\u0000${r.period}`)!);
    const iqr = Math.max(1e-9, ...b.map((p) => p.q3 - p.q1));
    const base = {
      id,
      segment: seg,
      recent_mean: mean,
      from: last[0].period,
      to: last.at(-1)!.period,
    };
    if (vals.every((v, i) => v < b[i].q1) && b.every((p) => p.n >= 4)) {
      const low = b.reduce((s, p) => s + p.q1, 0) / b.length;
      out.push({
        ...base,
        kind: "below_band",
        severity: (low - mean) / iqr,
        band_low: low,
        band_high: b.reduce((s, p) => s + p.q3, 0) / b.length,
        trend_expected: null,
      });
      continue;
    }
    if (vals.every((v, i) => v > b[i].q3) && b.every((p) => p.n >= 4)) {
      const high = b.reduce((s, p) => s + p.q3, 0) / b.length;
      out.push({
        ...base,
        kind: "above_band",
        severity: (mean - high) / iqr,
        band_low: b.reduce((s, p) => s + p.q1, 0) / b.length,
        band_high: high,
        trend_expected: null,
      });
      continue;
    }
    const before = list.slice(0, -recent).map((r) => (r[value] as number | null) ?? 0);
    if (before.length >= 4) {
      const m = slope(before)!;
      const mb = before.reduce((s, v) => s + v, 0) / before.length;
      const c = mb - m * (before.length - 1) / 2;
      const resid = before.map((v, i) => v - (c + m * i));
      const sd = Math.sqrt(resid.reduce((s, r) => s + r * r, 0) / Math.max(1, before.length - 2));
      const expected = vals.map((_, j) => c + m * (before.length + j)).reduce((s, v) => s + v, 0) /
        vals.length;
      const z = sd > 0 ? (mean - expected) / (sd / Math.sqrt(vals.length)) : 0;
      if (Math.abs(z) > k) {
        out.push({
          ...base,
          kind: z < 0 ? "trend_break_down" : "trend_break_up",
          severity: Math.abs(z),
          band_low: null,
          band_high: null,
          trend_expected: expected,
        });
      }
    }
  }
  const rank = { below_band: 0, trend_break_down: 1, above_band: 2, trend_break_up: 3 };
  return out.sort((a, b) =>
    rank[a.kind] - rank[b.kind] || b.severity - a.severity || (a.id < b.id ? -1 : 1)
  );
}
