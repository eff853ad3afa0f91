/**
 * `rvlab` command-line entry point (`deno task rvlab <command> [options]`).
 *
 * Contract: `../shared/spec/cli.md`. Exit status 0 done, 1 the input data is wrong,
 * 2 the command line is wrong. `--json` prints one JSON document on stdout and
 * nothing else there; progress and logs go to stderr.
 *
 * @module
 */
import { type Command, type CommandContext, parseCommandArgs } from "./command.ts";
import { DataError, UsageError } from "../io/errors.ts";
import { COMMANDS } from "./commands.ts";
import { VERSION } from "./version.ts";
import { closest } from "../util/closest.ts";

const USAGE = `rvlab — relationship intelligence: Relationship Value, back-tests, themes, reports

Usage: deno task rvlab <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join("\n")}

Every command takes --help and --json; rvlab --version prints the version.
Exit status: 0 done, 1 input data wrong, 2 command line wrong.`;

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
 * await main(["--version"]); // => 0 (prints "rvlab 0.24.0")
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
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) {
      const guess = closest(name, COMMANDS.map((c) => c.name));
      throw new UsageError(
        `unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}\n\n${USAGE}`,
      );
    }
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      console.log(command.help);
      return 0;
    }
    const json = values.json === true;
    const ctx: CommandContext = {
      values,
      positionals,
      json,
      print: (line) => {
        if (!json) console.log(line);
      },
      log: (line) => console.error(line),
    };
    const result = await command.run(ctx);
    if (json) console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`rvlab ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof DataError) {
      console.error(`rvlab ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
