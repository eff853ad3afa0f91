"""Reference fits with standard errors for rvlab's customer-base models (src/backtest/clv/),
imported by make_clv_fixtures.py; writes tests/fixtures/backtest/clv_models.json.

Each model's likelihood is written here from its paper, independently of the TypeScript;
the fit is scipy.optimize.minimize (Nelder-Mead on the log-parameters, then trust-exact with
statsmodels' numerical gradient and Hessian), and the standard errors are the square roots of
the diagonal of the inverse of minus statsmodels' approx_hess3 in the natural parameters.
"""
import json, os
import numpy as np
from scipy import special, optimize
from statsmodels.tools.numdiff import approx_fprime, approx_hess3


# ---------- BG/NBD: Fader, Hardie & Lee (2005), eq. (6) ----------
def bgnbd_ll(theta, d):
    r, alpha, a, b = theta
    x, tx, T = d["x"], d["tx"], d["T"]
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    t1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        t2 = np.where(x > 0, special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - special.betaln(a, b)
                      - (r + x) * np.log(alpha + tx), -np.inf)
    return np.sum(d["n"] * (common + np.logaddexp(t1, t2)))


# ---------- Gamma-Gamma: Fader, Hardie & Lee (2005) "RFM and CLV", the note's eq. ----------
def gg_ll(theta, d):
    p, q, g = theta
    x, m = d["x"], d["m"]
    return np.sum(special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(g)
                  + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))


# ---------- Pareto/NBD: Schmittlein, Morrison & Colombo (1987); Fader & Hardie (2005) note ----------
def pnbd_log_a0(r, alpha, s, beta, x, tx, T):
    # A0 = 2F1(r+s+x, b; r+s+x+1; |a-b|/(M+t_x))/(M+t_x)^(r+s+x) - the same at T, M = max(alpha, beta),
    # b = s+1 when alpha >= beta else r+x (as lifetimes' ParetoNBDFitter._log_A_0)
    if alpha >= beta:
        big, bb = alpha, s + 1
    else:
        big, bb = beta, r + x
    m = r + s + x
    l1 = np.log(special.hyp2f1(m, bb, m + 1, abs(alpha - beta) / (big + tx))) - m * np.log(big + tx)
    l2 = np.log(special.hyp2f1(m, bb, m + 1, abs(alpha - beta) / (big + T))) - m * np.log(big + T)
    with np.errstate(divide="ignore"):
        return l1 + np.log(-np.expm1(l2 - l1))


def pnbd_each(theta, x, tx, T):
    r, alpha, s, beta = theta
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    return a1 + np.logaddexp(alive, np.log(s) - np.log(r + s + x) + pnbd_log_a0(r, alpha, s, beta, x, tx, T))


def pnbd_ll(theta, d):
    return np.sum(d["n"] * pnbd_each(theta, d["x"], d["tx"], d["T"]))


def pnbd_palive(theta, x, tx, T):
    r, alpha, s, beta = theta
    return float(1 / (1 + np.exp(np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + T) + s * np.log(beta + T)
                                 + pnbd_log_a0(r, alpha, s, beta, x, tx, T))))


def pnbd_ex(theta, t):
    r, alpha, s, beta = theta
    return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))


def pnbd_ey(theta, x, tx, T, t):
    r, alpha, s, beta = theta
    return pnbd_palive(theta, x, tx, T) * (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))


# ---------- MBG/NBD: Batislam, Denizel & Filiztekin (2007) ----------
def mbg_each(theta, x, tx, T):
    r, alpha, a, b = theta
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x + 1) - special.gammaln(b) - special.gammaln(a + b + x + 1)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return a1 + a2 + a3 + np.logaddexp(a4, 0)


def mbg_ll(theta, d):
    return np.sum(d["n"] * mbg_each(theta, d["x"], d["tx"], d["T"]))


def mbg_palive(theta, x, tx, T):
    r, alpha, a, b = theta
    return 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x))


def mbg_ex(theta, t):
    r, alpha, a, b = theta
    return b / (a - 1) * (1 - special.hyp2f1(r, b + 1, a + b, t / (alpha + t)) * (alpha / (alpha + t)) ** r)


def mbg_ey(theta, x, tx, T, t):
    r, alpha, a, b = theta
    num = (a + b + x) / (a - 1) * (1 - special.hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t)) * ((alpha + T) / (alpha + t + T)) ** (r + x))
    return num * mbg_palive(theta, x, tx, T)


