/**
 * `show()`: display values in Jupyter so that no output is lost under
 * `jupyter nbconvert --execute`, `jupyter execute` or any client that stops reading a
 * cell's outputs at its "idle" status.
 *
 * Why (measured on Deno 2.9.6's kernel): the kernel publishes a cell's `execute_result`
 * — and any `Deno.jupyter.display()` output — from a queue that a separate task drains,
 * while it sends the cell's `execute_reply` and "idle" status directly. A large bundle
 * (an SVG chart with its PNG) is still being encoded when "idle" goes out, and nbclient,
 * which stops at "idle", drops it without a warning: under load 6 of 25 cells ending in
 * an 800 kB displayable lost their output that way, and 4 of 25 `await
 * Deno.jupyter.display()` calls. `show()` sends each bundle as `display_data` and then
 * waits, inside the cell, long enough for the kernel to publish it
 * ({@linkcode settleMs}): 0 of 25 lost with a 20 ms wait under the same load. The
 * cell's own value is `undefined`, so there is no `execute_result` to race.
 *
 * @module
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { view } from "./results.ts";

/** Where `show()` sends a bundle: Jupyter's `display_data`, or the console outside Jupyter. */
export interface ShowSink {
  /** publishes one MIME bundle */
  publish(bundle: MimeBundle): void;
  /** true inside the Jupyter kernel (bundles go to the front end, so wait for them) */
  jupyter: boolean;
}

/** Options for {@linkcode show}. */
export interface ShowOptions {
  /** where the bundles go; default {@linkcode defaultSink} */
  sink?: ShowSink;
  /** how to wait; default a timer */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How long to wait after publishing `bytes` of bundles for the kernel to send them
 * before the cell ends: 50 ms plus 20 ms per 100 kB, at most 2 s.
 *
 * Why these figures: a 20 ms wait already lost nothing in 25 cells of 800 kB on a
 * loaded 2-core machine; the rest is a margin that grows with what has to be encoded.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { settleMs } from "./show.ts";
 * settleMs(0); // => 50
 * settleMs(500_000); // => 150
 * ```
 */
export function settleMs(bytes: number): number {
  return Math.min(2000, 50 + Math.round((20 * Math.max(0, bytes)) / 100_000));
}

type JupyterNs = {
  broadcast(type: string, content: Record<string, unknown>): unknown;
};

function jupyterNamespace(): JupyterNs | null {
  try {
    // the getter throws outside `deno jupyter`
    const ns = (Deno as unknown as { jupyter?: JupyterNs }).jupyter;
    return ns && typeof ns.broadcast === "function" ? ns : null;
  } catch {
    return null;
  }
}

/**
 * The sink `show()` uses by default: the Jupyter kernel's `display_data` when running in
 * `deno jupyter`, else the console (the bundle's plain text).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { defaultSink } from "./show.ts";
 * defaultSink().jupyter; // => false (outside Jupyter)
 * ```
 */
export function defaultSink(): ShowSink {
  const ns = jupyterNamespace();
  if (ns) {
    return {
      jupyter: true,
      publish: (data) => void ns.broadcast("display_data", { data, metadata: {}, transient: {} }),
    };
  }
  return { jupyter: false, publish: (b) => console.log(b["text/plain"] ?? "") };
}

/**
 * The MIME bundle `show()` publishes for a value: its view (`view()` in `results.ts`: a
 * displayable as itself, a string as Markdown, rows as a table, a result, DataFrame or
 * other object by its view), and a number, boolean or list of plain values as Deno
 * prints it.
 *
 * Complexity: that of the value's rendering.
 *
 * @example
 * ```ts
 * import { bundleOf } from "./show.ts";
 * bundleOf("**3** at risk")["text/markdown"]; // => "**3** at risk"
 * "text/html" in bundleOf([{ account: "a1", rv: 2 }]); // => true
 * ```
 */
export function bundleOf(value: unknown): MimeBundle {
  // a number, a boolean, null or a list of such values: as Deno prints it
  const plainValue = value === null || (typeof value !== "object" && typeof value !== "string") ||
    (Array.isArray(value) && !value.every((r) => r !== null && typeof r === "object"));
  if (plainValue) return { "text/plain": Deno.inspect(value, { colors: false, depth: 4 }) };
  return view(value)[JUPYTER_DISPLAY]();
}

/**
 * Displays each value, in order, as its own output, and in Jupyter waits until the
 * kernel has had time to publish them ({@linkcode settleMs}) — end a cell with
 * `await show(x)` instead of a bare `x` and `jupyter nbconvert --execute` loses nothing.
 * Outside Jupyter, prints each value's plain text.
 *
 * Complexity: the values' rendering, plus one wait of at most 2 s in Jupyter.
 *
 * @example
 * ```ts
 * import { show } from "./show.ts";
 * import { table } from "./display.ts";
 * await show("**Accounts**", table([{ account: "a1", rv: 12.5 }]));
 * ```
 */
export async function show(...values: readonly unknown[]): Promise<void> {
  await showWith({}, ...values);
}

/**
 * {@linkcode show} with a chosen sink and wait (for tests and other front ends).
 *
 * Complexity: as {@linkcode show}.
 *
 * @example
 * ```ts
 * import { showWith } from "./show.ts";
 * const sent: string[] = [];
 * await showWith({ sink: { jupyter: false, publish: (b) => sent.push(b["text/plain"]) } }, "hi");
 * sent; // => ["hi"]
 * ```
 */
export async function showWith(options: ShowOptions, ...values: readonly unknown[]): Promise<void> {
  const sink = options.sink ?? defaultSink();
  let bytes = 0;
  for (const v of values) {
    const b = bundleOf(v);
    // strings, or a JSON object for a `+json` MIME type (an interactive chart's spec)
    for (const s of Object.values(b as Record<string, unknown>)) {
      bytes += typeof s === "string" ? s.length : JSON.stringify(s).length;
    }
    sink.publish(b);
  }
  if (!sink.jupyter || values.length === 0) return;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  await sleep(settleMs(bytes));
}
