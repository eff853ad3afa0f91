/**
 * The PNG worker of `pngRenderer()` (`png.ts`): draws each SVG it is sent with
 * {@linkcode svgToPng} and answers with the PNG, or with resvg's error message.
 *
 * @module
 */
import { type PngAnswer, type PngJob, svgToPng } from "./png.ts";

/** The worker's global scope, as far as this module uses it. */
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<PngJob>) => void) | null;
  postMessage(message: PngAnswer): void;
};

scope.onmessage = (e) => {
  const { id, svg } = e.data;
  let answer: PngAnswer;
  try {
    answer = { id, png: svgToPng(svg) };
  } catch (err) {
    answer = { id, error: (err as Error).message ?? String(err) };
  }
  scope.postMessage(answer);
};
