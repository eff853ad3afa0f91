#!/usr/bin/python3
"""Builds rvlab's notebooks (notebooks/*.ipynb) from the cell lists below.

The .ipynb files are generated, committed WITHOUT outputs, and reviewed here. Each
code cell declares the output types it must produce (cell metadata `rvlab.expect`),
which scripts/run_notebooks.py asserts when it executes the notebooks.

Usage: /usr/bin/python3 notebooks/tools/build_notebooks.py [--check]
  --check: exit 1 when a committed notebook differs from what this script builds.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NB_DIR = os.path.dirname(HERE)

HTML, MD, SVG, TEXT, STREAM = "text/html", "text/markdown", "image/svg+xml", "text/plain", "stream"


def md(text):
    return ("markdown", text.strip("\n"), None)


def code(text, expect):
    return ("code", text.strip("\n"), list(expect))


OWN_DATA = """
**Your own data.** Every notebook runs out of the box on the embedded default, the
seeded **SYNTHETIC** demo world (`rvlab demo`'s world: 200 accounts × 36 months,
seed 1, interactions planted to lead money by 3 months). To run it on your data,
either start Jupyter with `RVLAB_DATA=/path/to/data-dir`, or pass the folder in the
cell below: `openWorkspace({ data: "/path/to/data-dir" })`. A data directory holds one
file per canonical table (`interactions`, `ipf`, and optionally `accounts`,
`financials`, `voc`), see `rvlab check --help`; `rvlab import` makes one from raw
exports with business rules.
"""

IMPORTS_NOTE = """
All code cells call rvlab's library in `../src/` (relative to this notebook; the
kernel runs in the notebook's folder and finds the project's `deno.json`, so the npm
dependencies resolve). Results display themselves: tables as HTML (first rows, then
"… N more rows"), charts as SVG, summaries as Markdown.
"""

NOTEBOOKS = {}

NOTEBOOKS["01_explore_interactions_and_ipf"] = [
    md("""
# 01 · Explore the interactions and the IPF

rvlab merges a B2B company's interaction silos (marketing, sales, service, community,
finance, operations) into one record and scores every interaction with a
**Relationship Value** (RV) from the **Interaction Process Flow** (IPF) catalog. This
notebook opens the data, looks at the catalog and the interactions, checks which parts
of the catalog the data covers, and computes RV per account and month.
"""),
    md(OWN_DATA),
    md(IMPORTS_NOTE),
    code("""
import { openWorkspace, tablePreview } from "../src/notebook/mod.ts";
import { dataMapChart, table } from "../src/display/mod.ts";
import { dataMap } from "../src/report/mod.ts";
import { rvByPeriod } from "../src/rv/mod.ts";
""", []),
    md("""
## Open the data

`openWorkspace()` generates the synthetic world into a temporary folder (or takes your
folder), validates every row against the canonical model and loads the tables into an
in-memory DuckDB. Nothing is dropped silently: for every table
`read = accepted + quarantined`.
"""),
    code("""
const ws = await openWorkspace();
ws
""", [MD]),
    md("""
## The IPF catalog

Each interaction type has an `rv` (how far one occurrence moves the relationship
forward or backward; a won deal is +10, a churn notice −20), a `variable_cost` (cost to
engage one occurrence), its lifecycle stage, business function, Business Model Canvas
relationship type, and whether it is voice of the customer. The catalog is meant to be
tailored in a workshop (README, "The IPF catalog and how to tailor it").
"""),
    code("""
await tablePreview(ws, "ipf", { limit: 15 })
""", [HTML]),
    md("""
## The interactions

One row per interaction: when, which account (and contact), which IPF type, the owner
and the source silo. Extra columns of your exports are kept as text and can be used as
dimensions later (notebook 04).
"""),
    code("""
await tablePreview(ws, "interactions", { limit: 10 })
""", [HTML]),
    md("""
## Data map: which parts of the catalog does the data cover?

Before trusting RV, check coverage: a stage or silo whose interaction types are never
observed cannot speak. The heat map shows, per business function and lifecycle stage,
the share of the catalog's types that occur in the data; the table lists the types
never observed — the data gaps to close.
"""),
    code("""
const map = await dataMap(ws.engine);
await dataMapChart(map, ws.chart_source)
""", [SVG]),
    code("""
table(map.missing, { caption: `IPF types never observed (${map.types_observed} of ${map.types_in_ipf} observed)` })
""", [HTML]),
    md("""
## Relationship Value per account and month

