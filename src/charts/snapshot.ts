/**
 * Normalising SVG for snapshot comparison (in the manner of Observable Plot's
 * tests): generated ids and references to them are renumbered in order of
 * appearance, and numbers are rounded to 2 decimals so floating-point noise in the
 * last digits does not fail a snapshot.
 *
 * @module
 */

/**
 * Returns the SVG with ids renumbered (`id="…"`, `url(#…)`, `href="#…"`) and
 * decimals rounded to 2 places.
 *
 * @example
 * ```ts
 * import { normaliseSvg } from "./snapshot.ts";
 * normaliseSvg('<g id="clip12"><use href="#clip12"/></g>'); // => '<g id="id-1"><use href="#id-1"/></g>'
 * ```
 */
export function normaliseSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!ids.has(m[1])) ids.set(m[1], `id-${ids.size + 1}`);
  }
  let out = svg.replace(/\bid="([^"]+)"/g, (_, id) => `id="${ids.get(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (s, id) => (ids.has(id) ? `url(#${ids.get(id)})` : s))
    .replace(/href="#([^"]+)"/g, (s, id) => (ids.has(id) ? `href="#${ids.get(id)}"` : s));
  out = out.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100));
  return out;
}
