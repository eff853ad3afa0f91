/**
 * Synthetic worlds for tests, demos and the back-test's planted/null checks.
 *
 * @module
 */
export * from "./world.ts";
export * from "./truth.ts";
