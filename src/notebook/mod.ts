/**
 * Helpers for the notebooks: the working data set (synthetic demo world, your own
 * data directory, or a public data set through its adapter).
 *
 * @module
 */
export * from "./workspace.ts";
export * from "./public.ts";
export * from "./themes.ts";
export * from "./clv.ts";
export * from "./source.ts";
