/** The truth.json of a synthetic world matches its data, effect by effect, and each switch works. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateWorld, type WorldOptions } from "../../src/generate/world.ts";
import { EFFECTS, type Truth } from "../../src/generate/truth.ts";
import { parseCsv } from "../../src/io/csv.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { rvlab } from "../support/cli.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const rvOf = new Map(ipf.map((t) => [t.interaction_type, t.rv]));
const costOf = new Map(ipf.map((t) => [t.interaction_type, t.variable_cost]));
const SIZE = { accounts: 240, months: 30 };

/** A generated world read back plainly: rows of each table and its truth. */
interface World {
  truth: Truth;
  accounts: Record<string, string>[];
  interactions: Record<string, string>[];
  financials: Record<string, string>[];
  /** interactions per account and month `YYYY-MM` */
  perMonth: Map<string, Map<string, { n: number; rv: number }>>;
  /** months `YYYY-MM` of the world, in order */
  months: string[];
}

async function csvRows(path: string): Promise<Record<string, string>[]> {
  const rows = parseCsv(await Deno.readTextFile(path)).map((item) => {
    assert.ok(item.record, `${path}: ${item.problem?.message}`);
    return item.record.fields;
  });
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

async function world(options: WorldOptions): Promise<World> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-truth-" });
  await generateWorld(ipf, dir, { ...SIZE, ...options });
  const truth = JSON.parse(await Deno.readTextFile(join(dir, "truth.json"))) as Truth;
  const accounts = await csvRows(join(dir, "accounts.csv"));
  const interactions = await csvRows(join(dir, "interactions.csv"));
  const financials = await csvRows(join(dir, "financials.csv"));
  await Deno.remove(dir, { recursive: true });
  const perMonth = new Map<string, Map<string, { n: number; rv: number }>>();
  for (const i of interactions) {
    const m = perMonth.get(i.account_id) ?? new Map();
    perMonth.set(i.account_id, m);
    const k = i.occurred_at.slice(0, 7);
    const c = m.get(k) ?? { n: 0, rv: 0 };
    c.n++;
    c.rv += rvOf.get(i.interaction_type)!;
    m.set(k, c);
  }
  const months = [...new Set(financials.map((f) => f.period.slice(0, 7)))].sort();
  return { truth, accounts, interactions, financials, perMonth, months };
}

/** Mean interactions per month of an account over `months` (from its creation on). */
function ratePerMonth(w: World, id: string, months = w.months): number {
  const created = w.accounts.find((a) => a.account_id === id)!.created_at.slice(0, 7);
  const active = months.filter((m) => m >= created);
  if (active.length === 0) return NaN;
  const m = w.perMonth.get(id);
  return active.reduce((s, k) => s + (m?.get(k)?.n ?? 0), 0) / active.length;
}

const mean = (xs: number[]) => {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.reduce((s, x) => s + x, 0) / ok.length;
};

/** Mean interactions per month of the accounts in `ids` over the mean of all others. */
function rateRatio(w: World, ids: Set<string>): number {
  const inside = w.accounts.filter((a) => ids.has(a.account_id)).map((a) => a.account_id);
  const outside = w.accounts.filter((a) => !ids.has(a.account_id)).map((a) => a.account_id);
  return mean(inside.map((id) => ratePerMonth(w, id))) /
    mean(outside.map((id) => ratePerMonth(w, id)));
}

