/**
 * The CRM-strategy review's situation analysis, answered from the data: the
 * checklist (are all customers mapped, is it known how much and what they buy, is
 * their lifetime value known, are all touchpoints known and collected, is all
 * customer data in one place, is satisfaction followed up, are there individual
 * offers or a customer club) and the channel tables (marketing, sales, service and
 * communication channels) filled from the interaction record's IPF types and source
 * systems.
 *
 * An answer is "yes" or "no" where the data shows it, "unknown" where this data
 * cannot tell. For what the customer data holds (mapped, how much, what, lifetime
 * value, touchpoints, one place) a gap in the data is a "no": the data is the
 * company's record. For what the company does (follows up satisfaction, runs offers or
 * a club) a gap is "unknown": an export of one silo does not show the others.
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import { grouped, pct } from "../util/format.ts";
import type { ResultRow } from "../backtest/validate.ts";
import type { DataQuality } from "../io/data_quality.ts";

/** An answer of the situation-analysis checklist. */
export type ChecklistAnswer = "yes" | "no" | "unknown";

/** One question of the checklist, answered from the data. */
export interface ChecklistItem {
  id:
    | "customers_mapped"
    | "how_much_they_buy"
    | "what_they_buy"
    | "lifetime_value"
    | "touchpoints_collected"
    | "data_in_one_place"
    | "satisfaction_followed_up"
    | "offers_or_club";
  question: string;
  answer: ChecklistAnswer;
  /** the figures behind the answer, in a few words */
  evidence: string;
}

/** One interaction type of a channel table: how often it happened, whom it reached, its RV. */
export interface ChannelRow {
  /** the IPF business function (marketing, sales, service, finance, operations, community) */
  function: string;
  interaction_type: string;
  label: string;
  stage: string;
  relationship_type: string;
  /** the source systems the type was recorded in ("; "-joined) */
  sources: string;
  interactions: number;
  accounts: number;
  rv: number;
  cost: number;
}

/** One communication channel: a source system of the interactions, or a survey channel of voc. */
export interface CommunicationChannelRow {
  kind: "source_system" | "voc_channel";
  channel: string;
  /** the IPF business functions its interactions belong to ("; "-joined; "" for voc) */
  functions: string;
  /** interactions (source systems) or answers (voc channels) */
  interactions: number;
  accounts: number;
  /** RV of its interactions; null for voc channels */
  rv: number | null;
}

/** The situation analysis of the CRM-strategy review (see module doc). */
export interface CrmReview {
  /** the window the channel tables cover (the checklist reads the whole data) */
  window: { start: string; end: string };
  checklist: ChecklistItem[];
  /** the channel tables: one per function, each type the data has, most interactions first */
  channels: {
    marketing: ChannelRow[];
    sales: ChannelRow[];
    service: ChannelRow[];
    /** finance, operations and community touchpoints */
    other: ChannelRow[];
  };
  communication: CommunicationChannelRow[];
}

/** The questions, in the framework's order. */
export const CHECKLIST_QUESTIONS: Readonly<Record<ChecklistItem["id"], string>> = {
  customers_mapped: "Are all customers mapped?",
  how_much_they_buy: "Is it known how much they buy?",
  what_they_buy: "Is it known what they buy?",
  lifetime_value: "Is their lifetime value known?",
  touchpoints_collected: "Are all touchpoints known and collected?",
  data_in_one_place: "Is all customer data in one place?",
  satisfaction_followed_up: "Is satisfaction followed up?",
  offers_or_club: "Are there individual offers or a customer club?",
};

/** Interaction types that are offers, clubs or communities (besides the IPF's community function). */
const CLUB_TYPES = /loyal|club|offer|discount|member|advisory|reward|voucher|coupon|communit/;

