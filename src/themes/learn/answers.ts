/**
 * The learned coder on answers: learns from the human codes (`code_<theme>`
 * columns) of training answers, with the codebook's rule codes as features
 * when combined, and codes new answers — every code a {@linkcode CodeHit} on
 * the sentence that carries most of the theme's weight, with the rule
 * `model p=0.83`, so that counts, matrices, agreement and outputs treat learned
 * codes as they treat rule codes. Codebook `force` / `forbid` phrases override
 * the model.
 *
 * @module
 */
import type { Codebook } from "../codebook.ts";
import {
  autoCode,
  type CodeHit,
  codesByAnswer,
  compilePhrase,
  importHumanCodes,
  matchHumanColumns,
  phrasePositions,
} from "../coder.ts";
import { type AnswerRow, segmentAnswers, type Segmented } from "../segment.ts";
import { tokenize } from "../text.ts";
import { answerTerms } from "./features.ts";
import {
  effectiveThreshold,
  type LearnedModel,
  type LearnExample,
  type LearnOptions,
  learnThemes,
  themeProbabilities,
} from "./train.ts";

/** Which coder gives the automatic codes: the codebook's rules, the model, or the model with rule features. */
export type CoderKind = "rules" | "model" | "combined";

type Phrase = ReturnType<typeof compilePhrase>;

/** Themes of a codebook that have at least one rule (phrase, negated phrase or proximity). */
function ruleThemes(codebook: Codebook): string[] {
  return codebook.themes.filter((t) => t.phrases.length + t.negated_phrases.length + t.near.length)
    .map((t) => t.id);
}

function examplesOf(
  segments: readonly Segmented[],
  rules: Map<string, Set<string>> | null,
): LearnExample[] {
  return segments.map((s) => ({
    terms: answerTerms(s.answer.answer, s.language),
    rules: rules?.get(s.answer.answer_id),
  }));
}

/**
 * Trains the learned coder on answers with human codes: one model per codebook
 * theme that has a `code_<theme>` column in `rows`; `combined` adds the rule
 * codes of every theme with rules as features. Returns null when `rows` have no
 * such column. Complexity: that of {@linkcode learnThemes} plus the rules.
 *
 * @example
 * ```ts
 * import { learnFromAnswers } from "./answers.ts";
 * import { loadCodebook } from "../codebook.ts";
 * import { readAnswers } from "../input.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * const model = learnFromAnswers(rows, codebook, "combined", { minDf: 1 });
 * ```
 */
export function learnFromAnswers(
  rows: readonly AnswerRow[],
  codebook: Codebook,
  coder: "model" | "combined",
  options: LearnOptions = {},
): LearnedModel | null {
  const themes = matchHumanColumns(rows, codebook).matched;
  if (!themes.length) return null;
  const segments = segmentAnswers(rows);
  const rules = coder === "combined" ? codesByAnswer(autoCode(segments, codebook)) : null;
  const human = codesByAnswer(importHumanCodes(rows, codebook));
  const examples = examplesOf(segments, rules).map((e, i) => ({
    ...e,
    labels: human.get(rows[i].answer_id) ?? new Set<string>(),
  }));
  return learnThemes(examples, themes, {
    ...options,
    ruleThemes: coder === "combined" ? ruleThemes(codebook) : [],
  });
}

/** What the learned coder gave a set of answers. */
export interface LearnedCoding {
  /** one hit per coded (answer, theme), on the sentence carrying most of the theme's weight */
  hits: CodeHit[];
  /** per theme of the model, the probability of each answer (in row order) */
  probabilities: Map<string, Float64Array>;
  /** answers whose code a `force` or `forbid` phrase changed */
  overridden: number;
}

/**
 * Codes answers with a trained model: a theme when its probability reaches its
 * threshold under the model's decision rule (per-theme or global threshold,
 * top-1 when none is reached: `DecisionRule` in train.ts), unless a `forbid` phrase of the theme is in the answer; always
 * when a `force` phrase is (forbid wins). Deterministic. Complexity:
 * O(answers × (themes + terms)) plus the rules for a combined model.
 *
 * @example
 * ```ts
 * import { codeWithModel, learnFromAnswers } from "./answers.ts";
 * import { loadCodebook } from "../codebook.ts";
 * import { readAnswers } from "../input.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * const model = learnFromAnswers(rows, codebook, "model", { minDf: 1 })!;
 * codeWithModel(model, rows, codebook).hits[0]?.rule; // e.g. "model p=0.83"
 * ```
 */
