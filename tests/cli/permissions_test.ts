/**
 * Least privilege (src/cli/permissions.ts): the rvlab task's scoped flags, what each run
 * gives back, native add-ons loaded only by the commands that need them, and the
 * process-wide error boundary. Every other CLI test runs with the task's flags too
 * (tests/support/cli.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath } from "../../src/io/paths.ts";
import { envAllowed, neededPermissions, TASK_FLAGS } from "../../src/cli/permissions.ts";
import { rvlab } from "../support/cli.ts";

const MAIN = projectPath("src", "cli", "main.ts");

/** Runs a script file (written to a temporary folder) with the given flags and arguments. */
async function runScript(code: string, flags: readonly string[], args: readonly string[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-perm-" });
  const file = join(dir, "probe.ts");
  await Deno.writeTextFile(file, code);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...flags, file, ...args],
      cwd: projectPath(),
      env: { NO_COLOR: "1" },
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the rvlab task grants the scoped flags of TASK_FLAGS and nothing unscoped but files and net", async () => {
  const config = JSON.parse(await Deno.readTextFile(projectPath("deno.json")));
  const words = String(config.tasks.rvlab).split(/\s+/);
  assert.deepEqual(words, ["deno", "run", ...TASK_FLAGS, "src/cli/main.ts"]);
  for (
    const bare of ["--allow-all", "-A", "--allow-run", "--allow-env", "--allow-ffi", "--allow-sys"]
  ) {
    assert.ok(!words.includes(bare), `${bare} unscoped`);
  }
  assert.ok(words.some((w) => w.startsWith("--allow-run=/usr/bin/chromium")));
});

Deno.test("neededPermissions() asks for the network only for postgres:// and Chromium only for --pdf", () => {
  assert.deepEqual(neededPermissions({ data: "out/world", out: "r" }), { net: false, run: false });
  assert.deepEqual(neededPermissions({ to: "postgresql://u@h/db/s" }), { net: true, run: false });
  assert.deepEqual(neededPermissions({ data: "POSTGRES://h/db" }), { net: true, run: false });
  assert.deepEqual(neededPermissions({ data: "w" }, ["postgres://h/db"]), {
    net: true,
    run: false,
  });
  assert.deepEqual(neededPermissions({ data: "w", pdf: true }), { net: false, run: true });
  assert.deepEqual(neededPermissions({ data: "my postgres://notes" }), { net: false, run: false });
});

Deno.test("envAllowed() matches names and PG* prefixes only", () => {
  assert.equal(envAllowed("HOME"), true);
  assert.equal(envAllowed("PGPASSWORD"), true);
  assert.equal(envAllowed("PATH"), false);
  assert.equal(envAllowed("AWS_SECRET_ACCESS_KEY"), false);
  assert.equal(envAllowed("HOMEX"), false);
});

Deno.test("dropPermissions() leaves the network and Chromium unusable unless the run needs them", async () => {
  const code = `
    import { dropPermissions } from ${JSON.stringify(projectPath("src", "cli", "permissions.ts"))};
    const before = (await Deno.permissions.query({ name: "net" })).state;
    await dropPermissions(JSON.parse(Deno.args[0] ?? "{}"));
    const net = (await Deno.permissions.query({ name: "net" })).state;
    const run = (await Deno.permissions.query({ name: "run", command: "/usr/bin/chromium" })).state;
    let fetched = "refused";
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port: 9 })).close();
      fetched = "allowed";
    } catch (e) {
      // refused by Deno, else allowed (nothing listens on the port: connection refused)
      fetched = e instanceof Deno.errors.NotCapable ? "refused" : "allowed";
    }
    console.log(JSON.stringify({ before, net, run, fetched }));`;
  const probe = async (needed: object) => {
    const out = await runScript(code, TASK_FLAGS, [JSON.stringify(needed)]);
    assert.equal(out.code, 0, out.stderr);
    return JSON.parse(out.stdout);
  };
  const none = await probe({ net: false, run: false });
  assert.equal(none.before, "granted");
  assert.notEqual(none.net, "granted");
  assert.notEqual(none.run, "granted");
  assert.equal(none.fetched, "refused");
  const both = await probe({ net: true, run: true });
  assert.equal(both.net, "granted");
  assert.equal(both.run, "granted");
  assert.equal(both.fetched, "allowed");
});

