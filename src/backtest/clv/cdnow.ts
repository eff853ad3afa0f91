/**
 * The CDNOW master file (Fader, Hardie & Lee 2005) in the shape of the other transaction
 * logs: its parser and weekly summaries, both defined once in `transactions.ts`.
 *
 * @module
 */
import {
  type CustomerSummary,
  parseTransactions,
  type Purchase,
  rfmSummaries,
} from "./transactions.ts";

export type { CustomerSummary, Purchase } from "./transactions.ts";

/**
 * Weekly summaries ({@linkcode rfmSummaries} with `unit` week): the convention of the
 * CDNOW literature.
 *
 * Complexity: O(n log n) in purchases.
 *
 * @example
 * ```ts
 * import { rfmWeekly } from "./cdnow.ts";
 * rfmWeekly([{ customer: "1", date: "1997-01-01", amount: 10 }], "1997-09-30", "1998-06-30")[0].T;
 * // => 38.857142857142854 (272 days / 7)
 * ```
 */
export function rfmWeekly(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  holdoutEnd: string,
): CustomerSummary[] {
  return rfmSummaries(purchases, calibrationEnd, holdoutEnd, "week");
}

/**
 * Parses the CDNOW master file's text (whitespace-separated customer id, YYYYMMDD date,
 * number of CDs, dollar value; a header line is skipped). A line that is not that is a
 * DataError naming the line (it used to be skipped silently).
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
export function parseCdnow(text: string, file = "CDNOW master"): Purchase[] {
  return parseTransactions(text, file, { format: "cdnow" }).purchases;
}
