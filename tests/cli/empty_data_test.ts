/**
 * Data in which every interaction was quarantined: each analysis command says so in
 * one line naming the table, the counts and the quarantine, and exits 1 (it used to
 * crash with a RangeError from the window computation).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rvlab } from "../support/cli.ts";
import { nothingToAnalyse } from "../../src/io/data_quality.ts";
import { dataQuality } from "../../src/io/data_quality.ts";
import { loadDataDir } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";

async function allBad(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-allbad-" });
  await Deno.copyFile(DEFAULT_IPF, join(dir, "ipf.csv"));
  await Deno.writeTextFile(
    join(dir, "interactions.csv"),
    "interaction_id,occurred_at,account_id,interaction_type\n" +
      "i1,not a date,a1,website_visit\ni2,2017-13-01,a1,website_visit\ni3,,a2,website_visit\n",
  );
  return dir;
}

Deno.test("nothingToAnalyse() names the counts, the first bad line and how to see the reasons", async () => {
  const dir = await allBad();
  try {
    const { report, quarantine } = await loadDataDir(dir);
    const msg = nothingToAnalyse(await dataQuality(dir, report, quarantine));
    assert.ok(msg);
    assert.match(msg, /^no interactions or financials to analyse in /);
    assert.match(msg, /interactions: 0 of 3 rows accepted, 3 quarantined/);
    assert.match(msg, /first at .*interactions\.csv:2/);
    assert.match(msg, /financials: no table/);
    assert.match(msg, /rvlab check --data .* --quarantine q\.csv/);
    // one accepted row is enough to analyse
    await Deno.writeTextFile(
      join(dir, "interactions.csv"),
      "interaction_id,occurred_at,account_id,interaction_type\ni1,2017-01-01,a1,website_visit\n",
    );
    const ok = await loadDataDir(dir);
    assert.equal(nothingToAnalyse(await dataQuality(dir, ok.report, ok.quarantine)), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("segments, report and validate on all-quarantined data exit 1 with one line, no stack", async () => {
  const dir = await allBad();
  const out = await Deno.makeTempDir({ prefix: "rvlab-allbad-out-" });
  try {
    for (
      const args of [
        ["segments", "--data", dir],
        ["validate", "--data", dir],
        ["report", "--data", dir, "--out", join(out, "r")],
      ]
    ) {
      const r = await rvlab(...args);
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      const last = r.stderr.trim().split("\n").at(-1)!;
      assert.match(last, /no interactions or financials to analyse in .*3 quarantined/, args[0]);
      assert.doesNotMatch(r.stderr, /RangeError|^\s+at /m, args[0]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("segments and report on data with years before 1000 (0099) run, no RangeError", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-year99-" });
  const out = await Deno.makeTempDir({ prefix: "rvlab-year99-out-" });
  try {
    await Deno.copyFile(DEFAULT_IPF, join(dir, "ipf.csv"));
    const rows = ["interaction_id,occurred_at,account_id,interaction_type"];
    for (let i = 0; i < 24; i++) {
      const y = i < 12 ? "0099" : "0100";
      rows.push(`i${i},${y}-${String((i % 12) + 1).padStart(2, "0")}-15,a${i % 3},website_visit`);
    }
    await Deno.writeTextFile(join(dir, "interactions.csv"), rows.join("\n") + "\n");
    const seg = await rvlab("segments", "--data", dir, "--json");
    assert.equal(seg.code, 0, seg.stderr);
    assert.doesNotMatch(seg.stderr, /RangeError|Invalid time value|^\s+at /m);
    const j = JSON.parse(seg.stdout);
    assert.match(JSON.stringify(j), /0100-/, "the window is in year 100, not 1999 or 2000");
    const rep = await rvlab("report", "--data", dir, "--out", join(out, "r"), "--no-png");
    assert.equal(rep.code, 0, rep.stderr);
    assert.doesNotMatch(rep.stderr, /RangeError|Invalid time value|^\s+at /m);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});
