#!/usr/bin/env python3
"""Reference values for `rvlab clv --out`'s per-customer table (customers.csv) on the CDNOW
master, computed with Debian's pandas / scipy, independently of the TypeScript. Run with
/usr/bin/python3 from the project folder; writes tests/fixtures/backtest/clv_table.json.

At the scipy fits of scripts/oracles/clv_models_oracle.py (tests/fixtures/backtest/
clv_models.json, BG/NBD and Gamma-Gamma on the master, weeks, calibration to 1997-09-30),
for every customer: P(alive) (FHL 2005 eq. 12), E[Y(t) | x, t_x, T] (eq. 10) over the
39-week holdout and over 12 months (365.25/7 weeks), the Gamma-Gamma E[M | x, m]
(Fader & Hardie's note, eq. 5), DERT = sum_{i=1..12} (E[Y(i months)] - E[Y(i-1 months)])
/ (1 + d)^i with d = 1.1^(1/12) - 1 (10 % a year), and CLV = DERT x E[M].
"""
import gzip, json, os
import numpy as np
import pandas as pd
from scipy import special

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.environ.get("RVLAB_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))


def palive(r, alpha, a, b, x, tx, T):
    if x == 0:
        return 1.0
    return 1.0 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def ey(r, alpha, a, b, x, tx, T, t):
    if t == 0:
        return 0.0
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                       * special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    den = 1 + (a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0)
    return num / den


def gg_em(p, q, g, x, m):
    if x == 0 or m <= 0:
        return g * p / (q - 1)
    return (q - 1) / (p * x + q - 1) * (g * p / (q - 1)) + p * x / (p * x + q - 1) * m


def main():
    fits = json.load(open(os.path.join(ROOT, "tests", "fixtures", "backtest", "clv_models.json")))["cdnow"]
    bg, gg = fits["bgnbd"]["params"], fits["gamma_gamma"]["params"]
    with gzip.open(os.path.join(SHARED, "cdnow", "CDNOW_master.txt.gz"), "rt") as f:
        df = pd.read_csv(f, sep=r"\s+", header=0, names=["id", "date", "cds", "dollars"], dtype={"id": str, "date": str})
    df["day"] = pd.to_datetime(df["date"], format="%Y%m%d")
    daily = df.groupby(["id", "day"], as_index=False)["dollars"].sum()
    end, hend = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")
    upm = (365.25 / 12) / 7
    monthly = 1.1 ** (1 / 12) - 1
    rows = []
    for cid, g in daily.groupby("id", sort=True):
        g = g.sort_values("day")
        first = g["day"].iloc[0]
        if first > end:
            continue
        cal = g[(g["day"] <= end)].iloc[1:]
        x = len(cal)
        tx = (cal["day"].iloc[-1] - first).days / 7 if x else 0.0
        T = (end - first).days / 7
        m = float(cal["dollars"].mean()) if x else 0.0
        hold = int(((g["day"] > end) & (g["day"] <= hend)).sum())
        args = (bg["r"], bg["alpha"], bg["a"], bg["b"], x, tx, T)
        e = [ey(*args, i * upm) for i in range(13)]
        dert = sum((e[i] - e[i - 1]) / (1 + monthly) ** i for i in range(1, 13))
        spend = gg_em(gg["p"], gg["q"], gg["gamma"], x, m)
        rows.append({
            "customer": cid, "x": x, "t_x": tx, "T": T, "m": m, "holdout_actual": hold,
            "p_alive": palive(*args), "expected_holdout": ey(*args, 39.0),
            "expected_horizon": e[12], "expected_spend": spend, "dert": dert, "clv": dert * spend,
        })
    # every 100th customer and the first 20: a spread of frequencies, a small fixture
    pick = [r for i, r in enumerate(rows) if i < 20 or i % 100 == 0]
    out = {
        "made_with": f"pandas {pd.__version__}, scipy {__import__('scipy').__version__}, numpy {np.__version__}",
        "params": {"bgnbd": bg, "gamma_gamma": gg},
        "customers": len(rows),
        "total_clv": float(sum(r["clv"] for r in rows)),
        "rows": pick,
    }
    path = os.path.join(ROOT, "tests", "fixtures", "backtest", "clv_table.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(pick)} of {len(rows)} customers, total CLV {out['total_clv']:.2f}")


if __name__ == "__main__":
    main()
