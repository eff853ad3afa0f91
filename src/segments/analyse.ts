import type { Engine, SqlRunner } from "../engine/duckdb.ts";
import { type Dialect, DUCKDB } from "../sql/dialect.ts";
import { date, ident } from "../sql/literal.ts";
import {
  accountSummaries,
  type AccountSummary,
  defaultWindow,
  type Window,
} from "./account_summary.ts";
import { profitSegments } from "./profit_segments.ts";
import { bestAccountsBasis, bestAccountsValue, isCustomer, topShare } from "./definitions.ts";
import { whaleCurve } from "./whale_curve.ts";
import { revenueGrowth, segmentBy, shareOfWalletGrowth } from "./growth_segments.ts";
import { startingBenchmark } from "./starting_benchmark.ts";
import { crmScorecard } from "./scorecard.ts";
import { relationshipTypes } from "./relationship_types.ts";
import { rvSumsByPeriod } from "../rv/rv_by_period.ts";
import { outOfPattern, segmentPattern } from "../rv/patterns.ts";
import { bestPractice, nextBestActionsFor } from "../rv/best_practice.ts";
import { DROP_Z, rvDrops } from "../rv/at_risk.ts";
import { signedCounts } from "../rv/signed_counts.ts";
import { atRiskList, VALUE_AT_STAKE } from "./at_risk.ts";
import { compareBy } from "./comparisons.ts";
import { rvqAnswers, type RvqCompare } from "./rvq.ts";
import { analysePerformers } from "./performers.ts";

/** Options for {@linkcode analyseSegments}. */
export interface SegmentOptions {
  /** window length in months, ending with the last month of data; default 12 */
  windowMonths?: number;
  /**
   * where the window, the per-account summary and the RV rows are computed: e.g. a
   * PostgreSQL client with the POSTGRES dialect, so these aggregations run in the
   * server; default the engine itself
   */
  pushdown?: { db: SqlRunner; dialect: Dialect };
  /**
   * caps per interaction type (at most N counted occurrences per account and month),
   * applied to every RV figure here as in `rvByPeriod`; default none
   */
  caps?: Record<string, number>;
  /** custom groups to compare (`--compare "name: SQL predicate"`), as `custom:<name>` rvq rows */
  compare?: RvqCompare[];
  /** seed of the rvq bootstraps; default 1 */
  seed?: number;
}

/**
 * Every segment analysis of the canonical tables in the engine, as `rvlab segments`
 * prints it: one object per analysis.
 *
 * @example
 * ```ts
 * import { analyseSegments } from "./analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * s.whale_curve.peak; // { share_of_customers, cumulative_share, customers }
 * ```
 */
