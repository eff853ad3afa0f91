/**
 * The RV-Q questions answered: for each pair of account groups a manager asks about
 * (top-profit vs loss-making customers, revenue growing vs shrinking, share of wallet
 * growing vs shrinking, community members vs not, each initiative vs not, and custom
 * groups named on the command line), do their RV patterns differ?
 *
 * The measure is one number per account: its RV per month over the window (RV in the
 * window ÷ the months of the window since its first interaction, so an account that
 * started mid-window is not diluted by months before it existed). Two groups are
 * compared by the difference of their means (not medians: RV per month is often
 * discrete — a few interaction types with fixed RV — and a median's bootstrap then
 * collapses onto one value and gives a CI of width 0), with
 * - a percentile CI from a bootstrap of accounts within each group (seeded,
 *   `stats/bootstrap.ts`), at the Bonferroni level 1 − α/m over the m testable rows;
 * - Cliff's delta as the effect size (`stats/cliffs_delta.ts`);
 * - the Mann–Whitney p-value (`stats/mann_whitney.ts`), Holm-adjusted over the m
 *   testable rows (`stats/adjust.ts`);
 * - the verdict `different` only when the adjusted CI excludes 0 *and* the adjusted p
 *   is below α; `not_testable` (with the reason) when a group has fewer than
 *   {@linkcode MIN_GROUP_ACCOUNTS} accounts or the data cannot define the groups (no
 *   revenue, no wallet, no community flag).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { UsageError } from "../io/errors.ts";
import { ident } from "../sql/literal.ts";
import { clusterBootstrap } from "../stats/bootstrap.ts";
import { cliffsDelta } from "../stats/cliffs_delta.ts";
import { mannWhitneyU } from "../stats/mann_whitney.ts";
import { holm } from "../stats/adjust.ts";
import {
  accountSummaries,
  accountSummariesSql,
  type AccountSummary,
  defaultWindow,
  type Window,
} from "./account_summary.ts";
import { isCustomer, type ProfitSegment } from "./definitions.ts";
import { profitSegments } from "./profit_segments.ts";
import { scoredInteractionsSql } from "../rv/scored.ts";
import { revenueGrowth, shareOfWalletGrowth } from "./growth_segments.ts";

const mean = (xs: readonly number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;

/** Fewest accounts a group needs before its RV is compared with another's. */
export const MIN_GROUP_ACCOUNTS = 10;

/** Family-wise error rate of the RV-Q answers (over all rows of one analysis). */
export const RVQ_ALPHA = 0.05;

/** Bootstrap resamples of each RV-Q row's CI. */
export const RVQ_RESAMPLES = 2000;

/** What an RV-Q row compares. */
export const RVQ_MEASURE = "mean RV per month (per account, over its months in the window)";

/** A user-named group: `--compare "name: SQL predicate"`. */
export interface RvqCompare {
  name: string;
  /** a SQL boolean expression over the accounts table joined with the per-account summary */
  predicate: string;
}

/** Two groups of accounts to compare, or why they cannot be formed. */
export interface RvqQuestion {
  question: string;
  group_a: string;
  group_b: string;
  a: readonly string[];
  b: readonly string[];
  /** set when the data cannot define the groups (e.g. no revenue in the window) */
  reason?: string;
}

/** One answered RV-Q question (the `rvq` rows of `segments --json`). */
export interface RvqRow {
  question: string;
  group_a: string;
  group_b: string;
  n_a: number;
  n_b: number;
  measure: string;
  estimate_a: number | null;
  estimate_b: number | null;
  /** estimate_a − estimate_b */
  difference: number | null;
  /** CI of the difference at the Bonferroni level 1 − α/m (m testable rows) */
  ci_low: number | null;
  ci_high: number | null;
  /** the CI's confidence level */
  ci_level: number | null;
  /** Cliff's delta of a against b */
  effect_size: number | null;
  /** Mann–Whitney, two-sided */
  p_value: number | null;
  /** Holm over the testable rows */
  p_adjusted: number | null;
  verdict: "different" | "no_difference" | "not_testable";
  /** why not testable; null otherwise */
  reason: string | null;
}

