/**
 * The standard HTML export (`jupyter nbconvert --to html --execute`, nbconvert 6.5 on
 * Debian) keeps rvlab's charts: it mangles `image/svg+xml` outputs, so `chart()` sends
 * the SVG inline in `text/html` as well (and a PNG).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/io/paths.ts";

const hasNbconvert = (await new Deno.Command("jupyter", {
  args: ["nbconvert", "--version"],
  stdout: "null",
  stderr: "null",
}).output().catch(() => ({ success: false }))).success;

function notebook(cells: string[]) {
  return JSON.stringify({
    cells: cells.map((source) => ({
      cell_type: "code",
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** The outputs of an exported HTML page: [mime type, SVG markup kept?] per output. */
function outputs(html: string): [string, boolean][] {
  const parts = html.split(/<div class="[^"]*jp-OutputArea-output[^"]*" data-mime-type="/).slice(1);
  return parts.map((p) => {
    const mime = p.slice(0, p.indexOf('"'));
    const body = p.slice(0, p.indexOf("</svg>") >= 0 ? p.indexOf("</svg>") : 2000);
    return [mime, /<svg[^>]*>[\s\S]*<text[\s>][\s\S]*<\/text>/.test(body + "</svg>")];
  });
}

Deno.test({
  name:
    "chart() survives nbconvert's HTML export with its SVG markup, where image/svg+xml alone does not",
  ignore: !hasNbconvert,
  fn: async () => {
    // inside the project, so the kernel resolves imports with the project's deno.json
    const dir = await Deno.makeTempDir({
      dir: join(PROJECT_ROOT, "notebooks"),
      prefix: ".export-",
    });
    try {
      await Deno.writeTextFile(
        join(dir, "t.ipynb"),
        notebook([
          'import { chart, withDisplay } from "../../src/display/mod.ts";\n' +
          'import { whaleCurveChart } from "../../src/charts/charts.ts";\n' +
          "const c = await whaleCurveChart([{ share_of_customers: 0, cumulative_share: 0 }, " +
          '{ share_of_customers: 1, cumulative_share: 1 }], { kind: "synthetic", source: "t" });',
          "chart(c)",
          // the old bundle, as a control: SVG and text only
          'withDisplay({ svg: c.svg }, (v) => ({ "image/svg+xml": v.svg, "text/plain": "svg" }))',
          "await new Promise((r) => setTimeout(r, 200));",
        ]),
      );
      // nbconvert --execute with the Deno kernel sometimes loses a display output
      // altogether (issue 16; on a loaded CI machine several runs in a row); that is not
      // what this test is about, so the export is run again, up to 5 times, until each of
      // the two outputs (told apart by their mime type) has been seen at least once; every
      // output seen is checked
      const seen = new Map<string, boolean[]>();
      for (let attempt = 0; attempt < 5 && seen.size < 2; attempt++) {
        const run = await new Deno.Command("jupyter", {
          // nbclient waits only 4 s for a cell's output after its reply (iopub_timeout);
          // under a loaded CI machine the chart arrives later, so wait longer
          args: [
            "nbconvert",
            "--to",
            "html",
            "--execute",
            "--ExecutePreprocessor.iopub_timeout=120",
            "t.ipynb",
            "--output",
            "t.html",
          ],
          cwd: dir,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.ok(run.success, new TextDecoder().decode(run.stderr).slice(-2000));
        for (const [mime, kept] of outputs(await Deno.readTextFile(join(dir, "t.html")))) {
          seen.set(mime, [...(seen.get(mime) ?? []), kept]);
        }
      }
      assert.deepEqual([...seen.keys()].sort(), ["image/svg+xml", "text/html"]);
      // chart(): its SVG markup is in the page every time
      assert.ok(seen.get("text/html")!.every((kept) => kept), "chart() lost its SVG markup");
      // the control: image/svg+xml alone never keeps it
      assert.ok(seen.get("image/svg+xml")!.every((kept) => !kept), "the control kept its SVG");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
