import assert from "node:assert/strict";
import { join } from "node:path";
import { generateWorld } from "../../src/generate/world.ts";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const tmp = () => Deno.makeTempDir({ prefix: "rvlab-world-" });

Deno.test("generateWorld() writes a valid, labelled synthetic data directory", async () => {
  const out = await tmp();
  const w = await generateWorld(ipf, out, { accounts: 40, months: 24, seed: 3 });
  const { report, quarantine } = await loadDataDir(out);
  assert.equal(quarantine.length, 0);
  assert.equal(report.tables.interactions!.accepted, w.counts.interactions);
  assert.equal(report.tables.accounts!.accepted, 40);
  assert.equal(report.tables.financials!.accepted, w.counts.financials);
  assert.equal(report.tables.financials!.grain, "month");
  assert.equal(report.tables.voc!.accepted, w.counts.voc);
  const manifest = JSON.parse(await Deno.readTextFile(join(out, "manifest.json")));
  assert.equal(manifest.data_kind, "synthetic");
  assert.equal(manifest.lag_months, 3);
  assert.match(await Deno.readTextFile(join(out, "README.md")), /^# SYNTHETIC data/);
});

Deno.test("generateWorld() gives the same bytes for the same seed and others for another", async () => {
  const [a, b, c] = [await tmp(), await tmp(), await tmp()];
  await generateWorld(ipf, a, { accounts: 15, months: 12, seed: 9 });
  await generateWorld(ipf, b, { accounts: 15, months: 12, seed: 9 });
  await generateWorld(ipf, c, { accounts: 15, months: 12, seed: 10 });
  for (const f of ["interactions.csv", "financials.csv", "voc.csv", "accounts.csv"]) {
    assert.equal(await Deno.readTextFile(join(a, f)), await Deno.readTextFile(join(b, f)), f);
  }
  assert.notEqual(
    await Deno.readTextFile(join(a, "interactions.csv")),
    await Deno.readTextFile(join(c, "interactions.csv")),
  );
});

Deno.test("generateWorld() rejects impossible sizes", async () => {
  await assert.rejects(() => generateWorld(ipf, "/tmp/never", { accounts: 0 }), RangeError);
  await assert.rejects(() => generateWorld(ipf, "/tmp/never", { months: 3, lag: 3 }), RangeError);
});

/**
 * Within-account correlation between net RV in month t and the change of revenue
 * from t+lag-1 to t+lag: the planted world must show it, the null world must not.
 */
async function leadCorrelation(
  effect: "planted" | "none",
  seed: number,
  lag: number,
): Promise<number> {
  const out = await tmp();
  await generateWorld(ipf, out, { accounts: 150, months: 30, seed, effect, lag });
  const { data } = await loadDataDir(out);
  const rvOf = new Map(data.ipf.map((t) => [t.interaction_type, t.rv]));
  const rv = new Map<string, number>();
  for (const i of data.interactions) {
    const k = `${i.account_id}|${i.occurred_at.slice(0, 7)}`;
    rv.set(k, (rv.get(k) ?? 0) + rvOf.get(i.interaction_type)! * i.quantity);
  }
  const rev = new Map(
    data.financials!.map((f) => [`${f.account_id}|${f.period.slice(0, 7)}`, f.revenue]),
  );
  const xs: number[] = [], ys: number[] = [];
  const month = (base: string, add: number) => {
    const [y, m] = base.split("-").map(Number);
    const d = new Date(Date.UTC(y, m - 1 + add, 1));
    return d.toISOString().slice(0, 7);
  };
  for (const f of data.financials!) {
    const p = f.period.slice(0, 7);
    const a = rev.get(`${f.account_id}|${month(p, lag - 1)}`),
      b = rev.get(`${f.account_id}|${month(p, lag)}`);
    if (a === undefined || b === undefined || a === 0) continue;
    xs.push(rv.get(`${f.account_id}|${p}`) ?? 0);
    ys.push(Math.log((b + 1) / (a + 1)));
  }
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length,
    my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

Deno.test("generateWorld() plants RV leading revenue only under effect planted", async () => {
  for (const seed of [1, 2]) {
    const planted = await leadCorrelation("planted", seed, 3);
    const none = await leadCorrelation("none", seed, 3);
    assert.ok(
      planted > 0.05,
      `planted correlation ${planted.toFixed(3)} should be clearly positive`,
    );
    assert.ok(
      Math.abs(none) < 0.04,
      `null-world correlation ${none.toFixed(3)} should be near zero`,
    );
    assert.ok(planted > none + 0.05);
  }
});
