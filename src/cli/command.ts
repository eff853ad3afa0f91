/**
 * The shape every `rvlab` command has, and the helpers they share: option parsing,
 * JSON output, progress on stderr. Commands are thin: they parse options, call
 * `src/` libraries, and print.
 *
 * @module
 */
import type { ProgressEvent } from "../util/progress.ts";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closest } from "../util/closest.ts";
import { isPostgresUrl } from "../util/redact.ts";
import { UsageError } from "../io/errors.ts";
import { checkOutputDir, checkOutputFile } from "../io/output_dir.ts";

/**
 * One option: its `node:util` parseArgs form, and what its value must be. Everything
 * besides `type`, `short`, `default` and `multiple` is checked by
 * {@linkcode checkOptions} for every command before it runs, so a wrong value exits 2
 * before any data is read.
 */
export interface OptionDef {
  type: "string" | "boolean";
  short?: string;
  default?: string | boolean;
  multiple?: boolean;
  /** a whole number >= min ({@linkcode intOption} reads the same bound) */
  min?: number;
  /** one of these values */
  choices?: readonly string[];
  /** any other check of the value; throws (or rejects with) a UsageError */
  check?: (ctx: CommandContext) => unknown;
  /**
   * a path: `input` (a folder or file read; an output may not be, hold or lie in it),
   * `output-dir` (a folder written, see `io/output_dir.ts`; adds `--force`), or
   * `output-file`
   */
  path?: "input" | "output-dir" | "output-file";
  /** the value when the option is not given, from the other options (an output's default) */
  fallback?: (values: CommandContext["values"]) => string;
}

/** Option definitions by name (without the leading `--`). */
export type OptionSpec = Record<string, OptionDef>;

/** What a command gets when it runs. */
export interface CommandContext {
  /** parsed options (always includes `json` and `help`) */
  values: Record<string, string | boolean | string[] | undefined>;
  /** positional arguments after the command name */
  positionals: string[];
  /** writes one line of human output to stdout (suppressed under --json) */
  print(line: string): void;
  /** progress and logs on stderr */
  log(line: string): void;
  /** true when --json was given */
  json: boolean;
  /** the command's option definitions (bounds that {@linkcode intOption} reads) */
  spec?: OptionSpec;
  /**
   * draws a progress bar on stderr; undefined when stderr is not a terminal (then only the
   * log lines show). Commands hand it to the stages' `onProgress`.
   */
  progress?: (e: ProgressEvent) => void;
}

/** One `rvlab` command. */
export interface Command {
  name: string;
  /** one line for the command list (the list itself, `src/cli/commands.ts`, holds the commands') */
  summary?: string;
  /** full --help text (usage line first) */
  help: string;
  options: OptionSpec;
  /** returns the JSON document of the result; the CLI prints it under --json */
  run(ctx: CommandContext): Promise<unknown>;
}

/**
 * Parses a command's arguments; throws UsageError on an unknown option.
 *
 * Why: strict parsing, so a mistyped option stops the run (exit status 2) instead
 * of being ignored; `--json` and `--help` are added to every command.
 *
 * Complexity: O(arguments).
 *
 * @example
 * ```ts
 * import { type Command, parseCommandArgs } from "./command.ts";
 * const command: Command = {
 *   name: "demo", summary: "a demo", help: "rvlab demo --out DIR",
 *   options: { out: { type: "string" } },
 *   run: () => Promise.resolve({}),
 * };
 * parseCommandArgs(command, ["--out", "x", "pos"]).positionals; // => ["pos"]
 * ```
 */
export function parseCommandArgs(
  command: Command,
  args: string[],
): { values: CommandContext["values"]; positionals: string[] } {
  try {
    // parseArgs gets only its own keys of each definition
    const options: NonNullable<ParseArgsConfig["options"]> = {};
    for (const [name, o] of Object.entries(allOptions(command))) {
      options[name] = { type: o.type };
      if (o.short) options[name].short = o.short;
      if (o.multiple) options[name].multiple = o.multiple;
      if (o.default !== undefined) options[name].default = o.default as string;
    }
    const { values, positionals } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as CommandContext["values"], positionals };
  } catch (e) {
    throw new UsageError(`${optionHint((e as Error).message, command)}\n\n${command.help}`);
  }
}

/**
 * A command's options with the ones every command has: `--json`, `--help`, and
 * `--force` for a command that writes a folder.
 *
 * Complexity: O(options).
 *
 * @example
 * ```ts
 * import { allOptions, type Command } from "./command.ts";
 * const command = { options: { out: { type: "string", path: "output-dir" } } } as unknown as Command;
 * Object.keys(allOptions(command)); // => ["out", "json", "help", "force"]
 * ```
 */
export function allOptions(command: Command): OptionSpec {
  const writes = Object.values(command.options).some((o) => o.path === "output-dir");
  return {
    ...command.options,
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    ...(writes ? { force: { type: "boolean" } } : {}),
  };
}

