/**
 * The report's themes section: what customers say in interviews and open
 * feedback, coded against a codebook — the most frequent themes, the
 * codebook's modes, the agreement with any human codes (only over themes on
 * both sides, every mismatch named) and the rules worth a look.
 *
 * @module
 */
import type { ChartSource } from "../charts/mod.ts";
import { barChart } from "../charts/mod.ts";
import { isSkipped, type Study } from "../study/study.ts";
import { num, pct } from "../util/format.ts";
import type { ReportSection } from "./sections.ts";
import { weakRules } from "../themes/diagnostics.ts";
import { modelThemeRows } from "../themes/learn/mod.ts";

type Rows = Record<string, unknown>[];

/**
 * The themes section (level Results, after say vs do). Skipped, with what to
 * collect, when the data folder has no transcripts or no codebook.
 * Complexity: O(themes + rules) plus one bar chart.
 *
 * @example
 * ```ts
 * import { themesSection } from "./themes_section.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { themeStudy } from "../study/themes.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const themes = await themeStudy("tests/fixtures/themes/feedback", { resamples: 100 });
 * const study = await analyseStudy(await openEngine(), { resamples: 50, themes });
 * (await themesSection(study, { kind: "synthetic", source: "demo" })).paragraphs[0];
 * ```
 */
