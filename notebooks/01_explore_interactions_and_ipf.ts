// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 01 · Explore the interactions and the IPF
//
// rvlab merges a B2B company's interaction silos (marketing, sales, service, community,
// finance, operations) into one record and scores every interaction with a
// **Relationship Value** (RV) from the **Interaction Process Flow** (IPF) catalog. This
// notebook opens the data, looks at the catalog and the interactions, checks which parts
// of the catalog the data covers, and computes RV per account and month.

// %% [markdown]
// **Your own data.** Every notebook runs out of the box on the embedded default, the
// seeded **SYNTHETIC** demo world (`rvlab demo`'s world: 200 accounts × 36 months,
// seed 1, interactions planted to lead money by 3 months). To run it on your data,
// either start Jupyter with `RVLAB_DATA=/path/to/data-dir`, or pass the folder in the
// cell below: `openWorkspace({ data: "/path/to/data-dir" })`. A data directory holds one
// file per canonical table (`interactions`, `ipf`, and optionally `accounts`,
// `financials`, `voc`), see `rvlab check --help`; `rvlab import` makes one from raw
// exports with business rules.

// %% [markdown]
// All code cells call rvlab's library in `../src/` (relative to this notebook; the
// kernel runs in the notebook's folder and finds the project's `deno.json`, so the npm
// dependencies resolve). Results display themselves: tables as HTML (first rows, then
// "… N more rows"), charts as SVG, summaries as Markdown.

// %% expect=[]
import { openWorkspace, tablePreview } from "../src/notebook/mod.ts";
import { dataMapChart, show, table } from "../src/display/mod.ts";
import { dataMap } from "../src/report/mod.ts";
import { rvByPeriod } from "../src/rv/mod.ts";

// %% [markdown]
// ## Open the data
//
// `openWorkspace()` generates the synthetic world into a temporary folder (or takes your
// folder), validates every row against the canonical model and loads the tables into an
// in-memory DuckDB. Nothing is dropped silently: for every table
// `read = accepted + quarantined`.

// %% expect=["text/markdown"]
const ws = await openWorkspace();
await show(ws);

// %% [markdown]
// ## The IPF catalog
//
// Each interaction type has an `rv` (how far one occurrence moves the relationship
// forward or backward; a won deal is +10, a churn notice −20), a `variable_cost` (cost to
// engage one occurrence), its lifecycle stage, business function, Business Model Canvas
// relationship type, and whether it is voice of the customer. The catalog is meant to be
// tailored in a workshop (README, "The IPF catalog and how to tailor it").

// %% expect=["text/html"]
await show(await tablePreview(ws, "ipf", { limit: 15 }));

// %% [markdown]
// ## The interactions
//
// One row per interaction: when, which account (and contact), which IPF type, the owner
// and the source silo. Extra columns of your exports are kept as text and can be used as
// dimensions later (notebook 04).

// %% expect=["text/html"]
await show(await tablePreview(ws, "interactions", { limit: 10 }));

// %% [markdown]
// ## Data map: which parts of the catalog does the data cover?
//
// Before trusting RV, check coverage: a stage or silo whose interaction types are never
// observed cannot speak. The heat map shows, per business function and lifecycle stage,
// the share of the catalog's types that occur in the data; the table lists the types
// never observed — the data gaps to close.

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
// ## Relationship Value per account and month
//
// Period RV = Σ rv × quantity of the period's interactions; the cumulative RV; the
// decayed RV with a half-life of 6 months (recent interactions count more); the cost to
// engage and RV per unit of cost. Months run densely from each account's first
// interaction, so a silent month is a zero row, not a gap.

// %% expect=["text/html"]
const rv = await rvByPeriod(ws.engine, { grain: "month", halfLife: 6 });
await show(table(rv, { caption: "RV per account and month (half-life 6 months)" }));

// %% [markdown]
// ## Optional: danfo.js
//
// Analysts who prefer a pandas-like API can turn any result rows into a danfo.js
// `DataFrame` and back (`src/interop/danfo.ts`; `danfojs-node` 1.1.2 is downloaded on
// first use only, nothing else in rvlab needs it):
//
// ```ts
// import { fromDanfo, toDanfo } from "../src/interop/danfo.ts";
// const df = await toDanfo(rv);
// await show(df.groupby(["id"]).col(["rv"]).sum().head()); // a DataFrame shows as a table
// const rows = fromDanfo(df);
// ```
//
// SQL on the loaded tables gives a table too: `await show(await ws.sql("SELECT … FROM interactions"))`.
//
// Next: notebook 02 groups the accounts into segments and compares their RV patterns.

// %% expect=[]
await ws.close();
