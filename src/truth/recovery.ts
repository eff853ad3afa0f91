/**
 * Recovery and false-claim rates of rvlab's claims over seeded synthetic worlds:
 * planted worlds (every effect on) and null worlds (only the structure, `none`).
 *
 * @module
 */
import { join } from "node:path";
import { type Engine, openEngine } from "../engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../engine/load.ts";
import { generateWorld } from "../generate/world.ts";
import type { Truth } from "../generate/truth.ts";
import type { IpfEntry } from "../io/schema.ts";
import type { CheckOutcome, ClaimCheck, WorldCase } from "./claim.ts";

/** The size of the worlds the rates are measured on. */
export interface WorldSize {
  accounts: number;
  months: number;
}

/** Small worlds: enough for every claim's power, fast enough for the test suite. */
export const SMALL_WORLD: WorldSize = { accounts: 240, months: 30 };

/** Rates of one claim. */
export interface RecoveryRow {
  claim: string;
  effect: string;
  description: string;
  planted_worlds: number;
  recovered: number;
  null_worlds: number;
  /** null: not checked on null worlds */
  false_claims: number | null;
}

/** Options of {@linkcode recoveryRates}. */
export interface RecoveryOptions {
  /** seeds of planted worlds; default 20 */
  plantedSeeds?: number;
  /** seeds of null worlds; default 100 */
  nullSeeds?: number;
  size?: WorldSize;
  /** a folder for the worlds (each removed after use); default a temp folder */
  dir?: string;
  onWorld?: (done: number, total: number) => void;
  /** called with each outcome, e.g. to log details */
  onOutcome?: (claim: string, world: { seed: number; effect: string }, o: CheckOutcome) => void;
}

/**
 * Generates a world, loads it into a fresh engine and reads its truth.
 *
 * @example
 * ```ts
 * import { openWorld } from "./recovery.ts";
 * import { loadTable } from "../engine/records.ts";
 * import type { IpfEntry } from "../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const w = await openWorld(ipf, "out/truth-world", { seed: 3, effect: "none" });
 * w.truth.lead; // => null
 * w.engine.close();
 * ```
 */
export async function openWorld(
  ipf: IpfEntry[],
  dir: string,
  options: { seed: number; effect: "planted" | "none"; size?: WorldSize },
): Promise<WorldCase & { engine: Engine }> {
  const size = options.size ?? SMALL_WORLD;
  await generateWorld(ipf, dir, { ...size, seed: options.seed, effect: options.effect });
  const truth = JSON.parse(await Deno.readTextFile(join(dir, "truth.json"))) as Truth;
  const engine = await openEngine();
  await loadDataDirIntoEngine(engine, dir);
  return { dir, engine, truth, seed: options.seed, effect: options.effect };
}

/**
 * Runs every check on `plantedSeeds` planted and `nullSeeds` null worlds (seeds 1…n;
 * null worlds use seeds from 1001) and counts recoveries and false claims.
 *
 * Complexity: O(worlds × checks × analysis).
 *
 * @example
 * ```ts
 * import { recoveryRates } from "./recovery.ts";
 * import { CLAIMS } from "./claims.ts";
 * import { loadTable } from "../engine/records.ts";
 * import type { IpfEntry } from "../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const rows = await recoveryRates(ipf, CLAIMS, { plantedSeeds: 2, nullSeeds: 2 });
 * rows.map((r) => `${r.claim}: ${r.recovered}/${r.planted_worlds}`);
 * ```
 */
export async function recoveryRates(
  ipf: IpfEntry[],
  checks: readonly ClaimCheck[],
  options: RecoveryOptions = {},
): Promise<RecoveryRow[]> {
  const planted = options.plantedSeeds ?? 20, nulls = options.nullSeeds ?? 100;
  const root = options.dir ?? await Deno.makeTempDir({ prefix: "rvlab-truth-" });
  const rows = new Map<string, RecoveryRow>(checks.map((c) => [c.name, {
    claim: c.name,
    effect: c.effect,
    description: c.description,
    planted_worlds: planted,
    recovered: 0,
    null_worlds: c.nullCheck ? nulls : 0,
    false_claims: c.nullCheck ? 0 : null,
  }]));
  const worlds = [
    ...Array.from({ length: planted }, (_, i) => ({ seed: i + 1, effect: "planted" as const })),
    ...Array.from({ length: nulls }, (_, i) => ({ seed: 1001 + i, effect: "none" as const })),
  ];
  let done = 0;
  for (const w of worlds) {
    const todo = checks.filter((c) => w.effect === "planted" || c.nullCheck);
    if (todo.length) {
      const dir = join(root, `${w.effect}-${w.seed}`);
      const world = await openWorld(ipf, dir, { ...w, size: options.size });
      try {
        for (const c of todo) {
          const o = await c.check(world);
          options.onOutcome?.(c.name, w, o);
          const row = rows.get(c.name)!;
          if (w.effect === "planted" && o.recovered) row.recovered++;
          if (w.effect === "none" && o.claimed) row.false_claims!++;
        }
      } finally {
        world.engine.close();
        await Deno.remove(dir, { recursive: true });
      }
    }
    options.onWorld?.(++done, worlds.length);
  }
  if (!options.dir) await Deno.remove(root, { recursive: true });
  return [...rows.values()];
}
