/**
 * Adapters: turning a public or exported data set into a canonical data directory.
 *
 * An adapter is a rules file in `data/rules/<name>.yaml` (see `rules.ts`) plus the
 * default IPF catalog; the only code is this driver, which applies the rules,
 * copies the catalog, writes a manifest saying what kind of data it is, and then
 * validates the result with the ordinary loader so the counts reconcile.
 *
 * @module
 */
import { join } from "node:path";
import { applyRules, readRules, type RulesResult } from "./rules.ts";
import { type LoadReport, writeQuarantine } from "../io/load.ts";
import { openEngine } from "../engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../engine/load.ts";
import { localProjectFile, projectPath } from "../io/paths.ts";
import { DataError, UsageError } from "../io/errors.ts";
import { readTranscriptFolder } from "../io/transcripts.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { INTERACTIONS, TRANSCRIPTS } from "../io/schema.ts";

/** The default IPF catalog copied into every adapter's output. */
export const DEFAULT_IPF: string = projectPath("data", "ipf", "b2b-default.csv");

/** The adapters shipped with rvlab (one rules file each). */
export const ADAPTERS = ["cdnow", "maven-crm", "olist-funnel", "nhs-feedback"] as const;

/** What an import gives. */
export interface ImportResult {
  adapter: string;
  data_kind: string;
  out: string;
  rules: RulesResult;
  /** validation of the written directory: read = accepted + quarantined per table */
  check: LoadReport;
  quarantine_file: string;
  quarantined: number;
}

/** Options for {@linkcode importAdapter}. */
export interface ImportOptions {
  /** a rules file to use instead of the shipped one */
  rulesFile?: string;
  /** an IPF catalog to copy instead of the default */
  ipfFile?: string;
  log?: (line: string) => void;
}

/**
 * Imports a data set with an adapter's rules into `outDir` and validates it.
 *
 * @example
 * ```ts
 * import { importAdapter } from "./adapters.ts";
 * const r = await importAdapter("cdnow", "../shared/data/cdnow", "out/cdnow");
 * r.check.tables.interactions; // { read: 69659, accepted: 69659, quarantined: 0, ... }
 * ```
 */
export async function importAdapter(
  adapter: string,
  fromDir: string,
  outDir: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (adapter === "transcripts" && !options.rulesFile) {
    return await importTranscripts(fromDir, outDir, options);
  }
  const rulesFile = options.rulesFile ?? projectPath("data", "rules", `${adapter}.yaml`);
  if (!options.rulesFile && !(ADAPTERS as readonly string[]).includes(adapter)) {
    throw new UsageError(
      `unknown adapter "${adapter}", expected one of ${[...ADAPTERS, "transcripts"].join(", ")}`,
    );
  }
  try {
    if (!(await Deno.stat(fromDir)).isDirectory) throw new Error("not a directory");
  } catch {
    throw new DataError(`${fromDir}: expected the folder of the ${adapter} data set`, fromDir);
  }
  const rules = await readRules(await localProjectFile(rulesFile));
  const log = options.log ?? (() => {});
  const result = await applyRules(rules, fromDir, outDir, { log });
  await Deno.copyFile(
    await localProjectFile(options.ipfFile ?? DEFAULT_IPF),
    join(outDir, "ipf.csv"),
  );
  await writeManifest(outDir, {
    adapter,
    data_kind: rules.data_kind,
    description: rules.description ?? "",
    source: fromDir,
    // what each rule used and filtered: the report's "About the data" reads it
    rules: result.rules.map((r) => ({
      table: r.table,
      rule: r.rule,
      source: r.source,
      source_rows: r.source_rows,
      emitted: r.emitted,
      filtered: r.filtered,
    })),
  });
  log(`validating ${outDir}`);
  const { report, quarantine } = await checkWritten(outDir, log);
  const quarantineFile = join(outDir, "quarantine.csv");
  await writeQuarantine(quarantineFile, quarantine);
  return {
    adapter,
    data_kind: rules.data_kind,
    out: outDir,
    rules: result,
    check: report,
    quarantine_file: quarantineFile,
    quarantined: quarantine.length,
  };
}

