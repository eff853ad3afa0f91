/**
 * `rvlab report --data DIR|postgres://…/SCHEMA --out DIR`: the full static RV-Q benchmark report.
 *
 * @module
 */
import { join } from "node:path";
import type { Command, CommandContext } from "../command.ts";
import {
  CACHE_HELP,
  CACHE_OPTIONS,
  cacheOption,
  capsOption,
  compareOption,
  enumOption,
  intOption,
  requireString,
} from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { isPostgresUrl } from "../../util/redact.ts";
import { openDataSource, sourceLabel } from "../../db/source.ts";
import type { DataKind } from "../../charts/render.ts";
import { VERSION } from "../version.ts";
import { LEARN_OPTIONS, learnOptions } from "./themes_learn.ts";

const KINDS: readonly DataKind[] = ["real", "fictional", "synthetic"];

/** --pdf needs a Chromium (checked before any data is read). */
async function chromiumCheck(ctx: CommandContext): Promise<void> {
  if (ctx.values.pdf !== true) return;
  const { findChromium, CHROMIUM_CANDIDATES } = await import("../../report/pdf.ts");
  if (!(await findChromium())) {
    throw new UsageError(
      `--pdf needs Chromium: none found at ${
        CHROMIUM_CANDIDATES.join(", ")
      } (apt-get install chromium, or set RVLAB_CHROMIUM)`,
    );
  }
}

