import assert from "node:assert/strict";
import {
  binaryAlpha,
  bootstrapAlpha,
  cohenKappa,
  krippendorffAlphaNominal,
  overallAgreement,
  percentAgreement,
  themeAgreement,
} from "../../src/themes/agreement.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} != ${b} (tol ${tol})`);

Deno.test("cohenKappa() matches sklearn's cohen_kappa_score on the oracle fixtures", async () => {
  const fx = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/themes/kappa.json", import.meta.url)),
  );
  assert.ok(fx.cases.length >= 5);
  for (const c of fx.cases) close(cohenKappa(c.a, c.b), c.kappa, 1e-12);
});

Deno.test("cohenKappa() and percentAgreement() on hand-computed cases", () => {
  // po = 3/4, pe = (2/4)(1/4) + (2/4)(3/4) = 0.5 → kappa 0.5
  close(cohenKappa([1, 1, 0, 0], [1, 0, 0, 0]), 0.5);
  close(percentAgreement([1, 1, 0, 0], [1, 0, 0, 0]), 0.75);
  // perfect disagreement on balanced binary data: po = 0, pe = 0.5 → -1
  close(cohenKappa([1, 0, 1, 0], [0, 1, 0, 1]), -1);
  // one category used throughout by both: undefined
  assert.ok(Number.isNaN(cohenKappa([0, 0, 0], [0, 0, 0])));
  // missing values are skipped
  close(percentAgreement([1, null, 0], [1, 1, 1]), 0.5);
});

Deno.test("krippendorffAlphaNominal() gives 0.743 on Krippendorff's (2011) published example", () => {
  // "Computing Krippendorff's Alpha-Reliability" (2011), nominal data, 4 observers, 12 units,
  // missing values; the paper reports alpha = 0.743.
  const N = null;
  const data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
  ];
  const alpha = krippendorffAlphaNominal(data);
  assert.equal(alpha.toFixed(3), "0.743");
  // exact value from the paper's coincidence matrix: n = 40 pairable values, Σ_c o_cc = 32,
  // marginals n_c = 9, 13, 10, 5, 3: alpha = ((n−1) Σ o_cc − Σ n_c(n_c−1)) / (n(n−1) − Σ n_c(n_c−1))
  const e = 9 * 8 + 13 * 12 + 10 * 9 + 5 * 4 + 3 * 2;
  close(alpha, (39 * 32 - e) / (40 * 39 - e));
});

Deno.test("krippendorffAlphaNominal() on hand-computed small cases", () => {
  // units (1,1), (2,2), (1,2); unit 4 has one value and drops out:
  // n = 6, D_o = 2, D_e = (36 − 9 − 9)/5 = 3.6 → alpha = 1 − 2/3.6
  close(krippendorffAlphaNominal([[1, 2, 1, null], [1, 2, 2, 1]]), 1 - 2 / 3.6);
  close(krippendorffAlphaNominal([["a", "b", "a"], ["a", "b", "a"]]), 1);
  assert.ok(Number.isNaN(krippendorffAlphaNominal([[1, 1], [1, 1]])));
  // binaryAlpha from counts equals the general formula
  close(binaryAlpha(1, 1, 1), krippendorffAlphaNominal([[0, 1, 1], [0, 1, 0]]));
  close(
    binaryAlpha(40, 7, 3),
    krippendorffAlphaNominal([
      [...Array(40).fill(0), ...Array(7).fill(1), 1, 1, 0],
      [...Array(40).fill(0), ...Array(7).fill(1), 0, 0, 1],
    ]),
  );
});

Deno.test("bootstrapAlpha() is seeded and its interval holds the estimate", () => {
  const a = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1];
  const b = [1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1];
  const x = bootstrapAlpha([a, b], { resamples: 500, seed: 3 });
  const y = bootstrapAlpha([a, b], { resamples: 500, seed: 3 });
  assert.deepEqual(x, y);
  assert.ok(x.low <= x.estimate && x.estimate <= x.high, JSON.stringify(x));
  assert.ok(x.high - x.low > 0.05);
  const z = bootstrapAlpha([a, b], { resamples: 500, seed: 4 });
  assert.notDeepEqual(x.low, z.low);
});

Deno.test("themeAgreement() and overallAgreement() count per theme and pool", () => {
  const ids = ["a1", "a2", "a3", "a4"];
  const auto = new Map([["a1", new Set(["t"])], ["a2", new Set(["t", "u"])]]);
  const human = new Map([["a1", new Set(["t"])], ["a3", new Set(["t"])]]);
  const [t, u] = themeAgreement(ids, ["t", "u"], auto, human);
  assert.deepEqual([t.n_a, t.n_b, t.n_both], [2, 2, 1]);
  close(t.precision, 0.5);
  close(t.recall, 0.5);
  close(t.kappa, cohenKappa([1, 1, 0, 0], [1, 0, 1, 0]));
  assert.ok(Number.isNaN(u.recall));
  const o = overallAgreement(ids, ["t", "u"], auto, human, { resamples: 50 });
  close(o.micro_precision, 1 / 3);
  close(o.micro_recall, 1 / 2);
  close(o.percent_agreement, 5 / 8);
  close(
    o.alpha.estimate,
    krippendorffAlphaNominal([[1, 0, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0]]),
  );
});

Deno.test("overallAgreement() micro and macro F1 and themeAgreement() confusion match sklearn", async () => {
  const fx = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/themes/f1.json", import.meta.url)),
  );
  assert.ok(fx.cases.length >= 4);
  for (const c of fx.cases) {
    const ids: string[] = c.auto.map((_: number[], i: number) => `a${i}`);
    const themes: string[] = c.auto[0].map((_: number, j: number) => `t${j}`);
    const toCodes = (m: number[][]) =>
      new Map(ids.map((id, i) => [id, new Set(themes.filter((_, j) => m[i][j] === 1))]));
    const auto = toCodes(c.auto);
    const human = toCodes(c.human);
    const o = overallAgreement(ids, themes, auto, human, { resamples: 10, seed: 1 });
    close(o.micro_f1, c.micro_f1, 1e-12);
    close(o.macro_f1, c.macro_f1, 1e-12);
    assert.equal(o.macro_themes, c.macro_themes);
    const per = themeAgreement(ids, themes, auto, human);
    per.forEach((p, j) => {
      const want = c.confusion[j];
      assert.deepEqual({ tp: p.tp, fp: p.fp, fn: p.fn, tn: p.tn }, want);
    });
  }
});

Deno.test("overallAgreement() macro F1 weighs a rare theme as much as a frequent one", () => {
  // frequent theme perfect (10 answers), rare theme missed (1 answer): micro high, macro 0.5
  const ids = Array.from({ length: 20 }, (_, i) => `a${i}`);
  const human = new Map(ids.map((id, i) => [id, new Set(i < 10 ? ["f"] : i === 10 ? ["r"] : [])]));
  const auto = new Map(ids.map((id, i) => [id, new Set(i < 10 ? ["f"] : [])]));
  const o = overallAgreement(ids, ["f", "r"], auto, human, { resamples: 10 });
  close(o.micro_f1, 20 / 21);
  close(o.macro_f1, 0.5);
});
