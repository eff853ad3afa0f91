/**
 * `rvlab check --data DIR`: validates a data directory against the canonical model.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "../command.ts";
import { requireString } from "../command.ts";
import { writeQuarantine } from "../../io/load.ts";
import { openEngine } from "../../engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../engine/load.ts";
import { isPostgresUrl } from "../../db/postgres.ts";
import { checkDatabase, connectSource } from "../../db/source.ts";
import type { CommandContext } from "../command.ts";
import { writeWhole } from "../../io/output_dir.ts";

export const check: Command = {
  name: "check",
  help: `Usage: deno task rvlab check --data DIR [--quarantine FILE] [--json]

Validates every canonical table in DIR (interactions and ipf required; accounts,
financials, voc, transcripts when present) against the data model. Rows that break
it are written with file, line, column, value found, expected and reason to the
quarantine file (default DIR/quarantine.csv). Counts reconcile: read = accepted +
quarantined. Exit status 1 when a file cannot be read at all.

Options:
  --data DIR          the data directory, or postgres://…/SCHEMA written by rvlab load
                      (then: the latest load's report and quarantine, and rows held now)
  --quarantine FILE   where to write quarantined rows (default DIR/quarantine.csv)
  --json              print {"tables": {...}, "quarantine_file": path} only`,
  options: {
    data: { type: "string", path: "input" },
    quarantine: { type: "string", path: "output-file" },
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    if (isPostgresUrl(dir)) return await checkPostgres(ctx, dir);
    // the same load every command does: DuckDB reads the files, the rules run in SQL
    const engine = await openEngine();
    let loaded;
    try {
      loaded = await loadDataDirIntoEngine(engine, dir, { log: ctx.log });
    } finally {
      engine.close();
    }
    const { report, quarantine } = loaded;
    const qfile = typeof ctx.values.quarantine === "string"
      ? ctx.values.quarantine
      : join(dir, "quarantine.csv");
    await writeWhole(qfile, (f) => writeQuarantine(f, quarantine));
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

/** `check --data postgres://…`: the latest load's report and quarantine, and the rows held now. */
async function checkPostgres(ctx: CommandContext, url: string) {
  const db = await connectSource(url);
  try {
    const c = await checkDatabase(db);
    ctx.print(
      c.load_id === null
        ? `schema ${db.location.schema}: no rvlab load recorded`
        : `schema ${db.location.schema}: latest load ${c.load_id} at ${c.loaded_at}`,
    );
    ctx.print(
      `${"table".padEnd(14)}${"read".padStart(12)}${"accepted".padStart(12)}${
        "quarantined".padStart(13)
      }${"rows now".padStart(12)}`,
    );
    for (const [name, n] of Object.entries(c.rows)) {
      const t = c.report.tables[name as keyof typeof c.report.tables];
      const f = (x: number | undefined) => (x ?? 0).toLocaleString("en");
      ctx.print(
        `${name.padEnd(14)}${f(t?.read).padStart(12)}${f(t?.accepted).padStart(12)}${
          f(t?.quarantined).padStart(13)
        }${f(n).padStart(12)}`,
      );
    }
    const qfile = typeof ctx.values.quarantine === "string" ? ctx.values.quarantine : undefined;
    if (qfile) {
      await writeWhole(qfile, (f) => writeQuarantine(f, c.quarantine));
      ctx.print(`quarantined rows (with reasons): ${qfile}`);
    } else if (c.quarantine.length) {
      ctx.print(
        `${c.quarantine.length} quarantined rows in table _quarantine (or --quarantine FILE)`,
      );
    }
    return { ...c, quarantine_file: qfile ?? null };
  } finally {
    await db.close();
  }
}
