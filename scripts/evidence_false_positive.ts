/**
 * False-positive rate (effect none) and power (effect planted) of the evidence analyses
 * over many seeded synthetic worlds. Not part of CI (minutes).
 *
 *   deno run -A scripts/evidence_false_positive.ts [WORLDS=100] [EFFECT=none|planted]
 *
 * Per world (200 accounts × 36 months, seeds 1..WORLDS, 200 resamples) it records:
 * - weights: the evidence-tuned out-of-time AUC CI lies above 0.5;
 * - weights_vs_expert: the tuned − expert AUC difference CI lies above 0;
 * - say_do: the AUC of RV for money growth after an NPS answer has a CI above 0.5;
 * - rv_beats_nps: the verdict "rv leads better";
 * - equity: the RV coefficient's CI excludes 0 (either side).
 * Prints one JSON line per world and a summary.
 */
import { generateWorld } from "../src/generate/world.ts";
import { loadTable } from "../src/engine/records.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";
import { evidenceWeights } from "../src/backtest/weights.ts";
import { relationshipEquity } from "../src/voc/equity.ts";
import { accountPanel } from "../src/backtest/panel.ts";
import { sayVsDo } from "../src/voc/say_vs_do.ts";

const worlds = Number(Deno.args[0] ?? 100);
const effect = (Deno.args[1] ?? "none") as "none" | "planted";
const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const flags = ["weights", "weights_vs_expert", "say_do", "rv_beats_nps", "equity"] as const;
const hits: Record<string, number> = Object.fromEntries(flags.map((f) => [f, 0]));
const t0 = performance.now();
for (let seed = 1; seed <= worlds; seed++) {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-fp-" });
  const engine = await openEngine();
  try {
    await generateWorld(ipf, dir, { accounts: 200, months: 36, seed, effect });
    await loadDataDirIntoEngine(engine, dir);
    const w = await evidenceWeights(engine, { seed, resamples: 200 });
    const panel = await accountPanel(engine);
    const s = sayVsDo(panel, { seed, resamples: 200 });
    const e = relationshipEquity(panel, { seed, resamples: 200 });
    const row = {
      seed,
      weights: w.evaluation.tuned.low > 0.5,
      weights_vs_expert: w.evaluation.difference.low > 0,
      say_do: s.leads.auc_do.low > 0.5,
      rv_beats_nps: s.leads.verdict === "rv leads better",
      equity: e.model.rv_coef.low > 0 || e.model.rv_coef.high < 0,
    };
    for (const f of flags) if (row[f]) hits[f]++;
    console.log(JSON.stringify(row));
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(JSON.stringify({
  effect,
  worlds,
  rate: Object.fromEntries(flags.map((f) => [f, hits[f] / worlds])),
  seconds: Math.round((performance.now() - t0) / 1000),
}));