export const report: Command = {
  name: "report",
  help:
    `Usage: deno task rvlab report --data DIR --out DIR [--force] [--kind real|fictional|synthetic]
                              [--title T] [--seed S] [--horizon P] [--cap TYPE=N ...]
                              [--compare "NAME: SQL" ...] [--codebook FILE] [--guide FILE]
                              [--train DIR2 | --holdout F] [--coder rules|model|combined]
                              [--no-png] [--pdf] [--no-cache | --cache DIR] [--json]

The RV-Q benchmark report arranged by the four levels of a customer-orientation review
(strategic, operative, innovation & development, results): segment RV patterns and the
starting benchmark, whale curve, CRM scorecard and relationship-type costs; accounts at
risk with the interactions behind them and next best actions, comparisons, process
gaps; the data map and best practice; the back-test of RV as a leading indicator and
say vs do. One self-contained report.html (no network request), report.md, charts/
(SVG, PNG, Vega-Lite spec) and tables/ (CSV, JSON). --kind defaults to the data
directory's manifest.json (data_kind), else "real". --cap TYPE=N counts at most N
occurrences of TYPE per account and month in every RV figure. --compare "NAME: SQL
predicate" adds a custom:NAME RV-Q answer (the accounts where the predicate holds vs
the rest; see rvlab segments --help). When the data folder has transcripts
(transcripts.csv or a transcripts/ folder) and a codebook (--codebook FILE, else
DIR/codebook.yaml or .json), the results level gains a themes section (what customers
say, the agreement with any human codes, the weakest rules; see rvlab themes --help);
--guide FILE aligns interview transcripts to the guide's questions (rvlab themes --guide).
--train DIR2 codes them with a coder learned from DIR2's human codes, --holdout F with one
learned from a seeded share 1 - F of the folder's own (measured on the other F), --coder
model|combined picks it (rvlab themes --train).
--pdf also prints report.pdf (A4) with headless
Chromium (Debian's chromium; RVLAB_CHROMIUM names another). Progress on stderr. The
report is built beside --out and swapped in whole: a folder rvlab wrote before is
replaced (no stale files), a new or empty one is created; any other non-empty folder
only with --force; never the data folder, one holding it or one inside it.

${CACHE_HELP}`,
  options: {
    data: { type: "string", path: "input" },
    out: { type: "string", path: "output-dir" },
    kind: { type: "string", choices: KINDS },
    title: { type: "string" },
    seed: { type: "string", min: 0 },
    horizon: { type: "string", min: 1 },
    cap: { type: "string", multiple: true, check: capsOption },
    compare: { type: "string", multiple: true, check: compareOption },
    codebook: { type: "string", path: "input" },
    guide: { type: "string", path: "input" },
    ...LEARN_OPTIONS,
    "no-png": { type: "boolean" },
    pdf: { type: "boolean", check: chromiumCheck },
    ...CACHE_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const out = requireString(ctx, "out");
    let manifestKind: DataKind | undefined;
    try {
      manifestKind = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json"))).data_kind;
    } catch { /* no manifest */ }
    const kind = enumOption(ctx, "kind", KINDS, manifestKind ?? "real");
    const caps = capsOption(ctx);
    const compare = compareOption(ctx);
    const seed = intOption(ctx, "seed", 1);
    const horizon = intOption(ctx, "horizon", 3);
    const pdf = ctx.values.pdf === true;
    const t0 = performance.now();
    // the report and chart modules (Vega, Plot, jsdom, resvg) load only for this command
    const { buildReport } = await import("../../report/build.ts");
    const { writeReport } = await import("../../report/write.ts");
    const { pngRenderer } = await import("../../charts/png.ts");
    // what customers say: the folder's transcripts against its codebook, when it has both;
    // first, so a --codebook/--train without transcripts stops before the data is read
    const { themeStudy } = await import("../../study/themes.ts");
    const codebook = ctx.values.codebook as string | undefined;
    const learn = learnOptions(ctx);
    const learns = learn.train !== undefined || learn.holdout !== undefined;
    const themes = isPostgresUrl(dir)
      ? { skipped: "transcripts are read from a data folder, not from PostgreSQL" }
      : await themeStudy(dir, {
        codebook,
        guide: ctx.values.guide as string | undefined,
        ...(learns ? learn : {}),
        seed,
        resamples: 1000,
        log: ctx.log,
      });
    if (codebook && "skipped" in themes) {
      throw new UsageError(`--codebook ${codebook}: ${themes.skipped}`);
    }
    if (learns && "skipped" in themes) {
      throw new UsageError(
        `--${learn.train !== undefined ? "train" : "holdout"}: nothing to code (${themes.skipped})`,
      );
    }
    const source = await openDataSource(dir, ctx.log, {
      cache: cacheOption(ctx),
      onProgress: ctx.progress,
      requireActivity: true,
    });
    const engine = source.engine;
    if ("skipped" in themes) ctx.log(`report: themes skipped (${themes.skipped})`);
    else {
      for (const w of themes.analysis.warnings.slice(0, 5)) ctx.log(`warning: themes: ${w}`);
    }
    // the PNGs are drawn in workers while the report renders and is written
    const pngs = ctx.values["no-png"] ? undefined : pngRenderer();
    try {
      const doc = await buildReport(engine, {
        dataKind: kind,
        source: sourceLabel(dir),
        title: (ctx.values.title as string | undefined) ??
          `RV-Q benchmark report: ${sourceLabel(dir)}`,
        seed,
        horizon,
        caps,
        compare,
        quality: source.quality,
        themes,
        log: ctx.log,
        onProgress: ctx.progress,
        pngs,
      });
      const files = await writeReport(doc, out, {
        png: !ctx.values["no-png"],
        pngs,
        pdf,
        log: ctx.log,
        onProgress: ctx.progress,
        output: {
          command: "report",
          version: VERSION,
          force: ctx.values.force === true,
          inputs: [dir],
        },
      });
      const charts = doc.sections.reduce(
        (n, x) => n + x.charts.filter((c) => "svg" in c).length,
        0,
      );
      const seconds = (performance.now() - t0) / 1000;
      ctx.print(
        `report (${kind} data): ${
          join(out, "report.html")
        } — ${charts} charts, ${files.length} files, ${seconds.toFixed(1)} s`,
      );
      return {
        out,
        html: join(out, "report.html"),
        markdown: join(out, "report.md"),
        pdf: pdf ? join(out, "report.pdf") : null,
        charts,
        files,
        seconds,
      };
    } finally {
      pngs?.close();
      await source.close();
    }
  },
};
