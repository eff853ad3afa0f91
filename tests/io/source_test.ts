import assert from "node:assert/strict";
import { openJson } from "../../src/io/source.ts";

Deno.test("openJson() keeps 20-digit ids exactly (no double rounding, no false duplicate)", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    path,
    '[{"id": 12345678901234567890, "x": 1.50}, {"id": 12345678901234567891, "x": 2e3}]',
  );
  const source = await openJson(path);
  const rows = [];
  for await (const r of source.rows) rows.push(r.fields);
  assert.deepEqual(rows, [["12345678901234567890", "1.50"], ["12345678901234567891", "2e3"]]);
});
