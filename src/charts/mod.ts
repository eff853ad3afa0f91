/**
 * Static charts: Vega-Lite rendered headless to SVG, PNG through resvg with fonts.
 *
 * @module
 */
export * from "./render.ts";
export * from "./charts.ts";
export * from "./snapshot.ts";
export * from "./plot.ts";
export * from "./themes.ts";
