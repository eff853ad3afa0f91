/**
 * Display adapters for the theme analysis (src/themes): summary, theme counts, top
 * themes per question, quotes, co-occurrence, language flags and coder agreement.
 *
 * @module
 */
import { barChart, type ChartSource } from "../charts/charts.ts";
import type { Chart } from "../charts/render.ts";
import type { ThemeAnalysis } from "../themes/analyse.ts";
import {
  chart,
  type Displayable,
  type HtmlView,
  markdown,
  type MarkdownView,
  stack,
  table,
  type TableView,
} from "./display.ts";
import { num, pct } from "../util/format.ts";
import { weakRules } from "../themes/diagnostics.ts";
import { type LearnedCodingRun, modelThemeRows } from "../themes/learn/mod.ts";

/**
 * The theme analysis in a few Markdown lines: what was coded, the languages and the
 * respondents answering in another language, the most frequent themes, and the
 * agreement with the human coder when there are human codes.
 *
 * Complexity: O(themes + languages).
 *
 * @example
 * ```ts
 * import { themesSummary } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * themesSummary(a); // a Markdown summary of the top themes
 * ```
 */
export function themesSummary(a: ThemeAnalysis): MarkdownView {
  const top = [...a.counts].sort((x, y) => y.answers - x.answers).filter((c) => c.answers > 0)
    .slice(0, 3);
  const langs = Object.entries(a.languages).sort((x, y) => y[1] - x[1])
    .map(([l, n]) => `${l} ${n}`).join(", ");
  const o = a.agreement?.overall;
  return markdown(
    [
      `**${a.codebook.title}** (${a.codebook.themes} themes): ${a.answers} answers from ${a.respondents} respondents, ${a.sentences} sentences coded.`,
      "",
      `- Languages (answers): ${
        langs || "none"
      }; main language **${a.main_language}**; ${a.language_flags.length} respondent–language pairs flagged as not in the main language.`,
      `- Most frequent themes: ${
        top.map((c) => `${c.label} (${c.answers} answers, ${pct(c.share)})`).join("; ") || "none"
      }.`,
      o
        ? `- Auto-coder against the human coder (${o.units} answers × ${o.themes} themes): micro F1 ${
          num(o.micro_f1, 3)
        }, macro F1 ${num(o.macro_f1, 3)}, mean kappa ${
          num(o.mean_kappa, 3)
        }, Krippendorff's alpha ${num(o.alpha.estimate, 3)} (CI ${num(o.alpha.low, 3)} to ${
          num(o.alpha.high, 3)
        }).`
        : "- No human codes in the data: agreement is not measured.",
      ...a.warnings.filter((w) => !a.stem_warnings.some((x) => x.message === w)).map((w) =>
        `- **Warning**: ${w}.`
      ),
      a.stem_warnings.length
        ? `- ${a.stem_warnings.length} one-word phrases stem much broader than written: \`stemWarningsTable()\`.`
        : "",
      a.alignment
        ? `- Aligned to the interview guide: ${a.alignment.overall.aligned} of ${a.alignment.overall.answers} answers, ${a.alignment.overall.confident} confidently (margin ≥ 0.1); mean similarity ${
          num(a.alignment.overall.mean_similarity)
        }.`
        : a.questions === "turn_order"
        ? "- No interview guide: question ids are interviewer-turn numbers, so there are no themes per question (counts per interview and per theme only)."
        : "",
    ].filter((l) => l !== "").join("\n"),
  );
}

/**
 * The guide alignment per question: answers aligned to it, in how many
 * interviews, and the mean similarity of the interviewer turns that asked it
 * (empty without a guide).
 *
 * Complexity: O(questions).
 *
 * @example
 * ```ts
 * import { alignmentTable } from "./themes.ts";
 * import { alignAnswers, analyseThemes, loadCodebook, loadGuide, readAnswers } from "../themes/mod.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * const { rows: aligned, alignment } = alignAnswers(rows, guide);
 * const codebook = await loadCodebook("data/codebooks/ml-interviews.yaml");
 * alignmentTable(analyseThemes(aligned, codebook, { alignment })); // displays in Jupyter
 * ```
 */
