/**
 * Hand-written quarantine entries for tests: what `rvlab check` writes for one problem.
 *
 * @module
 */
import type { QuarantineEntry, QuarantineReason } from "../../src/io/validate.ts";

/**
 * The quarantine entry of a row with one problem, in `column` (or, with column "", of
 * the whole row); its message as `check` prints it.
 */
export function entry(
  table: string,
  file: string,
  line: number,
  column: string,
  value: string,
  expected: string,
  reason: QuarantineReason,
): QuarantineEntry {
  const message = column
    ? `column "${column}": found "${value}", expected ${expected}`
    : `found ${value}, expected ${expected}`;
  return { table, file, line, column, value, expected, reason, message };
}

/** An entry without its message (for rows whose message lists several problems). */
export const noMessage = (
  { message: _, ...e }: QuarantineEntry,
): Omit<QuarantineEntry, "message"> => e;
