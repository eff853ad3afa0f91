/**
 * A careful command line: options and output folders checked before any data is read,
 * paths relative to where the user runs the command, output folders that are safe to
 * write and written whole, and no stack trace on any failure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rvlab } from "../support/cli.ts";
import { projectPath } from "../../src/io/paths.ts";
import {
  checkOutputDir,
  OUTPUT_MARKER,
  safeOutputPath,
  stageOutputDir,
  withOutputDir,
  writeOutputFile,
} from "../../src/io/output_dir.ts";
import { UsageError } from "../../src/io/errors.ts";
import { writeThemeOutputs } from "../../src/report/theme_outputs.ts";
import { analyseThemes } from "../../src/themes/analyse.ts";
import { loadCodebook } from "../../src/themes/codebook.ts";
import { readAnswers } from "../../src/themes/input.ts";
import { writeReport } from "../../src/report/write.ts";
import type { ReportDoc } from "../../src/report/build.ts";
import { runCommand } from "../../src/cli/main.ts";
import type { Command } from "../../src/cli/command.ts";

/** Every file under dir, relative, sorted. */
async function tree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...(await tree(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

const MISSING = "/nonexistent-rvlab-data-folder";

Deno.test("a bad option is refused (exit 2) before the data is read, for every command", async () => {
  // the data folder does not exist: reading it would fail with "data directory not found"
  const cases: [string[], RegExp][] = [
    [
      ["report", "--data", MISSING, "--out", "/tmp/x", "--horizon", "abc"],
      /--horizon expects a whole number >= 1, found "abc"/,
    ],
    [
      ["report", "--data", MISSING, "--out", "/tmp/x", "--seed", "1.5"],
      /--seed expects a whole number >= 0/,
    ],
    [
      ["report", "--data", MISSING, "--out", "/tmp/x", "--kind", "made-up"],
      /--kind expects one of real, fictional, synthetic, found "made-up"/,
    ],
    [
      ["report", "--data", MISSING, "--out", "/tmp/x", "--cap", "email"],
      /--cap expects TYPE=N, found "email"/,
    ],
    [
      ["report", "--data", MISSING, "--out", "/tmp/x", "--compare", "no colon"],
      /--compare expects "name: SQL predicate"/,
    ],
    [
      ["segments", "--data", MISSING, "--window-months", "0"],
      /--window-months expects a whole number >= 1, found "0"/,
    ],
    [
      ["validate", "--data", MISSING, "--resamples", "10"],
      /--resamples expects a whole number >= 50, found "10"/,
    ],
    [
      ["evidence", "--data", MISSING, "--model", "forest"],
      /--model expects one of logistic, ridge/,
    ],
    [["rv", "--data", MISSING, "--half-life=-2"], /--half-life expects a positive number/],
    [
      ["validate", "--data", MISSING, "--seed", "-1"],
      /--seed expects a value; for one that starts with a dash write --seed=VALUE/,
    ],
    [["themes", "--data", MISSING, "--quotes", "many"], /--quotes expects a whole number >= 0/],
    [
      ["generate", "--out", "/tmp/x", "--ipf", MISSING, "--plant", "nothing"],
      /--plant expects effect names/,
    ],
    [["load", "--data", MISSING, "--to", "mysql://x"], /--to expects a postgres:\/\/ URL/],
  ];
  for (const [args, message] of cases) {
    const r = await rvlab(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.doesNotMatch(r.stderr, /not found|reading|loading/, args.join(" "));
  }
});

Deno.test("an unusable --out is refused (exit 2) before the data is read, with one line and no stack trace", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  const file = join(tmp, "report.html");
  await Deno.writeTextFile(file, "not a folder");
  const r = await rvlab("report", "--data", MISSING, "--out", file);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(
    r.stderr.trim(),
    `rvlab report: --out ${file} is a file; expected a folder (new, empty, or written by rvlab)`,
  );
  const under = await rvlab("demo", "--out", join(file, "demo"));
  assert.equal(under.code, 2);
  assert.match(under.stderr, /cannot be created: .*report\.html is a file/);
  const q = await rvlab("check", "--data", MISSING, "--quarantine", tmp);
  assert.equal(q.code, 2);
  assert.match(q.stderr, /--quarantine .* is a folder; expected a file name/);
  for (const x of [r, under, q]) assert.doesNotMatch(x.stderr, /^\s+at /m);
});

Deno.test("checkOutputDir() refuses /, the home folder, a foreign non-empty folder and the data folder", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  const data = join(tmp, "data");
  await Deno.mkdir(data);
  await Deno.writeTextFile(join(data, "interactions.csv"), "interaction_id\n");
  const refused = async (out: string, options: Parameters<typeof checkOutputDir>[1], m: RegExp) => {
    await assert.rejects(checkOutputDir(out, options), m, out);
  };
  await refused("/", { force: true }, /is the root folder/);
  await refused(Deno.env.get("HOME") ?? "/root", { force: true }, /your home folder/);
  await refused(data, { inputs: [data], force: true }, /is the input folder/);
  await refused(tmp, { inputs: [data], force: true }, /holds the input/);
  await refused(
    join(data, "report"),
    { inputs: [data], force: true },
    /is inside the input folder/,
  );
  await refused(
    join(tmp, "..", "x", "..", tmp.split("/").pop()!, "data"),
    { inputs: [data] },
    /is the input folder/,
  );
  // a folder with something else in it: only with force
  const foreign = join(tmp, "mine");
  await Deno.mkdir(foreign);
  await Deno.writeTextFile(join(foreign, "notes.txt"), "keep me");
  await refused(
    foreign,
    {},
    /is not empty and was not written by rvlab \(no \.rvlab-output\.json\).*--force/,
  );
  await checkOutputDir(foreign, { force: true });
  // new, empty, or written by rvlab: fine
  await checkOutputDir(join(tmp, "new", "deeper"), { inputs: [data] });
  await Deno.mkdir(join(tmp, "empty"));
  await checkOutputDir(join(tmp, "empty"));
  await Deno.mkdir(join(tmp, "earlier"));
  await Deno.writeTextFile(join(tmp, "earlier", "x.csv"), "a\n");
  await Deno.writeTextFile(join(tmp, "earlier", OUTPUT_MARKER), '{"written_by": "rvlab"}');
  await checkOutputDir(join(tmp, "earlier"));
  // a report written before the marker existed counts as written by rvlab
  await Deno.mkdir(join(tmp, "old-report"));
  await Deno.writeTextFile(join(tmp, "old-report", "report.html"), "<html>");
  await Deno.writeTextFile(join(tmp, "old-report", "report.md"), "# r");
  await checkOutputDir(join(tmp, "old-report"));
});

const DOC = (rows: number): ReportDoc => ({
  title: "Demo",
  data_kind: "synthetic",
  source: "demo",
  sections: [{
    id: "figures",
    level: "Results",
    title: "Figures",
    question: "What?",
    paragraphs: ["Hello."],
    charts: [],
    tables: [{
      name: rows > 1 ? "many" : "one",
      rows: Array.from({ length: rows }, (_, a) => ({ a })),
    }],
  }],
});

Deno.test("writeReport() into its previous folder leaves only the new files, with the marker", async () => {
  const out = join(await Deno.makeTempDir({ prefix: "rvlab-careful-" }), "report");
  await writeReport(DOC(3), out, { output: { command: "report", version: "9.9.9" } });
  await Deno.writeTextFile(join(out, "stale.txt"), "from an earlier run");
  assert.deepEqual(await tree(out), [
    OUTPUT_MARKER,
    "report.html",
    "report.md",
    "stale.txt",
    "tables/many.csv",
    "tables/many.json",
  ]);
  const files = await writeReport(DOC(1), out);
  assert.deepEqual(await tree(out), [
    OUTPUT_MARKER,
    "report.html",
    "report.md",
    "tables/one.csv",
    "tables/one.json",
  ]);
  for (const f of files) assert.ok(f.startsWith(out + "/"), f);
  assert.equal(JSON.parse(await Deno.readTextFile(join(out, OUTPUT_MARKER))).written_by, "rvlab");
  // nothing is left beside it
  const beside = [];
  for await (const e of Deno.readDir(join(out, ".."))) beside.push(e.name);
  assert.deepEqual(beside, ["report"]);
});

Deno.test("writeReport() refuses a foreign non-empty folder unless force, and then replaces it", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  await Deno.writeTextFile(join(out, "thesis.docx"), "years of work");
  await assert.rejects(writeReport(DOC(1), out), /is not empty and was not written by rvlab/);
  assert.deepEqual(await tree(out), ["thesis.docx"]);
  await writeReport(DOC(1), out, { output: { command: "report", force: true } });
  assert.deepEqual(await tree(out), [
    OUTPUT_MARKER,
    "report.html",
    "report.md",
    "tables/one.csv",
    "tables/one.json",
  ]);
});

