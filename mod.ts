/**
 * rvlab's public API in one module, for a notebook or a script in any folder:
 *
 * ```ts
 * import * as rvlab from "/path/to/rvlab/mod.ts"; // or a file:// or http:// URL of a checkout
 * const ws = await rvlab.openWorkspace({ data: "/path/to/data-dir" });
 * await rvlab.show(ws); // the load counts
 * ```
 *
 * It re-exports the stage barrels an analysis uses, lowest stage first: `io` (the
 * canonical model, the file readers, quarantine), `engine` (DuckDB: validating and
 * loading a data directory, typed records in memory), `ipf` (the catalog and the
 * business rules), `generate` (the synthetic demo world), `rv`, `segments` (profit
 * and growth segments, the RV-Q answers), `backtest` (with `stats`; `validate`), `voc`
 * (say vs do), `themes` (interview coding), `study` (the whole analysis), `charts`,
 * `report` (building and writing the reports), `display` (`show`, `table`, `chart`,
 * the views) and `notebook` (`openWorkspace`, `themeStudy`, `reproduceValidation`).
 * Not re-exported, import their `src/<stage>/mod.ts` directly: `db` (PostgreSQL, pulls
 * in `pg`), `truth` (the recovery checks on synthetic worlds), `interop` (danfo.js),
 * `cli`.
 *
 * Every npm package in `src/` is imported by its full `npm:pkg@version` specifier (the
 * versions pinned in the project's `deno.json`), so this module resolves without that
 * file's import map: from a folder with no `deno.json`, Deno takes the packages from
 * its global cache (`$DENO_DIR`, downloading them from the npm registry on first use).
 *
 * Names two barrels both export are resolved here explicitly (`deno check mod.ts`
 * reports any new clash; `tests/notebook/mod_test.ts` checks that no barrel's export is
 * missing):
 * - `shareOfWallet` is the segments' share of wallet of an account summary; the
 *   synthetic world's share-of-wallet curve (`src/generate/world.ts`) is
 *   `syntheticShareOfWallet`.
 *
 * @module
 */
export * from "./src/io/mod.ts";
export * from "./src/engine/mod.ts";
export * from "./src/ipf/mod.ts";
export * from "./src/generate/mod.ts";
export * from "./src/rv/mod.ts";
export * from "./src/segments/mod.ts";
export * from "./src/backtest/mod.ts";
export * from "./src/voc/mod.ts";
export * from "./src/themes/mod.ts";
export * from "./src/study/mod.ts";
export * from "./src/charts/mod.ts";
export * from "./src/report/mod.ts";
export * from "./src/display/mod.ts";
export * from "./src/notebook/mod.ts";

// clashes between the barrels, resolved by name
export { type ThemeStudy, themeStudy } from "./src/notebook/mod.ts";
export {
  type ThemeStudy as ReportThemeStudy,
  themeStudy as reportThemeStudy,
} from "./src/study/mod.ts";
export { shareOfWallet } from "./src/segments/mod.ts";
export { shareOfWallet as syntheticShareOfWallet } from "./src/generate/mod.ts";
