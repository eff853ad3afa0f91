/**
 * Opens a page in Debian's headless Chromium through the DevTools protocol and
 * records what a person's browser would do: every network request the page makes,
 * console errors and uncaught exceptions, and a screenshot.
 */

export interface PageCheck {
  requests: string[];
  errors: string[];
  screenshot: Uint8Array;
  title: string;
  /** the value of each `evaluate` expression, in order */
  values: unknown[];
}

export const CHROMIUM = "/usr/bin/chromium";

/** Loads `url` (e.g. file:///…/report.html), waits for the load event, and reports. */
export async function checkPage(
  url: string,
  options: {
    width?: number;
    height?: number;
    timeoutMs?: number;
    /** CSS media to emulate ("print" applies the print style sheet) */
    media?: "screen" | "print";
    /** JavaScript expressions evaluated after load, their values returned */
    evaluate?: string[];
  } = {},
): Promise<PageCheck> {
  const userDir = await Deno.makeTempDir({ prefix: "rvlab-chromium-" });
  const proc = new Deno.Command(CHROMIUM, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      `--user-data-dir=${userDir}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    stderr: "piped",
    stdout: "null",
  }).spawn();
  const timeout = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeout);
  try {
    // the DevTools address is printed on stderr
    const reader = proc.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    let wsUrl = "";
    while (!wsUrl) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`chromium exited before DevTools was ready: ${buf.slice(-500)}`);
      buf += value;
      wsUrl = /DevTools listening on (ws:\/\/\S+)/.exec(buf)?.[1] ?? "";
    }
    (async () => {
      for (;;) if ((await reader.read()).done) break;
    })();
    const port = new URL(wsUrl).port;
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const page = targets.find((t) => t.type === "page")!;
    const ws = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((r, j) => {
      ws.onopen = r;
      ws.onerror = j;
    });
    let id = 0;
    const pending = new Map<number, (v: Record<string, unknown>) => void>();
    const requests: string[] = [];
    const errors: string[] = [];
    let loaded: () => void = () => {};
    const load = new Promise<void>((r) => (loaded = r));
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data as string);
      if (m.id && pending.has(m.id)) {
        pending.get(m.id)!(m.result ?? m.error);
        pending.delete(m.id);
      }
      if (m.method === "Network.requestWillBeSent") requests.push(m.params.request.url);
      if (m.method === "Runtime.exceptionThrown") {
        errors.push(`exception: ${m.params.exceptionDetails.text}`);
      }
      if (
        m.method === "Runtime.consoleAPICalled" &&
        (m.params.type === "error" || m.params.type === "assert")
      ) {
        errors.push(`console.${m.params.type}: ${JSON.stringify(m.params.args)}`);
      }
      if (m.method === "Log.entryAdded" && m.params.entry.level === "error") {
        errors.push(`log: ${m.params.entry.text}`);
      }
      if (m.method === "Page.loadEventFired") loaded();
    };
    const send = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const n = ++id;
        pending.set(n, resolve);
        ws.send(JSON.stringify({ id: n, method, params }));
      });
    for (const d of ["Network.enable", "Runtime.enable", "Log.enable", "Page.enable"]) {
      await send(d);
    }
    await send("Emulation.setDeviceMetricsOverride", {
      width: options.width ?? 1100,
      height: options.height ?? 2400,
      deviceScaleFactor: 1,
      mobile: false,
    });
    if (options.media) await send("Emulation.setEmulatedMedia", { media: options.media });
    await send("Page.navigate", { url });
    await load;
    await new Promise((r) => setTimeout(r, 300));
    const title =
      ((await send("Runtime.evaluate", { expression: "document.title", returnByValue: true }))
        .result as { value: string }).value;
    const values: unknown[] = [];
    for (const expression of options.evaluate ?? []) {
      const r = await send("Runtime.evaluate", { expression, returnByValue: true });
      values.push((r.result as { value: unknown }).value);
    }
    const shot = await send("Page.captureScreenshot", { format: "png" });
    ws.close();
    const screenshot = Uint8Array.from(atob(shot.data as string), (c) => c.charCodeAt(0));
    return { requests: requests.filter((u) => u !== url), errors, screenshot, title, values };
  } finally {
    clearTimeout(timer);
    try {
      proc.kill("SIGKILL");
    } catch { /* already gone */ }
    await proc.status;
    await Deno.remove(userDir, { recursive: true }).catch(() => {});
  }
}
