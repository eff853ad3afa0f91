import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath, sharedDataDir } from "../../src/io/paths.ts";
import {
  alignAnswers,
  alignmentAccuracy,
  alignToGuide,
  guidePath,
  UNALIGNED,
} from "../../src/themes/align.ts";
import {
  guideFromQuestions,
  loadGuide,
  parseGuideText,
  shuffledGuide,
} from "../../src/themes/guide.ts";
import { loadCodebook } from "../../src/themes/codebook.ts";
import { readAnswers } from "../../src/themes/input.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";

Deno.test("guidePath() opens questions above the threshold, keeps them through follow-ups", () => {
  // step 1 asks q0, step 2 is a follow-up (no strong match), step 3 repeats a turn (null),
  // step 4 asks q2 (skipping q1), step 5 weakly resembles q0 but going back costs more
  const sims = [[0.05, 0, 0], [0.7, 0.1, 0], [0.1, 0.05, 0.1], null, [0, 0.1, 0.6], [0.28, 0, 0.1]];
  assert.deepEqual(guidePath(sims, {}), [-1, 0, 0, 0, 2, 2]);
  // without the back penalty the last turn goes back to q0
  assert.deepEqual(guidePath(sims, { backPenalty: 0 }), [-1, 0, 0, 0, 2, 0]);
  // a threshold above every similarity aligns nothing
  assert.deepEqual(guidePath(sims, { minSimilarity: 0.8 }), [-1, -1, -1, -1, -1, -1]);
  assert.deepEqual(guidePath([], {}), []);
});

const row = (respondent: string, n: number, question: string, answer = "Yes."): AnswerRow => ({
  answer_id: `${respondent}#${n}`,
  respondent_id: respondent,
  company_id: null,
  role: "interviewee",
  question_id: `q${n}`,
  question,
  answer,
  language: "en",
  source: `${respondent}.txt:${n}`,
  extra: {},
});

Deno.test("alignToGuide() assigns each answer the guide question asked, not the turn number", () => {
  const guide = parseGuideText(
    "Background: your current position and experience.\n[Q1] Which data sources do you collect?\n" +
      "[Q2] How do you evaluate model accuracy?\n[Q3] How are models deployed to production?",
    "g.txt",
  );
  const rows = [
    row("a", 1, "Tell me your current position and experience."),
    row("a", 2, "Which data sources do you collect for training?"),
    row("a", 3, "Interesting, and then?"),
    row("a", 4, "How are your models deployed to production servers?"),
    row("b", 1, "So, how do you evaluate the accuracy of a model?"),
    row("b", 2, "And the data sources you collect?"),
  ];
  const a = alignToGuide(rows, guide);
  assert.deepEqual(a.answers.map((x) => [x.answer_id, x.question_id, x.how]), [
    ["a#1", UNALIGNED, "unaligned"],
    ["a#2", "Q1", "asked"],
    ["a#3", "Q1", "follow_up"],
    ["a#4", "Q3", "asked"],
    ["b#1", "Q2", "asked"],
    ["b#2", "Q1", "asked"],
  ]);
  const a2 = a.answers[1];
  assert.ok(a2.similarity > 0.3 && a2.margin > 0.1 && a2.confident);
  assert.equal(
    a.answers[2].similarity,
    a2.similarity,
    "a follow-up keeps the opening turn's similarity",
  );
  assert.deepEqual(
    a.interviews.map((i) => [i.respondent_id, i.answers, i.aligned, i.asked, i.questions]),
    [
      ["a", 4, 3, 2, 2],
      ["b", 2, 2, 2, 2],
    ],
  );
  assert.deepEqual(a.questions.map((q) => [q.question_id, q.answers, q.interviews]), [
    ["Q1", 3, 2],
    ["Q2", 1, 1],
    ["Q3", 1, 1],
  ]);
  const { rows: aligned } = alignAnswers(rows, guide);
  assert.deepEqual(aligned.map((r) => r.question_id), [UNALIGNED, "Q1", "Q1", "Q3", "Q2", "Q1"]);
  assert.equal(aligned[3].question, "How are models deployed to production?");
  assert.equal(aligned[3].extra.turn_id, "q4");
});

Deno.test("alignToGuide() on the real interviews: accurate on hand labels, not on null guides", async () => {
  const fixture = JSON.parse(
    await Deno.readTextFile(projectPath("tests", "fixtures", "themes", "guide_labels.json")),
  ) as { labels: Record<string, string>; held_out: Record<string, string> };
  const guide = await loadGuide(
    join(sharedDataDir(), "ml-practitioner-interview-guide", "interview_guide.txt.gz"),
  );
  const { rows } = await readAnswers(join(sharedDataDir(), "ml-practitioner-interviews"));
  const real = alignToGuide(rows, guide);
  const design = alignmentAccuracy(real, fixture.labels);
  const held = alignmentAccuracy(real, fixture.held_out);
  assert.equal(design.labelled + held.labelled, 69 + 52);
  for (const acc of [design, held]) {
    assert.ok(acc.exact >= 0.7, `exact ${acc.exact}`);
    assert.ok(acc.top_level >= 0.75, `top level ${acc.top_level}`);
    assert.ok(acc.confident_exact >= 0.9, `confident exact ${acc.confident_exact}`);
  }
  const share = (a: typeof real) => a.overall.confident / a.overall.answers;
  assert.ok(share(real) > 0.4, `confident ${share(real)}`);
  // null 1: the guide's words shuffled across its questions
  for (const seed of [1, 2, 3]) {
    const shuffled = alignToGuide(rows, shuffledGuide(guide, seed));
    const acc = alignmentAccuracy(shuffled, { ...fixture.labels, ...fixture.held_out });
    assert.ok(acc.exact < 0.3, `shuffled ${seed}: exact ${acc.exact}`);
    assert.ok(share(shuffled) < 0.2, `shuffled ${seed}: confident ${share(shuffled)}`);
    assert.ok(shuffled.overall.mean_margin < real.overall.mean_margin / 3);
  }
  // null 2: another study's guide aligns few answers
  const coop = await loadCodebook(projectPath("data", "codebooks", "coop-plan.yaml"));
  const other = alignToGuide(rows, guideFromQuestions(coop.questions, "coop-plan.yaml"));
  assert.ok(other.overall.aligned / other.overall.answers < 0.4, `other ${other.overall.aligned}`);
  assert.ok(alignmentAccuracy(other, fixture.labels).exact < 0.2);
});

Deno.test("alignToGuide() recovers the given question ids of the co-operation-plan sample", async () => {
  // the sample's rows carry the guide's own question text: every answer must get its own id back
  const { rows } = await readAnswers(projectPath("data", "samples", "coop-plan"));
  const coop = await loadCodebook(projectPath("data", "codebooks", "coop-plan.yaml"));
  const a = alignToGuide(rows, guideFromQuestions(coop.questions, "coop-plan.yaml"));
  assert.deepEqual(a.answers.map((x) => x.question_id), rows.map((r) => r.question_id));
  assert.ok(a.answers.every((x) => x.how === "asked" && x.confident));
});
