/**
 * Display adapters for rvlab's results: the segment analysis, the back-test, say vs
 * do, exceptions, best practice and comparisons as Markdown summaries, truncated
 * HTML tables and SVG charts. Each function only arranges what the analysis computed.
 *
 * @module
 */
import { aucForestChart, type ChartSource, correlogramChart } from "../charts/charts.ts";
import { readsReversed } from "../backtest/validate.ts";
import { type Chart, type Figure, isOmitted } from "../charts/render.ts";
import type { SayVsDoResult } from "../voc/say_vs_do.ts";
import { num, pct } from "../util/format.ts";
import { formatValue } from "../util/table_format.ts";
import { leadSentence } from "../report/validate_markdown.ts";
import {
  type DataMapResult,
  isSkipped,
  type SegmentsResult,
  type Study,
  type ValidationResult,
} from "../study/study.ts";
import {
  comparisonFigure,
  costRevenueFigure,
  dataMapFigure,
  rvDistributionFigure,
  sayDoFigure,
  trajectoriesFigure,
  whaleFigure,
} from "../report/figures.ts";
import { rvqSentence } from "../report/rvq_section.ts";
import { performerSentences } from "../report/performers_text.ts";
import { PERFORMER_COLUMNS } from "../segments/performers.ts";
import {
  chart,
  type Displayable,
  type HtmlView,
  markdown,
  type MarkdownView,
  stack,
  table,
  type TableView,
} from "./display.ts";

export type { DataMapResult, SegmentsResult, ValidationResult } from "../study/study.ts";

/** A figure shown: the chart, or the line saying why it is not drawn (as the report says it). */
function shown(f: Figure): (Chart & Displayable) | MarkdownView {
  return isOmitted(f) ? markdown(`${f.title}: not drawn — ${f.omitted}.`) : chart(f);
}

/**
 * The segment analysis in a few Markdown lines: window, segments, the starting
 * benchmark, the whale curve and the scorecard.
 *
 * Complexity: O(segments).
 *
 * @example
 * ```ts
 * import { segmentsSummary } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * segmentsSummary(s); // displays as Markdown
 * ```
 */
export function segmentsSummary(s: SegmentsResult): MarkdownView {
  const b = s.starting_benchmark;
  const sc = s.crm_scorecard;
  const lines = [
    `**Window** ${s.window.start} to ${s.window.end} (${s.window.months} months; profit basis: ${s.window.profit_basis}); ${s.customers} customers of ${s.accounts} accounts.`,
    ...s.notes.map((n) => `- _Note_: ${n}.`),
    "",
    `- **Starting benchmark**: the top 20 % cost ${
      num(b.cost_to_engage_ratio)
    }× as much to engage as the others and bring ${
      num(b.revenue_ratio)
    }× the revenue; the 20 % largest customers bring ${
      pct(b.revenue_concentration_top20)
    } of revenue; ${pct(b.retention_revenue_share)} comes from existing customers.`,
    ...s.rvq.filter((r) => r.question === "top_vs_loss").map((r) =>
      `- **RV-Q, top vs loss-making**: ${rvqSentence(r)}`
    ),
    `- **Whale curve**: peak ${pct(s.whale_curve.peak.cumulative_share)} of total profit at ${
      pct(s.whale_curve.peak.share_of_customers)
    } of customers; ${pct(s.whale_curve.share_destroying_profit)} of customers destroy profit.`,
    `- **Scorecard**: ${sc.active} active, ${sc.passive} passive, ${sc.potential} potential customers; loyal ${
      sc.loyal === null ? "not measurable" : pct(sc.loyal)
    }; the 10 largest bring ${pct(sc.top10_revenue_share)} of revenue.`,
    `- **Exceptions**: ${s.exceptions.count} accounts out of their segment's pattern; ${s.exceptions.at_risk.length} at risk (their relationship soured against their own pattern)${
      s.exceptions.at_risk.length
        ? `, the most at stake ${s.exceptions.at_risk[0].account_id} (${
          num(s.exceptions.at_risk[0].value_at_stake, 0)
        })`
        : ""
    }.`,
  ];
  return markdown(lines.join("\n"));
}

