/**
 * The adapters on the real shared data sets, checked against the counts their
 * publishers give (../shared/data/README.md and the original papers).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importAdapter } from "../../src/ipf/adapters.ts";
import { loadDataDir } from "../../src/engine/records.ts";
import { sharedDataDir } from "../../src/io/paths.ts";

async function run(adapter: string, folder: string) {
  const out = await Deno.makeTempDir({ prefix: `rvlab-${adapter}-` });
  const r = await importAdapter(adapter, join(sharedDataDir(), folder), out);
  for (const c of Object.values(r.check.tables)) assert.equal(c.read, c.accepted + c.quarantined);
  for (const rule of r.rules.rules.filter((x) => !x.grouped)) {
    assert.equal(rule.source_rows, rule.emitted + rule.filtered, rule.rule);
  }
  return { r, out };
}

Deno.test("import cdnow gives 23,570 customers, 69,659 purchases and $2.50M", async () => {
  const { r, out } = await run("cdnow", "cdnow");
  assert.equal(r.data_kind, "real");
  assert.equal(r.quarantined, 0);
  assert.equal(r.check.tables.interactions!.accepted, 69_659);
  assert.equal(r.check.tables.accounts!.accepted, 23_570);
  const { data } = await loadDataDir(out);
  const total = data.interactions.reduce((s, x) => s + (x.amount ?? 0), 0);
  assert.equal(Math.round(total / 10_000) / 100, 2.5);
  assert.equal(new Set(data.interactions.map((x) => x.account_id)).size, 23_570);
  const revenue = data.financials!.reduce((s, x) => s + x.revenue, 0);
  assert.ok(Math.abs(revenue - total) < 1e-6, "monthly revenue sums to the purchases");
  const first = data.accounts!.map((a) => a.created_at!).sort();
  assert.equal(first[0].slice(0, 10), "1997-01-01");
  assert.equal(first.at(-1)!.slice(0, 7), "1997-03");
});

Deno.test("import maven-crm keeps every opportunity accounted for", async () => {
  const { r, out } = await run("maven-crm", "maven-crm-sales-opportunities");
  assert.equal(r.data_kind, "fictional");
  const rules = Object.fromEntries(r.rules.rules.map((x) => [x.rule, x]));
  assert.equal(rules.engaged.source_rows, 8_800);
  assert.equal(rules.won.emitted, 4_238);
  assert.equal(rules.lost.emitted, 2_473);
  assert.equal(r.check.tables.accounts!.accepted, 85);
  assert.equal(r.quarantined, 0);
  const { data } = await loadDataDir(out);
  // 1,425 open deals have no account: none of them can become an interaction
  assert.equal(rules.engaged.source_rows - rules.engaged.emitted >= 1_425, true);
  const accounts = new Set(data.accounts!.map((a) => a.account_id));
  assert.ok(
    data.interactions.every((i) => accounts.has(i.account_id)),
    "every interaction's account is known",
  );
  assert.ok(data.accounts!.every((a) => a.industry !== "technolgy"), "the sector typo is mended");
  const won = data.interactions.filter((i) => i.interaction_type === "deal_won").reduce(
    (s, x) => s + x.amount!,
    0,
  );
  const revenue = data.financials!.reduce((s, x) => s + x.revenue, 0);
  assert.equal(won, revenue);
});

Deno.test("import olist-funnel gives 8,000 leads and 842 won deals", async () => {
  const { r, out } = await run("olist-funnel", "olist-marketing-funnel");
  const rules = Object.fromEntries(r.rules.rules.map((x) => [x.rule, x]));
  assert.equal(rules.lead.emitted, 8_000);
  assert.equal(rules.won.emitted, 842);
  assert.equal(r.check.tables.accounts!.accepted, 8_000);
  assert.equal(r.quarantined, 0);
  const { data } = await loadDataDir(out);
  const converted = data.accounts!.filter((a) => a.extra?.converted === "true").length;
  assert.equal(converted, 842);
});

Deno.test("import nhs-feedback gives 7,908 comments with human theme codes", async () => {
  const { r, out } = await run("nhs-feedback", "nhs-patient-feedback");
  assert.equal(r.check.tables.interactions!.accepted, 7_908);
  assert.equal(r.check.tables.voc!.accepted, 7_908);
  const t = r.rules.rules.find((x) => x.table === "transcripts")!;
  assert.equal(t.emitted + t.filtered, 7_908);
  const { data } = await loadDataDir(out);
  const codes = Object.keys(data.transcripts![0].extra ?? {}).filter((k) => k.startsWith("code_"));
  assert.equal(codes.length, 50);
  // 1 = very good becomes csat 5; 6 and 7 are undocumented and stay empty
  const v = data.voc!;
  assert.equal(v.filter((x) => x.extra?.fft_score === "1").every((x) => x.csat === 5), true);
  assert.equal(
    v.filter((x) => ["6", "7"].includes(x.extra?.fft_score ?? "")).every((x) => x.csat === null),
    true,
  );
  const us = data.interactions.filter((x) => x.extra?.date_notation === "us").length;
  assert.equal(us, 289);
});
