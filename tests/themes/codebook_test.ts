import assert from "node:assert/strict";
import { loadCodebook, parseCodebook } from "../../src/themes/codebook.ts";
import { DataError } from "../../src/io/errors.ts";
import { projectPath } from "../../src/io/paths.ts";

Deno.test("loadCodebook() reads the three shipped codebooks", async () => {
  const coop = await loadCodebook(projectPath("data", "codebooks", "coop-plan.yaml"));
  assert.equal(coop.questions.length, 7);
  assert.equal(coop.themes.length, 15);
  const nhs = await loadCodebook(projectPath("data", "codebooks", "nhs-feedback.yaml"));
  assert.equal(nhs.themes.length, 50);
  const ml = await loadCodebook(projectPath("data", "codebooks", "ml-interviews.yaml"));
  assert.ok(ml.themes.length >= 10);
});

Deno.test("NHS codebook themes are exactly the adapter's 50 code_ columns", async () => {
  const nhs = await loadCodebook(projectPath("data", "codebooks", "nhs-feedback.yaml"));
  const rules = await Deno.readTextFile(projectPath("data", "rules", "nhs-feedback.yaml"));
  const cols = [...rules.matchAll(/^\s+code_([a-z_]+):/gm)].map((m) => m[1]);
  assert.equal(cols.length, 50);
  assert.deepEqual(nhs.themes.map((t) => t.id), cols);
});

Deno.test("parseCodebook() errors name the file and the field", () => {
  const bad = (text: string, re: RegExp) =>
    assert.throws(() => parseCodebook(text, "cb.yaml"), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, re);
      return true;
    });
  bad("title: x\nthemes: []", /^cb\.yaml: id: is required/);
  bad("id: x\ntitle: X\nthemes: []", /cb\.yaml: themes: expected a non-empty list/);
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A}",
    /cb\.yaml: themes\[0\] \(a\)\.definition: is required/,
  );
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d, near: [{terms: [b, c], within: 0}]}",
    /themes\[0\] \(a\)\.near\[0\]\.within: expected a whole number >= 1/,
  );
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d, phrase: [b]}",
    /themes\[0\]\.phrase: unknown field/,
  );
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d}\n  - {id: a, label: B, definition: d}",
    /themes\[1\]\.id: duplicate theme id "a"/,
  );
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d, parent: zz}",
    /parent: "zz" is not a theme id/,
  );
  bad(
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d, negation: maybe}",
    /negation: expected one of keep, skip, only/,
  );
  bad("id: [x", /cb\.yaml: not valid YAML/);
});
