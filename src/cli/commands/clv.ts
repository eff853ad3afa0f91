/**
 * `rvlab clv --from FILE`: customer-base models (BG/NBD and the others of the registry,
 * Gamma-Gamma) fitted to a transaction log's calibration period, with standard errors,
 * checked on the holdout; the per-customer table and holdout charts with `--out`; the
 * Fader, Hardie & Lee (2005) reproduction with `--reproduce fhl2005`.
 *
 * @module
 */
import { join } from "node:path";
import type { Command, CommandContext } from "../command.ts";
import { enumOption, requireString } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { isCalendarDay } from "../../util/periods.ts";
import {
  readTransactions,
  type TimeUnit,
  TRANSACTION_FORMATS,
  type TransactionFormat,
} from "../../backtest/clv/transactions.ts";
import { analyseClv, type ClvResult } from "../../backtest/clv/analysis.ts";
import {
  COUNT_MODELS,
  type CountModelName,
  DISCRETE_COUNT_MODELS,
  type ModelFit,
} from "../../backtest/clv/model.ts";
import { discreteSummaries, fitDiscrete } from "../../backtest/clv/discrete.ts";
import { PUBLISHED_CDNOW_SAMPLE } from "../../backtest/clv/cdnow_fit.ts";
import { reproduceFhl2005, type Reproduction } from "../../backtest/clv/reproduce.ts";
import { withOutputDir, writeOutputFile } from "../../io/output_dir.ts";
import { formatCsvRow, safeCsvValue } from "../../util/escape.ts";
import type { DataKind } from "../../charts/render.ts";
import { VERSION } from "../version.ts";

const UNITS: readonly TimeUnit[] = ["week", "day", "month"];
const MODELS = ["all", "bgnbd", "pareto_nbd", "mbgnbd", "bgbb", "gamma_gamma"] as const;
const KINDS: readonly DataKind[] = ["real", "fictional", "synthetic"];

/** A `YYYY-MM-DD` option, or undefined when not given. */
function dayOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  const s = String(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ok = m !== null && isCalendarDay(+m[1], +m[2], +m[3]);
  if (!ok) throw new UsageError(`--${name} expects a date YYYY-MM-DD, found "${s}"`);
  return s;
}

/** A number option in [min, max], or the default. */
function numberOption(
  ctx: CommandContext,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = ctx.values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (String(v).trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} expects a number from ${min} to ${max}, found "${v}"`);
  }
  return n;
}

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const int = (x: number) => Math.round(x).toLocaleString("en");

/** The lines of one fit: LL, convergence, each parameter with SE and CI. */
function fitLines(fit: ModelFit): string[] {
  const lines = [
    `${fit.model}: LL ${f(fit.logLikelihood, 2)}, ${
      fit.customers.toLocaleString("en")
    } customers, ${fit.converged ? "converged" : "NOT converged"}${
      fit.gradientNorm !== undefined ? ` (gradient norm ${fit.gradientNorm.toExponential(1)})` : ""
    }`,
  ];
  for (const [name, value] of Object.entries(fit.params)) {
    const e = fit.estimates.find((x) => x.name === name);
    lines.push(
      `  ${name.padEnd(6)} ${f(value).padStart(10)}${
        e ? `  SE ${f(e.se)}  95 % CI ${f(e.ci_low)} – ${f(e.ci_high)}` : ""
      }`,
    );
  }
  return lines;
}

/** The human summary of an analysis. */
function summaryLines(r: ClvResult): string[] {
  const out = [
    `${r.file} (${r.format}): ${r.purchases.toLocaleString("en")} purchases, ${
      r.customers.toLocaleString("en")
    } customers in calibration (${r.repeaters.toLocaleString("en")} repeaters), time in ${r.unit}s`,
    `calibration ${r.calibration.start} – ${r.calibration.end}, holdout ${r.holdout.start} – ${r.holdout.end} (${
      f(r.holdout.length, 1)
    } ${r.unit}s)`,
  ];
  for (const fit of r.fits) out.push(...fitLines(fit));
  if (r.gamma_gamma) {
    out.push(...fitLines(r.gamma_gamma));
    out.push(
      `  E[spend per transaction] of a new customer ${f(r.gamma_gamma.population_mean_spend, 2)}`,
    );
  }
  for (const h of r.holdout_check) {
    out.push(
      `holdout ${h.model}: predicted ${f(h.predicted, 1)}, actual ${int(h.actual)} (${
        (100 * h.error).toFixed(1)
      } %)`,
    );
    out.push(
      "  by calibration frequency (customers: predicted / actual): " +
        h.by_frequency.map((g) =>
          `${g.frequency} (${int(g.customers)}): ${f(g.predicted, 0)} / ${int(g.actual)}`
        ).join(", "),
    );
  }
  return out;
}

/** The per-customer table as CSV (cells neutralised for spreadsheets). */
function tableCsv(r: ClvResult): string {
  const cols = [
    "customer",
    "first_purchase",
    "x",
    "t_x",
    "T",
    "m",
    "holdout_actual",
    "p_alive",
    "expected_holdout",
    "expected_horizon",
    "expected_spend",
    "dert",
    "clv",
  ] as const;
  let csv = formatCsvRow([...cols]);
  for (const c of r.table) csv += formatCsvRow(cols.map((k) => safeCsvValue(c[k])));
  return csv;
}

/**
 * The published Fader, Hardie & Lee (2005) figures beside rvlab's ({@linkcode reproduceFhl2005}):
 * each at the paper's printed precision, rvlab's SE, and whether rvlab's rounds to it.
 */
function reproductionLines(rep: Reproduction): string[] {
  return [
    `Fader, Hardie & Lee (2005), CDNOW 1/10 cohort (2,357 customers), weeks, calibration to 1997-09-30:`,
    `  ${"".padEnd(6)} ${"published".padStart(10)} ${"rvlab".padStart(12)} ${
      "SE".padStart(8)
    }  same to the printed digits`,
    ...rep.rows.map((x) => {
      const d = x.name === "LL" ? 2 : 4;
      return `  ${x.name.padEnd(6)} ${x.published.toFixed(d).padStart(10)} ${
        (x.rvlab === null ? "—" : f(x.rvlab, d)).padStart(12)
      } ${(x.se === null ? "" : f(x.se)).padStart(8)}  ${x.matches ? "yes" : "no"}`;
    }),
    rep.same_sample
      ? "  (the cohort file: rvlab's figures should agree to the published precision)"
      : `  (this file has ${
        rep.customers.toLocaleString("en")
      } customers, not the cohort's 2,357: the figures are comparable, not equal)`,
  ];
}

