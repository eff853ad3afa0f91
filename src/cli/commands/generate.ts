/**
 * `rvlab generate --out DIR`: a seeded synthetic B2B world in the canonical model.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { enumOption, intOption, requireString } from "../command.ts";
import { generateWorld } from "../../generate/world.ts";
import { loadTable } from "../../io/load.ts";
import { DEFAULT_IPF } from "../../ipf/adapters.ts";
import type { IpfEntry } from "../../io/schema.ts";

export const generate: Command = {
  name: "generate",
  summary: "write a seeded SYNTHETIC B2B world (planted or no RV effect)",
  help: `Usage: deno task rvlab generate --out DIR [--accounts N] [--months M] [--seed S]
                                [--effect planted|none] [--lag L] [--ipf FILE] [--json]

Writes a SYNTHETIC world in the canonical model (interactions, ipf, accounts, financials,
voc, README.md, manifest.json). With --effect planted (default) a latent relationship
health drives interactions now and share of wallet, revenue and profit L months later
(--lag, default 3); with --effect none interactions and money are independent.
Same seed, same bytes. --accounts 100000 gives about 10M interactions, streamed to disk.

Options:
  --out DIR        output data directory
  --accounts N     number of accounts (default 200)
  --months M       number of months (default 36)
  --seed S         random seed (default 1)
  --effect E       planted | none (default planted)
  --lag L          planted lead of interactions over money, months (default 3)
  --ipf FILE       IPF catalog to draw from (default data/ipf/b2b-default.csv)
  --json           print counts per table, the planted lag and paths only`,
  options: {
    out: { type: "string" },
    accounts: { type: "string" },
    months: { type: "string" },
    seed: { type: "string" },
    effect: { type: "string" },
    lag: { type: "string" },
    ipf: { type: "string" },
  },
  async run(ctx) {
    const out = requireString(ctx, "out");
    const lag = intOption(ctx, "lag", 3, 0);
    const accounts = intOption(ctx, "accounts", 200, 1);
    const months = intOption(ctx, "months", 36, lag + 2);
    const seed = intOption(ctx, "seed", 1, 0);
    const effect = enumOption(ctx, "effect", ["planted", "none"] as const, "planted");
    const ipf = await loadTable((ctx.values.ipf as string | undefined) ?? DEFAULT_IPF, "ipf");
    const t0 = performance.now();
    const r = await generateWorld(ipf.records as unknown as IpfEntry[], out, {
      accounts,
      months,
      seed,
      effect,
      lag,
      onProgress: (n) =>
        ctx.log(`  ${n.toLocaleString("en")} of ${accounts.toLocaleString("en")} accounts`),
    });
    const seconds = (performance.now() - t0) / 1000;
    ctx.print(`SYNTHETIC world (${effect}, lag ${lag} months, seed ${seed}) → ${out}`);
    for (const [k, v] of Object.entries(r.counts)) {
      ctx.print(`  ${k.padEnd(13)} ${v.toLocaleString("en").padStart(12)}`);
    }
    ctx.print(`  ${(r.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
    return { ...r, seconds: Math.round(seconds * 1000) / 1000 };
  },
};
