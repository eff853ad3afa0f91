/**
 * Rich display in Jupyter (Deno kernel): truncated HTML tables, SVG charts, Markdown
 * summaries, and display adapters for rvlab's results.
 *
 * @module
 */
export * from "./display.ts";
export * from "./views.ts";
export * from "./themes.ts";
export * from "./show.ts";
export * from "./interactive.ts";
export * from "./results.ts";
