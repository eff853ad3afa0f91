import assert from "node:assert/strict";
import { runBench } from "../../bench/run.ts";

Deno.test("runBench() computes the same results as the pandas reference (figures only, no timing asserted)", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "rvlab-bench-" });
  const [r] = await runBench({ sizes: [{ label: "tiny", accounts: 300 }], cacheDir });
  assert.equal(
    r.results_agree,
    true,
    "DuckDB and pandas agree on RV rows, customers and the whale peak",
  );
  assert.ok(r.interactions > 20_000);
  for (const k of ["load", "rv_monthly", "segments_whale"]) {
    assert.equal(typeof r.stages[k], "number");
  }
  for (
    const k of [
      "interactions",
      "seconds",
      "pandas_seconds",
      "ratio_vs_pandas",
      "peak_rss_mb",
    ] as const
  ) {
    assert.equal(typeof r[k], "number", k);
  }
  await Deno.remove(cacheDir, { recursive: true });
});
