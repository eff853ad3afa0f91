/**
 * Outputs of the learned theme coder (`themes --train` / `--holdout`):
 * `model_terms.csv` (its explanation), `suggestions.csv` (answers for the next
 * round of human coding) and the `model` section of summary.json and `--json`.
 *
 * @module
 */
import type {
  LearnedCoding,
  LearnedCodingRun,
  LearnedModel,
  Suggestion,
} from "../themes/learn/mod.ts";
import { effectiveThreshold, topTerms } from "../themes/learn/mod.ts";
import type { AnswerRow } from "../themes/segment.ts";
import { csvTable, type ThemeCsv } from "./theme_outputs.ts";

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

/**
 * `model_terms.csv`: per theme its `k` terms of highest weight (word stems,
 * stem pairs, `rule:<theme>` for a rule feature), the model's explanation.
 * Complexity: O(themes × V log V).
 *
 * @example
 * ```ts
 * import { modelTermsCsv } from "./learn_outputs.ts";
 * import { learnThemes } from "../themes/learn/mod.ts";
 * const ex = Array.from({ length: 20 }, (_, i) => ({ terms: [i % 2 ? "rude" : "kind"], labels: new Set(i % 2 ? ["m"] : []) }));
 * modelTermsCsv(learnThemes(ex, ["m"], { minDf: 1 })).csv; // "theme,rank,term,weight\nm,1,rude,…"
 * ```
 */
export function modelTermsCsv(model: LearnedModel, k = 15): ThemeCsv {
  const rank = new Map<string, number>();
  return {
    name: "model_terms.csv",
    csv: csvTable(
      ["theme", "rank", "term", "weight"],
      topTerms(model, k).map((t) => {
        const n = (rank.get(t.theme_id) ?? 0) + 1;
        rank.set(t.theme_id, n);
        return [t.theme_id, n, t.term, r4(t.weight)];
      }),
    ),
  };
}

/**
 * `suggestions.csv`: the ranked answers to code next, with the theme the model
 * is least sure of, its probability and threshold, and the answer text.
 * Complexity: O(suggestions + answers).
 *
 * @example
 * ```ts
 * import { suggestionsCsv } from "./learn_outputs.ts";
 * suggestionsCsv([], []).csv; // => "rank,answer_id,theme,probability,threshold,uncertainty,answer\n"
 * ```
 */
export function suggestionsCsv(
  suggestions: readonly Suggestion[],
  rows: readonly AnswerRow[],
): ThemeCsv {
  const text = new Map(rows.map((r) => [r.answer_id, r.answer]));
  return {
    name: "suggestions.csv",
    csv: csvTable(
      ["rank", "answer_id", "theme", "probability", "threshold", "uncertainty", "answer"],
      suggestions.map((s) => [
        s.rank,
        s.answer_id,
        s.theme_id,
        r4(s.probability),
        r4(s.threshold),
        r4(s.uncertainty),
        text.get(s.answer_id) ?? "",
      ]),
    ),
  };
}

/**
 * The `model` section of summary.json and `--json`: the coder, what it was
 * trained on, the cross-validation set-up, per theme C, threshold and how they
 * were chosen, and the top terms. Complexity: O(themes × V log V).
 *
 * @example
 * ```ts
 * import { learnedModelSummary } from "./learn_outputs.ts";
 * import { learnThemes } from "../themes/learn/mod.ts";
 * const ex = Array.from({ length: 20 }, (_, i) => ({ terms: [i % 2 ? "rude" : "kind"], labels: new Set(i % 2 ? ["m"] : []) }));
 * const m = learnThemes(ex, ["m"], { minDf: 1 });
 * learnedModelSummary(m, { coder: "model", trained_on: "train", holdout: null }).themes[0].C;
 * ```
 */
export function learnedModelSummary(
  model: LearnedModel,
  context: {
    coder: "model" | "combined";
    trained_on: string;
    holdout: number | null;
    coding?: LearnedCoding;
    suggestions?: { from: string; count: number };
    seconds?: { train: number; code: number };
  },
) {
  const top = topTerms(model, 5);
  return {
    coder: context.coder,
    trained_on: context.trained_on,
    holdout: context.holdout,
    training_answers: model.training_answers,
    features: {
      terms: model.vocabulary.terms.length,
      min_df: model.vocabulary.min_df,
      rule_themes: model.rule_themes.length,
    },
    cv: { folds: model.folds, seed: model.seed, Cs: model.Cs },
    decision: {
      policy: model.decision.policy,
      global_threshold: r4(model.decision.global_threshold),
      top1: model.decision.top1,
      cv_micro_f1: r4(model.decision.cv_micro_f1),
      candidates: model.decision.candidates.map((c) => ({
        ...c,
        threshold: r4(c.threshold),
        cv_micro_f1: r4(c.cv_micro_f1),
      })),
    },
    overridden: context.coding?.overridden ?? 0,
    suggestions: context.suggestions ?? null,
    seconds: context.seconds ?? null,
    themes: model.themes.map((t) => ({
      theme_id: t.theme_id,
      positives: t.positives,
      C: r4(t.C),
      /** the threshold applied (the decision rule's), and the theme's own F1-best one */
      threshold: r4(effectiveThreshold(model, t)),
      theme_threshold: r4(t.threshold),
      source: t.source,
      cv_f1: r4(t.cv_f1),
      top_terms: top.filter((x) => x.theme_id === t.theme_id).map((x) => x.term),
    })),
  };
}

/** What a learned-coding run gives a theme report: the `model` key, its files and a line for it. */
export interface LearnedOutputs {
  /** the `model` key of summary.json / --json */
  summary: Record<string, unknown>;
  /** model_terms.csv and suggestions.csv (none for the rules on a hold-out) */
  files: ThemeCsv[];
  /** one line for summary.md and the report: which coder gave the auto codes, learned from what */
  note: string;
}

/**
 * Renders a {@linkcode LearnedCodingRun} for the outputs: the `model` key
 * ({@linkcode learnedModelSummary}), `model_terms.csv`, `suggestions.csv` and
 * the sentence saying which coder coded. Complexity: that of
 * `learnedModelSummary` plus O(answers).
 *
 * @example
 * ```ts
 * import { learnedOutputs } from "./learn_outputs.ts";
 * import { learnedCoding, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * learnedOutputs(learnedCoding(rows, codebook, { holdout: 0.5 })).note;
 * ```
 */
export function learnedOutputs(run: LearnedCodingRun): LearnedOutputs {
  if (!run.model) {
    return {
      summary: { coder: run.coder, trained_on: null, holdout: run.holdout },
      files: [],
      note: `Auto codes: the codebook's rules, on the ${run.rows.length} held-out answers.`,
    };
  }
  const coder = run.coder as "model" | "combined";
  return {
    summary: learnedModelSummary(run.model, {
      coder,
      trained_on: run.trained_on,
      holdout: run.holdout,
      coding: run.coding,
      suggestions: { from: run.suggestions_from, count: run.suggestions.length },
      seconds: run.seconds,
    }),
    files: [modelTermsCsv(run.model), suggestionsCsv(run.suggestions, run.rows)],
    note: `Auto codes: the learned coder (${coder}${
      coder === "combined" ? ": text and the rules' codes as features" : ": text only"
    }), trained on ${run.model.training_answers} answers of ${run.trained_on}; the agreement below is with the human codes of the answers coded here. Top terms per theme: model_terms.csv.`,
  };
}