export function alignmentTable(a: ThemeAnalysis, maxRows = 50): TableView {
  return table(
    (a.alignment?.questions ?? []).map((q) => ({
      question: q.question_id,
      text: q.text,
      answers: q.answers,
      interviews: q.interviews,
      mean_similarity: Number.isFinite(q.mean_similarity) ? num(q.mean_similarity) : "–",
    })),
    { caption: "Answers per guide question (alignment)", maxRows, maxCellChars: 90 },
  );
}

/**
 * The guide alignment per interview: answers, aligned, confidently aligned,
 * interviewer turns that asked a guide question, distinct questions, mean
 * similarity (empty without a guide).
 *
 * Complexity: O(interviews).
 *
 * @example
 * ```ts
 * import { alignmentInterviewsTable } from "./themes.ts";
 * import type { ThemeAnalysis } from "../themes/analyse.ts";
 * declare const a: ThemeAnalysis;
 * alignmentInterviewsTable(a); // displays in Jupyter
 * ```
 */
export function alignmentInterviewsTable(a: ThemeAnalysis, maxRows = 50): TableView {
  return table(
    (a.alignment?.interviews ?? []).map((i) => ({
      interview: i.respondent_id,
      answers: i.answers,
      aligned: i.aligned,
      confident: i.confident,
      asked: i.asked,
      questions: i.questions,
      mean_similarity: Number.isFinite(i.mean_similarity) ? num(i.mean_similarity) : "–",
    })),
    { caption: "Guide alignment per interview", maxRows },
  );
}

/**
 * Answers and respondents per theme (auto-coder; the human coder's counts beside when present).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { themeCountsTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * themeCountsTable(a); // displays in Jupyter
 * ```
 */
export function themeCountsTable(a: ThemeAnalysis): TableView {
  const human = new Map((a.human_counts ?? []).map((c) => [c.theme_id, c.answers]));
  return table(
    [...a.counts].sort((x, y) => y.answers - x.answers).map((c) => ({
      theme: c.label,
      theme_id: c.theme_id,
      answers: c.answers,
      share: c.share,
      respondents: c.respondents,
      sentences: c.sentences,
      ...(a.human_counts ? { human_answers: human.get(c.theme_id) ?? 0 } : {}),
    })),
    { caption: "Themes by answers coded", maxRows: 30 },
  );
}

/**
 * Share of answers per theme as a bar chart.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { themeCountsChart } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await themeCountsChart(a, src); // displays in Jupyter
 * ```
 */
export async function themeCountsChart(
  a: ThemeAnalysis,
  src: ChartSource,
): Promise<Chart & Displayable> {
  return chart(
    await barChart(
      "themes",
      `Themes: share of answers coded (${a.answers} answers)`,
      [...a.counts].sort((x, y) => y.share - x.share).map((c) => ({
        label: c.label,
        value: c.share,
        group: "auto-coder",
      })),
      "share of answers",
      src,
      { percent: true },
    ),
  );
}

/**
 * The most frequent themes per question.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { topThemesTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * topThemesTable(a); // displays in Jupyter
 * ```
 */
export function topThemesTable(a: ThemeAnalysis): TableView {
  return table(
    a.top_by_question.map((q) => ({
      question: q.case,
      themes: q.themes.map((t) => `${t.theme_id} (${t.count})`).join(", "),
    })),
    { caption: "Top themes per question", maxRows: 30 },
  );
}

/**
 * Representative quotes per theme with where they come from (file:line or id).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { quotesTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * quotesTable(a, 15); // displays in Jupyter
 * ```
 */
export function quotesTable(a: ThemeAnalysis, maxRows = 15): TableView {
  return table(
    a.quotes.map((q) => ({
      theme: q.theme_id,
      quote: q.quote,
      respondent: q.respondent_id,
      role: q.role,
      source: q.source,
    })),
    { caption: "Representative quotes", maxRows, maxCellChars: 240 },
  );
}

