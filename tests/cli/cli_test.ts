/** The command-line contract (../shared/spec/cli.md): exit codes, --help, --json on stdout only. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rvlab } from "../support/cli.ts";

Deno.test("rvlab --help lists every command; an unknown command exits 2", async () => {
  const help = await rvlab("--help");
  assert.equal(help.code, 0);
  for (const c of ["demo", "check", "import", "generate", "rv"]) {
    assert.match(help.stdout, new RegExp(`\\b${c}\\b`));
  }
  const bad = await rvlab("nonsense");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown command "nonsense"/);
});

Deno.test("every command has --help; wrong options exit 2 naming the problem", async () => {
  for (const c of ["demo", "check", "import", "generate", "rv"]) {
    const r = await rvlab(c, "--help");
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, /^Usage: deno task rvlab /, c);
  }
  const r = await rvlab("generate", "--out", "/tmp/x", "--effect", "maybe");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--effect expects one of planted, none, found "maybe"/);
  assert.equal((await rvlab("check")).code, 2);
  assert.equal((await rvlab("rv", "--data", "x", "--grain", "year")).code, 2);
});

Deno.test("generate, check and rv --json print one JSON document on stdout and reconcile", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-cli-" });
  const gen = await rvlab(
    "generate",
    "--out",
    dir,
    "--accounts",
    "12",
    "--months",
    "8",
    "--seed",
    "4",
    "--json",
  );
  assert.equal(gen.code, 0, gen.stderr);
  const g = JSON.parse(gen.stdout);
  assert.equal(g.synthetic, true);
  assert.equal(g.lag_months, 3);
  const chk = await rvlab("check", "--data", dir, "--json");
  assert.equal(chk.code, 0);
  const c = JSON.parse(chk.stdout);
  assert.equal(c.tables.interactions.read, g.counts.interactions);
  for (
    const t of Object.values(c.tables) as { read: number; accepted: number; quarantined: number }[]
  ) {
    assert.equal(t.read, t.accepted + t.quarantined);
  }
  assert.equal(c.quarantine_file, join(dir, "quarantine.csv"));
  const rv = await rvlab("rv", "--data", dir, "--grain", "quarter", "--json");
  assert.equal(rv.code, 0, rv.stderr);
  const rows = JSON.parse(rv.stdout).rows;
  assert.ok(rows.length > 12);
  assert.deepEqual(Object.keys(rows[0]).slice(0, 6), [
    "account_id",
    "period",
    "rv",
    "rv_cumulative",
    "rv_decayed",
    "interactions",
  ]);
  assert.equal(typeof rows[0].rv, "number");
});

Deno.test("a data error exits 1 with a message naming file, line and column", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-cli-bad-" });
  await Deno.writeTextFile(join(dir, "ipf.csv"), "interaction_type,label\nx,y\n");
  await Deno.writeTextFile(join(dir, "interactions.csv"), "interaction_id\n1\n");
  const r = await rvlab("check", "--data", dir, "--json");
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /ipf\.csv: line 1: missing required columns "rv", "variable_cost"/);
});

Deno.test("demo writes the synthetic report with one command", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-demo-" });
  const r = await rvlab("demo", "--out", dir, "--accounts", "20", "--json");
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(d.synthetic, true);
  for (const f of d.files) assert.ok((await Deno.stat(f)).isFile, f);
  assert.match(await Deno.readTextFile(join(dir, "README.md")), /SYNTHETIC/);
  // built beside dir and swapped in: no file names the folder it was built in
  for (const f of d.files.filter((f: string) => /\.(md|html|csv|json)$/.test(f))) {
    assert.doesNotMatch(await Deno.readTextFile(f), /rvlab-tmp/, f);
  }
});

Deno.test("rvlab --version prints the version; a near-miss command or option gets a suggestion", async () => {
  const v = await rvlab("--version");
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^rvlab \d+\.\d+\.\d+\n$/);
  const cmd = await rvlab("reprot");
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command "reprot"; did you mean "report"\?/);
  const opt = await rvlab("report", "--dat", "x", "--out", "y");
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /unknown option --dat; did you mean --data\?/);
  const far = await rvlab("segments", "--qqqqq");
  assert.equal(far.code, 2);
  assert.match(far.stderr, /unknown option --qqqqq\n/);
  assert.doesNotMatch(far.stderr, /did you mean/);
});

Deno.test("rv, segments and validate reuse the workspace and say so; --no-cache reads afresh; --cache with --no-cache exits 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-cli-ws-" });
  const cache = await Deno.makeTempDir({ prefix: "rvlab-cli-ws-cache-" });
  const world = join(dir, "world");
  const g = await rvlab("generate", "--out", world, "--accounts", "20", "--months", "12");
  assert.equal(g.code, 0, g.stderr);
  const first = await rvlab("rv", "--data", world, "--cache", cache);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /workspace .*workspace\.duckdb written/);
  const second = await rvlab("rv", "--data", world, "--cache", cache);
  assert.match(second.stderr, /using workspace .*workspace\.duckdb \(5 tables unchanged\)/);
  assert.doesNotMatch(second.stderr, /reading .*interactions\.csv/);
  assert.equal(second.stdout, first.stdout);
  const seg = await rvlab("segments", "--data", world, "--cache", cache, "--json");
  assert.equal(seg.code, 0, seg.stderr);
  assert.match(seg.stderr, /using workspace/);
  const fresh = await rvlab("rv", "--data", world, "--no-cache");
  assert.doesNotMatch(fresh.stderr, /workspace/);
  assert.equal(fresh.stdout, first.stdout);
  assert.throws(() => Deno.statSync(join(world, ".rvlab")), "nothing written beside the data");
  const both = await rvlab("rv", "--data", world, "--cache", cache, "--no-cache");
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--cache and --no-cache exclude each other/);
  const help = await rvlab("validate", "--help");
  assert.match(help.stdout, /--no-cache \| --cache DIR/);
});
