// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 01 · The analyst's exploration
//
// **For** the analyst who opens a company's interaction data for the first time and has to
// say what it can and cannot show. **It answers**: what data is there and which parts of the
// Interaction Process Flow (IPF) catalog it covers; what Relationship Value (RV) each account
// has month by month; whether the accounts that make money interact differently from those
// that lose it; every question of the RV-Q benchmark with its numbers; and the starting
// benchmark a company can compare itself with.
//
// rvlab merges the interaction silos (marketing, sales, service, community, finance,
// operations) into one record and scores every interaction with an RV from the IPF catalog.
// Notebook 02 turns the same data into a manager's weekly views; notebook 03 tests whether
// RV leads money at all.

// %% [markdown]
// **Your own data.** The notebook runs out of the box on the embedded default, the seeded
// **SYNTHETIC** demo world (`rvlab demo`'s world: 200 accounts × 36 months, seed 1,
// interactions planted to lead money by 3 months); every figure below is about that invented
// company. To run it on your data, start Jupyter with `RVLAB_DATA=/path/to/data-dir`, or pass
// the folder in the cell below: `openWorkspace({ data: "/path/to/data-dir" })`. A data
// directory holds one file per canonical table (`interactions`, `ipf`, and optionally
// `accounts`, `financials`, `voc`), see `rvlab check --help`; `rvlab import` makes one from
// raw exports with business rules.
//
// All code cells call rvlab's library through its one entry point `../mod.ts` (relative to
// this notebook; it re-exports every stage of `../src/`). Each cell ends with
// `await show(x)`: it displays `x` — tables as HTML (first rows, then "… N more rows"), charts
// as SVG with a PNG copy, summaries as Markdown — and waits until Jupyter has it, so batch runs
// (`jupyter nbconvert --execute`) lose no output. A bare `x` at the end of a cell also
// displays, but may be lost by those tools.

// %% expect=[]
import {
  accountsTable,
  analyseSegments,
  costRevenueChart,
  dataMap,
  dataMapChart,
  interactive,
  openWorkspace,
  profitSegmentsTable,
  rvByPeriod,
  rvBySegmentChart,
  rvqView,
  segmentsSummary,
  show,
  startingBenchmarkTable,
  table,
  tablePreview,
  trajectoriesChart,
  whaleChart,
} from "../mod.ts";

// %% [markdown]
// ## 1. Open the data
//
// `openWorkspace()` generates the synthetic world into a temporary folder (or takes your
// folder), validates every row against the canonical model and loads the tables into an
// in-memory DuckDB. Nothing is dropped silently: for every table
// `read = accepted + quarantined`. Read the counts first: a large quarantine means the
// export or its business rules need work before any figure below means anything.

// %% expect=["text/markdown"]
const ws = await openWorkspace();
await show(ws);

// %% [markdown]
// ## 2. The IPF catalog
//
// Each interaction type has an `rv` (how far one occurrence moves the relationship forward
// or backward; a won deal is +10, a churn notice −20), a `variable_cost` (cost to engage one
// occurrence), its lifecycle stage, business function, Business Model Canvas relationship
// type, and whether it is voice of the customer. The catalog is meant to be tailored in a
// workshop (README, "The IPF catalog and how to tailor it"): every RV below is only as good
// as these weights.

// %% expect=["text/html"]
await show(await tablePreview(ws, "ipf", { limit: 15 }));

// %% [markdown]
// The interactions themselves: one row per interaction — when, which account (and contact),
// which IPF type, the owner and the source silo. Extra columns of your exports are kept as
// text and become dimensions for the comparisons of notebook 02.

// %% expect=["text/html"]
await show(await tablePreview(ws, "interactions", { limit: 10 }));

// %% [markdown]
// ## 3. The data map: which parts of the catalog does the data cover?
//
// Before trusting RV, check coverage: a lifecycle stage or silo whose interaction types are
// never observed cannot speak, and its RV is zero by absence, not by behaviour. The heat map
// shows, per business function and lifecycle stage, the share of the catalog's types that
// occur in the data; the table lists the types never observed — the data
// gaps to close before drawing conclusions about that stage.

// %% expect=["image/svg+xml"]
const map = await dataMap(ws.engine);
await show(await dataMapChart(map, ws.chart_source));

// %% expect=["text/html"]
await show(
  table(map.missing, {
    caption: `IPF types never observed (${map.types_observed} of ${map.types_in_ipf} observed)`,
  }),
);

// %% [markdown]
// ## 4. RV per account and month
//
// Period RV = Σ rv × quantity of the period's interactions; then the cumulative RV, the
// decayed RV with a half-life of 6 months (recent interactions count more), the cost to
// engage and RV per unit of cost. Months run densely from each account's first interaction,
// so a silent month is a zero row, not a gap. This table is the raw material of everything
// that follows (`rv` holds every row, ready for your own analysis).

// %% expect=["text/html"]
const rv = await rvByPeriod(ws.engine, { grain: "month", halfLife: 6 });
await show(table(rv, { caption: "RV per account and month (half-life 6 months)" }));

