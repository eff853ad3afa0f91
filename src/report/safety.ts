/**
 * Keeping reports safe to open: HTML escaping, spreadsheet formula neutralising,
 * and output paths that cannot leave the output folder.
 *
 * @module
 */
/** HTML escaping and formula neutralising: defined once in `src/util/escape.ts`. */
export { escapeHtml, neutraliseFormula } from "../util/escape.ts";
/** Output paths that stay inside the output folder: defined once in `src/io/output_dir.ts`. */
export { safeOutputPath, writeOutputFile } from "../io/output_dir.ts";
