/**
 * `rvlab load --data DIR --to postgres://…/schema`: a validated data directory into PostgreSQL.
 *
 * @module
 */
import type { Command, CommandContext } from "../command.ts";
import { requireString } from "../command.ts";
import { DataError, UsageError } from "../../io/errors.ts";
import { isPostgresUrl, parsePgUrl } from "../../db/postgres.ts";
import { loadIntoPostgres } from "../../db/load.ts";
import { redactUrl } from "../../util/redact.ts";

/** --to: a postgres:// URL that parses (checked before the command runs). */
function toOption(ctx: CommandContext): string {
  const to = requireString(ctx, "to");
  if (!isPostgresUrl(to)) {
    throw new UsageError(`--to expects a postgres:// URL, found "${redactUrl(to)}"`);
  }
  try {
    parsePgUrl(to);
  } catch (e) {
    throw new UsageError(`--to: ${redactUrl((e as Error).message)}`);
  }
  return to;
}

/** --shards: postgres:// URLs separated by commas (checked before the command runs). */
function shardsOption(ctx: CommandContext): string[] | undefined {
  const v = ctx.values.shards;
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !v.trim()) {
    throw new UsageError("--shards expects postgres:// URLs separated by commas, found none");
  }
  const urls = v.split(",").map((s) => s.trim());
  for (const u of urls) {
    if (!isPostgresUrl(u)) {
      throw new UsageError(
        `--shards expects postgres:// URLs separated by commas, found "${redactUrl(u)}"`,
      );
    }
    try {
      parsePgUrl(u);
    } catch (e) {
      throw new UsageError(`--shards: ${redactUrl((e as Error).message)}`);
    }
  }
  return urls;
}

export const load: Command = {
  name: "load",
  help: `Usage: deno task rvlab load --data DIR --to postgres://USER@HOST:PORT/DB[/SCHEMA]
                           [--shards URL,URL,…] [--json]

Validates DIR like every other command (same counts and quarantine), then writes it into
the schema (default public; also ?schema=NAME), creating the canonical tables with
their keys, types and constraints when missing. Rows go through COPY into staging
tables and are upserted by key (interactions by interaction_id, ipf by
interaction_type, accounts by account_id; financials, voc and transcripts are
replaced), all in ONE transaction: a failed load leaves the database as it was.
Quarantined rows go to _quarantine with their reasons; every load is listed in _loads.
Read it back with any command: --data postgres://…/SCHEMA.

--shards URL,URL,… makes the target a sharded coordinator (a new schema): interactions
are hash-partitioned by account_id over the shard servers (shard k holds remainder k)
as postgres_fdw foreign partitions, the IPF is copied to every shard, the other tables
stay on the coordinator. A schema set up so is detected by later loads (no --shards
needed) and by every command reading --data postgres://…/SCHEMA, whose per-account
aggregates then run on the shards.`,
  options: {
    data: { type: "string", path: "input" },
    to: { type: "string", check: toOption },
    shards: { type: "string", check: shardsOption },
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const to = toOption(ctx);
    let r;
    try {
      r = await loadIntoPostgres(dir, to, {
        log: ctx.log,
        onProgress: ctx.progress,
        shards: shardsOption(ctx),
      });
    } catch (e) {
      if (e instanceof DataError || e instanceof UsageError) throw e;
      throw new DataError(
        `load into ${parsePgUrl(to).schema} failed, nothing written: ${
          redactUrl((e as Error).message)
        }`,
        redactUrl(to),
      );
    }
    const rows = Object.values(r.written).reduce((s, n) => s + (n ?? 0), 0);
    const secs = r.seconds.validate + r.seconds.write;
    ctx.print(
      `load ${r.load_id} into schema ${r.schema}: ${
        rows.toLocaleString("en")
      } rows written, ${r.quarantined} quarantined (in _quarantine), ${
        secs.toFixed(1)
      } s (validate ${r.seconds.validate.toFixed(1)} s, write ${r.seconds.write.toFixed(1)} s)`,
    );
    return r;
  },
};
