/**
 * Writing a report: one self-contained HTML file (charts inline, CSS inline, no
 * script, nothing fetched from a network), a Markdown version, every chart as SVG
 * and PNG, and every table as CSV (formula-safe) and JSON.
 *
 * @module
 */
import type { ProgressEvent } from "../util/progress.ts";
import type { ReportDoc, ReportTable } from "./build.ts";
import { safeOutputPath, writeOutputFile } from "./safety.ts";
import { type StageOptions, stageOutputDir } from "../io/output_dir.ts";
import { isOmitted } from "../charts/render.ts";
import { type PngRenderer, pngRenderer } from "../charts/png.ts";
import { escapeHtml, escapeMarkdown, formatCsvRow, safeCsvValue } from "../util/escape.ts";
import { htmlTable as renderHtmlTable, markdownTable } from "../util/html_table.ts";
import type { SeedComparison } from "../segments/starting_benchmark.ts";
import { OUTLINE } from "./outline.ts";
import { printPdf } from "./pdf.ts";
import type { Answer, ExecutiveSummary, SummaryAnswer } from "./summary.ts";
import { columnLabel, formatValue } from "../util/table_format.ts";

const PREVIEW_ROWS = 12;
/** columns shown in the HTML / Markdown table; the rest are named in a note */
const MAX_COLUMNS = { html: 10, markdown: 8 } as const;

/** How the report names its kind of data, in the banner of both versions. */
const KIND_LABEL: Record<ReportDoc["data_kind"], string> = {
  synthetic: "SYNTHETIC data",
  fictional: "Fictional company's data",
  real: "Real data",
};

const CSS =
  `body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}h3{margin-top:1.6em}
.kind{display:inline-block;padding:.2em .6em;border-radius:4px;background:#E69F00;color:#000;font-weight:bold}
.question{font-style:italic;color:#555}figure{margin:1.2em 0}figcaption{font-size:.85em;color:#555}
table{border-collapse:collapse;font-size:.8em;margin:.6em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0;overflow-wrap:normal;word-break:normal}td[style*="right"]{white-space:nowrap}.answer{white-space:nowrap}
table.summary td:first-child{width:32%}.note{font-size:.85em;color:#555}
caption{caption-side:top;text-align:left;font-weight:bold;font-size:1.05em;padding:.3em 0}
.prompt{border-left:4px solid #E69F00;background:#fff8e6;padding:.4em .8em;margin:.8em 0}
.answer{font-weight:bold;white-space:nowrap}.answer-yes{color:#006d2c}.answer-no{color:#a50f15}.answer-not-measurable{color:#555}
nav.toc ol{list-style:none;padding-left:1.2em}nav.toc>ol{padding-left:0}nav.toc a{text-decoration:none}
svg{max-width:100%;height:auto}.wide{overflow-x:auto}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:9.5pt}
.level{break-before:page}h2,h3,h4,caption{break-after:avoid}
figure,tr,.prompt,table.summary{break-inside:avoid}.wide{overflow:visible}table{font-size:7.5pt;max-width:100%}
td{overflow-wrap:anywhere}thead{display:table-header-group}a{color:inherit;text-decoration:none}figure svg{max-height:120mm;width:auto}}`;

/** The numbers of a report's headings, figures and tables, assigned in reading order. */
interface Numbering {
  /** section id → "2.1" */
  sections: Map<string, string>;
  /** level id → "2" */
  levels: Map<string, string>;
  /** chart id → figure number (drawn charts only) */
  figures: Map<string, number>;
  /** table name → table number */
  tables: Map<string, number>;
}

function levelsOf(doc: ReportDoc) {
  return OUTLINE.map((l) => ({
    ...l,
    sections: doc.sections.filter((s) => s.level === l.level),
  })).filter((l) => l.sections.length);
}

