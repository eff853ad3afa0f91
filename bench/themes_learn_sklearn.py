#!/usr/bin/env python3
"""The sklearn reference of bench/themes_learn.ts: the same answers, split and features (the
answers' stems from rvlab's tokenizer, joined by spaces; TfidfVectorizer word 1-2 grams,
sublinear tf, min_df=2) and one LogisticRegression(C=1, solver="lbfgs") per theme (sklearn's
defaults), decided two ways: p >= 0.5 per theme, and top-1 (each answer gets its most probable
theme, as the issue's reference did); and "tuned", sklearn tuned as rvlab tunes its model (C from
{0.5, 2, 8, 32} per theme by 5-fold out-of-fold log-loss, one global threshold by out-of-fold
micro-F1 on the grid 0.02 ... 0.90; themes with < 5 positives C = 1, threshold 0.5), a check that the
TypeScript model's gain is the tuning, not the solver. Run with Debian's /usr/bin/python3:
    /usr/bin/python3 bench/themes_learn_sklearn.py SPLIT.json OUT.json"""
import json, sys, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict

split = json.load(open(sys.argv[1]))
docs, labels, themes = split["docs"], split["labels"], split["themes"]
train, test = split["train"], split["test"]
t0 = time.perf_counter()
vec = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                      ngram_range=(1, 2), sublinear_tf=True, min_df=2)
Xtr = vec.fit_transform([docs[i] for i in train])
Xte = vec.transform([docs[i] for i in test])
P = np.zeros((len(test), len(themes)))
for k, t in enumerate(themes):
    y = np.array([1 if t in labels.get(i, []) else 0 for i in train])
    if y.sum() == 0:
        continue
    P[:, k] = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(Xtr, y).predict_proba(Xte)[:, 1]
seconds = time.perf_counter() - t0

# tuned like rvlab: C per theme by out-of-fold log-loss, one global threshold by OOF micro-F1
t1 = time.perf_counter()
Cs = [0.5, 2.0, 8.0, 32.0]
folds = KFold(5, shuffle=True, random_state=20261203)
Y = np.array([[1 if t in labels.get(i, []) else 0 for t in themes] for i in train])
OOF = np.full(Y.shape, np.nan)
PT = np.zeros((len(test), len(themes)))
fixed = np.full(len(themes), np.nan)
for k in range(len(themes)):
    y = Y[:, k]
    if y.sum() == 0:
        continue
    if y.sum() < 5:
        fixed[k] = 0.5
        PT[:, k] = LogisticRegression(C=1.0, max_iter=1000).fit(Xtr, y).predict_proba(Xte)[:, 1]
        continue
    best = None
    for C in Cs:
        oof = cross_val_predict(LogisticRegression(C=C, max_iter=1000), Xtr, y, cv=folds,
                                method="predict_proba")[:, 1]
        q = np.clip(oof, 1e-15, 1 - 1e-15)
        loss = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
        if best is None or loss < best[0]:
            best = (loss, C, oof)
    OOF[:, k] = best[2]
    PT[:, k] = LogisticRegression(C=best[1], max_iter=1000).fit(Xtr, y).predict_proba(Xte)[:, 1]
cv = ~np.isnan(OOF[0])
def micro(th):
    pred = OOF[:, cv] >= th
    tp = (pred & (Y[:, cv] == 1)).sum()
    return 2 * tp / (pred.sum() + Y[:, cv].sum())
grid = [round(g, 2) for g in np.arange(0.02, 0.9001, 0.02)]
g = max(grid, key=micro)
th = np.where(np.isnan(fixed), g, fixed)
tuned = {i: [themes[k] for k in range(len(themes)) if PT[j, k] >= th[k] and Y[:, k].sum() > 0]
         for j, i in enumerate(test)}
tuned_seconds = time.perf_counter() - t1
thr = {i: [themes[k] for k in np.flatnonzero(P[j] >= 0.5)] for j, i in enumerate(test)}
top1 = {i: [themes[int(np.argmax(P[j]))]] for j, i in enumerate(test)}
json.dump({"threshold_0_5": thr, "top1": top1, "seconds": seconds, "terms": len(vec.vocabulary_),
           "tuned": tuned, "tuned_seconds": tuned_seconds, "tuned_threshold": g},
          open(sys.argv[2], "w"))
