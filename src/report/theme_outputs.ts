/**
 * Writing a theme analysis: CSV tables (coded segments, counts, matrices,
 * co-occurrence, quotes, agreement, themes by score), `summary.json`,
 * `summary.md`, and chart data (+ SVG when asked) for the theme heatmap,
 * co-occurrence matrix and theme bars.
 *
 * @module
 */
import {
  type CsvValue,
  escapeMarkdown as md,
  formatCsvRow,
  neutraliseFormula,
} from "../util/escape.ts";
import { num as fmt, pct } from "../util/format.ts";
import type { Codebook } from "../themes/codebook.ts";
import type { ThemeAnalysis } from "../themes/analyse.ts";
import type { GuideAlignment } from "../themes/align.ts";
import type { AnswerRow } from "../themes/segment.ts";
import { qdpxBytes } from "../themes/qdpx.ts";
import { weakRules } from "../themes/diagnostics.ts";
import { writeOutputFile } from "./safety.ts";

/**
 * Formats a CSV table; text cells are protected against spreadsheet formulas.
 * Complexity: O(cells).
 *
 * @example
 * ```ts
 * import { csvTable } from "./theme_outputs.ts";
 * csvTable(["a", "b"], [["=1+1", 2]]); // => "a,b\n'=1+1,2\n"
 * ```
 */
export function csvTable(header: readonly string[], rows: readonly CsvValue[][]): string {
  const safe = (v: CsvValue) => (typeof v === "string" ? neutraliseFormula(v) : v);
  return formatCsvRow(header) + rows.map((r) => formatCsvRow(r.map(safe))).join("");
}

const f3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

/**
 * The small summary printed under `--json` and written to summary.json (no per-hit detail).
 * Complexity: O(themes² + questions × themes).
 *
 * @example
 * ```ts
 * import { themeSummary } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const analysis = analyseThemes(rows, codebook);
 * console.log(JSON.stringify(themeSummary(analysis)));
 * ```
 */
export function themeSummary(a: ThemeAnalysis) {
  return {
    codebook: a.codebook,
    answers: a.answers,
    respondents: a.respondents,
    sentences: a.sentences,
    languages: a.languages,
    main_language: a.main_language,
    language_flags: a.language_flags,
    auto_codes: a.hits.length,
    human_codes: a.human_codes.length,
    counts: a.counts,
    human_counts: a.human_counts,
    questions: a.questions,
    top_by_question: a.top_by_question,
    alignment: a.alignment
      ? {
        guide: a.alignment.guide,
        overall: a.alignment.overall,
        interviews: a.alignment.interviews,
        questions: a.alignment.questions.map(({ text: _t, ...q }) => q),
      }
      : null,
    cooccurrence_top: [...a.cooccurrence].sort((x, y) => y.both - x.both).slice(0, 10),
    human_columns: a.human_columns,
    warnings: a.warnings,
    agreement: a.agreement?.overall ?? null,
    human_agreement: a.human_agreement?.overall ?? null,
    weak_rules: weakRules(a.rule_diagnostics).slice(0, 20),
  };
}

/**
 * Markdown summary: counts, top themes per question, agreement, language flags.
 * Complexity: O(themes + quotes).
 *
 * @example
 * ```ts
 * import { themeMarkdown } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const analysis = analyseThemes(rows, codebook);
 * await Deno.writeTextFile("summary.md", themeMarkdown(analysis, codebook, "synthetic"));
 * ```
 */
