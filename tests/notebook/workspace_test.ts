import assert from "node:assert/strict";
import { join } from "node:path";
import { mimeBundle } from "../../src/display/mod.ts";
import {
  openWorkspace,
  PUBLIC_DATASETS,
  publicDatasetDir,
  reproduceValidation,
  tablePreview,
} from "../../src/notebook/mod.ts";
import { sharedDataDir } from "../../src/io/paths.ts";
import { DataError } from "../../src/io/errors.ts";

const exists = async (p: string) => {
  try {
    await Deno.stat(p);
    return true;
  } catch {
    return false;
  }
};

Deno.test("openWorkspace() opens the synthetic demo world and removes it on close()", async () => {
  const ws = await openWorkspace({ accounts: 30, months: 12, seed: 2 });
  assert.equal(ws.data_kind, "synthetic");
  assert.equal(ws.world?.counts.accounts, 30);
  const [{ n }] = await ws.engine.query<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM interactions",
  );
  assert.equal(n, ws.load.tables.interactions!.accepted);
  assert.equal(ws.quarantined, 0);
  const md = mimeBundle(ws)["text/markdown"];
  assert.ok(md.startsWith("**SYNTHETIC data"), md);
  const nText = n.toLocaleString("en"); // counts with thousands separators
  assert.ok(md.includes(`| interactions | ${nText} | ${nText} | 0 |`), md);
  assert.ok(!Object.keys(ws).includes(String(Symbol.for("Jupyter.display"))));
  const dir = ws.data_dir;
  assert.ok(await exists(dir));
  await ws.close();
  assert.ok(!(await exists(dir)), "temporary folder removed");
});

Deno.test("openWorkspace({ data }) reads a folder and its manifest's data kind", async () => {
  const demo = await openWorkspace({ accounts: 20, months: 12, seed: 5 });
  try {
    const mine = await openWorkspace({ data: demo.data_dir });
    assert.equal(mine.data_kind, "synthetic", "generate writes a manifest saying synthetic");
    assert.equal(mine.world, null);
    assert.equal(mine.load.tables.interactions!.read, demo.load.tables.interactions!.read);
    await mine.close();
    assert.ok(await exists(demo.data_dir), "a folder of your own is never removed");
    const forced = await openWorkspace({ data: demo.data_dir, dataKind: "real" });
    assert.equal(forced.data_kind, "real");
    await forced.close();
  } finally {
    await demo.close();
  }
  await assert.rejects(() => openWorkspace({ data: "/no/such/folder" }), DataError);
});

Deno.test("openWorkspace({ data, cache }) reuses the workspace on the second open; cache: false reads afresh", async () => {
  const demo = await openWorkspace({ accounts: 20, months: 12, seed: 5 });
  const cache = await Deno.makeTempDir({ prefix: "rvlab-nb-cache-" });
  try {
    assert.equal(demo.workspace_file, null, "the demo world is read without one");
    const first = await openWorkspace({ data: demo.data_dir, cache });
    assert.equal(first.workspace_file, join(cache, "workspace.duckdb"));
    assert.deepEqual(first.workspace_reused, []);
    await first.close();
    const second = await openWorkspace({ data: demo.data_dir, cache });
    assert.deepEqual(second.workspace_reused, [
      "ipf",
      "interactions",
      "accounts",
      "financials",
      "voc",
    ]);
    assert.deepEqual(second.load, first.load);
    assert.match(mimeBundle(second)["text/markdown"], /5 read back unchanged/);
    await second.close();
    const fresh = await openWorkspace({ data: demo.data_dir, cache: false });
    assert.equal(fresh.workspace_file, null);
    await fresh.close();
  } finally {
    await demo.close();
  }
});

Deno.test("tablePreview() shows the first rows with the total and rejects unknown tables", async () => {
  const ws = await openWorkspace({ accounts: 20, months: 12, seed: 5 });
  try {
    const t = await tablePreview(ws, "ipf", { limit: 5 });
    assert.equal(t.rows.length, 5);
    assert.equal(t.options.caption, `ipf: first 5 of ${ws.load.tables.ipf!.accepted} rows`);
    await assert.rejects(() => tablePreview(ws, "drop table x" as "ipf"), DataError);
  } finally {
    await ws.close();
  }
});

Deno.test("publicDatasetDir() and reproduceValidation() report a missing data set clearly", async () => {
  const old = Deno.env.get("RVLAB_SHARED_DATA");
  Deno.env.set("RVLAB_SHARED_DATA", "/no/such/shared");
  try {
    const m = await publicDatasetDir("maven-crm");
    assert.ok(typeof m !== "string" && m.missing);
    assert.ok(m.message.includes("/no/such/shared/maven-crm-sales-opportunities"));
    const r = await reproduceValidation("olist-funnel", { resamples: 50 });
    assert.ok(r.missing);
    assert.ok(mimeBundle(r)["text/markdown"].includes("is not available"));
  } finally {
    if (old === undefined) Deno.env.delete("RVLAB_SHARED_DATA");
    else Deno.env.set("RVLAB_SHARED_DATA", old);
  }
  await assert.rejects(() => publicDatasetDir("nope"), DataError);
});

const maven = join(sharedDataDir(), PUBLIC_DATASETS["maven-crm"]);
Deno.test({
  name: "reproduceValidation() back-tests the Maven CRM data as rvlab validate does",
  ignore: !(await exists(maven)),
  async fn() {
    const r = await reproduceValidation("maven-crm", { resamples: 50, seed: 1 });
    assert.ok(!r.missing);
    assert.equal(r.data_kind, "fictional");
    assert.equal(r.load.find((x) => x.table === "interactions")?.accepted, 13923); // README count
    assert.equal(r.validation.verdicts.length, 4);
    // the best positive lag is 6 months, but lag 0 is stronger: no lead is claimed
    assert.equal(r.validation.lead_lag.revenue.lead, 6);
    assert.equal(r.validation.lead_lag.revenue.verdict, "no_lead");
    const h = mimeBundle(r)["text/html"];
    assert.ok(h.includes("<svg") && h.includes("revenue_growing"));
  },
});