/**
 * The profit segments (top 20 %, middle, loss-making customers, and the accounts with
 * interactions but no revenue) as a table.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { profitSegmentsTable } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * profitSegmentsTable(s); // displays in Jupyter
 * ```
 */
export function profitSegmentsTable(s: SegmentsResult): TableView {
  return table(s.profit_segments, { caption: "Profit segments in the window" });
}

/**
 * The starting benchmark as a two-column table (figure, value).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { startingBenchmarkTable } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * startingBenchmarkTable(s); // displays in Jupyter
 * ```
 */
export function startingBenchmarkTable(s: SegmentsResult): TableView {
  const b = s.starting_benchmark;
  const d = b.rv_difference;
  // one column of mixed figures: each formatted by what it is (ratio, share, p-value)
  const f = (kind: string, x: unknown) => formatValue(kind, x);
  return table([
    { figure: "cost to engage, top 20 % vs others (×)", value: f("ratio", b.cost_to_engage_ratio) },
    { figure: "revenue, top 20 % vs others (×)", value: f("ratio", b.revenue_ratio) },
    {
      figure: "revenue share of the top 20 % by revenue",
      value: f("share", b.revenue_concentration_top20),
    },
    {
      figure: "revenue share from existing customers",
      value: f("share", b.retention_revenue_share),
    },
    { figure: "RV per month, top 20 % (median)", value: f("rv", d.top_median) },
    { figure: "RV per month, loss-making (median)", value: f("rv", d.loss_median) },
    { figure: "n top / n loss-making", value: `${f("n", d.n_top)} / ${f("n", d.n_loss)}` },
    { figure: "Cliff's delta", value: f("delta", d.cliffs_delta) },
    {
      figure: "Mann–Whitney p (unadjusted; adjusted: RV-Q answers)",
      value: f("p_value", d.p_value),
    },
  ], { caption: "Starting benchmark" });
}

/**
 * The RV-Q answers: one sentence per question (top vs loss, revenue and share of wallet
 * growing vs shrinking, community, initiatives, custom groups), then their table.
 *
 * Complexity: O(rvq rows).
 *
 * @example
 * ```ts
 * import { rvqView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * rvqView(s); // displays in Jupyter
 * ```
 */
export function rvqView(s: SegmentsResult): HtmlView {
  return stack([
    markdown(s.rvq.map((r) => `- ${rvqSentence(r)}`).join("\n")),
    table(
      s.rvq.map((r) => ({
        question: r.question,
        n_a: r.n_a,
        n_b: r.n_b,
        estimate_a: r.estimate_a,
        estimate_b: r.estimate_b,
        difference: r.difference,
        ci_low: r.ci_low,
        ci_high: r.ci_high,
        effect_size: r.effect_size,
        p_adjusted: r.p_adjusted,
        verdict: r.verdict,
        reason: r.reason,
      })),
      { caption: `RV-Q answers (${s.rvq[0]?.measure ?? "mean RV per month"})` },
    ),
  ]);
}

/**
 * RV trajectories (median and IQR band) of the top 20 % and the loss-making accounts.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { trajectoriesChart } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await trajectoriesChart(s, src); // displays in Jupyter
 * ```
 */
export async function trajectoriesChart(
  s: SegmentsResult,
  src: ChartSource,
): Promise<(Chart & Displayable) | MarkdownView> {
  return shown(await trajectoriesFigure(s, src));
}

/**
 * Distribution of RV per month by profit segment (box plot).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { rvBySegmentChart } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await rvBySegmentChart(s, src); // displays in Jupyter
 * ```
 */
export async function rvBySegmentChart(
  s: SegmentsResult,
  src: ChartSource,
): Promise<(Chart & Displayable) | MarkdownView> {
  return shown(await rvDistributionFigure(s, src));
}

/**
 * The whale curve.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { whaleChart } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await whaleChart(s, src); // displays in Jupyter
 * ```
 */
