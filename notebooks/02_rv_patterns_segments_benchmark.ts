// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 02 · RV patterns, segments and the starting benchmark
//
// The strategic question of the RV-Q method: **do the customers who make money interact
// differently from those who lose it?** This notebook splits the accounts of the last 12
// months into profit segments (customers, i.e. accounts with revenue: top 20 %, middle,
// loss-making; and apart from them the accounts with interactions but no revenue), compares their RV
// patterns, draws the whale curve, and computes the starting-benchmark figures a
// company can compare itself with (`rvlab segments` prints the same).

// %% [markdown]
// **Your own data.** Every notebook runs out of the box on the embedded default, the
// seeded **SYNTHETIC** demo world (`rvlab demo`'s world: 200 accounts × 36 months,
// seed 1, interactions planted to lead money by 3 months). To run it on your data,
// either start Jupyter with `RVLAB_DATA=/path/to/data-dir`, or pass the folder in the
// cell below: `openWorkspace({ data: "/path/to/data-dir" })`. A data directory holds one
// file per canonical table (`interactions`, `ipf`, and optionally `accounts`,
// `financials`, `voc`), see `rvlab check --help`; `rvlab import` makes one from raw
// exports with business rules.

// %% expect=[]
import { openWorkspace } from "../src/notebook/mod.ts";
import { analyseSegments } from "../src/segments/mod.ts";
import {
  accountsTable,
  costRevenueChart,
  profitSegmentsTable,
  rvBySegmentChart,
  rvqView,
  segmentsSummary,
  show,
  startingBenchmarkTable,
  trajectoriesChart,
  whaleChart,
} from "../src/display/mod.ts";

// %% expect=["text/markdown"]
const ws = await openWorkspace();
await show(ws);

// %% [markdown]
// ## Segments over the last 12 months
//
// Profit = gross profit (or revenue when the data has none) − cost to serve − the
// variable cost of the account's interactions. The analysis also finds the accounts out
// of their segment's pattern, what the best accounts do, and the comparisons used in
// notebook 04. The summary states every figure with its n.

// %% expect=["text/markdown"]
const s = await analyseSegments(ws.engine, { windowMonths: 12 });
await show(segmentsSummary(s));

// %% expect=["text/html"]
await show(profitSegmentsTable(s));

// %% [markdown]
// ## Starting benchmark
//
// The figures of the RV-Q benchmark: how much more the top 20 % cost to engage and how
// much more revenue they bring, revenue concentration, the share of revenue from
// existing customers, and whether top customers have a higher RV per month than
// loss-making customers (Mann–Whitney U with Cliff's delta as the effect size; accounts
// without revenue are never counted as loss-making).

// %% expect=["text/html"]
await show(startingBenchmarkTable(s));

// %% [markdown]
// ## RV-Q answers
//
// Every RV-Q question as a comparison of RV patterns: top-profit vs loss-making
// customers, revenue growing vs shrinking, share of wallet growing vs shrinking,
// community members vs not, and each initiative vs the rest. Each answer gives the
// mean RV per month of both groups, the difference with a bootstrap CI by account
// (at the Bonferroni level over the answers), Cliff's delta, the Holm-adjusted
// Mann–Whitney p, and the verdict: `different` only when the CI excludes 0 and the
// adjusted p is below 0.05; `not_testable` with the reason (e.g. a group of fewer than
// 10 accounts). `analyseSegments(ws.engine, { compare: [{ name, predicate }] })` adds
// your own groups (as `--compare "name: SQL predicate"` on the command line).

// %% expect=["text/html"]
await show(rvqView(s));

// %% [markdown]
// ## RV patterns of the segments
//
// The typical trajectory of a segment is the median RV per month with its
// inter-quartile band. If RV is worth managing, the top segment's band should sit above
// the loss-making one's; the box plot shows the whole distribution per segment.

// %% expect=["image/svg+xml"]
await show(await trajectoriesChart(s, ws.chart_source));

// %% expect=["image/svg+xml"]
await show(await rvBySegmentChart(s, ws.chart_source));

// %% [markdown]
// ## Whale curve and cost to engage
//
// Customers ranked from most to least profitable, cumulative profit on the y-axis: the
// peak above 100 % is the profit the profitable customers make before the
// loss-making ones give part of it back (only accounts with revenue are on the curve). The scatter shows whether expensive-to-engage
// accounts also bring the revenue.

// %% expect=["image/svg+xml"]
await show(await whaleChart(s, ws.chart_source));

// %% expect=["image/svg+xml"]
await show(await costRevenueChart(s, ws.chart_source));

// %% [markdown]
// ## The account table
//
// Every account of the window with its RV, cost, revenue, profit and segment (first 20
// rows shown; `s.accounts_table` holds them all, ready for your own analysis or for
// `toDanfo()`).

// %% expect=["text/html"]
await show(accountsTable(s));

// %% expect=[]
await ws.close();
