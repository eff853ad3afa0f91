/**
 * The list of `rvlab` commands. Each command lives in `src/cli/commands/<name>.ts`.
 *
 * @module
 */
import type { Command } from "./command.ts";
import { check } from "./commands/check.ts";
import { importCommand } from "./commands/import.ts";
import { generate } from "./commands/generate.ts";
import { rv } from "./commands/rv.ts";
import { demo } from "./commands/demo.ts";
import { segments } from "./commands/segments.ts";
import { validateCommand } from "./commands/validate.ts";
import { bench } from "./commands/bench.ts";
import { report } from "./commands/report.ts";
import { evidence } from "./commands/evidence.ts";
import { themes } from "./commands/themes.ts";

export const COMMANDS: Command[] = [
  demo,
  check,
  importCommand,
  generate,
  rv,
  segments,
  validateCommand,
  report,
  bench,
  evidence,
  themes,
];
