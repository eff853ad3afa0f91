/**
 * The study: every analysis of one data set run once, as one typed result that the
 * report, the notebooks and the CLI render.
 *
 * @module
 */
export * from "./data_map.ts";
export * from "./study.ts";
export * from "./themes.ts";
