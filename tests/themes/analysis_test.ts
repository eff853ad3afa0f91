import assert from "node:assert/strict";
import {
  codeMatrix,
  coOccurrence,
  evaluationSplit,
  fnv1a,
  representativeQuotes,
  themeByScore,
  themeCounts,
  topThemesPerCase,
} from "../../src/themes/analysis.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";
import type { CodeHit } from "../../src/themes/coder.ts";
import { contentOverlap, substance } from "../../src/themes/substance.ts";

const row = (
  id: string,
  respondent: string,
  question: string,
  extra: Record<string, string> = {},
): AnswerRow => ({
  answer_id: id,
  respondent_id: respondent,
  company_id: respondent === "r3" ? "C2" : "C1",
  role: null,
  question_id: question,
  question: null,
  answer: "",
  language: "en",
  source: `${id}.txt:1`,
  extra,
});

const ROWS = [
  row("a1", "r1", "q1", { score: "1" }),
  row("a2", "r1", "q2", { score: "5" }),
  row("a3", "r2", "q1", { score: "2" }),
  row("a4", "r3", "q1", { score: "x" }),
];
const CODES = new Map([
  ["a1", new Set(["t", "u"])],
  ["a2", new Set(["t"])],
  ["a3", new Set(["u"])],
]);

Deno.test("codeMatrix() counts answers and shares per theme and case", () => {
  const m = codeMatrix(ROWS, CODES, ["t", "u"], "question_id");
  assert.deepEqual(m.map((c) => [c.theme_id, c.case, c.count, c.answers]), [
    ["t", "q1", 1, 3],
    ["t", "q2", 1, 1],
    ["u", "q1", 2, 3],
    ["u", "q2", 0, 1],
  ]);
  assert.equal(m[2].share, 2 / 3);
  const byCompany = codeMatrix(ROWS, CODES, ["u"], "company_id");
  assert.deepEqual(byCompany.map((c) => [c.case, c.count, c.answers]), [["C1", 2, 3], [
    "C2",
    0,
    1,
  ]]);
  const top = topThemesPerCase(m, 1);
  assert.deepEqual(top.map((x) => [x.case, x.themes.map((t) => t.theme_id)]), [
    ["q1", ["u"]],
    ["q2", ["t"]],
  ]);
});

Deno.test("themeCounts() sorts by answers and counts respondents", () => {
  const c = themeCounts(ROWS, CODES, [{ id: "t", label: "T" }, { id: "u", label: "U" }, {
    id: "v",
    label: "V",
  }]);
  assert.deepEqual(c.map((x) => [x.theme_id, x.answers, x.respondents]), [
    ["t", 2, 1],
    ["u", 2, 2],
    ["v", 0, 0],
  ]);
});

Deno.test("coOccurrence() gives Jaccard, Ochiai and flags unequal or rare pairs", () => {
  const codes = new Map<string, Set<string>>();
  for (let i = 0; i < 20; i++) codes.set(`a${i}`, new Set(["big"]));
  for (let i = 0; i < 3; i++) codes.get(`a${i}`)!.add("small");
  for (let i = 0; i < 6; i++) codes.get(`a${i}`)!.add("mid");
  codes.set("z", new Set(["mid"]));
  const pairs = coOccurrence(codes, ["big", "small", "mid", "none"], { maxRatio: 5, minCount: 3 });
  const get = (a: string, b: string) => pairs.find((p) => p.a === a && p.b === b)!;
  const bs = get("big", "small");
  assert.equal(bs.both, 3);
  assert.equal(bs.jaccard, 3 / 20);
  assert.equal(bs.ochiai, 3 / Math.sqrt(60));
  assert.equal(bs.flag, "unequal");
  const bm = get("big", "mid");
  assert.equal(bm.both, 6);
  assert.equal(bm.jaccard, 6 / (20 + 7 - 6));
  assert.equal(bm.flag, "");
  assert.equal(get("small", "mid").both, 3);
  assert.equal(pairs.length, 3, "themes never coded are left out");
  const rare = coOccurrence(new Map([["a", new Set(["x", "y"])]]), ["x", "y"]);
  assert.equal(rare[0].flag, "rare");
});

const quoteHit = (answer: string, sentence: number, text: string, theme = "t"): CodeHit => ({
  answer_id: answer,
  theme_id: theme,
  sentence,
  turn: 0,
  rule: "phrase",
  matched: "x",
  negated: false,
  text,
  coder: "auto",
});