# ---------- BG/BB: Fader, Hardie & Shang (2010) ----------
def bgbb_each(theta, x, tx, n):
    al, be, ga, de = theta
    out = []
    for xi, ti, ni in zip(np.atleast_1d(x), np.atleast_1d(tx), np.atleast_1d(n)):
        terms = [special.betaln(al + xi, be + ni - xi) - special.betaln(al, be) + special.betaln(ga, de + ni) - special.betaln(ga, de)]
        for i in range(int(ni - ti)):
            terms.append(special.betaln(al + xi, be + ti - xi + i) - special.betaln(al, be)
                         + special.betaln(ga + 1, de + ti + i) - special.betaln(ga, de))
        out.append(special.logsumexp(terms))
    return np.array(out)


def bgbb_ll(theta, d):
    # grouped by (x, t_x, n): a discrete data set has few distinct summaries
    return np.sum(d["n"] * bgbb_each(theta, d["x"], d["tx"], d["T"]))


def bgbb_palive(theta, x, tx, n):
    al, be, ga, de = theta
    return float(np.exp(special.betaln(al + x, be + n - x) - special.betaln(al, be) + special.betaln(ga, de + n + 1)
                        - special.betaln(ga, de) - bgbb_each(theta, x, tx, n)[0]))


def bgbb_ex(theta, n):
    al, be, ga, de = theta
    return al / (al + be) * de / (ga - 1) * (1 - np.exp(special.gammaln(ga + de) - special.gammaln(ga + de + n)
                                                          + special.gammaln(1 + de + n) - special.gammaln(1 + de)))


def bgbb_ey(theta, x, tx, n, t):
    al, be, ga, de = theta
    lead = np.exp(special.betaln(al + x + 1, be + n - x) - special.betaln(al, be) - bgbb_each(theta, x, tx, n)[0])
    g = lambda k: np.exp(special.gammaln(1 + de + k) - special.gammaln(ga + de + k))
    return float(lead * de / (ga - 1) * np.exp(special.gammaln(ga + de) - special.gammaln(1 + de)) * (g(n) - g(n + t)))


MODELS = {
    "bgnbd": (bgnbd_ll, ["r", "alpha", "a", "b"]),
    "gamma_gamma": (gg_ll, ["p", "q", "gamma"]),
    "pareto_nbd": (pnbd_ll, ["r", "alpha", "s", "beta"]),
    "mbgnbd": (mbg_ll, ["r", "alpha", "a", "b"]),
    "bgbb": (bgbb_ll, ["alpha", "beta", "gamma", "delta"]),
}


def fit(name, d, start):
    ll, names = MODELS[name]
    f = lambda v: -ll(np.exp(v), d)
    res = optimize.minimize(f, np.log(start), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 40000, "maxfev": 40000})
    res = optimize.minimize(f, res.x, method="trust-exact",
                            jac=lambda v: approx_fprime(v, f, centered=True), hess=lambda v: approx_hess3(v, f),
                            options={"gtol": 1e-9})
    theta = np.exp(res.x)
    h = approx_hess3(theta, lambda t: ll(t, d))
    cov = np.linalg.inv(-h)
    se = np.sqrt(np.diag(cov))
    grad = approx_fprime(theta, lambda t: ll(t, d), centered=True)
    return {"model": name, "params": dict(zip(names, map(float, theta))), "ll": float(ll(theta, d)),
            "se": dict(zip(names, map(float, se))), "gradient_norm": float(np.linalg.norm(grad)),
            "customers": int(np.sum(d["n"])) if "n" in d else int(len(d["x"]))}


def rf(x, tx, T):
    x, tx, T = (np.asarray(v, float) for v in (x, tx, T))
    return {"x": x, "tx": tx, "T": T, "n": np.ones_like(x)}


# ---------- simulation (numpy; rounded so the fixture reproduces the data exactly) ----------
def sim_bgnbd(rng, theta, n, T_max, T_spread):
    r, alpha, a, b = theta
    out = []
    for _ in range(n):
        T = round(T_max - T_spread * rng.random(), 4)
        lam, p = rng.gamma(r, 1 / alpha), rng.beta(a, b)
        t, x, tx = 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / lam)
            if t > T:
                break
            x, tx = x + 1, t
            if rng.random() < p:
                break
        out.append((x, round(tx, 4) if x else 0.0, T))
    return out


def sim_pnbd(rng, theta, n, T_max, T_spread):
    r, alpha, s, beta = theta
    out = []
    for _ in range(n):
        T = round(T_max - T_spread * rng.random(), 4)
        lam, mu = rng.gamma(r, 1 / alpha), rng.gamma(s, 1 / beta)
        life, t, x, tx = rng.exponential(1 / mu), 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / lam)
            if t > min(T, life):
                break
            x, tx = x + 1, t
        out.append((x, round(tx, 4) if x else 0.0, T))
    return out


