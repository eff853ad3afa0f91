/**
 * What customers say against what they do: the account panel, correlation helpers and
 * the say-vs-do analysis (RV vs NPS/CSAT, quadrant, which leads profit, disagreements).
 *
 * @module
 */
export * from "../backtest/panel.ts";
export * from "./say_vs_do.ts";
export * from "./evidence_report.ts";
