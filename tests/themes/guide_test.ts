import assert from "node:assert/strict";
import { join } from "node:path";
import { sharedDataDir } from "../../src/io/paths.ts";
import {
  definedAbbreviations,
  guideFromQuestions,
  loadGuide,
  parseGuideText,
  shuffledGuide,
} from "../../src/themes/guide.ts";

const TEXT = `Guide
Introduction: goal of the interview, Machine Learning Software Systems (MLSSs).
  Background: current position.
[Q1] An open question:
    What are the main quality issues?
[Q2] Data questions
  1. [Q2.1] Which data types have you worked with?
      a. Any issues with them?
  2. [Q2.2] Have you measured the
     quality of your data?
      a. [Q2.2.a] How?
[Q9] Anything else?`;

Deno.test("parseGuideText() reads ids, text up to the next id, parents and the preamble", () => {
  const g = parseGuideText(TEXT, "g.txt");
  assert.deepEqual(g.questions.map((q) => [q.id, q.parent, q.line]), [
    ["Q1", null, 4],
    ["Q2", null, 6],
    ["Q2.1", "Q2", 7],
    ["Q2.2", "Q2", 9],
    ["Q2.2.a", "Q2.2", 11],
    ["Q9", null, 12],
  ]);
  assert.equal(g.questions[2].text, "Which data types have you worked with? Any issues with them?");
  assert.equal(g.questions[3].text, "Have you measured the quality of your data?");
  assert.equal(g.questions[1].text, "Data questions");
  assert.match(g.preamble, /^Guide Introduction: goal .* Background: current position\.$/);
  assert.deepEqual(g.abbreviations, { MLSS: "Machine Learning Software Systems" });
});

Deno.test("parseGuideText() names the file and line of a duplicate id, and a guide without ids", () => {
  assert.throws(
    () => parseGuideText("[Q1] a\n[Q2] b\n[Q1] c", "g.txt"),
    { name: "DataError", message: "g.txt:3: duplicate guide question id [Q1]" },
  );
  assert.throws(
    () => parseGuideText("What do you think?", "g.txt"),
    { name: "DataError", message: /g\.txt: no guide questions found, expected ids in brackets/ },
  );
});

Deno.test("definedAbbreviations() takes only capitals that are the initials of the words before", () => {
  assert.deepEqual(
    definedAbbreviations("the subject matter experts (SME) and (NLP) and big data (XY)"),
    {
      SME: "subject matter experts",
    },
  );
});

Deno.test("loadGuide() reads a questions list from YAML or JSON and checks it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    join(dir, "g.yaml"),
    "questions:\n  - {id: q1, text: Why?}\n  - {id: q1.1, text: How?}\n",
  );
  const g = await loadGuide(join(dir, "g.yaml"));
  assert.deepEqual(g.questions.map((q) => [q.id, q.text, q.parent]), [["q1", "Why?", null], [
    "q1.1",
    "How?",
    "q1",
  ]]);
  await Deno.writeTextFile(
    join(dir, "bad.json"),
    '{"questions": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}',
  );
  await assert.rejects(() => loadGuide(join(dir, "bad.json")), {
    name: "DataError",
    message: `${join(dir, "bad.json")}: questions[1].id: duplicate question id "a"`,
  });
  await Deno.writeTextFile(join(dir, "none.yaml"), "themes: []\n");
  await assert.rejects(() => loadGuide(join(dir, "none.yaml")), {
    name: "DataError",
    message: /none\.yaml: questions: expected a non-empty list of \{id, text\}, found no questions/,
  });
  await assert.rejects(() => loadGuide(join(dir, "missing.txt")), { name: "DataError" });
  const coop = guideFromQuestions([{ id: "q1", text: " What  now? " }], "cb.yaml");
  assert.equal(coop.questions[0].text, "What now?");
});

Deno.test("loadGuide() reads the real ML-practitioner interview guide", async () => {
  const g = await loadGuide(
    join(sharedDataDir(), "ml-practitioner-interview-guide", "interview_guide.txt.gz"),
  );
  const ids = g.questions.map((q) => q.id);
  // Q1 to Q10 with sub-questions in order; the guide has no Q8
  assert.deepEqual(ids.filter((id) => !id.includes(".")), [
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Q5",
    "Q6",
    "Q7",
    "Q9",
    "Q10",
  ]);
  assert.ok(ids.indexOf("Q5.3.a") === ids.indexOf("Q5.3") + 1);
  assert.equal(g.questions.find((q) => q.id === "Q5.3.b")!.parent, "Q5.3");
  assert.match(
    g.questions.find((q) => q.id === "Q3.2")!.text,
    /^Have you ever measured the quality of your data/,
  );
  assert.equal(g.abbreviations.MLSS, "Machine Learning Software Systems");
  assert.match(g.preamble, /background information/i);
  // the null guide keeps ids, lengths and words, not their order
  const s = shuffledGuide(g, 3);
  assert.deepEqual(s.questions.map((q) => q.id), ids);
  const words = (x: typeof g) => x.questions.flatMap((q) => q.text.split(" ")).sort();
  assert.deepEqual(words(s), words(g));
  assert.notDeepEqual(s.questions.map((q) => q.text), g.questions.map((q) => q.text));
});
