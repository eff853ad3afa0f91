/** reproduceFhl2005(): the published figures beside a fit, matched at the printed precision. */
import assert from "node:assert/strict";
import { FHL2005, reproduceFhl2005 } from "../../src/backtest/clv/reproduce.ts";
import type { ClvResult } from "../../src/backtest/clv/analysis.ts";

/** A result whose BG/NBD and Gamma-Gamma fits are the given figures (the rest is not read). */
function resultWith(values: Record<string, number>, customers: number): ClvResult {
  const est = (names: string[]) =>
    names.map((name) => ({ name, value: values[name], se: 0.01, ci_low: 0, ci_high: 0 }));
  const fit = (names: string[]) => ({
    params: Object.fromEntries(names.map((n) => [n, values[n]])),
    estimates: est(names),
    customers,
    evaluations: 1,
    converged: true,
  });
  return {
    customers,
    fits: [{ ...fit(["r", "alpha", "a", "b"]), model: "bgnbd", logLikelihood: values.LL }],
    gamma_gamma: {
      ...fit(["p", "q", "gamma"]),
      model: "gamma_gamma",
      logLikelihood: -1,
      population_mean_spend: 1,
    },
  } as unknown as ClvResult;
}

const published = Object.fromEntries(FHL2005.map((f) => [f.name, f.value]));

Deno.test("reproduceFhl2005() matches figures that round to the published digits, and only those", () => {
  // within half a unit of the last printed digit: matches
  const near = Object.fromEntries(
    FHL2005.map((f) => [f.name, f.value + 0.4 * 10 ** -f.decimals]),
  );
  const a = reproduceFhl2005(resultWith(near, 2357));
  assert.equal(a.same_sample, true);
  assert.deepEqual(a.rows.map((x) => x.matches), FHL2005.map(() => true));
  assert.deepEqual(a.rows.map((x) => x.published), FHL2005.map((f) => f.value));
  assert.equal(a.rows[0].se, 0.01);
  assert.equal(a.rows.find((x) => x.name === "LL")!.se, null);
  // one unit of the last digit off in r only: r alone does not match
  const off = { ...published, r: published.r + 1e-4 };
  const b = reproduceFhl2005(resultWith(off, 23_570));
  assert.equal(b.same_sample, false);
  assert.deepEqual(
    b.rows.filter((x) => !x.matches).map((x) => x.name),
    ["r"],
  );
});

Deno.test("reproduceFhl2005() without a BG/NBD fit leaves rvlab's figures empty and unmatched", () => {
  const r = resultWith(published, 2357);
  r.fits = [];
  const rep = reproduceFhl2005(r);
  const bg = rep.rows.filter((x) => x.model === "bgnbd");
  assert.ok(bg.every((x) => x.rvlab === null && !x.matches));
  assert.ok(rep.rows.filter((x) => x.model === "gamma_gamma").every((x) => x.matches));
});
