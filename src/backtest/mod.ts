/**
 * The back-test stage: is RV a leading indicator? Panel, protocol, statistics,
 * lead–lag and the validate report.
 *
 * @module
 */
export * from "../stats/mod.ts";

export * from "./panel.ts";
export * from "./protocol.ts";
export * from "./cross_correlation.ts";
export * from "./validate.ts";
export * from "./granger.ts";
export * from "./clv/mod.ts";
