/**
 * Executes every notebook headless with the Deno kernel (scripts/run_notebooks.py on
 * jupyter_client) and checks that every cell produced its declared outputs, and that
 * the committed notebooks are what the build script makes, without outputs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/io/paths.ts";

const PY = "/usr/bin/python3";
const hasJupyter = (await new Deno.Command(PY, {
  args: ["-c", "import jupyter_client, nbformat, nbconvert"],
  stdout: "null",
  stderr: "null",
}).output().catch(() => ({ success: false }))).success;
if (!hasJupyter) {
  console.log(
    "notebook tests skipped: /usr/bin/python3 lacks jupyter_client/nbformat/nbconvert (bash scripts/setup.sh installs them)",
  );
}

const notebooks = [...Deno.readDirSync(join(PROJECT_ROOT, "notebooks"))]
  .filter((e) => e.name.endsWith(".ipynb")).map((e) => e.name).sort();

Deno.test("the notebooks are built by notebooks/tools/build_notebooks.py and carry no outputs", () => {
  assert.equal(notebooks.length, 6, notebooks.join(", "));
  for (const n of notebooks) {
    const nb = JSON.parse(Deno.readTextFileSync(join(PROJECT_ROOT, "notebooks", n)));
    assert.equal(nb.metadata.kernelspec.name, "deno");
    for (const c of nb.cells) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${n}: committed with outputs`);
      assert.equal(c.execution_count, null);
      assert.ok(Array.isArray(c.metadata.rvlab?.expect), `${n}: a code cell without rvlab.expect`);
    }
  }
});

Deno.test({
  name: "build_notebooks.py --check finds the committed notebooks up to date",
  ignore: !hasJupyter,
  async fn() {
    const r = await new Deno.Command(PY, {
      args: [join(PROJECT_ROOT, "notebooks", "tools", "build_notebooks.py"), "--check"],
      stderr: "piped",
    }).output();
    assert.ok(r.success, new TextDecoder().decode(r.stderr));
  },
});

Deno.test({
  name: "every notebook executes with the Deno kernel and every cell has its outputs",
  ignore: !hasJupyter,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "rvlab-notebooks-" });
    try {
      const summary = join(out, "summary.json");
      const r = await new Deno.Command(PY, {
        args: [
          join(PROJECT_ROOT, "scripts", "run_notebooks.py"),
          "--html",
          join(out, "html"),
          "--json",
          summary,
        ],
        cwd: PROJECT_ROOT,
        env: { PYDEVD_DISABLE_FILE_VALIDATION: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(r.stdout);
      assert.ok(r.success, text + new TextDecoder().decode(r.stderr).slice(-2000));
      const runs = JSON.parse(await Deno.readTextFile(summary)).runs as {
        notebook: string;
        ok: boolean;
        problems: string[];
        cells: unknown[];
      }[];
      assert.deepEqual(runs.map((x) => x.notebook), notebooks);
      for (const x of runs) {
        assert.ok(x.ok, `${x.notebook}: ${x.problems.join("; ")}`);
        assert.ok(x.cells.length > 0);
        const html = await Deno.readTextFile(
          join(out, "html", x.notebook.replace(".ipynb", ".html")),
        );
        assert.ok(html.includes("<svg") || x.notebook.startsWith("05"), `${x.notebook}: no chart`);
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