Deno.test("withOutputDir() that fails half-way leaves the earlier output as it was, and nothing beside it", async () => {
  const parent = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  const out = join(parent, "report");
  await withOutputDir(
    out,
    { command: "report" },
    (dir) => Deno.writeTextFile(join(dir, "report.html"), "old"),
  );
  await assert.rejects(
    withOutputDir(out, { command: "report" }, async (dir) => {
      await Deno.writeTextFile(join(dir, "report.html"), "half");
      throw new Error(`disk full writing ${dir}/report.md`);
    }),
    (e: Error) => e.message === `disk full writing ${out}/report.md`,
  );
  assert.equal(await Deno.readTextFile(join(out, "report.html")), "old");
  const beside = [];
  for await (const e of Deno.readDir(parent)) beside.push(e.name);
  assert.deepEqual(beside, ["report"]);
  // what an interrupted run left beside the folder goes with the next complete one
  const stage = await stageOutputDir(out, { command: "report" });
  await withOutputDir(
    out,
    { command: "report" },
    (dir) => Deno.writeTextFile(join(dir, "report.html"), "new"),
  );
  assert.equal(await Deno.stat(stage.dir).catch(() => null), null);
  assert.equal(await Deno.readTextFile(join(out, "report.html")), "new");
});

Deno.test("generate refuses a foreign non-empty --out, replaces it with --force, and rewrites its own output whole", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  await Deno.writeTextFile(join(out, "notes.txt"), "mine");
  const args = ["generate", "--out", out, "--accounts", "4", "--months", "6"];
  const refused = await rvlab(...args);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /is not empty and was not written by rvlab/);
  assert.deepEqual(await tree(out), ["notes.txt"]);
  const forced = await rvlab(...args, "--force", "--json");
  assert.equal(forced.code, 0, forced.stderr);
  const files = await tree(out);
  assert.ok(!files.includes("notes.txt") && files.includes(OUTPUT_MARKER), files.join(", "));
  for (const f of JSON.parse(forced.stdout).files) assert.ok(f.startsWith(out + "/"), f);
  assert.doesNotMatch(await Deno.readTextFile(join(out, "manifest.json")), /rvlab-tmp/);
  // its own earlier output: no --force needed
  await Deno.writeTextFile(join(out, "stale.csv"), "x\n");
  const again = await rvlab(...args);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(!(await tree(out)).includes("stale.csv"));
});