export function codeWithModel(
  model: LearnedModel,
  rows: readonly AnswerRow[],
  codebook: Codebook,
): LearnedCoding {
  const segments = segmentAnswers(rows);
  const rules = model.rule_themes.length ? codesByAnswer(autoCode(segments, codebook)) : null;
  const probabilities = themeProbabilities(model, examplesOf(segments, rules));
  const names = new Map(model.vocabulary.terms.map((t, j) => [t, j]));
  const byId = new Map(codebook.themes.map((t) => [t.id, t]));
  const compiled = new Map<string, { force: Phrase[]; forbid: Phrase[] }>();
  const overrides = (themeId: string, language: string) => {
    const key = `${language === "fr" ? "fr" : "en"}\u0000${themeId}`;
    if (!compiled.has(key)) {
      const t = byId.get(themeId);
      const lang = language === "fr" ? "fr" : "en";
      compiled.set(key, {
        force: (t?.force ?? []).map((p) => compilePhrase(p, lang)),
        forbid: (t?.forbid ?? []).map((p) => compilePhrase(p, lang)),
      });
    }
    return compiled.get(key)!;
  };
  const probs = model.themes.map((t) => probabilities.get(t.theme_id)!);
  const thresholds = model.themes.map((t) => effectiveThreshold(model, t));
  const hits: CodeHit[] = [];
  let overridden = 0;
  segments.forEach((s, i) => {
    const sentences = s.sentences.map((sen) => ({
      sen,
      tokens: tokenize(sen.text, s.language === "fr" ? "fr" : "en"),
      terms: [...new Set(answerTerms(sen.text, s.language))].map((t) => names.get(t))
        .filter((j): j is number => j !== undefined),
    }));
    // the model's codes of this answer under its decision rule (top-1 when nothing reaches)
    const byModelOf = model.themes.map((fit, k) =>
      fit.model !== null && probs[k][i] >= thresholds[k]
    );
    if (model.decision.top1 && !byModelOf.some((x) => x)) {
      let best = -1;
      model.themes.forEach((fit, k) => {
        if (!fit.model || !Number.isFinite(thresholds[k]) || thresholds[k] <= 0) return;
        if (best < 0 || probs[k][i] / thresholds[k] > probs[best][i] / thresholds[best]) best = k;
      });
      if (best >= 0) byModelOf[best] = true;
    }
    for (const [k, fit] of model.themes.entries()) {
      const p = probs[k][i];
      const o = overrides(fit.theme_id, s.language);
      const has = (phrases: Phrase[]) =>
        phrases.find((ph) => sentences.some((x) => phrasePositions(x.tokens, ph).length > 0));
      const byModel = byModelOf[k];
      const forbidden = o.forbid.length ? has(o.forbid) : undefined;
      const forced = !forbidden && o.force.length ? has(o.force) : undefined;
      const coded = forbidden ? false : forced ? true : byModel;
      if (coded !== byModel) overridden++;
      if (!coded || !sentences.length) continue;
      const coef = fit.model?.coef;
      // the sentence whose terms weigh most for the theme, and its three heaviest terms
      let best = 0;
      let bestScore = -Infinity;
      sentences.forEach((x, k) => {
        const score = coef ? x.terms.reduce((a, j) => a + Math.max(0, coef[j]), 0) : 0;
        if (score > bestScore) [best, bestScore] = [k, score];
      });
      const top = coef
        ? sentences[best].terms.filter((j) => coef[j] > 0).sort((a, b) => coef[b] - coef[a])
          .slice(0, 3).map((j) => model.vocabulary.terms[j])
        : [];
      const sen = sentences[best].sen;
      const forcedBy = forced ? byId.get(fit.theme_id)!.force[o.force.indexOf(forced)] : undefined;
      hits.push({
        answer_id: s.answer.answer_id,
        theme_id: fit.theme_id,
        sentence: sen.index,
        turn: sen.turn,
        rule: forcedBy !== undefined && !byModel
          ? `force "${forcedBy}"`
          : `model p=${p.toFixed(2)}`,
        matched: top.join(", "),
        negated: false,
        text: sen.text,
        coder: "auto",
      });
    }
  });
  return { hits, probabilities, overridden };
}
