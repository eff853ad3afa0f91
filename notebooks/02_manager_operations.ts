// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 02 · The manager's operational view
//
// **For** the sales or service manager who works the accounts every week. **It answers**:
// which accounts are at risk — falling out of their own pattern — and why; what to do next
// with each account; what the best accounts do that the others do not; which reps perform
// above or below the norm (and whether any stand out at all); how teams, regions and
// industries compare; and whether what customers _say_ (NPS) matches what they _do_ (RV).
//
// Each list is a statistical claim with its evidence; where the evidence is not there the
// list is empty or the verdict says `within`, and that is an answer, not a failure.
// Notebook 01 explains RV and the segments; notebook 03 tests whether RV leads money.

// %% [markdown]
// **Your own data.** The notebook runs out of the box on the embedded default, the seeded
// **SYNTHETIC** demo world (`rvlab demo`'s world: 200 accounts × 36 months, seed 1,
// interactions planted to lead money by 3 months); the accounts, reps and regions below are
// invented. To run it on your data, start Jupyter with `RVLAB_DATA=/path/to/data-dir`, or
// pass the folder in the cell below: `openWorkspace({ data: "/path/to/data-dir" })`. A data
// directory holds one file per canonical table (`interactions`, `ipf`, and optionally
// `accounts`, `financials`, `voc`), see `rvlab check --help`; `rvlab import` makes one from
// raw exports with business rules.

// %% expect=[]
import {
  accountPanel,
  analyseSegments,
  bestPracticeView,
  comparisonChart,
  comparisonsView,
  disagreementsTable,
  exceptionsView,
  nextBestActionsView,
  openWorkspace,
  performersView,
  quadrantChart,
  quadrantTable,
  sayVsDo,
  sayVsDoSummary,
  show,
} from "../mod.ts";

// %% expect=["text/markdown"]
const ws = await openWorkspace();
await show(ws);

// %% [markdown]
// ## 1. Accounts at risk: falling out of their own pattern
//
// An account is **at risk** when, in its last 4 months, it had fewer value-adding and more
// value-destroying interactions than its own earlier months' rates predict — a score test
// more than 3.5 sd below its own pattern (the threshold is calibrated on synthetic worlds
// without collapses: about 1.5 % of ordinary accounts pass it) — and its RV fell. It is a
// drop against the account's own pattern, so a small account that halves counts as much
// as a large one. The list is ranked by **value at stake** (the account's gross
// profit over the last 12 months) — call the top of the list first. The reason names the
// drop and the **drivers**: the interaction types whose RV fell most against the 4 months
// before (fewer value-adding interactions, more value-destroying ones such as complaints).

// %% expect=["text/html"]
const s = await analyseSegments(ws.engine);
await show(exceptionsView(s));

// %% [markdown]
// ## 2. Next best actions
//
// For each customer (at-risk ones first), the interaction types that make up a larger part
// of what the better customers do — customers ranked by share of wallet (by profit where
// there are no wallets) — and that this account lacks. Only **positive-RV** types can be an
// action: a type with RV ≤ 0 (a complaint, a churn notice) is never recommended.
//
// **The p-value gate.** For every type, the association between how surely a customer has
// made a habit of it and the customer's rank is tested, and the p-values are Holm-adjusted
// over all types. A type becomes an action only when its association is positive and its
// adjusted p is at most 0.01: the chance of seeing an association this strong among so many
// types if the type had nothing to do with being a better customer is below 1 %. It says the
// type goes with better customers, not that doing it makes them better. Without such
// evidence the list is empty rather than filled with guesses.

// %% expect=["text/html"]
await show(nextBestActionsView(s));

// %% [markdown]
// ## 3. Best practice
//
// The evidence behind the actions: for each interaction type, how often the best customers
// and the rest have it (`rate_top`, `rate_rest`; `share_*` of their interactions), the
// association with the rank and its Holm-adjusted p, and Cohen's h as the effect size of the
// difference in rates (0.2 small, 0.5 medium, 0.8 large).

// %% expect=["text/html"]
await show(bestPracticeView(s));

// %% [markdown]
// ## 4. Performers: reps against the norm
//
// Whether a rep (or manager, regional office, team) performs above or below the team norm
// is a statistical claim: each person's RV per account-month (one value per account) is
// shrunk toward the norm (empirical Bayes, so a rep with few accounts is not called out on
// luck), given an interval at the Bonferroni-adjusted level 1 − 0.05/k over the k people,
// and called `above` or `below` only when the norm lies outside it; people with fewer than 5
// accounts are `not_testable`. When every verdict is `within`, **no one stands out**: the
// differences between reps are what chance alone would give, and ranking them would reward
// noise. The sentences above the table say which (if any) stand out.

// %% expect=["text/html"]
await show(performersView(s));

// %% [markdown]
// ## 5. Comparisons: teams, regions, industries
//
// Every dimension the data has — the owner of the interactions (the rep), region, industry,
// initiative, any extra column — compared on RV per account-month against the norm, with the
// number of accounts behind each figure. Read a group with few accounts with care; the chart
// shows the same figures per dimension.

// %% expect=["text/html"]
await show(comparisonsView(s));

// %% expect=["image/svg+xml"]
await show(await comparisonChart(s, ws.chart_source));

// %% [markdown]
// ## 6. Say vs do
//
// What customers **say** (their NPS answers) against what they **do** (their RV). For every
// NPS answer: _say_ = the score, _do_ = the account's RV over the 3 months up to it. The
// correlation has account-cluster bootstrap CIs (answers of one account are not
// independent); "which leads" compares the AUC of RV and of NPS for money growing over the
// next 3 months, with a paired CI of the difference — so it tells which of the two signals a
// manager should watch.

// %% expect=["text/markdown"]
const sd = sayVsDo(await accountPanel(ws.engine), { seed: 1 });
await show(sayVsDoSummary(sd));

// %% [markdown]
// The quadrant puts every answer by say (NPS) and do (RV): the two diagonal quadrants agree;
// the other two are where words and behaviour part.

// %% expect=["image/svg+xml"]
await show(await quadrantChart(sd, ws.chart_source));

// %% expect=["text/html"]
await show(quadrantTable(sd));

// %% [markdown]
// Accounts whose latest answer is a promoter while their RV is in the bottom quarter ("says
// loyal, acts cold") — or the reverse — are the ones to call first.

// %% expect=["text/html"]
await show(disagreementsTable(sd));

// %% expect=[]
await ws.close();