export async function whaleChart(
  s: SegmentsResult,
  src: ChartSource,
): Promise<(Chart & Displayable) | MarkdownView> {
  return shown(await whaleFigure(s, src));
}

/**
 * Cost to engage against revenue per account, by profit segment.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { costRevenueChart } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await costRevenueChart(s, src); // displays in Jupyter
 * ```
 */
export async function costRevenueChart(
  s: SegmentsResult,
  src: ChartSource,
): Promise<(Chart & Displayable) | MarkdownView> {
  return shown(await costRevenueFigure(s, src));
}

/**
 * The per-account table of the window (RV, cost, revenue, profit, segment).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { accountsTable } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * accountsTable(s, 20); // displays in Jupyter
 * ```
 */
export function accountsTable(s: SegmentsResult, maxRows = 20): TableView {
  return table(s.accounts_table, { caption: "Accounts in the window", maxRows });
}

/**
 * The at-risk list, ranked by value at stake (most first): accounts whose RV in the
 * last months fell below what their own history and trend predict, with the reason
 * in words (the drop and the interactions behind it).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { exceptionsView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * exceptionsView(s); // displays in Jupyter
 * ```
 */
export function exceptionsView(s: SegmentsResult, maxRows = 20): TableView {
  const b = s.exceptions.at_risk_basis;
  return table(
    s.exceptions.at_risk.map((e) => ({
      rank: e.rank,
      account: e.account_id,
      value_at_stake: e.value_at_stake,
      reason: e.reason,
    })),
    {
      caption:
        `At risk, ranked by value at stake (${b.value_at_stake}): in the last ${b.recent_months} months fewer value-adding and more value-destroying interactions, more than ${b.threshold_sd} sd beyond the account's own history, and RV fell`,
      maxRows,
      maxCellChars: 400,
    },
  );
}

/**
 * Next best actions: for customers (at-risk ones first), the positive-RV interaction
 * types the top 20 % of customers have and the account lacks, with why.
 *
 * Complexity: O(rows shown).
 *
 * @example
 * ```ts
 * import { nextBestActionsView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * nextBestActionsView(s); // displays in Jupyter
 * ```
 */
export function nextBestActionsView(s: SegmentsResult, maxRows = 15): TableView {
  return table(
    s.next_best_actions.map((a) => ({
      account: a.account_id,
      action: a.interaction_type.replaceAll("_", " "),
      rv: a.rv,
      why: a.why,
    })),
    { caption: "Next best actions (positive-RV types only)", maxRows, maxCellChars: 400 },
  );
}

/**
 * Best practice: interaction types top accounts have and the others lack (Cohen's h).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { bestPracticeView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * bestPracticeView(s, 15); // displays in Jupyter
 * ```
 */
export function bestPracticeView(s: SegmentsResult, maxRows = 15): TableView {
  return table(
    s.best_practice.map((p) => ({
      interaction_type: p.interaction_type,
      stage: p.stage,
      function: p.function,
      rate_top: p.rate_top,
      rate_rest: p.rate_rest,
      share_top: p.share_top,
      share_rest: p.share_rest,
      association: p.association,
      p_adjusted: p.p_adjusted,
      habit_share: p.habit_share,
      habit_extra: p.habit_extra,
      cohens_h: p.cohens_h,
      n_top: p.n_top,
      n_rest: p.n_rest,
    })),
    {
      caption:
        `Best practice: ${s.best_practice_basis.best_accounts} vs the other customers, by association`,
      maxRows,
    },
  );
}

/**
 * The comparisons (reps, regions, managers, industries …): one table per dimension.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { comparisonsView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * comparisonsView(s, 12); // displays in Jupyter
 * ```
 */
export function comparisonsView(s: SegmentsResult, maxRows = 12): HtmlView {
  if (!s.comparisons.length) {
    return stack([markdown("No dimension to compare on (no owner, region, industry … column).")]);
  }
  return stack(
    s.comparisons.flatMap((c) => [
      `By ${c.dimension.replaceAll("_", " ")} — norm ${num(c.norm)} RV per account-month`,
      table(
        [...c.groups].sort((a, b) => b.rv_per_account_month - a.rv_per_account_month),
        {
          columns: [
            "group",
            "accounts",
            "interactions",
            "rv_per_account_month",
            "ratio_to_norm",
            "cost",
          ],
          maxRows,
        },
      ),
    ]),
  );
}

