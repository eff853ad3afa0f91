/**
 * Errors that carry enough to tell a user what to fix.
 *
 * @module
 */

/**
 * The input data is wrong in a way that stops the run (a file that cannot be read,
 * a missing required column). The CLI exits with status 1 and prints the message,
 * which names the file, line and column, what was found and what was expected.
 */
export class DataError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = "DataError";
  }
}

/** The command line is wrong. The CLI exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
