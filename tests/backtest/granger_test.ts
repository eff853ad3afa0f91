/**
 * The panel Granger F-test and the F distribution against statsmodels / scipy
 * (fixture made by scripts/oracles/make_clv_fixtures.py).
 */
import assert from "node:assert/strict";
import { panelGranger } from "../../src/backtest/granger.ts";
import { fSf, incompleteBeta } from "../../src/stats/f_dist.ts";
import { mulberry32 } from "../../src/util/random.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/backtest/clv.json", import.meta.url)),
);

function rel(actual: number, expected: number, tol: number, what = "") {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= tol, `${what}: ${actual} vs ${expected} (relative error ${err})`);
}

Deno.test("fSf() agrees with scipy.stats.f.sf to 1e-10 relative", () => {
  for (const c of fixture.f_sf) {
    rel(fSf(c.f, c.d1, c.d2), c.sf, 1e-10, `F(${c.d1},${c.d2}) > ${c.f}`);
  }
  assert.equal(fSf(0, 2, 3), 1);
  rel(incompleteBeta(0.5, 2, 2), 0.5, 1e-14, "I_0.5(2,2)");
});

Deno.test("panelGranger() agrees with statsmodels OLS restricted vs unrestricted on the stacked panel to 1e-9", () => {
  for (const g of fixture.granger) {
    const r = panelGranger(fixture.granger_panel, g.lags)!;
    assert.equal(r.n, g.n);
    assert.equal(r.df_num, g.df_num);
    assert.equal(r.df_den, g.df_den);
    rel(r.ssr_unrestricted, g.ssr_unrestricted, 1e-9, `SSR_u lags ${g.lags}`);
    rel(r.ssr_restricted, g.ssr_restricted, 1e-9, `SSR_r lags ${g.lags}`);
    rel(r.f, g.f, 1e-9, `F lags ${g.lags}`);
    rel(r.p_value, g.p, 1e-9, `p lags ${g.lags}`);
  }
});

Deno.test("panelGranger() on one series equals statsmodels grangercausalitytests ssr_ftest", () => {
  const one = [fixture.granger_panel[fixture.granger_panel.length - 1]];
  for (const g of fixture.granger_single) {
    const r = panelGranger(one, g.lags)!;
    assert.equal(r.df_den, g.df_den);
    rel(r.f, g.f, 1e-9, `F lags ${g.lags}`);
    rel(r.p_value, g.p, 1e-9, `p lags ${g.lags}`);
  }
});

Deno.test("panelGranger() finds a planted lead, not a reversed one, and rejects degenerate input", () => {
  const rng = mulberry32(11);
  const series = Array.from({ length: 40 }, () => {
    const x = Array.from({ length: 24 }, () => rng.normal());
    const y = x.map((_, t) => (t >= 3 ? 0.5 * x[t - 3] : 0) + rng.normal());
    return { x, y };
  });
  const forward = panelGranger(series, 3)!;
  assert.ok(forward.p_value < 1e-6 && forward.x_coefficient_sum > 0, `p ${forward.p_value}`);
  const backward = panelGranger(series.map((s) => ({ x: s.y, y: s.x })), 3)!;
  assert.ok(backward.p_value > 0.01, `reverse p ${backward.p_value}`);
  assert.equal(panelGranger([{ x: [1, 2], y: [1, 2] }], 1), null);
  assert.equal(
    panelGranger([{ x: Array(20).fill(1), y: Array.from({ length: 20 }, () => rng.normal()) }], 2),
    null,
  );
});

Deno.test("gainByDecile() agrees with a numpy computation of cumulative gain and lift", async () => {
  const { gainByDecile } = await import("../../src/stats/roc.ts");
  for (const c of fixture.gain_by_decile) {
    const got = gainByDecile(c.scores, c.outcomes);
    assert.equal(got.length, 10);
    for (const [i, d] of c.deciles.entries()) {
      assert.equal(got[i].decile, d.decile);
      rel(got[i].gain, d.gain, 1e-14, `gain n=${c.scores.length} decile ${d.decile}`);
      rel(got[i].lift, d.lift, 1e-14, `lift n=${c.scores.length} decile ${d.decile}`);
    }
  }
});
