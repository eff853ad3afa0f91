/**
 * Optional interop with other data-frame libraries (danfo.js), loaded on first use.
 *
 * @module
 */
export * from "./danfo.ts";
