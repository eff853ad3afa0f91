#!/usr/bin/env python3
"""Reference TF-IDF vectors and cosine similarities for src/themes/tfidf.ts from Debian's sklearn
(sklearn.feature_extraction.text.TfidfVectorizer with its defaults: raw counts, smooth_idf=True,
norm="l2", on pre-tokenised documents) on seeded random documents over a small vocabulary with a
Zipf-like word distribution, plus an empty document. Run with /usr/bin/python3; writes
tests/fixtures/themes/tfidf.json (then `deno fmt` it)."""
import json, os
import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

rng = np.random.default_rng(20261203)
vocab = [f"w{i}" for i in range(25)]
p = 1.0 / np.arange(1, len(vocab) + 1)
p /= p.sum()
docs = [list(rng.choice(vocab, size=int(rng.integers(1, 15)), p=p)) for _ in range(12)]
docs.append([])
vec = TfidfVectorizer(analyzer=lambda d: d)
X = vec.fit_transform(docs)
terms = vec.get_feature_names_out()
idf = {t: float(w) for t, w in zip(terms, vec.idf_)}
vectors = []
for i in range(X.shape[0]):
    row = X.getrow(i)
    vectors.append({terms[j]: float(v) for j, v in zip(row.indices, row.data)})
cos = (X @ X.T).toarray().tolist()
out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "themes", "tfidf.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "docs": docs, "idf": idf, "vectors": vectors,
               "cosine": cos}, f, indent=2)
    f.write("\n")
print(f"{len(docs)} documents -> {out}")
