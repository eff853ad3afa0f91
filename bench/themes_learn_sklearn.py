#!/usr/bin/env python3
"""The sklearn reference of bench/themes_learn.ts: the same answers, split and features (the
answers' stems from rvlab's tokenizer, joined by spaces; TfidfVectorizer word 1-2 grams,
sublinear tf, min_df=2) and one LogisticRegression(C=1, solver="lbfgs") per theme (sklearn's
defaults), decided two ways: p >= 0.5 per theme, and top-1 (each answer gets its most probable
theme, as the issue's reference did). Run with Debian's /usr/bin/python3:
    /usr/bin/python3 bench/themes_learn_sklearn.py SPLIT.json OUT.json"""
import json, sys, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

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
thr = {i: [themes[k] for k in np.flatnonzero(P[j] >= 0.5)] for j, i in enumerate(test)}
top1 = {i: [themes[int(np.argmax(P[j]))]] for j, i in enumerate(test)}
json.dump({"threshold_0_5": thr, "top1": top1, "seconds": seconds, "terms": len(vec.vocabulary_)},
          open(sys.argv[2], "w"))
