#!/usr/bin/env python3
"""Reference values for rvlab's statistics, computed with Debian's scipy, sklearn and
statsmodels. Run with /usr/bin/python3; writes tests/fixtures/backtest/stats.json.
The inputs are fixed (seeded numpy draws rounded to 3 decimals, with deliberate ties)."""
import json, os, sys
import numpy as np
import scipy, sklearn, statsmodels
from scipy import stats
from sklearn.metrics import roc_auc_score
from statsmodels.stats.multitest import multipletests

rng = np.random.default_rng(20261124)
cases = []
for n1, n2, shift in [(5, 7, 0.5), (30, 12, 0.0), (200, 80, 0.3), (60, 60, 1.2)]:
    x = np.round(rng.normal(shift, 1, n1), 1 if n1 < 50 else 3)
    y = np.round(rng.normal(0, 1, n2), 1 if n2 < 50 else 3)
    mw = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    ks = stats.ks_2samp(x, y, method="asymp")
    labels = np.r_[np.ones(n1, bool), np.zeros(n2, bool)]
    scores = np.r_[x, y]
    cases.append({
        "x": x.tolist(), "y": y.tolist(),
        "mw_u": float(mw.statistic), "mw_p": float(mw.pvalue),
        "ks_d": float(ks.statistic),
        # scipy's ks_2samp(method="asymp") now uses kstwo.sf(D, round(en)); rvlab uses the
        # Kolmogorov limit law, i.e. kstwobign.sf(sqrt(en) * D), the classical asymptotic p
        "ks_p": float(stats.kstwobign.sf(np.sqrt(n1 * n2 / (n1 + n2)) * ks.statistic)),
        "ks_p_scipy_asymp": float(ks.pvalue),
        "auc": float(roc_auc_score(labels, scores)),
    })
p = [0.001, 0.04, 0.03, 0.2, 0.0125, 0.5, 0.049, 0.9]
normal = {str(z): [float(stats.norm.cdf(z)), float(stats.norm.sf(z))] for z in [-8, -3.3, -1.96, -0.5, 0, 0.3, 0.49, 0.51, 1.5, 2.5, 3.99, 4.01, 6, 9.5]}
kolmogorov = {str(t): float(stats.kstwobign.sf(t)) for t in [0.1, 0.19, 0.21, 0.5, 0.8, 1.0, 1.36, 2.0, 3.0]}
out = {
    "made_with": {"python": sys.version.split()[0], "scipy": scipy.__version__, "sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__},
    "cases": cases,
    "adjust": {"p": p, "holm": multipletests(p, method="holm")[1].tolist(), "fdr_bh": multipletests(p, method="fdr_bh")[1].tolist()},
    "normal": normal,
    "kolmogorov_sf": kolmogorov,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "backtest", "stats.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
json.dump(out, open(path, "w"), indent=1)
print("wrote", os.path.normpath(path))
