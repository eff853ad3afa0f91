/** `--compare` and the `rvq` keys of `segments --json` (../shared/spec/cli.md). */
import assert from "node:assert/strict";
import { rvlab } from "../support/cli.ts";

const RVQ_KEYS = [
  "question",
  "group_a",
  "group_b",
  "n_a",
  "n_b",
  "measure",
  "estimate_a",
  "estimate_b",
  "difference",
  "ci_low",
  "ci_high",
  "effect_size",
  "p_value",
  "p_adjusted",
  "verdict",
  "reason",
];

Deno.test("a malformed --compare exits 2 before any data is read", async () => {
  for (const c of ["segments", "report"]) {
    const out = c === "report" ? ["--out", "/tmp/rvq-never"] : [];
    const r = await rvlab(c, "--data", "/nonexistent/rvq", ...out, "--compare", "big");
    assert.equal(r.code, 2, c);
    assert.match(r.stderr, /--compare expects "name: SQL predicate".*found "big"/, c);
  }
  const twice = await rvlab(
    "segments",
    "--data",
    "/nonexistent/rvq",
    "--compare",
    "a: x",
    "--compare",
    "a: y",
  );
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /names must differ, found "a" twice/);
});

Deno.test("segments --json answers the RV-Q questions with the spec's keys; a failing predicate exits 2 naming it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-rvq-" });
  const gen = await rvlab(
    "generate",
    "--out",
    dir,
    "--accounts",
    "80",
    "--months",
    "26",
    "--seed",
    "3",
  );
  assert.equal(gen.code, 0, gen.stderr);
  const r = await rvlab("segments", "--data", dir, "--json", "--compare", "big: revenue > 50000");
  assert.equal(r.code, 0, r.stderr);
  const rvq = JSON.parse(r.stdout).rvq as Record<string, unknown>[];
  const questions = rvq.map((x) => x.question);
  assert.deepEqual(questions.slice(0, 4), [
    "top_vs_loss",
    "revenue_growing_vs_shrinking",
    "sow_growing_vs_shrinking",
    "community_vs_not",
  ]);
  assert.ok(
    questions.some((q) => /^initiative:.+_vs_not$/.test(q as string)),
    "the world has initiatives",
  );
  assert.equal(questions.at(-1), "custom:big");
  for (const row of rvq) {
    for (const k of RVQ_KEYS) assert.ok(k in row, `${row.question} has ${k}`);
    assert.ok(["different", "no_difference", "not_testable"].includes(row.verdict as string));
    if (row.verdict === "not_testable") assert.equal(typeof row.reason, "string");
    else assert.equal(typeof row.p_adjusted, "number");
  }
  const bad = await rvlab("segments", "--data", dir, "--compare", "oops: no_such_column > 1");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--compare "oops: no_such_column > 1": the predicate failed/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
  await Deno.remove(dir, { recursive: true });
});
