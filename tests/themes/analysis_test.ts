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

Deno.test("representativeQuotes() takes one sentence per respondent, mid-length first", () => {
  const hit = (answer: string, sentence: number, text: string): CodeHit => ({
    answer_id: answer,
    theme_id: "t",
    sentence,
    turn: 0,
    rule: "phrase",
    matched: "x",
    negated: false,
    text,
    coder: "auto",
  });
  const long = "one two three four five six seven eight nine ten";
  const q = representativeQuotes(
    [
      hit("a1", 0, "short"),
      hit("a1", 1, long),
      hit("a2", 0, long + " r1 again"),
      hit("a3", 0, "also short"),
    ],
    ROWS,
    2,
  );
  assert.deepEqual(q.map((x) => [x.respondent_id, x.quote, x.source]), [
    ["r1", long, "a1.txt:1"],
    ["r2", "also short", "a3.txt:1"],
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
