import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { buildReport, writeReport } from "../../src/report/mod.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];

/** Every file under `dir`, relative path → bytes. */
async function tree(dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else out.set(relative(dir, p), await Deno.readFile(p));
    }
  };
  await walk(dir);
  return out;
}

Deno.test("buildReport() writes the same bytes twice, on 1 and on 4 DuckDB threads", async () => {
  const data = await Deno.makeTempDir({ prefix: "rvlab-determ-" });
  await generateWorld(ipf, data, { accounts: 80, months: 24, seed: 5 });
  const outs: string[] = [];
  for (const threads of [1, 4]) {
    const engine = await openEngine({ threads });
    try {
      await loadDataDirIntoEngine(engine, data);
      const doc = await buildReport(engine, {
        dataKind: "synthetic",
        source: "determinism test world",
        resamples: 100,
      });
      const out = await Deno.makeTempDir({ prefix: "rvlab-determ-out-" });
      await writeReport(doc, out);
      outs.push(out);
    } finally {
      engine.close();
    }
  }
  const [a, b] = await Promise.all(outs.map(tree));
  assert.ok(a.size > 20, `${a.size} files written`);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  const differ = [...a].filter(([name, bytes]) => {
    const other = b.get(name)!;
    return other.length !== bytes.length || other.some((x, i) => x !== bytes[i]);
  }).map(([name]) => name);
  assert.deepEqual(differ, [], `files that differ between the two runs: ${differ.join(", ")}`);
});
