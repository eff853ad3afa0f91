/**
 * "Use rvlab from any folder" (README, Notebooks): the README's example, with its two
 * paths filled in, run in a temporary folder outside the repository (no `deno.json`
 * there or above it, so no import map, no lock file and no `node_modules`: Deno takes
 * the npm packages, DuckDB's native addon included, from its global cache) — as a
 * script by path, as a script importing a served checkout by http URL, and as a Jupyter
 * notebook with the Deno kernel.
 *
 * The expected figures come from the generated world and from the same analysis run
 * here with the project's own imports.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../src/io/paths.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { analyseSegments } from "../../src/segments/analyse.ts";

const README = join(PROJECT_ROOT, "README.md");
const MARK = "**Use rvlab from any folder.**";

/** The README's "from any folder" example: the first ```ts block after its paragraph. */
export function readmeExample(readme: string): string {
  const at = readme.indexOf(MARK);
  if (at < 0) throw new Error(`README has no paragraph ${MARK}`);
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!m) throw new Error(`README has no ts code block after ${MARK}`);
  return m[1];
}

/** The example with rvlab's module and the data folder filled in. */
export function filledIn(example: string, modUrl: string, dataDir: string): string {
  for (const p of ["/path/to/rvlab/mod.ts", "/path/to/data-dir"]) {
    if (!example.includes(`"${p}"`)) throw new Error(`the example does not name "${p}"`);
  }
  return example.replaceAll('"/path/to/rvlab/mod.ts"', JSON.stringify(modUrl))
    .replaceAll('"/path/to/data-dir"', JSON.stringify(dataDir));
}

/** Text of an output with HTML tags, table bars and thousands separators taken out. */
export function plain(text: string): string {
  return text.replace(/<[^>]*>/g, " ").replaceAll("|", " ").replace(/(\d),(?=\d{3}\b)/g, "$1");
}

Deno.test("plain() reads a count in a text, Markdown or HTML table alike", () => {
  const re = /interactions\s+19131\s+19131\s+0\b/;
  assert.match(plain("interactions\t19,131\t19,131\t0"), re);
  assert.match(plain("| interactions | 19,131 | 19,131 | 0 |"), re);
  assert.match(plain("<td>interactions</td><td>19,131</td><td>19,131</td><td>0</td>"), re);
  assert.doesNotMatch(plain("interactions\t19,131\t19,130\t1"), re);
});

Deno.test("filledIn() fills in both paths and refuses an example without them", () => {
  const ex = 'import * as r from "/path/to/rvlab/mod.ts";\nr.open("/path/to/data-dir");\n';
  assert.equal(
    filledIn(ex, "file:///x/mod.ts", "data"),
    'import * as r from "file:///x/mod.ts";\nr.open("data");\n',
  );
  assert.throws(() => filledIn('import * as r from "./mod.ts";', "m", "d"), /does not name/);
});

/** Whether `dir` or a folder above it holds a Deno config file. */
async function configAbove(dir: string): Promise<string | null> {
  for (let d = dir;; d = dirname(d)) {
    for (const f of ["deno.json", "deno.jsonc"]) {
      try {
        await Deno.stat(join(d, f));
        return join(d, f);
      } catch { /* none here */ }
    }
    if (dirname(d) === d) return null;
  }
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

/** A notebook with one code cell per statement line of `code`. */
function notebookOf(code: string): string {
  const cells = code.split("\n").filter((l) => l.trim() !== "").map((source) => ({
    cell_type: "code",
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  }));
  return JSON.stringify({
    cells,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** Every text of a notebook's outputs (streams and each MIME type's data). */
function outputTexts(nb: { cells: { outputs?: Record<string, unknown>[] }[] }): string[] {
  const texts: string[] = [];
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.output_type === "error") {
        texts.push(`ERROR ${o.ename}: ${o.evalue}`);
      }
      const t = o.text;
      if (t) texts.push(Array.isArray(t) ? t.join("") : String(t));
      for (const v of Object.values((o.data ?? {}) as Record<string, string | string[]>)) {
        texts.push(Array.isArray(v) ? v.join("") : v);
      }
    }
  }
  return texts;
}

const hasNbconvert = (await new Deno.Command("jupyter", {
  args: ["nbconvert", "--version"],
  stdout: "null",
  stderr: "null",
}).output().catch(() => ({ success: false }))).success;