/**
 * Checks every option of a parsed command line before the command runs, and fills in
 * the defaults of outputs (`fallback`): numbers, choices and other value checks first,
 * then the output folders and files ({@linkcode checkOutputDir}: never `/`, the home
 * folder, or an input; a non-empty folder rvlab did not write only with `--force`).
 * Throws a UsageError (exit 2) naming the option, what was expected and what was found.
 *
 * Why: one place for every command, so nothing is read or computed before a wrong
 * option is refused.
 *
 * Complexity: O(options) plus a few file-system look-ups per path.
 *
 * @example
 * ```ts
 * import { checkOptions, type Command, type CommandContext } from "./command.ts";
 * const command = { options: { horizon: { type: "string", min: 1 } } } as unknown as Command;
 * const ctx: CommandContext = {
 *   values: { horizon: "abc" }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * await checkOptions(command, ctx).catch((e) => e.message);
 * // => '--horizon expects a whole number >= 1, found "abc"'
 * ```
 */
export async function checkOptions(command: Command, ctx: CommandContext): Promise<void> {
  const spec = command.options;
  const c: CommandContext = { ...ctx, spec };
  for (const [name, o] of Object.entries(spec)) {
    if (o.min !== undefined) intOption(c, name, 0);
    if (o.choices) enumOption(c, name, o.choices, o.choices[0]);
    if (o.check && ctx.values[name] !== undefined) await o.check(c);
  }
  for (const [name, o] of Object.entries(spec)) {
    if (o.fallback && ctx.values[name] === undefined) ctx.values[name] = o.fallback(ctx.values);
  }
  const inputs = Object.entries(spec)
    .filter(([name, o]) => o.path === "input" && typeof ctx.values[name] === "string")
    .map(([name]) => ctx.values[name] as string)
    .filter((v) => !isPostgresUrl(v));
  for (const [name, o] of Object.entries(spec)) {
    const v = ctx.values[name];
    if (typeof v !== "string" || v === "") continue;
    const label = `--${name}`;
    if (o.path === "output-dir") {
      await checkOutputDir(v, { force: ctx.values.force === true, inputs, label });
    } else if (o.path === "output-file") await checkOutputFile(v, { inputs, label });
  }
}

/**
 * The message for parseArgs' error: an unknown option becomes "unknown option --dat;
 * did you mean --data?" when one of the command's options (or --json, --help) is close
 * to it ({@linkcode closest}), "unknown option --x" otherwise; a value that starts with a
 * dash (`--seed -1`) says to write `--seed=-1`; other messages pass.
 *
 * Complexity: O(options × option length).
 *
 * @example
 * ```ts
 * import { type Command, optionHint } from "./command.ts";
 * const command = { options: { data: { type: "string" } } } as unknown as Command;
 * optionHint("Unknown option '--dat'. To specify a positional argument …", command);
 * // => "unknown option --dat; did you mean --data?"
 * ```
 */
export function optionHint(message: string, command: Command): string {
  const amb = /Option '(-{1,2}[^']+)' argument is ambiguous/.exec(message);
  if (amb) {
    return `${amb[1]} expects a value; for one that starts with a dash write ${amb[1]}=VALUE`;
  }
  const m = /Unknown option '(-{1,2})([^'=]+)'/.exec(message);
  if (!m) return message;
  const guess = closest(m[2], Object.keys(allOptions(command)));
  return `unknown option ${m[1]}${m[2]}${guess ? `; did you mean --${guess}?` : ""}`;
}

/**
 * Reads a required string option or throws a UsageError that names it.
 *
 * Why: every command reports a missing option the same way.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { type CommandContext, requireString } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { out: "out/world" }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * requireString(ctx, "out"); // => "out/world"
 * ```
 */
