/**
 * The whole theme analysis of a set of answers against a codebook: segment,
 * auto-code, import human codes, then matrices, co-occurrence, quotes, themes
 * by score and agreement of the auto-coder with the human coder.
 *
 * @module
 */
import type { Codebook } from "./codebook.ts";
import { type AnswerRow, segmentAnswers } from "./segment.ts";
import {
  autoCode,
  type CodeHit,
  codesByAnswer,
  type HumanCode,
  type HumanColumnMatch,
  humanColumnWarnings,
  importHumanCodes,
  matchHumanColumns,
} from "./coder.ts";
import { applyCodebookModes, isNested, rollUpCodes, rollUpHits, themeAncestors } from "./modes.ts";
import {
  type RuleDiagnostic,
  ruleDiagnostics,
  type StemWarning,
  stemWarnings,
} from "./diagnostics.ts";
import {
  codeMatrix,
  type CoOccurrence,
  coOccurrence,
  type MatrixCell,
  type Quote,
  representativeQuotes,
  themeByScore,
  type ThemeCount,
  themeCounts,
  type ThemeScore,
  topThemesPerCase,
} from "./analysis.ts";
import type { GuideAlignment } from "./align.ts";
import {
  type OverallAgreement,
  overallAgreement,
  type ThemeAgreement,
  themeAgreement,
} from "./agreement.ts";

/** Options of {@linkcode analyseThemes}. */
export interface ThemeAnalysisOptions {
  /** quotes per theme (default 3) */
  quotesPerTheme?: number;
  /** extra column holding a score (default: `fft_score` when present) and its valid values */
  scoreField?: string;
  scoreValues?: string[];
  /** bootstrap resamples for Krippendorff's alpha (default 1000) and seed */
  resamples?: number;
  seed?: number;
  /** themes per question in `top_by_question` (default 3) */
  topK?: number;
  /** column prefix of a second human coder (e.g. `code2_`): adds `human_agreement` */
  secondCoderPrefix?: string;
  /**
   * what the rows' `question_id` is: `given` (default: the same question for every
   * respondent, as in a survey table), `turn_order` (the n-th interviewer turn of each
   * transcript: no code × question matrix and no top themes per question are made), or
   * `guide` (aligned to a guide by `alignAnswers()`; pass its `alignment` too)
   */
  questionIds?: "given" | "turn_order" | "guide";
  /** the guide alignment the rows' question ids come from, reported as `alignment` */
  alignment?: GuideAlignment;
  /**
   * the codes of another coder (the learned model: `learn/answers.ts` `codeWithModel`, rule
   * `model p=0.83`) used instead of the codebook's rules for every count, matrix, quote and
   * agreement; the rule diagnostics still describe the codebook's rules
   */
  codeHits?: readonly CodeHit[];
}

/** Everything {@linkcode analyseThemes} finds. */
export interface ThemeAnalysis {
  codebook: { id: string; title: string; themes: number };
  answers: number;
  respondents: number;
  sentences: number;
  /** answers per detected language */
  languages: Record<string, number>;
  main_language: string;
  /** respondents with answers not in the main language */
  language_flags: { respondent_id: string; language: string; answers: number }[];
  /** every auto code, with sentence and rule */
  hits: CodeHit[];
  /** human codes read from the `code_*` columns (empty when there are none) */
  human_codes: HumanCode[];
  counts: ThemeCount[];
  human_counts: ThemeCount[] | null;
  matrices: Record<"respondent" | "company" | "role" | "question", MatrixCell[]>;
  top_by_question: ReturnType<typeof topThemesPerCase>;
  cooccurrence: CoOccurrence[];
  quotes: Quote[];
  by_score: ThemeScore[] | null;
  /** the codebook's theme ids against the table's human-code columns (null: no such column at all) */
  human_columns: HumanColumnMatch | null;
  /**
   * what the reader must know before trusting a figure, one line each: themes
   * and human columns that do not match (left out of the agreement), phrase
   * words whose stem is much broader than the word written
   */
  warnings: string[];
  /** per rule: answers coded, precision and recall against the human codes */
  rule_diagnostics: RuleDiagnostic[];
  stem_warnings: StemWarning[];
  /** auto-coder (a) against the human coder (b, the reference), when human codes exist; over the themes with a human-code column */
  agreement: { per_theme: ThemeAgreement[]; overall: OverallAgreement } | null;
  /** the second human coder (a) against the first (b), when `secondCoderPrefix` columns exist */
  human_agreement: { per_theme: ThemeAgreement[]; overall: OverallAgreement } | null;
  /** what the question ids are; with `turn_order` the question matrix and top themes are empty */
  questions: "given" | "turn_order" | "guide";
  /** the alignment of the answers to an interview guide, when there is one */
  alignment: GuideAlignment | null;
}

/**
 * Runs the theme analysis. Deterministic: the same answers and codebook give
 * the same result (the bootstrap is seeded). Complexity: O(sentences × rules ×
 * tokens + answers × themes² + resamples × answers × themes).
 *
 * @example
 * ```ts
 * import { analyseThemes } from "./analyse.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * a.top_by_question; // the most frequent themes per question
 * ```
 */
