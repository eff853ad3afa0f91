import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import {
  autoCode,
  codeSentence,
  compileCodebook,
  importHumanCodes,
} from "../../src/themes/coder.ts";
import { segmentAnswers, splitAnswer, splitSentences } from "../../src/themes/segment.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";
import { stemWord, tokenize } from "../../src/themes/text.ts";

const CB = parseCodebook(
  `id: t
title: T
themes:
  - id: crm
    label: CRM
    definition: customer data
    phrases: [crm, "single customer view"]
    near: [{ terms: [customer, data], within: 3 }]
    exclude: ["crm team"]
  - id: portal
    label: Portal
    definition: self-service
    phrases: ["portal*"]
    negation: skip
  - id: unhappy
    label: Unhappy
    definition: negated satisfaction
    negated_phrases: [happy]
`,
  "t.yaml",
);

const row = (id: string, answer: string, extra: Record<string, string> = {}): AnswerRow => ({
  answer_id: id,
  respondent_id: id.split("#")[0],
  company_id: null,
  role: null,
  question_id: "q1",
  question: null,
  answer,
  language: null,
  source: id,
  extra,
});

Deno.test("stemWord() uses natural's Porter stemmers for English and French", () => {
  assert.equal(stemWord("appointments"), "appoint");
  assert.equal(stemWord("listening"), stemWord("listened"));
  assert.equal(stemWord("modèles", "fr"), "model");
  assert.deepEqual(tokenize("Didn’t listen").map((t) => t.stem), ["didnt", "listen"]);
  assert.deepEqual(tokenize("l'équipe", "fr").map((t) => t.stem), ["l", "equip"]);
});

Deno.test("splitSentences() and splitAnswer() keep abbreviations and number turns", () => {
  assert.deepEqual(splitSentences("Great staff. Waited e.g. 3 hrs! Why? Dr. Smith came"), [
    "Great staff.",
    "Waited e.g. 3 hrs!",
    "Why?",
    "Dr. Smith came",
  ]);
  assert.deepEqual(splitAnswer("a", "One. Two.\nThree").map((s) => [s.turn, s.index]), [
    [0, 0],
    [0, 1],
    [1, 2],
  ]);
});

Deno.test("codeSentence() fires phrase, stemmed and proximity rules and names them", () => {
  const cb = compileCodebook(CB);
  const at = { answer_id: "a", sentence: 0, turn: 0 };
  const h1 = codeSentence(cb, "We want a single customer view.", at);
  assert.deepEqual(h1.map((h) => [h.theme_id, h.rule, h.matched]), [
    ["crm", 'phrase "single customer view"', "single customer view"],
  ]);
  // stems: "customers' data" matches "customer … data" within 3 tokens
  const h2 = codeSentence(cb, "All the customers' sales data in one place", at);
  assert.deepEqual(h2.map((h) => [h.theme_id, h.rule]), [[
    "crm",
    "near [customer, data] within 3",
  ]]);
  // too far apart: no code
  assert.equal(codeSentence(cb, "customer said that the old data was wrong", at).length, 0);
  // prefix rule
  assert.equal(codeSentence(cb, "The portals are slow", at)[0].matched, "portals");
});

Deno.test("compilePhrase() '=word' matches only that word where the stem is too broad", () => {
  const cb = compileCodebook(parseCodebook(
    "id: x\ntitle: X\nthemes:\n  - {id: h, label: H, definition: d, phrases: ['=helped']}\n  - {id: s, label: S, definition: d, phrases: [helped]}",
    "x.yaml",
  ));
  const at = { answer_id: "a", sentence: 0, turn: 0 };
  // Porter stems "helpful" and "helped" alike ("help")
  assert.deepEqual(codeSentence(cb, "Staff were helpful", at).map((h) => h.theme_id), ["s"]);
  assert.deepEqual(codeSentence(cb, "It helped a lot", at).map((h) => h.theme_id), ["h", "s"]);
});

Deno.test("codeSentence() applies exclusions and the three negation modes", () => {
  const cb = compileCodebook(CB);
  const at = { answer_id: "a", sentence: 0, turn: 0 };
  assert.equal(codeSentence(cb, "Our CRM team called.", at).length, 0, "excluded");
  assert.equal(codeSentence(cb, "We have no portal.", at).length, 0, "negation skip");
  const keep = codeSentence(cb, "We do not use a CRM.", at);
  assert.equal(keep.length, 1);
  assert.equal(keep[0].negated, true);
  assert.equal(codeSentence(cb, "I was happy.", at).length, 0, "negation only: not negated");
  const only = codeSentence(cb, "I was not happy.", at);
  assert.deepEqual(only.map((h) => [h.theme_id, h.rule]), [["unhappy", 'negated phrase "happy"']]);
});

Deno.test("autoCode() codes answers in their language and flags the odd one", () => {
  const rows = [
    row("r1#1", "The CRM is the heart of it. It is what the team uses every day for everything."),
    row(
      "r1#2",
      "And the portal is what our customers use every day, it is the best thing we have.",
    ),
    row("r2#1", "C'est le CRM pour les clients, et c'est ce que nous utilisons dans le projet."),
  ];
  const segs = segmentAnswers(rows);
  assert.deepEqual(segs.map((s) => [s.language, s.language_flag]), [
    ["en", false],
    ["en", false],
    ["fr", true],
  ]);
  const hits = autoCode(segs, CB);
  assert.deepEqual(hits.map((h) => [h.answer_id, h.theme_id, h.sentence]), [
    ["r1#1", "crm", 0],
    ["r1#2", "portal", 0],
    ["r2#1", "crm", 0],
  ]);
});

Deno.test("importHumanCodes() reads code_<theme> columns beside the auto codes", () => {
  const rows = [
    row("a#1", "x", { code_crm: "1", code_portal: "0" }),
    row("b#1", "y", { code_portal: "1" }),
  ];
  assert.deepEqual(importHumanCodes(rows, CB), [
    { answer_id: "a#1", theme_id: "crm", coder: "human" },
    { answer_id: "b#1", theme_id: "portal", coder: "human" },
  ]);
});
