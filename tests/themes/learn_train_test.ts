import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import { codesByAnswer, importHumanCodes } from "../../src/themes/coder.ts";
import { overallAgreement } from "../../src/themes/agreement.ts";
import {
  bestF1Threshold,
  chooseDecision,
  codeWithModel,
  effectiveThreshold,
  foldsOf,
  holdoutSplit,
  learnFromAnswers,
  learnThemes,
  themeProbabilities,
  thresholdUncertainty,
  topTerms,
  uncertaintySuggestions,
} from "../../src/themes/learn/mod.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";
import { world, WORLD_CODEBOOK, worldRow } from "./learn_world.ts";

const CB = parseCodebook(WORLD_CODEBOOK, "world.yaml");

function heldOut(train: AnswerRow[], test: AnswerRow[], codebook = CB) {
  const model = learnFromAnswers(train, codebook, "model")!;
  const coded = codeWithModel(model, test, codebook);
  const o = overallAgreement(
    test.map((r) => r.answer_id),
    ["park", "food"],
    codesByAnswer(coded.hits),
    codesByAnswer(importHumanCodes(test, codebook)),
    { resamples: 0 },
  );
  return { model, coded, o };
}

Deno.test("learnFromAnswers() recovers a planted word → theme rule on held-out answers", () => {
  const rows = world(600, 11, true);
  const { model, o } = heldOut(rows.slice(0, 300), rows.slice(300));
  // 95 % / 3 % labels: the best any coder can do is about F1 0.9
  assert.ok(o.micro_f1 > 0.85, `F1 ${o.micro_f1}`);
  assert.ok(o.alpha.estimate > 0.8, `alpha ${o.alpha.estimate}`);
  const top = topTerms(model, 1);
  assert.deepEqual(top.map((t) => [t.theme_id, t.term]), [["park", "park"], ["food", "food"]]);
  assert.ok(model.themes.every((t) => t.source === "cv" && model.Cs.includes(t.C)));
});

Deno.test("learnFromAnswers() on a null world (labels independent of text) stays near chance", () => {
  const rows = world(600, 12, false);
  const { o } = heldOut(rows.slice(0, 300), rows.slice(300));
  // chance: kappa 0; coding every answer gives F1 2·0.3/1.3 = 0.46 (the F1-best threshold on
  // noise tends to code nearly everything, so alpha, which also counts the coders' different
  // marginals, comes out negative): no agreement beyond chance is claimed
  assert.ok(Math.abs(o.mean_kappa) < 0.1, `kappa ${o.mean_kappa}`);
  assert.ok(o.alpha.estimate < 0.1, `alpha ${o.alpha.estimate}`);
  assert.ok(o.micro_f1 < 0.46 + 0.05, `F1 ${o.micro_f1}`);
});

Deno.test("learnThemes() is deterministic: the same seed gives the same model, and folds follow the seed", () => {
  const rows = world(200, 13, true);
  const a = learnFromAnswers(rows, CB, "model", { seed: 5 })!;
  const b = learnFromAnswers(rows, CB, "model", { seed: 5 })!;
  assert.deepEqual(
    a.themes.map((t) => [t.C, t.threshold, [...t.model!.coef]]),
    b.themes.map((t) => [t.C, t.threshold, [...t.model!.coef]]),
  );
  assert.deepEqual([...foldsOf(50, 5, 5)], [...foldsOf(50, 5, 5)]);
  assert.notDeepEqual([...foldsOf(50, 5, 5)], [...foldsOf(50, 5, 6)]);
  const sizes = [0, 1, 2, 3, 4].map((f) => [...foldsOf(52, 5, 1)].filter((x) => x === f).length);
  assert.deepEqual(sizes.sort(), [10, 10, 10, 11, 11]);
});