/**
 * Theme pairs that occur in the same answers, strongest first (Jaccard).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { cooccurrenceTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * cooccurrenceTable(a, 10); // displays in Jupyter
 * ```
 */
export function cooccurrenceTable(a: ThemeAnalysis, maxRows = 10): TableView {
  return table(
    [...a.cooccurrence].filter((c) => c.both > 0).sort((x, y) => y.jaccard - x.jaccard),
    {
      caption: "Themes that occur together",
      maxRows,
      columns: ["a", "b", "both", "jaccard", "ochiai"],
    },
  );
}

/**
 * Respondents with answers not in the main language.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { languageFlagsTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * languageFlagsTable(a); // displays in Jupyter
 * ```
 */
export function languageFlagsTable(a: ThemeAnalysis): TableView {
  return table(a.language_flags, {
    caption: `Answers not in the main language (${a.main_language})`,
  });
}

/**
 * Per-theme agreement of the auto-coder with the human coder (empty without human codes).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { agreementTable } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * agreementTable(a); // displays in Jupyter
 * ```
 */
export function agreementTable(a: ThemeAnalysis): TableView {
  return table(a.agreement?.per_theme ?? [], {
    caption: "Auto-coder vs human coder, per theme",
    maxRows: 30,
  });
}

/**
 * Per rule of the codebook: the answers it coded, those no other rule of its
 * theme coded, and its precision and recall against the human codes — the
 * least precise rules with at least 10 answers first (`weakRules()`), then the
 * rest by answers. Complexity: O(rules log rules).
 *
 * @example
 * ```ts
 * import { ruleDiagnosticsTable } from "./themes.ts";
 * import { analyseThemes, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * ruleDiagnosticsTable(analyseThemes(rows, codebook)); // displays in Jupyter
 * ```
 */
export function ruleDiagnosticsTable(a: ThemeAnalysis, maxRows = 20): TableView {
  const weak = weakRules(a.rule_diagnostics);
  const rest = a.rule_diagnostics.filter((d) => !weak.includes(d))
    .sort((x, y) => y.answers - x.answers);
  return table(
    [...weak, ...rest].map((d) => ({
      theme_id: d.theme_id,
      rule: d.rule,
      answers: d.answers,
      only_rule: d.only_rule,
      precision: d.precision,
      recall: d.recall,
    })),
    {
      caption: a.agreement
        ? `Rules against the human codes: ${weak.length} code at least 10 answers with a precision below 0.3 (first); ${
          a.rule_diagnostics.filter((d) => d.answers === 0).length
        } never fire`
        : "Rules: the answers each coded (no human codes: precision and recall not measured)",
      maxRows,
    },
  );
}

/**
 * The one-word phrases whose stem reaches far more forms than the word written
 * (`stemWarnings()`): the word, its stem, the tokens of each and the other
 * forms met. Complexity: O(warnings).
 *
 * @example
 * ```ts
 * import { stemWarningsTable } from "./themes.ts";
 * import { analyseThemes, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * stemWarningsTable(analyseThemes(rows, codebook)); // displays in Jupyter
 * ```
 */
export function stemWarningsTable(a: ThemeAnalysis, maxRows = 20): TableView {
  return table(
    a.stem_warnings.map((w) => ({
      theme_id: w.theme_id,
      rule: w.rule,
      word: w.word,
      stem: w.stem,
      word_tokens: w.word_tokens,
      other_tokens: w.other_tokens,
      other_forms: w.forms.slice(0, 5).map((f) => `${f.form} (${f.count})`).join(", "),
    })),
    { caption: "Phrase words that stem much broader than written", maxRows },
  );
}

/**
 * What a learned coder is (`learnedCoding()`): the coder, what it learned
 * from, how C and the thresholds were chosen, and the answers it coded.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { learnedCoderSummary } from "./themes.ts";
 * import { learnedCoding, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * learnedCoderSummary(learnedCoding(rows, codebook, { holdout: 0.5 }));
 * ```
 */