/** Options of {@linkcode answerRvq}. */
export interface RvqOptions {
  seed?: number;
  resamples?: number;
  alpha?: number;
  minGroup?: number;
}

/** What {@linkcode rvqAnswers} needs: the window's summaries, segments and RV rows. */
export interface RvqInputs {
  window: Window;
  rows: readonly AccountSummary[];
  segments: ReadonlyMap<string, ProfitSegment>;
  /** monthly RV rows per account, all periods (the first one dates each account) */
  rv: readonly { id: string; period: string; rv: number }[];
  compare?: readonly RvqCompare[];
  caps?: Record<string, number>;
  seed?: number;
}

/**
 * The `rvq` rows of a segment analysis: the built-in questions ({@linkcode rvqQuestions},
 * with the accounts' initiatives), then one `custom:<name>` row per `compare`, answered
 * by {@linkcode answerRvq} on {@linkcode rvPerMonth}.
 *
 * Complexity: that of {@linkcode answerRvq}, plus one query per custom group.
 *
 * @example
 * ```ts
 * import { rvqAnswers } from "./rvq.ts";
 * import { accountSummaries, defaultWindow } from "./account_summary.ts";
 * import { profitSegments } from "./profit_segments.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const window = await defaultWindow(engine);
 * const rows = await accountSummaries(engine, window);
 * await rvqAnswers(engine, { window, rows, segments: profitSegments(rows), rv: [] });
 * ```
 */
export async function rvqAnswers(engine: Engine, inputs: RvqInputs): Promise<RvqRow[]> {
  const { window, rows, segments } = inputs;
  return answerRvq(
    [
      ...rvqQuestions(rows, segments, await accountInitiatives(engine)),
      ...await customQuestions(
        engine,
        window,
        inputs.compare ?? [],
        new Set(segments.keys()),
        inputs.caps,
      ),
    ],
    rvPerMonth(inputs.rv, window),
    { seed: inputs.seed },
  );
}

/**
 * The RV-Q answers alone, without the rest of the segment analysis: the default window
 * (last `windowMonths` months), the summaries, the profit segments and the rvq rows.
 *
 * Why: claim checks on many synthetic worlds need only these, fast.
 *
 * Complexity: three queries plus {@linkcode rvqAnswers}.
 *
 * @example
 * ```ts
 * import { analyseRvq } from "./rvq.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const { rvq } = await analyseRvq(engine);
 * ```
 */
export async function analyseRvq(
  engine: Engine,
  options: { windowMonths?: number; seed?: number; compare?: readonly RvqCompare[] } = {},
): Promise<{ segments: Map<string, ProfitSegment>; rvq: RvqRow[] }> {
  const window = await defaultWindow(engine, options.windowMonths ?? 12);
  const rows = await accountSummaries(engine, window);
  const segments = profitSegments(rows);
  // monthly RV per account (the `rv` of `rvByPeriod`, without its dense series)
  const rv = await engine.query<{ id: string; period: string; rv: number }>(
    `SELECT account_id AS id, strftime(period, '%Y-%m-%d') AS period, sum(rv) AS rv
     FROM (${scoredInteractionsSql({ grain: "month", level: "account" })}) s GROUP BY ALL`,
  );
  return {
    segments,
    rvq: await rvqAnswers(engine, { ...options, window, rows, segments, rv }),
  };
}

/**
 * Each account's RV per month over the window: RV in [start, end) divided by the
 * months from max(start, the account's first month with interactions) to end.
 * Accounts without interactions before `end` are absent (callers treat them as 0).
 *
 * Why: a group's RV pattern must not depend on when its accounts were acquired; an
 * account first seen two months before the window end has two months, not twelve.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { rvPerMonth } from "./rvq.ts";
 * const rows = [
 *   { id: "a", period: "2024-01-01", rv: 6 },
 *   { id: "b", period: "2024-11-01", rv: 4 },
 * ];
 * rvPerMonth(rows, { start: "2024-01-01", end: "2025-01-01" }); // => Map { "a" => 0.5, "b" => 2 }
 * ```
 */
