/**
 * The learned coder inside `rvlab themes`: `--train DIR2` (learn from DIR2's
 * human codes, code DIR), `--holdout F` (a seeded split of DIR by answer:
 * learn from 1 − F, code and measure on F) and `--coder rules|model|combined`.
 *
 * @module
 */
import type { CommandContext } from "../command.ts";
import { UsageError } from "../../io/errors.ts";
import {
  type AnswerInput,
  type Codebook,
  type CodeHit,
  type CoderKind,
  learnedCoding,
  readAnswers,
} from "../../themes/mod.ts";
import type { AnswerRow } from "../../themes/segment.ts";
import { type LearnedOutputs, learnedOutputs } from "../../report/learn_outputs.ts";

/**
 * Checks `--train`, `--holdout` and `--coder` together (before any data is
 * read) and returns the coder: `combined` when a model is trained and no coder
 * is named, `rules` otherwise. Complexity: O(1).
 *
 * @example
 * ```ts
 * import { learnOptions } from "./themes_learn.ts";
 * const ctx = { values: { holdout: "0.3" } } as never;
 * learnOptions(ctx); // => { coder: "combined", holdout: 0.3, train: undefined }
 * ```
 */
export function learnOptions(ctx: CommandContext): {
  coder: CoderKind;
  holdout: number | undefined;
  train: string | undefined;
} {
  const train = ctx.values.train as string | undefined;
  const h = ctx.values.holdout as string | undefined;
  let holdout: number | undefined;
  if (h !== undefined) {
    holdout = Number(h);
    if (!/^\s*(0?\.\d+|0|1)\s*$/.test(h) || !(holdout > 0 && holdout < 1)) {
      throw new UsageError(`--holdout expects a share between 0 and 1 (e.g. 0.3), found "${h}"`);
    }
  }
  if (train !== undefined && holdout !== undefined) {
    throw new UsageError(
      `--train and --holdout exclude each other (--train learns from another folder, --holdout from a share of --data)`,
    );
  }
  const named = ctx.values.coder as CoderKind | undefined;
  const learns = train !== undefined || holdout !== undefined;
  if ((named === "model" || named === "combined") && !learns) {
    throw new UsageError(
      `--coder ${named} needs human codes to learn from: add --train DIR or --holdout 0.3`,
    );
  }
  if (named === "rules" && train !== undefined) {
    throw new UsageError(`--coder rules learns nothing from --train ${train}: drop one of them`);
  }
  return { coder: named ?? (learns ? "combined" : "rules"), holdout, train };
}

/** The options `--train DIR2`, `--holdout F` and `--coder C`, shared by `themes` and `report`. */
export const LEARN_OPTIONS = {
  train: { type: "string", path: "input" },
  holdout: { type: "string", check: (ctx: CommandContext) => learnOptions(ctx) },
  coder: {
    type: "string",
    choices: ["rules", "model", "combined"],
    check: (ctx: CommandContext) => learnOptions(ctx),
  },
} as const;

/** What the learned coder hands to the theme analysis and the output folder. */
export interface LearnedRun extends LearnedOutputs {
  /** the answers coded and measured (all of --data, or its held-out share) */
  rows: AnswerRow[];
  /** the learned codes (undefined: the rules code) */
  codeHits?: CodeHit[];
}

/**
 * Runs the learned coder when `--train` or `--holdout` is given (else null):
 * reads the training answers and hands them to `learnedCoding()` (which learns,
 * codes and ranks the uncoded answers by uncertainty), then renders the run
 * with `learnedOutputs()`. Complexity: that of `learnedCoding()`.
 *
 * @example
 * ```ts
 * import { learnedRun } from "./themes_learn.ts";
 * import { loadCodebook, readAnswers } from "../../themes/mod.ts";
 * const codebook = await loadCodebook("tests/fixtures/themes/feedback/codebook.yaml");
 * const input = await readAnswers("tests/fixtures/themes/feedback");
 * const ctx = { values: { holdout: "0.5" }, log: console.error } as never;
 * const run = await learnedRun(ctx, codebook, input, "tests/fixtures/themes/feedback", 1);
 * ```
 */
export async function learnedRun(
  ctx: CommandContext,
  codebook: Codebook,
  input: AnswerInput,
  dir: string,
  seed: number,
): Promise<LearnedRun | null> {
  const { coder, holdout, train } = learnOptions(ctx);
  if (train === undefined && holdout === undefined) return null;
  const trainInput = train === undefined ? undefined : await readAnswers(train);
  if (trainInput) {
    ctx.log(`read ${trainInput.rows.length} training answers from ${trainInput.source}`);
  }
  const run = learnedCoding(input.rows, codebook, {
    train: trainInput && { rows: trainInput.rows, name: train!, source: trainInput.source },
    holdout,
    coder,
    seed,
    dir,
    source: input.source,
    log: ctx.log,
  });
  return { rows: run.rows, codeHits: run.codeHits, ...learnedOutputs(run) };
}