function numbering(doc: ReportDoc): Numbering {
  const n: Numbering = {
    sections: new Map(),
    levels: new Map(),
    figures: new Map(),
    tables: new Map(),
  };
  let level = doc.summary ? 1 : 0;
  let figure = 0, table = 0;
  for (const l of levelsOf(doc)) {
    level++;
    n.levels.set(l.id, String(level));
    l.sections.forEach((s, i) => {
      n.sections.set(s.id, `${level}.${i + 1}`);
      for (const c of s.charts) if (!isOmitted(c)) n.figures.set(c.id, ++figure);
      for (const t of s.tables) n.tables.set(t.name, ++table);
    });
  }
  return n;
}

function columnsOf(t: ReportTable): string[] {
  const cols: string[] = [];
  for (const r of t.rows.slice(0, 50)) {
    for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  }
  return cols;
}

/** A table ready to print: human headers, formatted cells, and what was left out. */
interface PrintedTable {
  title: string;
  columns: string[];
  rows: string[][];
  numeric: boolean[];
  /** notes on rows and columns left out, with the CSV that has them */
  notes: string[];
}

const isNumeric = (t: ReportTable, c: string) =>
  t.rows.slice(0, 50).some((r) => typeof r[c] === "number") &&
  t.rows.slice(0, 50).every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number");

/**
 * A table as the report prints it: one wide row as field / value pairs (every field
 * shown), else the table's chosen columns (or the first `maxColumns`) and the first
 * rows, with a note naming what is left out and the CSV that has it all.
 *
 * Complexity: O(rows × columns) of the shown part.
 *
 * @example
 * ```ts
 * import { printedTable } from "./write.ts";
 * const t = printedTable({ name: "t", rows: [{ revenue: 14590000, rate_top: 0.5 }] }, 10);
 * t.rows; // => [["14,590,000", "50.0 %"]]
 * ```
 */
export function printedTable(t: ReportTable, maxColumns: number): PrintedTable {
  const title = t.title ?? columnLabel(t.name);
  const csv = `tables/${t.name}.csv`;
  const all = columnsOf(t);
  if (t.rows.length === 1 && all.length > 6) {
    // one wide row reads better as field / value pairs
    return {
      title,
      columns: ["Field", "Value"],
      rows: all.map((c) => [columnLabel(c), formatValue(c, t.rows[0][c])]),
      numeric: [false, false],
      notes: [],
    };
  }
  const chosen = (t.columns ?? all).filter((c) => all.includes(c));
  const shown = chosen.slice(0, maxColumns);
  const hidden = all.length - shown.length;
  const notes: string[] = [];
  if (t.rows.length > PREVIEW_ROWS) notes.push(`First ${PREVIEW_ROWS} of ${t.rows.length} rows`);
  if (hidden > 0) notes.push(`${hidden} more column${hidden === 1 ? "" : "s"}`);
  return {
    title,
    columns: shown.map(columnLabel),
    rows: t.rows.slice(0, PREVIEW_ROWS).map((r) => shown.map((c) => formatValue(c, r[c]))),
    numeric: shown.map((c) => isNumeric(t, c)),
    notes: notes.length ? [`${notes.join("; ")}: all in ${csv}.`] : [],
  };
}

function htmlTable(t: ReportTable, number: number | undefined): string {
  const p = printedTable(t, MAX_COLUMNS.html);
  const label = `${number ? `Table ${number}: ` : ""}${p.title}`;
  if (!t.rows.length) return `<p class="note">${escapeHtml(label)}: no rows.</p>`;
  const table = renderHtmlTable({
    columns: p.columns,
    rows: p.rows,
    numeric: p.numeric,
    caption: label,
  });
  const csv = `tables/${t.name}.csv`;
  const notes = p.notes.map((n) =>
    `<p class="note">${
      escapeHtml(n).replace(escapeHtml(csv), `<a href="${escapeHtml(csv)}">${escapeHtml(csv)}</a>`)
    }</p>`
  ).join("");
  return `<div class="wide" id="table-${escapeHtml(t.name)}">${table}</div>${notes}`;
}