Period RV = Σ rv × quantity of the period's interactions; the cumulative RV; the
decayed RV with a half-life of 6 months (recent interactions count more); the cost to
engage and RV per unit of cost. Months run densely from each account's first
interaction, so a silent month is a zero row, not a gap.
"""),
    code("""
const rv = await rvByPeriod(ws.engine, { grain: "month", halfLife: 6 });
table(rv, { caption: "RV per account and month (half-life 6 months)" })
""", [HTML]),
    md("""
## Optional: danfo.js

Analysts who prefer a pandas-like API can turn any result rows into a danfo.js
`DataFrame` and back (`src/interop/danfo.ts`; `danfojs-node` 1.1.2 is downloaded on
first use only, nothing else in rvlab needs it):

```ts
import { fromDanfo, toDanfo } from "../src/interop/danfo.ts";
const df = await toDanfo(rv);
df.groupby(["id"]).col(["rv"]).sum().head();
const rows = fromDanfo(df);
```

Next: notebook 02 groups the accounts into segments and compares their RV patterns.
"""),
    code("""
await ws.close();
""", []),
]


NOTEBOOKS["02_rv_patterns_segments_benchmark"] = [
    md("""
# 02 · RV patterns, segments and the starting benchmark

The strategic question of the RV-Q method: **do the customers who make money interact
differently from those who lose it?** This notebook splits the accounts of the last 12
months into profit segments (customers, i.e. accounts with revenue: top 20 %, middle,
loss-making; and apart from them the accounts with interactions but no revenue), compares their RV
patterns, draws the whale curve, and computes the starting-benchmark figures a
company can compare itself with (`rvlab segments` prints the same).
"""),
    md(OWN_DATA),
    code("""
import { openWorkspace } from "../src/notebook/mod.ts";
import { analyseSegments } from "../src/segments/mod.ts";
import {
  accountsTable,
  costRevenueChart,
  profitSegmentsTable,
  rvBySegmentChart,
  rvqView,
  segmentsSummary,
  startingBenchmarkTable,
  trajectoriesChart,
  whaleChart,
} from "../src/display/mod.ts";
""", []),
    code("""
const ws = await openWorkspace();
ws
""", [MD]),
    md("""
## Segments over the last 12 months

Profit = gross profit (or revenue when the data has none) − cost to serve − the
variable cost of the account's interactions. The analysis also finds the accounts out
of their segment's pattern, what the best accounts do, and the comparisons used in
notebook 04. The summary states every figure with its n.
"""),
    code("""
const s = await analyseSegments(ws.engine, { windowMonths: 12 });
segmentsSummary(s)
""", [MD]),
    code("""
profitSegmentsTable(s)
""", [HTML]),
    md("""
## Starting benchmark

The figures of the RV-Q benchmark: how much more the top 20 % cost to engage and how
much more revenue they bring, revenue concentration, the share of revenue from
existing customers, and whether top customers have a higher RV per month than
loss-making customers (Mann–Whitney U with Cliff's delta as the effect size; accounts
without revenue are never counted as loss-making).
"""),
    code("""
startingBenchmarkTable(s)
""", [HTML]),
    md("""
## RV-Q answers

Every RV-Q question as a comparison of RV patterns: top-profit vs loss-making
customers, revenue growing vs shrinking, share of wallet growing vs shrinking,
community members vs not, and each initiative vs the rest. Each answer gives the
mean RV per month of both groups, the difference with a bootstrap CI by account
(at the Bonferroni level over the answers), Cliff's delta, the Holm-adjusted
Mann–Whitney p, and the verdict: `different` only when the CI excludes 0 and the
adjusted p is below 0.05; `not_testable` with the reason (e.g. a group of fewer than
10 accounts). `analyseSegments(ws.engine, { compare: [{ name, predicate }] })` adds
your own groups (as `--compare "name: SQL predicate"` on the command line).
"""),
    code("""
rvqView(s)
""", [HTML]),
    md("""
## RV patterns of the segments

The typical trajectory of a segment is the median RV per month with its
inter-quartile band. If RV is worth managing, the top segment's band should sit above
the loss-making one's; the box plot shows the whole distribution per segment.
"""),
    code("""
await trajectoriesChart(s, ws.chart_source)
""", [SVG]),
    code("""
await rvBySegmentChart(s, ws.chart_source)
""", [SVG]),
    md("""
## Whale curve and cost to engage

Customers ranked from most to least profitable, cumulative profit on the y-axis: the
peak above 100 % is the profit the profitable customers make before the
loss-making ones give part of it back (only accounts with revenue are on the curve). The scatter shows whether expensive-to-engage
accounts also bring the revenue.
"""),
    code("""
