/**
 * The report as PDF: headless Chromium prints report.html with its print CSS (A4,
 * a page break before each level, figures and table rows kept whole).
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

/** Where Chromium is looked for, in order (`RVLAB_CHROMIUM` first when set). */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
] as const;

/**
 * The Chromium executable to print with: `RVLAB_CHROMIUM`, else the first of
 * {@linkcode CHROMIUM_CANDIDATES} that exists; null when there is none.
 *
 * Complexity: O(candidates) file-system look-ups.
 *
 * @example
 * ```ts
 * import { findChromium } from "./pdf.ts";
 * const chromium = await findChromium(); // "/usr/bin/chromium" on Debian with chromium installed
 * ```
 */
export async function findChromium(): Promise<string | null> {
  const own = Deno.env.get("RVLAB_CHROMIUM");
  for (const path of own ? [own] : CHROMIUM_CANDIDATES) {
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch { /* not there */ }
  }
  return null;
}

/**
 * Prints an HTML file to PDF with headless Chromium (no header or footer, the page's
 * own print CSS). Throws a one-line error when Chromium is missing or fails.
 *
 * Complexity: one Chromium run (a few seconds for a report).
 *
 * @example
 * ```ts
 * import { printPdf } from "./pdf.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.html`, "<h1>Hello</h1>");
 * await printPdf(`${dir}/a.html`, `${dir}/a.pdf`);
 * ```
 */
export async function printPdf(
  htmlPath: string,
  pdfPath: string,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const chromium = await findChromium();
  if (!chromium) {
    throw new Error(
      `--pdf needs Chromium: none found at ${CHROMIUM_CANDIDATES.join(", ")} ` +
        `(install it with "apt-get install chromium", or set RVLAB_CHROMIUM)`,
    );
  }
  const userDir = await Deno.makeTempDir({ prefix: "rvlab-pdf-" });
  try {
    const proc = new Deno.Command(chromium, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${userDir}`,
        "--no-pdf-header-footer",
        `--print-to-pdf=${resolve(pdfPath)}`,
        pathToFileURL(resolve(htmlPath)).href,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => proc.kill("SIGKILL"), options.timeoutMs ?? 180_000);
    const { code, stderr } = await proc.output();
    clearTimeout(timer);
    let size = 0;
    try {
      size = (await Deno.stat(pdfPath)).size;
    } catch { /* not written */ }
    if (code !== 0 || size === 0) {
      const last = new TextDecoder().decode(stderr).trim().split("\n").filter((l) =>
        !/dbus|DBus/.test(l)
      ).slice(-1)[0] ?? "";
      throw new Error(`Chromium could not print ${htmlPath} to PDF (exit ${code}) ${last}`.trim());
    }
  } finally {
    await Deno.remove(userDir, { recursive: true }).catch(() => {});
  }
}
