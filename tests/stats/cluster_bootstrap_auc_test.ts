import assert from "node:assert/strict";
import { clusterBootstrapAuc } from "../../src/stats/cluster_bootstrap_auc.ts";
import { bestAucDifference } from "../../src/stats/best_auc_difference.ts";
import { pairedAucDifference } from "../../src/backtest/validate.ts";
import { clusterBootstrap, clusterIndices } from "../../src/stats/bootstrap.ts";
import { auc } from "../../src/stats/auc.ts";
import { mulberry32 } from "../../src/util/random.ts";

// the bootstrap as it was before the draw counts: every observation weighted by its own
// draws, the weighted rank-sum over the observations one by one
function weightedAucSortedBefore(
  order: readonly number[],
  scores: readonly number[],
  outcomes: readonly boolean[],
  weights: ArrayLike<number>,
): number {
  let negBelow = 0, u = 0, wPos = 0, wNeg = 0;
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    let tiePos = 0, tieNeg = 0;
    for (let m = k; m <= end; m++) {
      const i = order[m];
      if (outcomes[i]) tiePos += weights[i];
      else tieNeg += weights[i];
    }
    u += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    wPos += tiePos;
    wNeg += tieNeg;
    k = end + 1;
  }
  return wPos > 0 && wNeg > 0 ? u / (wPos * wNeg) : NaN;
}

function data(seed: number, n: number) {
  const rng = mulberry32(seed);
  const clusters: string[] = [], s: number[] = [], t: (number | null)[] = [], o: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const c = rng.int(n / 4);
    clusters.push(`acct-${c}`);
    o.push(rng.next() < 0.3 + 0.004 * c);
    s.push(Math.round(3 * rng.normal() + 0.02 * c)); // integer scores: many ties
    t.push(rng.next() < 0.1 ? null : Math.round(10 * rng.next()) / 2);
  }
  return { clusters, s, t, o };
}

Deno.test("clusterBootstrapAuc() gives the same draws as before", () => {
  const { clusters, s, o } = data(3, 800);
  const order = s.map((_, i) => i).sort((a, b) => s[a] - s[b]);
  const w = new Float64Array(s.length);
  const before = clusterBootstrap(clusterIndices(clusters), (sample) => {
    w.fill(0);
    for (const g of sample) for (const i of g) w[i]++;
    return weightedAucSortedBefore(order, s, o, w);
  }, { resamples: 300, seed: 5 });
  const now = clusterBootstrapAuc(s, o, clusters, { resamples: 300, seed: 5 });
  assert.equal(now.auc, auc(s, o));
  assert.deepEqual([now.low, now.high, now.se], [before.low, before.high, before.se]);
  assert.equal(now.resamples, before.resamples);
});

Deno.test("bestAucDifference() and pairedAucDifference() give the same draws as before", () => {
  const { clusters, s, t, o } = data(8, 600);
  const prep = (v: readonly (number | null)[]) => {
    const x = v.map((y) => y ?? NaN);
    return {
      x,
      order: x.map((_, i) => i).filter((i) => v[i] !== null).sort((a, b) => x[a] - x[b]),
    };
  };
  const a = [prep(s), prep(t)], b = [prep(s.map((x) => -x))];
  const w = new Float64Array(s.length);
  const before = clusterBootstrap(clusterIndices(clusters), (sample) => {
    w.fill(0);
    for (const g of sample) for (const i of g) w[i]++;
    const best = (ps: typeof a, f: (v: number) => number) =>
      Math.max(...ps.map((p) => f(weightedAucSortedBefore(p.order, p.x, o, w))));
    return best(a, (v) => v) - best(b, (v) => Math.max(v, 1 - v));
  }, { resamples: 200, seed: 2 });
  const now = bestAucDifference([s, t], [s.map((x) => -x)], o, clusters, {
    resamples: 200,
    seed: 2,
    bothWays: true,
  });
  assert.deepEqual([now.low, now.high], [before.low, before.high]);
  const paired = pairedAucDifference(s, s.map((x) => -x), o, clusters, { resamples: 200, seed: 2 });
  const pa = prep(s), pb = prep(s.map((x) => -x));
  const pairedBefore = clusterBootstrap(clusterIndices(clusters), (sample) => {
    w.fill(0);
    for (const g of sample) for (const i of g) w[i]++;
    return weightedAucSortedBefore(pa.order, pa.x, o, w) -
      weightedAucSortedBefore(pb.order, pb.x, o, w);
  }, { resamples: 200, seed: 2 });
  assert.deepEqual([paired.low, paired.high], [pairedBefore.low, pairedBefore.high]);
});