export function rvPerMonth(
  rows: readonly { id: string; period: string; rv: number }[],
  window: Pick<Window, "start" | "end">,
): Map<string, number> {
  const first = new Map<string, string>(), sum = new Map<string, number>();
  for (const r of rows) {
    if (r.period >= window.end) continue;
    const f = first.get(r.id);
    if (f === undefined || r.period < f) first.set(r.id, r.period);
    if (r.period >= window.start) sum.set(r.id, (sum.get(r.id) ?? 0) + r.rv);
  }
  const monthIndex = (d: string) => 12 * +d.slice(0, 4) + +d.slice(5, 7) - 1;
  const end = monthIndex(window.end);
  const out = new Map<string, number>();
  for (const [id, f] of first) {
    const from = Math.max(monthIndex(window.start), monthIndex(f));
    out.set(id, (sum.get(id) ?? 0) / Math.max(1, end - from));
  }
  return out;
}

/**
 * The built-in RV-Q questions over the accounts active in the window (those with a
 * profit segment: customers and `no_revenue`): top20 vs loss customers; revenue
 * growing vs shrinking and share of wallet growing vs shrinking (customers billed in
 * both windows, `definitions.ts` tolerances; new and lost accounts are in neither
 * group); community members vs not; and one question per initiative (`initiatives`:
 * account id → initiative, from the accounts table) vs the other active accounts.
 *
 * Complexity: O(accounts × (1 + initiatives)).
 *
 * @example
 * ```ts
 * import { rvqQuestions } from "./rvq.ts";
 * rvqQuestions([], new Map()).map((q) => q.question);
 * // => ["top_vs_loss", "revenue_growing_vs_shrinking", "sow_growing_vs_shrinking", "community_vs_not"]
 * ```
 */
export function rvqQuestions(
  rows: readonly AccountSummary[],
  segments: ReadonlyMap<string, ProfitSegment>,
  initiatives: ReadonlyMap<string, string> = new Map(),
): RvqQuestion[] {
  const active = rows.filter((r) => segments.has(r.account_id));
  const ids = (f: (r: AccountSummary) => boolean) => active.filter(f).map((r) => r.account_id);
  const noRevenue = rows.some(isCustomer) ? undefined : "no revenue in the window";
  const wallet = active.some((r) => shareOfWalletGrowth(r) !== null)
    ? undefined
    : "no wallet in both windows, so no share of wallet";
  const community = active.some((r) => r.community_member !== null)
    ? undefined
    : "no community_member flag on the accounts";
  const out: RvqQuestion[] = [
    {
      question: "top_vs_loss",
      group_a: "top20",
      group_b: "loss",
      a: ids((r) => segments.get(r.account_id) === "top20"),
      b: ids((r) => segments.get(r.account_id) === "loss"),
      reason: noRevenue,
    },
    {
      question: "revenue_growing_vs_shrinking",
      group_a: "revenue growing",
      group_b: "revenue shrinking",
      a: ids((r) => isCustomer(r) && revenueGrowth(r) === "growing"),
      b: ids((r) => isCustomer(r) && revenueGrowth(r) === "shrinking"),
      reason: noRevenue,
    },
    {
      question: "sow_growing_vs_shrinking",
      group_a: "share of wallet growing",
      group_b: "share of wallet shrinking",
      a: ids((r) => isCustomer(r) && shareOfWalletGrowth(r) === "growing"),
      b: ids((r) => isCustomer(r) && shareOfWalletGrowth(r) === "shrinking"),
      reason: noRevenue ?? wallet,
    },
    {
      question: "community_vs_not",
      group_a: "community members",
      group_b: "not members",
      a: ids((r) => r.community_member === true),
      b: ids((r) => r.community_member === false),
      reason: community,
    },
  ];
  for (const v of [...new Set(initiatives.values())].sort()) {
    out.push({
      question: `initiative:${v}_vs_not`,
      group_a: `initiative ${v}`,
      group_b: `not in ${v}`,
      a: ids((r) => initiatives.get(r.account_id) === v),
      b: ids((r) => initiatives.get(r.account_id) !== v),
    });
  }
  return out;
}