def sim_mbg(rng, theta, n, T_max, T_spread):
    r, alpha, a, b = theta
    out = []
    for _ in range(n):
        T = round(T_max - T_spread * rng.random(), 4)
        lam, p = rng.gamma(r, 1 / alpha), rng.beta(a, b)
        t, x, tx = 0.0, 0, 0.0
        while rng.random() >= p:
            t += rng.exponential(1 / lam)
            if t > T:
                break
            x, tx = x + 1, t
        out.append((x, round(tx, 4) if x else 0.0, T))
    return out


def sim_bgbb(rng, theta, n_cust, n):
    al, be, ga, de = theta
    out = []
    for _ in range(n_cust):
        p, th = rng.beta(al, be), rng.beta(ga, de)
        x, tx = 0, 0
        for k in range(1, n + 1):
            if rng.random() < th:
                break
            if rng.random() < p:
                x, tx = x + 1, k
        out.append((x, tx, n))
    return out


def grouped(rows):
    keys, counts = np.unique(np.asarray(rows, float), axis=0, return_counts=True)
    return {"x": keys[:, 0], "tx": keys[:, 1], "T": keys[:, 2], "n": counts.astype(float)}


def sim_spend(rng, theta, n):
    p, q, g = theta
    out = []
    for _ in range(n):
        nu = rng.gamma(q, 1 / g)
        x = int(rng.integers(1, 7))
        out.append((x, round(float(np.mean(rng.gamma(p, 1 / nu, x))), 4)))
    return out


