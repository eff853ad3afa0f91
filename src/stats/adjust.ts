/**
 * Holm's step-down adjustment of p-values (controls the family-wise error rate),
 * as statsmodels' multipletests(method="holm").
 *
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { holm } from "./adjust.ts";
 * holm([0.01, 0.04, 0.03]); // => [0.03, 0.06, 0.06]
 * ```
 */
export function holm(p: readonly number[]): number[] {
  const n = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(n);
  let running = 0;
  order.forEach((idx, k) => {
    running = Math.max(running, Math.min(1, (n - k) * p[idx]));
    out[idx] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg adjustment (controls the false discovery rate), as
 * statsmodels' multipletests(method="fdr_bh").
 *
 * Why: many segment tests at once; FDR control keeps the share of false findings
 * bounded (Benjamini & Hochberg 1995, JRSS B 57(1)).
 * Complexity: O(n log n).
 *
 * @example
 * ```ts
 * import { benjaminiHochberg } from "./adjust.ts";
 * benjaminiHochberg([0.01, 0.04, 0.03]); // => [0.03, 0.04, 0.04]
 * ```
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const n = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a]);
  const out = new Array<number>(n);
  let running = 1;
  order.forEach((idx, k) => {
    const rank = n - k;
    running = Math.min(running, Math.min(1, p[idx] * n / rank));
    out[idx] = running;
  });
  return out;
}
