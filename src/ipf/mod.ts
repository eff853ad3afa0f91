/**
 * The IPF stage: business rules that map raw events to interaction types, and adapters.
 *
 * @module
 */
export * from "./rules.ts";
export * from "./adapters.ts";
export * from "./contacts.ts";
