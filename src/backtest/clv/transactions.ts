/**
 * Transaction logs for customer-base analysis: reading them (the CDNOW master, the
 * CDNOW cohort's 5-column form, a generic CSV, a data folder's interactions), gzipped or
 * not, with every unreadable line an error naming the file and line; and the
 * recency–frequency summaries of a calibration period with the holdout's counts.
 *
 * @module
 */
import { join } from "node:path";
import { parseCsv } from "../../io/csv.ts";
import { DataError, UsageError } from "../../io/errors.ts";
import { dayNumber, dayOfNumber, isCalendarDay } from "../../util/periods.ts";
import type { RfSummary } from "./bgnbd.ts";

/** One purchase. */
export interface Purchase {
  customer: string;
  /** `YYYY-MM-DD` */
  date: string;
  amount: number;
}

/** The transaction-log formats {@linkcode readTransactions} reads. */
export type TransactionFormat = "cdnow" | "cdnow-cohort" | "csv" | "interactions";

/** Every format, in the order `--format` lists them. */
export const TRANSACTION_FORMATS: readonly TransactionFormat[] = [
  "cdnow",
  "cdnow-cohort",
  "csv",
  "interactions",
];

/** How to read a transaction log. */
export interface ReadTransactionsOptions {
  /** the format; default sniffed from the first line ({@linkcode sniffFormat}) */
  format?: TransactionFormat;
  /** generic CSV: the customer column (default `customer`) */
  customer?: string;
  /** generic CSV: the date column (default `date`) */
  date?: string;
  /** generic CSV: the amount column (default `amount`; a log without one has spend 0) */
  amount?: string;
}

/** A transaction log as read. */
export interface TransactionLog {
  /** the file read (inside a folder for `interactions`) */
  file: string;
  format: TransactionFormat;
  purchases: Purchase[];
  /** data lines read (header and blank lines not counted) */
  lines: number;
}

/**
 * True when the bytes start with gzip's magic number (RFC 1952 §2.3.1: 1f 8b), whatever
 * the file is called.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isGzip } from "./transactions.ts";
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // => true
 * isGzip(new TextEncoder().encode("00001 19970101 1 11.77")); // => false
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The format of a transaction log from its first non-blank line: comma-separated with an
 * `interaction_id` or `occurred_at` column is `interactions`, other comma-separated text
 * `csv`; whitespace-separated with 4 fields `cdnow` (id, YYYYMMDD, CDs, dollars), with 5
 * `cdnow-cohort` (original id, cohort id, YYYYMMDD, CDs, dollars).
 *
 * Complexity: O(line length).
 *
 * @example
 * ```ts
 * import { sniffFormat } from "./transactions.ts";
 * sniffFormat("00001 19970101 1 11.77"); // => "cdnow"
 * sniffFormat("04 1 19970101 2 29.33"); // => "cdnow-cohort"
 * sniffFormat("customer,date,amount"); // => "csv"
 * ```
 */
export function sniffFormat(firstLine: string): TransactionFormat | undefined {
  const line = firstLine.trim();
  if (line.includes(",")) {
    const cols = line.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    return cols.includes("interaction_id") || cols.includes("occurred_at") ? "interactions" : "csv";
  }
  const f = line.split(/\s+/);
  if (f.length === 4) return "cdnow";
  if (f.length === 5) return "cdnow-cohort";
  return undefined;
}

/** `YYYYMMDD`, `YYYY-MM-DD` or an ISO date-time as `YYYY-MM-DD`, or undefined. */
function dayOf(s: string): string | undefined {
  const t = s.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (!m) return undefined;
  return isCalendarDay(+m[1], +m[2], +m[3]) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** A number cell (`12.5`, `-3`, `1e3`), or undefined. */
function amountOf(s: string): number | undefined {
  const t = s.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

const bad = (file: string, line: number, what: string, found: string, column?: string) =>
  new DataError(
    `${file}:${line}${column ? ` column ${column}` : ""}: expected ${what}, found ${
      JSON.stringify(found.length > 80 ? found.slice(0, 80) + "…" : found)
    }`,
    file,
    line,
    column,
  );

/** The whitespace-separated CDNOW forms (4 or 5 fields a line). */
function parseCdnowLines(text: string, file: string, cohort: boolean): TransactionLog {
  const n = cohort ? 5 : 4;
  const shape = cohort
    ? "5 fields: original id, cohort id, YYYYMMDD date, CDs, dollars"
    : "4 fields: customer id, YYYYMMDD date, CDs, dollars";
  const purchases: Purchase[] = [];
  let lines = 0;
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i].replace(/\r$/, "");
    if (!raw.trim()) continue;
    const f = raw.trim().split(/\s+/);
    // a header line first (words, not a date) is skipped
    if (lines === 0 && purchases.length === 0 && f.every((x) => !/^\d/.test(x))) continue;
    lines++;
    if (f.length !== n) throw bad(file, i + 1, shape, raw);
    const date = /^\d{8}$/.test(f[n - 3]) ? dayOf(f[n - 3]) : undefined;
    if (!date) throw bad(file, i + 1, "a YYYYMMDD date", f[n - 3], "date");
    const amount = amountOf(f[n - 1]);
    if (amount === undefined) throw bad(file, i + 1, "a dollar amount", f[n - 1], "dollars");
    // the cohort form's customer is its original (master) id, so both forms name one customer alike
    purchases.push({ customer: f[0], date, amount });
  }
  return { file, format: cohort ? "cdnow-cohort" : "cdnow", purchases, lines };
}

