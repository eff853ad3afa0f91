/**
 * How well `alignToGuide()` finds the guide question of each answer in the real ML-practitioner
 * interviews: accuracy on the three hand-labelled interviews
 * (`tests/fixtures/themes/guide_labels.json`), against two null guides (the guide's words
 * shuffled across its questions; another study's guide, the co-operation plan's 7 questions),
 * and the confidence per interview on all 36.
 *
 *     tools/node_modules/.bin/deno run --allow-all scripts/themes_alignment_eval.ts [--held-out] [--misses]
 *
 * @module
 */
import { join } from "node:path";
import { projectPath, sharedDataDir } from "../src/io/paths.ts";
import {
  alignmentAccuracy,
  alignToGuide,
  guideFromQuestions,
  loadCodebook,
  loadGuide,
  readAnswers,
  shuffledGuide,
} from "../src/themes/mod.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(projectPath("tests", "fixtures", "themes", "guide_labels.json")),
) as { labels: Record<string, string>; held_out: Record<string, string> };
const held = Deno.args.includes("--held-out");
// --held-out: the two interviews labelled after the design was fixed
const labels = held ? fixture.held_out : fixture.labels;
console.log(
  held ? "Held-out labels (Interviews 25, 36)\n" : "Design labels (Interviews 19, 33, 40)\n",
);
const guide = await loadGuide(
  join(sharedDataDir(), "ml-practitioner-interview-guide", "interview_guide.txt.gz"),
);
const { rows } = await readAnswers(join(sharedDataDir(), "ml-practitioner-interviews"));
const coop = await loadCodebook(projectPath("data", "codebooks", "coop-plan.yaml"));
const guides = [
  ["the interview guide", guide],
  ["its words shuffled (seed 1)", shuffledGuide(guide, 1)],
  ["its words shuffled (seed 2)", shuffledGuide(guide, 2)],
  ["another study's guide (coop-plan)", guideFromQuestions(coop.questions, "coop-plan.yaml")],
] as const;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const pct = (k: number, n: number) => `${(100 * k / n).toFixed(0)} %`;
console.log(
  "| guide | exact | top level | exact when confident | aligned (all 36) | confident | mean similarity | mean margin |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [name, g] of guides) {
  const a = alignToGuide(rows, g);
  const acc = alignmentAccuracy(a, labels);
  console.log(
    `| ${name} | ${f2(acc.exact)} | ${f2(acc.top_level)} | ${
      f2(acc.confident_exact)
    } (${acc.confident}) | ${pct(a.overall.aligned, a.overall.answers)} | ${
      pct(a.overall.confident, a.overall.answers)
    } | ${f2(a.overall.mean_similarity)} | ${f2(a.overall.mean_margin)} |`,
  );
  if (Deno.args.includes("--misses") && g === guide) {
    for (const m of acc.misses) {
      console.log(`    ${m.answer_id}: label ${m.label}, aligned ${m.aligned}`);
    }
  }
}
console.log("\nSensitivity to the opening threshold (minSimilarity; default 0.2):\n");
console.log(
  "| threshold | exact | top level | aligned | confident | shuffled (seed 1): exact, confident | coop-plan: confident |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (const t of [0.1, 0.15, 0.2, 0.25, 0.3]) {
  const [real, shuf, other] = [guide, shuffledGuide(guide, 1), guides[3][1]].map((g) =>
    alignToGuide(rows, g, { minSimilarity: t })
  );
  const acc = alignmentAccuracy(real, labels);
  const o = (x: typeof real) => x.overall;
  console.log(
    `| ${t} | ${f2(acc.exact)} | ${f2(acc.top_level)} | ${
      pct(o(real).aligned, o(real).answers)
    } | ${pct(o(real).confident, o(real).answers)} | ${
      f2(alignmentAccuracy(shuf, labels).exact)
    }, ${pct(o(shuf).confident, o(shuf).answers)} | ${pct(o(other).confident, o(other).answers)} |`,
  );
}
const a = alignToGuide(rows, guide);
console.log(`\nlabelled answers: ${alignmentAccuracy(a, labels).labelled}`);
console.log("\n| question | answers | interviews | mean similarity |\n|---|---:|---:|---:|");
for (const q of a.questions) {
  console.log(`| ${q.question_id} | ${q.answers} | ${q.interviews} | ${f2(q.mean_similarity)} |`);
}
console.log(
  "\n| interview | answers | aligned | confident | asked | questions | mean similarity |\n|---|---:|---:|---:|---:|---:|---:|",
);
for (const i of a.interviews) {
  console.log(
    `| ${i.respondent_id} | ${i.answers} | ${i.aligned} | ${i.confident} | ${i.asked} | ${i.questions} | ${
      f2(i.mean_similarity)
    } |`,
  );
}
