/**
 * How rvlab's tables read: human column labels and cell values formatted by what
 * the column holds (shares as percentages, money and counts with thousands
 * separators, p-values as "< 0.001", dates as dates, nested values as short text).
 * The one cell formatter of the report (HTML and Markdown alike) and of the
 * notebooks' tables (`src/display`); the CSV and JSON beside the report keep the
 * raw values.
 *
 * @module
 */
import { grouped, pct } from "./format.ts";

/** Words written differently from their snake_case column name. */
const WORDS: Record<string, string> = {
  rv: "RV",
  auc: "AUC",
  ci: "CI",
  nps: "NPS",
  csat: "CSAT",
  sow: "share of wallet",
  id: "ID",
  ipf: "IPF",
  top20: "top 20 %",
  top10: "top 10 %",
  sd: "SD",
  vs: "vs",
  pct: "%",
};

/** Statistic symbols that stay lower-case at the start of a label. */
const SYMBOLS = new Set(["p", "n", "r", "z", "u"]);

/**
 * A column name as a human label: `p_adjusted` → "p adjusted", `rv_per_month` →
 * "RV per month", `account_id` → "Account ID".
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { columnLabel } from "./table_format.ts";
 * columnLabel("rv_per_month"); // => "RV per month"
 * columnLabel("p_adjusted"); // => "p adjusted"
 * columnLabel("auc_ci_low"); // => "AUC CI low"
 * ```
 */
export function columnLabel(name: string): string {
  const words = name.split("_").filter((w) => w !== "").map((w) => WORDS[w] ?? w);
  if (!words.length) return name;
  const [first, ...rest] = words;
  const head = SYMBOLS.has(first) || first !== first.toLowerCase()
    ? first
    : first[0].toUpperCase() + first.slice(1);
  return [head, ...rest].join(" ");
}

/** What a column holds, judged from its name. */
export type ColumnKind = "share" | "p" | "money" | "count" | "number";

const SHARE =
  /(^|_)(share|rate|coverage|concentration|fraction|probability|gain|ci_level|loyal|cross_selling|above_50|negative_share|profitability|repurchase_frequency)($|_)|_share$|^share_/;
const P_VALUE = /^p($|_)|(^|_)p_value$|(^|_)p_adjusted$/;
const MONEY =
  /(^|_)(revenue|cost|profit|amount|wallet|stake|spend|price|value_at_stake|monetary)($|_)/;
const COUNT =
  /^(n|n_.*|.*_n|accounts|customers|interactions|observations|answers|rows|count|.*_count|.*_accounts|purchases|frequency|rank|billed_periods|horizon|lead_periods|decile)$/;
const NOT_MONEY = /ratio|per_|_per|lift|delta|_z$|^z$|share|rate/;

/**
 * What a column holds, from its name: a share (0–1, shown as %), a p-value, money, a
 * count or another number.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { columnKind } from "./table_format.ts";
 * columnKind("negative_share"); // => "share"
 * columnKind("p_adjusted"); // => "p"
 * columnKind("revenue"); // => "money"
 * columnKind("cost_to_engage_ratio"); // => "number"
 * columnKind("n_top"); // => "count"
 * ```
 */
export function columnKind(name: string): ColumnKind {
  if (P_VALUE.test(name)) return "p";
  if (SHARE.test(name) && !/ratio|lift/.test(name)) return "share";
  if (COUNT.test(name)) return "count";
  if (MONEY.test(name) && !NOT_MONEY.test(name)) return "money";
  return "number";
}

/** A p-value as a reader wants it: "< 0.001" below a thousandth, else 2 significant digits. */
function pText(p: number): string {
  if (p < 0.001) return "< 0.001";
  return String(Number(p.toPrecision(2)));
}

/**
 * A number with thousands separators and about 4 significant digits, never an
 * exponent; with `digits`, rounded to at most that many decimals instead.
 */
