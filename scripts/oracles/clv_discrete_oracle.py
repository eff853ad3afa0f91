#!/usr/bin/env python3
"""Reference discrete-opportunity summaries (BG/BB input) of the CDNOW master, computed with
Debian's pandas independently of the TypeScript (src/backtest/clv/discrete.ts). Run with
/usr/bin/python3 from the project folder; writes tests/fixtures/backtest/clv_discrete.json.

Weeks after each customer's first purchase (the grid of opportunitySummaries() in
src/backtest/clv/bgbb.ts): opportunity k of day d is ceil((d - first) / 7); n =
floor((1997-09-30 - first) / 7); x = distinct opportunities 1..n with a purchase on or before
the calibration's end, t_x the last, T = n; N = floor((1998-06-30 - first) / 7); holdout =
distinct opportunities n+1..N with a purchase on or before the holdout's end, over N - n
opportunities.
"""
import gzip, json, os
import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.environ.get("RVLAB_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))

with gzip.open(os.path.join(SHARED, "cdnow", "CDNOW_master.txt.gz"), "rt") as f:
    df = pd.read_csv(f, sep=r"\s+", header=0, names=["id", "date", "cds", "dollars"], dtype={"id": str, "date": str})
df["d"] = (pd.to_datetime(df["date"], format="%Y%m%d") - pd.Timestamp("1970-01-01")).dt.days
end = (pd.Timestamp("1997-09-30") - pd.Timestamp("1970-01-01")).days
hend = (pd.Timestamp("1998-06-30") - pd.Timestamp("1970-01-01")).days
df["first"] = df.groupby("id")["d"].transform("min")
df = df[df["first"] <= end].copy()
df["n"] = (end - df["first"]) // 7
df["N"] = (hend - df["first"]) // 7
df["k"] = -np.floor_divide(-(df["d"] - df["first"]), 7)  # ceil
per = df.drop_duplicates(["id", "k"])
cal = per[(per["d"] > per["first"]) & (per["d"] <= end) & (per["k"] >= 1) & (per["k"] <= per["n"])]
hold = per[(per["d"] <= hend) & (per["k"] > per["n"]) & (per["k"] <= per["N"])]
s = pd.DataFrame({"n": df.groupby("id")["n"].first(), "N": df.groupby("id")["N"].first()})
s["x"] = cal.groupby("id").size()
s["tx"] = cal.groupby("id")["k"].max()
s["holdout"] = hold.groupby("id").size()
s = s.fillna(0).astype(int).sort_index()
out = {
    "made_with": f"pandas {pd.__version__}",
    "sum_opportunities": int((s["N"] - s["n"]).sum()),
    "customers": int(len(s)),
    "sum_x": int(s["x"].sum()),
    "sum_holdout": int(s["holdout"].sum()),
    "rows": [{"customer": i, "x": int(r.x), "tx": int(r.tx), "T": int(r.n), "opportunities": int(r.N - r.n), "holdout": int(r.holdout)}
             for i, r in s.iloc[::97].iterrows()],
}
path = os.path.join(ROOT, "tests", "fixtures", "backtest", "clv_discrete.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {out['customers']} customers, sum x {out['sum_x']}, holdout {out['sum_holdout']}")
