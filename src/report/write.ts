/**
 * Writing a report: one self-contained HTML file (charts inline, CSS inline, no
 * script, nothing fetched from a network), a Markdown version, every chart as SVG
 * and PNG, and every table as CSV (formula-safe) and JSON.
 *
 * @module
 */
import { dirname } from "node:path";
import type { ReportDoc, ReportTable } from "./build.ts";
import { safeOutputPath } from "./safety.ts";
import { type StageOptions, stageOutputDir } from "../io/output_dir.ts";
import { isOmitted, svgToPng } from "../charts/render.ts";
import { escapeHtml, escapeMarkdown, formatCsvRow, safeCsvValue } from "../util/escape.ts";
import { significant } from "../util/format.ts";
import { htmlTable as renderHtmlTable, markdownTable } from "../util/html_table.ts";

const LEVELS = [
  "Strategic",
  "Operative",
  "Innovation & development",
  "Results",
  "About the data",
] as const;
const PREVIEW_ROWS = 12;

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
table{border-collapse:collapse;font-size:.8em;margin:.6em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.note{font-size:.85em;color:#555}
svg{max-width:100%;height:auto}.wide{overflow-x:auto}`;

/**
 * Formats a table cell for HTML/Markdown: 4 significant digits, no exponent, "n/a" for NaN.
 *
 * Why: tables stay readable and a reader never meets 1.861e+5.
 *
 * Complexity: O(1) for numbers, O(size) for objects.
 *
 * @example
 * ```ts
 * import { formatCell } from "./write.ts";
 * formatCell(186123.4); // => "186100"
 * formatCell(NaN); // => "n/a"
 * formatCell(null); // => ""
 * ```
 */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "n/a";
    // 4 significant digits without scientific notation (186100, not 1.861e+5)
    return significant(v, 4);
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function columnsOf(t: ReportTable): string[] {
  const cols: string[] = [];
  for (const r of t.rows.slice(0, 50)) {
    for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  }
  return cols;
}

function htmlTable(t: ReportTable): string {
  if (t.rows.length === 1 && Object.keys(t.rows[0]).length > 6) {
    // one wide row reads better as field / value pairs
    t = {
      name: t.name,
      rows: Object.entries(t.rows[0]).map(([field, value]) => ({ field, value })),
    };
  }
  const cols = columnsOf(t);
  if (!cols.length) return `<p class="note">${escapeHtml(t.name)}: no rows.</p>`;
  const table = renderHtmlTable({
    columns: cols,
    rows: t.rows.slice(0, PREVIEW_ROWS).map((r) => cols.map((c) => formatCell(r[c]))),
  });
  const more = t.rows.length > PREVIEW_ROWS
    ? `<p class="note">First ${PREVIEW_ROWS} of ${t.rows.length} rows; all in <a href="tables/${
      escapeHtml(t.name)
    }.csv">tables/${escapeHtml(t.name)}.csv</a>.</p>`
    : "";
  return `<h4>${
    escapeHtml(t.name.replaceAll("_", " "))
  }</h4><div class="wide">${table}</div>${more}`;
}

function mdTable(t: ReportTable): string {
  const cols = columnsOf(t).slice(0, 10);
  if (!cols.length) return `*${escapeMarkdown(t.name)}: no rows.*\n`;
  const lines = [markdownTable({
    columns: cols,
    rows: t.rows.slice(0, PREVIEW_ROWS).map((r) => cols.map((c) => formatCell(r[c]))),
  })];
  if (t.rows.length > PREVIEW_ROWS) {
    lines.push(`\n*First ${PREVIEW_ROWS} of ${t.rows.length} rows: tables/${t.name}.csv*`);
  }
  return `**${escapeMarkdown(t.name)}**\n\n${lines.join("\n")}\n`;
}

/**
 * Renders the whole report as one self-contained HTML document.
 *
 * Why: one file (styles and SVG charts inline) that can be mailed or opened offline.
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
 *     level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
 *     tables: [{ name: "t", rows: [{ a: 1 }] }],
 *   }],
 * };
 * reportHtml(doc).startsWith("<!doctype html>"); // => true
 * ```
 */
