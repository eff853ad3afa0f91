/**
 * Static charts: Vega-Lite (rendered headless by vega) and Observable Plot (through
 * jsdom) to SVG, PNG through resvg with font files.
 *
 * @module
 */
export * from "./render.ts";
export * from "./png.ts";
export * from "./charts.ts";
export * from "./snapshot.ts";
export * from "./plot.ts";
export * from "./themes.ts";
export * from "./colours.ts";
export * from "./clv.ts";
