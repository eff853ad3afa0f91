/**
 * The report's outline: the CERS Award's four levels of a customer-orientation
 * review (strategic, operative, innovation and development, results), then "About
 * the data". For each level, what it asks, and the questions the team has to answer
 * itself because interaction data cannot (printed as "For the team: …").
 *
 * @module
 */
import type { ReportLevel } from "./sections.ts";

/** One level of the outline. */
export interface OutlineLevel {
  level: ReportLevel;
  /** the HTML anchor */
  id: string;
  /** what the level asks, in one sentence */
  purpose: string;
  /** questions for the team that the data cannot answer */
  prompts: string[];
}

/**
 * The four CERS levels and "About the data", in report order.
 *
 * @example
 * ```ts
 * import { OUTLINE } from "./outline.ts";
 * OUTLINE.map((l) => l.id); // => ["strategic", "operative", "innovation", "results", "data"]
 * ```
 */
export const OUTLINE: readonly OutlineLevel[] = [
  {
    level: "Strategic",
    id: "strategic",
    purpose:
      "The customer strategy: which customers we have and want, how their relationship patterns differ, and what each kind of relationship costs.",
    prompts: [
      "What is our customer strategy: which segments do we grow, keep or serve at lower cost, and which relationship type do we offer each?",
      "Who owns the customer strategy, and how is it communicated to marketing, sales, service and community?",
    ],
  },
  {
    level: "Operative",
    id: "operative",
    purpose:
      "The processes and touchpoints that carry the strategy: what the sources record, which accounts fall out of pattern and what to do next, and who performs above the norm.",
    prompts: [
      "Who acts on each account at risk and each next best action, and by when?",
      "Which touchpoints are not recorded in any source, and who will collect them?",
    ],
  },
  {
    level: "Innovation & development",
    id: "innovation",
    purpose:
      "Where the process loses value, what the best accounts do that others do not, and what community and co-creation initiatives bring.",
    prompts: [
      "Which new interactions, channels or co-creation initiatives will we try next, and how will we measure their RV?",
    ],
  },
  {
    level: "Results",
    id: "results",
    purpose:
      "Profit, share of wallet and retention, whether RV moves before them (a leading indicator), and whether customers do what they say.",
    prompts: [
      "Which targets for profit, share of wallet and retention do we set for the next period, and which RV pattern do we expect to see first?",
    ],
  },
  {
    level: "About the data",
    id: "data",
    purpose:
      "What was read, accepted, quarantined and filtered, so every figure above can be traced to its rows.",
    prompts: [],
  },
];
