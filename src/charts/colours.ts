/**
 * One colour per segment across every chart: the profit segments have fixed colours
 * (top 20 % blue, middle orange, loss-making vermillion, no revenue grey), any other
 * segment or group a colour of the palette picked from its name, so a segment reads
 * the same in the trajectories, the box plot and the scatter, whichever segments a
 * chart happens to show.
 *
 * @module
 */
import { PALETTE } from "./render.ts";

/** The profit segments' colours (Okabe–Ito, {@linkcode PALETTE}; no revenue in grey). */
export const SEGMENT_COLOURS: Readonly<Record<string, string>> = {
  top20: "#0072B2",
  middle: "#E69F00",
  loss: "#D55E00",
  no_revenue: "#999999",
};

/** The palette colours not taken by a profit segment, for other segments. */
const OTHERS = PALETTE.filter((c) => !Object.values(SEGMENT_COLOURS).includes(c));

/**
 * The colour of a segment: the fixed colour of a profit segment, else one of the
 * other palette colours chosen by a hash of the name (FNV-1a), so the same name
 * always gets the same colour.
 *
 * Complexity: O(length of the name).
 *
 * @example
 * ```ts
 * import { segmentColour } from "./colours.ts";
 * segmentColour("top20"); // => "#0072B2"
 * segmentColour("growing") === segmentColour("growing"); // => true
 * ```
 */
export function segmentColour(segment: string): string {
  const fixed = SEGMENT_COLOURS[segment];
  if (fixed) return fixed;
  let h = 0x811c9dc5;
  for (let i = 0; i < segment.length; i++) {
    h ^= segment.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return OTHERS[h % OTHERS.length];
}

/**
 * A colour scale over segments (`domain` the segments as given, `range` their
 * {@linkcode segmentColour}s), for Observable Plot's `color` option and a Vega-Lite
 * encoding's `scale` alike.
 *
 * Complexity: O(segments).
 *
 * @example
 * ```ts
 * import { segmentScale } from "./colours.ts";
 * segmentScale(["loss", "top20"]); // => { domain: ["loss", "top20"], range: ["#D55E00", "#0072B2"] }
 * ```
 */
export function segmentScale(segments: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...segments], range: segments.map(segmentColour) };
}
