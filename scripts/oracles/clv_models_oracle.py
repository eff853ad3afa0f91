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


MODELS = {
    "bgnbd": (bgnbd_ll, ["r", "alpha", "a", "b"]),
    "gamma_gamma": (gg_ll, ["p", "q", "gamma"]),
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


def sim_spend(rng, theta, n):
    p, q, g = theta
    out = []
    for _ in range(n):
        nu = rng.gamma(q, 1 / g)
        x = int(rng.integers(1, 7))
        out.append((x, round(float(np.mean(rng.gamma(p, 1 / nu, x))), 4)))
    return out


def write(root, cdnow_summaries):
    rng = np.random.default_rng(20261203)
    out = {"cdnow": None, "simulated": []}
    bg_truth = [0.243, 4.414, 0.793, 2.426]
    sims = sim_bgnbd(rng, bg_truth, 3000, 39.0, 12.0)
    d = rf(*zip(*sims))
    out["simulated"].append({"model": "bgnbd", "truth": dict(zip(MODELS["bgnbd"][1], bg_truth)),
                             "customers": [list(c) for c in sims], "fit": fit("bgnbd", d, [1, 3.5, 1, 1])})
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
        out["cdnow"] = {"bgnbd": fit("bgnbd", d, [0.5, 5.0, 1.0, 2.0]),
                        "gamma_gamma": fit("gamma_gamma", gd, [1.0, 1.0, gd["m"].mean()])}
    path = os.path.join(root, "tests", "fixtures", "backtest", "clv_models.json")
    json.dump(out, open(path, "w"), indent=1)
    print("wrote", os.path.relpath(path, root))
    if out["cdnow"]:
        print(json.dumps(out["cdnow"], indent=1))
