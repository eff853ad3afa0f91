/**
 * Segments over a window: profit, growth, share of wallet, community and custom
 * segments, the whale curve, the starting benchmark and the scorecards.
 *
 * @module
 */
export * from "./definitions.ts";
export * from "./account_summary.ts";
export * from "./profit_segments.ts";
export * from "./whale_curve.ts";
export * from "./growth_segments.ts";
export * from "./starting_benchmark.ts";
export * from "./scorecard.ts";
export * from "./relationship_types.ts";
export * from "./analyse.ts";
export * from "./comparisons.ts";
export * from "./rvq.ts";
export * from "./at_risk.ts";
export * from "./performers.ts";