export async function analyseSegments(engine: Engine, options: SegmentOptions = {}) {
  const push = options.pushdown ?? { db: engine, dialect: DUCKDB };
  const window: Window = await defaultWindow(push.db, options.windowMonths ?? 12, push.dialect);
  const caps = options.caps ?? {};
  const rows = await accountSummaries(push.db, window, push.dialect, caps);
  const profit = profitSegments(rows);
  const whale = whaleCurve(rows);
  const count = (labels: (string | null)[]) => {
    const out: Record<string, number> = {};
    for (const l of labels) if (l !== null) out[l] = (out[l] ?? 0) + 1;
    return out;
  };
  const customers = rows.filter(isCustomer);
  const productLines = await productLinesBought(engine, window);
  const step = Math.max(1, Math.ceil(whale.points.length / 100));
  const notes: string[] = [];
  if (customers.length === 0) {
    notes.push(
      "no revenue in the window: no account is a customer, so every account with interactions is no_revenue; there is no whale curve, no loss-making segment and no test of top vs loss",
    );
  }
  if (window.profit_basis === "revenue") {
    notes.push("no gross_profit in the data: profit is computed from revenue");
  }

  // RV patterns of the profit segments and the accounts falling out of them
  const rvAll = await rvSumsByPeriod(push.db, { grain: "month", caps }, push.dialect);
  const rvRows = rvAll.filter((r) => r.period >= window.start && r.period < window.end);
  // the RV-Q answers: RV per month of the groups each question compares (rvq.ts)
  const rvq = await rvqAnswers(engine, {
    window,
    rows,
    segments: profit,
    rv: rvAll,
    compare: options.compare,
    caps,
    seed: options.seed,
  });
  const segOf = (id: string) => profit.get(id) ?? null;
  const exceptions = outOfPattern(rvRows, segOf, { recent: 3, k: 2 });
  // at risk: RV drops against the account's own pattern, ranked by the money at stake
  const byId = new Map(rows.map((r) => [r.account_id, r]));
  const atRisk = await atRiskList(
    engine,
    rvDrops(
      rvAll,
      await signedCounts(push.db, { grain: "month", caps }, push.dialect),
      { recent: 4 },
    ),
    (id) => byId.get(id)?.gross_profit ?? 0,
    caps,
  );
  // best practice and next best actions at the customer stage: the top 20 % of customers
  // by share of wallet (profit without a wallet for every customer) against the other
  // customers; prospects (no revenue) get none
  const stage = new Set(rows.filter((r) => isCustomer(r)).map((r) => r.account_id));
  const basis = bestAccountsBasis(customers);
  const bestValue = new Map(customers.map((r) => [r.account_id, bestAccountsValue(r, basis)]));
  const best = topShare([...bestValue].map(([id, value]) => ({ id, value })));
  const practice = await bestPractice(engine, best, window.start, window.end, {
    among: stage,
    value: bestValue,
  });
  const bestLabel = basis === "share_of_wallet"
    ? "the top 20 % of customers by share of wallet"
    : "the top 20 % of customers";
  const actionFor = [
    ...new Set([
      ...atRisk.map((a) => a.account_id).filter((id) => stage.has(id)),
      ...rows.filter((r) => stage.has(r.account_id) && !best.has(r.account_id))
        .sort((a, b) => b.gross_profit - a.gross_profit || (a.account_id < b.account_id ? -1 : 1))
        .map((r) => r.account_id),
    ]),
  ].slice(0, 100);
  const nextBest = (await nextBestActionsFor(
    engine,
    actionFor,
    practice,
    window.start,
    window.end,
    { top: bestLabel, rest: "the other customers" },
  )).map(({ account_id, interaction_type, rv, why }) => ({
    account_id,
    interaction_type,
    rv,
    why,
  }));
  const columnsOf = async (t: string) =>
    (await engine.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(t)})`))
      .map((
        c,
      ) => c.column_name);
  const interactionColumns = await columnsOf("interactions");
  const accountColumns = await columnsOf("accounts");
  const filled = async (t: string, c: string) =>
    (await engine.query<{ n: number }>(`SELECT count(${ident(c)}) AS n FROM ${ident(t)}`))[0].n > 0;
  const comparisons = [];
  for (
    const d of [
      "owner_id",
      "regional_office",
      "manager",
      "region",
      "territory",
      "industry",
      "product_line",
    ]
  ) {
    const onI = interactionColumns.includes(d) && await filled("interactions", d);
    const onA = accountColumns.includes(d) && await filled("accounts", d);
    if (onI || onA) comparisons.push(await compareBy(engine, d, { caps }));
  }
  return {
    window,
    notes,
    accounts: rows.length,
    customers: customers.length,
    profit_segments: segmentBy(rows, (r) => profit.get(r.account_id) ?? null),
    whale_curve: {
      total_profit: whale.total_profit,
      peak: whale.peak,
      share_destroying_profit: whale.share_destroying_profit,
      customers: whale.customers,
      points: whale.points.filter((_, i) => i % step === 0 || i === whale.points.length - 1),
    },
    revenue_growth: count(customers.map((r) => revenueGrowth(r))),
    share_of_wallet_growth: count(customers.map((r) => shareOfWalletGrowth(r))),
    community: segmentBy(
      rows,
      (r) => (r.community_member === null ? null : r.community_member ? "member" : "not member"),
    ),
    starting_benchmark: startingBenchmark(rows, profit, window.months),
    rvq,
    crm_scorecard: crmScorecard(rows, productLines),
    relationship_types: await relationshipTypes(engine, window, profit, caps),
    rv_patterns: segmentPattern(rvRows, segOf, { align: "calendar" }),
    exceptions: {
      count: exceptions.length,
      at_risk: atRisk,
      at_risk_basis: {
        recent_months: 4,
        threshold_sd: DROP_Z,
        value_at_stake: VALUE_AT_STAKE,
      },
      all: exceptions,
    },
    best_practice: practice,
    best_practice_basis: {
      best_accounts: bestLabel,
      basis,
      n_best: best.size,
      n_other: stage.size - best.size,
      sorted_by:
        "association: Pearson r between how surely a customer made a habit of the type beyond what its activity brings (posterior of a Poisson habit mixture; for a type without habits the probit of its Poisson mid-p) and its rank by the basis; p_adjusted Holm over the types; next best actions only with rv > 0, association > 0 and p_adjusted <= 0.01",
    },
    next_best_actions: nextBest,
    comparisons,
    performers: await analysePerformers(engine, window, rows, { caps }),
    by_region: segmentBy(customers, (r) => r.region),
    by_industry: segmentBy(customers, (r) => r.industry),
    by_owner: segmentBy(customers, (r) => r.owner_id),
    accounts_table: rows.map((r: AccountSummary) => ({
      ...r,
      profit_segment: profit.get(r.account_id) ?? null,
    })),
  };
}

/** Product lines each account bought in the window, when interactions carry `product_line` or `product`. */
async function productLinesBought(
  engine: Engine,
  w: Window,
): Promise<Map<string, Set<string>> | undefined> {
  const cols =
    (await engine.query<{ column_name: string }>("SELECT column_name FROM (DESCRIBE interactions)"))
      .map((c) => c.column_name);
  const col = cols.includes("product_line")
    ? "product_line"
    : cols.includes("product")
    ? "product"
    : null;
  if (!col) return undefined;
  const rows = await engine.query<{ account_id: string; line: string }>(
    `SELECT DISTINCT account_id, ${ident(col)} AS line FROM interactions
     WHERE ${ident(col)} IS NOT NULL AND amount > 0 AND occurred_at >= ${
      date(w.start)
    } AND occurred_at < ${date(w.end)}`,
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = out.get(r.account_id) ?? new Set<string>();
    s.add(r.line);
    out.set(r.account_id, s);
  }
  return out;
}
