/**
 * The interactions behind a change in an account's RV: which interaction types
 * gained or lost RV between two windows.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date, num } from "../sql/literal.ts";
import { scoredInteractionsSql } from "./scored.ts";

/** RV of one interaction type before and during the judged window. */
export interface ChangeDriver {
  interaction_type: string;
  label: string;
  stage: string;
  before_count: number;
  recent_count: number;
  before_rv: number;
  recent_rv: number;
  change: number;
}

/**
 * Interaction types ranked by |change in RV| between [before, from) and [from, to)
 * for one account (`to` exclusive). These explain an exception to a manager. RV is
 * that of the scored-interaction view (`./scored.ts`), with `caps` per account and month.
 *
 * Complexity: one SQL aggregation over the account's interactions.
 *
 * @example
 * ```ts
 * import { changeDrivers } from "./drivers.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * await changeDrivers(engine, "acct-00042", "2025-03-01", "2025-10-01", "2026-01-01");
 * ```
 */
export async function changeDrivers(
  engine: Engine,
  accountId: string,
  before: string,
  from: string,
  to: string,
  limit = 5,
  caps: Record<string, number> = {},
): Promise<ChangeDriver[]> {
  const recent = `s.occurred_at >= ${date(from)}`;
  const rvWhen = (cond: string) => `coalesce(sum(s.rv) FILTER (WHERE ${cond}), 0)`;
  return await engine.query<ChangeDriver>(
    `SELECT s.interaction_type, s.label, s.stage,
            count(*) FILTER (WHERE NOT (${recent})) AS before_count,
            count(*) FILTER (WHERE ${recent}) AS recent_count,
            round(${rvWhen(`NOT (${recent})`)}, 9) AS before_rv,
            round(${rvWhen(recent)}, 9) AS recent_rv,
            round(${rvWhen(recent)} - ${rvWhen(`NOT (${recent})`)}, 9) AS change
     FROM (${scoredInteractionsSql({ grain: "month", level: "account", caps })}) s
     WHERE s.account_id = $1 AND s.occurred_at >= ${date(before)} AND s.occurred_at < ${date(to)}
     GROUP BY ALL ORDER BY abs(change) DESC, s.interaction_type LIMIT ${
      num(Math.max(1, Math.floor(limit)))
    }`,
    [accountId],
  );
}
