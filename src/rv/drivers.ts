/**
 * The interactions behind a change in an account's RV: which interaction types
 * gained or lost RV between two windows.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date, num } from "../sql/literal.ts";

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

const day = date;

/**
 * Interaction types ranked by |change in RV| between [before, from) and [from, to)
 * for one account (`to` exclusive). These explain an exception to a manager.
 *
 * Complexity: one SQL aggregation over the account's interactions.
 *
 * @example
 * ```ts
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
): Promise<ChangeDriver[]> {
  return await engine.query<ChangeDriver>(
    `SELECT p.interaction_type, p.label, p.stage,
            count(*) FILTER (WHERE i.occurred_at < ${day(from)}) AS before_count,
            count(*) FILTER (WHERE i.occurred_at >= ${day(from)}) AS recent_count,
            round(coalesce(sum(i.quantity * p.rv) FILTER (WHERE i.occurred_at < ${
      day(from)
    }), 0), 9) AS before_rv,
            round(coalesce(sum(i.quantity * p.rv) FILTER (WHERE i.occurred_at >= ${
      day(from)
    }), 0), 9) AS recent_rv,
            round(coalesce(sum(i.quantity * p.rv) FILTER (WHERE i.occurred_at >= ${day(from)}), 0)
              - coalesce(sum(i.quantity * p.rv) FILTER (WHERE i.occurred_at < ${
      day(from)
    }), 0), 9) AS change
     FROM interactions i JOIN ipf p USING (interaction_type)
     WHERE i.account_id = $1 AND i.occurred_at >= ${day(before)} AND i.occurred_at < ${day(to)}
     GROUP BY ALL ORDER BY abs(change) DESC, p.interaction_type LIMIT ${
      num(Math.max(1, Math.floor(limit)))
    }`,
    [accountId],
  );
}
