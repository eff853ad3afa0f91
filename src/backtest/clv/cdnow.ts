/**
 * Recency–frequency–monetary summaries of a transaction log in continuous weeks, as
 * in the customer-base-analysis literature on CDNOW (Fader, Hardie & Lee 2005):
 * purchases on the same day are one transaction; time is days / 7 since each
 * customer's first purchase.
 *
 * @module
 */
import type { RfSummary } from "./bgnbd.ts";

/** One purchase. */
export interface Purchase {
  customer: string;
  /** `YYYY-MM-DD` */
  date: string;
  amount: number;
}

/** A customer's calibration summary, repeat spend and holdout count. */
export interface CustomerSummary extends RfSummary {
  customer: string;
  /** mean value of the repeat transactions in calibration (0 when x = 0) */
  m: number;
  /** transactions after calibration up to the holdout end */
  holdout: number;
}

const day = (iso: string) => Date.parse(iso + "T00:00:00Z") / 86_400_000;

/**
 * Summaries for every customer whose first purchase is on or before
 * `calibrationEnd` (inclusive): x = repeat transaction days in calibration, t_x and T
 * in weeks (T measured to the end of `calibrationEnd`'s day boundary as days/7, the
 * literature's convention: first purchase 1997-01-01 and end 1997-09-30 give
 * T = 272/7 = 38.86), m = mean repeat transaction value, holdout = transaction days
 * in (calibrationEnd, holdoutEnd].
 *
 * Complexity: O(n log n) in purchases.
 *
 * @example
 * ```ts
 * import { rfmWeekly } from "./cdnow.ts";
 * rfmWeekly([{ customer: "1", date: "1997-01-01", amount: 10 }], "1997-09-30", "1998-06-30");
 * ```
 */
export function rfmWeekly(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  holdoutEnd: string,
): CustomerSummary[] {
  const end = day(calibrationEnd), hEnd = day(holdoutEnd);
  const byCustomer = new Map<string, Map<number, number>>();
  for (const p of purchases) {
    const d = day(p.date);
    const days = byCustomer.get(p.customer) ?? new Map<number, number>();
    days.set(d, (days.get(d) ?? 0) + p.amount);
    byCustomer.set(p.customer, days);
  }
  const out: CustomerSummary[] = [];
  for (const [customer, days] of byCustomer) {
    const list = [...days.entries()].sort((a, b) => a[0] - b[0]);
    const first = list[0][0];
    if (first > end) continue;
    const cal = list.filter(([d]) => d <= end).slice(1);
    const x = cal.length;
    out.push({
      customer,
      x,
      tx: x ? (cal[x - 1][0] - first) / 7 : 0,
      T: (end - first) / 7,
      m: x ? cal.reduce((s, [, v]) => s + v, 0) / x : 0,
      holdout: list.filter(([d]) => d > end && d <= hEnd).length,
    });
  }
  return out;
}

/**
 * Parses the CDNOW master file's text (whitespace-separated customer id, YYYYMMDD
 * date, number of CDs, dollar value; a header line is skipped).
 *
 * Complexity: O(text length).
 *
 * @example
 * ```ts
 * import { parseCdnow } from "./cdnow.ts";
 * parseCdnow("00001 19970101 1 11.77\n00001 19970118 2 29.33\n")[1];
 * // => { customer: "00001", date: "1997-01-18", amount: 29.33 }
 * ```
 */
export function parseCdnow(text: string): Purchase[] {
  const out: Purchase[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d{8}$/.test(f[1])) continue;
    out.push({
      customer: f[0],
      date: `${f[1].slice(0, 4)}-${f[1].slice(4, 6)}-${f[1].slice(6, 8)}`,
      amount: Number(f[3]),
    });
  }
  return out;
}
