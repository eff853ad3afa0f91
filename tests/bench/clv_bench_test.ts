import assert from "node:assert/strict";
import { clvBenchTable, runClvBench } from "../../bench/clv.ts";

Deno.test("runClvBench() times rvlab and scipy on the same file, and they reach the same maximum", async () => {
  const rows = await runClvBench([2_000]);
  assert.deepEqual(rows.map((r) => `${r.tool} ${r.model}`), [
    "rvlab bgnbd",
    "scipy bgnbd",
    "rvlab pareto_nbd",
  ]);
  const [a, b, pareto] = rows;
  assert.ok(Number.isFinite(pareto.logLikelihood) && pareto.fit_seconds > 0);
  assert.ok(Math.abs(a.logLikelihood - b.logLikelihood) < 1e-6 * Math.abs(b.logLikelihood));
  assert.ok(Math.abs(a.r - b.r) < 1e-3, `${a.r} vs ${b.r}`);
  assert.ok(a.peak_mb > 0 && b.peak_mb > 0);
  assert.match(clvBenchTable(rows), /^\| rvlab \| bgnbd \| 2,000 \|/m);
});
