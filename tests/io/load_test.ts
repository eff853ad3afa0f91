import assert from "node:assert/strict";
import { join } from "node:path";
import { DataError } from "../../src/io/errors.ts";
import {
  findTableFile,
  inferGrain,
  requireDataDir,
  transcriptsFolder,
  writeQuarantine,
} from "../../src/io/load.ts";

async function dir(files: Record<string, string | Uint8Array>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-load-" });
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(join(d, name), content);
    else await Deno.writeFile(join(d, name), content);
  }
  return d;
}

Deno.test("inferGrain() takes the notation's grain, else the coarsest grain the dates start on", () => {
  assert.equal(inferGrain("month", new Set(["2017-01-01"])), "month");
  assert.equal(inferGrain("quarter", new Set()), "quarter");
  assert.equal(inferGrain(undefined, new Set()), "month");
  assert.equal(inferGrain("day", new Set(["2017-01-02", "2017-01-09"])), "week");
  assert.equal(inferGrain("day", new Set(["2017-01-01", "2017-04-01"])), "quarter");
  assert.equal(inferGrain("day", new Set(["2017-01-01", "2017-02-01"])), "month");
  assert.equal(inferGrain("day", new Set(["2017-01-01"])), "month");
  assert.equal(inferGrain("day", new Set(["2017-01-05"])), "day");
});

Deno.test("findTableFile() takes the first of .csv, .csv.gz, .parquet, .json", async () => {
  const d = await dir({ "accounts.json": "[]", "accounts.csv.gz": new Uint8Array() });
  await Deno.mkdir(join(d, "voc.csv"));
  assert.equal(await findTableFile(d, "accounts"), join(d, "accounts.csv.gz"));
  assert.equal(await findTableFile(d, "voc"), undefined); // a folder is not a table file
  assert.equal(await findTableFile(d, "ipf"), undefined);
});

Deno.test("requireDataDir() names a missing folder and a file given as a folder", async () => {
  const d = await dir({ "a.csv": "x\n" });
  await requireDataDir(d);
  await assert.rejects(
    () => requireDataDir(join(d, "nope")),
    (e) => e instanceof DataError && e.message === `${join(d, "nope")}: data directory not found`,
  );
  await assert.rejects(
    () => requireDataDir(join(d, "a.csv")),
    (e) =>
      e instanceof DataError &&
      e.message === `${join(d, "a.csv")}: expected a data directory, found a file`,
  );
  assert.equal(await transcriptsFolder(d), undefined);
  await Deno.mkdir(join(d, "transcripts"));
  assert.equal(await transcriptsFolder(d), join(d, "transcripts"));
});

Deno.test("writeQuarantine() writes a header and neutralises formulas", async () => {
  const d = await dir({});
  const p = join(d, "q.csv");
  await writeQuarantine(p, [{
    table: "t",
    file: "f",
    line: 3,
    column: "c",
    value: "=cmd()",
    expected: "x",
    reason: "bad_value",
    message: "m, n",
  }]);
  assert.equal(
    await Deno.readTextFile(p),
    'table,file,line,column,value,expected,reason,message\nt,f,3,c,\'=cmd(),x,bad_value,"m, n"\n',
  );
});

Deno.test("writeQuarantine() shows a bidi override in a bad value as <U+202E>", async () => {
  const d = await dir({});
  const p = join(d, "q.csv");
  await writeQuarantine(p, [{
    table: "t",
    file: "f",
    line: 3,
    column: "c",
    value: "evil\u202etxt.exe",
    expected: "x",
    reason: "bad_value",
    message: "m",
  }]);
  const text = await Deno.readTextFile(p);
  assert.ok(!text.includes("\u202e") && text.includes(",evil<U+202E>txt.exe,"), text);
});