Deno.test({
  name:
    "the README's example runs from a folder outside the repository: by path, by http URL and as a notebook",
  sanitizeResources: false,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "rvlab-outside-" });
    try {
      assert.ok(!dir.startsWith(PROJECT_ROOT), `${dir} is inside the repository`);
      assert.equal(await configAbove(dir), null, "a deno.json above the temporary folder");
      // a data directory of our own: a synthetic world large enough for the RV-Q
      // question top vs loss-making to be testable
      const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
      const world = await generateWorld(ipf, join(dir, "data"), { accounts: 200, months: 24 });
      const engine = await openEngine();
      let first: { question: string; verdict: string };
      try {
        await loadDataDirIntoEngine(engine, join(dir, "data"));
        first = (await analyseSegments(engine, { windowMonths: 12 })).rvq[0];
      } finally {
        engine.close();
      }
      const n = world.counts.interactions;
      const loaded = new RegExp(`interactions\\s+${n}\\s+${n}\\s+0\\b`);
      const answer = `RV-Q ${first.question}: ${first.verdict}`;
      const example = readmeExample(await Deno.readTextFile(README));
      const check = (out: string, what: string) => {
        assert.match(plain(out), loaded, `${what}: no load counts for ${n} interactions\n${out}`);
        assert.ok(out.includes(answer), `${what}: no "${answer}"\n${out}`);
        assert.doesNotMatch(out, /not a dependency|deno add/, what);
      };

      await t.step("as a script importing mod.ts by path", async () => {
        await Deno.writeTextFile(
          join(dir, "analysis.ts"),
          filledIn(example, join(PROJECT_ROOT, "mod.ts"), "data"),
        );
        const r = await run(["run", "-A", "analysis.ts"], dir);
        assert.equal(r.code, 0, r.out);
        check(r.out, "script");
        assert.equal(await configAbove(dir), null, "the run wrote a deno.json");
      });

      await t.step("a chart renders to SVG and to PNG (resvg's native addon)", async () => {
        await Deno.writeTextFile(
          join(dir, "chart.ts"),
          `import * as rvlab from ${JSON.stringify(join(PROJECT_ROOT, "mod.ts"))};\n` +
            "const c = await rvlab.whaleCurveChart([{ share_of_customers: 0, cumulative_share: 0 }, " +
            '{ share_of_customers: 1, cumulative_share: 1 }], { kind: "synthetic", source: "t" });\n' +
            "const png = rvlab.svgToPng(c.svg);\n" +
            "console.log(JSON.stringify({ svg: /<svg[\\s\\S]*<text/.test(c.svg), " +
            "png: [...png.slice(0, 8)], bytes: png.length }));\n",
        );
        const r = await run(["run", "-A", "chart.ts"], dir);
        assert.equal(r.code, 0, r.out);
        const got = JSON.parse(r.out.trim().split("\n").at(-1)!);
        assert.equal(got.svg, true, "no SVG with text");
        assert.deepEqual(got.png, [137, 80, 78, 71, 13, 10, 26, 10], "not a PNG");
        assert.ok(got.bytes > 1000, `PNG of ${got.bytes} bytes`);
      });

      await t.step("as a script importing a served checkout by http URL", async () => {
        const server = Deno.serve(
          { hostname: "127.0.0.1", port: 0, onListen: () => {} },
          async (req) => {
            const path = decodeURIComponent(new URL(req.url).pathname);
            try {
              const body = await Deno.readFile(join(PROJECT_ROOT, path));
              const type = path.endsWith(".ts") ? "application/typescript" : "text/plain";
              return new Response(body, { headers: { "content-type": type } });
            } catch {
              return new Response("not found", { status: 404 });
            }
          },
        );
        const host = `127.0.0.1:${server.addr.port}`;
        try {
          await Deno.writeTextFile(
            join(dir, "analysis_http.ts"),
            filledIn(example, `http://${host}/mod.ts`, "data"),
          );
          const r = await run([
            "run",
            `--allow-import=${host}`,
            "--allow-read",
            "--allow-write",
            "--allow-env",
            "--allow-ffi",
            "--allow-sys",
            "--allow-net",
            "--allow-run",
            `--reload=http://${host}/`,
            "analysis_http.ts",
          ], dir);
          assert.equal(r.code, 0, r.out);
          assert.ok(r.out.includes(`http://${host}/mod.ts`), "not loaded from the server");
          check(r.out, "script by URL");
          // the demo world reads the shipped IPF catalog: downloaded from the server
          await Deno.writeTextFile(
            join(dir, "demo_http.ts"),
            `import * as rvlab from "http://${host}/mod.ts";\n` +
              "const ws = await rvlab.openWorkspace({ accounts: 20, months: 12 });\n" +
              "console.log(JSON.stringify(rvlab.loadRows(ws.load)));\nawait ws.close();\n",
          );
          const demo = await run(["run", "-A", "demo_http.ts"], dir);
          assert.equal(demo.code, 0, demo.out);
          const rows = JSON.parse(demo.out.trim().split("\n").at(-1)!);
          const catalog = await loadTable(DEFAULT_IPF, "ipf");
          assert.deepEqual(rows[0], {
            table: "ipf",
            read: catalog.counts.read,
            accepted: catalog.counts.accepted,
            quarantined: 0,
          });
        } finally {
          await server.shutdown();
          await removeRemoteCache(host);
        }
      });

      await t.step({
        name: "as a Jupyter notebook with the Deno kernel (nbconvert --execute)",
        ignore: !hasNbconvert,
        fn: async () => {
          await Deno.writeTextFile(
            join(dir, "analysis.ipynb"),
            notebookOf(filledIn(example, join(PROJECT_ROOT, "mod.ts"), "data")),
          );
          const r = await new Deno.Command("jupyter", {
            args: [
              "nbconvert",
              "--to",
              "notebook",
              "--execute",
              "--ExecutePreprocessor.kernel_name=deno",
              "--ExecutePreprocessor.timeout=120",
              "--ExecutePreprocessor.iopub_timeout=30",
              "--output",
              "executed.ipynb",
              "analysis.ipynb",
            ],
            cwd: dir,
            stdout: "piped",
            stderr: "piped",
            env: { NO_COLOR: "1" },
          }).output();
          assert.ok(r.success, new TextDecoder().decode(r.stderr));
          const nb = JSON.parse(await Deno.readTextFile(join(dir, "executed.ipynb")));
          const texts = outputTexts(nb);
          assert.deepEqual(texts.filter((x) => x.startsWith("ERROR")), []);
          check(texts.join("\n"), "notebook");
        },
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Removes what Deno cached of the modules served from `host` (a port used once). */
async function removeRemoteCache(host: string) {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const { modulesCache, typescriptCache } = JSON.parse(new TextDecoder().decode(info.stdout));
  const folder = host.replace(":", "_PORT");
  for (const root of [modulesCache, typescriptCache]) {
    if (root) await Deno.remove(join(root, "http", folder), { recursive: true }).catch(() => {});
  }
}