Deno.test("generateWorld() truth: prospects never buy, loss-makers buy at a loss, members match accounts.csv", async () => {
  for (const seed of [1, 2]) {
    const w = await world({ seed, effect: "planted" });
    const revenue = new Map<string, number>();
    const profit = new Map<string, number>();
    const last12 = new Set(w.months.slice(-12));
    const profit12 = new Map<string, number>();
    for (const f of w.financials) {
      const p = Number(f.gross_profit) - Number(f.cost_to_serve);
      revenue.set(f.account_id, (revenue.get(f.account_id) ?? 0) + Number(f.revenue));
      profit.set(f.account_id, (profit.get(f.account_id) ?? 0) + p);
      if (last12.has(f.period.slice(0, 7))) {
        profit12.set(f.account_id, (profit12.get(f.account_id) ?? 0) + p);
      }
      if (w.truth.loss_makers!.includes(f.account_id) && Number(f.revenue) > 0) {
        assert.ok(Number(f.cost_to_serve) > Number(f.gross_profit), `${f.account_id} ${f.period}`);
      }
    }
    for (const i of w.interactions) {
      if (last12.has(i.occurred_at.slice(0, 7))) {
        const c = costOf.get(i.interaction_type)!;
        profit12.set(i.account_id, (profit12.get(i.account_id) ?? 0) - c);
      }
    }
    assert.ok(w.truth.prospects!.length > 10);
    for (const id of w.truth.prospects!) {
      assert.equal(revenue.get(id) ?? 0, 0, id);
      assert.ok(w.perMonth.has(id), `prospect ${id} has interactions`);
    }
    assert.ok(w.truth.loss_makers!.length > 10);
    for (const id of w.truth.loss_makers!) {
      assert.ok(revenue.get(id)! > 0, id);
      assert.ok(profit.get(id)! < 0, id);
      assert.ok(profit12.get(id)! < 0, id);
    }
    // ordinary customers that bought in the last 12 months are profitable there
    const planted = new Set([...w.truth.prospects!, ...w.truth.loss_makers!]);
    const buyers = [
      ...new Set(
        w.financials.filter((f) => last12.has(f.period.slice(0, 7)) && Number(f.revenue) > 0)
          .map((f) => f.account_id),
      ),
    ].filter((id) => !planted.has(id));
    const losing = buyers.filter((id) => profit12.get(id)! < 0);
    assert.ok(losing.length <= buyers.length * 0.02, `${losing.length} of ${buyers.length}`);
    const members = w.accounts.filter((a) => a.community_member === "true").map((a) =>
      a.account_id
    );
    assert.deepEqual(w.truth.community!.members, members);
    assert.ok(members.length > 0.2 * SIZE.accounts && members.length < 0.4 * SIZE.accounts);
  }
});

Deno.test("generateWorld() effect none: only prospects and loss-makers planted, switches leave the other groups alone", async () => {
  const none = await world({ seed: 5, effect: "none" });
  for (const k of ["lead", "community", "top_reps", "collapse", "drivers"] as const) {
    assert.equal(none.truth[k], null, k);
    assert.equal(none.truth.effects[k], false, k);
  }
  assert.ok(none.truth.prospects!.length > 0 && none.truth.loss_makers!.length > 0);
  // community membership is drawn in the null world too
  assert.ok(none.accounts.some((a) => a.community_member === "true"));
  const planted = await world({ seed: 5, effect: "planted" });
  assert.deepEqual(planted.truth.prospects, none.truth.prospects);
  assert.deepEqual(planted.truth.loss_makers, none.truth.loss_makers);
  assert.deepEqual(planted.accounts, none.accounts);
  const noCommunity = await world({ seed: 5, effects: { community: false } });
  assert.equal(noCommunity.truth.community, null);
  for (const k of ["collapse", "drivers", "top_reps", "loss_makers"] as const) {
    assert.deepEqual(noCommunity.truth[k], planted.truth[k], k);
  }
  const all = await world({
    seed: 5,
    effect: "none",
    effects: Object.fromEntries(EFFECTS.map((e) => [e, true])),
  });
  assert.deepEqual({ ...all.truth, effect: "planted" }, planted.truth);
});

Deno.test("generateWorld() loss-makers interact like everyone else in the null world", async () => {
  const ratios: number[] = [];
  for (const seed of [11, 12, 13]) {
    const w = await world({ seed, effect: "none" });
    const customers = new Set(w.financials.map((f) => f.account_id));
    const ordinary = w.accounts.filter((a) =>
      customers.has(a.account_id) && !w.truth.loss_makers!.includes(a.account_id)
    ).map((a) => a.account_id);
    ratios.push(
      mean(w.truth.loss_makers!.map((id) => ratePerMonth(w, id))) /
        mean(ordinary.map((id) => ratePerMonth(w, id))),
    );
  }
  const r = mean(ratios);
  assert.ok(r > 0.85 && r < 1.15, `loss-makers / others interactions per month ${r.toFixed(3)}`);
});

