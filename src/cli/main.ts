/**
 * `rvlab` command-line entry point (`deno task rvlab <command> [options]`).
 *
 * Contract: `../shared/spec/cli.md`. Exit status 0 done, 1 the input data is wrong,
 * 2 the command line is wrong. `--json` prints one JSON document on stdout and
 * nothing else there; progress and logs go to stderr.
 *
 * @module
 */
import { checkOptions, type Command, type CommandContext, parseCommandArgs } from "./command.ts";
import { dropPermissions, neededPermissions, scopeProcessEnv } from "./permissions.ts";
import { DataError, UsageError } from "../io/errors.ts";
import { COMMANDS } from "./commands.ts";
import { VERSION } from "./version.ts";
import { closest } from "../util/closest.ts";
import { type ProgressWriter, terminalProgress } from "../util/progress.ts";

const USAGE = `rvlab — relationship intelligence: Relationship Value, back-tests, themes, reports

Usage: deno task rvlab <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

Every command takes --help and --json; rvlab --version prints the version.
Paths are relative to the folder you run the command from. A command that writes a
folder (--out) refuses a non-empty folder rvlab did not write unless --force.
Exit status: 0 done, 1 input data wrong (or the run failed), 2 command line wrong.`;

/**
 * Under `deno task` the working directory is the project folder; `INIT_CWD` (set by
 * `deno task`, as by npm) is where the user ran the command. Moving there makes every
 * relative path on the command line, and every path printed, relative to where the
 * user stands. Returns the working directory.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { enterUserFolder } from "./main.ts";
 * enterUserFolder(); // => Deno.cwd(), INIT_CWD when that is set
 * ```
 */
export function enterUserFolder(): string {
  const init = Deno.env.get("INIT_CWD");
  if (init && init !== Deno.cwd()) {
    try {
      Deno.chdir(init);
    } catch { /* a folder that is gone: stay */ }
  }
  return Deno.cwd();
}

/** One line for an unexpected failure: the message, never the stack (RVLAB_DEBUG=1 shows it). */
function failure(e: unknown): string {
  if (Deno.env.get("RVLAB_DEBUG")) return String((e as Error)?.stack ?? e);
  const msg = e instanceof Error ? e.message : String(e);
  return `${msg.split("\n")[0]} (RVLAB_DEBUG=1 shows where)`;
}

/**
 * Runs the CLI with the given arguments; returns the exit status.
 *
 * Why: returning the status (instead of calling `Deno.exit`) lets tests run commands
 * in-process.
 *
 * Complexity: that of the command run.
 *
 * @example
 * ```ts
 * import { main } from "./main.ts";
 * // prints the command list
 * await main(["--help"]); // => 0
 * await main(["--version"]); // => 0 (prints "rvlab 0.25.0")
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    console.log(`rvlab ${VERSION}`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const guess = closest(name, COMMANDS.map((c) => c.name));
    console.error(
      `rvlab ${name}: unknown command "${name}"${
        guess ? `; did you mean "${guess}"?` : ""
      }\n\n${USAGE}`,
    );
    return 2;
  }
  return await runCommand(await entry.load(), rest, { dropPermissions: true });
}

/** How {@linkcode runCommand} runs a command. */
export interface RunOptions {
  /**
   * give back, before the command runs, the permissions its arguments do not need
   * (`src/cli/permissions.ts`: the network without a postgres:// URL, Chromium without
   * `--pdf`); the command line does, tests running commands in-process do not
   */
  dropPermissions?: boolean;
}

/**
 * Runs one command with its arguments: parses them, checks every option
 * ({@linkcode checkOptions}: before any data is read), runs it, prints `--json`.
 * Returns the exit status: 0 done, 2 a usage error, 1 a data error or any other failure,
 * each one line on stderr (`rvlab NAME: message`), never a stack trace (`RVLAB_DEBUG=1`
 * prints it).
 *
 * Complexity: that of the command run.
 *
 * @example
 * ```ts
 * import { runCommand } from "./main.ts";
 * import type { Command } from "./command.ts";
 * const boom: Command = {
 *   name: "boom", summary: "fails", help: "Usage: boom", options: {},
 *   run: () => Promise.reject(new Error("disk full")),
 * };
 * await runCommand(boom, []); // => 1 (prints "rvlab boom: failed: disk full …")
 * ```
 */
export async function runCommand(
  command: Command,
  args: string[],
  options: RunOptions = {},
): Promise<number> {
  const name = command.name;
  let bar: ProgressWriter | null = null;
  try {
    const { values, positionals } = parseCommandArgs(command, args);
    if (values.help) {
      console.log(command.help);
      return 0;
    }
    if (options.dropPermissions) await dropPermissions(neededPermissions(values, positionals));
    const json = values.json === true;
    // a bar on stderr only when it is a terminal; log lines are kept above it
    bar = terminalProgress();
    const ctx: CommandContext = {
      values,
      positionals,
      json,
      spec: command.options,
      print: (line) => {
        bar?.clear();
        if (!json) console.log(line);
      },
      log: (line) => bar ? bar.log(line) : console.error(line),
      progress: bar ? (e) => bar!.update(e) : undefined,
    };
    await checkOptions(command, ctx);
    const result = await command.run(ctx);
    bar?.clear();
    if (json) console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    bar?.clear();
    if (e instanceof UsageError) {
      console.error(`rvlab ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof DataError) {
      console.error(`rvlab ${name}: ${e.message}`);
      return 1;
    }
    console.error(`rvlab ${name}: failed: ${failure(e)}`);
    return 1;
  }
}

/**
 * The process-wide error boundary of the command line: a failure outside a command's own
 * flow (a rejected promise nobody awaited, an exception thrown by a library's event
 * handler or a timer) prints one line, `rvlab: failed: message`, and exits 1; never a
 * stack trace (`RVLAB_DEBUG=1` prints it).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { installErrorBoundary } from "./main.ts";
 * installErrorBoundary();
 * // setTimeout(() => { throw new Error("boom"); }) now prints "rvlab: failed: boom …", exit 1
 * ```
 */
export function installErrorBoundary(): void {
  globalThis.addEventListener("unhandledrejection", (ev) => {
    ev.preventDefault();
    console.error(`rvlab: failed: ${failure(ev.reason)}`);
    Deno.exit(1);
  });
  globalThis.addEventListener("error", (ev) => {
    ev.preventDefault();
    console.error(`rvlab: failed: ${failure(ev.error ?? ev.message)}`);
    Deno.exit(1);
  });
}

if (import.meta.main) {
  installErrorBoundary();
  // npm packages see only the environment variables the rvlab task names
  scopeProcessEnv();
  enterUserFolder();
  Deno.exit(await main(Deno.args));
}