function mdTable(t: ReportTable, number: number | undefined): string {
  const p = printedTable(t, MAX_COLUMNS.markdown);
  const label = `${number ? `Table ${number}: ` : ""}${p.title}`;
  if (!t.rows.length) return `*${escapeMarkdown(label)}: no rows.*\n`;
  const lines = [
    `**${escapeMarkdown(label)}**\n`,
    markdownTable({ columns: p.columns, rows: p.rows, numeric: p.numeric }),
  ];
  for (const n of p.notes) lines.push(`\n*${escapeMarkdown(n)}*`);
  return `${lines.join("\n")}\n`;
}

const ANSWER_LABEL: Record<Answer, string> = {
  yes: "Yes",
  no: "No",
  "not measurable": "Not measurable",
};

const answerClass = (a: Answer) => `answer answer-${a.replaceAll(" ", "-")}`;

function summaryHtml(summary: ExecutiveSummary, n: Numbering): string {
  const ref = (id: string) => {
    const num = n.sections.get(id);
    return num ? ` <a href="#${escapeHtml(id)}">(§${num})</a>` : "";
  };
  const answers = (title: string, rows: SummaryAnswer[]) =>
    rows.length
      ? `<h3>${
        escapeHtml(title)
      }</h3><table class="summary"><thead><tr><th>Question</th><th>Answer</th><th>Evidence</th></tr></thead><tbody>${
        rows.map((a) =>
          `<tr><td>${escapeHtml(a.question)}</td><td class="${answerClass(a.answer)}">${
            ANSWER_LABEL[a.answer]
          }</td><td>${escapeHtml(a.evidence)}${ref(a.section)}</td></tr>`
        ).join("")
      }</tbody></table>`
      : "";
  const bench = summary.benchmark.map((b) =>
    `<tr><td>${escapeHtml(b.measure)}</td><td>${
      escapeHtml(b.claim)
    }</td><td style="text-align:right">${escapeHtml(seedFound(b))}</td><td>${
      escapeHtml(b.verdict)
    }</td></tr>`
  ).join("");
  return [
    `<section id="summary"><h2>${n.levels.size ? "1 " : ""}Executive summary</h2>`,
    answers("RV-Q answers", summary.rvq),
    answers("Is RV a leading indicator?", summary.leading),
    answers("Say vs do", [summary.say_do]),
    `<h3>Starting benchmark and the seed study's claim</h3><table class="summary"><thead><tr><th>Measure</th><th>Seed study</th><th>This data</th><th>Compared</th></tr></thead><tbody>${bench}</tbody></table>`,
    `<h3>What to act on</h3><ul>${
      summary.actions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")
    }</ul>${
      n.sections.has("exceptions")
        ? `<p>The accounts and actions are listed in <a href="#exceptions">§${
          n.sections.get("exceptions")
        }</a>.</p>`
        : ""
    }`,
    `</section>`,
  ].join("\n");
}

function seedFound(b: SeedComparison): string {
  if (!Number.isFinite(b.found)) return "n/a";
  return b.unit === "ratio" ? `${b.found.toFixed(2)}×` : formatValue("share", b.found);
}

function summaryMarkdown(summary: ExecutiveSummary): string {
  const answers = (title: string, rows: SummaryAnswer[]) =>
    rows.length
      ? `### ${title}\n\n${
        markdownTable({
          columns: ["Question", "Answer", "Evidence"],
          rows: rows.map((a) => [a.question, ANSWER_LABEL[a.answer], a.evidence]),
        })
      }\n`
      : "";
  return [
    `## 1 Executive summary\n`,
    answers("RV-Q answers", summary.rvq),
    answers("Is RV a leading indicator?", summary.leading),
    answers("Say vs do", [summary.say_do]),
    `### Starting benchmark and the seed study's claim\n\n${
      markdownTable({
        columns: ["Measure", "Seed study", "This data", "Compared"],
        rows: summary.benchmark.map((b) => [b.measure, b.claim, seedFound(b), b.verdict]),
      })
    }\n`,
    `### What to act on\n\n${summary.actions.map((a) => `- ${escapeMarkdown(a)}`).join("\n")}\n`,
  ].join("\n");
}

