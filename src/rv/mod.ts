/**
 * The Relationship Value stage: RV per key and period, patterns, exceptions,
 * best practice (comparisons across a dimension are in `segments/comparisons.ts`).
 *
 * @module
 */
export * from "../util/periods.ts";
export * from "./scored.ts";
export * from "./rv_by_period.ts";
export * from "./rv_reference.ts";
export * from "./patterns.ts";
export * from "./drivers.ts";
export * from "./best_practice.ts";
export * from "./signed_counts.ts";
export * from "./at_risk.ts";