export function themeMarkdown(
  a: ThemeAnalysis,
  codebook: Codebook,
  dataKind = "real",
  coderNote?: string,
): string {
  // every text from the codebook or the answers is escaped: a label or quote is text, not markup
  const label = new Map(codebook.themes.map((t) => [t.id, md(t.label)]));
  const q = new Map(codebook.questions.map((x) => [x.id, md(x.text)]));
  const lines = [
    `# Themes: ${md(codebook.title)}`,
    "",
    `Data: ${
      md(dataKind)
    }. ${a.answers} answers of ${a.respondents} respondents, ${a.sentences} sentences; ` +
    `${a.hits.length} auto codes, ${a.human_codes.length} human codes.`,
    "",
    ...(coderNote ? [md(coderNote), ""] : []),
  ];
  if (a.language_flags.length) {
    lines.push(
      `Language flags (main language ${a.main_language}): ` +
        a.language_flags.map((f) =>
          `${md(f.respondent_id)} (${md(f.language)}, ${f.answers} answers)`
        )
          .join("; "),
      "",
    );
  }
  if (a.warnings.length) {
    lines.push("## Warnings", "");
    const stems = new Set(a.stem_warnings.map((w) => w.message));
    for (const w of a.warnings.filter((x) => !stems.has(x))) lines.push(`- ${md(w)}`);
    for (const w of a.stem_warnings.slice(0, 10)) lines.push(`- ${md(w.message)}`);
    if (a.stem_warnings.length > 10) {
      lines.push(`- … ${a.stem_warnings.length - 10} more broad stems in stem_warnings.csv`);
    }
    lines.push("");
  }
  lines.push("## Themes", "", "| theme | answers | share | respondents |", "|---|---:|---:|---:|");
  for (const c of a.counts) {
    lines.push(`| ${md(c.label)} | ${c.answers} | ${pct(c.share)} | ${c.respondents} |`);
  }
  if (a.alignment) lines.push(...alignmentMarkdown(a.alignment));
  if (a.questions === "turn_order") {
    lines.push(
      "",
      "## Questions",
      "",
      "No interview guide was given, and the question ids of these transcripts are each " +
        "interview's n-th interviewer turn: turn n of one interview is not the question of turn " +
        "n of another, so there is no code × question matrix and no top themes per question " +
        "(`--guide FILE` aligns the answers to the guide's questions). Counts are per theme " +
        "(above) and per interview (`matrix_respondent.csv`).",
    );
  } else {
    lines.push("", "## Top themes per question", "");
    for (const t of a.top_by_question) {
      const themes = t.themes.map((x) => `${label.get(x.theme_id)} (${x.count})`).join(", ") ||
        "none";
      lines.push(`- ${md(t.case)}${q.has(t.case) ? ` (${q.get(t.case)})` : ""}: ${themes}`);
    }
  }
  if (a.agreement) {
    const o = a.agreement.overall;
    lines.push(
      "",
      "## Auto-coder against the human codes",
      "",
      `Over the ${o.themes} themes with a human column. Micro precision ${
        fmt(o.micro_precision)
      }, recall ${fmt(o.micro_recall)}, F1 ${fmt(o.micro_f1)}; macro F1 ${
        fmt(o.macro_f1)
      } over ${o.macro_themes} themes; mean Cohen's kappa ${
        fmt(o.mean_kappa)
      } over ${o.kappa_themes} themes; ` +
        `Krippendorff's alpha ${fmt(o.alpha.estimate, 3)} (95 % bootstrap CI ${
          fmt(o.alpha.low, 3)
        } to ${fmt(o.alpha.high, 3)}).`,
      "",
      "Confusion per theme (answers): both coded it, auto only, human only, neither.",
      "",
      "| theme | human | auto | both | auto only | human only | neither | precision | recall | F1 | kappa |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const p of a.agreement.per_theme) {
      lines.push(
        `| ${
          label.get(p.theme_id)
        } | ${p.n_b} | ${p.n_a} | ${p.n_both} | ${p.fp} | ${p.fn} | ${p.tn} | ${
          fmt(p.precision)
        } | ${fmt(p.recall)} | ${fmt(p.f1)} | ${fmt(p.kappa)} |`,
      );
    }
    const weak = weakRules(a.rule_diagnostics).slice(0, 10);
    if (weak.length) {
      lines.push(
        "",
        "## Weakest rules (precision against the human codes, at least 10 answers)",
        "",
        "| theme | rule | answers | precision | recall | answers only this rule codes |",
        "|---|---|---:|---:|---:|---:|",
      );
      for (const d of weak) {
        lines.push(
          `| ${label.get(d.theme_id)} | ${md(d.rule)} | ${d.answers} | ${fmt(d.precision!)} | ${
            d.recall === null ? "–" : fmt(d.recall)
          } | ${d.only_rule} |`,
        );
      }
    }
  }
  lines.push("", "## Quotes", "");
  for (const qu of a.quotes) {
    lines.push(
      `- **${label.get(qu.theme_id)}**: “${md(qu.quote)}” (${md(qu.respondent_id)}, ${
        md(qu.source)
      })`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The Markdown section of a guide alignment: overall figures, answers per guide
 * question with the mean similarity of the turns that asked it, and per interview.
 * Complexity: O(questions + interviews).
 *
 * @example
 * ```ts
 * import { alignmentMarkdown } from "./theme_outputs.ts";
 * import { alignAnswers, loadGuide, readAnswers } from "../themes/mod.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * alignmentMarkdown(alignAnswers(rows, guide).alignment).join("\n");
 * ```
 */
export function alignmentMarkdown(al: GuideAlignment): string[] {
  const o = al.overall;
  const lines = [
    "",
    "## Alignment to the interview guide",
    "",
    `Guide: ${md(al.guide)}. Each interviewer turn is matched to the guide question it asks ` +
    "(TF-IDF cosine of stems, in guide order with skips and follow-ups); the answers after it " +
    `take that question. ${o.aligned} of ${o.answers} answers aligned (${
      pct(o.aligned / o.answers)
    }), ${o.confident} confidently (margin over the runner-up ≥ 0.1); mean similarity ${
      fmt(o.mean_similarity)
    }, mean margin ${fmt(o.mean_margin)}.`,
    "",
    "| question | text | answers | interviews | mean similarity |",
    "|---|---|---:|---:|---:|",
  ];
  for (const q of al.questions) {
    const text = q.text.length > 80 ? q.text.slice(0, 77) + "…" : q.text;
    lines.push(
      `| ${md(q.question_id)} | ${md(text)} | ${q.answers} | ${q.interviews} | ${
        fmt(q.mean_similarity)
      } |`,
    );
  }
  lines.push(
    "",
    "| interview | answers | aligned | confident | turns asking a question | questions | mean similarity |",
    "|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const i of al.interviews) {
    lines.push(
      `| ${
        md(i.respondent_id)
      } | ${i.answers} | ${i.aligned} | ${i.confident} | ${i.asked} | ${i.questions} | ${
        fmt(i.mean_similarity)
      } |`,
    );
  }
  return lines;
}

/**
 * `alignment.csv`: per answer, its interviewer turn, the guide question it was
 * aligned to, how (asked / follow_up / unaligned), the similarity, margin and
 * whether it is confident. Complexity: O(answers).
 *
 * @example
 * ```ts
 * import { alignmentCsv } from "./theme_outputs.ts";
 * import { alignAnswers, loadGuide, readAnswers } from "../themes/mod.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * alignmentCsv(alignAnswers(rows, guide).alignment).name; // => "alignment.csv"
 * ```
 */
export function alignmentCsv(al: GuideAlignment): ThemeCsv {
  return {
    name: "alignment.csv",
    csv: csvTable(
      [
        "answer_id",
        "respondent_id",
        "turn_id",
        "question_id",
        "how",
        "similarity",
        "margin",
        "turn_similarity",
        "confident",
      ],
      al.answers.map((x) => [
        x.answer_id,
        x.respondent_id,
        x.turn_id,
        x.question_id,
        x.how,
        f3(x.similarity),
        f3(x.margin),
        f3(x.turn_similarity),
        x.confident,
      ]),
    ),
  };
}

/** The heat map's matrix: theme × question, or theme × respondent when there is no question matrix. */
function heatmapMatrix(
  a: ThemeAnalysis,
): { by: string; cells: ThemeAnalysis["matrices"]["question"] } {
  return a.matrices.question.length
    ? { by: "question", cells: a.matrices.question }
    : { by: "respondent", cells: a.matrices.respondent };
}

/**
 * Chart data: theme × question shares, co-occurrence (Ochiai, with flags) and theme bars.
 * Without a question matrix (transcripts read without a guide) the heat map is theme × respondent.
 * Complexity: O(themes × questions + themes²).
 *
 * @example
 * ```ts
 * import { themeChartData } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const analysis = analyseThemes(rows, codebook);
 * themeChartData(analysis, codebook).heatmap; // [{row, column, value}, …]
 * ```
 */
export function themeChartData(a: ThemeAnalysis, codebook: Codebook) {
  const label = new Map(codebook.themes.map((t) => [t.id, t.label]));
  const used = new Set(a.counts.filter((c) => c.answers > 0).map((c) => c.theme_id));
  return {
    heatmap: heatmapMatrix(a).cells.filter((c) => used.has(c.theme_id)).map((c) => ({
      row: label.get(c.theme_id) ?? c.theme_id,
      column: c.case,
      value: f3(c.share) ?? 0,
    })),
    cooccurrence: a.cooccurrence.flatMap((c) => {
      const a1 = label.get(c.a) ?? c.a;
      const b1 = label.get(c.b) ?? c.b;
      const v = f3(c.ochiai) ?? 0;
      return [
        { row: a1, column: b1, value: v, flag: c.flag },
        { row: b1, column: a1, value: v, flag: c.flag },
      ];
    }),
    bars: a.counts.filter((c) => c.answers > 0).map((c) => ({ label: c.label, value: c.answers })),
  };
}

/** Options of {@linkcode writeThemeOutputs}. */
export interface WriteThemeOptions {
  /** also render SVG charts (Vega-Lite; slower) */
  charts?: boolean;
  dataKind?: "real" | "synthetic" | "fictional";
  sourceLabel?: string;
  /** a line under the summary's heading saying which coder gave the auto codes (the learned one) */
  coderNote?: string;
  /** more keys of summary.json (e.g. `model` of the learned coder) */
  summaryExtra?: Record<string, unknown>;
}

/** One CSV file of a theme analysis: its name and its text. */
export interface ThemeCsv {
  name: string;
  csv: string;
}

/** The coding context of an answer: respondent, company, role, question, source. */
function answerContext(rows: readonly AnswerRow[]): (id: string) => CsvValue[] {
  const byId = new Map(rows.map((r) => [r.answer_id, r]));
  return (id) => {
    const r = byId.get(id);
    return [r?.respondent_id, r?.company_id, r?.role, r?.question_id, r?.source];
  };
}

/**
 * `coded_segments.csv`: every automatic hit and every human code with the
 * answer's context. Complexity: O(hits + human codes).
 *
 * @example
 * ```ts
 * import { codedSegmentsCsv } from "./theme_outputs.ts";
 * import type { ThemeAnalysis } from "../themes/analyse.ts";
 * declare const analysis: ThemeAnalysis;
 * codedSegmentsCsv(analysis, []).name; // => "coded_segments.csv"
 * ```
 */
export function codedSegmentsCsv(a: ThemeAnalysis, rows: readonly AnswerRow[]): ThemeCsv {
  const ctx = answerContext(rows);
  return {
    name: "coded_segments.csv",
    csv: csvTable(
      [
        "coder",
        "answer_id",
        "respondent_id",
        "company_id",
        "role",
        "question_id",
        "source",
        "theme_id",
        "sentence",
        "rule",
        "matched",
        "negated",
        "text",
      ],
      [
        ...a.hits.map((h) => [
          h.coder,
          h.answer_id,
          ...ctx(h.answer_id),
          h.theme_id,
          h.sentence,
          h.rule,
          h.matched,
          h.negated,
          h.text,
        ]),
        ...a.human_codes.map((h) => [
          h.coder,
          h.answer_id,
          ...ctx(h.answer_id),
          h.theme_id,
          null,
          "human code",
          null,
          null,
          null,
        ]),
      ],
    ),
  };
}

/**
 * `theme_counts.csv`: answers, share, respondents and sentences per theme, for the
 * auto-coder and (when present) the human coder. Complexity: O(themes).
 *
 * Why: the counts behind the theme bars, as a table a reader can check.
 *
 * @example
 * ```ts
 * import { themeCountsCsv } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * themeCountsCsv(analyseThemes(rows, codebook)).csv.split("\n")[0];
 * // => "coder,theme_id,label,answers,share,respondents,sentences"
 * ```
 */
export function themeCountsCsv(a: ThemeAnalysis): ThemeCsv {
  return {
    name: "theme_counts.csv",
    csv: csvTable(
      ["coder", "theme_id", "label", "answers", "share", "respondents", "sentences"],
      [
        ...a.counts.map((
          c,
        ) => ["auto", c.theme_id, c.label, c.answers, f3(c.share), c.respondents, c.sentences]),
        ...(a.human_counts ?? []).map((c) => [
          "human",
          c.theme_id,
          c.label,
          c.answers,
          f3(c.share),
          c.respondents,
          null,
        ]),
      ],
    ),
  };
}

/**
 * `matrix_<case>.csv`: theme × case counts and shares, one file per matrix. Complexity: O(cells).
 *
 * Why: the framework-matrix view (themes by respondent, company, role, question) as tables.
 *
 * @example
 * ```ts
 * import { matrixCsvs } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * matrixCsvs(analyseThemes(rows, codebook)).map((m) => m.name)[0]; // => "matrix_respondent.csv"
 * ```
 */
export function matrixCsvs(a: ThemeAnalysis): ThemeCsv[] {
  return Object.entries(a.matrices).filter(([name]) =>
    name !== "question" || a.questions !== "turn_order"
  ).map(([name, cells]) => ({
    name: `matrix_${name}.csv`,
    csv: csvTable(
      ["theme_id", name, "count", "answers", "share"],
      cells.map((c) => [c.theme_id, c.case, c.count, c.answers, f3(c.share)]),
    ),
  }));
}

/**
 * `cooccurrence.csv`: theme pairs with Jaccard, Ochiai and frequency ratio. Complexity: O(pairs).
 *
 * Why: which themes come up together, with measures that do not just favour frequent themes.
 *
 * @example
 * ```ts
 * import { cooccurrenceCsv } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * cooccurrenceCsv(analyseThemes(rows, codebook)).name; // => "cooccurrence.csv"
 * ```
 */
export function cooccurrenceCsv(a: ThemeAnalysis): ThemeCsv {
  return {
    name: "cooccurrence.csv",
    csv: csvTable(
      ["theme_a", "theme_b", "n_a", "n_b", "both", "jaccard", "ochiai", "frequency_ratio", "flag"],
      a.cooccurrence.map((c) => [
        c.a,
        c.b,
        c.n_a,
        c.n_b,
        c.both,
        f3(c.jaccard),
        f3(c.ochiai),
        f3(c.frequency_ratio),
        c.flag,
      ]),
    ),
  };
}

/**
 * `quotes.csv`: the quotes chosen per theme with their context. Complexity: O(quotes).
 *
 * Why: every quote in the report traceable to its respondent, question and the rule that chose it.
 *
 * @example
 * ```ts
 * import { quotesCsv } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * quotesCsv(analyseThemes(rows, codebook)).name; // => "quotes.csv"
 * ```
 */
export function quotesCsv(a: ThemeAnalysis): ThemeCsv {
  return {
    name: "quotes.csv",
    csv: csvTable(
      ["theme_id", "quote", "respondent_id", "company_id", "role", "question_id", "source", "rule"],
      a.quotes.map((q) => [
        q.theme_id,
        q.quote,
        q.respondent_id,
        q.company_id,
        q.role,
        q.question_id,
        q.source,
        q.rule,
      ]),
    ),
  };
}

/**
 * The agreement tables: `agreement.csv` (auto vs human, per theme) and
 * `agreement_humans.csv` (two human coders), each only when measured.
 * Complexity: O(themes).
 *
 * Why: how far the auto-coder can be trusted, per theme, when a human coded the same answers.
 *
 * @example
 * ```ts
 * import { agreementCsvs } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * // no human coding in this sample
 * agreementCsvs(analyseThemes(rows, codebook)).length; // => 0
 * ```
 */
export function agreementCsvs(a: ThemeAnalysis): ThemeCsv[] {
  const out: ThemeCsv[] = [];
  if (a.agreement) {
    out.push({
      name: "agreement.csv",
      csv: csvTable(
        [
          "theme_id",
          "human",
          "auto",
          "both",
          "auto_only",
          "human_only",
          "neither",
          "percent_agreement",
          "kappa",
          "precision",
          "recall",
          "f1",
        ],
        a.agreement.per_theme.map((p) => [
          p.theme_id,
          p.n_b,
          p.n_a,
          p.n_both,
          p.fp,
          p.fn,
          p.tn,
          f3(p.percent_agreement),
          f3(p.kappa),
          f3(p.precision),
          f3(p.recall),
          f3(p.f1),
        ]),
      ),
    });
  }
  if (a.human_agreement) {
    out.push({
      name: "agreement_humans.csv",
      csv: csvTable(
        ["theme_id", "coder_1", "coder_2", "both", "percent_agreement", "kappa"],
        a.human_agreement.per_theme.map((p) => [
          p.theme_id,
          p.n_b,
          p.n_a,
          p.n_both,
          f3(p.percent_agreement),
          f3(p.kappa),
        ]),
      ),
    });
  }
  return out;
}

/**
 * `rule_diagnostics.csv` (every rule: answers and sentences coded, negated
 * hits, answers only it coded, precision and recall against the human codes)
 * and `stem_warnings.csv` (phrase words whose stem is much broader than the
 * word written), the second only when there is a warning.
 * Complexity: O(rules + warnings).
 *
 * @example
 * ```ts
 * import { ruleDiagnosticsCsvs } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * ruleDiagnosticsCsvs(analyseThemes(rows, codebook))[0].name; // => "rule_diagnostics.csv"
 * ```
 */
export function ruleDiagnosticsCsvs(a: ThemeAnalysis): ThemeCsv[] {
  const out: ThemeCsv[] = [{
    name: "rule_diagnostics.csv",
    csv: csvTable(
      [
        "theme_id",
        "rule",
        "answers",
        "sentences",
        "negated",
        "only_rule",
        "human_agrees",
        "precision",
        "recall",
        "only_rule_precision",
      ],
      a.rule_diagnostics.map((d) => [
        d.theme_id,
        d.rule,
        d.answers,
        d.sentences,
        d.negated,
        d.only_rule,
        d.human_agrees,
        d.precision === null ? null : f3(d.precision),
        d.recall === null ? null : f3(d.recall),
        d.only_rule_precision === null ? null : f3(d.only_rule_precision),
      ]),
    ),
  }];
  if (a.stem_warnings.length) {
    out.push({
      name: "stem_warnings.csv",
      csv: csvTable(
        ["theme_id", "rule", "language", "word", "stem", "word_tokens", "other_tokens", "forms"],
        a.stem_warnings.map((w) => [
          w.theme_id,
          w.rule,
          w.language,
          w.word,
          w.stem,
          w.word_tokens,
          w.other_tokens,
          w.forms.slice(0, 10).map((f) => `${f.form} ${f.count}`).join("; "),
        ]),
      ),
    });
  }
  return out;
}

/**
 * `themes_by_score.csv`: answers per theme and score value with the mean score of
 * answers with and without the theme; none when the data has no scores.
 * Complexity: O(themes × score values).
 *
 * Why: links what people say (themes) to how they score (e.g. NPS).
 *
 * @example
 * ```ts
 * import { themesByScoreCsvs } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * // no scores in this sample
 * themesByScoreCsvs(analyseThemes(rows, codebook)).length; // => 0
 * ```
 */
export function themesByScoreCsvs(a: ThemeAnalysis): ThemeCsv[] {
  if (!a.by_score) return [];
  const values = Object.keys(a.by_score[0]?.by_score ?? {});
  return [{
    name: "themes_by_score.csv",
    csv: csvTable(
      [
        "theme_id",
        ...values.map((v) => `score_${v}`),
        "answers",
        "mean_score",
        "mean_score_without",
      ],
      a.by_score.map((s) => [
        s.theme_id,
        ...values.map((v) => s.by_score[v]),
        s.answers,
        f3(s.mean_score),
        f3(s.mean_score_without),
      ]),
    ),
  }];
}

/**
 * Every CSV table of a theme analysis, in the order they are written.
 *
 * Complexity: O(size of the analysis).
 *
 * @example
 * ```ts
 * import { themeCsvs } from "./theme_outputs.ts";
 * import type { ThemeAnalysis } from "../themes/analyse.ts";
 * declare const analysis: ThemeAnalysis;
 * themeCsvs(analysis, []).map((t) => t.name); // coded_segments.csv, theme_counts.csv, …
 * ```
 */
export function themeCsvs(a: ThemeAnalysis, rows: readonly AnswerRow[]): ThemeCsv[] {
  return [
    codedSegmentsCsv(a, rows),
    themeCountsCsv(a),
    ...matrixCsvs(a),
    cooccurrenceCsv(a),
    quotesCsv(a),
    ...agreementCsvs(a),
    ...ruleDiagnosticsCsvs(a),
    ...themesByScoreCsvs(a),
    ...(a.alignment ? [alignmentCsv(a.alignment)] : []),
  ];
}

/**
 * The theme charts as SVG: the theme × question heatmap, the co-occurrence matrix
 * and the theme bars (themes with at least one answer). Charts are loaded on
 * demand, so writing tables alone does not load Vega.
 *
 * Complexity: O(themes² + cells) plus rendering three charts.
 *
 * @example
 * ```ts
 * import { themeCharts } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * (await themeCharts(analyseThemes(rows, codebook), codebook)).map((c) => c.id);
 * // => ["theme_heatmap", "theme_cooccurrence", "theme_bars"]
 * ```
 */
export async function themeCharts(
  a: ThemeAnalysis,
  codebook: Codebook,
  options: WriteThemeOptions = {},
): Promise<{ id: string; svg: string }[]> {
  const { themeHeatmapChart, coOccurrenceChart, barChart } = await import("../charts/mod.ts");
  const src = { kind: options.dataKind ?? "real", source: options.sourceLabel ?? codebook.title };
  const label = new Map(codebook.themes.map((t) => [t.id, t.label]));
  const used = codebook.themes.filter((t) =>
    a.counts.some((c) => c.theme_id === t.id && c.answers > 0)
  );
  const heat = heatmapMatrix(a);
  const cases = [...new Set(heat.cells.map((c) => c.case))];
  return [
    await themeHeatmapChart(
      heat.cells.filter((c) => used.some((t) => t.id === c.theme_id)).map((c) => ({
        theme: label.get(c.theme_id) ?? c.theme_id,
        case: c.case,
        share: f3(c.share) ?? 0,
        count: c.count,
      })),
      used.map((t) => t.label),
      cases,
      heat.by,
      src,
    ),
    await coOccurrenceChart(
      a.cooccurrence.map((c) => ({
        a: label.get(c.a) ?? c.a,
        b: label.get(c.b) ?? c.b,
        ochiai: f3(c.ochiai) ?? 0,
        both: c.both,
        flag: c.flag,
      })),
      used.map((t) => t.label),
      src,
    ),
    await barChart(
      "theme_bars",
      "Themes (answers coded)",
      themeChartData(a, codebook).bars,
      "answers",
      src,
    ),
  ];
}

/**
 * Writes every output of a theme analysis to `outDir` (created). Returns the
 * paths written. Complexity: O(size of the analysis).
 *
 * @example
 * ```ts
 * import { writeThemeOutputs } from "./theme_outputs.ts";
 * import { analyseThemes } from "../themes/analyse.ts";
 * import { loadCodebook } from "../themes/codebook.ts";
 * import { readAnswers } from "../themes/input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const analysis = analyseThemes(rows, codebook);
 * await writeThemeOutputs("out/themes", analysis, rows, codebook); // the paths written
 * ```
 */
export async function writeThemeOutputs(
  outDir: string,
  a: ThemeAnalysis,
  rows: readonly AnswerRow[],
  codebook: Codebook,
  options: WriteThemeOptions = {},
): Promise<string[]> {
  await Deno.mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, content: string | Uint8Array) => {
    written.push(await writeOutputFile(outDir, name, content));
  };
  for (const t of themeCsvs(a, rows)) await put(t.name, t.csv);
  await put("coding.qdpx", qdpxBytes(rows, codebook, a.hits, a.human_codes));
  await put("chart_data.json", JSON.stringify(themeChartData(a, codebook), null, 2) + "\n");
  await put(
    "summary.json",
    JSON.stringify({ ...themeSummary(a), ...options.summaryExtra }, null, 2) + "\n",
  );
  await put(
    "summary.md",
    themeMarkdown(a, codebook, options.dataKind ?? "real", options.coderNote),
  );
  if (options.charts) {
    for (const c of await themeCharts(a, codebook, options)) await put(`${c.id}.svg`, c.svg);
  }
  return written;
}