/**
 * The `transcripts` adapter: a folder of speaker-turn interview transcripts (`.txt` or
 * `.txt.gz`) into `transcripts.csv` (one row per respondent answer, with the file and
 * line it starts on), plus an empty interactions table and the IPF so the directory
 * is a valid data directory.
 *
 * Why: qualitative interviews join the VoC analyses through the same loader.
 * Complexity: O(total size of the transcripts).
 *
 * @example
 * ```ts
 * import { importTranscripts } from "./adapters.ts";
 * const from = await Deno.makeTempDir(), out = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${from}/ann.txt`, "Interviewer: Why?\nAnn: Because.\nInterviewer: Ok.\nAnn: Bye.");
 * const r = await importTranscripts(from, out);
 * r.rules.tables; // => { transcripts: 2, interactions: 0 }
 * ```
 */
export async function importTranscripts(
  fromDir: string,
  outDir: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const log = options.log ?? (() => {});
  let answers;
  try {
    answers = await readTranscriptFolder(fromDir);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(
      `${fromDir}: expected a folder of .txt transcripts (${(e as Error).message})`,
      fromDir,
    );
  }
  await Deno.mkdir(outDir, { recursive: true });
  const cols = [...TRANSCRIPTS.columns.map((c) => c.name), "file", "line"];
  let text = formatCsvRow(cols);
  for (const a of answers) {
    text += formatCsvRow(
      cols.map((c) => (a as unknown as Record<string, string | number | null>)[c]),
    );
  }
  const tfile = join(outDir, "transcripts.csv");
  await Deno.writeTextFile(tfile, text);
  const ifile = join(outDir, "interactions.csv");
  await Deno.writeTextFile(ifile, formatCsvRow(INTERACTIONS.columns.map((c) => c.name)));
  await Deno.copyFile(
    await localProjectFile(options.ipfFile ?? DEFAULT_IPF),
    join(outDir, "ipf.csv"),
  );
  await writeManifest(outDir, {
    adapter: "transcripts",
    data_kind: "real",
    description: `interview transcripts from ${fromDir}`,
    source: fromDir,
  });
  log(
    `wrote ${tfile} (${answers.length} answers from ${
      new Set(answers.map((a) => a.respondent_id)).size
    } transcripts)`,
  );
  const { report, quarantine } = await checkWritten(outDir, log);
  const quarantineFile = join(outDir, "quarantine.csv");
  await writeQuarantine(quarantineFile, quarantine);
  return {
    adapter: "transcripts",
    data_kind: "real",
    out: outDir,
    rules: {
      sources: { transcripts: { file: fromDir, read: answers.length, malformed: 0 } },
      rules: [],
      tables: { transcripts: answers.length, interactions: 0 },
      files: [tfile, ifile],
      filtered_file: "",
    },
    check: report,
    quarantine_file: quarantineFile,
    quarantined: quarantine.length,
  };
}

/**
 * Writes `manifest.json`: what the directory holds and whether it is real, fictional or synthetic.
 *
 * Why: reports must say what kind of data their figures come from.
 * Complexity: O(size of the manifest).
 *
 * @example
 * ```ts
 * import { writeManifest } from "./adapters.ts";
 * const dir = await Deno.makeTempDir();
 * await writeManifest(dir, { adapter: "demo", data_kind: "synthetic", description: "a demo", source: "none" });
 * JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)).adapter; // => "demo"
 * ```
 */
export async function writeManifest(
  outDir: string,
  manifest:
    & { adapter: string; data_kind: string; description: string; source: string }
    & Record<string, unknown>,
): Promise<void> {
  await Deno.writeTextFile(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
}

/** Validates a data folder an adapter wrote, as every command reads it (the engine's load). */
async function checkWritten(
  dir: string,
  log: (line: string) => void,
): Promise<
  {
    report: LoadReport;
    quarantine: Awaited<ReturnType<typeof loadDataDirIntoEngine>>["quarantine"];
  }
> {
  const engine = await openEngine();
  try {
    const { report, quarantine } = await loadDataDirIntoEngine(engine, dir, { log });
    return { report, quarantine };
  } finally {
    engine.close();
  }
}
