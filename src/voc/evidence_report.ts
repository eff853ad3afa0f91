/**
 * The evidence analyses of one data set as one typed result: evidence-tuned
 * weights, say vs do and relationship equity, each of which may be skipped with a
 * reason. Rendering it (Markdown for `rvlab evidence`) is the report's job:
 * `src/report/evidence_markdown.ts`.
 *
 * @module
 */
import type { WeightsResult } from "../backtest/weights.ts";
import type { EquityResult } from "./equity.ts";
import type { SayVsDoResult } from "./say_vs_do.ts";

/** A result, or the reason it could not be computed on this data. */
export type Maybe<T> = T | { skipped: string };

/** The evidence analyses' results; any part may be skipped with a reason. */
export interface EvidenceReport {
  data: string;
  seed: number;
  weights: Maybe<WeightsResult>;
  say_vs_do: Maybe<SayVsDoResult>;
  equity: Maybe<Omit<EquityResult, "accounts"> & { accounts: unknown }>;
}
