import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import {
  buildReport,
  escapeHtml,
  formatValue,
  neutraliseFormula,
  reportHtml,
  reportMarkdown,
  safeOutputPath,
  writeReport,
} from "../../src/report/mod.ts";
import { checkPage, CHROMIUM } from "../support/chromium.ts";
import { printPdf } from "../../src/report/pdf.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const EVIL = "<script>alert(1)</script>";
const FORMULA = '=HYPERLINK("http://x")';
/** A right-to-left override: "evil\u202Etxt.exe" shows as "evilexe.txt" */
const RTL = "evil\u202etxt.exe";

/** A synthetic world whose first three accounts carry hostile names. */
async function hostileWorld(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-report-" });
  await generateWorld(ipf, dir, { accounts: 60, months: 24, seed: 4 });
  for (const f of ["interactions.csv", "accounts.csv", "financials.csv", "voc.csv"]) {
    const p = join(dir, f);
    // whole-cell account ids only (interaction and contact ids that start with them stay)
    const text = (await Deno.readTextFile(p))
      .replace(/(^|,)acct-00001(?=,|\r?\n|$)/gm, `$1"${EVIL.replaceAll('"', '""')}"`)
      .replace(/(^|,)acct-00002(?=,|\r?\n|$)/gm, `$1"${FORMULA.replaceAll('"', '""')}"`)
      .replace(/(^|,)acct-00003(?=,|\r?\n|$)/gm, `$1${RTL}`);
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
  for (const c of ["+1+2", "-cmd", "@x", "\tx"]) assert.equal(neutraliseFormula(c), `'${c}`);
  assert.equal(neutraliseFormula("\rx"), "'<U+000D>x"); // a lone CR is shown too
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
    assert.match(html, new RegExp(`<h2>\\d ${level}</h2>`), level);
  }
});

Deno.test("the report shows a bidi override in an account id escaped in HTML, Markdown and CSV", async () => {
  const { out } = await report();
  for (
    const [file, shown] of [
      ["report.html", "evil&lt;U+202E&gt;txt.exe"],
      ["report.md", "evil\\<U+202E\\>txt.exe"],
      ["tables/accounts.csv", "evil<U+202E>txt.exe"],
    ]
  ) {
    const text = await Deno.readTextFile(join(out, file));
    assert.ok(!text.includes("\u202e"), `${file} holds a raw U+202E`);
    assert.ok(text.includes(shown), `${file} shows ${shown}`);
  }
});

Deno.test("the report opens with the executive summary, then the contents, then the four levels in order", async () => {
  const { out } = await report();
  const html = await Deno.readTextFile(join(out, "report.html"));
  const at = (s: string) => {
    const i = html.indexOf(s);
    assert.ok(i >= 0, `missing ${s}`);
    return i;
  };
  const order = [
    '<section id="summary">',
    "RV-Q answers",
    "Is RV a leading indicator?",
    "Starting benchmark and the seed study",
    '<nav class="toc">',
    '<section class="level" id="strategic">',
    '<section class="level" id="operative">',
    '<section class="level" id="innovation">',
    '<section class="level" id="results">',
  ].map(at);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  // every RV-Q question of the study is answered in the summary, yes / no / not measurable
  const rvq = JSON.parse(await Deno.readTextFile(join(out, "tables", "rvq.json")));
  const summary = html.slice(order[0], order[4]);
  const answers = [...summary.matchAll(/class="answer answer-([a-z-]+)"/g)].map((m) => m[1]);
  assert.ok(answers.length >= rvq.length + 1, `${answers.length} answers`);
  assert.ok(answers.every((a) => ["yes", "no", "not-measurable"].includes(a)), answers.join());
  assert.match(summary, /For the team|What to act on/);
});

Deno.test("every contents link leads to a heading, and figures and tables are numbered in order", async () => {
  const { out } = await report();
  const html = await Deno.readTextFile(join(out, "report.html"));
  const toc = html.slice(html.indexOf('<nav class="toc">'), html.indexOf("</nav>"));
  const links = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
  assert.ok(links.length >= 15, `${links.length} links`);
  for (const id of links) assert.ok(html.includes(` id="${id}"`), `no element with id ${id}`);
  const figures = [...html.matchAll(/<figcaption>Figure (\d+):/g)].map((m) => Number(m[1]));
  assert.deepEqual(figures, figures.map((_, i) => i + 1));
  const tables = [...html.matchAll(/(?:<caption>|<p class="note">)Table (\d+):/g)].map((m) =>
    Number(m[1])
  );
  assert.ok(tables.length > 10);
  assert.deepEqual(tables, tables.map((_, i) => i + 1));
});

Deno.test("the Markdown has the summary, every scorecard field, PNG figures and human headers", async () => {
  const { out } = await report();
  const md = await Deno.readTextFile(join(out, "report.md"));
  assert.match(md, /^## 1 Executive summary$/m);
  const scorecard =
    JSON.parse(await Deno.readTextFile(join(out, "tables", "crm_scorecard.json")))[0];
  const block = md.slice(md.indexOf(": CRM-strategy scorecard**"));
  const fields = block.slice(0, block.indexOf("\n\n", block.indexOf("| Field")));
  assert.equal(
    fields.split("\n").filter((l) => l.startsWith("| ")).length - 1,
    Object.keys(scorecard).length,
  );
  assert.match(md, /!\[Figure 1: [^\]]+\]\(charts\/[a-z0-9-]+\.png\)/);
  assert.ok(!/\.svg\)/.test(md), "no SVG images in the Markdown");
  assert.ok(!/\| account_id \|/.test(md) && /\| Account ID \|/.test(md), "human headers");
});