Deno.test("rvlab --help and --version load no native add-on (run without --allow-ffi)", async () => {
  for (const arg of ["--help", "--version"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "--no-prompt", MAIN, arg],
      cwd: projectPath(),
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(out.code, 0, `${arg}: ${new TextDecoder().decode(out.stderr)}`);
  }
});

/** The npm packages in the static module graph of a file (`deno info --json`). */
async function npmPackages(file: string): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", file],
    cwd: projectPath(),
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  const names = new Set<string>();
  for (const m of info.modules ?? []) {
    const s = String(m.specifier ?? "");
    if (!s.startsWith("npm:")) continue;
    const rest = s.slice(4).replace(/^\//, "");
    names.add(rest.startsWith("@") ? rest.split("@").slice(0, 2).join("@") : rest.split("@")[0]);
  }
  return names;
}

Deno.test("each command's code holds only the native add-ons it needs", async () => {
  const NATIVE = ["@duckdb/node-api", "@resvg/resvg-js", "nodejs-polars"];
  // (deno info follows dynamic imports too, so the entry point is checked by running it:
  // "--help and --version load no native add-on" above)
  const needs: Record<string, string[]> = {
    check: ["@duckdb/node-api"],
    rv: ["@duckdb/node-api"],
    segments: ["@duckdb/node-api"],
    validate: ["@duckdb/node-api"],
    load: ["@duckdb/node-api"],
    generate: ["@duckdb/node-api"],
    import: ["@duckdb/node-api"],
    evidence: ["@duckdb/node-api"],
    report: ["@duckdb/node-api", "@resvg/resvg-js"],
    clv: ["@resvg/resvg-js"],
  };
  for (const [name, wanted] of Object.entries(needs)) {
    const got = await npmPackages(projectPath("src", "cli", "commands", `${name}.ts`));
    assert.deepEqual(NATIVE.filter((n) => got.has(n)), wanted, name);
  }
});

Deno.test("rvlab bench under the task's permissions says to use deno task bench (exit 2)", async () => {
  const r = await rvlab("bench", "--quick");
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /run it as: deno task bench/);
});

Deno.test("an exception thrown outside any command is one line and exit 1, no stack trace", async () => {
  const code = `
    import { installErrorBoundary } from ${JSON.stringify(MAIN)};
    installErrorBoundary();
    if (Deno.args[0] === "timer") setTimeout(() => { throw new Error("boom in a timer"); }, 1);
    else Promise.reject(new Error("boom in a promise"));`;
  for (const where of ["timer", "promise"]) {
    const out = await runScript(code, ["--allow-read", "--allow-env"], [where]);
    const err = out.stderr.trim();
    assert.equal(out.code, 1, err);
    assert.equal(err, `rvlab: failed: boom in a ${where} (RVLAB_DEBUG=1 shows where)`);
  }
});

Deno.test("npm packages see only the task's environment variables under the CLI", async () => {
  const r = await runScript(
    `
    import process from "node:process";
    import { scopeProcessEnv } from ${JSON.stringify(projectPath("src", "cli", "permissions.ts"))};
    scopeProcessEnv();
    process.env.OWN = "x";
    console.log(JSON.stringify({ keys: Object.keys(process.env).sort(), path: process.env.PATH ?? null,
      pg: process.env.PGAPPNAME ?? null, own: process.env.OWN }));`,
    TASK_FLAGS,
  );
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout);
  assert.equal(seen.path, null);
  assert.equal(seen.own, "x");
  assert.ok(!seen.keys.includes("PATH"));
  assert.ok(seen.keys.includes("OWN"));
});
