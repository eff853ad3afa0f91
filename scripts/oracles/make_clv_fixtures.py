#!/usr/bin/env python3
"""Reference values for rvlab's BG/NBD, Gamma-Gamma, 2F1 and panel Granger F-test,
computed with Debian's scipy / statsmodels / pandas. Run with /usr/bin/python3; writes
tests/fixtures/backtest/clv.json (then `deno fmt` it).

The formulas are written here from the papers, independently of the TypeScript:
- BG/NBD: Fader, Hardie & Lee (2005) "Counting your customers the easy way",
  equations (6) likelihood, (9) E[X(t)], (10) E[Y(t)|x,t_x,T], (12) P(alive), the
  hypergeometric function from scipy.special.hyp2f1.
- Gamma-Gamma: Fader, Hardie & Lee (2005) "RFM and CLV", Fader & Hardie's note
  "The Gamma-Gamma model of monetary value" (likelihood of the mean spend, E[M|m_x, x]).
- CDNOW: the master file summarised with pandas (weeks = days/7, same-day purchases
  one transaction, calibration to 1997-09-30, holdout to 1998-06-30), BG/NBD and
  Gamma-Gamma fitted by scipy.optimize.minimize.
- Granger: statsmodels OLS restricted vs unrestricted (compare_f_test) on the stacked
  panel design, and grangercausalitytests' ssr_ftest for a single series.
"""
import json, os, sys, gzip
import numpy as np
import pandas as pd
import scipy, statsmodels
from scipy import special, optimize
import statsmodels.api as sm
from statsmodels.tsa.stattools import grangercausalitytests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


# ---------- BG/NBD, from the paper ----------
def bgnbd_ll(r, alpha, a, b, x, tx, T):
    x, tx, T = map(np.asarray, (x, tx, T))
    # eq. (6): L = B(a,b+x)/B(a,b) * G(r+x) a^r / (G(r) (a+T)^(r+x))
    #            + d(x>0) B(a+1,b+x-1)/B(a,b) * G(r+x) a^r / (G(r) (a+t_x)^(r+x))
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    t1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        t2 = np.where(x > 0,
                      special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - special.betaln(a, b)
                      - (r + x) * np.log(alpha + tx), -np.inf)
    return common + np.logaddexp(t1, t2)


def bgnbd_ex(r, alpha, a, b, t):
    # eq. (9)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def bgnbd_palive(r, alpha, a, b, x, tx, T):
    # eq. (12)
    if x == 0:
        return 1.0
    return 1.0 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def bgnbd_ey(r, alpha, a, b, x, tx, T, t):
    # eq. (10)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                       * special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    den = 1 + (a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0)
    return num / den


# ---------- Gamma-Gamma ----------
def gg_ll(p, q, g, x, m):
    x, m = np.asarray(x, float), np.asarray(m, float)
    # f(m_x | p, q, g, x) = G(px+q) / (G(px) G(q)) * g^q m^(px-1) x^(px) / (g + m x)^(px+q)
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(g)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))


def gg_em(p, q, g, x, m):
    # E[M | p,q,g,m_x,x] = (q-1)/(px+q-1) * g p/(q-1) + px/(px+q-1) * m_x
    return (q - 1) / (p * x + q - 1) * (g * p / (q - 1)) + p * x / (p * x + q - 1) * m


published = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
param_sets = [published, dict(r=1.3, alpha=0.8, a=2.5, b=0.9), dict(r=0.05, alpha=30.0, a=0.4, b=7.0)]
customers = [(0, 0.0, 38.86), (1, 2.0, 38.86), (2, 30.43, 38.86), (7, 29.43, 35.0), (25, 27.0, 27.1), (3, 0.29, 32.0), (60, 38.0, 38.5)]
horizons = [1.0, 39.0, 200.0]
closed = []
for ps in param_sets:
    for (x, tx, T) in customers:
        closed.append({
            "params": ps, "x": x, "tx": tx, "T": T,
            "ll": float(bgnbd_ll(**ps, x=x, tx=tx, T=T)),
            "p_alive": float(bgnbd_palive(**ps, x=x, tx=tx, T=T)),
            "ey": {str(t): float(bgnbd_ey(**ps, x=x, tx=tx, T=T, t=t)) for t in horizons},
        })
ex = [{"params": ps, "t": t, "ex": float(bgnbd_ex(**ps, t=t))} for ps in param_sets for t in [0.5, 39.0, 78.0, 500.0]]