export async function themesSection(study: Study, src: ChartSource): Promise<ReportSection> {
  const t = study.themes;
  const section = {
    id: "themes",
    level: "Results" as const,
    title: "Themes: what customers say",
    question:
      "What do customers talk about in interviews and open feedback, and how sure is the coding?",
  };
  if (isSkipped(t)) {
    return {
      ...section,
      paragraphs: [`Themes: not analysed (${t.skipped}).`],
      charts: [],
      tables: [],
      prompt:
        "collect interview transcripts or open feedback (transcripts.csv or a transcripts/ folder) and a codebook of the themes to code, so what customers say can be read beside what they do.",
    };
  }
  const a = t.analysis;
  const cb = t.codebook;
  const used = a.counts.filter((c) => c.answers > 0);
  const modes = [
    cb.fallback !== undefined
      ? `fallback theme "${cb.fallback}" for answers nothing else coded`
      : "",
    cb.single_label ? "one theme per answer (single_label, by priority)" : "",
    cb.themes.some((x) => x.parent !== undefined)
      ? "child themes rolled up into their parents"
      : "",
  ].filter(Boolean);
  const paragraphs = [
    `${a.answers} answers of ${a.respondents} respondents (${a.sentences} sentences) coded against the codebook "${cb.title}" (${cb.themes.length} themes${
      modes.length ? `; ${modes.join("; ")}` : ""
    }): ${used.length} themes occur. Most frequent: ` +
    (used.slice(0, 5).map((c) => `${c.label} (${c.answers} answers, ${pct(c.share)})`).join(
      ", ",
    ) || "none") + ".",
  ];
  if (a.language_flags.length) {
    paragraphs.push(
      `Answers not in the main language (${a.main_language}): ${
        a.language_flags.map((f) => `${f.respondent_id} (${f.language}, ${f.answers})`).join(", ")
      }.`,
    );
  }
  for (const w of a.warnings.filter((x) => !a.stem_warnings.some((s) => s.message === x))) {
    paragraphs.push(`Warning: ${w}.`);
  }
  const learned = t.learned;
  const m = learned?.model;
  if (learned && m) {
    paragraphs.push(
      `Coded by a coder learned from human codes (${learned.coder}: TF-IDF of words and word pairs${
        learned.coder === "combined" && m.rule_themes.length ? " and the rules' codes" : ""
      }, one logistic regression per theme, C and thresholds by ${m.folds}-fold cross-validation on the training answers only), trained on ${m.training_answers} answers of ${learned.trained_on}; the agreement below is with the human codes of the ${learned.rows.length} answers coded here, which it did not learn from. Its top terms per theme are in the model terms table; ${learned.suggestions.length} answers are ranked for the next round of human coding (most uncertain first: ${
        learned.suggestions.slice(0, 3).map((x) => `${x.answer_id} on ${x.theme_id}`).join(", ") ||
        "none"
      }).`,
    );
  } else if (learned) {
    paragraphs.push(
      `Coded by the codebook's rules, on the ${learned.rows.length} answers held out of ${learned.trained_on}.`,
    );
  }
  if (a.agreement) {
    const o = a.agreement.overall;
    paragraphs.push(
      `Against the human codes, over the ${o.themes} themes with a human column: micro F1 ${
        num(o.micro_f1)
      }, macro F1 ${num(o.macro_f1)} (${o.macro_themes} themes), mean Cohen's kappa ${
        num(o.mean_kappa)
      }, Krippendorff's alpha ${num(o.alpha.estimate, 3)} (95 % CI ${num(o.alpha.low, 3)} to ${
        num(o.alpha.high, 3)
      }).`,
    );
  } else {
    paragraphs.push(
      "No human codes to check the coding against: the counts are the rules' reading.",
    );
  }
  if (a.alignment) {
    const o = a.alignment.overall;
    const asked = a.alignment.questions.filter((q) => q.answers > 0);
    paragraphs.push(
      `Aligned to the interview guide (${a.alignment.guide}): ${o.aligned} of ${o.answers} answers take the guide question their interviewer turn asks, ${o.confident} confidently (similarity margin over the runner-up at least 0.1); mean similarity ${
        num(o.mean_similarity)
      }. Most answered: ${
        [...asked].sort((x, y) => y.answers - x.answers).slice(0, 3).map((q) =>
          `${q.question_id} (${q.answers} answers in ${q.interviews} interviews)`
        ).join(", ") || "none"
      }.`,
    );
  } else if (a.questions === "turn_order") {
    paragraphs.push(
      "No interview guide (`--guide FILE`): the transcripts' question ids are interviewer-turn numbers, so themes are counted per interview and per theme only, not per question.",
    );
  }
  const weak = weakRules(a.rule_diagnostics);
  if (weak.length) {
    paragraphs.push(
      `${weak.length} rules code at least 10 answers with a precision below 0.3 against the human codes; the weakest: ${
        weak.slice(0, 3).map((d) =>
          `${d.theme_id} ${d.rule} (${d.answers} answers, ${num(d.precision!)})`
        )
          .join(", ")
      }.`,
    );
  }
  if (a.stem_warnings.length) {
    paragraphs.push(
      `${a.stem_warnings.length} one-word phrases stem much broader than written (e.g. ${
        a.stem_warnings.slice(0, 2).map((w) => `"${w.word}" → "${w.stem}"`).join(", ")
      }): see the rule diagnostics table.`,
    );
  }
  const modelTable = m
    ? [{
      name: "theme_model_terms",
      rows: modelThemeRows(m) as unknown as Rows,
      columns: ["theme_id", "positives", "C", "threshold", "cv_f1", "top_terms"],
    }]
    : [];
  const charts = used.length
    ? [
      await barChart(
        "theme_bars",
        "Themes (answers coded)",
        used.slice(0, 25).map((c) => ({ label: c.label, value: c.answers })),
        "answers",
        { ...src, source: `${src.source}: ${t.source}` },
      ),
    ]
    : [{ id: "theme_bars", title: "Themes (answers coded)", omitted: "no theme was coded" }];
  return {
    ...section,
    paragraphs,
    charts,
    tables: [
      {
        name: "theme_counts",
        rows: a.counts as unknown as Rows,
        columns: ["label", "answers", "share", "respondents", "sentences"],
      },
      ...(a.agreement
        ? [{
          name: "theme_agreement",
          rows: a.agreement.per_theme as unknown as Rows,
          columns: [
            "theme_id",
            "n_b",
            "n_a",
            "tp",
            "fp",
            "fn",
            "precision",
            "recall",
            "f1",
            "kappa",
          ],
        }]
        : []),
      ...(a.alignment
        ? [{
          name: "theme_alignment",
          rows: a.alignment.questions as unknown as Rows,
          columns: ["question_id", "text", "answers", "interviews", "mean_similarity"],
        }]
        : []),
      {
        name: "theme_rule_diagnostics",
        // the rules worth a look first: least precise, then most answers
        rows: [...a.rule_diagnostics].sort((x, y) =>
          (x.precision ?? 2) - (y.precision ?? 2) || y.answers - x.answers
        ) as unknown as Rows,
        columns: ["theme_id", "rule", "answers", "only_rule", "precision", "recall"],
      },
      ...modelTable,
    ],
  };
}
