/**
 * The list of `rvlab` commands: each one's name and one-line summary, and how to load it.
 * A command lives in `src/cli/commands/<name>.ts` and is imported only when it runs, so a
 * run loads the code, and the native add-ons (DuckDB, resvg), of its own command only:
 * `rvlab check` never loads the chart renderer, `rvlab --help` loads nothing.
 *
 * @module
 */
import type { Command } from "./command.ts";

/** One command of the list: what `rvlab --help` shows, and the command itself on demand. */
export interface CommandEntry {
  name: string;
  /** one line for the command list */
  summary: string;
  /** imports the command's module */
  load(): Promise<Command>;
}

/** Every command, in the order `rvlab --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "demo",
    summary:
      "the main job on the embedded default: synthetic world \u2192 check \u2192 RV \u2192 report",
    load: async () => (await import("./commands/demo.ts")).demo,
  },
  {
    name: "check",
    summary: "validate a data directory; count read, accepted and quarantined rows per table",
    load: async () => (await import("./commands/check.ts")).check,
  },
  {
    name: "import",
    summary: "turn a public or exported data set into a canonical data directory",
    load: async () => (await import("./commands/import.ts")).importCommand,
  },
  {
    name: "generate",
    summary: "write a seeded SYNTHETIC B2B world (planted or no RV effect)",
    load: async () => (await import("./commands/generate.ts")).generate,
  },
  {
    name: "rv",
    summary: "Relationship Value per account and period (CSV, or rows under --json)",
    load: async () => (await import("./commands/rv.ts")).rv,
  },
  {
    name: "segments",
    summary: "profit/growth/share-of-wallet/community segments, whale curve, benchmark, scorecards",
    load: async () => (await import("./commands/segments.ts")).segments,
  },
  {
    name: "validate",
    summary: "back-test RV vs lagging baselines as leading indicators (AUC, CIs, lead)",
    load: async () => (await import("./commands/validate.ts")).validateCommand,
  },
  {
    name: "clv",
    summary: "customer-lifetime baselines (BG/NBD, Gamma-Gamma, …) with SEs and a holdout check",
    load: async () => (await import("./commands/clv.ts")).clv,
  },
  {
    name: "report",
    summary: "the full static report: HTML + Markdown + SVG/PNG charts + CSV/JSON tables",
    load: async () => (await import("./commands/report.ts")).report,
  },
  {
    name: "bench",
    summary:
      "performance benchmark: 1M and 10M interactions, rvlab vs plain DuckDB, polars, pandas",
    load: async () => (await import("./commands/bench.ts")).bench,
  },
  {
    name: "evidence",
    summary: "evidence-tuned IPF weights, say vs do (RV vs NPS/CSAT), relationship equity",
    load: async () => (await import("./commands/evidence.ts")).evidence,
  },
  {
    name: "themes",
    summary:
      "code transcripts or open feedback against a codebook: themes, matrices, quotes, agreement",
    load: async () => (await import("./commands/themes.ts")).themes,
  },
  {
    name: "load",
    summary: "write a validated data directory into PostgreSQL (one transaction, upsert)",
    load: async () => (await import("./commands/load.ts")).load,
  },
];
