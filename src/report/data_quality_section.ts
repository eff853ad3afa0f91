/**
 * The report's "About the data" section: per table, rows read, accepted,
 * quarantined and filtered, the top reasons and the files to look at. It renders
 * the study's {@linkcode DataQuality}; nothing is counted here.
 *
 * @module
 */
import type { ChartSource } from "../charts/mod.ts";
import type { Study } from "../study/study.ts";
import type { ReasonCount, TableQuality } from "../io/data_quality.ts";
import { grouped } from "../util/format.ts";
import type { ReportSection } from "./sections.ts";

const reasonText = (r: ReasonCount) =>
  `${r.reason.replaceAll("_", " ")}${r.where ? ` (${r.where})` : ""}: ${
    grouped(r.count)
  } (first at ${r.example})`;

/** One sentence about a table. */
function tableSentence(t: TableQuality): string {
  const parts = [
    `${t.table}: ${t.read === null ? "" : `${grouped(t.read)} rows read, `}${
      grouped(t.accepted)
    } accepted`,
  ];
  if (t.quarantined !== null) {
    parts.push(
      t.quarantined === 0
        ? "none quarantined"
        : `${grouped(t.quarantined)} quarantined — ${
          t.quarantine_reasons.map(reasonText).join("; ")
        }`,
    );
  }
  if (t.filtered) {
    parts.push(
      `${grouped(t.filtered)} source rows filtered by the import's rules${
        t.dropped === null ? "" : ` (${grouped(t.dropped)} used by no rule of the table)`
      } — ${t.filtered_reasons.map(reasonText).join("; ")}`,
    );
  }
  return parts.join(", ") + ".";
}

/**
 * About the data: what was read, accepted, quarantined and filtered per table, with
 * the top reasons and the files to look at (the quarantine file, the import's
 * filtered-rows file, the source files).
 *
 * Complexity: O(tables × reasons + quarantined rows).
 *
 * @example
 * ```ts
 * import { dataQualitySection } from "./data_quality_section.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * dataQualitySection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export function dataQualitySection(study: Study, _src: ChartSource): ReportSection {
  const q = study.data_quality;
  const paragraphs: string[] = [];
  if (q.quarantined === null) {
    paragraphs.push("How many rows were read and quarantined is not known for this report.");
  } else if (q.quarantined === 0) {
    paragraphs.push(
      "Nothing was quarantined: every row read passed the data model's checks.",
    );
  } else {
    paragraphs.push(
      `${
        grouped(q.quarantined)
      } rows were quarantined (left out of every figure) because they break the data model; ` +
        `each is listed with its file, line and reason in ${
          q.quarantine_file ?? "tables/data_quality_quarantine.csv"
        }${q.quarantine_file ? " and tables/data_quality_quarantine.csv" : ""}.`,
    );
  }
  if (q.filtered) {
    paragraphs.push(
      `The import's business rules did not use ${
        grouped(q.filtered)
      } source rows (counted once per rule: a row one rule skips may be used by another); each is in ${q.filtered_file} with its rule and reason${
        q.imported_from ? `, the raw data in ${q.imported_from}` : ""
      }.`,
    );
  } else if (q.filtered === 0) {
    paragraphs.push("The import's business rules used every source row.");
  }
  paragraphs.push(...q.tables.map(tableSentence), ...q.notes.map((n) => `Note: ${n}.`));
  return {
    id: "data-quality",
    level: "About the data",
    title: "What was read, accepted, quarantined and filtered",
    question: "Which rows do the figures rest on, and which were left out and why?",
    paragraphs,
    charts: [],
    tables: [
      {
        name: "data_quality",
        rows: q.tables.map((t) => ({
          table: t.table,
          read: t.read,
          accepted: t.accepted,
          quarantined: t.quarantined,
          filtered: t.filtered,
          dropped: t.dropped,
          top_reasons: [
            ...t.quarantine_reasons.map((r) => `quarantined: ${reasonText(r)}`),
            ...t.filtered_reasons.map((r) => `filtered: ${reasonText(r)}`),
          ].join("; "),
          file: t.file,
          look_at: [
            ...(t.quarantined ? [q.quarantine_file ?? "tables/data_quality_quarantine.csv"] : []),
            ...(t.filtered && q.filtered_file ? [q.filtered_file] : []),
            ...t.source_files,
          ].join("; "),
        })),
      },
      {
        name: "data_quality_reasons",
        rows: q.tables.flatMap((t) => [
          ...t.quarantine_reasons.map((r) => ({ table: t.table, kind: "quarantined", ...r })),
          ...t.filtered_reasons.map((r) => ({ table: t.table, kind: "filtered", ...r })),
        ]),
      },
      {
        name: "data_quality_quarantine",
        rows: q.quarantine.map((e) => ({ ...e })),
      },
    ],
  };
}