/**
 * Answers RV-Q questions (see module doc): per question the means of `values`
 * (missing accounts count 0) in each group, their difference with a stratified
 * bootstrap CI at level 1 − α/m, Cliff's delta, the Mann–Whitney p, Holm's adjusted p
 * over the m testable rows, and the verdict.
 *
 * Why both conditions for `different`: the CI says how large the difference is and
 * the rank test whether one group tends to be higher; claiming only when both agree
 * after the adjustment keeps the family-wise rate of false answers under α.
 *
 * Complexity: O(questions × resamples × n log n).
 *
 * @example
 * ```ts
 * import { answerRvq } from "./rvq.ts";
 * const a = Array.from({ length: 12 }, (_, i) => `a${i}`);
 * const b = Array.from({ length: 12 }, (_, i) => `b${i}`);
 * const values = new Map([...a.map((id, i) => [id, 10 + i] as const), ...b.map((id, i) => [id, i] as const)]);
 * const [row] = answerRvq([{ question: "custom:x", group_a: "x", group_b: "not x", a, b }], values);
 * row.verdict; // => "different"
 * ```
 */
export function answerRvq(
  questions: readonly RvqQuestion[],
  values: ReadonlyMap<string, number>,
  options: RvqOptions = {},
): RvqRow[] {
  const alpha = options.alpha ?? RVQ_ALPHA;
  const min = options.minGroup ?? MIN_GROUP_ACCOUNTS;
  const reasonOf = (q: RvqQuestion) =>
    q.reason ??
      (q.a.length < min || q.b.length < min
        ? `${q.a.length < min ? q.group_a : q.group_b} has ${
          Math.min(q.a.length, q.b.length)
        } accounts, fewer than ${min}`
        : undefined);
  const testable = questions.filter((q) => reasonOf(q) === undefined).length;
  const level = 1 - alpha / Math.max(1, testable);
  const rows: RvqRow[] = questions.map((q, k) => {
    const base = {
      question: q.question,
      group_a: q.group_a,
      group_b: q.group_b,
      n_a: q.a.length,
      n_b: q.b.length,
      measure: RVQ_MEASURE,
    };
    const reason = reasonOf(q);
    if (reason !== undefined) {
      return {
        ...base,
        estimate_a: null,
        estimate_b: null,
        difference: null,
        ci_low: null,
        ci_high: null,
        ci_level: null,
        effect_size: null,
        p_value: null,
        p_adjusted: null,
        verdict: "not_testable",
        reason,
      };
    }
    const xa = q.a.map((id) => values.get(id) ?? 0), xb = q.b.map((id) => values.get(id) ?? 0);
    const ci = meanDifferenceCi(xa, xb, {
      level,
      resamples: options.resamples ?? RVQ_RESAMPLES,
      seed: (options.seed ?? 1) * 1000 + k,
    });
    const ea = mean(xa), eb = mean(xb);
    return {
      ...base,
      estimate_a: ea,
      estimate_b: eb,
      difference: ea - eb,
      ci_low: ci.low,
      ci_high: ci.high,
      ci_level: level,
      effect_size: cliffsDelta(xa, xb),
      p_value: mannWhitneyU(xa, xb).p,
      p_adjusted: null,
      verdict: "no_difference",
      reason: null,
    };
  });
  const tested = rows.filter((r) => r.p_value !== null);
  holm(tested.map((r) => r.p_value!)).forEach((p, i) => {
    const r = tested[i];
    r.p_adjusted = p;
    r.verdict = p < alpha && (r.ci_low! > 0 || r.ci_high! < 0) ? "different" : "no_difference";
  });
  return rows;
}

/**
 * Percentile CI of mean(a) − mean(b) from a bootstrap that resamples each group's
 * accounts within the group (`clusterBootstrap` with strata), seeded.
 *
 * Complexity: O(resamples × n).
 *
 * @example
 * ```ts
 * import { meanDifferenceCi } from "./rvq.ts";
 * const ci = meanDifferenceCi([5, 6, 7, 8], [1, 2, 3, 4], { resamples: 200, seed: 1 });
 * ci.low > 0; // => true
 * ```
 */
