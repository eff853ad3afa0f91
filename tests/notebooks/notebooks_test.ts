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

/** One notebook per audience (issue 16, item 6). */
const AUDIENCES = ["analyst", "manager", "researcher", "interview"];

Deno.test("every notebook has its .ts source and is committed without outputs", () => {
  assert.equal(notebooks.length, 4, notebooks.join(", "));
  assert.deepEqual(
    notebooks.map((n) => AUDIENCES.find((a) => n.includes(`_${a}_`)) ?? n),
    AUDIENCES,
    "one notebook per audience, in order: analyst, manager, researcher, interview study",
  );
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

Deno.test("every notebook opens with who it is for and imports only rvlab's library", () => {
  for (const n of notebooks) {
    const nb = JSON.parse(Deno.readTextFileSync(join(PROJECT_ROOT, "notebooks", n)));
    const text = (c: { source: string | string[] }) =>
      Array.isArray(c.source) ? c.source.join("") : c.source;
    const first = nb.cells[0];
    assert.equal(first.cell_type, "markdown", `${n}: the first cell is not Markdown`);
    assert.match(text(first), /\*\*For\*\* .*\*\*It answers\*\*/s, `${n}: no audience`);
    for (const c of nb.cells.filter((x: { cell_type: string }) => x.cell_type === "code")) {
      for (const m of text(c).matchAll(/from\s+"([^"]+)"/g)) {
        assert.match(m[1], /^\.\.\/(src\/.+|mod\.ts)$/, `${n}: imports ${m[1]}`);
      }
      const expect = c.metadata?.rvlab?.expect ?? [];
      if (expect.length) {
        assert.match(
          text(c).trimEnd(),
          /await show\([^]*\);$/,
          `${n}: a cell does not end with show()`,
        );
      }
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
        assert.ok(html.includes("<svg"), `${x.notebook}: no chart`);
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
