import assert from "node:assert/strict";
import { driversInWords, DROP_Z, dropReason, rvDrops, rvScores } from "../../src/rv/at_risk.ts";
import type { RvRow } from "../../src/rv/rv_by_period.ts";
import type { ChangeDriver } from "../../src/rv/drivers.ts";
import { poissonRateZ } from "../../src/stats/poisson_rate_z.ts";
import { type SignedCount, signedCounts } from "../../src/rv/signed_counts.ts";
import { join } from "node:path";
import { generateWorld } from "../../src/generate/world.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { rvByPeriod } from "../../src/rv/rv_by_period.ts";
import { loadTable } from "../../src/engine/records.ts";
import type { IpfEntry } from "../../src/io/schema.ts";

const period = (i: number) => new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 10);
/** An account's months: RV rows and signed counts from (positive, negative) per month. */
const account = (id: string, months: [number, number][], start = 0) => {
  const rows: RvRow[] = months.map(([p, n], i) => ({
    id,
    account_id: id,
    period: period(start + i),
    rv: 2 * p - n,
    rv_cumulative: 0,
    rv_decayed: null,
    interactions: p + n,
    cost: 1,
    rv_per_cost: null,
  }));
  const counts: SignedCount[] = months.map(([positive, negative], i) => ({
    id,
    period: period(start + i),
    positive,
    negative,
  }));
  return { rows, counts };
};
const merge = (...as: { rows: RvRow[]; counts: SignedCount[] }[]) => ({
  rows: as.flatMap((a) => a.rows),
  counts: as.flatMap((a) => a.counts),
});
const repeat = (m: [number, number][], times: number) =>
  Array.from({ length: times }, () => m).flat();

Deno.test("rvDrops() flags an account whose value-adding interactions thin out and complaints pile up, not a small account that stays small", () => {
  const data = merge(
    // a large account that keeps its pace
    account("big", repeat([[9, 1], [11, 0], [10, 2]], 7).slice(0, 20)),
    // a small account at its usual pace: few interactions are its pattern, not a drop
    account("small", repeat([[1, 0], [0, 0], [1, 1], [0, 0]], 5)),
    // a mid account that collapses in the last 4 months: 3 → 0 positive, 0.5 → 3 negative
    account("falls", [...repeat([[3, 0], [3, 1]], 8), [0, 3], [1, 3], [0, 4], [0, 2]]),
    // too short a history to judge
    account("new", [...repeat([[3, 0]], 6), ...repeat([[0, 4]], 4)], 10),
    // stopped before the last period: not scored
    account("gone", repeat([[3, 0]], 15)),
  );
  const scores = rvScores(data.rows, data.counts);
  assert.deepEqual(scores.map((d) => d.id).sort(), ["big", "falls", "small"]);
  const drops = rvDrops(data.rows, data.counts);
  assert.deepEqual(drops.map((d) => d.id), ["falls"]);
  const d = drops[0];
  assert.deepEqual([d.from, d.to, d.recent_months, d.history_months], [
    period(16),
    period(19),
    4,
    16,
  ]);
  assert.deepEqual(
    [d.history_positive, d.recent_positive, d.history_negative, d.recent_negative],
    [3, 0.25, 0.5, 3],
  );
  assert.equal(d.z_positive, poissonRateZ(1, 4, 48, 16));
  assert.equal(d.z_negative, poissonRateZ(12, 4, 8, 16));
  assert.equal(d.z, (d.z_positive - d.z_negative) / Math.SQRT2);
  assert.ok(d.z < -DROP_Z && d.recent_mean < d.history_mean);
  assert.ok(Math.abs(scores.find((s) => s.id === "small")!.z) < 1);
});

Deno.test("rvDrops() does not flag a change of mix whose RV did not fall", () => {
  // fewer, larger positive interactions and a few more negative ones: RV per month rises
  const a = account("mix", [...repeat([[6, 0]], 16), ...repeat([[1, 1]], 4)]);
  a.rows.slice(-4).forEach((r) => (r.rv = 20));
  assert.ok(rvScores(a.rows, a.counts)[0].z < -DROP_Z);
  assert.deepEqual(rvDrops(a.rows, a.counts), []);
});