Deno.test("clusterBootstrapAucs() gives each predictor the draws clusterBootstrapAuc() gives it", async () => {
  const { clusterBootstrapAucs } = await import("../../src/stats/cluster_bootstrap_auc.ts");
  const { clusters, s, t, o } = data(11, 500);
  const u = t.map((x) => x ?? 0);
  const both = clusterBootstrapAucs([s, u], o, clusters, { resamples: 150, seed: 3 });
  assert.deepEqual(both, [
    clusterBootstrapAuc(s, o, clusters, { resamples: 150, seed: 3 }),
    clusterBootstrapAuc(u, o, clusters, { resamples: 150, seed: 3 }),
  ]);
});

Deno.test("resampledAucs() are the draws of the bootstrap: a predictor alone, or beside one with gaps, gets the same AUCs", async () => {
  const { aucFromResamples, resampledAucs } = await import(
    "../../src/stats/cluster_bootstrap_auc.ts"
  );
  const { clusters, s, t, o } = data(12, 400);
  const pair = resampledAucs([s, t], o, clusters, { resamples: 120, seed: 4 });
  const alone = resampledAucs([s], o, clusters, { resamples: 120, seed: 4 });
  assert.deepEqual(pair.aucs[0], alone.aucs[0]);
  assert.equal(pair.clusters, new Set(clusters).size);
  assert.deepEqual(
    aucFromResamples(auc(s, o), alone.aucs[0], alone.clusters),
    clusterBootstrapAuc(s, o, clusters, { resamples: 120, seed: 4 }),
  );
  // with gaps: the AUC of each resample over the observations where t is present
  const present = t.map((_, i) => i).filter((i) => t[i] !== null);
  const w = new Float64Array(s.length);
  const before = clusterBootstrap(clusterIndices(clusters), (sample) => {
    w.fill(0);
    for (const g of sample) for (const i of g) w[i]++;
    const x = t.map((v) => v ?? NaN);
    return weightedAucSortedBefore(present.sort((a, b) => x[a] - x[b]), x, o, w);
  }, { resamples: 120, seed: 4 });
  const finite = [...pair.aucs[1]].filter(Number.isFinite).sort((a, b) => a - b);
  assert.deepEqual(finite, before.draws);
});

Deno.test("bestAucDifferenceOfResamples() on resampledAucs() is bestAucDifference()", async () => {
  const { resampledAucs } = await import("../../src/stats/cluster_bootstrap_auc.ts");
  const { bestAucDifferenceOfResamples } = await import("../../src/stats/best_auc_difference.ts");
  const { clusters, s, t, o } = data(9, 500);
  const neg = s.map((x) => -x);
  const r = resampledAucs([s, t, neg], o, clusters, { resamples: 150, seed: 6 });
  const point = (v: readonly (number | null)[]) => {
    const i = v.map((_, k) => k).filter((k) => v[k] !== null);
    return auc(i.map((k) => v[k]!), i.map((k) => o[k]));
  };
  const of = bestAucDifferenceOfResamples(
    { points: [point(s), point(t)], draws: [r.aucs[0], r.aucs[1]] },
    { points: [point(neg)], draws: [r.aucs[2]] },
    { bothWays: true },
  );
  const direct = bestAucDifference([s, t], [neg], o, clusters, {
    resamples: 150,
    seed: 6,
    bothWays: true,
  });
  assert.deepEqual(of, direct);
  assert.equal(direct.b_reversed, true);
});