export function learnedCoderSummary(run: LearnedCodingRun): MarkdownView {
  const m = run.model;
  if (!m) {
    return markdown(
      `**Coder: the codebook's rules**, on the ${run.rows.length} answers held out of ${run.trained_on}.`,
    );
  }
  return markdown(
    [
      `**Coder: learned (${run.coder})** — TF-IDF of word stems and stem pairs${
        run.coder === "combined" && m.rule_themes.length ? " and the rules' codes" : ""
      }, one L2 logistic regression per theme; trained on ${m.training_answers} answers of ${run.trained_on}, coding the ${run.rows.length} answers shown (none of them learned from).`,
      "",
      `- C per theme and the decision rule (${m.decision.policy}${
        m.decision.top1 ? ", at least the top theme" : ""
      }) chosen by ${m.folds}-fold cross-validation on the training answers only (seed ${m.seed}); cross-validated micro F1 ${
        num(m.decision.cv_micro_f1, 3)
      }.`,
      `- ${m.vocabulary.terms.length} terms (in at least ${m.vocabulary.min_df} training answers); trained in ${
        num(run.seconds.train, 1)
      } s, coded in ${num(run.seconds.code, 1)} s.`,
      `- ${run.suggestions.length} answers ranked for the next round of human coding (chosen from: ${run.suggestions_from}): \`suggestionsTable()\`.`,
    ].join("\n"),
  );
}

/**
 * The learned model's explanation: per theme its training positives, C,
 * threshold, cross-validated F1 and top `k` terms (`modelThemeRows()`).
 * Complexity: O(themes × V log V).
 *
 * @example
 * ```ts
 * import { modelTermsTable } from "./themes.ts";
 * import { learnedCoding, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * modelTermsTable(learnedCoding(rows, codebook, { holdout: 0.5 }));
 * ```
 */
export function modelTermsTable(run: LearnedCodingRun, k = 8, maxRows = 30): TableView {
  return table(run.model ? modelThemeRows(run.model, k) : [], {
    caption: "The learned model per theme: its top weighted terms",
    maxRows,
  });
}

/**
 * The answers to code next, most uncertain first: the theme the model is least
 * sure of, its probability against the threshold, and the answer.
 * Complexity: O(suggestions + answers).
 *
 * @example
 * ```ts
 * import { suggestionsTable } from "./themes.ts";
 * import { learnedCoding, loadCodebook, readAnswers } from "../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const { rows } = await readAnswers("tests/fixtures/themes/feedback");
 * suggestionsTable(learnedCoding(rows, codebook, { holdout: 0.5 }));
 * ```
 */
export function suggestionsTable(run: LearnedCodingRun, maxRows = 15): TableView {
  const text = new Map(run.rows.map((r) => [r.answer_id, r.answer]));
  return table(
    run.suggestions.map((x) => ({
      rank: x.rank,
      answer_id: x.answer_id,
      theme_id: x.theme_id,
      probability: x.probability,
      threshold: x.threshold,
      answer: text.get(x.answer_id) ?? "",
    })),
    { caption: "Answers to code next (most uncertain first)", maxRows },
  );
}

/**
 * The theme analysis as one block: the summary, answers per theme, the top themes per
 * question, the answers flagged as not in the main language (when any), the agreement
 * per theme and the weakest rules (when there are human codes) and
 * `quotes` quotes — what a coded study (`themeStudy(...)`) or a bare
 * `analyseThemes(...)` result displays as.
 *
 * Complexity: O(rows shown).
 *
 * @example
 * ```ts
 * import { themesView } from "./themes.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * themesView(analyseThemes(rows, codebook)); // displays in Jupyter
 * ```
 */
export function themesView(a: ThemeAnalysis, quotes = 10): HtmlView {
  return stack([
    themesSummary(a),
    themeCountsTable(a),
    ...(a.alignment ? [alignmentTable(a)] : []),
    ...(a.top_by_question.length ? [topThemesTable(a)] : []),
    ...(a.language_flags.length ? [languageFlagsTable(a)] : []),
    ...(a.agreement ? [agreementTable(a), ruleDiagnosticsTable(a, 10)] : []),
    quotesTable(a, quotes),
  ]);
}