Deno.test("generateWorld() top reps' accounts interact more only with top_reps on", async () => {
  for (const seed of [1, 2]) {
    const on = await world({ seed, effect: "planted" });
    const off = await world({ seed, effects: { top_reps: false } });
    assert.equal(off.truth.top_reps, null);
    assert.equal(on.truth.top_reps!.reps.length, 2);
    const ids = new Set(on.truth.top_reps!.accounts);
    assert.deepEqual(
      [...ids],
      on.accounts.filter((a) => on.truth.top_reps!.reps.includes(a.owner_id)).map((a) =>
        a.account_id
      ),
    );
    const rOn = rateRatio(on, ids), rOff = rateRatio(off, ids);
    assert.ok(rOn > 1.15, `seed ${seed}: top reps' accounts ×${rOn.toFixed(3)} with the effect`);
    assert.ok(Math.abs(rOff - 1) < 0.12, `seed ${seed}: ×${rOff.toFixed(3)} without it`);
  }
});

Deno.test("generateWorld() community members interact more only with community on", async () => {
  const on = await world({ seed: 3, effect: "planted" });
  const off = await world({ seed: 3, effects: { community: false } });
  const ids = new Set(on.truth.community!.members);
  const rOn = rateRatio(on, ids), rOff = rateRatio(off, ids);
  assert.ok(rOn > 1.12, `members ×${rOn.toFixed(3)} with the effect`);
  assert.ok(Math.abs(rOff - 1) < 0.1, `members ×${rOff.toFixed(3)} without it`);
});

Deno.test("generateWorld() collapsed accounts' positive interactions fall and complaints pile up in the last months", async () => {
  const on = await world({ seed: 4, effect: "planted" });
  const off = await world({ seed: 4, effects: { collapse: false } });
  const c = on.truth.collapse!;
  assert.equal(c.months, 4);
  assert.equal(c.from, on.months[on.months.length - 4]);
  assert.ok(c.accounts.length > 10);
  const late = on.months.slice(-4), early = on.months.slice(-16, -4);
  /** interactions of one sign (IPF rv > 0 or < 0) per month of `id` over `months` */
  const signed = (w: World, id: string, months: string[], sign: 1 | -1) => {
    const ms = new Set(months);
    return w.interactions.filter((i) =>
      i.account_id === id && ms.has(i.occurred_at.slice(0, 7)) &&
      Math.sign(rvOf.get(i.interaction_type)!) === sign
    ).length / months.length;
  };
  const ratio = (w: World, sign: 1 | -1) =>
    mean(c.accounts.map((id) => signed(w, id, late, sign))) /
    mean(c.accounts.map((id) => signed(w, id, early, sign)));
  const lateRv = (w: World, id: string) =>
    late.reduce((s, m) => s + (w.perMonth.get(id)?.get(m)?.rv ?? 0), 0) / late.length;
  const revenueLast = new Set(
    on.financials.filter((f) => f.period.startsWith(on.months.at(-1)!) && Number(f.revenue) > 0)
      .map((f) => f.account_id),
  );
  for (const id of c.accounts) assert.ok(revenueLast.has(id), `${id} is still a customer`);
  assert.equal(c.complaints, 3);
  assert.ok(ratio(on, 1) < 0.6, `positive ×${ratio(on, 1).toFixed(2)}`);
  assert.ok(ratio(on, -1) > 3, `negative ×${ratio(on, -1).toFixed(2)}`);
  assert.ok(mean(c.accounts.map((id) => lateRv(on, id))) < 0);
  assert.ok(ratio(off, 1) > 0.8 && ratio(off, -1) < 1.5, "no collapse with the effect off");
  assert.ok(mean(c.accounts.map((id) => lateRv(off, id))) > 0);
});

