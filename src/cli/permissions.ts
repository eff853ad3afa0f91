/**
 * Least privilege for the `rvlab` command line: what each run may do, and dropping the
 * rest before any data is read.
 *
 * The `rvlab` task (deno.json) grants only scoped permissions ({@linkcode TASK_FLAGS}):
 * reading and writing files (the paths a user names can be anywhere), the environment
 * variables of {@linkcode ENV_VARS} by name, native add-ons under `node_modules/` only,
 * the CPU count (and what the PNG renderer's loader reads), the network, and starting Chromium only. Each run then gives back, with
 * `Deno.permissions.revoke`, what its own arguments do not need
 * ({@linkcode neededPermissions}): the network unless an argument is a `postgres://` URL,
 * Chromium unless `--pdf` is given. Deno enforces what is left.
 *
 * @module
 */
import process from "node:process";
import { CHROMIUM_CANDIDATES } from "../report/pdf.ts";
import { isPostgresUrl } from "../util/redact.ts";

/**
 * The environment variables rvlab and its libraries read, by name (`--allow-env=…`). `PG*`
 * are the PostgreSQL client's defaults (PGHOST, PGUSER, PGPASSWORD, …), `USER` its default
 * user name.
 */
export const ENV_VARS: readonly string[] = [
  "INIT_CWD",
  "HOME",
  "USER",
  "RVLAB_DEBUG",
  "RVLAB_CACHE_DIR",
  "RVLAB_SHARED_DATA",
  "RVLAB_CHROMIUM",
  "RVLAB_DATA",
  "PG*",
];

/** The Chromium binaries `report --pdf` may start: those src/report/pdf.ts looks for. */
export const CHROMIUM_BINARIES: readonly string[] = CHROMIUM_CANDIDATES;

/**
 * The permission flags of the `rvlab` task, as deno.json's task line holds them (a test
 * reads the task line and compares).
 */
export const TASK_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  `--allow-env=${ENV_VARS.join(",")}`,
  "--allow-ffi=node_modules",
  // the CPU count (chart workers); resvg's loader asks for a process report (host name,
  // network interfaces) to tell glibc from musl
  "--allow-sys=cpus,networkInterfaces,hostname",
  "--allow-net",
  `--allow-run=${CHROMIUM_BINARIES.join(",")}`,
  "--no-prompt",
];

/** What one run needs beyond reading and writing files. */
export interface NeededPermissions {
  /** a `postgres://` source or target: the network */
  net: boolean;
  /** `--pdf`: start Chromium */
  run: boolean;
}

/**
 * What a run with these option values and positional arguments needs: the network only
 * when a value is a PostgreSQL URL, starting processes only for `--pdf`.
 *
 * Why: the decision is pure, so it is tested without revoking anything.
 *
 * Complexity: O(values).
 *
 * @example
 * ```ts
 * import { neededPermissions } from "./permissions.ts";
 * neededPermissions({ data: "out/world" }); // => { net: false, run: false }
 * neededPermissions({ to: "postgres://u@h/db/s" }); // => { net: true, run: false }
 * neededPermissions({ data: "w", pdf: true }); // => { net: false, run: true }
 * ```
 */
export function neededPermissions(
  values: Record<string, unknown>,
  positionals: readonly string[] = [],
): NeededPermissions {
  const all = [...Object.values(values).flatMap((v) => Array.isArray(v) ? v : [v]), ...positionals];
  return { net: all.some(isPostgresUrl), run: values.pdf === true };
}

/**
 * Gives back the permissions a run does not need ({@linkcode neededPermissions}): after
 * this, Deno refuses the network and starting processes to everything in the process,
 * rvlab's own code and every npm package alike.
 *
 * Complexity: O(1) permission calls.
 *
 * @example
 * ```ts
 * import { dropPermissions } from "./permissions.ts";
 * await dropPermissions({ net: false, run: false });
 * (await Deno.permissions.query({ name: "net" })).state === "granted"; // => false
 * ```
 */
export async function dropPermissions(needed: NeededPermissions): Promise<void> {
  if (!needed.net) await Deno.permissions.revoke({ name: "net" });
  if (!needed.run) await Deno.permissions.revoke({ name: "run" });
}

/**
 * True when `name` is one of {@linkcode ENV_VARS} (a trailing `*` matches a prefix).
 *
 * Complexity: O(ENV_VARS).
 *
 * @example
 * ```ts
 * import { envAllowed } from "./permissions.ts";
 * envAllowed("PGPASSWORD"); // => true
 * envAllowed("PATH"); // => false
 * ```
 */
export function envAllowed(name: string): boolean {
  return ENV_VARS.some((v) => v.endsWith("*") ? name.startsWith(v.slice(0, -1)) : v === name);
}

/**
 * Replaces Node's `process.env` (what npm packages read) with a view of the variables
 * of {@linkcode ENV_VARS} only: reading another name gives `undefined`, listing the
 * environment lists only those that are set (a `PG*` variable is seen when read by
 * name), and a package's own assignments stay inside the process. Deno's `Deno.env`
 * is left as it is.
 *
 * Why: some packages list the whole environment when they load (`debug`, under jsdom,
 * reads every `DEBUG_*` variable that way), which under `--allow-env=NAMES` throws; with
 * this view they see only what the task lets rvlab read.
 *
 * Complexity: O(1) per read; O(ENV_VARS) per listing.
 *
 * @example
 * ```ts
 * import { scopeProcessEnv } from "./permissions.ts";
 * import process from "node:process";
 * scopeProcessEnv();
 * process.env.PATH; // => undefined (not one of rvlab's variables)
 * ```
 */
export function scopeProcessEnv(): void {
  const own = new Map<string, string | undefined>();
  const read = (k: string) => own.has(k) ? own.get(k) : envAllowed(k) ? Deno.env.get(k) : undefined;
  const names = () =>
    [...new Set([...ENV_VARS.filter((v) => !v.endsWith("*")), ...own.keys()])]
      .filter((k) => read(k) !== undefined);
  const env = new Proxy({} as Record<string, string>, {
    get: (_t, k) => typeof k === "string" ? read(k) : undefined,
    set: (_t, k, v) => {
      own.set(String(k), String(v));
      return true;
    },
    has: (_t, k) => typeof k === "string" && read(k) !== undefined,
    deleteProperty: (_t, k) => {
      own.set(String(k), undefined);
      return true;
    },
    ownKeys: () => names(),
    getOwnPropertyDescriptor: (_t, k) => {
      const value = typeof k === "string" ? read(k) : undefined;
      return value === undefined
        ? undefined
        : { value, writable: true, enumerable: true, configurable: true };
    },
  });
  Object.defineProperty(process, "env", { value: env, configurable: true, writable: true });
}