await whaleChart(s, ws.chart_source)
""", [SVG]),
    code("""
await costRevenueChart(s, ws.chart_source)
""", [SVG]),
    md("""
## The account table

Every account of the window with its RV, cost, revenue, profit and segment (first 20
rows shown; `s.accounts_table` holds them all, ready for your own analysis or for
`toDanfo()`).
"""),
    code("""
accountsTable(s)
""", [HTML]),
    code("""
await ws.close();
""", []),
]

NOTEBOOKS["03_backtest_rv_leading_indicator"] = [
    md("""
# 03 · Back-test: is RV a leading indicator?

RV is only worth managing if it moves **before** the money. This notebook runs the
out-of-time back-test of `rvlab validate`: rolling cutoffs, predictors from data before
each cutoff only (RV level, RV trend, RV per cost), the lagging baselines managers use
(last profit and revenue, revenue trend, RFM score, last NPS, BG/NBD expected
transactions and spend), and targets over the
next 3 months (top-20 % profit, revenue growing, share of wallet growing, retained).
AUCs come with account-cluster bootstrap CIs (an account appears at several cutoffs),
Holm-adjusted; RV "leads" only when its CI excludes 0.5 **and** it beats the best
baseline in a paired bootstrap.

Then the same back-test on a world where interactions carry **no** information about
future money: a sound test must not find an effect there.
"""),
    md(OWN_DATA),
    code("""
import { openWorkspace } from "../src/notebook/mod.ts";
import { validate } from "../src/backtest/mod.ts";
import { leadLagChart, validationSummary, validationView } from "../src/display/mod.ts";
""", []),
    code("""
const ws = await openWorkspace();
ws
""", [MD]),
    md("""
## The back-test on the demo world

300 bootstrap resamples keep this cell at a few seconds; the CLI uses 500 by default.
The verdicts come first, then the AUC of every predictor for every target.
"""),
    code("""
const v = await validate(ws.engine, { horizon: 3, seed: 1, resamples: 300 });
validationView(v)
""", [HTML]),
    md("""
## How many months ahead?

The lead is where the lagged cross-correlation of within-account month-on-month
changes of RV and revenue peaks (lags 1 to 12). The demo world plants a 3-month lead;
the correlogram should peak there. A lead is claimed (`verdict: "leads"`) only when
it beats lag 0 with the choice of the lag inside the bootstrap, survives Holm over
profit and revenue and holds out of time (README: the lead rule).
"""),
    code("""
await leadLagChart(v, ws.chart_source)
""", [SVG]),
    md("""
## The control: a world with no effect

Same generator, `effect: "none"`: the money follows a latent process independent of
the interactions. Every verdict should be "not shown to lead" and the lead–lag
correlation close to 0 (README: 0 false claims in 100 such worlds).
"""),
    code("""
const nullWorld = await openWorkspace({ effect: "none", seed: 7 });
const vNull = await validate(nullWorld.engine, { horizon: 3, seed: 1, resamples: 300 });
validationSummary(vNull)
""", [MD]),
    code("""
await nullWorld.close();
await ws.close();
""", []),
]

NOTEBOOKS["04_say_vs_do_and_operations"] = [
    md("""
# 04 · Say vs do, and the operational views

What customers **say** (NPS, CSAT) against what they **do** (RV), and which of the two
foretells money better; then the views a sales or service manager works with every
week: accounts out of pattern (exceptions), next best actions drawn from what the best
accounts do, and comparisons of reps and regions against the norm.
"""),
    md(OWN_DATA),
    code("""
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
} from "../src/display/mod.ts";
""", []),
    code("""
const ws = await openWorkspace();
ws
""", [MD]),
    md("""
## Say vs do

For every NPS answer: _say_ = the score, _do_ = the account's RV over the 3 months up
to it. The correlation has account-cluster bootstrap CIs (answers of one account are
not independent); "which leads" compares the AUC of RV and of NPS for money growing
over the next 3 months, with a paired CI of the difference.
"""),
    code("""
const sd = sayVsDo(await accountPanel(ws.engine), { seed: 1 });
sayVsDoSummary(sd)
""", [MD]),
    code("""
await quadrantChart(sd, ws.chart_source)
""", [SVG]),
    code("""
quadrantTable(sd)
""", [HTML]),
    md("""
Accounts whose latest answer is a promoter while their RV is in the bottom quarter
("says loyal, acts cold") — or the reverse — are the ones to call first.
"""),
    code("""
