/**
 * Where things are: the project root and the shared public data sets.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (the folder holding deno.json). */
export const PROJECT_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The folder of the shared public data sets: `$RVLAB_SHARED_DATA`, else
 * `../shared/data` beside the project root (where CI has it).
 *
 * Why: the public data sets are large and live outside the repository.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { sharedDataDir } from "./paths.ts";
 * const dir = sharedDataDir(); // e.g. "/work/shared/data"
 * ```
 */
export function sharedDataDir(): string {
  return Deno.env.get("RVLAB_SHARED_DATA") ?? join(PROJECT_ROOT, "..", "shared", "data");
}

/**
 * A path under the project root.
 *
 * Why: paths that do not depend on the working directory of the caller.
 * Complexity: O(total length of the parts).
 *
 * @example
 * ```ts
 * import { projectPath } from "./paths.ts";
 * projectPath("data", "ipf").endsWith("/data/ipf"); // => true
 * ```
 */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
