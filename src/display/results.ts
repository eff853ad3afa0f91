/**
 * The display of any value a notebook cell ends with: rvlab's results by their own
 * views (segments, RV-Q, back-test, say vs do, themes, the whole study), a DataFrame
 * (danfo.js or anything with `columns` and row `values`) as an HTML table, rows as a
 * table, and any other object — a BG/NBD fit, a scorecard, a summary — as a table of
 * its figures formatted like the report's, never an object dump.
 *
 * @module
 */
import type { ThemeAnalysis } from "../themes/analyse.ts";
import type { SayVsDoResult } from "../voc/say_vs_do.ts";
import type { SegmentsResult, Study, ValidationResult } from "../study/study.ts";
import { columnsToRows, type FrameLike, isFrameLike } from "../util/frame.ts";
import { columnLabel, formatValue } from "../util/table_format.ts";
import {
  type Displayable,
  type HtmlView,
  JUPYTER_DISPLAY,
  markdown,
  stack,
  table,
  type TableOptions,
  type TableView,
  withDisplay,
} from "./display.ts";
import { sayVsDoView, segmentsView, studyView, validationView } from "./views.ts";
import { themesView } from "./themes.ts";

/**
 * A DataFrame (danfo.js, or any `{ columns, values }` with row arrays) as a table:
 * rows back to objects (NaN as empty), the report's formatting, the shape in the
 * caption unless one is given. danfo itself is not loaded.
 *
 * Complexity: O(rows × columns) to convert; rendering O(shown rows × columns).
 *
 * @example
 * ```ts
 * import { danfoTable } from "./results.ts";
 * const df = { columns: ["account_id", "revenue"], values: [["a1", 1234567.8], ["a2", Number.NaN]] };
 * danfoTable(df).rows; // => [{ account_id: "a1", revenue: 1234567.8 }, { account_id: "a2", revenue: null }]
 * ```
 */
export function danfoTable(df: FrameLike, options: TableOptions = {}): TableView {
  const rows = columnsToRows(df.columns, df.values);
  return table(rows, {
    columns: df.columns,
    caption: `DataFrame: ${formatValue("n", rows.length)} rows × ${df.columns.length} columns`,
    ...options,
  });
}

function isDisplayable(v: unknown): v is Displayable {
  return v !== null && typeof v === "object" &&
    typeof (v as Record<symbol, unknown>)[JUPYTER_DISPLAY] === "function";
}

const has = (o: object, ...keys: string[]) => keys.every((k) => k in o);

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isScalar = (v: unknown) =>
  v === null || v === undefined || v instanceof Date || typeof v !== "object";

const isRows = (v: unknown): v is Record<string, unknown>[] =>
  Array.isArray(v) && v.length > 0 && v.every(isPlain);

/**
 * Any object as a table of its figures: each scalar field a row (human label,
 * value formatted by its name: shares as %, p-values as "< 0.001", money with
 * separators), an object of scalars flattened into rows ("Params: alpha"), a list of
 * records as its own table, a deeper object as its own block under a heading;
 * functions left out.
 *
 * Complexity: O(size of the object), at most `depth` levels deep.
 *
 * @example
 * ```ts
 * import { objectView } from "./results.ts";
 * objectView({ params: { r: 0.24, alpha: 4.41 }, logLikelihood: -9582.4, customers: 2357, converged: true });
 * ```
 */
export function objectView(o: object, caption?: string, depth = 2): HtmlView {
  const figures: { figure: string; value: string }[] = [];
  const parts: (Displayable | string)[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "function" || typeof v === "symbol") continue;
    if (isRows(v)) {
      parts.push(table(v, { caption: columnLabel(k), maxRows: 10 }));
    } else if (isPlain(v) && Object.values(v).every(isScalar)) {
      for (const [sub, x] of Object.entries(v)) {
        figures.push({ figure: `${columnLabel(k)}: ${sub}`, value: formatValue(sub, x) });
      }
    } else if (isPlain(v) && depth > 1) {
      parts.push(columnLabel(k), objectView(v, undefined, depth - 1));
    } else {
      figures.push({ figure: columnLabel(k), value: formatValue(k, v) });
    }
  }
  return stack([
    ...(figures.length ? [table(figures, { caption, maxRows: figures.length })] : []),
    ...parts,
  ]);
}

/**
 * The display of any value: a displayable as itself; rvlab's results by their views
 * (a {@linkcode Study}, segments, the back-test, say vs do, a theme analysis); a
 * DataFrame as {@linkcode danfoTable}; rows as a table; text as Markdown; any other
 * plain object as {@linkcode objectView}; a scalar as its formatted text; a class
 * instance (a Promise not awaited, a Map) as its inspected text.
 *
 * Why: a cell ending with a raw result shows figures, not `$dataIncolumnFormat`.
 * Complexity: that of the chosen view.
 *
 * @example
 * ```ts
 * import { view } from "./results.ts";
 * view([{ account_id: "a1", revenue: 1234567 }]); // an HTML table: "Account ID", "1,234,567"
 * view({ columns: ["a"], values: [[1]] }); // a DataFrame as a table
 * ```
 */
export function view(value: unknown): Displayable {
  if (isDisplayable(value)) return value;
  if (typeof value === "string") return markdown(value);
  if (isFrameLike(value)) return danfoTable(value);
  if (Array.isArray(value)) {
    return value.every(isPlain)
      ? table(value as Record<string, unknown>[])
      : markdown(formatValue("", value));
  }
  if (value === null || typeof value !== "object") return markdown(formatValue("", value));
  // a class instance (a Promise not awaited, a Map, an Error): its inspected text, as Deno shows it
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const text = Deno.inspect(value, { colors: false, depth: 4 });
    return withDisplay({}, () => ({ "text/plain": text }));
  }
  if (has(value, "segments", "backtest", "data_map")) return studyView(value as Study);
  if (has(value, "starting_benchmark", "rvq", "whale_curve", "profit_segments")) {
    return segmentsView(value as SegmentsResult);
  }
  if (has(value, "verdicts", "results", "lead_lag", "cutoffs")) {
    return validationView(value as ValidationResult);
  }
  if (has(value, "quadrant", "correlation", "leads", "disagreements")) {
    return sayVsDoView(value as SayVsDoResult);
  }
  if (has(value, "codebook", "counts", "language_flags", "top_by_question")) {
    return themesView(value as ThemeAnalysis);
  }
  return objectView(value);
}