/** The facts the checklist is answered from (one query each; see {@linkcode checklistFacts}). */
export interface ChecklistFacts {
  /** rows of the accounts table */
  registered: number;
  /** registered accounts with an industry, region or territory */
  described: number;
  /** distinct account ids in interactions, financials and voc */
  customers: number;
  /** of those, not in the accounts table */
  unmapped: number;
  /** accounts with revenue > 0 in financials, and their periods */
  revenue_accounts: number;
  revenue_periods: number;
  /** interactions with an amount > 0, and their accounts */
  purchases: number;
  purchase_accounts: number;
  /** the product column on purchases (product_line or product), when any purchase has one */
  product_column: string | null;
  product_lines: number;
  /** accounts with a product_line in the accounts table */
  account_product_lines: number;
  /** IPF functions, and those with at least one observed interaction */
  ipf_functions: string[];
  observed_functions: string[];
  ipf_types: number;
  observed_types: number;
  /** distinct source systems of the interactions (null ones left out) */
  sources: string[];
  /** accounts with financials that have no interactions and are not registered */
  money_orphans: number;
  /** voc answers with NPS or CSAT, their accounts and distinct months */
  voc_answers: number;
  voc_accounts: number;
  voc_months: number;
  /** interactions of IPF types flagged `voc` (surveys, feedback), and their types */
  feedback_interactions: number;
  feedback_types: string[];
  /** interactions of offer, club or community types, their accounts and types */
  club_interactions: number;
  club_accounts: number;
  club_types: string[];
  /** accounts flagged community_member */
  community_members: number;
  /**
   * source rows the import left out of interactions altogether (no rule used them) for
   * want of an account, with the import's reason; null when not known
   */
  unaccounted: { rows: number; reason: string; file: string } | null;
}

