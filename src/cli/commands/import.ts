/**
 * `rvlab import <adapter> --from PATH --out DIR`: a public or exported data set
 * into the canonical model, by declarative business rules.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { requireString } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { ADAPTERS, importAdapter } from "../../ipf/adapters.ts";
import { withOutputDir } from "../../io/output_dir.ts";
import { VERSION } from "../version.ts";

export const importCommand: Command = {
  name: "import",
  help:
    `Usage: deno task rvlab import <adapter> --from PATH --out DIR [--force] [--rules FILE] [--ipf FILE] [--json]

Adapters: ${ADAPTERS.join(", ")}, transcripts.
Applies the adapter's business rules (data/rules/<adapter>.yaml, or --rules FILE for
your own silo), copies the IPF catalog (data/ipf/b2b-default.csv, or --ipf FILE), writes
manifest.json, then validates the directory: every source row a rule did not use is in
DIR/filtered.csv with its reason, every written row that breaks the data model in
DIR/quarantine.csv. With --rules, <adapter> is any name you give the import.

Options:
  --from PATH    folder of the raw data set (e.g. ../shared/data/cdnow)
  --out DIR      output data directory (new, empty, or written by rvlab before: then
                 replaced whole; never inside --from or holding it)
  --force        replace a non-empty --out that rvlab did not write
  --rules FILE   a rules file (YAML or JSON) instead of the shipped one
  --ipf FILE     an IPF catalog instead of the default
  --json         print counts per table, per rule and the quarantine only`,
  options: {
    from: { type: "string", path: "input" },
    out: { type: "string", path: "output-dir" },
    rules: { type: "string", path: "input" },
    ipf: { type: "string", path: "input" },
  },
  async run(ctx) {
    const adapter = ctx.positionals[0];
    if (!adapter) throw new UsageError(`an adapter name is required\n\n${importCommand.help}`);
    const from = requireString(ctx, "from");
    const out = requireString(ctx, "out");
    const rulesFile = ctx.values.rules as string | undefined;
    const ipfFile = ctx.values.ipf as string | undefined;
    const r = await withOutputDir(
      out,
      {
        command: "import",
        version: VERSION,
        force: ctx.values.force === true,
        inputs: [from, ...(rulesFile ? [rulesFile] : []), ...(ipfFile ? [ipfFile] : [])],
      },
      async (dir, text) => {
        const r = await importAdapter(adapter, from, dir, {
          rulesFile,
          ipfFile,
          log: (l) => ctx.log(text(l)),
        });
        // quarantined rows name their file: the one in --out, not the one being built
        await Deno.writeTextFile(
          r.quarantine_file,
          text(await Deno.readTextFile(r.quarantine_file)),
        );
        return r;
      },
    );
    ctx.print(`${adapter} (${r.data_kind} data) → ${out}`);
    for (const [t, c] of Object.entries(r.check.tables)) {
      ctx.print(
        `  ${t.padEnd(13)} ${String(c.accepted).padStart(8)} accepted ${
          String(c.quarantined).padStart(6)
        } quarantined`,
      );
    }
    const filtered = r.rules.rules.reduce((s, x) => s + x.filtered, 0);
    ctx.print(
      `  source rows not used by a rule: ${filtered} (reasons in ${r.rules.filtered_file})`,
    );
    ctx.print(`  quarantined rows: ${r.quarantined} (reasons in ${r.quarantine_file})`);
    return {
      adapter,
      data_kind: r.data_kind,
      out,
      tables: r.check.tables,
      sources: r.rules.sources,
      rules: r.rules.rules,
      filtered_file: r.rules.filtered_file,
      quarantine_file: r.quarantine_file,
      quarantined: r.quarantined,
      files: r.rules.files,
    };
  },
};
