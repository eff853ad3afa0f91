#!/usr/bin/env python3
"""Reference values for rvlab's coder-agreement statistics: Cohen's kappa from Debian's sklearn
(sklearn.metrics.cohen_kappa_score) on seeded random label pairs (binary and 4-category, with
deliberate agreement). Run with /usr/bin/python3; writes tests/fixtures/themes/kappa.json."""
import json, os
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score

rng = np.random.default_rng(20261125)
cases = []
for n, k, agree in [(20, 2, 0.7), (60, 2, 0.9), (45, 4, 0.6), (200, 3, 0.5), (15, 2, 0.2)]:
    a = rng.integers(0, k, n)
    b = np.where(rng.random(n) < agree, a, rng.integers(0, k, n))
    cases.append({"a": a.tolist(), "b": b.tolist(), "kappa": float(cohen_kappa_score(a, b))})
out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "themes", "kappa.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f, indent=1)
print(f"{len(cases)} cases -> {out}")
