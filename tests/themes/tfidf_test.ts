import assert from "node:assert/strict";
import { projectPath } from "../../src/io/paths.ts";
import { cosine, inverseDocumentFrequency, tfidfVector } from "../../src/themes/tfidf.ts";

const FIX = JSON.parse(
  await Deno.readTextFile(projectPath("tests", "fixtures", "themes", "tfidf.json")),
) as {
  docs: string[][];
  idf: Record<string, number>;
  vectors: Record<string, number>[];
  cosine: number[][];
};

Deno.test("tfidfVector() matches sklearn's TfidfVectorizer (smoothed idf, l2 norm)", () => {
  const idf = inverseDocumentFrequency(FIX.docs);
  assert.equal(idf.size, Object.keys(FIX.idf).length);
  for (const [t, w] of Object.entries(FIX.idf)) assert.ok(Math.abs(idf.get(t)! - w) < 1e-12, t);
  const vecs = FIX.docs.map((d) => tfidfVector(d, idf));
  vecs.forEach((v, i) => {
    assert.deepEqual([...v.keys()].sort(), Object.keys(FIX.vectors[i]).sort(), `doc ${i}`);
    for (const [t, w] of Object.entries(FIX.vectors[i])) {
      assert.ok(Math.abs(v.get(t)! - w) < 1e-12, `doc ${i} ${t}`);
    }
  });
  for (let i = 0; i < vecs.length; i++) {
    for (let j = 0; j < vecs.length; j++) {
      assert.ok(Math.abs(cosine(vecs[i], vecs[j]) - FIX.cosine[i][j]) < 1e-12, `${i},${j}`);
    }
  }
});

Deno.test("tfidfVector() leaves out terms without an idf and keeps an empty vector empty", () => {
  const idf = inverseDocumentFrequency([["a"], ["a", "b"]]);
  assert.deepEqual([...tfidfVector(["c", "a"], idf)], [["a", 1]]);
  assert.equal(tfidfVector([], idf).size, 0);
  assert.equal(cosine(new Map(), tfidfVector(["a"], idf)), 0);
});
