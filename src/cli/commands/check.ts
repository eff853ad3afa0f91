/**
 * `rvlab check --data DIR`: validates a data directory against the canonical model.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "../command.ts";
import { requireString } from "../command.ts";
import { loadDataDir, writeQuarantine } from "../../io/load.ts";

export const check: Command = {
  name: "check",
  summary: "validate a data directory; count read, accepted and quarantined rows per table",
  help: `Usage: deno task rvlab check --data DIR [--quarantine FILE] [--json]

Validates every canonical table in DIR (interactions and ipf required; accounts,
financials, voc, transcripts when present) against the data model. Rows that break
it are written with file, line, column, value found, expected and reason to the
quarantine file (default DIR/quarantine.csv). Counts reconcile: read = accepted +
quarantined. Exit status 1 when a file cannot be read at all.

Options:
  --data DIR          the data directory
  --quarantine FILE   where to write quarantined rows (default DIR/quarantine.csv)
  --json              print {"tables": {...}, "quarantine_file": path} only`,
  options: { data: { type: "string" }, quarantine: { type: "string" } },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const { report, quarantine } = await loadDataDir(dir, { log: ctx.log });
    const qfile = typeof ctx.values.quarantine === "string"
      ? ctx.values.quarantine
      : join(dir, "quarantine.csv");
    await writeQuarantine(qfile, quarantine);
    ctx.print(
      `${"table".padEnd(14)}${"read".padStart(12)}${"accepted".padStart(12)}${
        "quarantined".padStart(13)
      }`,
    );
    for (const [name, c] of Object.entries(report.tables)) {
      ctx.print(
        `${name.padEnd(14)}${c.read.toLocaleString("en").padStart(12)}${
          c.accepted.toLocaleString("en").padStart(12)
        }${c.quarantined.toLocaleString("en").padStart(13)}`,
      );
    }
    ctx.print(`quarantined rows (with reasons): ${qfile}`);
    return {
      tables: report.tables,
      quarantine_file: qfile,
      ...(report.transcripts_folder ? { transcripts_folder: report.transcripts_folder } : {}),
    };
  },
};