function tocHtml(doc: ReportDoc, n: Numbering): string {
  const items: string[] = [];
  if (doc.summary) items.push(`<li><a href="#summary">1 Executive summary</a></li>`);
  for (const l of levelsOf(doc)) {
    const subs = l.sections.map((s) =>
      `<li><a href="#${escapeHtml(s.id)}">${n.sections.get(s.id)} ${escapeHtml(s.title)}</a></li>`
    ).join("");
    items.push(
      `<li><a href="#${l.id}">${n.levels.get(l.id)} ${
        escapeHtml(l.level)
      }</a><ol>${subs}</ol></li>`,
    );
  }
  return `<nav class="toc"><h2>Contents</h2><ol>${items.join("")}</ol></nav>`;
}

/**
 * Renders the whole report as one self-contained HTML document: the executive
 * summary, a table of contents with anchors, then the CERS levels, each with its
 * purpose, the questions for the team, and its numbered sections, figures and
 * tables; print CSS with page breaks (for `--pdf`).
 *
 * Why: one file (styles and SVG charts inline) that can be mailed, opened offline or printed.
 *
 * Complexity: O(report size).
 *
 * @example
 * ```ts
 * import { reportHtml } from "./write.ts";
 * import type { ReportDoc } from "./build.ts";
 * const doc: ReportDoc = {
 *   title: "Demo", data_kind: "synthetic", source: "demo",
 *   sections: [{
 *     id: "figures", level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
 *     tables: [{ name: "t", rows: [{ a: 1 }] }],
 *   }],
 * };
 * reportHtml(doc).startsWith("<!doctype html>"); // => true
 * ```
 */
export function reportHtml(doc: ReportDoc): string {
  const kind = KIND_LABEL[doc.data_kind];
  const n = numbering(doc);
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(doc.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(doc.title)}</h1><p><span class="kind">${escapeHtml(kind)}</span> ${
      escapeHtml(doc.source)
    }</p>`,
  ];
  if (doc.summary) parts.push(summaryHtml(doc.summary, n));
  parts.push(tocHtml(doc, n));
  for (const l of levelsOf(doc)) {
    parts.push(
      `<section class="level" id="${l.id}"><h2>${n.levels.get(l.id)} ${escapeHtml(l.level)}</h2>`,
      `<p>${escapeHtml(l.purpose)}</p><ul>${
        l.sections.map((s) =>
          `<li><a href="#${escapeHtml(s.id)}">${n.sections.get(s.id)}</a> ${
            escapeHtml(s.question)
          }</li>`
        ).join("")
      }</ul>`,
      ...l.prompts.map((p) => `<p class="prompt"><b>For the team:</b> ${escapeHtml(p)}</p>`),
    );
    for (const s of l.sections) {
      parts.push(
        `<section id="${escapeHtml(s.id)}"><h3>${n.sections.get(s.id)} ${
          escapeHtml(s.title)
        }</h3><p class="question">${escapeHtml(s.question)}</p>`,
      );
      for (const p of s.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
      if (s.prompt) {
        parts.push(`<p class="prompt"><b>For the team:</b> ${escapeHtml(s.prompt)}</p>`);
      }
      for (const c of s.charts) {
        if (isOmitted(c)) {
          parts.push(
            `<p class="note omitted">${escapeHtml(c.title)}: not drawn — ${
              escapeHtml(c.omitted)
            }.</p>`,
          );
          continue;
        }
        parts.push(
          `<figure id="figure-${escapeHtml(c.id)}">${c.svg}<figcaption>Figure ${
            n.figures.get(c.id)
          }: ${escapeHtml(c.title)} — <a href="charts/${
            escapeHtml(c.id)
          }.svg">SVG</a>, <a href="charts/${escapeHtml(c.id)}.png">PNG</a></figcaption></figure>`,
        );
      }
      for (const t of s.tables) parts.push(htmlTable(t, n.tables.get(t.name)));
      parts.push(`</section>`);
    }
    parts.push(`</section>`);
  }
  parts.push(
    `<p class="note">Generated by rvlab. Every table behind a figure is in tables/ as CSV and JSON.</p></body></html>`,
  );
  return parts.join("\n");
}

