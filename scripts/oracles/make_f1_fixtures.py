#!/usr/bin/env python3
"""Reference values for rvlab's multi-label agreement figures: micro and macro F1 and the per-theme
confusion counts from Debian's sklearn (f1_score with average="micro"/"macro",
multilabel_confusion_matrix) on seeded random answer x theme indicator matrices. Macro F1 is taken
over the themes either coder used (labels=), as rvlab defines it. Run with /usr/bin/python3; writes
tests/fixtures/themes/f1.json."""
import json, os
import numpy as np
import sklearn
from sklearn.metrics import f1_score, multilabel_confusion_matrix

rng = np.random.default_rng(20261203)
cases = []
for n, k, p, agree in [(30, 4, 0.3, 0.8), (120, 7, 0.1, 0.6), (50, 5, 0.05, 0.5), (200, 3, 0.4, 0.9)]:
    human = (rng.random((n, k)) < p).astype(int)
    auto = np.where(rng.random((n, k)) < agree, human, (rng.random((n, k)) < p).astype(int))
    human[:, k - 1] = 0  # a theme nobody used: left out of macro F1
    auto[:, k - 1] = 0
    used = [j for j in range(k) if human[:, j].sum() + auto[:, j].sum() > 0]
    cm = multilabel_confusion_matrix(human, auto)
    cases.append({
        "auto": auto.tolist(),
        "human": human.tolist(),
        "micro_f1": float(f1_score(human, auto, average="micro")),
        "macro_f1": float(f1_score(human, auto, average="macro", labels=used)),
        "macro_themes": len(used),
        # sklearn's per-label [[tn, fp], [fn, tp]]
        "confusion": [{"tn": int(c[0][0]), "fp": int(c[0][1]), "fn": int(c[1][0]), "tp": int(c[1][1])} for c in cm],
    })
out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "themes", "f1.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f, indent=1)
print(f"{len(cases)} cases -> {out}")
