"""The bench's peer for the customer-base fit: BG/NBD (Fader, Hardie & Lee 2005, eq. 6)
fitted with scipy on the same summaries (x,tx,T CSV), identical summaries grouped as rvlab
does, L-BFGS-B on the log-parameters, SEs from statsmodels' numerical Hessian.

    /usr/bin/python3 bench/clv_scipy.py summaries.csv
"""
import json, sys, time
import numpy as np
from scipy import optimize, special
from statsmodels.tools.numdiff import approx_hess3

raw = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2)
t0, c0 = time.perf_counter(), time.process_time()
u, n = np.unique(raw, axis=0, return_counts=True)
x, tx, T = u[:, 0], u[:, 1], u[:, 2]


def ll(theta):
    r, alpha, a, b = theta
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    t1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        t2 = np.where(x > 0, special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - special.betaln(a, b)
                      - (r + x) * np.log(alpha + tx), -np.inf)
    return np.sum(n * (common + np.logaddexp(t1, t2)))


res = optimize.minimize(lambda z: -ll(np.exp(z)), np.zeros(4), method="L-BFGS-B")
theta = np.exp(res.x)
se = np.sqrt(np.diag(np.linalg.inv(-approx_hess3(theta, ll))))
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"customers": int(raw.shape[0]), "seconds": seconds, "cpu_seconds": cpu,
                  "params": dict(zip(["r", "alpha", "a", "b"], theta.tolist())),
                  "logLikelihood": float(ll(theta)), "ses": se.tolist()}))
