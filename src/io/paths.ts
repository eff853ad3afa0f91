/**
 * Where things are: the project root and the shared public data sets.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT_URL = new URL("../../", import.meta.url);

/**
 * Whether rvlab runs from files on this machine (`false` when its modules were imported
 * by an http(s) URL of a checkout: then {@linkcode PROJECT_ROOT} is that URL).
 */
export const PROJECT_IS_LOCAL: boolean = ROOT_URL.protocol === "file:";

/**
 * The project root (the folder holding deno.json), or its URL (ending in `/`) when rvlab
 * was imported by an http(s) URL.
 */
export const PROJECT_ROOT: string = PROJECT_IS_LOCAL
  ? resolve(fileURLToPath(ROOT_URL))
  : ROOT_URL.href;

/**
 * The folder of the shared public data sets: `$RVLAB_SHARED_DATA`, else
 * `../shared/data` beside the project root (where CI has it; beside the working
 * directory when rvlab was imported by an http(s) URL).
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
  const env = Deno.env.get("RVLAB_SHARED_DATA");
  if (env) return env;
  // imported by URL: no project folder on this machine, so beside the working directory
  return PROJECT_IS_LOCAL
    ? join(PROJECT_ROOT, "..", "shared", "data")
    : resolve("..", "shared", "data");
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
  return PROJECT_IS_LOCAL ? join(PROJECT_ROOT, ...parts) : new URL(parts.join("/"), ROOT_URL).href;
}

const copies = new Map<string, Promise<string>>();

/**
 * A file of the project (a {@linkcode projectPath}) as a path on this machine: the path
 * itself, or, when rvlab was imported by an http(s) URL, a copy of the file downloaded
 * once per process into a temporary folder (removed when the process exits).
 *
 * Why: the shipped IPF catalog and rules files are read from the file system; imported
 * by URL, rvlab has none. Complexity: O(1), or one download of the file.
 *
 * @example
 * ```ts
 * import { localProjectFile, projectPath } from "./paths.ts";
 * const file = await localProjectFile(projectPath("data", "ipf", "b2b-default.csv"));
 * ```
 */
export function localProjectFile(path: string): Promise<string> {
  if (!/^https?:\/\//i.test(path)) return Promise.resolve(path);
  let copy = copies.get(path);
  if (!copy) {
    copy = (async () => {
      const res = await fetch(path);
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`${path}: HTTP ${res.status} ${res.statusText}`);
      }
      const dir = await Deno.makeTempDir({ prefix: "rvlab-remote-" });
      globalThis.addEventListener("unload", () => {
        try {
          Deno.removeSync(dir, { recursive: true });
        } catch { /* already gone */ }
      });
      const file = join(dir, decodeURIComponent(new URL(path).pathname.split("/").pop() || "file"));
      await Deno.writeFile(file, new Uint8Array(await res.arrayBuffer()));
      return file;
    })();
    copy.catch(() => copies.delete(path));
    copies.set(path, copy);
  }
  return copy;
}
