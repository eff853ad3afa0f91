/**
 * The learned coder inside `rvlab themes`: `--train DIR2` (learn from DIR2's
 * human codes, code DIR), `--holdout F` (a seeded split of DIR by answer:
 * learn from 1 − F, code and measure on F) and `--coder rules|model|combined`.
 *
 * @module
 */
import type { CommandContext } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import {
  type AnswerInput,
  type Codebook,
  type CodeHit,
  type CoderKind,
  codeWithModel,
  effectiveThreshold,
  holdoutSplit,
  importHumanCodes,
  learnFromAnswers,
  matchHumanColumns,
  readAnswers,
  uncertaintySuggestions,
} from "../../themes/mod.ts";
import type { AnswerRow } from "../../themes/segment.ts";
import type { ThemeCsv } from "../../report/theme_outputs.ts";
import { learnedModelSummary, modelTermsCsv, suggestionsCsv } from "../../report/learn_outputs.ts";

/**
 * Checks `--train`, `--holdout` and `--coder` together (before any data is
 * read) and returns the coder: `combined` when a model is trained and no coder
 * is named, `rules` otherwise. Complexity: O(1).
 *
 * @example
 * ```ts
 * import { learnOptions } from "./themes_learn.ts";
 * const ctx = { values: { holdout: "0.3" } } as never;
 * learnOptions(ctx); // => { coder: "combined", holdout: 0.3, train: undefined }
 * ```
 */
export function learnOptions(ctx: CommandContext): {
  coder: CoderKind;
  holdout: number | undefined;
  train: string | undefined;
} {
  const train = ctx.values.train as string | undefined;
  const h = ctx.values.holdout as string | undefined;
  let holdout: number | undefined;
  if (h !== undefined) {
    holdout = Number(h);
    if (!/^\s*(0?\.\d+|0|1)\s*$/.test(h) || !(holdout > 0 && holdout < 1)) {
      throw new UsageError(`--holdout expects a share between 0 and 1 (e.g. 0.3), found "${h}"`);
    }
  }
  if (train !== undefined && holdout !== undefined) {
    throw new UsageError(
      `--train and --holdout exclude each other (--train learns from another folder, --holdout from a share of --data)`,
    );
  }
  const named = ctx.values.coder as CoderKind | undefined;
  const learns = train !== undefined || holdout !== undefined;
  if ((named === "model" || named === "combined") && !learns) {
    throw new UsageError(
      `--coder ${named} needs human codes to learn from: add --train DIR or --holdout 0.3`,
    );
  }
  if (named === "rules" && train !== undefined) {
    throw new UsageError(`--coder rules learns nothing from --train ${train}: drop one of them`);
  }
  return { coder: named ?? (learns ? "combined" : "rules"), holdout, train };
}

/** What the learned coder hands to the theme analysis and the output folder. */
export interface LearnedRun {
  /** the answers coded and measured (all of --data, or its held-out share) */
  rows: AnswerRow[];
  /** the learned codes (undefined: the rules code) */
  codeHits?: CodeHit[];
  /** the `model` key of summary.json / --json (null for rules on a hold-out) */
  summary: Record<string, unknown>;
  files: ThemeCsv[];
  /** one line for summary.md: which coder gave the auto codes, learned from what */
  note?: string;
}

/**
 * Runs the learned coder when `--train` or `--holdout` is given (else null):
 * reads and checks the training answers, learns, codes the answers to measure,
 * and ranks the answers without human codes by uncertainty. A training folder
 * without `code_<theme>` columns for the codebook's themes is a usage error
 * naming it. Complexity: that of `learnFromAnswers` and `codeWithModel`.
 *
 * @example
 * ```ts
 * import { learnedRun } from "./themes_learn.ts";
 * import { loadCodebook, readAnswers } from "../../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const input = await readAnswers("tests/fixtures/themes/feedback");
 * const ctx = { values: { holdout: "0.5" }, log: console.error } as never;
 * const run = await learnedRun(ctx, codebook, input, "tests/fixtures/themes/feedback", 1);
 * ```
 */
