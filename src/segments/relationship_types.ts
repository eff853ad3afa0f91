import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import type { Window } from "./account_summary.ts";

/** Interactions, RV and cost per segment and Business Model Canvas relationship type. */
export interface RelationshipTypeRow {
  segment: string;
  relationship_type: string;
  accounts: number;
  interactions: number;
  rv: number;
  cost: number;
  /** cost per unit of RV (null when RV <= 0: cost without positive relationship value) */
  cost_per_rv: number | null;
}

/**
 * "How costly are our customer relationships, and which ones have we established?"
 * Per segment (from `segments`) and relationship type (personal assistance …
 * co-creation): how many interactions, how much RV and how much cost in the window.
 * Types with no interaction in a segment are listed with zeros, so gaps show. RV and
 * cost are those of the scored-interaction view (`rv/scored.ts`), with `caps` per
 * account and month.
 *
 * Complexity: one SQL aggregation over the window's interactions.
 *
 * @example
 * ```ts
 * import { relationshipTypes } from "./relationship_types.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { profitSegments } from "./profit_segments.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine);
 * const segments = profitSegments(await accountSummaries(engine, w));
 * console.table(await relationshipTypes(engine, w, segments));
 * ```
 */
export async function relationshipTypes(
  engine: Engine,
  w: Window,
  segments: ReadonlyMap<string, string>,
  caps: Record<string, number> = {},
): Promise<RelationshipTypeRow[]> {
  await engine.run("CREATE OR REPLACE TEMP TABLE _segments (account_id VARCHAR, segment VARCHAR)");
  const app = await engine.conn.createAppender("_segments");
  for (const [a, s] of segments) {
    app.appendVarchar(a);
    app.appendVarchar(s);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  return await engine.query<RelationshipTypeRow>(`
WITH agg AS (
  SELECT g.segment, i.relationship_type, count(DISTINCT i.account_id) AS accounts, count(*) AS interactions,
         sum(i.rv) AS rv, sum(i.cost_to_engage) AS cost
  FROM (${scoredInteractionsSql({ grain: "month", level: "account", caps })}) i
  JOIN _segments g USING (account_id)
  WHERE i.occurred_at >= ${date(w.start)} AND i.occurred_at < ${date(w.end)}
  GROUP BY ALL
),
grid AS (SELECT DISTINCT s.segment, t.relationship_type FROM _segments s, (SELECT DISTINCT relationship_type FROM ipf) t)
SELECT g.segment, g.relationship_type, coalesce(a.accounts, 0) AS accounts, coalesce(a.interactions, 0) AS interactions,
       coalesce(a.rv, 0) AS rv, coalesce(a.cost, 0) AS cost, CASE WHEN a.rv > 0 THEN a.cost / a.rv END AS cost_per_rv
FROM grid g LEFT JOIN agg a USING (segment, relationship_type)
ORDER BY g.segment, g.relationship_type`);
}