const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];

/** Accounts scored and flagged, and the planted collapses flagged, in synthetic worlds. */
async function flaggedIn(seeds: number[], effect: "planted" | "none") {
  let flagged = 0, scored = 0, collapses = 0, found = 0;
  for (const seed of seeds) {
    const dir = await Deno.makeTempDir({ prefix: "rvlab-drops-" });
    const engine = await openEngine();
    try {
      await generateWorld(ipf, dir, { accounts: 240, months: 30, seed, effect });
      await loadDataDirIntoEngine(engine, dir);
      const rows = await rvByPeriod(engine, { grain: "month" });
      const counts = await signedCounts(engine);
      const drops = rvDrops(rows, counts).map((d) => d.id);
      scored += rvScores(rows, counts).length;
      flagged += drops.length;
      const truth = JSON.parse(await Deno.readTextFile(join(dir, "truth.json")));
      const planted = new Set<string>(truth.collapse?.accounts ?? []);
      collapses += planted.size;
      found += drops.filter((id) => planted.has(id)).length;
    } finally {
      engine.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
  return { flagged, scored, collapses, found };
}

Deno.test("rvDrops() flags few accounts on worlds without planted collapses", async () => {
  const { flagged, scored } = await flaggedIn([101, 102, 103], "none");
  assert.ok(scored > 600, `scored ${scored}`);
  assert.ok(flagged / scored < 0.03, `${flagged} of ${scored} flagged`);
});

Deno.test("rvDrops() finds most planted collapses of a planted world", async () => {
  const { collapses, found, flagged } = await flaggedIn([101], "planted");
  assert.ok(collapses > 10 && found >= 0.8 * collapses, `${found} of ${collapses} collapses`);
  assert.ok(found >= 0.6 * flagged, `${found} of ${flagged} flagged are collapses`);
});

const driver = (
  t: string,
  label: string,
  before: number,
  recent: number,
  rv: number,
): ChangeDriver => ({
  interaction_type: t,
  label,
  stage: "retention",
  before_count: before,
  recent_count: recent,
  before_rv: before * rv,
  recent_rv: recent * rv,
  change: (recent - before) * rv,
});

Deno.test("driversInWords() names the types that lost RV, largest loss first, in words", () => {
  const words = driversInWords([
    driver("field_service_visit", "Field service visit", 6, 1, 2),
    driver("wrong_item_shipped", "Wrong item shipped", 0, 2, -7),
    driver("portal_login", "Logged in to the customer portal", 3, 9, 0.3),
  ]);
  assert.equal(
    words,
    "wrong item shipped 0 → 2 (RV −14.0), field service visit 6 → 1 (RV −10.0)",
  );
  assert.equal(
    driversInWords([driver("a", "A", 1, 3, 1)]),
    "no single interaction type explains it",
  );
  assert.ok(!words.includes("{"), "no JSON in the words");
});

Deno.test("dropReason() states the drop, its months, the interactions of each sign, its size in sd and the drivers", () => {
  const r = dropReason({
    id: "a",
    from: "2025-11-01",
    to: "2026-02-01",
    recent_months: 4,
    history_months: 20,
    history_mean: 14.2,
    recent_mean: 3.14,
    history_positive: 4.05,
    recent_positive: 1,
    history_negative: 0.5,
    recent_negative: 2.75,
    z_positive: -3,
    z_negative: 3.5,
    z: -4.6,
  }, [driver("wrong_item_shipped", "Wrong item shipped", 0, 2, -7)]);
  assert.equal(
    r,
    "RV fell to 3.1 a month in Nov 2025–Feb 2026 from 14.2 before: value-adding interactions 4.0 → 1.0 a month, value-destroying 0.5 → 2.8 (4.6 sd beyond its own pattern); wrong item shipped 0 → 2 (RV −14.0)",
  );
});
