/**
 * SVG to PNG: resvg with explicit font files (so text never silently disappears and
 * PNGs are byte-identical run to run), in this thread ({@linkcode svgToPng}) or in a
 * small pool of workers ({@linkcode pngRenderer}) so a report's PNGs are drawn on the
 * other cores while the main thread goes on (the same bytes either way).
 *
 * This module loads only resvg (not Vega or Plot): the workers import it alone.
 *
 * @module
 */
import { Resvg } from "npm:@resvg/resvg-js@2.6.2";

/** Font files used for PNGs (Debian's fonts-dejavu-core, installed by scripts/setup.sh). */
export const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];
export const FONT_FAMILY = "DejaVu Sans";

/**
 * SVG to PNG with the DejaVu fonts and no system fonts, so the output depends only
 * on the SVG and the font files.
 *
 * Complexity: O(output pixels).
 *
 * @example
 * ```ts
 * import { svgToPng } from "./png.ts";
 * const png = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
 * new TextDecoder().decode(png.slice(1, 4)); // => "PNG"
 * ```
 */
export function svgToPng(svg: string, options: { scale?: number } = {}): Uint8Array {
  const r = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "white",
  });
  return r.render().asPng();
}

/** Draws PNGs off the main thread; {@linkcode pngRenderer} makes one. */
export interface PngRenderer {
  /**
   * The PNG of `svg` at the report's scale (2), exactly {@linkcode svgToPng}'s bytes. Asking
   * for an SVG again returns the same promise: each SVG is drawn once.
   */
  png(svg: string): Promise<Uint8Array>;
  /** Stops the workers (a PNG still being drawn is drawn in this thread instead). */
  close(): void;
}

/** A request to a PNG worker and its answer (`png_worker.ts`). */
export interface PngJob {
  id: number;
  svg: string;
}
/** The answer of a PNG worker: the PNG, or the message of the error resvg threw. */
export type PngAnswer = { id: number; png: Uint8Array } | { id: number; error: string };

/** How many workers a {@linkcode pngRenderer} starts by default: the cores, at most 2. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
}

/**
 * A pool of up to `workers` Web Workers (default: the cores, at most 2) that draw PNGs
 * with {@linkcode svgToPng}, started on the first request. Requests go to the worker
 * with the fewest waiting; answers come back as they are drawn. A worker that fails to
 * start or dies leaves its PNGs to this thread, so a PNG is always drawn. Call
 * `close()` when done (workers keep a process alive).
 *
 * Why: resvg draws a report's PNGs in about a third of the demo's time, on one core; in
 * workers they are drawn while the main thread renders the other charts and writes
 * the files.
 *
 * Complexity: O(output pixels) per PNG, spread over the workers.
 *
 * @example
 * ```ts
 * import { pngRenderer } from "./png.ts";
 * const pngs = pngRenderer();
 * try {
 *   const png = await pngs.png('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
 *   new TextDecoder().decode(png.slice(1, 4)); // => "PNG"
 * } finally {
 *   pngs.close();
 * }
 * ```
 */
export function pngRenderer(options: { workers?: number } = {}): PngRenderer {
  const size = Math.max(1, options.workers ?? defaultWorkers());
  const done = new Map<string, Promise<Uint8Array>>();
  type Pending = { svg: string; resolve: (p: Uint8Array) => void; reject: (e: Error) => void };
  type Slot = { worker: Worker | null; pending: Map<number, Pending> };
  const slots: Slot[] = [];
  let next = 0;
  let closed = false;
  // a PNG its worker could not draw (the worker failed): drawn here, errors as svgToPng's
  const inThread = (p: Pending) => {
    try {
      p.resolve(svgToPng(p.svg));
    } catch (e) {
      p.reject(e as Error);
    }
  };
  const retire = (slot: Slot) => {
    slot.worker?.terminate();
    slot.worker = null;
    const left = [...slot.pending.values()];
    slot.pending.clear();
    for (const p of left) inThread(p);
  };
  const start = (): Slot => {
    const slot: Slot = { worker: null, pending: new Map() };
    try {
      const worker = new Worker(new URL("./png_worker.ts", import.meta.url).href, {
        type: "module",
      });
      worker.onmessage = (e: MessageEvent<PngAnswer>) => {
        const p = slot.pending.get(e.data.id);
        if (!p) return;
        slot.pending.delete(e.data.id);
        if ("png" in e.data) p.resolve(e.data.png);
        else p.reject(new Error(e.data.error));
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        retire(slot);
      };
      slot.worker = worker;
    } catch {
      // no workers here (permissions, runtime): this thread draws
    }
    return slot;
  };
  const draw = (svg: string) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const job: Pending = { svg, resolve, reject };
      if (closed) return inThread(job);
      if (slots.length < size && slots.every((s) => s.pending.size > 0)) slots.push(start());
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (!slot.worker) return inThread(job);
      const id = next++;
      slot.pending.set(id, job);
      slot.worker.postMessage({ id, svg } satisfies PngJob);
    });
  return {
    png(svg: string): Promise<Uint8Array> {
      let p = done.get(svg);
      if (!p) {
        p = draw(svg);
        // asked for ahead of use: an error reaches whoever awaits it, never the process
        p.catch(() => {});
        done.set(svg, p);
      }
      return p;
    },
    close() {
      closed = true;
      for (const s of slots) retire(s);
    },
  };
}
