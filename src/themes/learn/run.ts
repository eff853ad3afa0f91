/**
 * One learned-coding run, as `rvlab themes`, `rvlab report` and the notebooks
 * do it: learn from a training folder's human codes (`train`) or from a seeded
 * share of the answers (`holdout`), code the answers to measure, and rank the
 * answers without human codes by the model's uncertainty.
 *
 * @module
 */
import { UsageError } from "../../io/errors.ts";
import type { Codebook } from "../codebook.ts";
import { type CodeHit, importHumanCodes, matchHumanColumns } from "../coder.ts";
import type { AnswerRow } from "../segment.ts";
import { type CoderKind, codeWithModel, type LearnedCoding, learnFromAnswers } from "./answers.ts";
import { holdoutSplit } from "./folds.ts";
import { effectiveThreshold, type LearnedModel, topTerms } from "./train.ts";
import { type Suggestion, uncertaintySuggestions } from "./suggest.ts";

/** What to learn from, and which coder gives the auto codes. */
export interface LearnedCodingOptions {
  /** the training answers (another folder's), with the name to show for them */
  train?: { rows: readonly AnswerRow[]; name: string; source: string };
  /** instead of `train`: hold out this share (0 < h < 1) of the answers, learn from the rest */
  holdout?: number;
  /** default `combined` */
  coder?: CoderKind;
  /** the hold-out split's and the cross-validation's seed; default 1 */
  seed?: number;
  /** the folder the answers came from, named in messages; default "the answers" */
  dir?: string;
  /** the table or folder the answers were read from, named in errors; default `dir` */
  source?: string;
  /** progress lines */
  log?: (line: string) => void;
}

/** The result of {@linkcode learnedCoding}. */
export interface LearnedCodingRun {
  coder: CoderKind;
  /** the answers coded and measured (all of them with `train`, the held-out share with `holdout`) */
  rows: AnswerRow[];
  /** the learned codes; undefined when the coder is `rules` (the codebook's rules code) */
  codeHits?: CodeHit[];
  /** what the model learned from, in words */
  trained_on: string;
  holdout: number | null;
  training_answers: number;
  /** undefined when the coder is `rules` */
  model?: LearnedModel;
  coding?: LearnedCoding;
  /** answers to code next, most uncertain first, and which answers they were chosen from */
  suggestions: Suggestion[];
  suggestions_from: string;
  seconds: { train: number; code: number };
}

/**
 * Learns a coder from human codes and codes `rows` with it. With `train`, the
 * model learns from those answers and codes all of `rows`; with `holdout`, a
 * seeded share of `rows` (by answer id, `holdoutSplit()`) is held out to code
 * and measure, the rest is learned from. Training answers without
 * `code_<theme>` columns for the codebook's themes are a {@linkcode UsageError}
 * naming them; so is giving both or neither of `train` and `holdout`.
 * Complexity: that of `learnFromAnswers` and `codeWithModel`.
 *
 * @example
 * ```ts
 * import { learnedCoding } from "./run.ts";
 * import { loadCodebook } from "../codebook.ts";
 * import { readAnswers } from "../input.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * learnedCoding(rows, codebook, { holdout: 0.5 }).rows.length; // half the answers, held out
 * ```
 */