/**
 * One comparison as a bar chart against the norm: the given dimension, else the first
 * one the data has (the reps when interactions carry an owner). A Markdown note when
 * the data has no dimension to compare on; a RangeError for an unknown dimension.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { comparisonChart } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await comparisonChart(s, src); // displays in Jupyter
 * ```
 */
export async function comparisonChart(
  s: SegmentsResult,
  src: ChartSource,
  dimension?: string,
): Promise<(Chart & Displayable) | MarkdownView> {
  if (!s.comparisons.length) {
    return markdown("No dimension to compare on (no owner, region, industry … column).");
  }
  const c = dimension === undefined
    ? s.comparisons[0]
    : s.comparisons.find((x) => x.dimension === dimension);
  if (!c) {
    throw new RangeError(
      `no comparison by "${dimension}"; available: ${
        s.comparisons.map((x) => x.dimension).join(", ")
      }`,
    );
  }
  return shown(await comparisonFigure(c, src, s.performers));
}

/**
 * The performers claim: one sentence per people dimension (a person is named only when
 * above or below the team norm beyond chance) and the table of shrunk estimates with
 * their adjusted intervals.
 *
 * Complexity: O(rows shown).
 *
 * @example
 * ```ts
 * import { performersView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * performersView(s); // displays in Jupyter
 * ```
 */
export function performersView(s: SegmentsResult, maxRows = 20): HtmlView {
  if (!s.performers.length) {
    return stack([
      markdown("No people dimension (owner, manager, regional office, team) to test."),
    ]);
  }
  return stack([
    markdown(performerSentences(s.performers).map((l) => `- ${l}`).join("\n")),
    table(s.performers, {
      columns: PERFORMER_COLUMNS,
      maxRows,
    }),
  ]);
}

/**
 * The data map: share of IPF types observed, by stage and function (heat map).
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { dataMapChart } from "./views.ts";
 * import { dataMap } from "../study/data_map.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const map = await dataMap(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await dataMapChart(map, src); // displays in Jupyter
 * ```
 */
export async function dataMapChart(
  map: DataMapResult,
  src: ChartSource,
): Promise<Chart & Displayable> {
  return chart(await dataMapFigure(map, src));
}

/**
 * The back-test's verdicts and figures as Markdown.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { validationSummary } from "./views.ts";
 * import { validate } from "../backtest/validate.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const v = await validate(engine);
 * validationSummary(v); // displays in Jupyter
 * ```
 */
export function validationSummary(v: ValidationResult): MarkdownView {
  const ll = v.lead_lag.revenue;
  return markdown([
    `**Back-test**: cutoffs ${
      v.cutoffs.join(", ") || "none"
    }, horizon ${v.horizon} months, ${v.accounts} accounts, ${v.observations} account-cutoff observations; account-cluster bootstrap CIs, Holm-adjusted.`,
    ...v.notes.map((n) => `- _Note_: ${n}.`),
    "",
    ...v.verdicts.map((x) =>
      `- **${x.target}**: ${x.rv_leads ? "**RV leads**" : "not shown to lead"} — ${x.reason}.`
    ),
    "",
    ll.lead === null && ll.verdict !== "not_testable"
      ? "No lead–lag estimate (no money series)."
      : `Lead of RV changes over revenue changes: ${leadSentence(ll, "revenue", true)}.`,
    ...(v.verdicts.some((x) => x.best_baseline?.endsWith("(reversed)")) ||
        v.results.some((r) => r.status === "tested" && readsReversed(r))
      ? ["", REVERSED_NOTE]
      : []),
  ].join("\n"));
}

/**
 * What "(reversed)" means beside a baseline (`readsReversed` in `backtest/validate.ts`),
 * said wherever the back-test is displayed.
 */
