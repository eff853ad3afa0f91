/**
 * `rvlab rv --data DIR`: Relationship Value per account (contact, initiative) and period.
 *
 * @module
 */
import type { Command, CommandContext } from "../command.ts";
import {
  CACHE_HELP,
  CACHE_OPTIONS,
  cacheOption,
  capsOption,
  enumOption,
  requireString,
} from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import { openEngine } from "../../engine/duckdb.ts";
import { loadWorkspace } from "../../engine/workspace.ts";
import { GRAINS } from "../../util/periods.ts";
import { rvByPeriod } from "../../rv/rv_by_period.ts";
import type { RvLevel } from "../../rv/scored.ts";
import { formatCsvRow } from "../../io/csv_format.ts";
import { isPostgresUrl } from "../../db/postgres.ts";
import { connectSource, sourceDialect } from "../../db/source.ts";

const LEVELS: readonly RvLevel[] = ["account", "contact", "initiative"];

/** --half-life P: a positive number of periods, or undefined. */
function halfLifeOption(ctx: CommandContext): number | undefined {
  const hl = ctx.values["half-life"];
  const halfLife = hl === undefined ? undefined : Number(hl);
  if (halfLife !== undefined && !(halfLife > 0)) {
    throw new UsageError(`--half-life expects a positive number of periods, found "${hl}"`);
  }
  return halfLife;
}

export const rv: Command = {
  name: "rv",
  help:
    `Usage: deno task rvlab rv --data DIR|postgres://…/SCHEMA [--grain day|week|month|quarter] [--half-life P]
                          [--level account|contact|initiative] [--cap TYPE=N ...] [--no-cache | --cache DIR] [--json]

Period RV = sum of IPF rv x quantity; cumulative RV; decayed RV with a half-life of P
periods (0.5^((t-s)/P)); cost to engage = row cost or IPF variable_cost x quantity;
RV per unit cost. Periods run densely from each key's first interaction to the last
period with data. --cap TYPE=N counts at most N occurrences of TYPE per key and period.
Prints CSV rows (account_id, period, rv, rv_cumulative, rv_decayed, interactions, cost,
rv_per_cost); --json prints {"rows": [...]}. With --data postgres://HOST/DB/SCHEMA (a schema
written by rvlab load) the whole computation runs as SQL in PostgreSQL; only the RV rows
leave the server, identical to the DuckDB result.

${CACHE_HELP}`,
  options: {
    data: { type: "string", path: "input" },
    grain: { type: "string", choices: GRAINS },
    "half-life": { type: "string", check: halfLifeOption },
    level: { type: "string", choices: LEVELS },
    cap: { type: "string", multiple: true, check: capsOption },
    ...CACHE_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const grain = enumOption(ctx, "grain", GRAINS, "month");
    const level = enumOption(ctx, "level", LEVELS, "account");
    const halfLife = halfLifeOption(ctx);
    const caps = capsOption(ctx);
    const pg = isPostgresUrl(dir) ? await connectSource(dir) : undefined;
    const engine = pg ? undefined : await openEngine();
    try {
      let rows;
      if (pg) {
        ctx.log(`computing RV in PostgreSQL (schema ${pg.location.schema})`);
        rows = await rvByPeriod(
          pg,
          { grain, level, halfLife, caps },
          await sourceDialect(pg, ctx.log),
        );
      } else {
        const { report } = await loadWorkspace(engine!, dir, {
          ...cacheOption(ctx),
          log: ctx.log,
          onProgress: ctx.progress,
        });
        const q = Object.values(report.tables).reduce((s, t) => s + t.quarantined, 0);
        if (q > 0) {
          ctx.log(`warning: ${q} rows quarantined; run rvlab check --data ${dir} for the reasons`);
        }
        rows = await rvByPeriod(engine!, { grain, level, halfLife, caps });
      }
      const keyName = level === "account"
        ? "account_id"
        : level === "contact"
        ? "contact_id"
        : "initiative";
      const out = rows.map(({ id, account_id, ...rest }) => ({
        [keyName]: id,
        ...(level === "contact" ? { account_id } : {}),
        ...rest,
      }));
      if (!ctx.json && out.length) {
        const cols = Object.keys(out[0]);
        let text = formatCsvRow(cols);
        for (const r of out) {
          text += formatCsvRow(cols.map((c) => (r as Record<string, string | number | null>)[c]));
        }
        await Deno.stdout.write(new TextEncoder().encode(text));
      }
      return { grain, level, half_life: halfLife ?? null, caps, rows: out };
    } finally {
      engine?.close();
      await pg?.close();
    }
  },
};
