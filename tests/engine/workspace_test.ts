import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { type Engine, openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import {
  fileSha256,
  loadWorkspace,
  type WorkspaceLoadOptions,
  workspacePath,
} from "../../src/engine/workspace.ts";

const IPF = "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
  "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n" +
  "bad,Bad,-3,0,retention,service,automated_service,false\n" +
  "worse,Worse,x,0,retention,service,automated_service,false\n";

/** A data folder with quarantined rows in two tables (an IPF rv "x", a duplicate and an unknown type). */
async function dataDir(): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-ws-test-" });
  await Deno.writeTextFile(join(d, "ipf.csv"), IPF);
  await Deno.writeTextFile(
    join(d, "interactions.csv"),
    "interaction_id,occurred_at,account_id,interaction_type,quantity,note,region\n" +
      'i1,2017-03-01T10:00:00Z,a1,demo,2,"say ""hi"", ok",North\n' +
      "i2,2017-03-02,a1,bad,,,\n" +
      "i2,2017-03-03,a2,demo,1,,\n" +
      "i3,2017-03-04,a2,unknown,1,,\n" +
      "i4,2017-04-04,a2,demo,3,,South\n",
  );
  await Deno.writeTextFile(
    join(d, "financials.csv"),
    "account_id,period,revenue\na1,2017-03,100\na2,2017-03,50\n",
  );
  await Deno.mkdir(join(d, "transcripts"));
  return d;
}

/** Every canonical table's rows, as text, for comparing two engines. */
async function contents(engine: Engine): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ["ipf", "interactions", "accounts", "financials", "voc", "transcripts"]) {
    const rows = await engine.query(`SELECT * FROM ${t} ORDER BY ALL`);
    out[t] = JSON.stringify(rows);
  }
  return out;
}

/** Loads through the workspace, and freshly into a second engine; asserts they agree. */
async function loadBoth(dir: string, options: WorkspaceLoadOptions) {
  const lines: string[] = [];
  const engine = await openEngine();
  const fresh = await openEngine();
  try {
    const ws = await loadWorkspace(engine, dir, { ...options, log: (l) => lines.push(l) });
    const plain = await loadDataDirIntoEngine(fresh, dir);
    assert.deepEqual(ws.report, plain.report);
    assert.deepEqual(ws.quarantine, plain.quarantine);
    assert.deepEqual(ws.paths, plain.paths);
    assert.deepEqual(await contents(engine), await contents(fresh));
    return { ...ws, lines };
  } finally {
    engine.close();
    fresh.close();
  }
}

const cacheIn = async () => ({
  cache: await Deno.makeTempDir({ prefix: "rvlab-ws-cache-" }),
  cacheRoot: "",
});

Deno.test("workspacePath() is DIR/.rvlab, the --cache folder, or one folder per data folder under a root", () => {
  assert.equal(workspacePath("out/world"), join("out/world", ".rvlab", "workspace.duckdb"));
  assert.equal(workspacePath("out/world", { cache: "/c" }), "/c/workspace.duckdb");
  const a = workspacePath("/data/w", { cacheRoot: "/c" });
  assert.match(a, /^\/c\/w-[0-9a-f]{12}\/workspace\.duckdb$/);
  assert.equal(workspacePath("/data/w/", { cacheRoot: "/c" }), a);
  assert.notEqual(workspacePath("/other/w", { cacheRoot: "/c" }), a);
});

Deno.test("loadWorkspace() writes DIR/.rvlab on the first run and reuses every table on the second", async () => {
  const d = await dataDir();
  const first = await loadBoth(d, { cacheRoot: "" });
  assert.equal(first.report.transcripts_folder, join(d, "transcripts"));
  assert.deepEqual(first.reused, []);
  assert.deepEqual(first.loaded, ["ipf", "interactions", "financials"]);
  assert.equal(first.saved, true);
  assert.equal(first.workspace, join(d, ".rvlab", "workspace.duckdb"));
  assert.ok((await Deno.stat(first.workspace!)).isFile);
  assert.deepEqual(first.quarantine.map((e) => e.table), ["ipf", "interactions", "interactions"]);
  const second = await loadBoth(d, { cacheRoot: "" });
  assert.deepEqual(second.reused, ["ipf", "interactions", "financials"]);
  assert.deepEqual(second.loaded, []);
  assert.match(second.lines[0], /^using workspace .*workspace\.duckdb \(3 tables unchanged\)$/);
  // the same folder spelled another way: the counts and quarantine name it as given
  const rel = relative(Deno.cwd(), d);
  const third = await loadBoth(rel, { cacheRoot: "" });
  assert.deepEqual(third.reused, ["ipf", "interactions", "financials"]);
  assert.equal(third.report.tables.ipf?.file, join(rel, "ipf.csv"));
});

Deno.test("loadWorkspace() reloads only the table whose file changed; a touched file is kept by its hash", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  await loadBoth(d, place);
  await Deno.writeTextFile(join(d, "financials.csv"), "a1,2017-04,7\n", { append: true });
  const changed = await loadBoth(d, place);
  assert.deepEqual(changed.loaded, ["financials"]);
  assert.deepEqual(changed.reused, ["ipf", "interactions"]);
  assert.equal(changed.report.tables.financials?.accepted, 3);
  const later = new Date(Date.now() + 60_000);
  await Deno.utime(join(d, "interactions.csv"), later, later);
  const touched = await loadBoth(d, place);
  assert.deepEqual(touched.loaded, []);
  assert.deepEqual(touched.reused, ["ipf", "interactions", "financials"]);
});

