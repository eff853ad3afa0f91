#!/usr/bin/env python3
"""Reference values for rvlab's learned theme coder (src/themes/learn/): sklearn's TfidfVectorizer
(word 1-2 grams of given tokens, sublinear tf, smoothed idf, l2 rows, min_df=2) and
LogisticRegression(C, solver="lbfgs" and "newton-cg", L2, intercept) coefficients and probabilities on a small
seeded corpus where some words raise the label's odds. Run with /usr/bin/python3; writes
tests/fixtures/themes/learn_logistic.json (then `deno fmt` it)."""
import json, os
import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(20261203)
words = ["staff", "rude", "kind", "wait", "long", "food", "cold", "clean", "ward", "nurs",
         "doctor", "park", "car", "time", "help", "good", "bad", "care", "bed", "noise"]
docs = []
for _ in range(80):
    n = int(rng.integers(2, 9))
    docs.append([words[int(i)] for i in rng.integers(0, len(words), n)])
score = np.array([1.5 * ("rude" in d) + 1.0 * ("wait" in d and "long" in d) - 1.0 * ("kind" in d)
                  + rng.normal(0, 0.7) - 0.4 for d in docs])
y = (score > 0).astype(int)
vec = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                      ngram_range=(1, 2), sublinear_tf=True, min_df=2)
X = vec.fit_transform([" ".join(d) for d in docs])
terms = vec.get_feature_names_out().tolist()
Xc = X.tocoo()
fits = []
for C in [0.5, 2.0, 10.0]:
    # lbfgs stops on scipy's relative objective change (ftol = 64 eps) before its gradient is
    # tiny; newton-cg, run to tol 1e-12, is the optimum of the same objective to ~1e-10
    for solver in ["lbfgs", "newton-cg"]:
        m = LogisticRegression(C=C, solver=solver, tol=1e-12, max_iter=100000).fit(X, y)
        w, b = m.coef_[0], float(m.intercept_[0])
        p = m.predict_proba(X)[:, 1]
        grad = np.concatenate([w + C * (X.T @ (p - y)), [C * (p - y).sum()]])
        fits.append({"C": C, "solver": solver, "coef": w.tolist(), "intercept": b,
                     "proba": p.tolist(), "max_abs_gradient": float(np.abs(grad).max())})
out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "themes",
                   "learn_logistic.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "min_df": 2, "docs": docs, "y": y.tolist(),
               "terms": terms, "idf": vec.idf_.tolist(),
               "tfidf": [[int(i), int(j), float(v)] for i, j, v in zip(Xc.row, Xc.col, Xc.data)],
               "fits": fits}, f, indent=1)
print(f"{len(docs)} docs, {len(terms)} terms, {int(y.sum())} positives -> {out}")
