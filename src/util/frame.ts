/**
 * Tables held as columns and row arrays (a danfo.js DataFrame's `columns` and
 * `values`) back to rows of objects: the one conversion the danfo interop and the
 * notebooks' display of a DataFrame share, without loading danfo.
 *
 * @module
 */

/** A table of column names and row arrays, like a danfo.js DataFrame (`df.columns`, `df.values`). */
export interface FrameLike {
  columns: readonly string[];
  /** rows as arrays, in column order */
  values: readonly (readonly unknown[])[];
}

/**
 * Whether a value looks like a DataFrame: a `columns` array of strings and a `values`
 * array of row arrays (checked on the first row).
 *
 * Complexity: O(columns).
 *
 * @example
 * ```ts
 * import { isFrameLike } from "./frame.ts";
 * isFrameLike({ columns: ["a"], values: [[1]] }); // => true
 * isFrameLike([{ a: 1 }]); // => false
 * ```
 */
export function isFrameLike(x: unknown): x is FrameLike {
  if (x === null || typeof x !== "object") return false;
  const f = x as Partial<FrameLike>;
  try {
    return Array.isArray(f.columns) && f.columns.every((c) => typeof c === "string") &&
      Array.isArray(f.values) && (f.values.length === 0 || Array.isArray(f.values[0]));
  } catch {
    return false; // a getter that throws (a half-built frame)
  }
}

/**
 * Row arrays with column names back to objects; NaN (danfo's missing value) and
 * undefined become null.
 *
 * Complexity: O(rows × columns).
 *
 * @example
 * ```ts
 * import { columnsToRows } from "./frame.ts";
 * columnsToRows(["a", "b"], [[1, NaN]]); // => [{ a: 1, b: null }]
 * ```
 */
export function columnsToRows(
  columns: readonly string[],
  values: readonly (readonly unknown[])[],
): Record<string, unknown>[] {
  return values.map((row) => {
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = row[i];
      o[c] = typeof v === "number" && Number.isNaN(v) ? null : v === undefined ? null : v;
    });
    return o;
  });
}