Deno.test("generateWorld() driver adopters have the types far more often and a larger share of wallet only with drivers on", async () => {
  const on = await world({ seed: 6, effect: "planted" });
  const off = await world({ seed: 6, effects: { drivers: false } });
  const d = on.truth.drivers!;
  assert.equal(d.types.length, 3);
  assert.equal(off.truth.drivers, null);
  for (const t of d.types) assert.ok(rvOf.get(t)! > 0, t);
  const customers = [...new Set(on.financials.map((f) => f.account_id))];
  const perMonth = (w: World, type: string, ids: string[]) => {
    const n = new Map<string, number>();
    for (const i of w.interactions) {
      if (i.interaction_type === type) n.set(i.account_id, (n.get(i.account_id) ?? 0) + 1);
    }
    return mean(ids.map((id) => (n.get(id) ?? 0) / w.months.length));
  };
  for (const t of d.types) {
    const adopters = new Set(d.adopters[t]);
    assert.ok(adopters.size > 0.2 * customers.length && adopters.size < 0.5 * customers.length);
    const inA = customers.filter((id) => adopters.has(id));
    const outA = customers.filter((id) => !adopters.has(id));
    const gapOn = perMonth(on, t, inA) - perMonth(on, t, outA);
    const gapOff = perMonth(off, t, inA) - perMonth(off, t, outA);
    assert.ok(gapOn > 0.4, `${t}: adopters +${gapOn.toFixed(3)} a month with the effect`);
    assert.ok(Math.abs(gapOff) < 0.1, `${t}: ${gapOff.toFixed(3)} without it`);
  }
  // share of wallet over the whole window, by the number of driver types adopted
  const sow = (w: World) => {
    const by = new Map<string, { r: number; w: number }>();
    for (const f of w.financials) {
      const a = by.get(f.account_id) ?? { r: 0, w: 0 };
      a.r += Number(f.revenue);
      a.w += Number(f.wallet);
      by.set(f.account_id, a);
    }
    return (id: string) => by.get(id)!.r / by.get(id)!.w;
  };
  const adopted = (id: string) => d.types.filter((t) => d.adopters[t].includes(id)).length;
  const gap = (w: World) => {
    const s = sow(w);
    return mean(customers.filter((id) => adopted(id) >= 2).map(s)) -
      mean(customers.filter((id) => adopted(id) === 0).map(s));
  };
  assert.ok(gap(on) > 0.15, `share of wallet ${gap(on).toFixed(3)} higher with 2+ types than none`);
  assert.ok(
    Math.abs(gap(off)) < 0.06,
    `share of wallet gap ${gap(off).toFixed(3)} without the effect`,
  );
});

Deno.test("rvlab generate --plant/--no-plant switch effects; a wrong name exits 2 before writing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-plant-" });
  const out = join(dir, "w");
  const bad = await rvlab("generate", "--out", out, "--no-plant", "lead,bogus");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"bogus"/);
  assert.match(bad.stderr, new RegExp(EFFECTS.join(", ")));
  assert.equal(await Deno.stat(out).then(() => true, () => false), false);
  const gen = await rvlab(
    "generate",
    "--out",
    out,
    "--accounts",
    "20",
    "--months",
    "12",
    "--effect",
    "none",
    "--plant",
    "community,top_reps",
    "--json",
  );
  assert.equal(gen.code, 0, gen.stderr);
  const g = JSON.parse(gen.stdout);
  assert.equal(g.lag_months, 3);
  assert.equal(g.counts.accounts, 20);
  assert.deepEqual(g.effects, {
    lead: false,
    prospects: true,
    loss_makers: true,
    community: true,
    top_reps: true,
    collapse: false,
    drivers: false,
  });
  assert.equal(g.truth_file, join(out, "truth.json"));
  const truth = JSON.parse(await Deno.readTextFile(g.truth_file)) as Truth;
  assert.equal(truth.synthetic, true);
  assert.deepEqual(truth.effects, g.effects);
  assert.notEqual(truth.community, null);
  assert.equal(truth.lead, null);
  const manifest = JSON.parse(await Deno.readTextFile(join(out, "manifest.json")));
  assert.deepEqual(manifest.effects, g.effects);
  assert.match(await Deno.readTextFile(join(out, "README.md")), /`top_reps` on: top reps rep\d\d/);
  const help = await rvlab("generate", "--help");
  for (const e of EFFECTS) assert.match(help.stdout, new RegExp(`^  ${e} `, "m"), e);
  assert.match(help.stdout, /--plant LIST/);
  assert.match(help.stdout, /--no-plant LIST/);
  await Deno.remove(dir, { recursive: true });
});