disagreementsTable(sd)
""", [HTML]),
    md("""
## At risk and next best action

An account is **at risk** when its mean RV over the last 4 months lies more than 3.5
standard errors below what the level and trend of its own earlier months predict (and
below their mean): a drop against its own pattern, so a small account that halves counts
as much as a large one. The list is ranked by **value at stake** (the account's gross
profit over the last 12 months), and the reason names the drop and the interaction types
whose RV fell most against the 4 months before. The **next best actions** are the
positive-RV interaction types (never a type with RV ≤ 0) that make up a larger part of
what the better customers do — customers ranked by share of wallet (by profit without
wallets), the association surviving a Holm adjustment over the types — and this account
lacks; without that evidence the list is empty.
"""),
    code("""
const s = await analyseSegments(ws.engine);
exceptionsView(s)
""", [HTML]),
    code("""
nextBestActionsView(s)
""", [HTML]),
    code("""
bestPracticeView(s)
""", [HTML]),
    md("""
## Reps and regions

Every dimension the data has — the owner of the interactions (the rep), region,
industry, initiative, any extra column — compared on RV per account-month against the
norm, with the number of accounts behind each figure.

Whether a rep (or manager, regional office, team) performs above or below the team
norm is a statistical claim: each person's RV per account-month (one value per
account) is shrunk toward the norm (empirical Bayes), given an interval at the
Bonferroni-adjusted level 1 − 0.05/k over the k people, and called `above` or
`below` only when the norm lies outside it; people with fewer than 5 accounts are
`not_testable`.
"""),
    code("""
comparisonsView(s)
""", [HTML]),
    code("""
performersView(s)
""", [HTML]),
    code("""
await comparisonChart(s, ws.chart_source)
""", [SVG]),
    code("""
await ws.close();
""", []),
]

NOTEBOOKS["05_interview_themes"] = [
    md("""
# 05 · Interview themes

What customers **say** in their own words: interviews and open feedback coded into
themes with an explainable auto-coder (every code names the codebook rule and the
sentence that triggered it), counted per question, respondent, company and role, with
representative quotes and, when a human coder's codes are in the data, the agreement
between the two (Cohen's kappa, Krippendorff's alpha). `rvlab themes` does the same
from the command line.

Two data sets:

1. the **co-operation-plan study sample** — SYNTHETIC: 10 invented interviewees at 7
   invented B2B customer companies answering the study's 7 questions
   (`data/samples/coop-plan`, codebook `data/codebooks/coop-plan.yaml`);
2. the **36 real interviews with ML practitioners** about quality issues of
   machine-learning systems (`../shared/data/ml-practitioner-interviews`, speaker-turn
   transcripts read with `src/io/transcripts.ts`; one interview is in French and is
   flagged).

**Your own interviews**: put one `.txt` transcript per interview (lines like
`Interviewer: …` / `Anna: …`) in a folder, or a `transcripts.csv` table in the data
model, write a codebook (YAML: themes with phrases, `near` rules, exclusions — copy
one from `data/codebooks/`), and call `themeStudy("path/to/folder", "my-codebook.yaml")`.
"""),
    code("""
import { themeStudy } from "../src/notebook/mod.ts";
import {
  agreementTable,
  cooccurrenceTable,
  quotesTable,
  themeCountsChart,
  themeCountsTable,
  themesSummary,
  topThemesTable,
} from "../src/display/mod.ts";
""", []),
    md("""
## The co-operation-plan study (synthetic sample)

Each answer is split into sentences; each sentence is matched against the codebook's
rules (phrases with stemming, words near each other, exclusions and negation); an
answer has a theme when one of its sentences has it.
"""),
    code("""
const coop = await themeStudy("../data/samples/coop-plan", "../data/codebooks/coop-plan.yaml");
themesSummary(coop.analysis)
""", [MD]),
    code("""
await themeCountsChart(coop.analysis, coop.chart_source)
""", [SVG]),
    code("""
themeCountsTable(coop.analysis)
""", [HTML]),
    md("""
Which themes each of the study's questions raised, and which themes come up in the
same answers:
"""),
    code("""
topThemesTable(coop.analysis)
""", [HTML]),
    code("""
cooccurrenceTable(coop.analysis)
""", [HTML]),
    md("""
Quotes make the counts concrete; each names its respondent, role and source line.
When the data carries a human coder's codes (`code_<theme>` columns), the agreement
table below compares the auto-coder with them; the sample has none, so it is empty.
"""),
    code("""
quotesTable(coop.analysis)
""", [HTML]),
    code("""
