import assert from "node:assert/strict";
import { driversInWords, DROP_Z, dropReason, rvDrops, rvScores } from "../../src/rv/at_risk.ts";
import type { RvRow } from "../../src/rv/rv_by_period.ts";
import type { ChangeDriver } from "../../src/rv/drivers.ts";
import { trendBreak } from "../../src/stats/trend_break.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { rvByPeriod } from "../../src/rv/rv_by_period.ts";
import { loadTable } from "../../src/io/load.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { mulberry32 } from "../../src/util/random.ts";

const period = (i: number) => new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 10);
const series = (id: string, values: number[], start = 0): RvRow[] =>
  values.map((rv, i) => ({
    id,
    account_id: id,
    period: period(start + i),
    rv,
    rv_cumulative: 0,
    rv_decayed: null,
    interactions: 1,
    cost: 1,
    rv_per_cost: null,
  }));

Deno.test("rvDrops() flags a fall against the account's own level, not a small account that stays small", () => {
  const rng = mulberry32(3);
  const noisy = (level: number, n: number) => Array.from({ length: n }, () => level + rng.normal());
  const rows = [
    // a large account that keeps its level
    ...series("big", noisy(40, 20)),
    // a small account at its usual level: low RV is its pattern, not a drop
    ...series("small", noisy(2, 20)),
    // a mid account whose RV collapses in the last 4 months
    ...series("falls", [...noisy(12, 16), ...noisy(3, 4)]),
    // too short a history to judge
    ...series("new", [...noisy(12, 6), ...noisy(0, 4)], 10),
    // stopped before the last period: not scored
    ...series("gone", noisy(12, 15)),
  ];
  const scores = rvScores(rows);
  assert.deepEqual(scores.map((d) => d.id).sort(), ["big", "falls", "small"]);
  const drops = rvDrops(rows);
  assert.deepEqual(drops.map((d) => d.id), ["falls"]);
  const d = drops[0];
  assert.deepEqual([d.from, d.to, d.recent_months, d.history_months], [
    period(16),
    period(19),
    4,
    16,
  ]);
  const values = rows.filter((r) => r.id === "falls").map((r) => r.rv);
  const ref = trendBreak(values.slice(0, 16), values.slice(16))!;
  assert.deepEqual([d.z, d.expected, d.recent_mean, d.history_mean], [
    ref.z,
    ref.expected,
    ref.recent_mean,
    ref.history_mean,
  ]);
  assert.ok(d.z < -DROP_Z);
});

Deno.test("rvDrops() does not flag a rise that slowed: the recent mean must be below the history's", () => {
  // a steep climb that flattens: far below its own trend, but above its past level
  const rows = series("climb", [
    ...Array.from({ length: 16 }, (_, i) => 2 * i + (i % 2 ? 0.3 : -0.3)),
    31,
    30,
    31,
    30,
  ]);
  assert.ok(rvScores(rows)[0].z < -DROP_Z);
  assert.deepEqual(rvDrops(rows), []);
});

const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];

Deno.test("rvDrops() flags few accounts on worlds without planted collapses", async () => {
  let flagged = 0, scored = 0;
  for (const seed of [101, 102, 103]) {
    const dir = await Deno.makeTempDir({ prefix: "rvlab-drops-" });
    const engine = await openEngine();
    try {
      await generateWorld(ipf, dir, { accounts: 240, months: 30, seed, effect: "none" });
      await loadDataDirIntoEngine(engine, dir);
      const rows = await rvByPeriod(engine, { grain: "month" });
      scored += rvScores(rows).length;
      flagged += rvDrops(rows).length;
    } finally {
      engine.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
  assert.ok(scored > 600, `scored ${scored}`);
  assert.ok(flagged / scored < 0.03, `${flagged} of ${scored} flagged`);
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

Deno.test("dropReason() states the drop, its months, its size in sd and the drivers", () => {
  const r = dropReason({
    id: "a",
    from: "2025-11-01",
    to: "2026-02-01",
    recent_months: 4,
    history_months: 20,
    history_mean: 14.2,
    recent_mean: 3.14,
    expected: 15,
    residual_sd: 2,
    z: -3.44,
  }, [driver("wrong_item_shipped", "Wrong item shipped", 0, 2, -7)]);
  assert.equal(
    r,
    "RV fell to 3.1 a month in Nov 2025–Feb 2026 from 14.2 before (15.0 expected from its trend), 3.4 sd below; wrong item shipped 0 → 2 (RV −14.0)",
  );
});
