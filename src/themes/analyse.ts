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
  hasHumanCodes,
  type HumanCode,
  importHumanCodes,
} from "./coder.ts";
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
  /** auto-coder (a) against the human coder (b, the reference), when human codes exist; over the themes with a human-code column */
  agreement: { per_theme: ThemeAgreement[]; overall: OverallAgreement } | null;
  /** the second human coder (a) against the first (b), when `secondCoderPrefix` columns exist */
  human_agreement: { per_theme: ThemeAgreement[]; overall: OverallAgreement } | null;
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
  const hits = autoCode(segments, codebook);
  const auto = codesByAnswer(hits);
  const human = hasHumanCodes(rows, codebook) ? importHumanCodes(rows, codebook) : [];
  const humanCodes = codesByAnswer(human);
  const themeIds = codebook.themes.map((t) => t.id);
  // agreement only over themes the human coder had a column for
  const humanThemes = themeIds.filter((t) =>
    rows.length > 0 && (codebook.human_code_prefix + t) in rows[0].extra
  );
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
    ? codesByAnswer(importHumanCodes(rows, codebook, "human2", second))
    : null;
  const scoreField = options.scoreField ??
    (rows.some((r) => "fft_score" in r.extra) ? "fft_score" : undefined);
  const question = codeMatrix(rows, auto, themeIds, "question_id");
  const rowsAll = rows as AnswerRow[];
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
    counts: themeCounts(rows, auto, codebook.themes, hits),
    human_counts: human.length ? themeCounts(rows, humanCodes, codebook.themes) : null,
    matrices: {
      respondent: codeMatrix(rows, auto, themeIds, "respondent_id"),
      company: codeMatrix(rows, auto, themeIds, "company_id"),
      role: codeMatrix(rows, auto, themeIds, "role"),
      question,
    },
    top_by_question: topThemesPerCase(question, options.topK ?? 3),
    cooccurrence: coOccurrence(auto, themeIds),
    quotes: representativeQuotes(hits, rowsAll, options.quotesPerTheme ?? 3, {
      otherLanguage: new Set(
        segments.filter((s) => s.language_flag).map((s) => s.answer.answer_id),
      ),
    }),
    by_score: scoreField
      ? themeByScore(
        rows,
        auto,
        themeIds,
        scoreField,
        options.scoreValues ?? ["1", "2", "3", "4", "5"],
      )
      : null,
    agreement: human.length
      ? {
        per_theme: themeAgreement(rows.map((r) => r.answer_id), humanThemes, auto, humanCodes),
        overall: overallAgreement(rows.map((r) => r.answer_id), humanThemes, auto, humanCodes, {
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
  };
}