export const clv: Command = {
  name: "clv",
  help: `Usage: deno task rvlab clv --from FILE|DIR [--format cdnow|cdnow-cohort|csv|interactions]
                           [--customer COL --date COL --amount COL] [--calibration-end DATE]
                           [--holdout-end DATE] [--unit week|day|month] [--model all|bgnbd|…]
                           [--horizon MONTHS] [--discount RATE] [--margin SHARE]
                           [--out DIR [--force] [--kind real|fictional|synthetic]]
                           [--reproduce fhl2005] [--json]

Reads a transaction log: the CDNOW master (id, YYYYMMDD, CDs, dollars), the CDNOW cohort's
5-column form (original id, cohort id, YYYYMMDD, CDs, dollars), a CSV with a header
(columns --customer, --date, --amount; defaults customer, date, amount), or a data folder's
interactions (account_id, occurred_at, the rows with an amount > 0); gzip is recognised by
its content. Every line that cannot be read stops the run naming it (exit 1). Purchases on
one day are one transaction. The calibration ends at --calibration-end (default the log's
middle day; CDNOW: 1997-09-30, the 39 of 78 weeks of Fader, Hardie & Lee 2005), the holdout
at --holdout-end (default the last purchase). Fits every count model (or --model) and
Gamma-Gamma on the calibration (--model bgbb: BG/BB on whole --unit periods after each
customer's first purchase, x = periods with a transaction, beside BG/NBD), prints parameters with standard errors and 95 % CIs (from
the Hessian of the log-likelihood), the log-likelihood and convergence, and the holdout's
predicted vs actual transactions in total and by calibration frequency. With --out writes
customers.csv (P(alive), expected holdout and --horizon transactions, expected spend,
DERT = sum over the horizon's months of the expected transactions discounted at --discount
a year (default 0.10), CLV = DERT x expected spend x --margin), fit.json and charts/
(cumulative and incremental tracking, holdout by frequency, P(alive) matrix).
--reproduce fhl2005 prints the paper's BG/NBD and Gamma-Gamma estimates beside rvlab's
(the cohort file is at brucehardie.com/datasets; the master is in ../shared/data/cdnow).`,
  options: {
    from: { type: "string", path: "input" },
    format: { type: "string", choices: TRANSACTION_FORMATS },
    customer: { type: "string" },
    date: { type: "string" },
    amount: { type: "string" },
    "calibration-end": { type: "string", check: (c) => dayOption(c, "calibration-end") },
    "holdout-end": { type: "string", check: (c) => dayOption(c, "holdout-end") },
    unit: { type: "string", choices: UNITS },
    model: { type: "string", choices: MODELS },
    horizon: { type: "string", min: 1 },
    discount: { type: "string", check: (c) => numberOption(c, "discount", 0.1, 0, 10) },
    margin: { type: "string", check: (c) => numberOption(c, "margin", 1, 0, 1) },
    kind: { type: "string", choices: KINDS },
    reproduce: { type: "string", choices: ["fhl2005"] },
    out: { type: "string", path: "output-dir" },
  },
  async run(ctx) {
    const from = requireString(ctx, "from");
    const reproduce = ctx.values.reproduce === "fhl2005";
    const model = enumOption(ctx, "model", MODELS, "all");
    const registered = Object.keys(COUNT_MODELS) as CountModelName[];
    let models: CountModelName[] = registered;
    // BG/BB counts whole periods (discrete opportunities), beside BG/NBD for the table
    const discrete = model === "bgbb" ? DISCRETE_COUNT_MODELS.bgbb : undefined;
    if (discrete) models = ["bgnbd"];
    else if (model !== "all" && model !== "gamma_gamma") {
      if (!COUNT_MODELS[model]) {
        throw new UsageError(
          `--model ${model} is not available yet; expected one of ${
            ["all", ...registered, "gamma_gamma"].join(", ")
          }`,
        );
      }
      models = [model];
    }
    if (reproduce) models = ["bgnbd"];
    ctx.log(`reading ${from}`);
    const log = await readTransactions(from, {
      format: ctx.values.format as TransactionFormat | undefined,
      customer: ctx.values.customer as string | undefined,
      date: ctx.values.date as string | undefined,
      amount: ctx.values.amount as string | undefined,
    });
    ctx.log(`  ${log.purchases.length.toLocaleString("en")} purchases (${log.format})`);
    ctx.log(`fitting ${[...models, ...(discrete ? ["bgbb"] : [])].join(", ")} and gamma_gamma`);
    const r = analyseClv(log, {
      calibrationEnd: dayOption(ctx, "calibration-end") ?? (reproduce ? "1997-09-30" : undefined),
      holdoutEnd: dayOption(ctx, "holdout-end") ?? (reproduce ? "1998-06-30" : undefined),
      unit: reproduce ? "week" : enumOption(ctx, "unit", UNITS, "week"),
      models,
      horizonMonths: ctx.values.horizon === undefined ? 12 : Number(ctx.values.horizon),
      discount: numberOption(ctx, "discount", 0.1, 0, 10),
      margin: numberOption(ctx, "margin", 1, 0, 1),
    });
    if (discrete && !reproduce) {
      const d = discreteSummaries(log.purchases, r.calibration.end, r.holdout.end, r.unit);
      const b = fitDiscrete(discrete, d);
      r.fits.push(b.fit);
      r.holdout_check.push(b.holdout);
      ctx.log(
        `bgbb: in whole ${r.unit}s after each customer's first purchase; its holdout counts the whole ${r.unit}s after the calibration's with a transaction`,
      );
    }
    const reproduction = reproduce ? reproduceFhl2005(r) : null;
    for (const line of reproduction ? reproductionLines(reproduction) : summaryLines(r)) {
      ctx.print(line);
    }
    const { table, ...rest } = r;
    let files: string[] = [];
    const out = ctx.values.out as string | undefined;
    if (out) {
      const kind = enumOption(ctx, "kind", KINDS, "real");
      files = await withOutputDir(
        out,
        { command: "clv", version: VERSION, force: ctx.values.force === true, inputs: [from] },
        async (d) => {
          const written = [
            await writeOutputFile(d, "customers.csv", tableCsv(r)),
            await writeOutputFile(d, "fit.json", JSON.stringify(rest, null, 1) + "\n"),
          ];
          // the chart renderer (and its native add-on) only when charts are written
          const { clvCharts } = await import("../../charts/clv.ts");
          for (const c of await clvCharts(r, { kind, source: log.file })) {
            written.push(await writeOutputFile(d, join("charts", `${c.id}.svg`), c.svg));
          }
          return written;
        },
      );
      ctx.print(`wrote ${files.length} files into ${out} (customers.csv: ${table.length} rows)`);
    }
    const doc: Record<string, unknown> = { ...rest, files };
    if (reproduction) {
      doc.published = PUBLISHED_CDNOW_SAMPLE;
      doc.reproduction = reproduction;
    }
    return doc;
  },
};