export function analyseThemes(
  rows: readonly AnswerRow[],
  codebook: Codebook,
  options: ThemeAnalysisOptions = {},
): ThemeAnalysis {
  const segments = segmentAnswers(rows);
  const answerIds = rows.map((r) => r.answer_id);
  // codebook modes (single_label, fallback) on what fired; parents rolled up in every count
  const ruleHits = autoCode(segments, codebook);
  const hits = applyCodebookModes([...(options.codeHits ?? ruleHits)], answerIds, codebook);
  const nested = codebook.themes.some((t) => t.parent !== undefined);
  const rollUp = (codes: Map<string, Set<string>>) =>
    nested ? rollUpCodes(codes, codebook.themes) : codes;
  const auto = rollUp(codesByAnswer(hits));
  const columns = matchHumanColumns(rows, codebook);
  const hasColumns = columns.matched.length > 0 || columns.human_only.length > 0;
  // agreement only over the themes with a human-code column (named in warnings otherwise)
  const humanThemes = columns.matched;
  const human = humanThemes.length ? importHumanCodes(rows, codebook) : [];
  const humanCodes = rollUp(codesByAnswer(human));
  const themeIds = codebook.themes.map((t) => t.id);
  const stems = stemWarnings(segments, codebook);
  const languages: Record<string, number> = {};
  for (const s of segments) languages[s.language] = (languages[s.language] ?? 0) + 1;
  const flags = new Map<string, { respondent_id: string; language: string; answers: number }>();
  for (const s of segments.filter((x) => x.language_flag)) {
    const k = `${s.answer.respondent_id}\u0000${s.language}`;
    const f = flags.get(k) ??
      { respondent_id: s.answer.respondent_id, language: s.language, answers: 0 };
    f.answers++;
    flags.set(k, f);
  }
  const main = Object.entries(languages).filter(([l]) => l !== "und")
    .sort((a, b) => b[1] - a[1])[0]?.[0] ?? "und";
  const second = options.secondCoderPrefix;
  const secondThemes = second
    ? themeIds.filter((t) =>
      rows.length > 0 && (second + t) in rows[0].extra && humanThemes.includes(t)
    )
    : [];
  const secondCodes = second && secondThemes.length
    ? rollUp(codesByAnswer(importHumanCodes(rows, codebook, "human2", second)))
    : null;
  const scoreField = options.scoreField ??
    (rows.some((r) => "fft_score" in r.extra) ? "fft_score" : undefined);
  const questions = options.alignment ? "guide" : options.questionIds ?? "given";
  // turn numbers are not questions: position n of one interview is not position n of another
  const question = questions === "turn_order"
    ? []
    : codeMatrix(rows, auto, themeIds, "question_id");
  const rowsAll = rows as AnswerRow[];
  const ancestors = themeAncestors(codebook.themes);
  const sentenceHits = nested ? rollUpHits(hits, codebook.themes) : hits;
  return {
    codebook: { id: codebook.id, title: codebook.title, themes: codebook.themes.length },
    answers: rows.length,
    respondents: new Set(rows.map((r) => r.respondent_id)).size,
    sentences: segments.reduce((s, x) => s + x.sentences.length, 0),
    languages,
    main_language: main,
    language_flags: [...flags.values()],
    hits,
    human_codes: human,
    human_columns: hasColumns ? columns : null,
    warnings: [...humanColumnWarnings(columns), ...stems.map((w) => w.message)],
    rule_diagnostics: ruleDiagnostics(
      options.codeHits ? applyCodebookModes(ruleHits, answerIds, codebook) : hits,
      codebook,
      human.length ? { codes: humanCodes, themes: humanThemes } : null,
    ),
    stem_warnings: stems,
    counts: themeCounts(rows, auto, codebook.themes, sentenceHits),
    human_counts: human.length ? themeCounts(rows, humanCodes, codebook.themes) : null,
    matrices: {
      respondent: codeMatrix(rows, auto, themeIds, "respondent_id"),
      company: codeMatrix(rows, auto, themeIds, "company_id"),
      role: codeMatrix(rows, auto, themeIds, "role"),
      question,
    },
    top_by_question: topThemesPerCase(question, options.topK ?? 3),
    // a theme and its ancestor always co-occur: that pair says nothing
    cooccurrence: coOccurrence(auto, themeIds).filter((c) => !isNested(ancestors, c.a, c.b)),
    // quotes are sentences: answer-level codes (a fallback) have none
    quotes: representativeQuotes(
      sentenceHits.filter((h) => h.sentence >= 0),
      rowsAll,
      options.quotesPerTheme ?? 3,
      {
        otherLanguage: new Set(
          segments.filter((s) => s.language_flag).map((s) => s.answer.answer_id),
        ),
      },
    ),
    by_score: scoreField
      ? themeByScore(
        rows,
        auto,
        themeIds,
        scoreField,
        options.scoreValues ?? ["1", "2", "3", "4", "5"],
      )
      : null,
    agreement: humanThemes.length
      ? {
        per_theme: themeAgreement(answerIds, humanThemes, auto, humanCodes),
        overall: overallAgreement(answerIds, humanThemes, auto, humanCodes, {
          resamples: options.resamples ?? 1000,
          seed: options.seed,
        }),
      }
      : null,
    human_agreement: secondCodes
      ? {
        per_theme: themeAgreement(
          rows.map((r) => r.answer_id),
          secondThemes,
          secondCodes,
          humanCodes,
        ),
        overall: overallAgreement(
          rows.map((r) => r.answer_id),
          secondThemes,
          secondCodes,
          humanCodes,
          {
            resamples: options.resamples ?? 1000,
            seed: options.seed,
          },
        ),
      }
      : null,
    questions,
    alignment: options.alignment ?? null,
  };
}
