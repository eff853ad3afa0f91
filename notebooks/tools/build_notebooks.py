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