async function columns(engine: Engine, table: string): Promise<string[]> {
  try {
    return (await engine.query<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE ${table})`,
    )).map((c) => c.column_name);
  } catch {
    return [];
  }
}

const n = (x: unknown) => Number(x ?? 0);

/**
 * The facts the checklist is answered from, read from the canonical tables in the
 * engine (the whole data, not a window).
 *
 * Complexity: about ten aggregations over the canonical tables.
 *
 * @example
 * ```ts
 * import { checklistFacts } from "./crm_review.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * (await checklistFacts(engine)).registered; // => 200
 * ```
 */
export async function checklistFacts(
  engine: Engine,
  quality?: DataQuality,
): Promise<ChecklistFacts> {
  const one = async (sql: string) => (await engine.query<Record<string, unknown>>(sql))[0] ?? {};
  const acc = await one(
    `SELECT count(*) AS registered,
            count(*) FILTER (WHERE industry IS NOT NULL OR region IS NOT NULL OR territory IS NOT NULL) AS described,
            count(*) FILTER (WHERE product_line IS NOT NULL) AS product_lines,
            count(*) FILTER (WHERE community_member) AS members
     FROM accounts`,
  );
  const ids = await one(
    `WITH ids AS (SELECT account_id FROM interactions UNION SELECT account_id FROM financials
                  UNION SELECT account_id FROM voc)
     SELECT count(*) AS customers,
            count(*) FILTER (WHERE account_id NOT IN (SELECT account_id FROM accounts)) AS unmapped
     FROM ids`,
  );
  const money = await one(
    `SELECT count(DISTINCT account_id) AS accounts, count(DISTINCT period) AS periods
     FROM financials WHERE revenue > 0`,
  );
  const buys = await one(
    `SELECT count(*) AS purchases, count(DISTINCT account_id) AS accounts
     FROM interactions WHERE amount > 0`,
  );
  const cols = await columns(engine, "interactions");
  const productColumn = ["product_line", "product"].find((c) => cols.includes(c)) ?? null;
  let productLines = 0;
  if (productColumn) {
    productLines = n(
      (await one(
        `SELECT count(DISTINCT "${productColumn}") AS n FROM interactions WHERE amount > 0`,
      )).n,
    );
  }
  const fns = await engine.query<{ function: string; observed: number; types: number }>(
    `SELECT p.function, count(*) FILTER (WHERE o.interaction_type IS NOT NULL) AS observed, count(*) AS types
     FROM ipf p LEFT JOIN (SELECT DISTINCT interaction_type FROM interactions) o USING (interaction_type)
     GROUP BY 1 ORDER BY 1`,
  );
  const sources = (await engine.query<{ s: string }>(
    `SELECT DISTINCT source_system AS s FROM interactions WHERE source_system IS NOT NULL ORDER BY 1`,
  )).map((r) => r.s);
  const orphans = await one(
    `SELECT count(DISTINCT account_id) AS n FROM financials
     WHERE account_id NOT IN (SELECT account_id FROM interactions)
       AND account_id NOT IN (SELECT account_id FROM accounts)`,
  );
  const voc = await one(
    `SELECT count(*) AS answers, count(DISTINCT account_id) AS accounts,
            count(DISTINCT date_trunc('month', answered_at)) AS months
     FROM voc WHERE nps IS NOT NULL OR csat IS NOT NULL`,
  );
  const feedback = await engine.query<{ t: string; c: number }>(
    `SELECT i.interaction_type AS t, count(*) AS c FROM interactions i JOIN ipf p USING (interaction_type)
     WHERE p.voc GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const club = await engine.query<{ t: string; c: number; a: number }>(
    `SELECT i.interaction_type AS t, count(*) AS c, count(DISTINCT i.account_id) AS a
     FROM interactions i JOIN ipf p USING (interaction_type)
     WHERE p.function = 'community' OR regexp_matches(i.interaction_type, '${CLUB_TYPES.source}')
     GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const clubAccounts = await one(
    `SELECT count(DISTINCT i.account_id) AS n FROM interactions i JOIN ipf p USING (interaction_type)
     WHERE p.function = 'community' OR regexp_matches(i.interaction_type, '${CLUB_TYPES.source}')`,
  );
  return {
    registered: n(acc.registered),
    described: n(acc.described),
    customers: n(ids.customers),
    unmapped: n(ids.unmapped),
    revenue_accounts: n(money.accounts),
    revenue_periods: n(money.periods),
    purchases: n(buys.purchases),
    purchase_accounts: n(buys.accounts),
    product_column: productLines > 0 ? productColumn : null,
    product_lines: productLines,
    account_product_lines: n(acc.product_lines),
    ipf_functions: fns.map((f) => f.function),
    observed_functions: fns.filter((f) => n(f.observed) > 0).map((f) => f.function),
    ipf_types: fns.reduce((s, f) => s + n(f.types), 0),
    observed_types: fns.reduce((s, f) => s + n(f.observed), 0),
    sources,
    money_orphans: n(orphans.n),
    voc_answers: n(voc.answers),
    voc_accounts: n(voc.accounts),
    voc_months: n(voc.months),
    feedback_interactions: feedback.reduce((s, f) => s + n(f.c), 0),
    feedback_types: feedback.map((f) => f.t),
    club_interactions: club.reduce((s, f) => s + n(f.c), 0),
    club_accounts: n(clubAccounts.n),
    club_types: club.map((f) => f.t),
    community_members: n(acc.members),
    unaccounted: unaccounted(quality),
  };
}

/** Interactions' source rows no rule used, when the import's reasons say an account was missing. */
function unaccounted(q?: DataQuality): ChecklistFacts["unaccounted"] {
  const t = q?.tables.find((x) => x.table === "interactions");
  // the most selective rule's reason: closest to the rows no rule used
  const reason = t?.filtered_reasons.filter((r) => /account/i.test(r.reason)).at(-1);
  if (!t?.dropped || !reason) return null;
  return { rows: t.dropped, reason: reason.reason, file: q!.filtered_file ?? "filtered.csv" };
}

const list = (xs: readonly string[], max = 4) =>
  xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")} and ${xs.length - max} more`;

/**
 * Answers the situation-analysis checklist from its facts and the back-test's
 * results (for lifetime value: the BG/NBD × Gamma-Gamma `clv_spend` predictor).
 *
 * Why: the review's first questions answered from the data, each with the figures
 * behind it, instead of left to the team's memory.
 * Complexity: O(questions).
 *
 * @example
 * ```ts
 * import { answerChecklist, type ChecklistFacts } from "./crm_review.ts";
 * const facts: ChecklistFacts = {
 *   registered: 0, described: 0, customers: 5, unmapped: 5, revenue_accounts: 0,
 *   revenue_periods: 0, purchases: 0, purchase_accounts: 0, product_column: null,
 *   product_lines: 0, account_product_lines: 0, ipf_functions: ["sales"],
 *   observed_functions: ["sales"], ipf_types: 2, observed_types: 1, sources: [],
 *   money_orphans: 0, voc_answers: 0, voc_accounts: 0, voc_months: 0,
 *   feedback_interactions: 0, feedback_types: [], club_interactions: 0, club_accounts: 0,
 *   club_types: [], community_members: 0, unaccounted: null,
 * };
 * answerChecklist(facts, [])[0].answer; // => "no"
 * ```
 */
export function answerChecklist(
  f: ChecklistFacts,
  results: readonly ResultRow[],
): ChecklistItem[] {
  const item = (id: ChecklistItem["id"], answer: ChecklistAnswer, evidence: string) => ({
    id,
    question: CHECKLIST_QUESTIONS[id],
    answer,
    evidence,
  });
  const out: ChecklistItem[] = [];
  // customers mapped
  if (f.registered === 0) {
    out.push(item(
      "customers_mapped",
      "no",
      `no accounts table: ${grouped(f.customers)} customers are known only by an id`,
    ));
  } else if (f.unaccounted) {
    out.push(item(
      "customers_mapped",
      "no",
      `${grouped(f.registered)} accounts are registered, but the import left out ${
        grouped(f.unaccounted.rows)
      } source rows that no interactions rule used ("${f.unaccounted.reason}", in ${f.unaccounted.file})`,
    ));
  } else if (f.unmapped > 0) {
    out.push(item(
      "customers_mapped",
      "no",
      `${grouped(f.unmapped)} of ${
        grouped(f.customers)
      } customers with interactions, money or answers are not in the accounts table`,
    ));
  } else {
    out.push(item(
      "customers_mapped",
      "yes",
      `all ${grouped(f.customers)} customers are in the accounts table (${
        grouped(f.registered)
      } accounts; ${pct(f.described / f.registered)} with industry, region or territory)`,
    ));
  }
  // how much they buy
  const hasMoney = f.revenue_accounts > 0 || f.purchases > 0;
  out.push(item(
    "how_much_they_buy",
    hasMoney ? "yes" : "no",
    f.revenue_accounts > 0
      ? `revenue per account and period for ${grouped(f.revenue_accounts)} accounts over ${
        grouped(f.revenue_periods)
      } periods${f.purchases ? `; ${grouped(f.purchases)} purchases with an amount` : ""}`
      : f.purchases > 0
      ? `${grouped(f.purchases)} purchases with an amount from ${
        grouped(f.purchase_accounts)
      } accounts`
      : "no revenue in financials and no amounts on interactions",
  ));
  // what they buy
  out.push(
    f.product_column
      ? item(
        "what_they_buy",
        "yes",
        `${grouped(f.product_lines)} products on the purchases (interactions.${f.product_column})`,
      )
      : f.account_product_lines > 0
      ? item(
        "what_they_buy",
        "yes",
        `a product line for ${grouped(f.account_product_lines)} of ${
          grouped(f.registered)
        } accounts (accounts.product_line), not per purchase`,
      )
      : item(
        "what_they_buy",
        "no",
        hasMoney
          ? "how much is known but not what: no product on purchases or accounts"
          : "no purchases in the data",
      ),
  );
  // lifetime value
  const clv = results.filter((r) => r.predictor === "clv_spend");
  const tested = clv.filter((r) => r.status === "tested");
  out.push(
    tested.length
      ? item(
        "lifetime_value",
        "yes",
        `estimated from the purchase history (BG/NBD × Gamma-Gamma, refitted at each back-test cutoff: ${
          grouped(Math.max(...tested.map((r) => r.n)))
        } account-cutoffs); the data holds no lifetime value of its own`,
      )
      : item(
        "lifetime_value",
        "no",
        !hasMoney
          ? "no purchases or revenue to estimate it from"
          : `not estimable here${clv[0]?.reason ? `: ${clv[0].reason}` : " (no back-test cutoff)"}`,
      ),
  );
  // touchpoints
  const missingFns = f.ipf_functions.filter((x) => !f.observed_functions.includes(x));
  out.push(item(
    "touchpoints_collected",
    missingFns.length === 0 ? "yes" : "no",
    `the IPF lists ${grouped(f.ipf_types)} touchpoints; ${grouped(f.observed_types)} (${
      pct(f.ipf_types ? f.observed_types / f.ipf_types : 0)
    }) are in the data${
      missingFns.length
        ? `; none from ${list(missingFns, 6)}`
        : `, from every function (${list(f.ipf_functions, 6)})`
    }`,
  ));
  // one place
  const functions = f.observed_functions.length;
  const problems = [
    ...(functions < 3
      ? [
        `interactions from ${functions} function${functions === 1 ? "" : "s"} only (${
          list(f.observed_functions)
        })`,
      ]
      : []),
    ...(!hasMoney ? ["no money linked to the customers"] : []),
    ...(f.money_orphans > 0
      ? [`${grouped(f.money_orphans)} accounts with revenue but no interactions or register entry`]
      : []),
  ];
  out.push(item(
    "data_in_one_place",
    problems.length ? "no" : "yes",
    problems.length
      ? problems.join("; ")
      : `interactions from ${functions} functions (sources: ${
        list(f.sources) || "not recorded"
      }), money${
        f.voc_answers ? " and survey answers" : ""
      } on the same account ids in one data set`,
  ));
  // satisfaction
  out.push(
    f.voc_answers > 0
      ? item(
        "satisfaction_followed_up",
        f.voc_months >= 2 ? "yes" : "no",
        `${grouped(f.voc_answers)} NPS/CSAT answers from ${grouped(f.voc_accounts)} accounts in ${
          grouped(f.voc_months)
        } month${f.voc_months === 1 ? "" : "s"}${f.voc_months < 2 ? ": a single survey wave" : ""}`,
      )
      : f.feedback_interactions > 0
      ? item(
        "satisfaction_followed_up",
        "yes",
        `${grouped(f.feedback_interactions)} feedback interactions (${
          list(f.feedback_types)
        }), no survey scores`,
      )
      : item(
        "satisfaction_followed_up",
        "unknown",
        "no survey answers and no feedback interactions in this data",
      ),
  );
  // offers or club
  out.push(
    f.club_interactions > 0 || f.community_members > 0
      ? item(
        "offers_or_club",
        "yes",
        [
          ...(f.club_interactions
            ? [
              `${grouped(f.club_interactions)} offer, club or community interactions reaching ${
                grouped(f.club_accounts)
              } accounts (${list(f.club_types)})`,
            ]
            : []),
          ...(f.community_members
            ? [`${grouped(f.community_members)} accounts are community members`]
            : []),
        ].join("; "),
      )
      : item(
        "offers_or_club",
        "unknown",
        "no offer, club or community interactions and no community members in this data",
      ),
  );
  return out;
}

/**
 * The channel tables: each IPF interaction type observed in the window by business
 * function (marketing, sales, service; finance, operations and community as
 * "other"), and the communication channels (the interactions' source systems and
 * voc's survey channels), with interactions, accounts reached and RV (the
 * scored-interaction view, with `caps`).
 *
 * Complexity: two aggregations over the window's interactions and one over voc.
 *
 * @example
 * ```ts
 * import { channelTables } from "./crm_review.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const t = await channelTables(await openEngine(), { start: "2024-01-01", end: "2025-01-01" });
 * t.channels.sales; // => []
 * ```
 */
export async function channelTables(
  engine: Engine,
  window: { start: string; end: string },
  caps: Record<string, number> = {},
): Promise<Pick<CrmReview, "channels" | "communication">> {
  const scored = `(${scoredInteractionsSql({ caps })}) s WHERE s.occurred_at >= ${
    date(window.start)
  } AND s.occurred_at < ${date(window.end)}`;
  const rows = (await engine.query<ChannelRow>(
    `SELECT s.function, s.interaction_type, s.label, s.stage, s.relationship_type,
            coalesce(string_agg(DISTINCT s.source_system, '; ' ORDER BY s.source_system), '') AS sources,
            count(*) AS interactions, count(DISTINCT s.account_id) AS accounts,
            round(sum(s.rv), 6) AS rv, round(sum(s.cost_to_engage), 6) AS cost
     FROM ${scored}
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 7 DESC, 2`,
  )).map((r) => ({
    ...r,
    interactions: n(r.interactions),
    accounts: n(r.accounts),
    rv: n(r.rv),
    cost: n(r.cost),
  }));
  const of = (fn: string) => rows.filter((r) => r.function === fn);
  const systems = await engine.query<CommunicationChannelRow>(
    `SELECT 'source_system' AS kind, coalesce(s.source_system, '(not recorded)') AS channel,
            string_agg(DISTINCT s.function, '; ' ORDER BY s.function) AS functions,
            count(*) AS interactions, count(DISTINCT s.account_id) AS accounts, round(sum(s.rv), 6) AS rv
     FROM ${scored}
     GROUP BY 1, 2 ORDER BY 4 DESC, 2`,
  );
  const voc = await engine.query<CommunicationChannelRow>(
    `SELECT 'voc_channel' AS kind, coalesce(channel, '(not recorded)') AS channel, '' AS functions,
            count(*) AS interactions, count(DISTINCT account_id) AS accounts, NULL AS rv
     FROM voc WHERE answered_at >= ${date(window.start)} AND answered_at < ${date(window.end)}
     GROUP BY 1, 2 ORDER BY 4 DESC, 2`,
  );
  return {
    channels: {
      marketing: of("marketing"),
      sales: of("sales"),
      service: of("service"),
      other: rows.filter((r) => !["marketing", "sales", "service"].includes(r.function)),
    },
    communication: [...systems, ...voc].map((r) => ({
      ...r,
      interactions: n(r.interactions),
      accounts: n(r.accounts),
      rv: r.rv === null ? null : n(r.rv),
    })),
  };
}

/**
 * The situation analysis of the CRM-strategy review (see module doc): the checklist
 * over the whole data (and, with the load's `quality`, the source rows an import left
 * out for want of an account) and the channel tables over `window`.
 *
 * Complexity: that of {@linkcode checklistFacts} plus {@linkcode channelTables}.
 *
 * @example
 * ```ts
 * import { crmReview } from "./crm_review.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const r = await crmReview(await openEngine(), { start: "2024-01-01", end: "2025-01-01" }, []);
 * r.checklist.length; // => 8
 * ```
 */
export async function crmReview(
  engine: Engine,
  window: { start: string; end: string },
  results: readonly ResultRow[],
  caps: Record<string, number> = {},
  quality?: DataQuality,
): Promise<CrmReview> {
  const facts = await checklistFacts(engine, quality);
  return {
    window: { start: window.start, end: window.end },
    checklist: answerChecklist(facts, results),
    ...(await channelTables(engine, window, caps)),
  };
}
