/**
 * How many value-adding and value-destroying interactions each key had per period:
 * the interactions whose IPF RV is positive and those whose RV is negative.
 *
 * @module
 */
import type { SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import type { Grain } from "../util/periods.ts";
import { scoredInteractionsSql } from "./scored.ts";

/** One key and period with interactions (periods without any have no row). */
export interface SignedCount {
  id: string;
  period: string;
  /** quantity of interactions with RV > 0 (capped like RV) */
  positive: number;
  /** quantity of interactions with RV < 0 (capped like RV) */
  negative: number;
}

/**
 * The SQL of {@linkcode SignedCount} rows from the scored-interaction view
 * (`./scored.ts`): per account and period, the quantity of the interactions with
 * RV > 0 and with RV < 0; with caps, a capped type counts as its capped share (RV /
 * uncapped RV × quantity), as in RV. Ordered by key and period.
 *
 * Why counts beside RV: RV weighs each interaction by its IPF value, which spreads
 * from −20 to +12, so a month's RV is noisy; the counts of each sign are Poisson-like
 * and show a relationship thinning out or turning sour with far less noise.
 * Complexity: O(1) to build; the query is one aggregation over the interactions.
 *
 * @example
 * ```ts
 * import { signedCountsSql } from "./signed_counts.ts";
 * signedCountsSql().includes("negative"); // => true
 * ```
 */
export function signedCountsSql(
  options: { grain?: Grain; caps?: Record<string, number> } = {},
  dialect: Dialect = DUCKDB,
): string {
  const d = dialect;
  const share = "s.quantity * s.rv / s.rv_uncapped";
  return `SELECT s.key_id AS id, ${d.formatDay("s.period")} AS period,
       ${d.round9(`coalesce(sum(CASE WHEN s.rv > 0 THEN ${share} END), 0)`)} AS positive,
       ${d.round9(`coalesce(sum(CASE WHEN s.rv < 0 THEN ${share} END), 0)`)} AS negative
FROM (${
    scoredInteractionsSql(
      { grain: options.grain ?? "month", level: "account", caps: options.caps },
      d,
    )
  }) s
WHERE s.key_id IS NOT NULL
GROUP BY s.key_id, s.period
ORDER BY ${d.binaryOrder("s.key_id")}, s.period`;
}

/**
 * {@linkcode SignedCount} rows per account and month from the canonical tables.
 *
 * Complexity: one aggregation in the database.
 *
 * @example
 * ```ts
 * import { signedCounts } from "./signed_counts.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const counts = await signedCounts(engine);
 * ```
 */
export async function signedCounts(
  engine: SqlRunner,
  options: { grain?: Grain; caps?: Record<string, number> } = {},
  dialect: Dialect = DUCKDB,
): Promise<SignedCount[]> {
  return (await engine.query<SignedCount>(signedCountsSql(options, dialect))).map((r) => ({
    id: r.id,
    period: r.period,
    positive: Number(r.positive),
    negative: Number(r.negative),
  }));
}