Deno.test("loadWorkspace() reloads interactions when the IPF changes (they are validated against its types)", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  const before = await loadBoth(d, place);
  // type "bad" leaves the IPF: interaction i2 is quarantined now
  await Deno.writeTextFile(join(d, "ipf.csv"), IPF.replace(/^bad,.*\n/m, ""));
  const after = await loadBoth(d, place);
  assert.deepEqual(after.loaded, ["ipf", "interactions"]);
  assert.deepEqual(after.reused, ["financials"]);
  assert.ok(!before.quarantine.some((e) => e.value === "bad"));
  assert.ok(after.quarantine.some((e) => e.table === "interactions" && e.value === "bad"));
});

Deno.test("loadWorkspace() handles a removed and an added table file", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  await loadBoth(d, place);
  await Deno.remove(join(d, "financials.csv"));
  const removed = await loadBoth(d, place);
  assert.deepEqual(removed.loaded, []);
  assert.equal(removed.report.tables.financials, undefined);
  assert.equal(removed.saved, true);
  await Deno.writeTextFile(join(d, "accounts.csv"), "account_id,name\na1,Acme\na2,Beta\n");
  const added = await loadBoth(d, place);
  assert.deepEqual(added.loaded, ["accounts"]);
  assert.deepEqual(added.reused, ["ipf", "interactions"]);
  assert.equal(added.report.tables.accounts?.accepted, 2);
});

Deno.test("loadWorkspace() with enabled: false reads every file and writes nothing", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  const r = await loadBoth(d, { ...place, enabled: false });
  assert.equal(r.workspace, null);
  assert.deepEqual(r.reused, []);
  assert.deepEqual([...Deno.readDirSync(place.cache)], []);
  assert.throws(() => Deno.statSync(join(d, ".rvlab")));
});

Deno.test("loadWorkspace() replaces a damaged or foreign workspace file instead of trusting it", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  const path = workspacePath(d, place);
  await Deno.writeTextFile(path, "not a database at all");
  const damaged = await loadBoth(d, place);
  assert.deepEqual(damaged.reused, []);
  assert.equal(damaged.saved, true);
  assert.match(damaged.lines.join("\n"), /cannot be opened|not an rvlab workspace/);
  assert.deepEqual((await loadBoth(d, place)).loaded, []);
  // a DuckDB file of something else, with a table of the same name
  await Deno.remove(path);
  const other = await openEngine({ path });
  await other.run("CREATE TABLE interactions AS SELECT 1 AS x");
  other.close();
  const foreign = await loadBoth(d, place);
  assert.deepEqual(foreign.reused, []);
  assert.match(foreign.lines.join("\n"), /not an rvlab workspace/);
  // another format version
  const edit = await openEngine({ path });
  await edit.run("UPDATE _rvlab_meta SET format = format + 1");
  edit.close();
  const stale = await loadBoth(d, place);
  assert.deepEqual(stale.reused, []);
  assert.match(stale.lines.join("\n"), /another rvlab version/);
});

Deno.test("loadWorkspace() does not trust a table edited in the workspace", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  await loadBoth(d, place);
  const edit = await openEngine({ path: workspacePath(d, place) });
  await edit.run("DELETE FROM interactions WHERE interaction_id = 'i4'");
  edit.close();
  const r = await loadBoth(d, place);
  assert.deepEqual(r.loaded, ["interactions"]);
});

Deno.test("loadWorkspace() reads without cache, in one line, where the workspace cannot be written", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  await Deno.chmod(place.cache, 0o555);
  try {
    const r = await loadBoth(d, place);
    assert.equal(r.workspace, null);
    assert.equal(r.saved, false);
    assert.equal(r.lines.filter((l) => /workspace/.test(l)).length, 1);
    assert.match(r.lines.join("\n"), /cannot write workspace .*read-only\): read without cache/);
  } finally {
    await Deno.chmod(place.cache, 0o755);
  }
});

Deno.test("loadWorkspace() reads without cache when another process holds the workspace locked", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  await loadBoth(d, place);
  const path = workspacePath(d, place);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { DuckDBInstance } from "npm:@duckdb/node-api@1.5.5-r.5";
       const db = await DuckDBInstance.create(${JSON.stringify(path)});
       console.log("ready");
       for await (const _ of Deno.stdin.readable) { /* until stdin closes */ }
       db.closeSync();`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /ready/);
    reader.releaseLock();
    const r = await loadBoth(d, place);
    assert.equal(r.workspace, null);
    assert.deepEqual(r.reused, []);
    assert.match(r.lines.join("\n"), /locked by another process: reading without cache/);
  } finally {
    await child.stdin.close();
    await child.stdout.cancel();
    await child.status;
  }
});

Deno.test("loadWorkspace() run twice at once leaves one whole workspace that a third run reuses", async () => {
  const d = await dataDir();
  const place = await cacheIn();
  const [a, b] = await Promise.all([loadBoth(d, place), loadBoth(d, place)]);
  assert.ok(a.saved || b.saved);
  const c = await loadBoth(d, place);
  assert.deepEqual(c.reused, ["ipf", "interactions", "financials"]);
  const left = [...Deno.readDirSync(place.cache)].map((e) => e.name);
  assert.deepEqual(left, ["workspace.duckdb"], "no temporary file left");
});

Deno.test("fileSha256() is the SHA-256 of the bytes", async () => {
  const d = await Deno.makeTempDir();
  await Deno.writeTextFile(join(d, "x"), "abc");
  assert.equal(
    await fileSha256(join(d, "x")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
