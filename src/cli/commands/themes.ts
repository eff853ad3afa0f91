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
import { analyseThemes, loadCodebook, readAnswers } from "../../themes/mod.ts";
import { themeSummary, writeThemeOutputs } from "../../report/theme_outputs.ts";
import { withOutputDir } from "../../io/output_dir.ts";
import { VERSION } from "../version.ts";

async function exists(p: string): Promise<boolean> {
  try {
    return (await Deno.stat(p)).isFile;
  } catch {
    return false;
  }
}

export const themes: Command = {
  name: "themes",
  help:
    `Usage: deno task rvlab themes --data DIR [--codebook FILE] [--out DIR] [--force] [--charts] [--quotes N] [--resamples N] [--seed N] [--json]

Reads the answers of DIR (its transcripts table transcripts.csv/.csv.gz/.json/.parquet,
else a transcripts/ folder of speaker-turn .txt files, else DIR itself as such a folder),
segments them into turns and sentences, flags answers not in the main language, and codes
every sentence with the codebook's rules (stems, phrases, proximity, negation, exclusions;
each code names its sentence and rule). Human codes in code_<theme> columns are read side by
side, and the auto-coder's agreement with them is measured (per theme precision, recall, F1,
Cohen's kappa; overall Krippendorff's alpha with a seeded bootstrap CI over answers); with
--second-coder, also between two human coders.

Options:
  --data DIR        the answers (e.g. a folder written by \`rvlab import nhs-feedback\`)
  --codebook FILE   codebook YAML/JSON (default: DIR/codebook.yaml or DIR/codebook.json)
  --out DIR         write coded_segments.csv, theme_counts.csv, matrix_{respondent,company,
                    role,question}.csv, cooccurrence.csv, quotes.csv, agreement.csv,
                    themes_by_score.csv, chart_data.json, summary.json, summary.md
                    (and quarantine.csv for transcripts rows that break the data model);
                    a folder rvlab wrote before is replaced whole, never --data or one in it
  --force           replace a non-empty --out that rvlab did not write
  --charts          with --out, also theme_heatmap.svg, theme_cooccurrence.svg, theme_bars.svg
  --quotes N        quotes per theme (default 3)
  --resamples N     bootstrap resamples for alpha (default 1000); --seed N its seed
  --second-coder P  column prefix of a second human coder (e.g. code2_): agreement of the two
                    humans too (agreement_humans.csv)
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
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    let cbFile = ctx.values.codebook as string | undefined;
    if (!cbFile) {
      for (const name of ["codebook.yaml", "codebook.yml", "codebook.json"]) {
        if (await exists(join(dir, name))) {
          cbFile = join(dir, name);
          break;
        }
      }
    }
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
    const a = analyseThemes(input.rows, codebook, {
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
    const out = ctx.values.out as string | undefined;
    let files: string[] = [];
    if (out) {
      const kind = input.rows.some((r) => r.extra.data_kind === "synthetic") ? "synthetic" : "real";
      const output = {
        command: "themes",
        version: VERSION,
        force: ctx.values.force === true,
        inputs: [dir, cbFile],
      };
      files = await withOutputDir(out, output, async (d) => {
        const written = await writeThemeOutputs(d, a, input.rows, codebook, {
          charts: ctx.values.charts === true,
          dataKind: kind,
          sourceLabel: input.source,
        });
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
    for (const t of a.top_by_question.slice(0, 10)) {
      ctx.print(
        `  ${t.case}: ${t.themes.map((x) => `${x.theme_id} (${x.count})`).join(", ") || "none"}`,
      );
    }
    if (a.agreement) {
      const o = a.agreement.overall;
      ctx.print(
        `  auto vs human: micro F1 ${o.micro_f1.toFixed(2)}, mean kappa ${
          o.mean_kappa.toFixed(2)
        }, alpha ${o.alpha.estimate.toFixed(3)} [${o.alpha.low.toFixed(3)}, ${
          o.alpha.high.toFixed(3)
        }]`,
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
    return { ...themeSummary(a), files, seconds: (performance.now() - t0) / 1000 };
  },
};
