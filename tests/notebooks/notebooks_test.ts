/**
 * Executes every notebook headless with the Deno kernel (scripts/run_notebooks.py on
 * jupyter_client) and checks that every cell produced its declared outputs, and that
 * the committed notebooks are what their .ts sources make, without outputs, and that the
 * sources type-check and lint.
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

const DENO = Deno.execPath();

async function run(args: string[]) {
  const r = await new Deno.Command(DENO, {
    args,
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { success: r.success, text: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

Deno.test("every notebook has its .ts source and is committed without outputs", () => {
  assert.equal(notebooks.length, 6, notebooks.join(", "));
  for (const n of notebooks) {
    const ts = join(PROJECT_ROOT, "notebooks", n.replace(/\.ipynb$/, ".ts"));
    assert.ok(Deno.statSync(ts).isFile, `${n}: no .ts source`);
    const nb = JSON.parse(Deno.readTextFileSync(join(PROJECT_ROOT, "notebooks", n)));
    assert.equal(nb.metadata.kernelspec.name, "deno");
    for (const c of nb.cells) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `${n}: committed with outputs`);
      assert.equal(c.execution_count, null);
    }
  }
});

Deno.test("notebooks:build --check finds every .ipynb made from its .ts", async () => {
  const r = await run([
    "run",
    "--allow-read",
    "--allow-write",
    "scripts/notebooks.ts",
    "build",
    "--check",
  ]);
  assert.ok(r.success, r.text);
});

Deno.test("the notebooks' cell code passes deno check and deno lint", async () => {
  const sources = notebooks.map((n) => join("notebooks", n.replace(/\.ipynb$/, ".ts")));
  const check = await run(["check", ...sources]);
  assert.ok(check.success, check.text);
  const lint = await run(["lint", ...sources]);
  assert.ok(lint.success, lint.text);
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