/** A comma-separated log with a header: named customer, date and amount columns. */
function parseCsvLog(
  text: string,
  file: string,
  format: "csv" | "interactions",
  options: ReadTransactionsOptions,
): TransactionLog {
  const items = parseCsv(text);
  const head = items[0]?.record;
  if (!head) throw new DataError(`${file}: empty, expected a header line`, file, 1);
  const names = format === "interactions"
    ? { customer: "account_id", date: "occurred_at", amount: "amount" }
    : {
      customer: options.customer ?? "customer",
      date: options.date ?? "date",
      amount: options.amount ?? "amount",
    };
  const at = (name: string) => head.fields.map((f) => f.trim()).indexOf(name);
  const ci = at(names.customer), di = at(names.date), ai = at(names.amount);
  for (const [what, i, opt] of [["customer", ci, "--customer"], ["date", di, "--date"]] as const) {
    if (i === -1) {
      throw new DataError(
        `${file}:1: no ${what} column "${names[what]}" (columns: ${head.fields.join(", ")})${
          format === "csv" ? `; name it with ${opt} COLUMN` : ""
        }`,
        file,
        1,
      );
    }
  }
  if (ai === -1 && (format === "interactions" || options.amount !== undefined)) {
    throw new DataError(
      `${file}:1: no amount column "${names.amount}" (columns: ${head.fields.join(", ")})`,
      file,
      1,
    );
  }
  const purchases: Purchase[] = [];
  let lines = 0;
  for (const item of items.slice(1)) {
    if (item.problem) {
      throw new DataError(
        `${file}:${item.problem.line}: ${item.problem.message}`,
        file,
        item.problem.line,
      );
    }
    const { fields, line } = item.record;
    if (fields.length === 1 && fields[0].trim() === "") continue;
    lines++;
    if (fields.length !== head.fields.length) {
      throw bad(file, line, `${head.fields.length} fields as in the header`, fields.join(","));
    }
    const customer = fields[ci].trim();
    if (!customer) throw bad(file, line, "a customer id", fields[ci], names.customer);
    const date = dayOf(fields[di]);
    if (!date) throw bad(file, line, "a date (YYYY-MM-DD or YYYYMMDD)", fields[di], names.date);
    let amount = 0;
    if (ai !== -1) {
      const cell = fields[ai].trim();
      if (cell === "" && format === "interactions") continue; // not a purchase
      const a = amountOf(cell);
      if (a === undefined) throw bad(file, line, "an amount", fields[ai], names.amount);
      amount = a;
    }
    // interactions: only those with money are transactions
    if (format === "interactions" && !(amount > 0)) continue;
    purchases.push({ customer, date, amount });
  }
  return { file, format, purchases, lines };
}

/**
 * Parses a transaction log's text in `format` (sniffed when not given). Every line that
 * cannot be read is a {@linkcode DataError} naming `file`, the line, what was expected
 * and what was found; nothing is skipped silently but blank lines, a header line, and in
 * `interactions` the rows without a positive amount (they are not purchases).
 *
 * Complexity: O(text length).
 *
 * @example
 * ```ts
 * import { parseTransactions } from "./transactions.ts";
 * parseTransactions("00001 19970101 1 11.77\n00001 19970118 2 29.33\n", "m.txt").purchases[1];
 * // => { customer: "00001", date: "1997-01-18", amount: 29.33 }
 * ```
 */
