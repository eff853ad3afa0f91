/** `rvlab evidence` end to end and its Markdown summary. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { evidenceMarkdown } from "../../src/report/evidence_markdown.ts";
import { rvlab } from "../support/cli.ts";

Deno.test("rvlab evidence --json runs the three analyses and skips what the data cannot support", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-evidence-" });
  try {
    const gen = await rvlab("generate", "--out", dir, "--accounts", "120", "--seed", "4", "--json");
    assert.equal(gen.code, 0, gen.stderr);
    const run = () =>
      rvlab(
        "evidence",
        "--data",
        dir,
        "--json",
        "--seed",
        "3",
        "--resamples",
        "40",
        "--horizon",
        "6",
      );
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.weights.horizon, 6);
    assert.ok(doc.weights.weights.length > 0);
    assert.equal(doc.say_vs_do.say_measure, "nps");
    assert.equal(doc.say_vs_do.horizon, 6);
    assert.equal(typeof doc.equity.equity.value, "number");
    assert.equal(doc.equity.horizon, 6);
    // deterministic for a seed
    assert.equal((await run()).stdout, r.stdout);
    // without voc answers, say vs do is skipped with the reason
    await Deno.remove(join(dir, "voc.csv"));
    const nv = await rvlab("evidence", "--data", dir, "--json", "--resamples", "20");
    assert.equal(nv.code, 0, nv.stderr);
    assert.match(JSON.parse(nv.stdout).say_vs_do.skipped, /no voc answers/);
    // the Markdown summary is the default output
    const md = await rvlab("evidence", "--data", dir, "--resamples", "20");
    assert.match(md.stdout, /^# Evidence: /);
    assert.match(md.stdout, /## Relationship equity/);
    assert.equal((await rvlab("evidence", "--data", dir, "--model", "tree")).code, 2);
    // 14 months of data: equity falls back from a 12- to a 6-month horizon without --horizon
    const short = await Deno.makeTempDir({ prefix: "rvlab-evidence-short-" });
    try {
      await rvlab("generate", "--out", short, "--accounts", "80", "--months", "14", "--json");
      const s = await rvlab("evidence", "--data", short, "--json", "--resamples", "20");
      assert.equal(s.code, 0, s.stderr);
      assert.equal(JSON.parse(s.stdout).equity.horizon, 6);
      const forced = await rvlab(
        "evidence",
        "--data",
        short,
        "--json",
        "--resamples",
        "20",
        "--horizon",
        "12",
      );
      assert.match(JSON.parse(forced.stdout).equity.skipped, /needs 2 × horizon = 24 periods/);
    } finally {
      await Deno.remove(short, { recursive: true });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evidenceMarkdown() reports skipped analyses with their reasons", () => {
  const md = evidenceMarkdown({
    data: "x",
    seed: 1,
    weights: { skipped: "too few accounts" },
    say_vs_do: { skipped: "no voc answers" },
    equity: { skipped: "needs financials" },
  });
  assert.match(md, /Skipped: too few accounts/);
  assert.match(md, /Skipped: no voc answers/);
  assert.match(md, /Skipped: needs financials/);
});
