import assert from "node:assert/strict";
import { benchTable, runBench } from "../../bench/run.ts";
import { NO_POSTGRES } from "../support/postgres.ts";

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

Deno.test({
  name: "runBench() with the PostgreSQL stage agrees with DuckDB and measures bytes per row",
  ignore: NO_POSTGRES,
  fn: async () => {
    const cacheDir = await Deno.makeTempDir({ prefix: "rvlab-bench-pg-" });
    try {
      const [r] = await runBench({
        sizes: [{ label: "tiny", accounts: 200 }],
        cacheDir,
        postgres: true,
      });
      const g = r.postgres!;
      assert.equal(g.agrees_with_duckdb, true, "same RV rows, customers and whale peak");
      assert.ok(g.load_rows_per_second > 0 && g.write_rows_per_second > g.load_rows_per_second);
      for (const k of ["postgres", "duckdb", "parquet", "csv"]) {
        assert.ok(g.bytes_per_interaction[k] > 5, k);
      }
      // row storage with indexes is larger than the compressed column formats
      assert.ok(g.bytes_per_interaction.postgres > g.bytes_per_interaction.parquet);
      assert.match(benchTable([r]), /PostgreSQL/);
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
    }
  },
});
