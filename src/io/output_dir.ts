/**
 * Output folders rvlab writes (reports, data folders, theme tables): which folders it may
 * write into, and writing them all at once.
 *
 * A folder rvlab writes holds a marker file, {@linkcode OUTPUT_MARKER}, naming the command
 * and version that wrote it. A folder may be written when it does not exist, is empty, or
 * holds that marker (a previous rvlab output); any other non-empty folder only with
 * `force`. Never `/`, the home folder, or a folder that is, holds or lies inside an input.
 * The new contents are built in a hidden sibling folder and swapped in when complete, so
 * an interrupted run leaves the previous output as it was and files of an earlier run
 * that this one does not write are gone.
 *
 * @module
 */
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";
import { UsageError } from "./errors.ts";

/** The marker file in every folder rvlab writes. */
export const OUTPUT_MARKER = ".rvlab-output.json";

/** What may be written where. */
export interface OutputCheck {
  /** replace a non-empty folder that rvlab did not write */
  force?: boolean;
  /** input folders and files: the output may not be, hold or lie inside them */
  inputs?: readonly string[];
  /** how the folder is named in messages (default "--out") */
  label?: string;
}

/** The real path of `path`: symbolic links of its longest existing prefix resolved. */
async function realish(path: string): Promise<string> {
  const abs = resolve(path);
  let head = abs;
  const tail: string[] = [];
  while (true) {
    try {
      return join(await Deno.realPath(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.push(basename(head));
      head = up;
    }
  }
}

/** True when `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch {
    return null;
  }
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch {
    return null;
  }
}

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    const v = JSON.parse(await Deno.readTextFile(file));
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}

/**
 * True when the folder holds rvlab's marker, or was written by rvlab before markers
 * existed: a report (report.html and report.md), a back-test (validation.md), or a data
 * folder whose manifest.json rvlab wrote (`generator` "rvlab …", or an `adapter`).
 */
async function writtenByRvlab(dir: string): Promise<boolean> {
  if ((await readJson(join(dir, OUTPUT_MARKER)))?.written_by === "rvlab") return true;
  const isFile = async (name: string) => (await statOrNull(join(dir, name)))?.isFile === true;
  if ((await isFile("report.html")) && (await isFile("report.md"))) return true;
  if (await isFile("validation.md")) return true;
  const m = await readJson(join(dir, "manifest.json"));
  return Boolean(
    m && (String(m.generator ?? "").startsWith("rvlab") || (m.adapter && m.data_kind)),
  );
}

/**
 * Refuses an output folder rvlab must not write, with a UsageError saying why and what
 * to do: `/`, the home folder, an input folder (or a folder holding one, or inside one),
 * a folder holding an input file, an existing file, a folder under a file or not
 * writable, or a non-empty folder rvlab did not write (unless `force`).
 *
 * Why: checked before any data is read, so a wrong `--out` costs nothing and never
 * destroys anything.
 *
 * Complexity: O(inputs + entries of the folder's first level).
 *
 * @example
 * ```ts
 * import { checkOutputDir } from "./output_dir.ts";
 * const data = await Deno.makeTempDir();
 * await checkOutputDir(`${data}/report`, { inputs: [data] }).catch((e) => e.message);
 * // => "--out … is inside the input folder …; choose a folder outside it"
 * await checkOutputDir(`${data}-report`, { inputs: [data] }); // fine: a new folder
 * ```
 */
export async function checkOutputDir(out: string, options: OutputCheck = {}): Promise<void> {
  const label = `${options.label ?? "--out"} ${out}`;
  const real = await realish(out);
  if (real === "/") {
    throw new UsageError(`${label} is the root folder /; choose a folder of its own`);
  }
  const home = Deno.env.get("HOME");
  if (home && within(await realish(home), real)) {
    throw new UsageError(
      `${label} is ${
        real === await realish(home) ? "your home folder" : "a folder holding your home folder"
      }; choose a folder of its own`,
    );
  }
  for (const input of options.inputs ?? []) {
    const info = await statOrNull(input);
    if (!info) continue;
    const ri = await realish(input);
    if (info.isDirectory && real === ri) {
      throw new UsageError(`${label} is the input folder ${input}; choose another folder`);
    }
    if (within(ri, real)) {
      throw new UsageError(
        `${label} holds the input ${input}; writing it would replace the input, choose another folder`,
      );
    }
    if (info.isDirectory && within(real, ri)) {
      throw new UsageError(
        `${label} is inside the input folder ${input}; choose a folder outside it`,
      );
    }
  }
  const info = await statOrNull(real);
  if (info && !info.isDirectory) {
    throw new UsageError(`${label} is a file; expected a folder (new, empty, or written by rvlab)`);
  }
  if (info) {
    let empty = true;
    for await (const _ of Deno.readDir(real)) {
      empty = false;
      break;
    }
    if (!empty && !options.force && !(await writtenByRvlab(real))) {
      throw new UsageError(
        `${label} is not empty and was not written by rvlab (no ${OUTPUT_MARKER}); choose a new or empty folder, or add --force to replace its contents`,
      );
    }
  }
  // the parent must be a folder (or creatable) that can be written: the new contents
  // are built beside the output folder
  await checkWritableParent(real, label);
}

/** Refuses a path whose nearest existing parent is a file or cannot be written. */
async function checkWritableParent(real: string, label: string): Promise<void> {
  let parent = dirname(real);
  while (!(await statOrNull(parent))) parent = dirname(parent);
  if (!(await Deno.stat(parent)).isDirectory) {
    throw new UsageError(`${label} cannot be created: ${parent} is a file`);
  }
  try {
    await Deno.remove(await Deno.makeTempFile({ dir: parent, prefix: ".rvlab-probe-" }));
  } catch (e) {
    throw new UsageError(`${label} cannot be written: ${parent}: ${(e as Error).message}`);
  }
}

/**
 * Refuses an output file rvlab must not write (an existing folder, a path under a file, a
 * folder that cannot be written, an input file), with a UsageError.
 *
 * Complexity: O(inputs).
 *
 * @example
 * ```ts
 * import { checkOutputFile } from "./output_dir.ts";
 * const dir = await Deno.makeTempDir();
 * await checkOutputFile(dir, { label: "--quarantine" }).catch((e) => e.message);
 * // => "--quarantine … is a folder; expected a file name"
 * ```
 */
export async function checkOutputFile(file: string, options: OutputCheck = {}): Promise<void> {
  const label = `${options.label ?? "--out"} ${file}`;
  const real = await realish(file);
  const info = await statOrNull(real);
  if (info?.isDirectory) throw new UsageError(`${label} is a folder; expected a file name`);
  for (const input of options.inputs ?? []) {
    if ((await statOrNull(input))?.isFile && real === await realish(input)) {
      throw new UsageError(`${label} is the input file ${input}; choose another file`);
    }
  }
  await checkWritableParent(real, label);
}

/** What {@linkcode stageOutputDir} checks, and what its marker records. */
export interface StageOptions extends OutputCheck {
  /** the command that writes the folder (in the marker) */
  command: string;
  /** rvlab's version (in the marker) */
  version?: string;
}

/** An output folder being built; see {@linkcode stageOutputDir}. */
export interface StagedOutput {
  /** the folder to write into (a hidden sibling of `out` until `commit`) */
  dir: string;
  /** the output folder, absolute */
  out: string;
  /** writes the marker and swaps the new contents in place of `out` */
  commit(): Promise<void>;
  /** removes the unfinished contents; `out` stays as it was */
  discard(): Promise<void>;
  /** a value with every path under `dir` moved to `out` (strings, arrays, objects) */
  relocate<T>(value: T): T;
  /** a message with `dir` replaced by `out` as it was given (for logs and errors) */
  text(message: string): string;
}

/**
 * Starts writing the output folder `out`: checks it ({@linkcode checkOutputDir}), then
 * returns a hidden sibling folder to write into. `commit()` writes the marker
 * ({@linkcode OUTPUT_MARKER}: `written_by`, `command`, `version`) and swaps the sibling in
 * place of `out` (two renames; then what interrupted runs left beside `out` is removed);
 * `discard()` removes it.
 *
 * Why: an interrupted run never leaves a half-written report, and a run into an earlier
 * output leaves only its own files.
 *
 * Complexity: O(1) renames; the earlier contents are removed recursively.
 *
 * @example
 * ```ts
 * import { stageOutputDir } from "./output_dir.ts";
 * const out = `${await Deno.makeTempDir()}/report`;
 * const stage = await stageOutputDir(out, { command: "report", version: "0.25.0" });
 * await Deno.writeTextFile(`${stage.dir}/report.md`, "# Report\n");
 * await stage.commit();
 * await Deno.readTextFile(`${out}/report.md`); // => "# Report\n"
 * ```
 */
export async function stageOutputDir(
  out: string,
  options: StageOptions,
): Promise<StagedOutput> {
  await checkOutputDir(out, options);
  const abs = resolve(out);
  const parent = dirname(abs);
  await Deno.mkdir(parent, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: parent, prefix: `.${basename(abs)}.rvlab-tmp-` });
  // paths come back as the user named the folder: relative to where they stand when they gave a relative --out
  const shown = normalize(out).replace(/\/+$/, "") || abs;
  const relocatePath = (p: string) =>
    p === dir ? shown : p.startsWith(dir + "/") ? shown + p.slice(dir.length) : p;
  const relocate = <T>(value: T): T => {
    if (typeof value === "string") return relocatePath(value) as T;
    if (Array.isArray(value)) return value.map(relocate) as T;
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, relocate(v)]),
      ) as T;
    }
    return value;
  };
  return {
    dir,
    out: abs,
    relocate,
    text: (message) => message.replaceAll(dir, out),
    async commit() {
      const marker = { written_by: "rvlab", command: options.command, version: options.version };
      await Deno.writeTextFile(join(dir, OUTPUT_MARKER), JSON.stringify(marker, null, 2) + "\n");
      const old = (await lstatOrNull(abs))
        ? join(parent, `.${basename(abs)}.rvlab-old-${crypto.randomUUID().slice(0, 8)}`)
        : undefined;
      // a symbolic link named by out is replaced itself, its target left alone
      if (old) await Deno.rename(abs, old);
      try {
        await Deno.rename(dir, abs);
      } catch (e) {
        if (old) await Deno.rename(old, abs);
        throw e;
      }
      if (old) await Deno.remove(old, { recursive: true });
      // what interrupted runs into the same folder left beside it
      const prefix = `.${basename(abs)}.rvlab-`;
      for await (const e of Deno.readDir(parent)) {
        if (e.name.startsWith(`${prefix}tmp-`) || e.name.startsWith(`${prefix}old-`)) {
          await Deno.remove(join(parent, e.name), { recursive: true }).catch(() => {});
        }
      }
    },
    async discard() {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * Writes the output folder `out` with `write(dir)` through {@linkcode stageOutputDir}:
 * `write` writes into the staging folder `dir`; when it returns, the folder is swapped in
 * and its result comes back with the paths moved to `out`; when it fails, the staging
 * folder is removed, `out` stays as it was, and the error's message names `out`.
 * `text` turns a log line about `dir` into one about `out`.
 *
 * Complexity: that of `write`, plus {@linkcode stageOutputDir}.
 *
 * @example
 * ```ts
 * import { withOutputDir } from "./output_dir.ts";
 * const out = `${await Deno.makeTempDir()}/world`;
 * const file = await withOutputDir(out, { command: "generate" }, async (dir) => {
 *   await Deno.writeTextFile(`${dir}/README.md`, "hello\n");
 *   return `${dir}/README.md`;
 * });
 * file === `${out}/README.md`; // => true
 * ```
 */
export async function withOutputDir<T>(
  out: string,
  options: StageOptions,
  write: (dir: string, text: (message: string) => string) => Promise<T>,
): Promise<T> {
  const stage = await stageOutputDir(out, options);
  try {
    const r = stage.relocate(await write(stage.dir, stage.text));
    await stage.commit();
    return r;
  } catch (e) {
    await stage.discard();
    if (e instanceof Error) e.message = stage.text(e.message);
    throw e;
  }
}

/**
 * Writes one file whole: `write` writes a temporary name beside `file`, which is then
 * renamed to `file`; on failure the temporary file is removed and `file` stays as it was.
 *
 * Why: an interrupted run never leaves a half-written file under the name asked for.
 *
 * Complexity: that of `write`, plus one rename.
 *
 * @example
 * ```ts
 * import { writeWhole } from "./output_dir.ts";
 * const file = `${await Deno.makeTempDir()}/q.csv`;
 * await writeWhole(file, (tmp) => Deno.writeTextFile(tmp, "a,b\n"));
 * await Deno.readTextFile(file); // => "a,b\n"
 * ```
 */
export async function writeWhole(
  file: string,
  write: (tmp: string) => Promise<unknown>,
): Promise<void> {
  const abs = resolve(file);
  await Deno.mkdir(dirname(abs), { recursive: true });
  const tmp = join(dirname(abs), `.${basename(abs)}.rvlab-tmp-${crypto.randomUUID().slice(0, 8)}`);
  try {
    await write(tmp);
    await Deno.rename(tmp, abs);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * The path of `name` inside `outDir`, refusing (UsageError) names that are absolute,
 * climb out with `..`, lead through a symbolic link that points outside, or are
 * themselves a symbolic link.
 *
 * Why: output names can come from data (table and chart ids); nothing may be written
 * outside the output folder, and a link left in an output folder must not carry a
 * write elsewhere.
 *
 * Complexity: O(path depth) file-system look-ups.
 *
 * @example
 * ```ts
 * import { safeOutputPath } from "./output_dir.ts";
 * const dir = await Deno.makeTempDir();
 * (await safeOutputPath(dir, "tables/t.csv")).endsWith("/tables/t.csv"); // => true
 * await safeOutputPath(dir, "../x").catch((e) => e.message); // rejects: must stay inside
 * ```
 */
export async function safeOutputPath(outDir: string, name: string): Promise<string> {
  if (isAbsolute(name) || normalize(name).split(/[\\/]/).includes("..")) {
    throw new UsageError(`output name "${name}" must stay inside ${outDir}`);
  }
  const root = resolve(outDir);
  const target = resolve(join(root, name));
  const rel = relative(root, target);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new UsageError(`output name "${name}" must stay inside ${outDir}`);
  }
  if ((await lstatOrNull(target))?.isSymlink) {
    throw new UsageError(
      `output ${target} is a symbolic link; rvlab does not write through links (remove it or choose a new --out)`,
    );
  }
  // a parent that is a symbolic link must resolve inside the output folder too
  const realRoot = await realish(root);
  let parent = target;
  while (parent !== root && parent.startsWith(root)) {
    parent = resolve(parent, "..");
    let real: string;
    try {
      real = await Deno.realPath(parent);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    if (!within(real, realRoot)) {
      throw new UsageError(`output name "${name}" leads outside ${outDir} (through ${parent})`);
    }
  }
  return target;
}

/**
 * Writes `content` as the file `name` inside `outDir`: the name checked by
 * {@linkcode safeOutputPath}, its folders created, and the file written whole through
 * {@linkcode writeWhole} (a temporary file beside it, then renamed), so no symbolic link
 * is ever followed and no half-written file is left. Returns the path written.
 *
 * Complexity: O(size of content + path depth).
 *
 * @example
 * ```ts
 * import { writeOutputFile } from "./output_dir.ts";
 * const dir = await Deno.makeTempDir();
 * const p = await writeOutputFile(dir, "tables/a.csv", "a\n1\n");
 * await Deno.readTextFile(p); // => "a\n1\n"
 * ```
 */
export async function writeOutputFile(
  outDir: string,
  name: string,
  content: string | Uint8Array,
): Promise<string> {
  const path = await safeOutputPath(outDir, name);
  await writeWhole(
    path,
    (tmp) =>
      typeof content === "string"
        ? Deno.writeTextFile(tmp, content, { createNew: true })
        : Deno.writeFile(tmp, content, { createNew: true }),
  );
  return path;
}
