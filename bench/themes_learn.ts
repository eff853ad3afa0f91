/**
 * Benchmark of the learned theme coder on the real NHS feedback (not a timed
 * test): rules, learned (text only), combined (text + rule codes) and the
 * sklearn reference (same split, same stems, TF-IDF word 1-2 grams +
 * LogisticRegression(C=1) per theme, `bench/themes_learn_sklearn.py`, Debian's
 * /usr/bin/python3), on a seeded 30/70 split (train 30 %, test 70 %) and on
 * the dev/test halves of `scripts/themes_nhs_eval.ts`; micro-F1, macro-F1 and
 * Krippendorff's alpha (`overallAgreement`), and the time to code 10,000 answers.
 *
 *   nice -n 10 tools/node_modules/.bin/deno run --allow-all bench/themes_learn.ts [--seed N] [--resamples N]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { importAdapter } from "../src/ipf/adapters.ts";
import { sharedDataDir } from "../src/io/paths.ts";
import {
  analyseThemes,
  autoCode,
  codesByAnswer,
  codeWithModel,
  evaluationSplit,
  holdoutSplit,
  importHumanCodes,
  learnFromAnswers,
  loadCodebook,
  matchHumanColumns,
  type OverallAgreement,
  overallAgreement,
  readAnswers,
  segmentAnswers,
  tokenize,
} from "../src/themes/mod.ts";
import type { AnswerRow } from "../src/themes/segment.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: "20261203" },
    resamples: { type: "string", default: "200" },
  },
});
const seed = Number(values.seed);
const resamples = Number(values.resamples);
const tmp = await Deno.makeTempDir({ prefix: "rvlab-learn-bench-" });
await importAdapter("nhs-feedback", join(sharedDataDir(), "nhs-patient-feedback"), tmp, {
  log: () => {},
});
const codebook = await loadCodebook(
  new URL("../data/codebooks/nhs-feedback.yaml", import.meta.url).pathname,
);
const { rows } = await readAnswers(tmp);
const themes = matchHumanColumns(rows, codebook).matched;
const segments = segmentAnswers(rows);
const stems = Object.fromEntries(
  segments.map((
    s,
  ) => [
    s.answer.answer_id,
    tokenize(s.answer.answer, s.language === "fr" ? "fr" : "en").map((t) => t.stem).join(" "),
  ]),
);
const human = codesByAnswer(importHumanCodes(rows, codebook));
const labels = Object.fromEntries([...human].map(([id, set]) => [id, [...set]]));

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");
const line = (name: string, o: OverallAgreement, extra: string) =>
  `| ${name} | ${f(o.micro_f1)} | ${f(o.macro_f1)} | ${f(o.alpha.estimate)} [${f(o.alpha.low)}, ${
    f(o.alpha.high)
  }] | ${extra} |`;

async function sklearn(train: AnswerRow[], test: AnswerRow[]) {
  const file = join(tmp, "split.json");
  const out = join(tmp, "sklearn.json");
  await Deno.writeTextFile(
    file,
    JSON.stringify({
      docs: stems,
      labels,
      themes,
      train: train.map((r) => r.answer_id),
      test: test.map((r) => r.answer_id),
    }),
  );
  const p = await new Deno.Command("/usr/bin/python3", {
    args: [new URL("./themes_learn_sklearn.py", import.meta.url).pathname, file, out],
    stderr: "inherit",
  }).output();
  if (!p.success) throw new Error("bench/themes_learn_sklearn.py failed");
  return JSON.parse(await Deno.readTextFile(out)) as {
    threshold_0_5: Record<string, string[]>;
    top1: Record<string, string[]>;
    tuned: Record<string, string[]>;
    seconds: number;
    tuned_seconds: number;
    tuned_threshold: number;
    terms: number;
  };
}

const splits: { name: string; train: AnswerRow[]; test: AnswerRow[] }[] = [];
const h = holdoutSplit(rows.map((r) => r.answer_id), 0.7, seed);
splits.push({
  name: `seeded 30/70 (seed ${seed})`,
  train: rows.filter((r) => h.train.has(r.answer_id)),
  test: rows.filter((r) => h.test.has(r.answer_id)),
});
splits.push({
  name: "dev/test halves",
  train: rows.filter((r) => evaluationSplit(r.answer_id) === "dev"),
  test: rows.filter((r) => evaluationSplit(r.answer_id) === "test"),
});

let combinedModel = null;
for (const s of splits) {
  console.log(
    `\n### ${s.name}: train ${s.train.length}, test ${s.test.length} answers, ${themes.length} themes\n`,
  );
  console.log("| coder | micro-F1 | macro-F1 | α [95 % CI] | seconds (train, code) |");
  console.log("|---|---:|---:|---:|---|");
  const opts = { resamples, seed };
  let t = performance.now();
  const rules = analyseThemes(s.test, codebook, opts).agreement!.overall;
  console.log(
    line("rules (nhs-feedback.yaml)", rules, `–, ${((performance.now() - t) / 1000).toFixed(1)}`),
  );
  for (const coder of ["model", "combined"] as const) {
    t = performance.now();
    const model = learnFromAnswers(s.train, codebook, coder, { seed })!;
    const t1 = performance.now();
    const coded = codeWithModel(model, s.test, codebook);
    const t2 = performance.now();
    const o = analyseThemes(s.test, codebook, { ...opts, codeHits: coded.hits }).agreement!.overall;
    console.log(
      line(
        coder === "model" ? "learned (text)" : "combined (text + rules)",
        o,
        `${((t1 - t) / 1000).toFixed(1)}, ${((t2 - t1) / 1000).toFixed(1)}`,
      ),
    );
    if (coder === "combined" && !combinedModel) combinedModel = model;
  }
  const sk = await sklearn(s.train, s.test);
  const ids = s.test.map((r) => r.answer_id);
  for (
    const [name, codes, secs] of [
      ["p ≥ 0.5", sk.threshold_0_5, sk.seconds],
      ["top-1", sk.top1, sk.seconds],
      [`tuned as rvlab, global t = ${sk.tuned_threshold}`, sk.tuned, sk.tuned_seconds],
    ] as const
  ) {
    const o = overallAgreement(
      ids,
      themes,
      new Map(Object.entries(codes).map(([k, v]) => [k, new Set(v)])),
      human,
      opts,
    );
    console.log(
      line(`sklearn TF-IDF + LR (${name})`, o, `${secs.toFixed(1)} (fit + predict)`),
    );
  }
}

// time to code 10,000 answers (the NHS answers cycled, with new ids), combined model of the first split
const many: AnswerRow[] = Array.from({ length: 10_000 }, (_, i) => ({
  ...rows[i % rows.length],
  answer_id: `bench-${i}`,
}));
let t = performance.now();
autoCode(segmentAnswers(many), codebook);
const rulesSeconds = (performance.now() - t) / 1000;
t = performance.now();
codeWithModel(combinedModel!, many, codebook);
const combinedSeconds = (performance.now() - t) / 1000;
console.log(
  `\ncoding 10,000 answers: rules ${rulesSeconds.toFixed(1)} s; combined model ${
    combinedSeconds.toFixed(1)
  } s (segmentation, rules as features, TF-IDF, ${themes.length} logistic regressions, sentence choice; target < 10 s)`,
);
await Deno.remove(tmp, { recursive: true });
