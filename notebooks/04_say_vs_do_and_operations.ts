// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 04 · Say vs do, and the operational views
//
// What customers **say** (NPS, CSAT) against what they **do** (RV), and which of the two
// foretells money better; then the views a sales or service manager works with every
// week: accounts out of pattern (exceptions), next best actions drawn from what the best
// accounts do, and comparisons of reps and regions against the norm.

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
import { accountPanel, sayVsDo } from "../src/voc/mod.ts";
import {
  bestPracticeView,
  comparisonChart,
  comparisonsView,
  disagreementsTable,
  exceptionsView,
  nextBestActionsView,
  performersView,
  quadrantChart,
  quadrantTable,
  sayVsDoSummary,
  show,
} from "../src/display/mod.ts";

// %% expect=["text/markdown"]
const ws = await openWorkspace();
await show(ws);

// %% [markdown]
// ## Say vs do
//
// For every NPS answer: _say_ = the score, _do_ = the account's RV over the 3 months up
// to it. The correlation has account-cluster bootstrap CIs (answers of one account are
// not independent); "which leads" compares the AUC of RV and of NPS for money growing
// over the next 3 months, with a paired CI of the difference.

// %% expect=["text/markdown"]
const sd = sayVsDo(await accountPanel(ws.engine), { seed: 1 });
await show(sayVsDoSummary(sd));

// %% expect=["image/svg+xml"]
await show(await quadrantChart(sd, ws.chart_source));

// %% expect=["text/html"]
await show(quadrantTable(sd));

// %% [markdown]
// Accounts whose latest answer is a promoter while their RV is in the bottom quarter
// ("says loyal, acts cold") — or the reverse — are the ones to call first.

// %% expect=["text/html"]
await show(disagreementsTable(sd));

// %% [markdown]
// ## At risk and next best action
//
// An account is **at risk** when its mean RV over the last 4 months lies more than 3.5
// standard errors below what the level and trend of its own earlier months predict (and
// below their mean): a drop against its own pattern, so a small account that halves counts
// as much as a large one. The list is ranked by **value at stake** (the account's gross
// profit over the last 12 months), and the reason names the drop and the interaction types
// whose RV fell most against the 4 months before. The **next best actions** are the
// positive-RV interaction types (never a type with RV ≤ 0) that make up a larger part of
// what the better customers do — customers ranked by share of wallet (by profit without
// wallets), the association surviving a Holm adjustment over the types — and this account
// lacks; without that evidence the list is empty.

// %% expect=["text/html"]
const s = await analyseSegments(ws.engine);
await show(exceptionsView(s));

// %% expect=["text/html"]
await show(nextBestActionsView(s));

// %% expect=["text/html"]
await show(bestPracticeView(s));

// %% [markdown]
// ## Reps and regions
//
// Every dimension the data has — the owner of the interactions (the rep), region,
// industry, initiative, any extra column — compared on RV per account-month against the
// norm, with the number of accounts behind each figure.
//
// Whether a rep (or manager, regional office, team) performs above or below the team
// norm is a statistical claim: each person's RV per account-month (one value per
// account) is shrunk toward the norm (empirical Bayes), given an interval at the
// Bonferroni-adjusted level 1 − 0.05/k over the k people, and called `above` or
// `below` only when the norm lies outside it; people with fewer than 5 accounts are
// `not_testable`.

// %% expect=["text/html"]
await show(comparisonsView(s));

// %% expect=["text/html"]
await show(performersView(s));

// %% expect=["image/svg+xml"]
await show(await comparisonChart(s, ws.chart_source));

// %% expect=[]
await ws.close();
