/**
 * A real, throwaway PostgreSQL server for tests (no mocks): one cluster per test file,
 * started from Debian's binaries on 127.0.0.1 under a temporary folder and removed
 * afterwards (see `src/db/cluster.ts`).
 *
 * The tests run wherever the binaries are installed (`bash scripts/setup.sh` installs the
 * Debian package `postgresql`); under CI=true a missing server fails the run instead of
 * skipping it.
 */
import {
  type ClusterOptions,
  findPgBin,
  type PgCluster,
  startCluster,
} from "../../src/db/cluster.ts";

/** True when the PostgreSQL tests must be skipped (no binaries, and not CI). */
export const NO_POSTGRES = !findPgBin() && Deno.env.get("CI") !== "true";

/** Runs `fn` with a new cluster (started with `options`) and always stops it. */
export async function withPostgres(
  fn: (pg: PgCluster) => Promise<void>,
  options: ClusterOptions = {},
): Promise<void> {
  const pg = await startCluster(options);
  try {
    await fn(pg);
  } finally {
    await pg.stop();
  }
}
