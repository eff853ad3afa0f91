/**
 * `rvlab generate --out DIR`: a seeded synthetic B2B world in the canonical model.
 *
 * @module
 */
import type { Command, CommandContext } from "../command.ts";
import { withOutputDir } from "../../io/output_dir.ts";
import { VERSION } from "../version.ts";
import { enumOption, intOption, requireString } from "../command.ts";
import {
  COLLAPSE_DROP,
  COLLAPSE_MONTHS,
  COLLAPSE_SHARE,
  COMMUNITY_HEALTH_SHIFT,
  DRIVER_SOW_SHIFT,
  generateWorld,
  LOSS_MAKER_SHARE,
  PROSPECT_SHARE,
  TOP_REP_HEALTH_SHIFT,
} from "../../generate/world.ts";
import { type Effect, EFFECTS } from "../../generate/truth.ts";
import { UsageError } from "../../io/errors.ts";
import { loadTable } from "../../engine/records.ts";
import { DEFAULT_IPF } from "../../ipf/adapters.ts";
import type { IpfEntry } from "../../io/schema.ts";

/**
 * The effect switches of `--plant` and `--no-plant` (comma-separated effect names);
 * a name that is not an effect is a usage error naming the valid ones.
 *
 * Complexity: O(names).
 *
 * @example
 * ```ts
 * import { plantOverrides } from "./generate.ts";
 * plantOverrides("community", "lead,drivers"); // => { community: true, lead: false, drivers: false }
 * ```
 */
export function plantOverrides(
  plant: string | undefined,
  noPlant: string | undefined,
): Partial<Record<Effect, boolean>> {
  const out: Partial<Record<Effect, boolean>> = {};
  const names = (list: string | undefined, flag: string) =>
    (list ?? "").split(",").map((n) => n.trim()).filter((n) => n !== "").map((n) => {
      if (!(EFFECTS as readonly string[]).includes(n)) {
        throw new UsageError(
          `${flag} expects effect names from ${EFFECTS.join(", ")}, found "${n}"`,
        );
      }
      return n as Effect;
    });
  const on = names(plant, "--plant");
  const off = names(noPlant, "--no-plant");
  for (const e of on) {
    if (off.includes(e)) throw new UsageError(`effect "${e}" is in both --plant and --no-plant`);
    out[e] = true;
  }
  for (const e of off) out[e] = false;
  return out;
}

const EFFECT_CHOICES = ["planted", "none"] as const;

/** --plant and --no-plant together (checked before the command runs). */
function plantCheck(ctx: CommandContext): Partial<Record<Effect, boolean>> {
  return plantOverrides(
    ctx.values.plant as string | undefined,
    ctx.values["no-plant"] as string | undefined,
  );
}

export const generate: Command = {
  name: "generate",
  help: `Usage: deno task rvlab generate --out DIR [--force] [--accounts N] [--months M] [--seed S]
                                [--effect planted|none] [--plant LIST] [--no-plant LIST]
                                [--lag L] [--ipf FILE] [--json]

Writes a SYNTHETIC world in the canonical model (interactions, ipf, accounts, financials,
voc, README.md, manifest.json) and truth.json, the planted groups. A latent relationship
health h drives the interactions; --effect planted (default) plants all seven effects,
--effect none only the structure (prospects, loss_makers): a null world in which
interactions say nothing about money. --plant and --no-plant switch single effects on
or off on top of --effect. Same seed, same bytes. --accounts 100000 gives about 10M
interactions, streamed to disk.

Effects:
  lead         money follows health L months later (off: an independent process)
  prospects    ${
    PROSPECT_SHARE * 100
  } % of accounts: acquisition and closing interactions, never revenue
  loss_makers  ${
    LOSS_MAKER_SHARE * 100
  } % of customers buy, but cost to serve is 1.3-1.8 x gross profit
  community    members (about 30 %, in every world) get health +${COMMUNITY_HEALTH_SHIFT}
  top_reps     two of the 12 reps (from the seed) get health +${TOP_REP_HEALTH_SHIFT} on all their accounts
  collapse     ${
    COLLAPSE_SHARE * 100
  } % of customers: health of interactions ${COLLAPSE_DROP} in the last ${COLLAPSE_MONTHS} months
  drivers      3 positive-RV retention types; adopters (35 % each) have them about 0.6
               times a month more and share-of-wallet logit +${DRIVER_SOW_SHIFT} per type adopted

Options:
  --out DIR        output data directory (new, empty, or written by rvlab before: then
                   replaced whole)
  --force          replace a non-empty --out that rvlab did not write
  --accounts N     number of accounts (default 200)
  --months M       number of months (default 36)
  --seed S         random seed (default 1)
  --effect E       planted | none (default planted)
  --plant LIST     effects to switch on, comma-separated (e.g. community,top_reps)
  --no-plant LIST  effects to switch off, comma-separated (e.g. lead)
  --lag L          planted lead of interactions over money, months (default 3)
  --ipf FILE       IPF catalog to draw from (default data/ipf/b2b-default.csv)
  --json           print counts per table, the planted lag, the effects and paths only`,
  options: {
    out: { type: "string", path: "output-dir" },
    accounts: { type: "string", min: 1 },
    months: { type: "string", min: 2 },
    seed: { type: "string", min: 0 },
    effect: { type: "string", choices: EFFECT_CHOICES },
    plant: { type: "string", check: plantCheck },
    "no-plant": { type: "string", check: plantCheck },
    lag: { type: "string", min: 0 },
    ipf: { type: "string", path: "input" },
  },
  async run(ctx) {
    const out = requireString(ctx, "out");
    const lag = intOption(ctx, "lag", 3);
    const accounts = intOption(ctx, "accounts", 200);
    const months = intOption(ctx, "months", 36, lag + 2);
    const seed = intOption(ctx, "seed", 1);
    const effect = enumOption(ctx, "effect", EFFECT_CHOICES, "planted");
    const effects = plantCheck(ctx);
    const ipfFile = ctx.values.ipf as string | undefined;
    const ipf = await loadTable(ipfFile ?? DEFAULT_IPF, "ipf");
    const t0 = performance.now();
    const output = {
      command: "generate",
      version: VERSION,
      force: ctx.values.force === true,
      inputs: ipfFile ? [ipfFile] : [],
    };
    const r = await withOutputDir(
      out,
      output,
      (dir) =>
        generateWorld(ipf.records as unknown as IpfEntry[], dir, {
          accounts,
          months,
          seed,
          effect,
          effects,
          lag,
          onProgress: (n) =>
            ctx.log(`  ${n.toLocaleString("en")} of ${accounts.toLocaleString("en")} accounts`),
        }),
    );
    const seconds = (performance.now() - t0) / 1000;
    ctx.print(`SYNTHETIC world (${effect}, lag ${lag} months, seed ${seed}) → ${out}`);
    const on = EFFECTS.filter((e) => r.effects[e]);
    ctx.print(`  planted: ${on.length > 0 ? on.join(", ") : "nothing"} (truth in ${r.truth_file})`);
    for (const [k, v] of Object.entries(r.counts)) {
      ctx.print(`  ${k.padEnd(13)} ${v.toLocaleString("en").padStart(12)}`);
    }
    ctx.print(`  ${(r.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
    return { ...r, seconds: Math.round(seconds * 1000) / 1000 };
  },
};
