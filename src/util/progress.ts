/**
 * Progress on a terminal: what a long stage reports ({@linkcode ProgressEvent}), the one
 * line drawn for it ({@linkcode progressLine}, pure), and the writer that redraws that line
 * on stderr with `\r` when, and only when, stderr is a terminal ({@linkcode terminalProgress}).
 * Stages take an optional `onProgress` callback; the command line owns the writer.
 *
 * @module
 */
import { seconds } from "./format.ts";

/** What a stage reports as it goes: how far it is, and out of how much when known. */
export interface ProgressEvent {
  /** what is in progress, e.g. `load interactions`, `back-test`; a new label starts a new bar */
  label: string;
  /** units done so far */
  done: number;
  /** units in all; null when unknown (then the count and rate show, no time left) */
  total: number | null;
  /** what is counted (`rows`, `steps`, `charts`); `%`: done and total are a percentage */
  unit?: string;
  /** the current step, shown after the figures */
  detail?: string;
}

/** One frame to draw: the event, the time since its label started, the terminal width. */
export interface ProgressFrame extends ProgressEvent {
  elapsedMs: number;
  /** columns of the terminal; the line is at most `width - 1` characters */
  width: number;
  /** colour the bar (ANSI); false under `NO_COLOR` */
  color?: boolean;
}

const FILLED = "█", EMPTY = "░";
/** ANSI cyan foreground on, and back to the default foreground */
const COLOR_ON = "\x1b[36m", COLOR_OFF = "\x1b[39m";
/** columns a drawn line takes (without its colour codes) */
const visibleLength = (line: string) =>
  line.replaceAll(COLOR_ON, "").replaceAll(COLOR_OFF, "").length;
const BAR_MAX = 30, BAR_MIN = 5;

/**
 * The progress line for one frame: with a total, `label [bar] 44% 4/9 steps · 12.3 s ·
 * 15.0 s left · detail`; without one, `label 120,000 rows · 40,000 rows/s · 3.0 s`. The bar
 * takes the room left in `width - 1` columns (at most 30, none under 5); a line still too
 * wide loses its detail, then is cut. Time left is elapsed × (total − done) ÷ done, shown
 * once something is done. Colour (the bar's filled part) only when `color` is true.
 *
 * Why: a pure function, so the look is tested without a terminal or a clock.
 * Complexity: O(width).
 *
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * progressLine({ label: "back-test", done: 3, total: 6, unit: "steps", elapsedMs: 6000, width: 60 });
 * // => "back-test [██████░░░░░░] 50% 3/6 steps · 6.0 s · 6.0 s left"
 * progressLine({ label: "load voc", done: 20000, total: null, unit: "rows", elapsedMs: 2000, width: 80 });
 * // => "load voc 20,000 rows · 10,000 rows/s · 2.0 s"
 * ```
 */
export function progressLine(f: ProgressFrame): string {
  const max = Math.max(1, f.width - 1);
  const unit = f.unit ?? "";
  const count = (n: number) => Math.round(n).toLocaleString("en");
  const elapsed = seconds(f.elapsedMs / 1000);
  const parts: string[] = [];
  let bar = "";
  let fraction = 0;
  if (f.total !== null && f.total > 0) {
    fraction = Math.min(1, Math.max(0, f.done / f.total));
    parts.push(`${Math.floor(fraction * 100)}%`);
    if (unit !== "%") parts.push(`${count(f.done)}/${count(f.total)}${unit ? " " + unit : ""}`);
    const figures = [elapsed];
    if (f.done > 0 && fraction < 1) {
      figures.push(`${seconds((f.elapsedMs / 1000) * (f.total - f.done) / f.done)} left`);
    }
    parts[parts.length - 1] += " · " + figures.join(" · ");
    bar = "[]";
  } else {
    const rate = f.elapsedMs > 0 ? f.done / (f.elapsedMs / 1000) : 0;
    const u = unit && unit !== "%" ? " " + unit : "";
    parts.push(`${count(f.done)}${u} · ${count(rate)}${u || " "}/s · ${elapsed}`);
  }
  const head = f.label;
  const tail = parts.join(" ");
  const detail = f.detail ? ` · ${f.detail}` : "";
  const fixed = head.length + 1 + tail.length + (bar ? 1 : 0);
  let cells = bar ? Math.min(BAR_MAX, max - fixed - detail.length - 2) : 0;
  let withDetail = detail;
  if (bar && cells < BAR_MIN) {
    withDetail = "";
    cells = Math.min(BAR_MAX, max - fixed - 2);
  }
  let drawn = "";
  if (bar && cells >= BAR_MIN) {
    const filled = Math.round(fraction * cells);
    const on = FILLED.repeat(filled), off = EMPTY.repeat(cells - filled);
    drawn = `[${f.color && filled ? COLOR_ON + on + COLOR_OFF : on}${off}] `;
  }
  const line = `${head} ${drawn}${tail}${withDetail}`;
  if (visibleLength(line) <= max) return line;
  // too narrow even without the bar and detail: cut the plain text
  return `${head} ${tail}`.slice(0, max);
}

