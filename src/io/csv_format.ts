/**
 * Writing CSV (RFC 4180): quoting only where needed, `\n` line ends. The rules live
 * in `src/util/escape.ts` (one definition for every CSV rvlab writes); this module
 * keeps io's import path.
 *
 * @module
 */
export { type CsvValue, formatCsvCell, formatCsvRow, neutraliseFormula } from "../util/escape.ts";
