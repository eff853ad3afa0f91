import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/io/load.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import {
  buildReport,
  escapeHtml,
  formatCell,
  neutraliseFormula,
  reportHtml,
  reportMarkdown,
  safeOutputPath,
  writeReport,
} from "../../src/report/mod.ts";
import { checkPage, CHROMIUM } from "../support/chromium.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const EVIL = "<script>alert(1)</script>";
const FORMULA = '=HYPERLINK("http://x")';

/** A synthetic world whose first two accounts carry hostile names. */
async function hostileWorld(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-report-" });
  await generateWorld(ipf, dir, { accounts: 60, months: 24, seed: 4 });
  for (const f of ["interactions.csv", "accounts.csv", "financials.csv", "voc.csv"]) {
    const p = join(dir, f);
    // whole-cell account ids only (interaction and contact ids that start with them stay)
    const text = (await Deno.readTextFile(p))
      .replace(/(^|,)acct-00001(?=,|\r?\n|$)/gm, `$1"${EVIL.replaceAll('"', '""')}"`)
      .replace(/(^|,)acct-00002(?=,|\r?\n|$)/gm, `$1"${FORMULA.replaceAll('"', '""')}"`);
    await Deno.writeTextFile(p, text);
  }
  return dir;
}

let built: { out: string; files: string[] } | undefined;
async function report() {
  if (built) return built;
  const dir = await hostileWorld();
  const engine = await openEngine();
  try {
    const { quarantine } = await loadDataDirIntoEngine(engine, dir);
    assert.equal(quarantine.length, 0);
    const doc = await buildReport(engine, {
      dataKind: "synthetic",
      source: "hostile test world",
      resamples: 100,
    });
    const out = await Deno.makeTempDir({ prefix: "rvlab-report-out-" });
    built = { out, files: await writeReport(doc, out) };
    return built;
  } finally {
    engine.close();
  }
}

Deno.test("escapeHtml(), neutraliseFormula() and safeOutputPath() do their jobs", async () => {
  assert.equal(escapeHtml(EVIL), "&lt;script&gt;alert(1)&lt;/script&gt;");
  assert.equal(neutraliseFormula("=SUM(A1)"), "'=SUM(A1)");
  for (const c of ["+1+2", "-cmd", "@x", "\tx", "\rx"]) assert.equal(neutraliseFormula(c), `'${c}`);
  assert.equal(neutraliseFormula("-5.5"), "-5.5");
  assert.equal(neutraliseFormula("plain"), "plain");
  const out = await Deno.makeTempDir();
  assert.equal(await safeOutputPath(out, "charts/a.svg"), join(out, "charts/a.svg"));
  await assert.rejects(() => safeOutputPath(out, "../escape.html"), /inside/);
  await assert.rejects(() => safeOutputPath(out, "/etc/passwd"), /inside/);
  await Deno.mkdir(join(out, "x"));
  await Deno.symlink("/tmp", join(out, "x", "link"));
  await assert.rejects(() => safeOutputPath(out, "x/link/file.html"), /outside/);
});

Deno.test("the report escapes user strings in HTML and neutralises formulas in CSV", async () => {
  const { out, files } = await report();
  const html = await Deno.readTextFile(join(out, "report.html"));
  assert.ok(!/<script/i.test(html), "no script element at all");
  assert.ok(
    html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"),
    "the hostile name shows as text",
  );
  assert.ok(
    !/(src|href)="https?:/i.test(html) && !/url\(\s*['"]?https?:/i.test(html),
    "nothing to fetch from a network",
  );
  const accounts = await Deno.readTextFile(join(out, "tables", "accounts.csv"));
  assert.ok(accounts.includes(`"'=HYPERLINK(""http://x"")"`), "formula neutralised");
  for (const f of files) assert.ok(f.startsWith(out), f);
  for (
    const kind of [
      "report.md",
      "charts/whale-curve.svg",
      "charts/whale-curve.png",
      "tables/validation_results.csv",
    ]
  ) {
    assert.ok(files.includes(join(out, kind)), kind);
  }
  assert.match(html, /SYNTHETIC data/);
  for (const level of ["Strategic", "Operative", "Innovation &amp; development", "Results"]) {
    assert.ok(html.includes(`<h2>${level}</h2>`), level);
  }
});

Deno.test({
  name: "the report opens in headless Chromium with no console error and no network request",
  ignore: !(() => {
    try {
      return Deno.statSync(CHROMIUM).isFile;
    } catch {
      console.error(
        `skipped: ${CHROMIUM} is not installed (scripts/setup.sh installs Debian's chromium)`,
      );
      return false;
    }
  })(),
  fn: async () => {
    const { out } = await report();
    const page = await checkPage(`file://${join(out, "report.html")}`);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.requests, []);
    assert.match(page.title, /RV-Q benchmark report/);
    assert.ok(page.screenshot.length > 10_000);
    await Deno.writeFile(join(out, "screenshot.png"), page.screenshot);
    const shots = new URL("./__screenshots__/", import.meta.url).pathname;
    if (Deno.env.get("CI") !== "true") {
      await Deno.mkdir(shots, { recursive: true });
      await Deno.writeFile(join(shots, "report.png"), page.screenshot);
    }
  },
});

Deno.test("reportHtml() renders an empty report", () => {
  const html = reportHtml({ title: "T <x>", data_kind: "real", source: "s", sections: [] });
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
});

Deno.test("reportHtml() and reportMarkdown() print an omitted chart's reason and write no file for it", async () => {
  const doc = {
    title: "T",
    data_kind: "real" as const,
    source: "s",
    sections: [{
      level: "Strategic" as const,
      title: "S",
      question: "Q?",
      paragraphs: [],
      charts: [{ id: "whale-curve", title: "Whale curve", omitted: "no revenue in the window" }],
      tables: [],
    }],
  };
  assert.match(reportHtml(doc), /Whale curve: not drawn — no revenue in the window\./);
  assert.match(reportMarkdown(doc), /Whale curve: not drawn — no revenue in the window\./);
  const dir = await Deno.makeTempDir();
  const files = await writeReport(doc, dir, { png: false });
  assert.ok(!files.some((f) => f.includes("whale-curve")), files.join(", "));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("formatCell() gives 4 significant digits without exponents and n/a for NaN", () => {
  assert.equal(formatCell(186_123.4), "186100");
  assert.equal(formatCell(0.316_94), "0.3169");
  assert.equal(formatCell(42), "42");
  assert.equal(formatCell(Number.NaN), "n/a");
  assert.equal(formatCell(null), "");
});

Deno.test("the report says why say vs do is missing when voc has no answers, and draws no chart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-report-novoc-" });
  await generateWorld(ipf, dir, { accounts: 40, months: 18, seed: 5 });
  const voc = join(dir, "voc.csv");
  await Deno.writeTextFile(voc, (await Deno.readTextFile(voc)).split("\n")[0] + "\n");
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(engine, dir);
    const doc = await buildReport(engine, {
      dataKind: "synthetic",
      source: "no voc",
      resamples: 50,
    });
    const out = await Deno.makeTempDir({ prefix: "rvlab-report-novoc-out-" });
    const files = await writeReport(doc, out, { png: false });
    const md = await Deno.readTextFile(join(out, "report.md"));
    assert.match(md, /Say vs do: not measurable on this data \(no NPS or CSAT answers in voc\)/);
    assert.ok(!files.some((f) => f.includes("say-do")), "no say-do chart");
    assert.ok(files.some((f) => f.endsWith("calibration-holdout.svg")), "back-test chart present");
  } finally {
    engine.close();
  }
});