export function learnedCoding(
  rows: readonly AnswerRow[],
  codebook: Codebook,
  options: LearnedCodingOptions,
): LearnedCodingRun {
  const { train, holdout } = options;
  const coder = options.coder ?? "combined";
  const seed = options.seed ?? 1;
  const dir = options.dir ?? "the answers";
  const log = options.log ?? (() => {});
  if ((train === undefined) === (holdout === undefined)) {
    throw new UsageError(
      `learned coding needs one of a training folder (--train) and a hold-out share (--holdout), found ${
        train ? "both" : "neither"
      }`,
    );
  }
  if (holdout !== undefined && !(holdout > 0 && holdout < 1)) {
    throw new UsageError(`--holdout expects a share between 0 and 1 (e.g. 0.3), found ${holdout}`);
  }
  const noCodes = (name: string, source: string) =>
    new UsageError(
      `${name}: no ${codebook.human_code_prefix}<theme> columns for the codebook's themes in ${source} (nothing to learn from)`,
    );
  let trainRows: readonly AnswerRow[];
  let coded: AnswerRow[];
  let trainedOn: string;
  if (train !== undefined) {
    if (!matchHumanColumns(train.rows, codebook).matched.length) {
      throw noCodes(`--train ${train.name}`, train.source);
    }
    trainRows = train.rows;
    coded = [...rows];
    trainedOn = train.name;
  } else {
    if (!matchHumanColumns(rows, codebook).matched.length) {
      throw noCodes(`--holdout ${holdout} --data ${dir}`, options.source ?? dir);
    }
    const split = holdoutSplit(rows.map((r) => r.answer_id), holdout!, seed);
    trainRows = rows.filter((r) => split.train.has(r.answer_id));
    coded = rows.filter((r) => split.test.has(r.answer_id));
    trainedOn = `${dir} less the ${coded.length} answers held out (seed ${seed})`;
    log(`hold-out: ${trainRows.length} answers to learn from, ${coded.length} to code and measure`);
  }
  const base = {
    coder,
    rows: coded,
    trained_on: trainedOn,
    holdout: holdout ?? null,
    training_answers: trainRows.length,
  };
  if (coder === "rules") {
    return { ...base, suggestions: [], suggestions_from: "", seconds: { train: 0, code: 0 } };
  }
  const t0 = performance.now();
  const model = learnFromAnswers(trainRows, codebook, coder, { seed })!;
  const t1 = performance.now();
  const coding = codeWithModel(model, coded, codebook);
  const t2 = performance.now();
  log(
    `learned ${model.themes.length} themes (${coder}) from ${model.training_answers} answers, ${model.vocabulary.terms.length} terms, in ${
      ((t1 - t0) / 1000).toFixed(1)
    } s; coded ${coded.length} answers in ${((t2 - t1) / 1000).toFixed(1)} s`,
  );
  // suggestions: the answers no human coded; when every answer has codes, all of them
  const humans = new Set(importHumanCodes(coded, codebook).map((h) => h.answer_id));
  const uncoded = coded.filter((r) => !humans.has(r.answer_id));
  const suggestions = uncertaintySuggestions(
    {
      themes: model.themes.map((t) => ({
        theme_id: t.theme_id,
        threshold: effectiveThreshold(model, t),
      })),
    },
    coded.map((r) => r.answer_id),
    coding.probabilities,
    uncoded.length ? humans : new Set(),
  );
  return {
    ...base,
    training_answers: model.training_answers,
    codeHits: coding.hits,
    model,
    coding,
    suggestions,
    suggestions_from: uncoded.length ? "uncoded" : "all (every answer has human codes)",
    seconds: { train: (t1 - t0) / 1000, code: (t2 - t1) / 1000 },
  };
}

/** One theme of a learned model, as the report and the notebooks show it. */
export interface ModelThemeRow {
  theme_id: string;
  /** training answers with the theme */
  positives: number;
  C: number;
  /** the threshold applied (`effectiveThreshold()`) */
  threshold: number;
  cv_f1: number;
  /** the `k` terms of highest weight, comma-separated */
  top_terms: string;
}

/**
 * Per theme of a learned model: its positives, C, applied threshold,
 * cross-validated F1 and top `k` terms. Complexity: O(themes × V log V).
 *
 * @example
 * ```ts
 * import { modelThemeRows } from "./run.ts";
 * import { learnThemes } from "./train.ts";
 * const ex = Array.from({ length: 20 }, (_, i) => ({ terms: [i % 2 ? "rude" : "kind"], labels: new Set(i % 2 ? ["m"] : []) }));
 * modelThemeRows(learnThemes(ex, ["m"], { minDf: 1 }))[0].top_terms; // "rude, …"
 * ```
 */
export function modelThemeRows(model: LearnedModel, k = 8): ModelThemeRow[] {
  const terms = topTerms(model, k);
  return model.themes.map((x) => ({
    theme_id: x.theme_id,
    positives: x.positives,
    C: x.C,
    threshold: effectiveThreshold(model, x),
    cv_f1: x.cv_f1,
    top_terms: terms.filter((y) => y.theme_id === x.theme_id).map((y) => y.term).join(", "),
  }));
}
