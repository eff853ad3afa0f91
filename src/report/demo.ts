/**
 * The demo job: a seeded synthetic world through every stage that exists, so a
 * newcomer sees the whole pipeline with one command.
 *
 * @module
 */
import { join } from "node:path";
import { generateWorld } from "../generate/world.ts";
import { loadTable } from "../engine/records.ts";
import { localProjectFile } from "../io/paths.ts";
import { DEFAULT_IPF } from "../ipf/adapters.ts";
import type { IpfEntry } from "../io/schema.ts";
import { openEngine } from "../engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../engine/load.ts";
import { writeQuarantine } from "../io/load.ts";
import { dataQuality } from "../io/data_quality.ts";
import { rvByPeriod } from "../rv/rv_by_period.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { buildReport } from "./build.ts";
import { writeReport } from "./write.ts";
import { pngRenderer } from "../charts/png.ts";
import { type StageOptions, withOutputDir, writeOutputFile } from "../io/output_dir.ts";

/** Options for {@linkcode runDemo}. */
export interface DemoOptions {
  seed?: number;
  accounts?: number;
  log?: (line: string) => void;
  /** what may be replaced in `out`, and its marker (io/output_dir.ts) */
  output?: Partial<StageOptions>;
}

/** What the demo wrote. */
export interface DemoResult {
  synthetic: true;
  out: string;
  data_dir: string;
  counts: Record<string, { read: number; accepted: number; quarantined: number }>;
  files: string[];
  /** the HTML report (open it in a browser) */
  report?: string;
}

/**
 * Generates the default synthetic world into `out/data`, validates it, computes
 * monthly RV, and writes the tables, a Markdown summary and the full report
 * (report.html, report.md, charts/, tables/) into `out`, built beside it and swapped in
 * whole (`io/output_dir.ts`).
 *
 * Why: one command that shows the whole pipeline end to end on seeded data.
 *
 * Complexity: O(generated interactions) plus the report's queries and charts.
 *
 * @example
 * ```ts
 * import { runDemo } from "./demo.ts";
 * const result = await runDemo("out/demo", { accounts: 50, log: console.log });
 * console.log(result);
 * ```
 */
export async function runDemo(out: string, options: DemoOptions = {}): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  // everything is built beside out and swapped in when complete
  const r = await withOutputDir(
    out,
    { command: "demo", ...options.output },
    async (dir, text) => {
      const r = await demoInto(dir, options, text, (l) => log(text(l)));
      // quarantined rows name their file: the one in out, not the one being built
      const q = join(dir, "quarantine.csv");
      await writeOutputFile(dir, "quarantine.csv", text(await Deno.readTextFile(q)));
      return r;
    },
  );
  return { ...r, out, data_dir: join(out, "data"), report: join(out, "report.html") };
}

/** The demo written into `out` (the folder being built); `shown` names its paths as in the end. */
async function demoInto(
  out: string,
  options: DemoOptions,
  shown: (text: string) => string,
  log: (line: string) => void,
): Promise<DemoResult> {
  const dataDir = join(out, "data");
  const ipf = (await loadTable(await localProjectFile(DEFAULT_IPF), "ipf"))
    .records as unknown as IpfEntry[];
  log(`generating the synthetic world in ${dataDir}`);
  const world = await generateWorld(ipf, dataDir, {
    seed: options.seed ?? 1,
    accounts: options.accounts ?? 200,
    effect: "planted",
  });
  const engine = await openEngine();
  const files: string[] = [...world.files];
  // the PNGs are drawn in workers while the report renders and is written
  const pngs = pngRenderer();
  try {
    const { report, quarantine } = await loadDataDirIntoEngine(engine, dataDir, { log });
    const qfile = join(out, "quarantine.csv");
    await writeQuarantine(qfile, quarantine);
    files.push(qfile);
    log("computing Relationship Value per account and month");
    const rows = await rvByPeriod(engine, { grain: "month", halfLife: 6 });
    const cols = [
      "account_id",
      "period",
      "rv",
      "rv_cumulative",
      "rv_decayed",
      "interactions",
      "cost",
      "rv_per_cost",
    ] as const;
    let text = formatCsvRow(cols);
    for (const r of rows) {
      text += formatCsvRow([
        r.id,
        r.period,
        r.rv,
        r.rv_cumulative,
        r.rv_decayed,
        r.interactions,
        r.cost,
        r.rv_per_cost,
      ]);
    }
    files.push(await writeOutputFile(out, "tables/rv_by_account_month.csv", text));
    const counts = Object.fromEntries(
      Object.entries(report.tables).map((
        [k, v],
      ) => [k, { read: v.read, accepted: v.accepted, quarantined: v.quarantined }]),
    );
    const summary = await writeOutputFile(
      out,
      "README.md",
      `# rvlab demo — SYNTHETIC data\n\nSeed ${world.seed}, ${world.counts.accounts} accounts, ${world.months} months, effect \`${world.effect}\` ` +
        `(interactions lead money by ${world.lag_months} months).\n\n| table | read | accepted | quarantined |\n|---|---:|---:|---:|\n` +
        Object.entries(counts).map(([k, c]) =>
          `| ${k} | ${c.read} | ${c.accepted} | ${c.quarantined} |`
        ).join("\n") +
        `\n\nRV per account and month (half-life 6 months): \`tables/rv_by_account_month.csv\` (${rows.length} rows).\n`,
    );
    files.push(summary);
    log("building the report");
    const doc = await buildReport(engine, {
      dataKind: "synthetic",
      source:
        `rvlab demo world (seed ${world.seed}, ${world.counts.accounts} accounts, planted lag ${world.lag_months} months)`,
      title: "RV-Q benchmark report — rvlab demo (SYNTHETIC data)",
      seed: world.seed,
      // the report names the files where they will be, not in the folder being built
      quality: JSON.parse(
        shown(
          JSON.stringify(await dataQuality(dataDir, report, quarantine, { quarantineFile: qfile })),
        ),
      ),
      log,
      pngs,
    });
    files.push(...(await writeReport(doc, out, { output: "in-place", pngs })));
    return {
      synthetic: true,
      out,
      data_dir: dataDir,
      counts,
      files,
      report: join(out, "report.html"),
    };
  } finally {
    pngs.close();
    engine.close();
  }
}
