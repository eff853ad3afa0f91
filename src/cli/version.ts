/**
 * rvlab's version, printed by `rvlab --version` (semantic versioning; raise it with
 * every change users or scripts can see: a command, an option, a `--json` key).
 *
 * @module
 */

/** The version of this rvlab. */
export const VERSION = "0.25.0";
