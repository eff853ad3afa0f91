/**
 * Sparse rows (compressed row storage) for the learned coder's design matrix.
 *
 * @module
 */

/** A sparse matrix in compressed-row form: row i holds `idx/val[ptr[i] .. ptr[i+1])`. */
export interface SparseRows {
  rows: number;
  cols: number;
  /** row start offsets, length rows + 1 */
  ptr: Int32Array;
  /** column indices, ascending within a row */
  idx: Int32Array;
  val: Float64Array;
}

/**
 * Builds compressed rows from per-row `[column, value]` lists (columns need not
 * be sorted; duplicates are summed). Complexity: O(nnz log nnz per row).
 *
 * @example
 * ```ts
 * import { sparseRows } from "./sparse.ts";
 * const m = sparseRows([[[1, 2]], [[0, 1], [1, 3]]], 2);
 * m.ptr; // => Int32Array [0, 1, 3]
 * ```
 */
export function sparseRows(
  entries: readonly (readonly (readonly [number, number])[])[],
  cols: number,
): SparseRows {
  const ptr = new Int32Array(entries.length + 1);
  const merged = entries.map((row) => {
    const m = new Map<number, number>();
    for (const [j, v] of row) m.set(j, (m.get(j) ?? 0) + v);
    return [...m].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  });
  merged.forEach((r, i) => (ptr[i + 1] = ptr[i] + r.length));
  const idx = new Int32Array(ptr[entries.length]);
  const val = new Float64Array(ptr[entries.length]);
  merged.forEach((r, i) =>
    r.forEach(([j, v], k) => {
      idx[ptr[i] + k] = j;
      val[ptr[i] + k] = v;
    })
  );
  return { rows: entries.length, cols, ptr, idx, val };
}

/**
 * The rows of a sparse matrix at the given positions, in that order.
 * Complexity: O(nnz of the chosen rows).
 *
 * @example
 * ```ts
 * import { selectRows, sparseRows } from "./sparse.ts";
 * selectRows(sparseRows([[[0, 1]], [[1, 2]]], 2), [1]).val; // => Float64Array [2]
 * ```
 */
export function selectRows(m: SparseRows, rows: readonly number[]): SparseRows {
  const ptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (ptr[i + 1] = ptr[i] + m.ptr[r + 1] - m.ptr[r]));
  const idx = new Int32Array(ptr[rows.length]);
  const val = new Float64Array(ptr[rows.length]);
  rows.forEach((r, i) => {
    idx.set(m.idx.subarray(m.ptr[r], m.ptr[r + 1]), ptr[i]);
    val.set(m.val.subarray(m.ptr[r], m.ptr[r + 1]), ptr[i]);
  });
  return { rows: rows.length, cols: m.cols, ptr, idx, val };
}

/**
 * Appends dense-valued extra columns (e.g. rule hits, 0/1) to the right of a
 * sparse matrix: `extra[i]` lists row i's values for columns `cols … cols + width − 1`.
 * Complexity: O(nnz + rows × width).
 *
 * @example
 * ```ts
 * import { appendColumns, sparseRows } from "./sparse.ts";
 * appendColumns(sparseRows([[[0, 1]]], 1), [[1]], 1).cols; // => 2
 * ```
 */
export function appendColumns(
  m: SparseRows,
  extra: readonly (readonly number[])[],
  width: number,
): SparseRows {
  const entries: [number, number][][] = [];
  for (let i = 0; i < m.rows; i++) {
    const row: [number, number][] = [];
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) row.push([m.idx[k], m.val[k]]);
    (extra[i] ?? []).forEach((v, j) => v && row.push([m.cols + j, v]));
    entries.push(row);
  }
  return sparseRows(entries, m.cols + width);
}
