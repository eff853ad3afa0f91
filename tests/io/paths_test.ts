import assert from "node:assert/strict";
import { join } from "node:path";
import {
  localProjectFile,
  PROJECT_IS_LOCAL,
  PROJECT_ROOT,
  projectPath,
} from "../../src/io/paths.ts";

Deno.test("projectPath() is a path under the project root when rvlab runs from files", async () => {
  assert.equal(PROJECT_IS_LOCAL, true);
  const p = projectPath("data", "ipf", "b2b-default.csv");
  assert.equal(p, join(PROJECT_ROOT, "data", "ipf", "b2b-default.csv"));
  assert.equal(await localProjectFile(p), p);
});

Deno.test("localProjectFile() downloads a file of a served checkout once, and fails on a 404", async () => {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    requests++;
    const path = new URL(req.url).pathname;
    return path === "/data/ipf/b2b-default.csv"
      ? new Response(Deno.readFileSync(projectPath("data", "ipf", "b2b-default.csv")))
      : new Response("not found", { status: 404 });
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    const url = `${base}/data/ipf/b2b-default.csv`;
    const file = await localProjectFile(url);
    assert.ok(file.endsWith("b2b-default.csv") && !file.startsWith("http"), file);
    assert.deepEqual(
      await Deno.readFile(file),
      await Deno.readFile(projectPath("data", "ipf", "b2b-default.csv")),
    );
    assert.equal(await localProjectFile(url), file);
    assert.equal(requests, 1, "downloaded once");
    await assert.rejects(localProjectFile(`${base}/data/rules/none.yaml`), /HTTP 404/);
    await Deno.remove(join(file, ".."), { recursive: true });
  } finally {
    await server.shutdown();
  }
});