def write(root, cdnow_summaries, repeats=None, cal_end=None):
    rng = np.random.default_rng(20261203)
    out = {"cdnow": None, "simulated": []}
    bg_truth = [0.243, 4.414, 0.793, 2.426]
    sims = sim_bgnbd(rng, bg_truth, 3000, 39.0, 12.0)
    d = rf(*zip(*sims))
    out["simulated"].append({"model": "bgnbd", "truth": dict(zip(MODELS["bgnbd"][1], bg_truth)),
                             "customers": [list(c) for c in sims], "fit": fit("bgnbd", d, [1, 3.5, 1, 1])})
    for name, truth, rows, start in [
        ("pareto_nbd", [0.55, 10.58, 0.61, 11.67], sim_pnbd(rng, [0.55, 10.58, 0.61, 11.67], 3000, 39.0, 12.0), [1, 3.5, 1, 35]),
        ("mbgnbd", [0.525, 6.183, 0.891, 1.614], sim_mbg(rng, [0.525, 6.183, 0.891, 1.614], 3000, 39.0, 12.0), [1, 3.5, 1, 1]),
        ("bgbb", [1.204, 0.750, 0.657, 2.783], sim_bgbb(rng, [1.204, 0.750, 0.657, 2.783], 3000, 6), [1, 1, 1, 1]),
    ]:
        out["simulated"].append({"model": name, "truth": dict(zip(MODELS[name][1], truth)),
                                 "customers": [list(c) for c in rows], "fit": fit(name, grouped(rows), start)})
    # closed forms at a few points (parameters, customers and horizons chosen to span the cases)
    cont = [(0, 0.0, 38.86), (1, 2.0, 38.86), (2, 30.43, 38.86), (7, 29.43, 35.0), (25, 27.0, 27.1), (3, 38.0, 38.0)]
    closed = []
    for theta in [[0.55, 10.58, 0.61, 11.67], [1.3, 2.0, 2.5, 30.0], [0.3, 25.0, 0.2, 3.0]]:
        for (x, tx, T) in cont:
            closed.append({"model": "pareto_nbd", "params": dict(zip(MODELS["pareto_nbd"][1], theta)), "x": x, "tx": tx, "T": T,
                           "ll": float(pnbd_each(theta, x, tx, T)), "p_alive": pnbd_palive(theta, x, tx, T),
                           "ex": float(pnbd_ex(theta, 39.0)), "ey": float(pnbd_ey(theta, x, tx, T, 39.0))})
    for theta in [[0.525, 6.183, 0.891, 1.614], [1.3, 0.8, 2.5, 0.9], [0.05, 30.0, 0.4, 7.0]]:
        for (x, tx, T) in cont:
            closed.append({"model": "mbgnbd", "params": dict(zip(MODELS["mbgnbd"][1], theta)), "x": x, "tx": tx, "T": T,
                           "ll": float(mbg_each(theta, x, tx, T)), "p_alive": float(mbg_palive(theta, x, tx, T)),
                           "ex": float(mbg_ex(theta, 39.0)), "ey": float(mbg_ey(theta, x, tx, T, 39.0))})
    for theta in [[1.204, 0.750, 0.657, 2.783], [0.4, 3.0, 2.0, 0.5]]:
        for (x, tx, n) in [(0, 0, 6), (1, 1, 6), (3, 4, 6), (6, 6, 6), (2, 10, 12), (5, 7, 12)]:
            closed.append({"model": "bgbb", "params": dict(zip(MODELS["bgbb"][1], theta)), "x": x, "tx": tx, "T": n,
                           "ll": float(bgbb_each(theta, x, tx, n)[0]), "p_alive": bgbb_palive(theta, x, tx, n),
                           "ex": float(bgbb_ex(theta, 5)), "ey": bgbb_ey(theta, x, tx, n, 5)})
    out["closed_forms"] = closed
    # the chi-square upper tail of the likelihood-ratio tests, and Q(a, x) off the half-integers
    from scipy import stats
    out["chi2_sf"] = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))}
                      for (x, df) in [(0.001, 1), (0.5, 1), (3.841458820694124, 1), (9.0, 2), (4.0, 4), (7.8, 3),
                                      (30.0, 4), (80.0, 4), (0.3, 8), (200.0, 8), (15.0, 25)]]
    out["gammaincc"] = [{"a": a, "x": x, "q": float(special.gammaincc(a, x))}
                        for (a, x) in [(0.3, 0.01), (0.3, 5.0), (2.7, 1.0), (2.7, 3.7), (12.25, 30.0), (150.5, 140.0)]]
    gg_truth = [6.25, 3.74, 15.44]
    spend = sim_spend(rng, gg_truth, 3000)
    gd = {"x": np.array([c[0] for c in spend], float), "m": np.array([c[1] for c in spend])}
    out["simulated"].append({"model": "gamma_gamma", "truth": dict(zip(MODELS["gamma_gamma"][1], gg_truth)),
                             "customers": [list(c) for c in spend], "fit": fit("gamma_gamma", gd, [1, 1, gd["m"].mean()])})
    if cdnow_summaries is not None:
        s = cdnow_summaries
        d = rf(s["x"], s["tx"], s["T"])
        mask = (s["x"] > 0) & (s["m"] > 0)
        gd = {"x": s.loc[mask, "x"].to_numpy(float), "m": s.loc[mask, "m"].to_numpy(float)}
        # BG/BB on whole weeks: opportunity k = days ((k-1)*7, k*7] after the first purchase,
        # n = floor(days to the calibration end / 7), the last partial week left out
        n_of = ((cal_end - s["first"]).dt.days // 7)
        rep = repeats.copy()
        rep["week"] = np.ceil((rep["date"] - rep["first"]).dt.days / 7).astype(int)
        rep = rep[rep["week"] <= n_of.reindex(rep["id"]).to_numpy()]
        weeks = rep.groupby("id")["week"].agg(["nunique", "max"])
        bx = weeks["nunique"].reindex(s.index, fill_value=0).to_numpy(float)
        btx = weeks["max"].reindex(s.index, fill_value=0).to_numpy(float)
        bb_rows = list(zip(bx, btx, n_of.to_numpy(float)))
        out["cdnow_bgbb_weeks"] = {"first_customers": [{"id": i, "x": int(a), "tx": int(b), "T": int(c)}
                                                       for i, (a, b, c) in zip(s.index[:50], bb_rows[:50])],
                                   "fit": fit("bgbb", grouped(bb_rows), [1, 1, 1, 1])}
        out["cdnow"] = {"bgnbd": fit("bgnbd", d, [0.5, 5.0, 1.0, 2.0]),
                        "pareto_nbd": fit("pareto_nbd", d, [0.5, 10.0, 0.5, 10.0]),
                        "mbgnbd": fit("mbgnbd", d, [0.5, 5.0, 1.0, 2.0]),
                        "gamma_gamma": fit("gamma_gamma", gd, [1.0, 1.0, gd["m"].mean()])}
    path = os.path.join(root, "tests", "fixtures", "backtest", "clv_models.json")
    json.dump(out, open(path, "w"), indent=1)
    print("wrote", os.path.relpath(path, root))
    if out["cdnow"]:
        print(json.dumps(out["cdnow"], indent=1))