export function requireString(ctx: CommandContext, name: string): string {
  const v = ctx.values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

/**
 * Reads an optional integer option, checking its range (`min`, default the option
 * definition's `min`, else 0).
 *
 * Why: a value like `--months 1.5` or `--months x` is a usage error, not a silent NaN.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { type CommandContext, intOption } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { months: "12" }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * intOption(ctx, "months", 6, 1); // => 12
 * intOption(ctx, "seed", 1); // => 1
 * ```
 */
export function intOption(
  ctx: CommandContext,
  name: string,
  fallback: number,
  min = ctx.spec?.[name]?.min ?? 0,
): number {
  const v = ctx.values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} expects a whole number >= ${min}, found "${String(v)}"`);
  }
  return n;
}

/**
 * Reads the repeatable `--cap TYPE=N` option: at most N counted occurrences of the
 * interaction type TYPE per key and period, in every RV figure (see `rv/scored.ts`).
 *
 * Why: one parser for every command that takes caps, so they all read them alike.
 *
 * Complexity: O(caps).
 *
 * @example
 * ```ts
 * import { capsOption, type CommandContext } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { cap: ["email=3", "call=1.5"] }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * capsOption(ctx); // => { email: 3, call: 1.5 }
 * ```
 */
export function capsOption(ctx: CommandContext): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const c of (ctx.values.cap as string[] | undefined) ?? []) {
    const m = /^([^=]+)=(\d+(\.\d+)?)$/.exec(c);
    if (!m) throw new UsageError(`--cap expects TYPE=N, found "${c}"`);
    caps[m[1]] = Number(m[2]);
  }
  return caps;
}

/**
 * Reads the repeatable `--compare "name: SQL predicate"` option: custom groups for the
 * RV-Q answers (`custom:<name>` rows). The name is letters, digits, `_` or `-`; names
 * must differ. A malformed value is a usage error (exit 2), before any data is read;
 * the predicate itself is checked when it runs.
 *
 * Complexity: O(values).
 *
 * @example
 * ```ts
 * import { type CommandContext, compareOption } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { compare: ["big: revenue > 10000"] }, positionals: [], print: () => {}, log: () => {},
 *   json: false,
 * };
 * compareOption(ctx); // => [{ name: "big", predicate: "revenue > 10000" }]
 * ```
 */
export function compareOption(ctx: CommandContext): { name: string; predicate: string }[] {
  const out: { name: string; predicate: string }[] = [];
  for (const c of (ctx.values.compare as string[] | undefined) ?? []) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*:\s*(\S[\s\S]*?)\s*$/.exec(c);
    if (!m) {
      throw new UsageError(
        `--compare expects "name: SQL predicate" (a name of letters, digits, _ or -, a colon, then a condition on the accounts), found "${c}"`,
      );
    }
    if (out.some((o) => o.name === m[1])) {
      throw new UsageError(`--compare names must differ, found "${m[1]}" twice`);
    }
    out.push({ name: m[1], predicate: m[2] });
  }
  return out;
}

/**
 * Reads an optional enumerated option.
 *
 * Why: a value outside the allowed list is a usage error that lists the choices.
 *
 * Complexity: O(allowed values).
 *
 * @example
 * ```ts
 * import { type CommandContext, enumOption } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { grain: "week" }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * enumOption(ctx, "grain", ["month", "week"], "month"); // => "week"
 * ```
 */
export function enumOption<T extends string>(
  ctx: CommandContext,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = ctx.values[name];
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !allowed.includes(v as T)) {
    throw new UsageError(`--${name} expects one of ${allowed.join(", ")}, found "${String(v)}"`);
  }
  return v as T;
}

/**
 * `--no-cache` and `--cache DIR`, the options of every command that reads a data folder
 * through its workspace (`engine/workspace.ts`), checked by {@linkcode cacheOption}.
 */
export const CACHE_OPTIONS: OptionSpec = {
  "no-cache": { type: "boolean" },
  cache: { type: "string", check: (ctx) => cacheOption(ctx) },
};

/** The `--help` paragraph of {@linkcode CACHE_OPTIONS}. */
export const CACHE_HELP =
  `A data folder's validated tables are kept in a DuckDB workspace (DIR/.rvlab/workspace.duckdb,
or --cache FOLDER, or a folder per data folder under $RVLAB_CACHE_DIR) and reused while its
files are unchanged (size and times, else SHA-256); a changed file reloads its table only.
--no-cache reads every file afresh and writes no workspace. Not used for postgres:// data.`;

/**
 * Reads `--no-cache` and `--cache DIR` into the workspace options: `{ enabled: false }`,
 * `{ cache: DIR }` or `{}` (the default place). Both together, or `--cache` naming a
 * file, are usage errors.
 *
 * Complexity: O(1), one stat of `--cache`.
 *
 * @example
 * ```ts
 * import { cacheOption, type CommandContext } from "./command.ts";
 * const ctx: CommandContext = {
 *   values: { "no-cache": true }, positionals: [], print: () => {}, log: () => {}, json: false,
 * };
 * cacheOption(ctx); // => { enabled: false }
 * ```
 */
export function cacheOption(ctx: CommandContext): { enabled?: boolean; cache?: string } {
  const cache = ctx.values.cache;
  if (ctx.values["no-cache"] === true) {
    if (cache !== undefined) throw new UsageError("--cache and --no-cache exclude each other");
    return { enabled: false };
  }
  if (cache === undefined) return {};
  if (typeof cache !== "string" || cache === "") {
    throw new UsageError(`--cache expects a folder, found "${String(cache)}"`);
  }
  try {
    if (!Deno.statSync(cache).isDirectory) {
      throw new UsageError(`--cache ${cache} is a file; expected a folder`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // absent: created when the workspace is written
  }
  return { cache };
}