gg_params = [dict(p=6.25, q=3.74, gamma=15.44), dict(p=0.9, q=1.6, gamma=3.0)]
gg_cases = [(1, 20.0), (2, 35.5), (5, 12.25), (30, 101.0), (1, 0.5)]
gg = [{"params": gp, "x": x, "m": m,
       "ll": float(gg_ll(gp["p"], gp["q"], gp["gamma"], x, m)),
       "em": float(gg_em(gp["p"], gp["q"], gp["gamma"], x, m))} for gp in gg_params for (x, m) in gg_cases]

hyp = []
for (a, b, c, z) in [(1, 1, 2, 0.5), (0.243, 2.426, 2.219, 0.9), (2.243, 4.426, 4.219, 0.5), (0.3, 2.0, 0.7, 0.99),
                     (12.2, 14.4, 13.2, 0.3), (61.2, 63.4, 62.1, 0.7), (1.5, 2.5, -0.5, 0.4), (0.5, 0.5, 1.5, -0.8),
                     (3.0, 1.0, 2.2, 0.999)]:
    hyp.append({"a": a, "b": b, "c": c, "z": z, "value": float(special.hyp2f1(a, b, c, z))})

# ---------- CDNOW ----------
# the shared data folder: $RVLAB_SHARED_DATA, else ../shared/data beside the project
shared = os.environ.get("RVLAB_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
cdnow_path = os.path.normpath(os.path.join(shared, "cdnow", "CDNOW_master.txt.gz"))
cdnow = None
if os.path.exists(cdnow_path):
    df = pd.read_csv(cdnow_path, sep=r"\s+", header=0, names=["id", "date", "cds", "value"], dtype={"id": str, "date": str})
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    daily = df.groupby(["id", "date"], as_index=False)["value"].sum()
    first = daily.groupby("id")["date"].min().rename("first")
    daily = daily.join(first, on="id")
    cal_end, h_end = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")
    cal = daily[daily["date"] <= cal_end]
    rep = cal[cal["date"] > cal["first"]]
    s = pd.DataFrame({"first": first})
    s["x"] = rep.groupby("id").size().reindex(s.index, fill_value=0)
    s["tx"] = ((rep.groupby("id")["date"].max() - first.reindex(rep["id"].unique())).dt.days / 7).reindex(s.index, fill_value=0.0)
    s["T"] = (cal_end - s["first"]).dt.days / 7
    s["m"] = (rep.groupby("id")["value"].sum().reindex(s.index, fill_value=0.0) / s["x"].replace(0, np.nan)).fillna(0.0)
    hold = daily[(daily["date"] > cal_end) & (daily["date"] <= h_end)]
    s["holdout"] = hold.groupby("id").size().reindex(s.index, fill_value=0)
    X, TX, TT = s["x"].to_numpy(), s["tx"].to_numpy(), s["T"].to_numpy()

    def nll(v):
        r, al, a, b = np.exp(v)
        return -np.sum(bgnbd_ll(r, al, a, b, X, TX, TT))
    best = optimize.minimize(nll, np.log([0.5, 5.0, 1.0, 2.0]), method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000, "maxfev": 20000})
    best = optimize.minimize(nll, best.x, method="BFGS", options={"gtol": 1e-8})
    r, al, a, b = np.exp(best.x)
    pred = sum(bgnbd_ey(r, al, a, b, int(x), tx, T, 39.0) for x, tx, T in zip(X, TX, TT))
    mask = (s["x"] > 0) & (s["m"] > 0)
    gx, gm = s.loc[mask, "x"].to_numpy(float), s.loc[mask, "m"].to_numpy()
    gfit = optimize.minimize(lambda v: -np.sum(gg_ll(*np.exp(v), gx, gm)), np.log([1.0, 1.0, gm.mean()]),
                             method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000, "maxfev": 20000})
    gfit = optimize.minimize(lambda v: -np.sum(gg_ll(*np.exp(v), gx, gm)), gfit.x, method="BFGS", options={"gtol": 1e-8})
    gp, gq, gg_ = np.exp(gfit.x)
    cdnow = {
        "customers": int(len(s)), "repeaters": int((s["x"] > 0).sum()),
        "calibration_repeat_transactions": int(s["x"].sum()), "holdout_actual": int(s["holdout"].sum()),
        "published_ll": float(-nll(np.log(list(published.values())))),
        "bgnbd": {"r": float(r), "alpha": float(al), "a": float(a), "b": float(b), "ll": float(-best.fun)},
        "holdout_predicted": float(pred),
        "gamma_gamma": {"p": float(gp), "q": float(gq), "gamma": float(gg_), "ll": float(-gfit.fun), "customers": int(mask.sum())},
        "first_customers": [{"id": i, "x": int(row.x), "tx": float(row.tx), "T": float(row["T"]), "m": float(row.m), "holdout": int(row.holdout)}
                            for i, row in s.head(50).iterrows()],
    }