function numberText(v: number, digits?: number): string {
  if (Number.isInteger(v)) return grouped(v, 0);
  if (digits !== undefined) {
    const d = Math.max(0, Math.min(20, Math.floor(digits)));
    return grouped(Number(v.toFixed(d)), d);
  }
  const a = Math.abs(v);
  // below a thousandth: two significant digits, written out (0.00000015, not 1.5e-7)
  const decimals = a >= 1000
    ? 0
    : a >= 100
    ? 1
    : a >= 10
    ? 2
    : a >= 1
    ? 3
    : a >= 0.001
    ? 4
    : Math.min(20, 1 - Math.floor(Math.log10(a)));
  return grouped(Number(v.toFixed(decimals)), decimals);
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SHORT = 60;

function shorten(text: string): string {
  return text.length <= SHORT ? text : `${text.slice(0, SHORT - 1).trimEnd()}…`;
}

/** A nested value (array or object) as short text. */
function nestedText(v: object, options: FormatOptions): string {
  if (Array.isArray(v)) {
    if (!v.length) return "none";
    if (v.every((x) => x === null || typeof x !== "object")) {
      return shorten(v.map((x) => formatValue("", x, options)).join(", "));
    }
    // a list of records: name each by its first text field, else count them
    const names = v.map((x) =>
      x && typeof x === "object"
        ? Object.values(x as Record<string, unknown>).find((f) => typeof f === "string")
        : undefined
    );
    if (names.every((n) => typeof n === "string")) {
      const shown = names.slice(0, 3).join(", ");
      return v.length > 3 ? `${shown} and ${v.length - 3} more` : shown;
    }
    return `${v.length} rows (in the JSON)`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (!entries.length) return "none";
  return shorten(
    entries.map(([k, x]) => `${columnLabel(k)}: ${formatValue(k, x, options)}`).join("; "),
  );
}

/** Options for {@linkcode formatValue}. */
export interface FormatOptions {
  /**
   * at most this many decimals for numbers that are not shares, p-values, money or
   * counts; default about 4 significant digits
   */
  digits?: number;
}

/**
 * One table cell as text, by what its column holds ({@linkcode columnKind}): shares
 * as percentages, p-values as "< 0.001" or 2 significant digits, money rounded with
 * thousands separators, counts with thousands separators, other numbers with about 4
 * significant digits (never an exponent), NaN and infinities as "n/a", booleans as
 * yes / no, ISO timestamps as dates (the time only when it is not midnight), nested
 * values as short text, and missing values as "". `options.digits` fixes the decimals
 * of other numbers (a notebook's `table(rows, { digits })`).
 *
 * Complexity: O(1) for scalars, O(size) for nested values.
 *
 * @example
 * ```ts
 * import { formatValue } from "./table_format.ts";
 * formatValue("revenue", 14590000); // => "14,590,000"
 * formatValue("negative_share", 0.1234); // => "12.3 %"
 * formatValue("p_adjusted", 0.00002); // => "< 0.001"
 * formatValue("cost_to_engage_ratio", 1.214237915696274); // => "1.214"
 * formatValue("occurred_at", "2024-03-01T00:00:00.000Z"); // => "2024-03-01"
 * formatValue("community_member", true); // => "yes"
 * formatValue("rv", 1234.56789, { digits: 2 }); // => "1,234.57"
 * formatValue("deciles", [{ decile: 1, gain: 0.2 }, { decile: 2, gain: 0.4 }]); // => "2 rows (in the JSON)"
 * ```
 */
export function formatValue(column: string, v: unknown, options: FormatOptions = {}): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "bigint") return grouped(Number(v), 0);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "n/a";
    const kind = columnKind(column);
    if (kind === "p") return pText(v);
    if (kind === "share" && Math.abs(v) <= 10) {
      return pct(v, Math.abs(v) < 0.001 && v !== 0 ? 3 : 1);
    }
    if (kind === "money") return grouped(Math.round(v), 0);
    return numberText(v, options.digits);
  }
  if (v instanceof Date) return formatValue(column, v.toISOString(), options);
  if (typeof v === "object") return nestedText(v, options);
  const text = String(v);
  if (ISO.test(text) && text.length > 10) {
    const [date, time = ""] = text.split("T");
    return /^00:00(:00(\.0+)?)?(Z|[+-]00:?00)?$/.test(time) ? date : `${date} ${time.slice(0, 5)}`;
  }
  return text;
}