function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    console.error(
      `skipped: ${CHROMIUM} is not installed (scripts/setup.sh installs Debian's chromium)`,
    );
    return false;
  }
}

Deno.test({
  name: "the report opens in headless Chromium with no console error and no network request",
  ignore: !hasChromium(),
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

/** Elements of the page wider than its viewport, as "section-id TAG#id". */
const OVERFLOW = `JSON.stringify([...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)
  .map((e) => (e.closest("section[id]")?.id ?? "") + " " + e.tagName + (e.id ? "#" + e.id : "")))`;

Deno.test({
  name: "printed on A4, no part of the report is wider than the page, and --pdf writes a PDF",
  ignore: !hasChromium(),
  fn: async () => {
    const { out } = await report();
    // A4 less 2 × 12 mm margins, at 96 px per inch
    const width = Math.floor(((210 - 24) / 25.4) * 96);
    const page = await checkPage(`file://${join(out, "report.html")}`, {
      width,
      media: "print",
      evaluate: [OVERFLOW],
    });
    assert.deepEqual(JSON.parse(page.values[0] as string), []);
    // and the same check fails on a page that is too wide
    const wide = join(out, "wide.html");
    await Deno.writeTextFile(
      wide,
      `<section id="x"><table><tr><td style="white-space:nowrap">${
        "x".repeat(400)
      }</td></tr></table></section>`,
    );
    const bad = await checkPage(`file://${wide}`, { width, media: "print", evaluate: [OVERFLOW] });
    assert.deepEqual(JSON.parse(bad.values[0] as string), ["x TABLE"]);
    const pdf = join(out, "report.pdf");
    await printPdf(join(out, "report.html"), pdf);
    const bytes = await Deno.readFile(pdf);
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
    assert.ok(bytes.length > 50_000, `${bytes.length} bytes`);
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
      id: "s",
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

Deno.test("formatValue() formats by column: separators, percentages, p-values, no exponents, n/a for NaN", () => {
  assert.equal(formatValue("rv", 186_123.4), "186,123");
  assert.equal(formatValue("rv", 0.316_94), "0.3169");
  assert.equal(formatValue("rv", 42), "42");
  assert.equal(formatValue("rv", 1.5e-7), "0.00000015");
  assert.equal(formatValue("revenue", 14_590_000.4), "14,590,000");
  assert.equal(formatValue("top10_revenue_share", 0.4567), "45.7 %");
  assert.equal(formatValue("p_value", 0.0123), "0.012");
  assert.equal(formatValue("p_value", 1e-9), "< 0.001");
  assert.equal(formatValue("rv", Number.NaN), "n/a");
  assert.equal(formatValue("rv", null), "");
  assert.equal(formatValue("window_end", "2024-03-31T10:15:00Z"), "2024-03-31 10:15");
  assert.equal(formatValue("drivers", [{ type: "webinar" }, { type: "visit" }]), "webinar, visit");
  assert.equal(formatValue("tags", ["a", "b"]), "a, b");
  assert.equal(formatValue("basis", { a: 1 }), "A: 1");
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

Deno.test("the report's themes section codes the folder's transcripts, names mismatches, escapes labels", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-report-themes-" });
  await generateWorld(ipf, dir, { accounts: 40, months: 18, seed: 5 });
  const fx = new URL("../fixtures/themes/feedback/", import.meta.url).pathname;
  await Deno.copyFile(join(fx, "transcripts.csv"), join(dir, "transcripts.csv"));
  await Deno.writeTextFile(
    join(dir, "codebook.yaml"),
    (await Deno.readTextFile(join(fx, "codebook.yaml")))
      .replace("label: Staff manner", `label: "Staff ${EVIL}"`),
  );
  const { themeStudy } = await import("../../src/study/themes.ts");
  const themes = await themeStudy(dir, { resamples: 50 });
  assert.ok(!("skipped" in themes));
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(engine, dir);
    const doc = await buildReport(engine, {
      dataKind: "synthetic",
      source: "themes",
      resamples: 50,
      themes,
    });
    const section = doc.sections.find((s) => s.id === "themes")!;
    assert.equal(section.level, "Results");
    assert.match(
      section.paragraphs[0],
      /^5 answers of 5 respondents .* codebook "Fixture feedback"/,
    );
    // the fixture's "unhappy" theme has no human column: named, and left out of the agreement
    assert.ok(
      section.paragraphs.some((p) =>
        /Warning: 1 codebook theme has no code_ column.*unhappy/.test(p)
      ),
    );
    assert.ok(
      section.paragraphs.some((p) =>
        /over the 2 themes with a human column: micro F1 1\.00/.test(p)
      ),
    );
    const out = await Deno.makeTempDir({ prefix: "rvlab-report-themes-out-" });
    const files = await writeReport(doc, out, { png: false });
    assert.ok(files.some((f) => f.endsWith("theme_bars.svg")));
    assert.ok(files.some((f) => f.endsWith("theme_rule_diagnostics.csv")));
    const html = await Deno.readTextFile(join(out, "report.html"));
    assert.ok(!html.includes(EVIL), "the label is escaped");
    assert.match(html, /Themes: what customers say/);
  } finally {
    engine.close();
  }
  // without a codebook the section says what to collect
  await Deno.remove(join(dir, "codebook.yaml"));
  const none = await themeStudy(dir);
  assert.ok("skipped" in none && /no codebook/.test(none.skipped));
});
