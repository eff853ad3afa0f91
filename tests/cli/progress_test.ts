/**
 * Progress bars on a terminal (src/util/progress.ts wired in src/cli/main.ts): under a
 * pseudo-terminal (`script`) `validate` draws `\r` frames for the load and the back-test;
 * with stderr redirected it writes only its log lines; `NO_COLOR` removes the colour.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rvlab } from "../support/cli.ts";
import { projectPath } from "../../src/io/paths.ts";

const SCRIPT = "/usr/bin/script";
const NO_SCRIPT = !(() => {
  try {
    return Deno.statSync(SCRIPT).isFile;
  } catch {
    return false;
  }
})();
const ESC = "\x1b";

/** A small world and the validate arguments, made once for the tests of this file. */
async function world(): Promise<{ dir: string; args: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-progress-" });
  const gen = await rvlab(
    "generate",
    "--out",
    join(dir, "world"),
    "--accounts",
    "60",
    "--months",
    "18",
    "--seed",
    "3",
  );
  assert.equal(gen.code, 0, gen.stderr);
  const args = [
    "validate",
    "--data",
    join(dir, "world"),
    "--out",
    join(dir, "out"),
    "--force",
    "--cutoffs",
    "1",
    "--resamples",
    "50",
    // every run reads its files (and writes no workspace into the data folder)
    "--no-cache",
  ];
  return { dir, args };
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Runs rvlab under a pseudo-terminal; returns everything the terminal received. */
async function onTerminal(args: string[], env: string): Promise<{ code: number; text: string }> {
  const cmd = [Deno.execPath(), "run", "--allow-all", projectPath("src", "cli", "main.ts"), ...args]
    .map(quote).join(" ");
  const out = await new Deno.Command(SCRIPT, {
    args: ["-qec", `env ${env} INIT_CWD=${quote(projectPath())} ${cmd}`, "/dev/null"],
    cwd: projectPath(),
    stdin: "null",
  }).output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout) };
}

Deno.test({
  name: "validate on a terminal draws \\r progress frames for the load and the back-test",
  ignore: NO_SCRIPT,
  fn: async () => {
    const { dir, args } = await world();
    try {
      const colour = await onTerminal(args, "-u NO_COLOR");
      assert.equal(colour.code, 0, colour.text);
      assert.match(colour.text, /\rload interactions \[/);
      assert.match(colour.text, /\rback-test \[.*\] \d+% \d\/9 steps/);
      assert.match(colour.text, /\rback-test \[.*\] 100% 9\/9 steps/);
      assert.ok(colour.text.includes(`${ESC}[36m█`), "the bar is coloured");
      // the log lines are still there, and the results
      assert.match(colour.text, /reading .*interactions\.csv/);
      assert.match(colour.text, /top20_profit/);

      const plain = await onTerminal(args, "NO_COLOR=1");
      assert.equal(plain.code, 0, plain.text);
      assert.match(plain.text, /\rback-test \[/);
      assert.equal(plain.text.includes(ESC), false, "NO_COLOR: no escape codes at all");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("validate with stderr redirected writes only its log lines: no \\r, no bar", async () => {
  const { dir, args } = await world();
  try {
    const r = await rvlab(...args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.includes("\r"), false);
    assert.equal(r.stderr.includes(ESC), false);
    const lines = r.stderr.trimEnd().split("\n");
    assert.ok(lines.includes("back-testing"));
    for (const line of lines) {
      assert.match(line, /^(reading \S+| {2}\w+: [\d,]+ rows in the engine.*|back-testing)$/, line);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