export async function learnedRun(
  ctx: CommandContext,
  codebook: Codebook,
  input: AnswerInput,
  dir: string,
  seed: number,
): Promise<LearnedRun | null> {
  const { coder, holdout, train } = learnOptions(ctx);
  if (train === undefined && holdout === undefined) return null;
  const noCodes = (name: string, source: string) =>
    new UsageError(
      `${name}: no ${codebook.human_code_prefix}<theme> columns for the codebook's themes in ${source} (nothing to learn from)`,
    );
  let trainRows: AnswerRow[];
  let rows: AnswerRow[];
  let trainedOn: string;
  if (train !== undefined) {
    const t = await readAnswers(train);
    if (!matchHumanColumns(t.rows, codebook).matched.length) {
      throw noCodes(`--train ${train}`, t.source);
    }
    ctx.log(`read ${t.rows.length} training answers from ${t.source}`);
    trainRows = t.rows;
    rows = input.rows;
    trainedOn = train;
  } else {
    if (!matchHumanColumns(input.rows, codebook).matched.length) {
      throw noCodes(`--holdout ${holdout} --data ${dir}`, input.source);
    }
    const split = holdoutSplit(input.rows.map((r) => r.answer_id), holdout!, seed);
    trainRows = input.rows.filter((r) => split.train.has(r.answer_id));
    rows = input.rows.filter((r) => split.test.has(r.answer_id));
    trainedOn = `${dir} (${trainRows.length} answers; ${rows.length} held out, seed ${seed})`;
    ctx.log(
      `hold-out: ${trainRows.length} answers to learn from, ${rows.length} to code and measure`,
    );
  }
  if (coder === "rules") {
    return {
      rows,
      summary: { coder, trained_on: null, holdout: holdout ?? null },
      files: [],
      note: `Auto codes: the codebook's rules, on the ${rows.length} held-out answers.`,
    };
  }
  const t0 = performance.now();
  const model = learnFromAnswers(trainRows, codebook, coder, { seed })!;
  const t1 = performance.now();
  const coding = codeWithModel(model, rows, codebook);
  const t2 = performance.now();
  ctx.log(
    `learned ${model.themes.length} themes (${coder}) from ${model.training_answers} answers, ${model.vocabulary.terms.length} terms, in ${
      ((t1 - t0) / 1000).toFixed(1)
    } s; coded ${rows.length} answers in ${((t2 - t1) / 1000).toFixed(1)} s`,
  );
  // suggestions: the answers no human coded; when every answer has codes, all of them
  const coded = new Set(importHumanCodes(rows, codebook).map((h) => h.answer_id));
  const uncoded = rows.filter((r) => !coded.has(r.answer_id));
  const from = uncoded.length ? "uncoded" : "all (every answer has human codes)";
  const suggestions = uncertaintySuggestions(
    {
      themes: model.themes.map((t) => ({
        theme_id: t.theme_id,
        threshold: effectiveThreshold(model, t),
      })),
    },
    rows.map((r) => r.answer_id),
    coding.probabilities,
    uncoded.length ? coded : new Set(),
  );
  return {
    rows,
    codeHits: coding.hits,
    summary: learnedModelSummary(model, {
      coder,
      trained_on: trainedOn,
      holdout: holdout ?? null,
      coding,
      suggestions: { from, count: suggestions.length },
      seconds: { train: (t1 - t0) / 1000, code: (t2 - t1) / 1000 },
    }),
    files: [modelTermsCsv(model), suggestionsCsv(suggestions, rows)],
    note: `Auto codes: the learned coder (${coder}${
      coder === "combined" ? ": text and the rules' codes as features" : ": text only"
    }), trained on ${model.training_answers} answers of ${trainedOn}; the agreement below is with the human codes of the answers coded here. Top terms per theme: model_terms.csv.`,
  };
}
