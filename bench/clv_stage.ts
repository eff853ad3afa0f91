/**
 * The bench's rvlab side of the customer-base fit: reads summaries (x,tx,T CSV) and fits
 * BG/NBD with its standard errors (`BGNBD.fit`, as `rvlab clv` does); prints JSON.
 *
 *   deno run --allow-read bench/clv_stage.ts summaries.csv
 *
 * @module
 */
import process from "node:process";
import { BGNBD } from "../src/backtest/clv/model.ts";

const text = await Deno.readTextFile(Deno.args[0]);
const rows = text.trim().split("\n").slice(1).map((l) => {
  const [x, tx, T] = l.split(",").map(Number);
  return { x, tx, T };
});
const t0 = performance.now(), c0 = process.cpuUsage();
const fit = BGNBD.fit(rows);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify({
  customers: rows.length,
  seconds,
  cpu_seconds: (cpu.user + cpu.system) / 1e6,
  params: fit.params,
  logLikelihood: fit.logLikelihood,
  ses: fit.estimates.map((e) => e.se),
}));
