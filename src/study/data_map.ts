/**
 * The data map of an RV-Q benchmark (which IPF interaction types, stages, functions
 * and relationship types the sources cover, and which are missing) and the process
 * gaps (where RV turns negative most often, where a unit of RV costs most).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";

/** Coverage of one stage × function cell of the IPF. */
export interface CoverageCell {
  stage: string;
  function: string;
  types_in_ipf: number;
  types_observed: number;
  interactions: number;
}

/**
 * Which IPF types the data actually contains, by stage and function, plus the
 * relationship types and the list of catalog types never observed (the data gaps).
 *
 * Why: a study's figures only cover the interaction types the data has; the map says
 * which ones are missing before anyone reads the RV results.
 *
 * Complexity: three SQL aggregations over the interactions and the IPF catalog.
 *
 * @example
 * ```ts
 * import { dataMap } from "./data_map.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * console.log(await dataMap(engine));
 * ```
 */
export async function dataMap(engine: Engine) {
  const cells = await engine.query<CoverageCell>(`
    SELECT p.stage, p.function, count(*) AS types_in_ipf, count(*) FILTER (WHERE n.c > 0) AS types_observed,
           coalesce(sum(n.c), 0) AS interactions
    FROM ipf p LEFT JOIN (SELECT interaction_type, count(*) AS c FROM interactions GROUP BY 1) n USING (interaction_type)
    GROUP BY 1, 2 ORDER BY 1, 2`);
  const relationships = await engine.query<
    {
      relationship_type: string;
      types_in_ipf: number;
      types_observed: number;
      interactions: number;
    }
  >(`
    SELECT p.relationship_type, count(*) AS types_in_ipf, count(*) FILTER (WHERE n.c > 0) AS types_observed,
           coalesce(sum(n.c), 0) AS interactions
    FROM ipf p LEFT JOIN (SELECT interaction_type, count(*) AS c FROM interactions GROUP BY 1) n USING (interaction_type)
    GROUP BY 1 ORDER BY 1`);
  const missing = await engine.query<
    { interaction_type: string; stage: string; function: string; voc: boolean }
  >(`
    SELECT interaction_type, stage, function, voc FROM ipf
    WHERE interaction_type NOT IN (SELECT DISTINCT interaction_type FROM interactions) ORDER BY stage, function, interaction_type`);
  const observed = cells.reduce((s, c) => s + c.types_observed, 0),
    total = cells.reduce((s, c) => s + c.types_in_ipf, 0);
  return {
    cells,
    relationships,
    missing,
    coverage: total ? observed / total : 0,
    types_observed: observed,
    types_in_ipf: total,
  };
}

/**
 * Process gaps: per stage, the share of account-months whose net RV in that stage
 * is negative, and cost per unit of positive RV; per interaction type, the types
 * with negative total RV, ranked by how much RV they destroy. RV and cost are those of
 * the scored-interaction view (`rv/scored.ts`), with `caps` per account and month.
 *
 * Why: points at the stages and interaction types where the relationship process
 * loses value, the first place to act.
 *
 * Complexity: two SQL aggregations over the scored interactions.
 *
 * @example
 * ```ts
 * import { processGaps } from "./data_map.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * console.log(await processGaps(engine));
 * ```
 */
export async function processGaps(engine: Engine, caps: Record<string, number> = {}) {
  const scored = scoredInteractionsSql({ grain: "month", level: "account", caps });
  const stages = await engine.query<
    {
      stage: string;
      account_months: number;
      negative_share: number;
      rv: number;
      cost: number;
      cost_per_rv: number | null;
    }
  >(`
    WITH m AS (
      SELECT s.account_id, s.period AS month, s.stage,
             sum(s.rv) AS rv, sum(s.cost_to_engage) AS cost
      FROM (${scored}) s GROUP BY ALL
    )
    SELECT stage, count(*) AS account_months, avg((rv < 0)::INTEGER) AS negative_share,
           round(sum(rv), 6) AS rv, round(sum(cost), 6) AS cost, CASE WHEN sum(rv) > 0 THEN round(sum(cost) / sum(rv), 6) END AS cost_per_rv
    FROM m GROUP BY stage ORDER BY negative_share DESC, stage`);
  const types = await engine.query<
    {
      interaction_type: string;
      stage: string;
      function: string;
      occurrences: number;
      rv: number;
      cost: number;
    }
  >(`
    SELECT s.interaction_type, s.stage, s.function, count(*) AS occurrences, round(sum(s.rv), 6) AS rv,
           round(sum(s.cost_to_engage), 6) AS cost
    FROM (${scored}) s
    GROUP BY ALL HAVING sum(s.rv) < 0 ORDER BY rv ASC, s.interaction_type, s.stage, s.function LIMIT 15`);
  return { stages, types };
}
