/**
 * Runs the `rvlab` command line in a child process, as a user would, for the CLI tests.
 *
 * @module
 */
import { projectPath } from "../../src/io/paths.ts";
import { TASK_FLAGS } from "../../src/cli/permissions.ts";

/** Exit code and decoded output of one `rvlab` run. */
export interface RvlabRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Where the runs keep their workspaces (`engine/workspace.ts`): `$RVLAB_CACHE_DIR` as
 * `scripts/test.sh` sets it, else one temporary folder per test process, so a test never
 * writes one into a data folder.
 */
const CACHE_ROOT = Deno.env.get("RVLAB_CACHE_DIR") ||
  Deno.makeTempDirSync({ prefix: "rvlab-test-cache-" });

/**
 * Runs `src/cli/main.ts` with the given arguments from the project folder, without colours,
 * with the permissions of the `rvlab` task (`src/cli/permissions.ts` `TASK_FLAGS`), so every
 * CLI test also checks that the command needs no more than the task grants.
 */
export async function rvlab(...args: string[]): Promise<RvlabRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...TASK_FLAGS, projectPath("src", "cli", "main.ts"), ...args],
    cwd: projectPath(),
    // where the user runs rvlab (deno task sets it): the project folder here, whatever ran the tests
    env: { NO_COLOR: "1", INIT_CWD: projectPath(), RVLAB_CACHE_DIR: CACHE_ROOT },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Starts `rvlab` like {@linkcode rvlab} but returns at once: the child process, with its
 * stderr read line by line into `stderr` and `onLine` called for each line (a test that
 * must act while a command runs, e.g. stop the server mid-load).
 */
export function spawnRvlab(
  args: readonly string[],
  onLine: (line: string) => void,
): { child: Deno.ChildProcess; done: Promise<RvlabRun> } {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...TASK_FLAGS, projectPath("src", "cli", "main.ts"), ...args],
    cwd: projectPath(),
    env: { NO_COLOR: "1", INIT_CWD: projectPath(), RVLAB_CACHE_DIR: CACHE_ROOT },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const readAll = async (stream: ReadableStream<Uint8Array>, each?: (l: string) => void) => {
    let text = "", rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      rest += chunk;
      const lines = rest.split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) each?.(l);
    }
    if (rest) each?.(rest);
    return text;
  };
  const done = (async () => {
    const [stdout, stderr, status] = await Promise.all([
      readAll(child.stdout),
      readAll(child.stderr, onLine),
      child.status,
    ]);
    return { code: status.code, stdout, stderr };
  })();
  return { child, done };
}