/** Where the writer draws: Deno.stderr, or a fake in tests. */
export interface TerminalStream {
  isTerminal(): boolean;
  writeSync(p: Uint8Array): number;
}

/** The progress writer of a command: draws events, keeps log lines above the bar. */
export interface ProgressWriter {
  /**
   * draws the event: at most every `intervalMs` for the same label, always a new label or the
   * end; elapsed time counts from the label's first event
   */
  update(e: ProgressEvent): void;
  /** prints a log line above the bar and redraws the bar (unless it reached its total) */
  log(line: string): void;
  /** removes the bar (before printing results or an error) */
  clear(): void;
}

/** Options for {@linkcode terminalProgress}. */
export interface TerminalProgressOptions {
  /** default Deno.stderr */
  stream?: TerminalStream;
  /** colour the bar; default: not under `NO_COLOR` (Deno.noColor) */
  color?: boolean;
  /** terminal columns; default `Deno.consoleSize().columns`, 80 when unknown */
  width?: () => number;
  /** clock in ms; default performance.now */
  now?: () => number;
  /** least time between two frames of one label, default 100 (about 10 updates a second) */
  intervalMs?: number;
}

/**
 * A writer drawing progress lines on a terminal with `\r` (no cursor codes: a shorter frame is
 * padded with spaces), throttled to about 10 frames a second; `null` when the stream is not a
 * terminal, so a redirected stderr gets nothing but the usual log lines.
 *
 * Why: one place that decides whether and how progress shows; stages only call back.
 * Complexity: O(width) per frame drawn.
 *
 * @example
 * ```ts
 * import { terminalProgress } from "./progress.ts";
 * const bar = terminalProgress(); // null unless stderr is a terminal
 * bar?.update({ label: "back-test", done: 1, total: 4, unit: "steps" });
 * bar?.clear();
 * ```
 */
export function terminalProgress(options: TerminalProgressOptions = {}): ProgressWriter | null {
  const stream = options.stream ?? Deno.stderr;
  if (!stream.isTerminal()) return null;
  const color = options.color ?? !Deno.noColor;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const width = options.width ?? (() => {
    try {
      return Deno.consoleSize().columns || 80;
    } catch {
      return 80;
    }
  });
  const encoder = new TextEncoder();
  const write = (text: string) => {
    let bytes = encoder.encode(text);
    while (bytes.length) bytes = bytes.subarray(stream.writeSync(bytes));
  };
  let last: ProgressEvent | null = null;
  let drawnAt = -Infinity, shown = 0, finished = false;
  // when each label was first seen: a bar coming back (after another's, or a cleared line) keeps its clock
  const started = new Map<string, number>();
  const draw = () => {
    if (!last) return;
    const elapsedMs = now() - (started.get(last.label) ?? now());
    const line = progressLine({ ...last, elapsedMs, width: width(), color });
    const visible = visibleLength(line);
    write(`\r${line}${" ".repeat(Math.max(0, shown - visible))}`);
    shown = visible;
    drawnAt = now();
  };
  const erase = () => {
    if (shown) write(`\r${" ".repeat(shown)}\r`);
    shown = 0;
  };
  return {
    update(e) {
      const fresh = !last || last.label !== e.label;
      if (!started.has(e.label)) started.set(e.label, now());
      last = e;
      // a bar at its total is drawn once more, then left to the next log line to remove
      finished = e.total !== null && e.done >= e.total;
      if (fresh || finished || now() - drawnAt >= interval) draw();
    },
    log(line) {
      const visible = shown > 0 && !finished;
      erase();
      write(line + "\n");
      if (visible) draw();
    },
    clear() {
      erase();
      last = null;
    },
  };
}