export function reportHtml(doc: ReportDoc): string {
  const kind = KIND_LABEL[doc.data_kind];
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(doc.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(doc.title)}</h1><p><span class="kind">${escapeHtml(kind)}</span> ${
      escapeHtml(doc.source)
    }</p>`,
  ];
  for (const level of LEVELS) {
    const secs = doc.sections.filter((s) => s.level === level);
    if (!secs.length) continue;
    parts.push(`<h2>${escapeHtml(level)}</h2>`);
    for (const s of secs) {
      parts.push(
        `<h3>${escapeHtml(s.title)}</h3><p class="question">${escapeHtml(s.question)}</p>`,
      );
      for (const p of s.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
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
          `<figure>${c.svg}<figcaption>${escapeHtml(c.title)} — <a href="charts/${
            escapeHtml(c.id)
          }.svg">SVG</a>, <a href="charts/${escapeHtml(c.id)}.png">PNG</a></figcaption></figure>`,
        );
      }
      for (const t of s.tables) parts.push(htmlTable(t));
    }
  }
  parts.push(
    `<p class="note">Generated by rvlab. Every table behind a figure is in tables/ as CSV and JSON.</p></body></html>`,
  );
  return parts.join("\n");
}

/**
 * Renders the report as Markdown (charts referenced as files).
 *
 * Why: a text version that diffs well and reads in any repository viewer.
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
 *     level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
 *     tables: [{ name: "t", rows: [{ a: 1 }] }],
 *   }],
 * };
 * reportMarkdown(doc).split("\n")[0]; // => "# Demo"
 * ```
 */
export function reportMarkdown(doc: ReportDoc): string {
  const kind = KIND_LABEL[doc.data_kind];
  const parts = [
    `# ${escapeMarkdown(doc.title)}\n`,
    `**${kind}**: ${escapeMarkdown(doc.source)}\n`,
  ];
  for (const level of LEVELS) {
    const secs = doc.sections.filter((s) => s.level === level);
    if (!secs.length) continue;
    parts.push(`## ${level}\n`);
    for (const s of secs) {
      parts.push(`### ${escapeMarkdown(s.title)}\n`, `*${escapeMarkdown(s.question)}*\n`);
      for (const p of s.paragraphs) parts.push(`${escapeMarkdown(p)}\n`);
      for (const c of s.charts) {
        parts.push(
          isOmitted(c)
            ? `*${escapeMarkdown(c.title)}: not drawn — ${escapeMarkdown(c.omitted)}.*\n`
            : `![${escapeMarkdown(c.title)}](charts/${c.id}.svg)\n`,
        );
      }
      for (const t of s.tables) parts.push(mdTable(t));
    }
  }
  return parts.join("\n");
}

/**
 * Writes report.html, report.md, charts/*.svg|png and tables/*.csv|json into
 * `outDir`, built beside it and swapped in whole (`io/output_dir.ts`: a non-empty folder
 * rvlab did not write is refused, files of an earlier report are gone). Returns the paths
 * written.
 *
 * Why: every figure in the report comes with the table behind it, next to it on disk.
 *
 * Complexity: O(report size) plus one PNG render per chart with `png`.
 *
 * @example
 * ```ts
 * import { writeReport } from "./write.ts";
 * import type { ReportDoc } from "./build.ts";
 * const doc: ReportDoc = {
 *   title: "Demo", data_kind: "synthetic", source: "demo",
 *   sections: [{
 *     level: "Results", title: "Figures", question: "What?", paragraphs: ["Hello."], charts: [],
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
  options: {
    png?: boolean;
    log?: (l: string) => void;
    /** what may be replaced, and the marker (io/output_dir.ts); "in-place": the caller stages */
    output?: StageOptions | "in-place";
  } = {},
): Promise<string[]> {
  const stage = options.output === "in-place"
    ? undefined
    : await stageOutputDir(outDir, options.output ?? { command: "writeReport" });
  const dir = stage?.dir ?? outDir;
  const files: string[] = [];
  const put = async (name: string, content: string | Uint8Array) => {
    const path = await safeOutputPath(dir, name);
    await Deno.mkdir(dirname(path), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
    files.push(path);
  };
  await Deno.mkdir(dir, { recursive: true });
  for (const s of doc.sections) {
    for (const c of s.charts) {
      if (isOmitted(c)) continue;
      await put(`charts/${c.id}.svg`, c.svg);
      if (options.png !== false) await put(`charts/${c.id}.png`, svgToPng(c.svg));
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
  await put("report.html", reportHtml(doc));
  await put("report.md", reportMarkdown(doc));
  await stage?.commit();
  options.log?.(`wrote ${files.length} files into ${outDir}`);
  return stage ? stage.relocate(files) : files;
}
