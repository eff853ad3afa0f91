/**
 * The report: the RV-Q benchmark by the four levels of a customer-orientation
 * review, as self-contained HTML, Markdown, SVG/PNG charts and CSV/JSON tables.
 *
 * @module
 */
export * from "./safety.ts";
export * from "../study/data_map.ts";
export * from "./sections.ts";
export * from "./build.ts";
export * from "./write.ts";
export * from "./summary.ts";
export * from "./outline.ts";
export * from "../util/table_format.ts";
export * from "./demo.ts";
export * from "./figures.ts";
export * from "./theme_outputs.ts";
export * from "./evidence_markdown.ts";