export const REVERSED_NOTE =
  "_(reversed)_: a baseline whose AUC is below 0.5 predicts the target the other way round — a **lower** value means the better future (falling revenue read as mean reversion, say). The back-test counts a baseline in whichever direction predicts better, so it reads this one reversed (its AUC as 1 − AUC) and RV must beat it in that direction; RV predictors are always read as they are.";

/**
 * The back-test as one block: the summary (with what "(reversed)" means when a baseline
 * is read reversed), the verdicts, the AUCs as a forest plot (each AUC with its
 * confidence interval, per target; drawn when `src` says what the data is, e.g.
 * `ws.chart_source`) and the results table (AUC with CI and Holm-adjusted p per target
 * and predictor, and whether the back-test reads the predictor reversed).
 *
 * Complexity: O(rows shown); the chart, its rendering.
 *
 * @example
 * ```ts
 * import { validationView } from "./views.ts";
 * import { validate } from "../backtest/validate.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const v = await validate(engine);
 * validationView(v, { kind: "synthetic", source: "rvlab demo world" }); // displays in Jupyter
 * ```
 */
export function validationView(v: ValidationResult, src?: ChartSource): HtmlView {
  const tested = v.results.flatMap((r) =>
    r.status === "tested" && r.auc !== null && r.auc_ci_low !== null && r.auc_ci_high !== null
      ? [{ ...r, auc: r.auc, auc_ci_low: r.auc_ci_low, auc_ci_high: r.auc_ci_high }]
      : []
  );
  return stack([
    validationSummary(v),
    "Verdicts",
    table(v.verdicts, {
      columns: [
        "target",
        "best_rv",
        "best_rv_auc",
        "best_baseline",
        "best_baseline_auc",
        "difference",
        "difference_ci_low",
        "difference_ci_high",
        "rv_leads",
      ],
    }),
    ...(src && tested.length ? [chart(aucForestChart(tested, src))] : []),
    "AUC per target and predictor",
    table(
      v.results.map((r) => ({ ...r, read_reversed: readsReversed(r) })),
      {
        columns: [
          "target",
          "predictor",
          "status",
          "auc",
          "auc_ci_low",
          "auc_ci_high",
          "read_reversed",
          "p_adjusted",
          "n",
          "n_positive",
        ],
        maxRows: 40,
      },
    ),
  ]);
}

/**
 * The lead–lag correlogram of RV changes against later revenue changes.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { leadLagChart } from "./views.ts";
 * import { validate } from "../backtest/validate.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const v = await validate(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await leadLagChart(v, src); // displays in Jupyter
 * ```
 */
export async function leadLagChart(
  v: ValidationResult,
  src: ChartSource,
): Promise<Chart & Displayable> {
  const ll = v.lead_lag.revenue;
  return chart(
    await correlogramChart(ll.correlogram, {
      lead: ll.lead,
      low: ll.r_ci_low,
      high: ll.r_ci_high,
    }, src),
  );
}

/**
 * Say vs do as Markdown: correlation, which leads money, disagreements.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { sayVsDoSummary } from "./views.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const sd = sayVsDo(await accountPanel(engine));
 * sayVsDoSummary(sd); // displays in Jupyter
 * ```
 */
export function sayVsDoSummary(sd: SayVsDoResult): MarkdownView {
  const c = sd.correlation;
  const l = sd.leads;
  return markdown([
    `**Say vs do** (${sd.say_measure.toUpperCase()}, ${sd.observations} answers from ${sd.accounts} accounts; RV over the ${sd.window} periods up to each answer):`,
    "",
    `- Spearman ${num(c.spearman.value, 3)} (CI ${num(c.spearman.low, 3)} to ${
      num(c.spearman.high, 3)
    }); within accounts ${num(c.within_account.value, 3)} (CI ${num(c.within_account.low, 3)} to ${
      num(c.within_account.high, 3)
    }).`,
    `- Money growing over the next ${sd.horizon} periods (n = ${l.n}): AUC of RV ${
      num(l.auc_do.value, 3)
    } (CI ${num(l.auc_do.low, 3)}–${num(l.auc_do.high, 3)}) vs ${sd.say_measure.toUpperCase()} ${
      num(l.auc_say.value, 3)
    } (CI ${num(l.auc_say.low, 3)}–${num(l.auc_say.high, 3)}): **${l.verdict}**.`,
    `- ${sd.disagreeing_accounts} accounts whose words and actions disagree.`,
  ].join("\n"));
}

