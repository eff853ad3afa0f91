import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import { analyseThemes } from "../../src/themes/analyse.ts";
import { ruleDiagnostics, stemWarnings } from "../../src/themes/diagnostics.ts";
import { autoCode, humanColumnWarnings, matchHumanColumns } from "../../src/themes/coder.ts";
import { segmentAnswers } from "../../src/themes/segment.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";

const row = (i: number, answer: string, extra: Record<string, string> = {}): AnswerRow => ({
  answer_id: `a${i}`,
  respondent_id: `r${i}`,
  company_id: null,
  role: null,
  question_id: "q",
  question: null,
  answer,
  language: "en",
  source: `t:${i}`,
  extra,
});

const codebook = (phrases: string) =>
  parseCodebook(
    `id: d\ntitle: D\nthemes:\n  - {id: trip, label: Trip, definition: d, phrases: [${phrases}]}\n` +
      `  - {id: food, label: Food, definition: d, phrases: [food, meal]}\n`,
    "cb.yaml",
  );

Deno.test("stemWarnings() flags a written word whose stem matches mostly other words", () => {
  // "flighted" stems to "flight": six answers say "flight(s)", one "flighted"
  const rows = [
    "The flight was late.",
    "Two flights cancelled.",
    "My flight home.",
    "Flight staff were kind.",
    "The flight was full.",
    "Another flight.",
    "It was flighted well.",
  ].map((t, i) => row(i, t));
  const w = stemWarnings(segmentAnswers(rows), codebook("flighted"));
  assert.equal(w.length, 1);
  assert.deepEqual([w[0].word, w[0].stem, w[0].word_tokens, w[0].other_tokens], [
    "flighted",
    "flight",
    1,
    6,
  ]);
  assert.match(w[0].message, /write "=flighted" for that word only/);
});

Deno.test("stemWarnings() is silent where the stem only adds plurals, or the written word dominates", () => {
  const rows = [
    "The flight.",
    "Flights.",
    "Flight again.",
    "Flights late.",
    "A flight.",
    "Flights!",
  ]
    .map((t, i) => row(i, t));
  assert.deepEqual(stemWarnings(segmentAnswers(rows), codebook("flight")), []);
  const many = [...Array(8)].map((_, i) => row(i, "It was flighted.")).concat([
    row(9, "Flight."),
    row(10, "Flights."),
    row(11, "Flight."),
    row(12, "Flight."),
    row(13, "Flight."),
  ]);
  assert.deepEqual(stemWarnings(segmentAnswers(many), codebook("flighted")), []);
  // prefix and exact terms are the user's choice: not checked
  const rows2 = ["The flight.", "Flight 2.", "Flight 3.", "Flight 4.", "Flight 5.", "Flight 6."]
    .map((t, i) => row(i, t));
  assert.deepEqual(stemWarnings(segmentAnswers(rows2), codebook("=flighted, flighted*")), []);
});

Deno.test("ruleDiagnostics() gives each rule's precision and recall against the human codes", () => {
  const rows = [
    row(1, "Good food.", { code_food: "1", code_trip: "0" }),
    row(2, "A meal.", { code_food: "1", code_trip: "0" }),
    row(3, "Food and a meal.", { code_food: "0", code_trip: "0" }),
    row(4, "Cold food.", { code_food: "0", code_trip: "0" }),
    row(5, "Nothing.", { code_food: "1", code_trip: "0" }),
  ];
  const cb = codebook("trip");
  const a = analyseThemes(rows, cb, { resamples: 10 });
  const d = Object.fromEntries(a.rule_diagnostics.map((x) => [`${x.theme_id} ${x.rule}`, x]));
  // food: answers a1 a3 a4, human food a1 a2 a5 → precision 1/3, recall 1/3; only-rule a1 a4
  assert.deepEqual(
    [
      d['food phrase "food"'].answers,
      d['food phrase "food"'].human_agrees,
      d['food phrase "food"'].only_rule,
    ],
    [3, 1, 2],
  );
  assert.equal(d['food phrase "food"'].precision, 1 / 3);
  assert.equal(d['food phrase "food"'].recall, 1 / 3);
  assert.equal(d['food phrase "food"'].only_rule_precision, 1 / 2);
  // meal: a2 a3, human agrees on a2
  assert.equal(d['food phrase "meal"'].precision, 1 / 2);
  // trip never fires: listed with 0 answers, precision undefined
  assert.equal(d['trip phrase "trip"'].answers, 0);
  assert.equal(d['trip phrase "trip"'].precision, null);
  // without human codes: counts only
  const plain = ruleDiagnostics(autoCode(segmentAnswers(rows), cb), cb, null);
  assert.ok(plain.every((x) => x.precision === null && x.recall === null));
});

Deno.test("matchHumanColumns() reads columns over all rows; humanColumnWarnings() is empty when all match", () => {
  const cb = { human_code_prefix: "code_", themes: [{ id: "a" }, { id: "b" }] };
  const m = matchHumanColumns(
    [{ extra: { code_a: "1" } }, { extra: { code_b: "0", code_: "1" } }],
    cb,
  );
  assert.deepEqual(m, { prefix: "code_", matched: ["a", "b"], codebook_only: [], human_only: [] });
  assert.deepEqual(humanColumnWarnings(m), []);
  // no human columns at all: nothing to warn about
  assert.deepEqual(humanColumnWarnings(matchHumanColumns([{ extra: { score: "1" } }], cb)), []);
});
