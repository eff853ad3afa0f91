import assert from "node:assert/strict";
import { fitTfidf, stemTerms, tfidfRows } from "../../src/themes/learn/features.ts";
import { fitLogistic, logisticProbabilities } from "../../src/themes/learn/logistic.ts";

const fx = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/themes/learn_logistic.json", import.meta.url)),
);
const docs: string[][] = fx.docs.map((d: string[]) => stemTerms(d));

Deno.test("fitTfidf() and tfidfRows() match sklearn's TfidfVectorizer (1-2 grams, sublinear tf)", () => {
  const vocab = fitTfidf(docs, fx.min_df);
  assert.deepEqual(vocab.terms, fx.terms);
  vocab.idf.forEach((v, j) => assert.ok(Math.abs(v - fx.idf[j]) < 1e-12, vocab.terms[j]));
  const X = tfidfRows(vocab, docs);
  assert.equal(X.idx.length, fx.tfidf.length);
  for (const [i, j, v] of fx.tfidf as [number, number, number][]) {
    const k = [...X.idx.subarray(X.ptr[i], X.ptr[i + 1])].indexOf(j);
    assert.ok(k >= 0, `row ${i} lacks column ${j}`);
    assert.ok(Math.abs(X.val[X.ptr[i] + k] - v) < 1e-12);
  }
});

Deno.test("fitLogistic() matches sklearn's LogisticRegression coefficients and probabilities (lbfgs and newton-cg)", () => {
  const X = tfidfRows(fitTfidf(docs, fx.min_df), docs);
  assert.ok(fx.fits.length >= 6);
  for (const f of fx.fits) {
    const m = fitLogistic(X, fx.y, { C: f.C, tol: 1e-10 });
    assert.ok(m.converged, `C=${f.C} did not converge`);
    // the objective is 1-strongly convex in w: |Δw| is bounded by sklearn's own gradient left
    const tol = Math.max(1e-7, 2 * f.max_abs_gradient);
    let worst = 0;
    m.coef.forEach((c, j) => (worst = Math.max(worst, Math.abs(c - f.coef[j]))));
    assert.ok(worst < tol, `C=${f.C} ${f.solver}: coef off by ${worst} (tol ${tol})`);
    assert.ok(Math.abs(m.intercept - f.intercept) < 10 * tol);
    logisticProbabilities(m, X).forEach((p, i) => assert.ok(Math.abs(p - f.proba[i]) < 10 * tol));
  }
});

Deno.test("fitLogistic() from a warm start reaches the same optimum", () => {
  const X = tfidfRows(fitTfidf(docs, fx.min_df), docs);
  const cold = fitLogistic(X, fx.y, { C: 10, tol: 1e-10 });
  const warm = fitLogistic(X, fx.y, { C: 10, tol: 1e-10, init: fitLogistic(X, fx.y, { C: 0.5 }) });
  cold.coef.forEach((c, j) => assert.ok(Math.abs(c - warm.coef[j]) < 1e-7));
});
