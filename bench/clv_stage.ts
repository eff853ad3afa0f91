/**
 * The bench's rvlab side of the customer-base fit: reads summaries (x,tx,T CSV) and fits
 * a count model (BG/NBD unless named: `bgnbd`, `pareto_nbd`, `mbgnbd`) with its standard
 * errors (`COUNT_MODELS[model].fit`, as `rvlab clv` does); prints JSON.
 *
 *   deno run --allow-read bench/clv_stage.ts summaries.csv [model]
 *
 * @module
 */
import process from "node:process";
import { COUNT_MODELS } from "../src/backtest/clv/model.ts";
import type { CountModelName } from "../src/backtest/clv/model.ts";

const model = COUNT_MODELS[(Deno.args[1] ?? "bgnbd") as CountModelName];
if (!model) throw new Error(`unknown model ${Deno.args[1]}`);

const text = await Deno.readTextFile(Deno.args[0]);
const rows = text.trim().split("\n").slice(1).map((l) => {
  const [x, tx, T] = l.split(",").map(Number);
  return { x, tx, T };
});
const t0 = performance.now(), c0 = process.cpuUsage();
const fit = model.fit(rows);
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
