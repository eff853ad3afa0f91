#!/usr/bin/env python3
"""The pandas reference for rvlab's benchmark: the same computation as the DuckDB
stages (load, dense monthly RV with cumulative sums, 12-month account window with
profit, top-20 % and whale curve), timed per stage. Run with Debian's python3-pandas:
    /usr/bin/python3 bench/pandas_reference.py DATA_DIR
Prints one JSON object: seconds per stage, CPU seconds, row counts and peak RSS (MB)."""
import json, resource, sys, time
import numpy as np
import pandas as pd

d = sys.argv[1]
t = {}
cpu0 = time.process_time()  # CPU seconds of the process, every thread
t0 = time.perf_counter()
inter = pd.read_csv(f"{d}/interactions.csv", usecols=["interaction_id", "occurred_at", "account_id", "interaction_type", "quantity", "cost"],
                    dtype={"interaction_id": str, "account_id": str, "interaction_type": str})
ipf = pd.read_csv(f"{d}/ipf.csv")
fin = pd.read_csv(f"{d}/financials.csv", dtype={"account_id": str})
inter["occurred_at"] = pd.to_datetime(inter["occurred_at"], utc=True)
fin["period"] = pd.to_datetime(fin["period"])
t["load"] = time.perf_counter() - t0

t0 = time.perf_counter()
x = inter.merge(ipf[["interaction_type", "rv", "variable_cost"]], on="interaction_type")
x["quantity"] = x["quantity"].fillna(1)
x["rv_q"] = x["rv"] * x["quantity"]
x["cost_q"] = x["cost"].fillna(x["variable_cost"] * x["quantity"])
x["month"] = x["occurred_at"].dt.tz_localize(None).dt.to_period("M")
per = x.groupby(["account_id", "month"], sort=False).agg(rv=("rv_q", "sum"), interactions=("rv_q", "size"), cost=("cost_q", "sum"))
first = per.reset_index().groupby("account_id")["month"].min()
last = per.index.get_level_values("month").max()
grid = pd.MultiIndex.from_tuples([(a, m) for a, f in first.items() for m in pd.period_range(f, last, freq="M")], names=["account_id", "month"])
dense = per.reindex(grid, fill_value=0)
dense["rv_cumulative"] = dense.groupby(level=0)["rv"].cumsum()
t["rv_monthly"] = time.perf_counter() - t0

t0 = time.perf_counter()
end = fin["period"].max() + pd.offsets.MonthBegin(1)
start = end - pd.DateOffset(months=12)
w = fin[(fin["period"] >= start) & (fin["period"] < end)].groupby("account_id").agg(revenue=("revenue", "sum"), gp=("gross_profit", "sum"), cts=("cost_to_serve", "sum"))
occ = x["occurred_at"].dt.tz_localize(None)
ic = x[(occ >= start) & (occ < end)].groupby("account_id").agg(icost=("cost_q", "sum"), rv=("rv_q", "sum"))
acc = w.join(ic, how="outer").fillna(0)
acc["profit"] = acc["gp"] - acc["cts"] - acc["icost"]
# customers: revenue in the window (segments/definitions.ts isCustomer)
cust = acc[acc["revenue"] > 0].sort_values("profit", ascending=False)
top = int(np.ceil(0.2 * len(cust)))
segment = np.where(np.arange(len(cust)) < top, "top20", np.where(cust["profit"] < 0, "loss", "middle"))
curve = cust["profit"].cumsum() / cust["profit"].sum()
peak = float(curve.max())
t["segments_whale"] = time.perf_counter() - t0

print(json.dumps({
    "seconds": t, "total_seconds": sum(t.values()), "cpu_seconds": time.process_time() - cpu0,
    "interactions": int(len(inter)), "rv_rows": int(len(dense)), "customers": int(len(cust)), "whale_peak": peak,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "pandas": pd.__version__,
}))