/**
 * Renders the report as Markdown that pastes into a document: the executive summary,
 * the contents, then the same levels, sections, numbered figures (PNG images, or SVG
 * with `png: false`) and tables as the HTML, with human headers.
 *
 * Why: a text version that diffs well, reads in any repository viewer and pastes.
 *
 * Complexity: O(report size).
 *
 * @example
 * ```ts
 * import { reportMarkdown } from "./write.ts";
 * import type { ReportDoc } from "./build.ts";
 * const doc: ReportDoc = {
 *   title: "Demo", data_kind: "synthetic", source: "demo",
 *   sections: [{
 *     id: "figures", level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
 *     tables: [{ name: "t", rows: [{ a: 1 }] }],
 *   }],
 * };
 * reportMarkdown(doc).split("\n")[0]; // => "# Demo"
 * ```
 */
export function reportMarkdown(doc: ReportDoc, options: { png?: boolean } = {}): string {
  const kind = KIND_LABEL[doc.data_kind];
  const n = numbering(doc);
  const image = options.png === false ? "svg" : "png";
  const parts = [
    `# ${escapeMarkdown(doc.title)}\n`,
    `**${kind}**: ${escapeMarkdown(doc.source)}\n`,
  ];
  if (doc.summary) parts.push(summaryMarkdown(doc.summary));
  const toc: string[] = doc.summary ? ["1. Executive summary"] : [];
  for (const l of levelsOf(doc)) {
    toc.push(`${n.levels.get(l.id)}. ${l.level}`);
    for (const s of l.sections) toc.push(`   - ${n.sections.get(s.id)} ${escapeMarkdown(s.title)}`);
  }
  parts.push(`## Contents\n\n${toc.join("\n")}\n`);
  for (const l of levelsOf(doc)) {
    parts.push(`## ${n.levels.get(l.id)} ${l.level}\n`, `${escapeMarkdown(l.purpose)}\n`);
    for (const p of l.prompts) parts.push(`> **For the team:** ${escapeMarkdown(p)}\n`);
    for (const s of l.sections) {
      parts.push(
        `### ${n.sections.get(s.id)} ${escapeMarkdown(s.title)}\n`,
        `*${escapeMarkdown(s.question)}*\n`,
      );
      for (const p of s.paragraphs) parts.push(`${escapeMarkdown(p)}\n`);
      if (s.prompt) parts.push(`> **For the team:** ${escapeMarkdown(s.prompt)}\n`);
      for (const c of s.charts) {
        parts.push(
          isOmitted(c)
            ? `*${escapeMarkdown(c.title)}: not drawn — ${escapeMarkdown(c.omitted)}.*\n`
            : `![Figure ${n.figures.get(c.id)}: ${
              escapeMarkdown(c.title)
            }](charts/${c.id}.${image})\n\n*Figure ${n.figures.get(c.id)}: ${
              escapeMarkdown(c.title)
            }*\n`,
        );
      }
      for (const t of s.tables) parts.push(mdTable(t, n.tables.get(t.name)));
    }
  }
  return parts.join("\n");
}

/** Options for {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** write charts/*.png (and link them from report.md); default true */
  png?: boolean;
  pdf?: boolean;
  log?: (l: string) => void;
  /** how far the writing is (`report: write`, charts written), for a terminal bar */
  onProgress?: (e: ProgressEvent) => void;
  /** what may be replaced, and the marker (io/output_dir.ts); "in-place": the caller stages */
  output?: StageOptions | "in-place";
  /**
   * draws the PNGs: the caller's (e.g. the one that drew them while the report was
   * rendered, `renderReport`'s `pngs`), or by default a pool of its own for this call
   */
  pngs?: PngRenderer;
}