export function parseTransactions(
  text: string,
  file: string,
  options: ReadTransactionsOptions = {},
): TransactionLog {
  const first = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const format = options.format ?? sniffFormat(first);
  if (!format) {
    throw new DataError(
      `${file}:1: cannot tell the format from the first line (expected comma-separated with a header, or 4 or 5 whitespace-separated CDNOW fields), found ${
        JSON.stringify(first.slice(0, 80))
      }; name it with --format`,
      file,
      1,
    );
  }
  if (format === "cdnow" || format === "cdnow-cohort") {
    return parseCdnowLines(text, file, format === "cdnow-cohort");
  }
  return parseCsvLog(text, file, format, options);
}

/**
 * Reads a transaction log: a file (gzip recognised by its magic number, not its name) or
 * a data folder (its `interactions.csv` or `interactions.csv.gz`). See
 * {@linkcode parseTransactions}. A log with no purchase is a DataError.
 *
 * Complexity: O(file size).
 *
 * @example
 * ```ts
 * import { readTransactions } from "./transactions.ts";
 * const log = await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz");
 * log.purchases.length; // => 69659
 * ```
 */
export async function readTransactions(
  path: string,
  options: ReadTransactionsOptions = {},
): Promise<TransactionLog> {
  let file = path;
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    throw new UsageError(`--from ${path}: no such file or folder`);
  }
  if (info.isDirectory) {
    file = "";
    for (const name of ["interactions.csv", "interactions.csv.gz"]) {
      if (await Deno.stat(join(path, name)).then(() => true, () => false)) {
        file = join(path, name);
        break;
      }
    }
    if (!file) {
      throw new DataError(
        `${path}: a folder without interactions.csv; expected a transaction log file or a data folder`,
        path,
      );
    }
    options = { ...options, format: options.format ?? "interactions" };
  }
  let bytes = await Deno.readFile(file);
  if (isGzip(bytes)) {
    try {
      bytes = new Uint8Array(
        await new Response(
          new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
        ).arrayBuffer(),
      );
    } catch (e) {
      throw new DataError(`${file}: a damaged gzip file (${(e as Error).message})`, file);
    }
  }
  const log = parseTransactions(new TextDecoder().decode(bytes), file, options);
  if (!log.purchases.length) {
    throw new DataError(
      `${file}: no purchases (${log.lines} data lines read); expected at least one dated transaction`,
      file,
    );
  }
  return log;
}

/** The time unit of the summaries, in days. */
export type TimeUnit = "day" | "week" | "month";

/** Days per unit: a month is 365.25 / 12 days. */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
};

/** A customer's calibration summary, repeat spend and holdout count. */
export interface CustomerSummary extends RfSummary {
  customer: string;
  /** mean value of the repeat transactions in calibration (0 when x = 0) */
  m: number;
  /** transactions after calibration up to the holdout end */
  holdout: number;
  /** the day of the first purchase (`YYYY-MM-DD`) */
  first: string;
}

/**
 * Summaries for every customer whose first purchase is on or before `calibrationEnd`
 * (inclusive): purchases on one day are one transaction; x = repeat transaction days in
 * calibration; t_x and T in `unit`s since the first purchase (T to `calibrationEnd`, the
 * literature's convention: first purchase 1997-01-01 and end 1997-09-30 give T =
 * 272/7 = 38.86 weeks; Fader, Hardie & Lee 2005); m = mean repeat transaction value;
 * holdout = transaction days in (calibrationEnd, holdoutEnd].
 *
 * Complexity: O(n log n) in purchases.
 *
 * @example
 * ```ts
 * import { rfmSummaries } from "./transactions.ts";
 * const p = [
 *   { customer: "1", date: "1997-01-01", amount: 10 },
 *   { customer: "1", date: "1997-01-15", amount: 20 },
 * ];
 * rfmSummaries(p, "1997-01-29", "1997-03-01", "week")[0].tx; // => 2
 * ```
 */
export function rfmSummaries(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  holdoutEnd: string,
  unit: TimeUnit = "week",
): CustomerSummary[] {
  const per = UNIT_DAYS[unit];
  const end = dayNumber(calibrationEnd), hEnd = dayNumber(holdoutEnd);
  const byCustomer = new Map<string, Map<number, number>>();
  for (const p of purchases) {
    const d = dayNumber(p.date);
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
      tx: x ? (cal[x - 1][0] - first) / per : 0,
      T: (end - first) / per,
      m: x ? cal.reduce((s, [, v]) => s + v, 0) / x : 0,
      holdout: list.filter(([d]) => d > end && d <= hEnd).length,
      first: dayOfNumber(first),
    });
  }
  return out;
}