// %% [markdown]
// ## 5. Profit segments over the last 12 months
//
// Profit = gross profit (or revenue when the data has none) − cost to serve − the variable
// cost of the account's interactions. **Customers** are accounts with revenue in the window;
// they split into the top 20 % by profit (`top20`), the `middle`, and the **loss-making**
// (`loss`: accounts _with revenue_ whose profit is negative). Accounts with interactions but
// no revenue (`no_revenue`) are kept apart: they cost to engage but are not loss-making
// customers. The summary states every figure with its n.

// %% expect=["text/markdown"]
const s = await analyseSegments(ws.engine, { windowMonths: 12 });
await show(segmentsSummary(s));

// %% expect=["text/html"]
await show(profitSegmentsTable(s));

// %% [markdown]
// ## 6. RV patterns by segment
//
// The typical trajectory of a segment is the median RV per month with its inter-quartile
// band. If RV is worth managing, the top segment's band should sit above the loss-making
// one's; overlapping bands mean the segments interact alike. The box plot shows the whole
// distribution of RV per account in each segment.

// %% expect=["image/svg+xml"]
await show(await trajectoriesChart(s, ws.chart_source));

// %% expect=["image/svg+xml"]
await show(await rvBySegmentChart(s, ws.chart_source));

// %% [markdown]
// The whale curve ranks customers from most to least profitable with cumulative profit on the
// y-axis: the peak above 100 % is the profit the profitable customers make before the
// loss-making ones give part of it back (only accounts with revenue are on the curve). The
// scatter of cost to engage against revenue shows whether the accounts that are expensive to
// engage also bring the revenue (points far right and low are the costly ones). The whale
// curve is shown with `interactive()`: in JupyterLab or VS Code hover a point for its values
// and drag or scroll to zoom (double-click resets); the HTML export and GitHub show its PNG.

// %% expect=["image/png"]
await show(interactive(await whaleChart(s, ws.chart_source)));

// %% expect=["image/svg+xml"]
await show(await costRevenueChart(s, ws.chart_source));

// %% [markdown]
// ## 7. The RV-Q benchmark questions
//
// Every RV-Q question compares the RV patterns of two groups of accounts (measure: mean RV
// per month of each account over its months in the window):
//
// - **top-profit vs loss-making**: `top20` customers against customers with revenue and a
//   negative profit (accounts without revenue are in neither group);
// - **revenue growing vs shrinking**: customers billed in both the last 12 months and the 12
//   before, revenue up or down by more than 5 % (new and lost accounts are in neither group);
// - **share of wallet growing vs shrinking**: the same customers, revenue ÷ wallet up or down
//   by more than 2 percentage points (only where the data has wallets);
// - **community members vs not** (only where the accounts carry a community flag);
// - each **initiative** vs the other active accounts, when the accounts table names one.
//
// Each row gives both groups' n and mean, the difference with a bootstrap CI by account (at
// the Bonferroni level over the questions), Cliff's delta as the effect size, the
// Holm-adjusted Mann–Whitney p, and the verdict: `different` only when the CI excludes 0
// **and** the adjusted p is below 0.05; `no_difference` otherwise; `not_testable` with the
// reason (e.g. a group of fewer than 10 accounts, or no wallet data).
// `analyseSegments(ws.engine, { compare: [{ name, predicate }] })` adds your own groups (as
// `--compare "name: SQL predicate"` on the command line).

// %% expect=["text/html"]
await show(rvqView(s));

// %% [markdown]
// ## 8. The starting benchmark
//
// The figures a company compares itself with before it starts managing RV: how much more the
// top 20 % cost to engage and how much more revenue they bring, revenue concentration, the
// share of revenue from existing customers, and whether top customers have a higher RV per
// month than loss-making customers (Mann–Whitney U, Cliff's delta; the unadjusted p here,
// the Holm-adjusted one is the first RV-Q row above). Repeat it a year later to see whether
// anything moved.

// %% expect=["text/html"]
await show(startingBenchmarkTable(s));

// %% [markdown]
// ## 9. The account table
//
// Every account of the window with its RV, cost, revenue, profit and segment (first 20 rows
// shown; `s.accounts_table` holds them all, ready for your own analysis).

// %% expect=["text/html"]
await show(accountsTable(s));

// %% [markdown]
// ## 10. Your own questions: SQL and danfo.js
//
// The loaded tables are in DuckDB, so any question the views above do not answer is one SQL
// query away; `ws.sql()` returns the rows as a table that displays itself (`.rows` holds the
// values). Here: how many interactions and how much RV each source silo contributes.

// %% expect=["text/html"]
await show(
  await ws.sql(
    `SELECT i.source_system, count(*) AS interactions, sum(p.rv * coalesce(i.quantity, 1)) AS rv
     FROM interactions i JOIN ipf p USING (interaction_type)
     GROUP BY 1 ORDER BY 2 DESC`,
  ),
);

// %% [markdown]
// Analysts who prefer a pandas-like API can turn any result rows into a danfo.js `DataFrame`
// and back (`src/interop/danfo.ts`; `danfojs-node` 1.1.2 is downloaded on first use only,
// nothing else in rvlab needs it):
//
// ```ts
// import { fromDanfo, toDanfo } from "../src/interop/danfo.ts";
// const df = await toDanfo(rv);
// await show(df.groupby(["id"]).col(["rv"]).sum().head()); // a DataFrame shows as a table
// const rows = fromDanfo(df);
// ```

// %% expect=[]
await ws.close();