agreementTable(coop.analysis)
""", [HTML]),
    md("""
## The real ML-practitioner interviews

The whole study in one cell: the transcripts are split into speaker turns (interviewer
turns are questions, the respondent's turns after a question are one answer), the
language of each answer is detected, and the answers are coded with
`data/codebooks/ml-interviews.yaml`. If `../shared/data` is not there, the cell says
so instead of failing.
"""),
    code("""
await themeStudy("ml-interviews", "../data/codebooks/ml-interviews.yaml")
""", [HTML]),
]

NOTEBOOKS["06_reproduce_validation_public_data"] = [
    md("""
# 06 · Reproduce the validation on the public data

The README's back-test results on real and fictional public data sets, reproduced
from the notebook: each data set is imported with its adapter's business rules
(`rvlab import`, `data/rules/*.yaml`) into a temporary folder, validated (every row
accepted or quarantined), and back-tested (`rvlab validate`).

The data sets are read from `../shared/data` beside the project (or
`$RVLAB_SHARED_DATA`). When one is missing, its cell prints a clear message instead of
failing. To keep the notebook fast it runs the quick data sets with 200 resamples;
CDNOW (23,570 customers, about 45 s) is left to the command line:
`deno task rvlab import cdnow --from ../shared/data/cdnow --out out/cdnow && deno task rvlab validate --data out/cdnow`.

To run the same on **your own** export, write a rules file for it (README, "Business
rules and adapters") and use `rvlab import <adapter> --rules my.yaml`, then open the
result with `openWorkspace({ data: "out/mine" })` in notebook 03.
"""),
    code("""
import { reproduceValidation } from "../src/notebook/mod.ts";
""", []),
    md("""
## Maven CRM (a fictional company's CRM)

Opportunities become `opportunity_engaged`, `deal_won` and `deal_lost` interactions
with the rep, manager and regional office. Expected (README): RV trend predicts
revenue growth (AUC about 0.64) but last quarter's revenue, read in reverse, predicts
better (deal revenue mean-reverts); the best positive lag is 6 months, but RV and
revenue move together far more in the same month (lag 0), so no lead is claimed.
"""),
    code("""
await reproduceValidation("maven-crm", { seed: 1, resamples: 200 })
""", [HTML]),
    md("""
## Olist marketing funnel (real)

Marketing-qualified leads and the deals signed with them: the funnel stops at the
signed deal, so there is no revenue to lead — the back-test must say so rather than
invent a result.
"""),
    code("""
await reproduceValidation("olist-funnel", { seed: 1, resamples: 200 })
""", [HTML]),
    md("""
## NHS patient feedback (real)

Feedback answers only (CSAT, no money): again "not measurable", which is the correct
answer for a data set without financials.
"""),
    code("""
await reproduceValidation("nhs-feedback", { seed: 1, resamples: 200 })
""", [HTML]),
    md("""
## What the public data can and cannot show

CDNOW has only purchases, so its RV _is_ purchase frequency and cannot carry
information RFM lacks; Maven's RV contains the won deal at the moment revenue is
booked; Olist stops at the signed deal. None has the multi-silo record (service,
billing, community, surveys) RV is designed for — which is why notebooks 02–04 use the
synthetic world, whose model is documented and whose planted effect the back-test
must find (and must not find in the null world).
"""),
]


def cell_json(nb_name, i, cell):
    kind, text, expect = cell
    cid = f"{nb_name[:2]}-{i:02d}"
    lines = text.split("\n")
    source = [l + "\n" for l in lines[:-1]] + [lines[-1]]
    if kind == "markdown":
        return {"cell_type": "markdown", "id": cid, "metadata": {}, "source": source}
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cid,
        "metadata": {"rvlab": {"expect": expect}},
        "outputs": [],
        "source": source,
    }


def notebook_json(name, cells):
    return {
        "cells": [cell_json(name, i, c) for i, c in enumerate(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Deno", "language": "typescript", "name": "deno"},
            "language_info": {
                "codemirror_mode": "typescript",
                "file_extension": ".ts",
                "mimetype": "text/x.typescript",
                "name": "typescript",
                "nbconvert_exporter": "script",
                "pygments_lexer": "typescript",
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name, cells in NOTEBOOKS.items():
        path = os.path.join(NB_DIR, name + ".ipynb")
        text = json.dumps(notebook_json(name, cells), indent=1, ensure_ascii=False) + "\n"
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if check and stale:
        print("notebooks differ from the build script: " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"{len(NOTEBOOKS)} notebooks, {len(stale)} {'stale' if check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
