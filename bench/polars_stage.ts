/**
 * The polars peer of the bench, in its own process: nodejs-polars 0.25.2 under Deno (its
 * newer versions do not resolve here; pinned in deno.json, so `scripts/setup.sh` caches it).
 * The same job as `bench/pandas_reference.py`, step for step: load (the job's columns, typed,
 * timestamps parsed), dense monthly RV with cumulative sums, the 12-month account window with
 * profit, customers and the whale curve. Threads: polars' `POLARS_MAX_THREADS` (the bench sets
 * 2, the machine's cores). Prints one JSON object like the rvlab stage's.
 * Usage: POLARS_MAX_THREADS=2 deno run -A bench/polars_stage.ts DATA_DIR
 */
import pl from "npm:nodejs-polars@0.25.2";
import { join } from "node:path";
import { stageLine, stopwatch } from "./timing.ts";
import { peakRssMb } from "./job.ts";

const [dir] = Deno.args;
const { seconds, cpu, time } = stopwatch();
const col = pl.col;
/** months since year 0 of a date or timestamp column: the month as one integer */
const monthIndex = (c: string) =>
  col(c).dt.year().mul(12).add(col(c).dt.month()).sub(1).cast(pl.Int64);

const { inter, ipf, fin } = await time("load", () => {
  const inter = pl.readCSV(join(dir, "interactions.csv"), {
    columns: [
      "interaction_id",
      "occurred_at",
      "account_id",
      "interaction_type",
      "quantity",
      "cost",
    ],
    dtypes: {
      interaction_id: pl.Utf8,
      occurred_at: pl.Utf8,
      account_id: pl.Utf8,
      interaction_type: pl.Utf8,
      quantity: pl.Float64,
      cost: pl.Float64,
    },
  }).withColumns(
    col("occurred_at").str.strptime(pl.Datetime("ms"), "%Y-%m-%dT%H:%M:%SZ"),
  );
  const ipf = pl.readCSV(join(dir, "ipf.csv"));
  const fin = pl.readCSV(join(dir, "financials.csv"), {
    dtypes: { account_id: pl.Utf8, period: pl.Utf8 },
  }).withColumns(
    pl.format("{}-01", col("period")).str.strptime(pl.Date, "%Y-%m-%d").alias("period"),
  );
  return Promise.resolve({ inter, ipf, fin });
});

const { x, rvRows } = await time("rv_monthly", () => {
  const x = inter.join(ipf.select("interaction_type", "rv", "variable_cost"), {
    on: "interaction_type",
  }).withColumns(col("quantity").fillNull(1)).withColumns(
    col("rv").mul(col("quantity")).alias("rv_q"),
    col("cost").fillNull(col("variable_cost").mul(col("quantity"))).alias("cost_q"),
    monthIndex("occurred_at").alias("month"),
  );
  const per = x.groupBy(["account_id", "month"]).agg(
    col("rv_q").sum().alias("rv"),
    col("rv_q").count().alias("interactions"),
    col("cost_q").sum().alias("cost"),
  );
  const last = Number(per.getColumn("month").max());
  const grid = per.groupBy("account_id").agg(col("month").min().alias("first"))
    .select(
      col("account_id"),
      pl.intRanges(col("first"), pl.lit(last + 1), 1, pl.Int64).alias("month"),
    ).explode("month");
  const dense = grid.join(per, { on: ["account_id", "month"], how: "left" })
    .withColumns(col("rv").fillNull(0), col("interactions").fillNull(0), col("cost").fillNull(0))
    .sort(["account_id", "month"])
    .withColumns(col("rv").cumSum().over("account_id").alias("rv_cumulative"));
  return Promise.resolve({ x, rvRows: dense.height });
});

const seg = await time("segments_whale", () => {
  const f = fin.withColumns(monthIndex("period").alias("month"));
  const end = Number(f.getColumn("month").max()) + 1, start = end - 12;
  const inWindow = col("month").gtEq(start).and(col("month").lt(end));
  const w = f.filter(inWindow).groupBy("account_id").agg(
    col("revenue").sum(),
    col("gross_profit").sum().alias("gp"),
    col("cost_to_serve").sum().alias("cts"),
  );
  const ic = x.filter(inWindow).groupBy("account_id").agg(
    col("cost_q").sum().alias("icost"),
    col("rv_q").sum().alias("rv"),
  );
  const cust = w.join(ic, { on: "account_id", how: "full", coalesce: true })
    .fillNull(0)
    .withColumns(col("gp").sub(col("cts")).sub(col("icost")).alias("profit"))
    .filter(col("revenue").gt(0))
    .sort("profit", true);
  const profit = cust.getColumn("profit");
  const peak = Number(profit.cumSum().max()) / Number(profit.sum());
  return Promise.resolve({ customers: cust.height, peak });
});

console.log(stageLine(seconds, cpu, {
  interactions: inter.height,
  rv_rows: rvRows,
  customers: seg.customers,
  whale_peak: seg.peak,
  polars: pl.version ?? null,
}, await peakRssMb()));
