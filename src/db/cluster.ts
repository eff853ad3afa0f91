/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's PostgreSQL
 * binaries (`/usr/lib/postgresql/<v>/bin`), a new data directory under a temporary
 * folder, listening on 127.0.0.1 at a free port with its unix socket inside the same
 * folder; {@linkcode PgCluster.stop} stops the server and removes the folder.
 *
 * `initdb` refuses to run as root, so when the process is root the folder is given to
 * the `postgres` OS user (created by Debian's `postgresql` package) and every server
 * binary runs through `runuser -u postgres --`. As any other user the binaries run
 * directly. No mocks: tests talk to a real server.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { str } from "../sql/literal.ts";

/** A running throwaway cluster. */
export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly port: number;
  /** the temporary folder holding data, socket and log */
  readonly dir: string;
  /** stops the server (fast shutdown) and removes the folder; safe to call twice */
  stop(): Promise<void>;
}

/** Options for {@linkcode startCluster}. */
export interface ClusterOptions {
  /** extra server settings (`-c name=value`), e.g. `{ shared_buffers: "2GB" }` */
  settings?: Record<string, string>;
  /**
   * durability off (fsync, synchronous_commit, full_page_writes) for speed; default true.
   * A throwaway cluster loses nothing it needs to keep.
   */
  unsafeFast?: boolean;
  /** progress lines */
  log?: (line: string) => void;
  /**
   * `pg_hba.conf` lines checked before the trust rules, e.g.
   * `["host all rvuser 127.0.0.1/32 scram-sha-256"]` so that a role with a password
   * must give it (tests of password handling; the cluster is otherwise trust-only)
   */
  hba?: readonly string[];
}

/**
 * The folder with PostgreSQL's server binaries: `$RVLAB_PG_BIN`, else the newest
 * Debian version installed, or undefined.
 *
 * Why: tests and `rvlab db` start a throwaway cluster without a system service.
 * Complexity: O(installed versions) directory reads.
 *
 * @example
 * ```ts
 * import { findPgBin } from "./cluster.ts";
 * const bin = findPgBin(); // e.g. "/usr/lib/postgresql/15/bin"
 * ```
 */
export function findPgBin(): string | undefined {
  const env = Deno.env.get("RVLAB_PG_BIN");
  if (env) return env;
  try {
    const versions = [...Deno.readDirSync("/usr/lib/postgresql")]
      .map((e) => e.name)
      .filter((n) => /^\d+$/.test(n))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const bin = `/usr/lib/postgresql/${v}/bin`;
      try {
        Deno.statSync(join(bin, "initdb"));
        return bin;
      } catch { /* next */ }
    }
  } catch { /* not installed */ }
  return undefined;
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it).
 *
 * Why: parallel test clusters must not collide on 5432.
 * Complexity: O(1) (one bind and close).
 *
 * @example
 * ```ts
 * import { freePort } from "./cluster.ts";
 * const port = freePort(); // e.g. 40721
 * ```
 */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function run(cmd: string[], asPostgres: boolean): Promise<string> {
  const argv = asPostgres ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd;
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    // the server must not inherit a locale Debian's initdb cannot find
    env: { LC_ALL: "C", LANG: "C" },
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd[0]} failed (${out.code}): ${text.trim()}`);
  return text;
}

/** The file in a cluster's folder naming the process that started it. */
const OWNER_FILE = "owner.pid";

/** True while process `pid` exists (Linux: /proc/PID). */
function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops and removes the throwaway clusters (`rvlab-pg-*` folders under `parent`) whose
 * starting process no longer runs: what a killed test or benchmark run (SIGKILL, a
 * timeout, a closed terminal) left behind, servers still listening included. Folders
 * without an owner file or of a live process are left alone. Returns the folders removed.
 *
 * Why: `stop()` in a `finally` cannot run when the process is killed; the next run cleans.
 * Complexity: O(folders under parent), plus one `pg_ctl stop` per stale server.
 *
 * @example
 * ```ts
 * import { removeStaleClusters } from "./cluster.ts";
 * const removed = await removeStaleClusters("/tmp"); // e.g. ["/tmp/rvlab-pg-a1b2c3"]
 * ```
 */
export async function removeStaleClusters(
  parent: string,
  options: { keep?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const bin = findPgBin();
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(parent)];
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isDirectory || !e.name.startsWith("rvlab-pg-")) continue;
    const dir = join(parent, e.name);
    if (dir === options.keep) continue;
    let owner: number;
    try {
      owner = Number((await Deno.readTextFile(join(dir, OWNER_FILE))).trim());
    } catch {
      continue; // not ours to judge
    }
    if (!(owner > 0) || alive(owner)) continue;
    const data = join(dir, "data");
    try {
      Deno.statSync(join(data, "postmaster.pid"));
      if (bin) {
        await run(
          [join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
          Deno.uid() === 0,
        )
          .catch(() => {});
      }
    } catch { /* not running */ }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    options.log?.(`removed the cluster of a process that is gone: ${dir}`);
    removed.push(dir);
  }
  return removed;
}

/**
 * Starts a new PostgreSQL cluster (superuser `postgres`, trust authentication on
 * 127.0.0.1 only) and waits until it accepts connections.
 *
 * Complexity: about 1–3 s (initdb plus start-up).
 *
 * @example
 * ```ts
 * import { startCluster } from "./cluster.ts";
 * const pg = await startCluster();
 * try { console.log(pg.url); } finally { await pg.stop(); }
 * ```
 */
export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql; install the Debian package " +
        "`postgresql` (bash scripts/setup.sh does)",
    );
  }
  const root = Deno.uid() === 0;
  // as root the folder must be reachable by the postgres user: /tmp, not a private TMPDIR
  const dir = await Deno.makeTempDir({ prefix: "rvlab-pg-", ...(root ? { dir: "/tmp" } : {}) });
  const data = join(dir, "data");
  // who started it: a later start removes the clusters of processes that are gone
  await Deno.writeTextFile(join(dir, OWNER_FILE), String(Deno.pid));
  await removeStaleClusters(dirname(dir), { keep: dir, log: options.log });
  const port = freePort();
  const stop = async () => {
    try {
      await run([join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"], root);
    } catch { /* not running */ }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    if (root) await run(["chown", "postgres:postgres", dir], false);
    options.log?.(`initdb ${data}`);
    await run(
      [
        join(bin, "initdb"),
        "-D",
        data,
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
      ],
      root,
    );
    const settings: Record<string, string> = {
      listen_addresses: "127.0.0.1",
      port: String(port),
      unix_socket_directories: dir,
      ...(options.unsafeFast !== false
        ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }
        : {}),
      ...options.settings,
    };
    const conf = Object.entries(settings).map(([k, v]) => `${k} = ${str(v)}`);
    await Deno.writeTextFile(join(data, "postgresql.auto.conf"), conf.join("\n") + "\n");
    if (root) await run(["chown", "postgres:postgres", join(data, "postgresql.auto.conf")], false);
    if (options.hba?.length) {
      const hba = join(data, "pg_hba.conf");
      await Deno.writeTextFile(hba, `${options.hba.join("\n")}\n${await Deno.readTextFile(hba)}`);
    }
    options.log?.(`starting PostgreSQL on 127.0.0.1:${port}`);
    await run(
      [join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"],
      root,
    );
  } catch (e) {
    let log = "";
    try {
      log = await Deno.readTextFile(join(dir, "server.log"));
    } catch { /* none */ }
    await stop();
    throw new Error(`${(e as Error).message}${log ? `\nserver log:\n${log}` : ""}`);
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stop();
    },
  };
}