Deno.test("learnFromAnswers() chooses C and thresholds from the training answers only (poisoned test labels change nothing)", () => {
  const rows = world(400, 14, true);
  const { train, test } = holdoutSplit(rows.map((r) => r.answer_id), 0.5, 3);
  const trainRows = rows.filter((r) => train.has(r.answer_id));
  const testRows = rows.filter((r) => test.has(r.answer_id));
  // the test answers' human codes flipped: the model and its codes must not move
  const poisoned = testRows.map((r) =>
    worldRow(r.answer_id, r.answer, {
      park: r.extra.code_park !== "1",
      food: r.extra.code_food !== "1",
    })
  );
  const clean = heldOut(trainRows, testRows);
  const dirty = heldOut(trainRows, poisoned);
  assert.deepEqual(
    clean.model.themes.map((t) => [t.C, t.threshold]),
    dirty.model.themes.map((t) => [t.C, t.threshold]),
  );
  assert.deepEqual(clean.coded.hits, dirty.coded.hits);
  assert.ok(clean.o.micro_f1 > 0.8 && dirty.o.micro_f1 < 0.2); // only the measurement moves
  assert.equal(train.size + test.size, 400);
  assert.equal(test.size, 200);
});

Deno.test("force and forbid phrases override the learned model", () => {
  const cb = parseCodebook(
    `id: world
title: World
themes:
  - { id: park, label: Parking, definition: parking, forbid: ["parking permit"] }
  - { id: food, label: Food, definition: food, force: [sandwich] }
`,
    "w.yaml",
  );
  const rows = world(300, 15, true);
  const model = learnFromAnswers(rows, cb, "model")!;
  const probe = [
    worldRow("x1", "The parking was full.", {}),
    worldRow("x2", "The parking permit office.", {}),
    worldRow("x3", "A sandwich on the ward.", {}),
  ];
  const coded = codeWithModel(model, probe, cb);
  const codes = codesByAnswer(coded.hits);
  assert.ok(codes.get("x1")?.has("park"));
  assert.ok(!codes.get("x2")?.has("park"));
  assert.ok(codes.get("x3")?.has("food"));
  assert.equal(coded.hits.find((h) => h.answer_id === "x3")!.rule, 'force "sandwich"');
  assert.match(coded.hits.find((h) => h.answer_id === "x1")!.rule, /^model p=[01]\.\d\d$/);
  assert.equal(coded.overridden, 2);
});

Deno.test("combined coder: a rule hit is a feature the model learns to trust", () => {
  const cb = parseCodebook(
    `id: world
title: World
themes:
  - { id: park, label: Parking, definition: parking, phrases: [parking] }
  - { id: food, label: Food, definition: food }
`,
    "w.yaml",
  );
  const rows = world(400, 16, true);
  const model = learnFromAnswers(rows, cb, "combined")!;
  assert.deepEqual(model.rule_themes, ["park"]);
  const park = topTerms(model, 3).filter((t) => t.theme_id === "park").map((t) => t.term);
  assert.ok(park.includes("rule:park"), park.join(", "));
});

Deno.test("learnFromAnswers() returns null without code_ columns; themes with too few positives use the stated defaults, themes without a positive or a negative are never or always coded", () => {
  const rows = world(100, 17, true).map((r) => ({ ...r, extra: {} }));
  assert.equal(learnFromAnswers(rows, CB, "model"), null);
  const ex = Array.from({ length: 60 }, (_, i) => ({
    terms: [i % 2 ? "a" : "b"],
    labels: new Set(i < 3 ? ["rare", "always"] : ["always"]),
  }));
  const m = learnThemes(ex, ["rare", "never", "always"], { minDf: 1 });
  assert.deepEqual(
    [...themeProbabilities(m, [{ terms: ["a"] }]).entries()].slice(1).map(([t, p]) => [t, p[0]]),
    [[
      "never",
      0,
    ], ["always", 1]],
  );
  assert.deepEqual(m.themes.slice(1).map((t) => effectiveThreshold(m, t)), [NaN, 0.5]);
  assert.deepEqual(m.themes.map((t) => [t.source, t.C, t.threshold]), [
    ["default", 1, 0.5],
    ["none", NaN, NaN],
    ["none", NaN, 0.5],
  ]);
});

