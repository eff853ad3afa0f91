/**
 * The account × period panel that say-vs-do and relationship equity work on is the one
 * panel of `backtest/panel.ts` (its default "observed" calendar: money null where an
 * account has no financials row in a period); this module re-exports it under voc's
 * import path.
 *
 * @module
 */
export { accountPanel, byAccount, type PanelOptions, type PanelRow } from "../backtest/panel.ts";
