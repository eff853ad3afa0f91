/**
 * Optional interop with danfo.js (`danfojs-node` 1.1.2) for analysts who prefer its
 * pandas-like API: rvlab's result rows to a DataFrame and back.
 *
 * danfo is loaded by dynamic import on first use only; nothing else in rvlab imports
 * this module, and `deno.json` does not list the package, so the set-up stays lean
 * without it (it pulls in TensorFlow.js; its native binding cannot be downloaded
 * here, the pure-JS path works under Deno). The conversions that do not need danfo
 * ({@linkcode rowsToColumns}, {@linkcode columnsToRows}) are plain functions.
 *
 * @module
 */
import { columnsToRows } from "../util/frame.ts";
import { JUPYTER_DISPLAY, mimeBundle } from "../display/display.ts";
import { danfoTable } from "../display/results.ts";

/** The npm specifier danfo is loaded from. */
export const DANFO_SPECIFIER = "npm:danfojs-node@1.1.2";

/** The part of a danfo DataFrame rvlab uses. */
export interface DanfoFrame {
  columns: string[];
  /** rows as arrays, in column order */
  values: unknown[][];
  shape: number[];
}

/** The part of the danfo module rvlab uses. */
export interface DanfoModule {
  DataFrame: new (
    data: Record<string, unknown[]> | unknown[][],
    options?: { columns?: string[] },
  ) => DanfoFrame;
}

let cached: Promise<DanfoModule> | null = null;

/**
 * Makes every DataFrame of a danfo module display itself in Jupyter as an HTML table
 * (`danfoTable` in `src/display/results.ts`: the report's formatting, the shape in
 * the caption) instead of an object dump (`$dataIncolumnFormat`, `$config`): a
 * non-enumerable display method on `DataFrame.prototype`, so the frames' data and
 * danfo's own API are unchanged. {@linkcode loadDanfo} does this; call it yourself
 * when you import danfo directly.
 *
 * Complexity: O(1); a frame's display is O(rows × columns).
 *
 * @example
 * ```ts
 * import { displayDataFrames, loadDanfo } from "./danfo.ts";
 * const dfd = displayDataFrames(await loadDanfo()); // loadDanfo() already did; idempotent
 * new dfd.DataFrame({ rv: [1.5, 2] }); // a cell ending in it shows a table
 * ```
 */
export function displayDataFrames<M extends DanfoModule>(dfd: M): M {
  const proto = dfd.DataFrame?.prototype as Record<symbol, unknown> | undefined;
  if (proto && !Object.prototype.hasOwnProperty.call(proto, JUPYTER_DISPLAY)) {
    Object.defineProperty(proto, JUPYTER_DISPLAY, {
      value(this: DanfoFrame) {
        return mimeBundle(danfoTable(this));
      },
      enumerable: false,
      configurable: true,
    });
  }
  return dfd;
}

/**
 * Loads danfo.js by dynamic import (once), with its DataFrames displaying as tables
 * ({@linkcode displayDataFrames}). Throws an Error saying how to get it when the
 * package cannot be installed or loaded.
 *
 * @example
 * ```ts
 * import { loadDanfo } from "./danfo.ts";
 * const dfd = await loadDanfo();
 * ```
 */
export function loadDanfo(): Promise<DanfoModule> {
  if (!cached) {
    // a variable specifier: neither `deno check` nor `deno install` pulls the package in
    const spec: string = DANFO_SPECIFIER;
    cached = import(spec).then((m) =>
      displayDataFrames((m.default?.DataFrame ? m.default : m) as DanfoModule)
    )
      .catch((e) => {
        cached = null;
        throw new Error(
          `danfo.js is optional and could not be loaded (${DANFO_SPECIFIER}): ${
            (e as Error).message
          }. It is downloaded from the npm registry on first use; check the network or install it with "deno add ${DANFO_SPECIFIER}".`,
        );
      });
  }
  return cached;
}

/** A value as a DataFrame cell: dates as ISO text, bigints as numbers, objects as JSON, undefined as null. */
function cellIn(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v) || (v !== null && typeof v === "object")) return JSON.stringify(v);
  return v;
}

/**
 * Rows of objects to columns: the union of the rows' keys in first-seen order (or the
 * given columns), each column an array with null where a row lacks the key.
 *
 * Why: danfo builds a DataFrame from columns; rvlab's results are rows.
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { rowsToColumns } from "./danfo.ts";
 * rowsToColumns([{ a: 1 }, { a: 2, b: "x" }]);
 * // => { columns: ["a", "b"], data: { a: [1, 2], b: [null, "x"] } }
 * ```
 */
export function rowsToColumns(
  rows: readonly Record<string, unknown>[],
  columns?: readonly string[],
): { columns: string[]; data: Record<string, unknown[]> } {
  const cols: string[] = columns ? [...columns] : [];
  if (!columns) {
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), cols.push(k));
    }
  }
  const data: Record<string, unknown[]> = {};
  for (const c of cols) data[c] = rows.map((r) => cellIn(r[c]));
  return { columns: cols, data };
}

export { columnsToRows } from "../util/frame.ts";

/** Options for {@linkcode toDanfo}. */
export interface ToDanfoOptions {
  /** columns in order; default the union of the rows' keys */
  columns?: readonly string[];
  /** the danfo module to use (default: {@linkcode loadDanfo}) */
  danfo?: DanfoModule;
}

/**
 * rvlab result rows (e.g. `rvByPeriod(...)`, `s.accounts_table`) as a danfo DataFrame.
 *
 * Complexity: O(rows × columns) plus danfo's own construction.
 *
 * @example
 * ```ts
 * import { toDanfo } from "./danfo.ts";
 * import { rvByPeriod } from "../rv/rv_by_period.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const df = await toDanfo(await rvByPeriod(engine, { grain: "month" }));
 * df.shape; // [rows, columns]; danfo's own API too: df.groupby(["id"]).col(["rv"]).sum()
 * ```
 */
export async function toDanfo(
  rows: readonly Record<string, unknown>[] | readonly object[],
  options: ToDanfoOptions = {},
): Promise<DanfoFrame> {
  const dfd = options.danfo ?? (await loadDanfo());
  const { columns, data } = rowsToColumns(
    rows as readonly Record<string, unknown>[],
    options.columns,
  );
  if (rows.length === 0) return new dfd.DataFrame([], { columns });
  return new dfd.DataFrame(data, { columns });
}

/**
 * A danfo DataFrame back to rows of objects (NaN as null), e.g. to display it with
 * `table()` or to pass it to rvlab functions that take rows.
 *
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { fromDanfo, toDanfo } from "./danfo.ts";
 * const df = await toDanfo([{ id: "a", rv: 1 }, { id: "b", rv: 2 }]);
 * const rows = fromDanfo(df); // => [{ id: "a", rv: 1 }, { id: "b", rv: 2 }]
 * ```
 */
export function fromDanfo(df: Pick<DanfoFrame, "columns" | "values">): Record<string, unknown>[] {
  return columnsToRows(df.columns, df.values);
}