Deno.test("bestF1Threshold() maximises F1 on hand-computed cases", () => {
  // sorted 0.9(1) 0.8(0) 0.7(1) 0.2(0): F1 at k=1: 2/3, k=2: 2/4, k=3: 4/5, k=4: 4/6
  const t = bestF1Threshold([0.2, 0.9, 0.7, 0.8], [0, 1, 1, 0], 1);
  assert.ok(Math.abs(t.threshold - 0.45) < 1e-12);
  assert.ok(Math.abs(t.f1 - 0.8) < 1e-12);
  assert.deepEqual(bestF1Threshold([0.9, 0.1], [1, 0], 2), {
    threshold: 0.5,
    f1: NaN,
    source: "default",
  });
});

Deno.test("uncertaintySuggestions() ranks answers by their probability's nearness to the threshold", () => {
  assert.equal(thresholdUncertainty(0.2, 0.2), 1);
  assert.ok(Math.abs(thresholdUncertainty(0.1, 0.2) - 0.5) < 1e-12);
  assert.equal(thresholdUncertainty(1, 0.2), 0);
  const model = { themes: [{ theme_id: "t", threshold: 0.2 }, { theme_id: "u", threshold: 0.5 }] };
  const p = new Map([["t", Float64Array.of(0.9, 0.05, 0.21)], ["u", Float64Array.of(0.6, 0, 0)]]);
  const s = uncertaintySuggestions(model, ["a", "b", "c"], p, new Set(["b"]));
  assert.deepEqual(s.map((x) => [x.rank, x.answer_id, x.theme_id]), [[1, "c", "t"], [2, "a", "u"]]);
});

Deno.test("chooseDecision() keeps the decision rule of highest out-of-fold micro-F1 (hand-computed)", () => {
  // two answers, one theme each, both probabilities below 0.5: per-theme 0.5 codes nothing
  // (F1 0); top-1 codes each answer's most likely theme (F1 1); a global 0.12 … 0.30 does too
  const oof = [Float64Array.of(0.4, 0.1), Float64Array.of(0.1, 0.3)];
  const y = [Uint8Array.of(1, 0), Uint8Array.of(0, 1)];
  const d = chooseDecision(oof, y, [0.5, 0.5]);
  assert.deepEqual(
    d.candidates.map((c) => [c.policy, c.top1, c.cv_micro_f1]),
    [["per_theme", false, 0], ["global", false, 1], ["per_theme", true, 1], ["global", true, 1]],
  );
  assert.deepEqual([d.policy, d.global_threshold, d.top1, d.cv_micro_f1], [
    "global",
    0.12,
    false,
    1,
  ]);
  assert.equal(
    effectiveThreshold({ decision: d }, {
      threshold: 0.5,
      source: "cv",
    }),
    0.12,
  );
  assert.equal(effectiveThreshold({ decision: d }, { threshold: 0.5, source: "default" }), 0.5);
});

Deno.test("learnedCoding() needs exactly one of train and holdout, and codes only the held-out share", async () => {
  const { learnedCoding } = await import("../../src/themes/learn/run.ts");
  const codebook = parseCodebook(WORLD_CODEBOOK, "world.yaml");
  const rows = world(200, 4, true);
  assert.throws(() => learnedCoding(rows, codebook, {}), /found neither/);
  assert.throws(
    () => learnedCoding(rows, codebook, { holdout: 0.3, train: { rows, name: "t", source: "t" } }),
    /found both/,
  );
  assert.throws(() => learnedCoding(rows, codebook, { holdout: 1 }), /between 0 and 1/);
  const run = learnedCoding(rows, codebook, { holdout: 0.25, seed: 2 });
  assert.equal(run.rows.length, 50);
  assert.equal(run.training_answers, 150);
  const held = new Set(run.rows.map((r) => r.answer_id));
  assert.ok(run.codeHits!.every((h) => held.has(h.answer_id)));
  const rules = learnedCoding(rows, codebook, { holdout: 0.25, seed: 2, coder: "rules" });
  assert.equal(rules.codeHits, undefined);
  assert.deepEqual(rules.rows, run.rows);
});