Deno.test("under deno task, paths are relative to where the user runs the command (INIT_CWD)", async () => {
  const here = await Deno.makeTempDir({ prefix: "rvlab-careful-cwd-" });
  const task = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "--config", projectPath("deno.json"), "rvlab", ...args],
      cwd: here,
      env: { NO_COLOR: "1" },
    }).output();
  const dec = new TextDecoder();
  const gen = await task("generate", "--out", "world", "--accounts", "4", "--months", "6");
  assert.equal(gen.code, 0, dec.decode(gen.stderr));
  assert.ok((await Deno.stat(join(here, "world", "interactions.csv"))).isFile);
  // printed as the user wrote it, relative to where they stand
  assert.match(dec.decode(gen.stdout), /→ world\n/);
  const chk = await task("check", "--data", "world", "--quarantine", "q.csv");
  assert.equal(chk.code, 0, dec.decode(chk.stderr));
  assert.match(dec.decode(chk.stdout), /quarantined rows \(with reasons\): q\.csv/);
  assert.ok((await Deno.stat(join(here, "q.csv"))).isFile);
  const inside = await task("validate", "--data", "world", "--out", "world/validation");
  assert.equal(inside.code, 2);
  assert.match(
    dec.decode(inside.stderr),
    /--out world\/validation is inside the input folder world/,
  );
});

Deno.test("runCommand() turns any failure into one line and exit 1, without a stack trace", async () => {
  const boom: Command = {
    name: "boom",
    summary: "fails",
    help: "Usage: boom",
    options: {},
    run: () =>
      Promise.reject(new Deno.errors.AlreadyExists("File exists (os error 17): mkdir 'x'")),
  };
  const lines: string[] = [];
  const error = console.error;
  console.error = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    assert.equal(await runCommand(boom, []), 1);
    assert.equal(await runCommand(boom, ["--nope"]), 2);
  } finally {
    console.error = error;
  }
  assert.match(
    lines[0],
    /^rvlab boom: failed: File exists \(os error 17\): mkdir 'x' \(RVLAB_DEBUG=1 shows where\)$/,
  );
  assert.doesNotMatch(lines.join("\n"), /^\s+at /m);
});

/** Every entry name in dir, sorted (hidden ones too). */
async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

/** A folder `out` holding `name` as a symbolic link to the file `outside` ("keep me") beside it. */
async function linkedOutput(name: string) {
  const tmp = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  const outside = join(tmp, "outside.txt");
  await Deno.writeTextFile(outside, "keep me");
  const out = join(tmp, "out");
  await Deno.mkdir(out);
  await Deno.symlink(outside, join(out, name));
  return { tmp, outside, out };
}

