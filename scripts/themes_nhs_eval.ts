/**
 * Evaluates the auto-coder against the human theme labels of the real NHS feedback
 * (../shared/data/nhs-patient-feedback), on the half of the comments the codebook
 * rules were NOT written from (FNV-1a hash of comment_id odd = "test").
 *
 *   tools/node_modules/.bin/deno run --allow-all scripts/themes_nhs_eval.ts [--split test|dev|all] [--out DIR]
 *
 * Prints a Markdown table (per theme: human and auto counts, precision, recall, F1, kappa) and
 * the overall figures; with --out also writes the full `rvlab themes` outputs for the split.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { importAdapter } from "../src/ipf/adapters.ts";
import { sharedDataDir } from "../src/io/paths.ts";
import {
  analyseThemes,
  codesByAnswer,
  evaluationSplit,
  loadCodebook,
  overallAgreement,
  readAnswers,
} from "../src/themes/mod.ts";
import { writeThemeOutputs } from "../src/report/theme_outputs.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { split: { type: "string", default: "test" }, out: { type: "string" } },
});
const t0 = performance.now();
const tmp = await Deno.makeTempDir({ prefix: "rvlab-nhs-" });
await importAdapter("nhs-feedback", join(sharedDataDir(), "nhs-patient-feedback"), tmp, {
  log: () => {},
});
const codebook = await loadCodebook(
  new URL("../data/codebooks/nhs-feedback.yaml", import.meta.url).pathname,
);
const { rows: all } = await readAnswers(tmp);
const rows = values.split === "all"
  ? all
  : all.filter((r) => evaluationSplit(r.answer_id) === values.split);
const a = analyseThemes(rows, codebook, { resamples: 1000, seed: 20261125 });
const ms = performance.now() - t0;
const label = new Map(codebook.themes.map((t) => [t.id, t.label]));
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
console.log(
  `split ${values.split}: ${rows.length} comments of ${all.length}; ${a.hits.length} auto codes; ${
    (ms / 1000).toFixed(1)
  } s\n`,
);
console.log("| theme | human | auto | both | precision | recall | F1 | kappa |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const p of [...a.agreement!.per_theme].sort((x, y) => y.n_b - x.n_b)) {
  console.log(
    `| ${label.get(p.theme_id)} | ${p.n_b} | ${p.n_a} | ${p.n_both} | ${f(p.precision)} | ${
      f(p.recall)
    } | ${f(p.f1)} | ${f(p.kappa)} |`,
  );
}
const o = a.agreement!.overall;
console.log(
  `\noverall (${o.units} comments × ${o.themes} themes): micro precision ${
    f(o.micro_precision)
  }, recall ${f(o.micro_recall)}, F1 ${f(o.micro_f1)}; ` +
    `mean kappa ${
      f(o.mean_kappa)
    } over ${o.kappa_themes} themes with a defined kappa; percent agreement ${
      (100 * o.percent_agreement).toFixed(1)
    } %; ` +
    `Krippendorff's alpha ${o.alpha.estimate.toFixed(3)} (95 % bootstrap CI over comments ${
      o.alpha.low.toFixed(3)
    } to ${o.alpha.high.toFixed(3)}, ${o.alpha.resamples} resamples)`,
);
// "Labelling not possible" is the literal comment "Did not answer": trivially perfect, so also
// report the pooled figures without it
const rest = codebook.themes.map((t) => t.id).filter((t) => t !== "labelling_not_possible");
const o2 = overallAgreement(
  rows.map((r) => r.answer_id),
  rest,
  codesByAnswer(a.hits),
  codesByAnswer(a.human_codes),
  { resamples: 1000, seed: 20261125 },
);
console.log(
  `without "Labelling not possible": micro precision ${f(o2.micro_precision)}, recall ${
    f(o2.micro_recall)
  }, F1 ${f(o2.micro_f1)}; ` +
    `mean kappa ${f(o2.mean_kappa)} over ${o2.kappa_themes} themes; Krippendorff's alpha ${
      o2.alpha.estimate.toFixed(3)
    } (${o2.alpha.low.toFixed(3)} to ${o2.alpha.high.toFixed(3)})`,
);
if (values.out) await writeThemeOutputs(values.out, a, rows, codebook, { dataKind: "real" });
await Deno.remove(tmp, { recursive: true });
