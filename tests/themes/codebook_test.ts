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

Deno.test("parseCodebook() holds every mapping to one standard: unknown keys, types, duplicates", () => {
  const message = (text: string): string => {
    try {
      parseCodebook(text, "cb.yaml");
    } catch (e) {
      assert.ok(e instanceof DataError);
      return e.message;
    }
    return "no error";
  };
  const theme = "{id: a, label: A, definition: d";
  // unknown keys are errors at the top level and in questions and near rules too
  assert.equal(
    message(`id: x\ntitle: X\ntheme: []\nthemes:\n  - ${theme}}`),
    'cb.yaml: theme: unknown field "theme", expected one of id, title, description, questions, themes, human_code_prefix, fallback, single_label',
  );
  assert.equal(
    message(`id: x\ntitle: X\nquestions: [{id: q1, txt: Why?}]\nthemes:\n  - ${theme}}`),
    'cb.yaml: questions[0].txt: unknown field "txt", expected one of id, text',
  );
  assert.equal(
    message(
      `id: x\ntitle: X\nthemes:\n  - ${theme}, near: [{terms: [b, c], within: 2, neg: skip}]}`,
    ),
    'cb.yaml: themes[0] (a).near[0].neg: unknown field "neg", expected one of terms, within, negation',
  );
  assert.equal(
    message(`id: x\ntitle: X\nthemes:\n  - ${theme}, phrases: crm}`),
    'cb.yaml: themes[0] (a).phrases: expected a list, found string "crm"',
  );
  assert.equal(
    message(`id: x\ntitle: X\nthemes:\n  - {id: a, label: [A], definition: d}`),
    "cb.yaml: themes[0] (a).label: expected text, found a list",
  );
  assert.equal(
    message(`id: x\ntitle: X\nthemes:\n  - {id: "a b", label: A, definition: d}`),
    'cb.yaml: themes[0].id: "a b" is not an id (letters, digits, _ . -)',
  );
  assert.equal(
    message(
      `id: x\ntitle: X\nquestions: [{id: q, text: a}, {id: q, text: b}]\nthemes:\n  - ${theme}}`,
    ),
    'cb.yaml: questions[1].id: duplicate question id "q"',
  );
  assert.equal(message("- x"), message("[1, 2]"));
  assert.match(message("- x"), /^cb\.yaml: \(top level\): expected a mapping with id, title, /);
});

Deno.test("parseCodebook() reads empty values as absent and numbers as text", () => {
  const cb = parseCodebook(
    "id: 7\ntitle: X\nquestions:\nthemes:\n  - {id: 1, label: 2, definition: d, parent:, phrases:, near: [{terms: [a, b], within: '3'}]}",
    "cb.yaml",
  );
  assert.deepEqual([cb.id, cb.questions, cb.human_code_prefix], ["7", [], "code_"]);
  assert.deepEqual(cb.themes[0], {
    id: "1",
    label: "2",
    definition: "d",
    phrases: [],
    negated_phrases: [],
    near: [{ terms: ["a", "b"], within: 3 }],
    exclude: [],
    force: [],
    forbid: [],
    negation: "keep",
  });
});