/** `rvlab themes` on the shipped co-op sample, written to `out`. */
const THEMES = (out: string) => [
  "themes",
  "--data",
  projectPath("data/samples/coop-plan"),
  "--codebook",
  projectPath("data/codebooks/coop-plan.yaml"),
  "--out",
  out,
];

Deno.test("safeOutputPath() refuses a symbolic link as the file itself, and writeOutputFile() writes whole", async () => {
  const { tmp, outside, out } = await linkedOutput("report.html");
  await assert.rejects(
    safeOutputPath(out, "report.html"),
    (e: Error) => e instanceof UsageError && /is a symbolic link/.test(e.message),
  );
  await assert.rejects(writeOutputFile(out, "report.html", "<html>"), /symbolic link/);
  // a dangling link is a link too
  await Deno.symlink(join(tmp, "not-yet"), join(out, "summary.md"));
  await assert.rejects(writeOutputFile(out, "summary.md", "# x"), /symbolic link/);
  await assert.rejects(Deno.lstat(join(tmp, "not-yet")), Deno.errors.NotFound);
  assert.equal(await Deno.readTextFile(outside), "keep me");
  await assert.rejects(safeOutputPath(out, "."), /must stay inside/);
  const p = await writeOutputFile(out, "tables/a.csv", "a\n1\n");
  assert.equal(p, join(out, "tables", "a.csv"));
  assert.equal(await Deno.readTextFile(p), "a\n1\n");
  await writeOutputFile(out, "tables/a.csv", new TextEncoder().encode("a\n2\n"));
  assert.equal(await Deno.readTextFile(p), "a\n2\n");
  assert.deepEqual(await names(join(out, "tables")), ["a.csv"], "no temporary file left");
});

Deno.test("writeThemeOutputs() into a folder holding a symlinked summary.md leaves the link's target untouched", async () => {
  const { outside, out } = await linkedOutput("summary.md");
  const codebook = await loadCodebook(projectPath("data/codebooks/coop-plan.yaml"));
  const { rows } = await readAnswers(projectPath("data/samples/coop-plan"));
  await assert.rejects(
    writeThemeOutputs(out, analyseThemes(rows, codebook), rows, codebook),
    /summary\.md is a symbolic link/,
  );
  assert.equal(await Deno.readTextFile(outside), "keep me");
  assert.ok(!(await names(out)).some((n) => n.includes("rvlab-tmp")), "no temporary file left");
});

Deno.test("report and themes into an earlier output whose files are symlinks replace the links, never their targets", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "rvlab-careful-" });
  const outside = join(tmp, "outside.txt");
  await Deno.writeTextFile(outside, "keep me");
  // an earlier report, with report.html and a chart replaced by links pointing outside
  const out = join(tmp, "report");
  await writeReport(DOC(1), out, { output: { command: "report" } });
  await Deno.remove(join(out, "report.html"));
  await Deno.symlink(outside, join(out, "report.html"));
  await Deno.symlink(tmp, join(out, "charts"));
  await writeReport(DOC(2), out, { output: { command: "report" } });
  assert.equal(await Deno.readTextFile(outside), "keep me");
  assert.ok((await Deno.lstat(join(out, "report.html"))).isFile);
  assert.ok(
    !(await names(out)).includes("charts"),
    "the linked folder is gone with the old output",
  );
  assert.deepEqual(await names(tmp), ["outside.txt", "report"], "nothing left beside --out");
  // themes from the command line, into an earlier themes output with a linked summary.md
  const tout = join(tmp, "themes");
  const first = await rvlab(...THEMES(tout));
  assert.equal(first.code, 0, first.stderr);
  await Deno.remove(join(tout, "summary.md"));
  await Deno.symlink(outside, join(tout, "summary.md"));
  const again = await rvlab(...THEMES(tout));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await Deno.readTextFile(outside), "keep me");
  assert.ok((await Deno.lstat(join(tout, "summary.md"))).isFile);
});

Deno.test("--out /, the home folder and ../.. reaching / are refused (exit 2) with one line", async () => {
  const home = Deno.env.get("HOME") ?? "/root";
  const depth = Deno.cwd().split("/").filter(Boolean).length;
  const up = Array.from({ length: depth }, () => "..").join("/");
  const cases: [string[], RegExp][] = [
    [["demo", "--out", "/"], /is the root folder/],
    [["demo", "--out", home], /your home folder/],
    [["demo", "--out", up], /is the root folder/],
    [THEMES("/"), /is the root folder/],
    [["report", "--data", MISSING, "--out", home, "--force"], /your home folder/],
  ];
  for (const [args, m] of cases) {
    const r = await rvlab(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, m);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  }
});
