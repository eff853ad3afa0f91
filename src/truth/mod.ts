/**
 * Claims checked against the known truth of synthetic worlds: the recovery and
 * false-claim rates of every answer rvlab prints.
 *
 * @module
 */
export * from "./claim.ts";
export * from "./claims.ts";
export * from "./recovery.ts";
export * from "./shortfalls.ts";