export function meanDifferenceCi(
  a: readonly number[],
  b: readonly number[],
  options: { level?: number; resamples?: number; seed?: number } = {},
): { low: number; high: number } {
  const items = [...a.map((v) => ({ g: 0, v })), ...b.map((v) => ({ g: 1, v }))];
  const ci = clusterBootstrap(items, (sample) => {
    let sa = 0, sb = 0;
    for (const s of sample) {
      if (s.g === 0) sa += s.v;
      else sb += s.v;
    }
    return sa / a.length - sb / b.length;
  }, {
    strata: (x) => x.g,
    level: options.level ?? 0.95,
    resamples: options.resamples ?? RVQ_RESAMPLES,
    seed: options.seed ?? 1,
  });
  return { low: ci.low, high: ci.high };
}

/**
 * The initiative of each account, from an `initiative` column of the accounts table
 * when it has one (empty map otherwise).
 *
 * Complexity: one scan of accounts.
 *
 * @example
 * ```ts
 * import { accountInitiatives } from "./rvq.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * await accountInitiatives(engine); // Map { "acct-00001" => "standard", ... }
 * ```
 */
export async function accountInitiatives(engine: Engine): Promise<Map<string, string>> {
  const cols = await engine.query<{ column_name: string }>(
    "SELECT column_name FROM (DESCRIBE accounts)",
  );
  if (!cols.some((c) => c.column_name === "initiative")) return new Map();
  const rows = await engine.query<{ account_id: string; initiative: string }>(
    `SELECT account_id, CAST(initiative AS VARCHAR) AS initiative FROM accounts WHERE initiative IS NOT NULL`,
  );
  return new Map(rows.map((r) => [r.account_id, r.initiative]));
}

/**
 * The groups of `--compare "name: predicate"`: the accounts among `active` for which
 * the predicate is true (group a) and the rest of `active` (group b, predicate false or
 * NULL). The predicate runs in the engine over the per-account summary of the window
 * (`accountSummariesSql`) joined with the accounts table (its columns that the summary
 * lacks, e.g. `initiative` or `name`). A predicate that fails throws a UsageError naming it.
 *
 * Complexity: one query per comparison.
 *
 * @example
 * ```ts
 * import { customQuestions } from "./rvq.ts";
 * import { defaultWindow } from "./account_summary.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const w = await defaultWindow(engine);
 * await customQuestions(engine, w, [{ name: "big", predicate: "revenue > 100000" }], new Set());
 * ```
 */
export async function customQuestions(
  engine: Engine,
  window: Window,
  compare: readonly RvqCompare[],
  active: ReadonlySet<string>,
  caps: Record<string, number> = {},
): Promise<RvqQuestion[]> {
  if (compare.length === 0) return [];
  const summaryCols = new Set(
    (await engine.query<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE ${accountSummariesSql(window, undefined, caps)})`,
    )).map((c) => c.column_name),
  );
  const extra = (await engine.query<{ column_name: string }>(
    "SELECT column_name FROM (DESCRIBE accounts)",
  )).map((c) => c.column_name).filter((c) => !summaryCols.has(c));
  const accountsPart = extra.length
    ? `LEFT JOIN (SELECT account_id, ${
      extra.map(ident).join(", ")
    } FROM accounts) acc USING (account_id)`
    : "";
  const out: RvqQuestion[] = [];
  for (const c of compare) {
    let hit: Set<string>;
    try {
      hit = new Set(
        (await engine.query<{ account_id: string }>(
          `SELECT account_id FROM (${
            accountSummariesSql(window, undefined, caps)
          }) s ${accountsPart} WHERE (${c.predicate})`,
        )).map((r) => r.account_id),
      );
    } catch (e) {
      const msg = (e as Error).message.split("\n")[0];
      throw new UsageError(`--compare "${c.name}: ${c.predicate}": the predicate failed: ${msg}`);
    }
    const ids = [...active];
    out.push({
      question: `custom:${c.name}`,
      group_a: c.name,
      group_b: `not ${c.name}`,
      a: ids.filter((id) => hit.has(id)),
      b: ids.filter((id) => !hit.has(id)),
    });
  }
  return out;
}