Deno.test("representativeQuotes() takes one sentence per respondent, mid-length first", () => {
  const long = "customers wanted faster delivery, clearer invoices and one contact person always";
  const q = representativeQuotes(
    [
      quoteHit("a1", 0, "delivery was slow"),
      quoteHit("a1", 1, long),
      quoteHit("a2", 0, long + " again today"),
      quoteHit("a3", 0, "the invoices were often wrong"),
    ],
    ROWS,
    2,
  );
  assert.deepEqual(q.map((x) => [x.respondent_id, x.quote, x.source]), [
    ["r1", long, "a1.txt:1"],
    ["r2", "the invoices were often wrong", "a3.txt:1"],
  ]);
});

Deno.test("representativeQuotes() never quotes fillers or contentless sentences", () => {
  const filler = "Um, we really like, uh, L G B. Um, models for, uh, the, Pytorch.";
  const q = representativeQuotes(
    [
      quoteHit("a1", 0, filler),
      quoteHit("a1", 1, "Yeah, yeah, I mean, you know, it is what it is, right?"),
      quoteHit("a3", 0, "We chose gradient boosting models because they train quickly."),
    ],
    ROWS,
    3,
  );
  assert.deepEqual(q.map((x) => x.quote), [
    "We chose gradient boosting models because they train quickly.",
  ]);
  assert.ok(substance(filler).filler_ratio > 0.15);
  // a bound of 1 lets the filler sentence back in: the filter, not the data, removed it
  const loose = representativeQuotes([quoteHit("a1", 0, filler)], ROWS, 3, {
    maxFillerRatio: 1,
    minContentWords: 0,
  });
  assert.equal(loose.length, 1);
});

Deno.test("representativeQuotes() quotes another language only for a theme with no other", () => {
  const fr = "Nous avons nettoyé les données manquantes chaque semaine avec des scripts.";
  const en = "We cleaned the missing values every week with small scripts.";
  const hits = [
    quoteHit("a1", 0, fr, "t"),
    quoteHit("a3", 0, en, "t"),
    quoteHit("a1", 1, fr.replace("semaine", "mois"), "u"),
  ];
  const q = representativeQuotes(hits, ROWS, 3, { otherLanguage: new Set(["a1"]) });
  assert.deepEqual(q.map((x) => [x.theme_id, x.answer_id]), [["t", "a3"], ["u", "a1"]]);
});

Deno.test("representativeQuotes() does not repeat a sentence across themes where avoidable", () => {
  const same = "The monitoring dashboard showed drift in the sales forecasts last spring.";
  const near = "Um, the monitoring dashboard showed drift in the sales forecasts last spring!";
  const other = "Retraining monthly fixed most forecast errors for the stores.";
  const q = representativeQuotes(
    [
      quoteHit("a1", 0, same, "t"),
      quoteHit("a3", 0, near, "t"),
      quoteHit("a1", 0, same, "u"),
      quoteHit("a1", 1, other, "u"),
      quoteHit("a1", 0, same, "v"),
    ],
    ROWS,
    3,
  );
  // v and t have nothing but the sentence and its near-duplicate, so they repeat it (once: t
  // never takes both near-duplicates); u has another sentence and avoids the repeat
  assert.deepEqual(q.map((x) => [x.theme_id, x.quote]), [
    ["t", same],
    ["u", other],
    ["v", same],
  ]);
  assert.equal(contentOverlap(same, near), 1);
});

Deno.test("substance() counts fillers, stutters and content words", () => {
  const s = substance("Um, the, the model, you know, drifted.");
  // um + the(repeat) + you know = 4 fillers of 7 words; content: model, drifted
  assert.deepEqual([s.words, s.fillers, s.content], [7, 4, ["model", "drifted"]]);
  assert.equal(substance("").filler_ratio, 0);
  assert.deepEqual(substance("Euh, en fait, les données manquantes.").content, [
    "données",
    "manquantes",
  ]);
});

Deno.test("themeByScore() counts per score value and compares means", () => {
  const s = themeByScore(ROWS, CODES, ["t"], "score", ["1", "2", "3", "4", "5"]);
  assert.deepEqual(s[0].by_score, { "1": 1, "2": 0, "3": 0, "4": 0, "5": 1 });
  assert.equal(s[0].mean_score, 3);
  assert.equal(s[0].mean_score_without, 2, "a4's score 'x' is left out");
});

Deno.test("evaluationSplit() is the FNV-1a parity, stable across runs", () => {
  assert.equal(fnv1a(""), 0x811c9dc5);
  assert.equal(fnv1a("a"), 0xe40c292c);
  assert.equal(evaluationSplit("a"), "dev");
  assert.equal(fnv1a("b") % 2 ? "test" : "dev", evaluationSplit("b"));
});