/**
 * Writes report.html, report.md, charts/*.svg|png and tables/*.csv|json into
 * `outDir`, and report.pdf with `pdf` (headless Chromium, {@linkcode printPdf}), built
 * beside it and swapped in whole (`io/output_dir.ts`: a non-empty folder rvlab did not
 * write is refused, files of an earlier report are gone). Returns the paths written.
 *
 * Why: every figure in the report comes with the table behind it, next to it on disk.
 *
 * Complexity: O(report size) plus one PNG render per chart with `png` (in workers,
 * `charts/png.ts`).
 *
 * @example
 * ```ts
 * import { writeReport } from "./write.ts";
 * import type { ReportDoc } from "./build.ts";
 * const doc: ReportDoc = {
 *   title: "Demo", data_kind: "synthetic", source: "demo",
 *   sections: [{
 *     id: "figures", level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
 *     tables: [{ name: "t", rows: [{ a: 1 }] }],
 *   }],
 * };
 * const dir = await Deno.makeTempDir();
 * // tables/t.csv, tables/t.json, report.html, report.md
 * (await writeReport(doc, dir)).length; // => 4
 * ```
 */
export async function writeReport(
  doc: ReportDoc,
  outDir: string,
  options: WriteReportOptions = {},
): Promise<string[]> {
  const own = options.png !== false && !options.pngs ? pngRenderer() : undefined;
  try {
    return await writeReportWith(doc, outDir, { ...options, pngs: options.pngs ?? own });
  } finally {
    own?.close();
  }
}

/** {@linkcode writeReport} with its PNG renderer given (when PNGs are written). */
async function writeReportWith(
  doc: ReportDoc,
  outDir: string,
  options: WriteReportOptions,
): Promise<string[]> {
  const stage = options.output === "in-place"
    ? undefined
    : await stageOutputDir(outDir, options.output ?? { command: "writeReport" });
  const dir = stage?.dir ?? outDir;
  const files: string[] = [];
  const put = async (name: string, content: string | Uint8Array) => {
    files.push(await writeOutputFile(dir, name, content));
  };
  await Deno.mkdir(dir, { recursive: true });
  const charts = doc.sections.reduce((n, s) => n + s.charts.filter((c) => !isOmitted(c)).length, 0);
  let written = 0;
  // every PNG asked for first, so the workers draw them while the files are written
  const pngs = options.png !== false ? options.pngs : undefined;
  for (const s of doc.sections) for (const c of s.charts) if (!isOmitted(c)) pngs?.png(c.svg);
  const progress = () => {
    if (charts) {
      options.onProgress?.({
        label: "report: write",
        done: written,
        total: charts,
        unit: "charts",
      });
    }
  };
  for (const s of doc.sections) {
    for (const c of s.charts) {
      if (isOmitted(c)) continue;
      progress();
      written++;
      await put(`charts/${c.id}.svg`, c.svg);
      if (pngs) await put(`charts/${c.id}.png`, await pngs.png(c.svg));
      await put(
        `charts/${c.id}.${c.spec.renderer ? "plot" : "vl"}.json`,
        JSON.stringify(c.spec, null, 1),
      );
    }
    for (const t of s.tables) {
      const cols = columnsOf(t);
      let csv = formatCsvRow(cols);
      for (const r of t.rows) {
        csv += formatCsvRow(cols.map((c) => safeCsvValue(r[c])));
      }
      await put(`tables/${t.name}.csv`, csv);
      await put(`tables/${t.name}.json`, JSON.stringify(t.rows, null, 1));
    }
  }
  progress();
  await put("report.html", reportHtml(doc));
  await put("report.md", reportMarkdown(doc, { png: options.png }));
  if (options.pdf) {
    options.log?.("printing report.pdf with headless Chromium");
    const html = await safeOutputPath(dir, "report.html");
    const pdf = await safeOutputPath(dir, "report.pdf");
    await printPdf(html, pdf);
    files.push(pdf);
  }
  await stage?.commit();
  options.log?.(`wrote ${files.length} files into ${outDir}`);
  return stage ? stage.relocate(files) : files;
}
