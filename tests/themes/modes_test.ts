import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import { analyseThemes } from "../../src/themes/analyse.ts";
import {
  applyCodebookModes,
  FALLBACK_RULE,
  rollUpCodes,
  singleLabelRank,
  themeAncestors,
} from "../../src/themes/modes.ts";
import type { CodeHit } from "../../src/themes/coder.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";

const hit = (answer: string, theme: string, sentence = 0): CodeHit => ({
  answer_id: answer,
  theme_id: theme,
  sentence,
  turn: 0,
  rule: `phrase "${theme}"`,
  matched: theme,
  negated: false,
  text: theme,
  coder: "auto",
});

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

const yaml = (extra: string, themes: string) => `id: m\ntitle: M\n${extra}themes:\n${themes}`;

Deno.test("applyCodebookModes() gives the fallback only to answers nothing else coded", () => {
  const out = applyCodebookModes([hit("a1", "crm"), hit("a3", "other")], ["a1", "a2", "a3"], {
    fallback: "other",
    single_label: false,
    themes: [{ id: "crm" }, { id: "other" }],
  });
  const fallback = out.filter((h) => h.rule === FALLBACK_RULE);
  assert.deepEqual(fallback.map((h) => [h.answer_id, h.theme_id, h.sentence]), [[
    "a2",
    "other",
    -1,
  ]]);
  // a3 was coded by the fallback theme's own rule: it keeps that hit, no second code
  assert.equal(out.filter((h) => h.answer_id === "a3").length, 1);
});

Deno.test("applyCodebookModes() without modes returns the hits unchanged", () => {
  const hits = [hit("a1", "crm"), hit("a1", "nps", 1)];
  const themes = [{ id: "crm" }, { id: "nps" }];
  assert.deepEqual(applyCodebookModes(hits, ["a1", "a2"], { single_label: false, themes }), hits);
});

Deno.test("applyCodebookModes() single_label keeps the best priority, then codebook order", () => {
  const themes = [{ id: "crm" }, { id: "nps", priority: 2 }, { id: "price", priority: 1 }];
  const hits = [hit("a1", "crm"), hit("a1", "nps", 1), hit("a2", "crm"), hit("a2", "nps", 2)];
  hits.push(hit("a3", "price"), hit("a3", "nps"), hit("a3", "price", 1));
  const out = applyCodebookModes(hits, ["a1", "a2", "a3"], { single_label: true, themes });
  assert.deepEqual(
    out.map((h) => `${h.answer_id}:${h.theme_id}:${h.sentence}`),
    ["a1:nps:1", "a2:nps:2", "a3:price:0", "a3:price:1"],
  );
  const rank = singleLabelRank({ themes: [{ id: "x" }, { id: "y" }] });
  assert.ok(rank("x") < rank("y")); // unranked: codebook order
});

Deno.test("rollUpCodes() adds every ancestor once; themeAncestors() follows the chain", () => {
  const themes = [{ id: "care" }, { id: "staff", parent: "care" }, {
    id: "manner",
    parent: "staff",
  }];
  assert.deepEqual(themeAncestors(themes).get("manner"), ["staff", "care"]);
  const up = rollUpCodes(
    new Map([["a1", new Set(["manner", "staff"])], ["a2", new Set()]]),
    themes,
  );
  assert.deepEqual([...up.get("a1")!].sort(), ["care", "manner", "staff"]);
  assert.deepEqual([...up.get("a2")!], []);
});

Deno.test("parseCodebook() checks fallback, priority and parent cycles", () => {
  const t = "  - {id: a, label: A, definition: d, phrases: [apple]}\n";
  assert.throws(
    () => parseCodebook(yaml("fallback: zz\n", t), "cb.yaml"),
    /cb\.yaml: fallback: "zz" is not a theme id/,
  );
  assert.throws(
    () =>
      parseCodebook(
        yaml("", "  - {id: a, label: A, definition: d, priority: 0}\n"),
        "cb.yaml",
      ),
    /priority: expected a whole number >= 1, found 0/,
  );
  assert.throws(
    () =>
      parseCodebook(
        yaml(
          "",
          "  - {id: a, label: A, definition: d, parent: b}\n  - {id: b, label: B, definition: d, parent: a}\n",
        ),
        "cb.yaml",
      ),
    /parents of "a" form a cycle/,
  );
  const cb = parseCodebook(yaml("fallback: a\nsingle_label: true\n", t), "cb.yaml");
  assert.deepEqual([cb.fallback, cb.single_label], ["a", true]);
});

Deno.test("analyseThemes() rolls children into parents in counts and matrices, not co-occurrence", () => {
  const cb = parseCodebook(
    yaml(
      "",
      [
        "  - {id: staff, label: Staff, definition: d}",
        "  - {id: manner, label: Manner, definition: d, parent: staff, phrases: [rude]}",
        "  - {id: numbers, label: Numbers, definition: d, parent: staff, phrases: [short staffed]}",
        "  - {id: food, label: Food, definition: d, phrases: [food]}",
      ].join("\n") + "\n",
    ),
    "cb.yaml",
  );
  const rows = [
    row(1, "The nurse was rude. We were short staffed."),
    row(2, "The food was cold."),
    row(3, "Rude porter and cold food."),
  ];
  const a = analyseThemes(rows, cb, { resamples: 10 });
  const count = (id: string) => a.counts.find((c) => c.theme_id === id)!;
  // staff = answers with manner or numbers, counted once (a1 has both, a3 manner): 2, not 3
  assert.equal(count("staff").answers, 2);
  assert.equal(count("staff").sentences, 3);
  assert.equal(count("manner").answers, 2);
  assert.equal(
    a.matrices.question.find((m) => m.theme_id === "staff")!.count,
    2,
  );
  assert.ok(
    !a.cooccurrence.some((c) => [c.a, c.b].includes("staff") && [c.a, c.b].includes("manner")),
  );
  assert.ok(
    a.cooccurrence.some((c) =>
      c.a === "staff" && c.b === "food" || c.b === "staff" && c.a === "food"
    ),
  );
  assert.ok(a.quotes.some((q) => q.theme_id === "staff"));
});

Deno.test("analyseThemes() fallback raises the agreement of a 'none of the others' theme", () => {
  const themes = [
    "  - {id: food, label: Food, definition: d, phrases: [food]}",
    "  - {id: none, label: Nothing to code, definition: d}",
  ].join("\n") + "\n";
  const rows = [
    row(1, "Lovely food.", { code_food: "1", code_none: "0" }),
    row(2, "Nothing to add.", { code_food: "0", code_none: "1" }),
    row(3, "All fine.", { code_food: "0", code_none: "1" }),
    row(4, "Food again.", { code_food: "1", code_none: "0" }),
  ];
  const plain = analyseThemes(rows, parseCodebook(yaml("", themes), "cb.yaml"), { resamples: 10 });
  const withFallback = analyseThemes(
    rows,
    parseCodebook(yaml("fallback: none\n", themes), "cb.yaml"),
    { resamples: 10 },
  );
  const f1 = (x: typeof plain) => x.agreement!.per_theme.find((p) => p.theme_id === "none")!.f1;
  assert.equal(f1(plain), 0);
  assert.equal(f1(withFallback), 1);
  assert.deepEqual(
    withFallback.hits.filter((h) => h.theme_id === "none").map((h) => h.answer_id),
    ["a2", "a3"],
  );
  assert.ok(!withFallback.quotes.some((q) => q.theme_id === "none")); // answer-level: no sentence
});