# ---------- Granger ----------
rng = np.random.default_rng(20261125)
panel = []
for k in range(6):
    n = 14 + 3 * k
    x = np.round(rng.normal(0, 1, n), 3)
    y = np.zeros(n)
    for t in range(n):
        y[t] = round(0.4 * (y[t - 1] if t else 0) + 0.5 * (x[t - 2] if t >= 2 else 0) + rng.normal(0, 1), 3)
    panel.append({"x": x.tolist(), "y": y.tolist()})


def stacked(panel, p):
    rows_y, rows_u = [], []
    for s in panel:
        x, y = np.asarray(s["x"]), np.asarray(s["y"])
        for t in range(p, len(y)):
            rows_y.append(y[t])
            rows_u.append([1.0] + [y[t - j] for j in range(1, p + 1)] + [x[t - j] for j in range(1, p + 1)])
    return np.asarray(rows_y), np.asarray(rows_u)


granger = []
for p in [1, 2, 3]:
    yy, XU = stacked(panel, p)
    unres = sm.OLS(yy, XU).fit()
    res = sm.OLS(yy, XU[:, :p + 1]).fit()
    f, pv, df = unres.compare_f_test(res)
    granger.append({"lags": p, "f": float(f), "p": float(pv), "df_num": float(df), "df_den": float(unres.df_resid),
                    "ssr_restricted": float(res.ssr), "ssr_unrestricted": float(unres.ssr), "n": int(len(yy))})
single = []
s0 = panel[-1]
for p in [1, 2, 4]:
    g = grangercausalitytests(np.column_stack([s0["y"], s0["x"]]), maxlag=[p], verbose=False) if "verbose" in grangercausalitytests.__code__.co_varnames else grangercausalitytests(np.column_stack([s0["y"], s0["x"]]), maxlag=[p])
    f, pv, dfd, dfn = g[p][0]["ssr_ftest"]
    single.append({"lags": p, "f": float(f), "p": float(pv), "df_den": float(dfd), "df_num": float(dfn)})
fdist = [{"f": f, "d1": d1, "d2": d2, "sf": float(scipy.stats.f.sf(f, d1, d2))}
         for (f, d1, d2) in [(0.5, 1, 10), (2.3, 3, 40), (15.0, 2, 200), (40.0, 6, 5000), (1.0, 4, 4), (0.01, 1, 1), (120.0, 3, 100)]]

# cumulative gain / lift by decile: highest score first, ties in input order (stable sort),
# the top k tenths = floor(n k / 10 + 1/2) observations (halves rounded up)
gain_cases = []
for n, ties in [(25, False), (37, True), (200, True)]:
    sc = np.round(rng.normal(0, 1, n), 0 if ties else 3)
    yv = (rng.random(n) < 1 / (1 + np.exp(-1.5 * sc))).astype(bool)
    order = np.argsort(-sc, kind="stable")
    found = np.cumsum(yv[order])
    gains = []
    for d in range(1, 11):
        k = int(np.floor(n * d / 10 + 0.5))
        g = (found[k - 1] if k > 0 else 0) / yv.sum()
        gains.append({"decile": d, "gain": float(g), "lift": float(g / (d / 10))})
    gain_cases.append({"scores": sc.tolist(), "outcomes": yv.tolist(), "deciles": gains})
gammaln = [{"x": v, "value": float(special.gammaln(v))} for v in [0.01, 0.243, 0.5, 0.793, 1.5, 2.426, 7.25, 33.3, 150.5, 1234.5]]
out = {
    "gammaln": gammaln,
    "gain_by_decile": gain_cases,
    "made_with": {"python": sys.version.split()[0], "scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "pandas": pd.__version__},
    "hyp2f1": hyp, "bgnbd": closed, "bgnbd_ex": ex, "gamma_gamma": gg, "cdnow": cdnow,
    "granger_panel": panel, "granger": granger, "granger_single": single, "f_sf": fdist,
}
path = os.path.join(ROOT, "tests", "fixtures", "backtest", "clv.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
json.dump(out, open(path, "w"), indent=1)
print("wrote", os.path.relpath(path, ROOT))
if cdnow:
    print({k: v for k, v in cdnow.items() if k != "first_customers"})

# the customer-base models with standard errors: tests/fixtures/backtest/clv_models.json
sys.path.insert(0, HERE)
import clv_models_oracle
clv_models_oracle.write(ROOT, s if cdnow else None, rep if cdnow else None, cal_end if cdnow else None)