/**
 * The RV high/low × promoter/passive/detractor quadrant as a table.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { quadrantTable } from "./views.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const sd = sayVsDo(await accountPanel(engine));
 * quadrantTable(sd); // displays in Jupyter
 * ```
 */
export function quadrantTable(sd: SayVsDoResult): TableView {
  return table(sd.quadrant, { caption: "Say vs do quadrant" });
}

/**
 * The quadrant as a heat map.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { quadrantChart } from "./views.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const sd = sayVsDo(await accountPanel(engine));
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await quadrantChart(sd, src); // displays in Jupyter
 * ```
 */
export async function quadrantChart(
  sd: SayVsDoResult,
  src: ChartSource,
): Promise<Chart & Displayable> {
  return chart(await sayDoFigure(sd, src));
}

/**
 * Accounts whose latest answer disagrees with what they do, most extreme first.
 *
 * Complexity: O(rows shown); a chart, its rendering.
 *
 * @example
 * ```ts
 * import { disagreementsTable } from "./views.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const sd = sayVsDo(await accountPanel(engine));
 * disagreementsTable(sd, 15); // displays in Jupyter
 * ```
 */
export function disagreementsTable(sd: SayVsDoResult, maxRows = 15): TableView {
  return table(
    sd.disagreements.map((d) => ({ ...d, kind: d.kind.replaceAll("_", " ") })),
    { caption: "Says one thing, does another", maxRows },
  );
}

/**
 * The whole study in one cell: the segments summary, the back-test summary and
 * say vs do (or why it is not measurable), each under its heading. Renders a
 * {@linkcode Study} analysed once (`ws.study()` in a notebook); nothing is recomputed.
 *
 * Complexity: O(size of the summaries).
 *
 * @example
 * ```ts
 * import { studyView } from "./views.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * studyView(await analyseStudy(await openEngine(), { resamples: 100 })); // displays in Jupyter
 * ```
 */
export function studyView(study: Study): HtmlView {
  const sd = study.say_vs_do;
  return stack([
    "Segments and starting benchmark",
    segmentsSummary(study.segments),
    "Is RV a leading indicator?",
    validationSummary(study.backtest.validation),
    "Say vs do",
    isSkipped(sd) ? markdown(`Not measurable on this data (${sd.skipped}).`) : sayVsDoSummary(sd),
  ]);
}

/**
 * The segment analysis as one block: the summary, the profit segments, the starting
 * benchmark and the RV-Q answers — what a cell ending with the bare result
 * (`analyseSegments(...)`) shows instead of an object dump.
 *
 * Complexity: O(rows shown).
 *
 * @example
 * ```ts
 * import { segmentsView } from "./views.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * segmentsView(await analyseSegments(engine)); // displays in Jupyter
 * ```
 */
export function segmentsView(s: SegmentsResult): HtmlView {
  return stack([
    segmentsSummary(s),
    profitSegmentsTable(s),
    startingBenchmarkTable(s),
    "RV-Q answers",
    rvqView(s),
  ]);
}

/**
 * Say vs do as one block: the summary, the quadrant and the accounts whose words and
 * actions disagree.
 *
 * Complexity: O(rows shown).
 *
 * @example
 * ```ts
 * import { sayVsDoView } from "./views.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * sayVsDoView(sayVsDo(await accountPanel(engine))); // displays in Jupyter
 * ```
 */
export function sayVsDoView(sd: SayVsDoResult): HtmlView {
  return stack([sayVsDoSummary(sd), quadrantTable(sd), disagreementsTable(sd, 10)]);
}
