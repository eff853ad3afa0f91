/**
 * The report's figures built from analysis results: one function per figure, used by
 * the report (`build.ts`) and by the notebooks' rich display (`src/display/views.ts`),
 * so a chart looks the same wherever it is shown.
 *
 * @module
 */
import {
  barChart,
  boxplotChart,
  type ChartSource,
  costVsRevenueChart,
  heatmapChart,
  rvTrajectoriesChart,
} from "../charts/charts.ts";
import type { Chart } from "../charts/render.ts";
import type { SayVsDoResult } from "../voc/say_vs_do.ts";
import type { DataMapResult as DataMap, SegmentsResult as Segments } from "../study/study.ts";

type Comparison = Segments["comparisons"][number];

/**
 * RV trajectories (median and IQR band) of the top 20 % against the loss-making
 * accounts, or against the middle when no account loses money; null without patterns.
 *
 * Complexity: O(pattern points) plus rendering.
 *
 * @example
 * ```ts
 * import { trajectoriesFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await trajectoriesFigure(s, src); // null without a loss segment
 * ```
 */
export async function trajectoriesFigure(s: Segments, src: ChartSource): Promise<Chart | null> {
  const hasLoss = s.rv_patterns.some((p) => p.segment === "loss");
  const points = s.rv_patterns.filter((p) =>
    p.segment === "top20" || p.segment === (hasLoss ? "loss" : "middle")
  );
  return points.length ? await rvTrajectoriesChart(points, src) : null;
}

/**
 * RV per month in the window by profit segment (box plot).
 *
 * Complexity: O(accounts) plus rendering.
 *
 * @example
 * ```ts
 * import { rvDistributionFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await rvDistributionFigure(s, src);
 * ```
 */
export function rvDistributionFigure(s: Segments, src: ChartSource): Promise<Chart> {
  return boxplotChart(
    "rv-distribution",
    "RV per month by profit segment",
    s.accounts_table.filter((a) => a.profit_segment).map((a) => ({
      group: a.profit_segment!,
      value: a.rv / s.window.months,
    })),
    "RV per month in the window (points)",
    src,
  );
}

/**
 * Cost to engage against revenue per account, by profit segment.
 *
 * Complexity: O(accounts) plus rendering.
 *
 * @example
 * ```ts
 * import { costRevenueFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await costRevenueFigure(s, src);
 * ```
 */
export function costRevenueFigure(s: Segments, src: ChartSource): Promise<Chart> {
  return costVsRevenueChart(
    s.accounts_table.filter((a) => a.profit_segment).map((a) => ({
      account_id: a.account_id,
      interaction_cost: a.interaction_cost,
      revenue: a.revenue,
      segment: a.profit_segment!,
    })),
    src,
  );
}

/**
 * RV per account-month of the 25 highest groups of one comparison, with the norm as a
 * reference line; for a people dimension, each bar coloured by its performer verdict
 * (`above`, `below`, `within`, `not testable`: see `segments/performers.ts`).
 *
 * Complexity: O(groups log groups) plus rendering.
 *
 * @example
 * ```ts
 * import { comparisonFigure } from "./figures.ts";
 * import { analyseSegments } from "../segments/analyse.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const s = await analyseSegments(engine);
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await comparisonFigure(s.comparisons[0], src, s.performers);
 * ```
 */
export function comparisonFigure(
  c: Comparison,
  src: ChartSource,
  performers: readonly { dimension: string; id: string; verdict: string }[] = [],
): Promise<Chart> {
  const verdict = new Map(
    performers.filter((p) => p.dimension === c.dimension).map((p) => [p.id, p.verdict]),
  );
  const groups = [...c.groups].sort((a, b) => b.rv_per_account_month - a.rv_per_account_month)
    .slice(0, 25);
  return barChart(
    `comparison-${c.dimension}`,
    `RV per account-month by ${c.dimension.replaceAll("_", " ")} (line: the norm)`,
    groups.map((g) => ({
      label: `${g.group} (n=${g.accounts})`,
      value: g.rv_per_account_month,
      ...(verdict.size
        ? { group: (verdict.get(g.group) ?? "not_testable").replace("_", " ") }
        : {}),
    })),
    "RV per account-month (points)",
    src,
    { reference: c.norm },
  );
}

/**
 * The data map: share of the IPF's interaction types observed, by stage and function.
 *
 * Complexity: O(cells) plus rendering.
 *
 * @example
 * ```ts
 * import { dataMapFigure } from "./figures.ts";
 * import { dataMap } from "../study/data_map.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await dataMapFigure(await dataMap(engine), src);
 * ```
 */
export function dataMapFigure(map: DataMap, src: ChartSource): Promise<Chart> {
  return heatmapChart(
    "data-map",
    "Data map: share of IPF interaction types observed, by stage and function",
    map.cells.map((c) => ({
      row: c.function,
      column: c.stage,
      value: c.types_in_ipf ? c.types_observed / c.types_in_ipf : 0,
    })),
    "share observed",
    src,
  );
}

/**
 * The say–do quadrant: share of answers by RV level and what the customer said.
 *
 * Complexity: O(6) cells plus rendering.
 *
 * @example
 * ```ts
 * import { sayDoFigure } from "./figures.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const src = { kind: "synthetic", source: "rvlab demo world" } as const;
 * await sayDoFigure(sayVsDo(await accountPanel(engine)), src);
 * ```
 */
export function sayDoFigure(sd: SayVsDoResult, src: ChartSource): Promise<Chart> {
  return heatmapChart(
    "say-do",
    "Say vs do: share of answers by RV level and what the customer said",
    sd.quadrant.map((q) => ({ row: `${q.rv} RV`, column: q.band, value: q.share })),
    "share of answers",
    src,
  );
}
