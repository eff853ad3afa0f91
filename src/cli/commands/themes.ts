/**
 * `rvlab themes --data DIR [--codebook FILE] [--out DIR]`: codes transcripts or
 * open feedback against a codebook; themes by case and question, co-occurrence,
 * quotes, agreement with any human codes.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "../command.ts";
import { intOption, requireString } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { writeQuarantine } from "../../io/load.ts";
import {
  alignAnswers,
  analyseThemes,
  findCodebook,
  loadCodebook,
  loadGuide,
  readAnswers,
  weakRules,
} from "../../themes/mod.ts";
import { themeSummary, writeThemeOutputs } from "../../report/theme_outputs.ts";
import { withOutputDir } from "../../io/output_dir.ts";
import { VERSION } from "../version.ts";
import { LEARN_OPTIONS, learnedRun } from "./themes_learn.ts";
import { writeOutputFile } from "../../report/safety.ts";

export const themes: Command = {
  name: "themes",
  help:
    `Usage: deno task rvlab themes --data DIR [--codebook FILE] [--out DIR] [--force] [--charts] [--guide FILE] [--quotes N] [--resamples N] [--seed N] [--json]
       [--train DIR2 | --holdout F] [--coder rules|model|combined]

Reads the answers of DIR (its transcripts table transcripts.csv/.csv.gz/.json/.parquet,
else a transcripts/ folder of speaker-turn .txt files, else DIR itself as such a folder),
segments them into turns and sentences, flags answers not in the main language, and codes
every sentence with the codebook's rules (stems, phrases, proximity, negation, exclusions;
each code names its sentence and rule). Human codes in code_<theme> columns are read side by
side, and the auto-coder's agreement with them is measured over the themes with a column
(per theme the confusion counts, precision, recall, F1, Cohen's kappa; overall micro and
macro F1 and Krippendorff's alpha with a seeded bootstrap CI over answers); themes without a
column and columns without a theme are named in a warning; with --second-coder, also between
two human coders. Every rule's answers, precision and recall are in rule_diagnostics.csv, and
phrase words whose stem is much broader than the word written are warned about.
Codebook modes: fallback (a theme for answers nothing else coded), single_label (one theme
per answer, by priority), and parent themes rolled up in every count, matrix and chart.

Options:
  --data DIR        the answers (e.g. a folder written by \`rvlab import nhs-feedback\`)
  --codebook FILE   codebook YAML/JSON (default: DIR/codebook.yaml or DIR/codebook.json)
  --guide FILE      the interview guide: a text file whose questions open with [Q1], [Q2.1] …
                    (.txt or .txt.gz), or a YAML/JSON file with a questions list of {id, text}
                    (a codebook's); each interviewer turn is matched to the guide question it
                    asks and the answers after it take that question (alignment.csv: question,
                    similarity, margin). Default: none; transcripts read without a guide get
                    counts per interview and per theme only, no code × question matrix
  --out DIR         write coded_segments.csv, theme_counts.csv, matrix_{respondent,company,
                    role,question}.csv, cooccurrence.csv, quotes.csv, agreement.csv,
                    rule_diagnostics.csv, stem_warnings.csv, themes_by_score.csv,
                    chart_data.json, summary.json, summary.md, coding.qdpx (with --guide
                    also alignment.csv; transcripts without one get no matrix_question.csv)
                    (and quarantine.csv for transcripts rows that break the data model);
                    a folder rvlab wrote before is replaced whole, never --data or one in it
  --force           replace a non-empty --out that rvlab did not write
  --charts          with --out, also theme_heatmap.svg, theme_cooccurrence.svg, theme_bars.svg
  --quotes N        quotes per theme (default 3)
  --resamples N     bootstrap resamples for alpha (default 1000); --seed N its seed
  --second-coder P  column prefix of a second human coder (e.g. code2_): agreement of the two
                    humans too (agreement_humans.csv)
  --train DIR2      learn from the human codes (code_<theme> columns) of DIR2's answers and
                    code DIR with the learned model (TF-IDF of words and word pairs, a logistic
                    regression per theme, C and thresholds by 5-fold cross-validation on DIR2)
  --holdout F       one folder: learn from a seeded share 1 - F of DIR's answers (--seed),
                    code and measure on the other F (e.g. 0.3)
  --coder C         rules (the codebook's rules), model (text only) or combined (text and
                    the rules' codes as features); default combined with --train/--holdout,
                    else rules. Codebook force/forbid phrases override the model. Adds
                    model_terms.csv and suggestions.csv (answers to code next) to --out
  --json            print the summary as JSON on stdout`,
  options: {
    data: { type: "string", path: "input" },
    codebook: { type: "string", path: "input" },
    out: { type: "string", path: "output-dir" },
    charts: { type: "boolean" },
    quotes: { type: "string", min: 0 },
    resamples: { type: "string", min: 0 },
    seed: { type: "string", min: 0 },
    "second-coder": { type: "string" },
    guide: { type: "string", path: "input" },
    ...LEARN_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const cbFile = (ctx.values.codebook as string | undefined) ?? (await findCodebook(dir));
    if (!cbFile) {
      throw new UsageError(`--codebook is required (${dir} has no codebook.yaml or codebook.json)`);
    }
    const quotes = intOption(ctx, "quotes", 3);
    const resamples = intOption(ctx, "resamples", 1000);
    const seed = intOption(ctx, "seed", 20261125);
    const t0 = performance.now();
    const codebook = await loadCodebook(cbFile);
    ctx.log(`codebook ${codebook.id}: ${codebook.themes.length} themes`);
    const input = await readAnswers(dir);
    ctx.log(
      `read ${input.rows.length} answers from ${input.source}` +
        (input.quarantined ? ` (${input.quarantined} rows quarantined)` : ""),
    );
    const second = ctx.values["second-coder"] as string | undefined;
    const guideFile = ctx.values.guide as string | undefined;
    const guide = guideFile ? await loadGuide(guideFile) : null;
    const aligned = guide ? alignAnswers(input.rows, guide) : null;
    if (aligned) {
      const o = aligned.alignment.overall;
      ctx.log(
        `guide ${guideFile}: ${
          guide!.questions.length
        } questions; ${o.aligned} of ${o.answers} answers aligned, ${o.confident} confidently`,
      );
    }
    const learned = await learnedRun(
      ctx,
      codebook,
      aligned ? { ...input, rows: aligned.rows } : input,
      dir,
      seed,
    );
    const rows = learned?.rows ?? aligned?.rows ?? input.rows;
    const a = analyseThemes(rows, codebook, {
      codeHits: learned?.codeHits,
      alignment: aligned?.alignment,
      questionIds: input.kind === "transcript-folder" ? "turn_order" : "given",
      quotesPerTheme: quotes,
      resamples,
      seed,
      secondCoderPrefix: second,
    });
    if (second && !a.human_agreement) {
      throw new UsageError(
        `--second-coder ${second}: no ${second}<theme> columns beside the human codes in ${input.source}`,
      );
    }
    ctx.log(
      `coded ${a.sentences} sentences: ${a.hits.length} auto codes, ${a.human_codes.length} human codes`,
    );
    // what the reader must know before trusting a figure goes to stderr, also under --json
    const stemMessages = new Set(a.stem_warnings.map((w) => w.message));
    for (const w of a.warnings.filter((x) => !stemMessages.has(x))) ctx.log(`warning: ${w}`);
    for (const w of a.stem_warnings.slice(0, 3)) ctx.log(`warning: ${w.message}`);
    if (a.stem_warnings.length > 3) {
      ctx.log(
        `warning: ${a.stem_warnings.length - 3} more phrase words stem much broader than written` +
          (ctx.values.out ? " (stem_warnings.csv)" : " (see --json stem_warnings)"),
      );
    }
    const out = ctx.values.out as string | undefined;
    let files: string[] = [];
    if (out) {
      const kind = rows.some((r) => r.extra.data_kind === "synthetic") ? "synthetic" : "real";
      const output = {
        command: "themes",
        version: VERSION,
        force: ctx.values.force === true,
        inputs: [dir, cbFile, ...(guideFile ? [guideFile] : [])],
      };
      files = await withOutputDir(out, output, async (d) => {
        const written = await writeThemeOutputs(d, a, rows, codebook, {
          charts: ctx.values.charts === true,
          dataKind: kind,
          sourceLabel: input.source,
          summaryExtra: learned ? { model: learned.summary } : undefined,
          coderNote: learned?.note,
        });
        for (const f of learned?.files ?? []) written.push(await writeOutputFile(d, f.name, f.csv));
        if (input.quarantine.length) {
          await writeQuarantine(join(d, "quarantine.csv"), input.quarantine);
          written.push(join(d, "quarantine.csv"));
        }
        return written;
      });
      if (input.quarantine.length) {
        ctx.log(
          `${input.quarantine.length} rows quarantined: reasons in ${join(out, "quarantine.csv")}`,
        );
      }
      ctx.log(`wrote ${files.length} files to ${out}`);
    }
    ctx.print(
      `${codebook.title}: ${a.answers} answers of ${a.respondents} respondents, ${a.sentences} sentences`,
    );
    for (const f of a.language_flags) {
      ctx.print(
        `  language flag: ${f.respondent_id} answers in ${f.language} (${f.answers} answers)`,
      );
    }
    for (const c of a.counts.slice(0, 10)) {
      ctx.print(
        `  ${c.label.padEnd(40)} ${String(c.answers).padStart(6)} answers ${
          (100 * c.share).toFixed(1).padStart(5)
        } % ${String(c.respondents).padStart(5)} respondents`,
      );
    }
    if (a.alignment) {
      const o = a.alignment.overall;
      ctx.print(
        `  guide alignment: ${o.aligned} of ${o.answers} answers aligned (${o.confident} confidently)` +
          (o.aligned
            ? `, mean similarity ${o.mean_similarity.toFixed(2)}, mean margin ${
              o.mean_margin.toFixed(2)
            }`
            : ""),
      );
    }
    if (a.questions === "turn_order") {
      ctx.print(
        "  no guide: question ids are interviewer-turn numbers, so no theme × question matrix (--guide FILE aligns them)",
      );
    }
    for (const t of a.top_by_question.slice(0, 10)) {
      ctx.print(
        `  ${t.case}: ${t.themes.map((x) => `${x.theme_id} (${x.count})`).join(", ") || "none"}`,
      );
    }
    if (learned?.codeHits) {
      const m = learned.summary as { coder: string; trained_on: string; training_answers: number };
      ctx.print(
        `  coder: ${m.coder}, learned from ${m.training_answers} answers of ${m.trained_on}`,
      );
    }
    if (a.agreement) {
      const o = a.agreement.overall;
      ctx.print(
        `  auto vs human over ${o.themes} themes: micro F1 ${o.micro_f1.toFixed(2)}, macro F1 ${
          o.macro_f1.toFixed(2)
        }, mean kappa ${o.mean_kappa.toFixed(2)}, alpha ${o.alpha.estimate.toFixed(3)} [${
          o.alpha.low.toFixed(3)
        }, ${o.alpha.high.toFixed(3)}]`,
      );
    }
    for (const d of (a.agreement ? weakRules(a.rule_diagnostics) : []).slice(0, 5)) {
      ctx.print(
        `  weak rule: ${d.theme_id} ${d.rule}: ${d.answers} answers, precision ${
          d.precision!.toFixed(2)
        }`,
      );
    }
    if (a.human_agreement) {
      const o = a.human_agreement.overall;
      ctx.print(
        `  human vs human: percent agreement ${
          (100 * o.percent_agreement).toFixed(1)
        } %, mean kappa ${o.mean_kappa.toFixed(2)}, alpha ${o.alpha.estimate.toFixed(3)} [${
          o.alpha.low.toFixed(3)
        }, ${o.alpha.high.toFixed(3)}]`,
      );
    }
    ctx.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return {
      ...themeSummary(a),
      ...(learned ? { model: learned.summary } : {}),
      rule_diagnostics: a.rule_diagnostics,
      stem_warnings: a.stem_warnings,
      files,
      seconds: (performance.now() - t0) / 1000,
    };
  },
};
