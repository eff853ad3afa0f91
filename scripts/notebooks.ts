/**
 * The notebooks' sources: `notebooks/NN_name.ts` (TypeScript with `// %%` cell markers,
 * see src/notebook/source.ts) make `notebooks/NN_name.ipynb`, committed without outputs.
 *
 * Usage:
 *   deno task notebooks:build            # write every .ipynb from its .ts
 *   deno task notebooks:build --check    # exit 1 when an .ipynb is not what its .ts makes
 *   deno task notebooks:sync [NB.ipynb …] # write Jupyter edits back into the .ts (default: all)
 *
 * @module
 */
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  cellsFromNotebook,
  formatNotebookSource,
  notebookJson,
  NotebookSourceError,
  parseNotebookSource,
} from "../src/notebook/source.ts";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "notebooks");
const here = (p: string) => relative(Deno.cwd(), p) || ".";

function sources(): string[] {
  return [...Deno.readDirSync(DIR)]
    .filter((e) => e.isFile && /^\d\d_.*\.ts$/.test(e.name))
    .map((e) => join(DIR, e.name))
    .sort();
}

function readText(p: string): string | null {
  try {
    return Deno.readTextFileSync(p);
  } catch {
    return null;
  }
}

function build(check: boolean): number {
  const stale: string[] = [];
  const srcs = sources();
  for (const ts of srcs) {
    const ipynb = ts.replace(/\.ts$/, ".ipynb");
    const cells = parseNotebookSource(Deno.readTextFileSync(ts), here(ts));
    const text = notebookJson(cells, basename(ts).slice(0, 2));
    if (readText(ipynb) === text) continue;
    stale.push(here(ipynb));
    if (!check) Deno.writeTextFileSync(ipynb, text);
  }
  if (check && stale.length) {
    console.error(
      `${stale.join(", ")}: not what ${
        stale.length === 1 ? "its" : "their"
      } .ts source makes (or not cleared of outputs).\n` +
        "Edited in Jupyter? run `deno task notebooks:sync` to write the edits into the .ts; " +
        "edited the .ts? run `deno task notebooks:build`.",
    );
    return 1;
  }
  console.log(`${srcs.length} notebooks, ${stale.length} ${check ? "stale" : "written"}`);
  return 0;
}

function sync(paths: string[]): number {
  const nbs = paths.length ? paths : sources().map((s) => s.replace(/\.ts$/, ".ipynb"));
  let changed = 0;
  for (const nb of nbs) {
    const ts = nb.replace(/\.ipynb$/, ".ts");
    const text = readText(nb);
    if (text === null) {
      console.error(`${here(nb)}: no such notebook`);
      return 1;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      console.error(`${here(nb)}: not a notebook (JSON: ${(e as Error).message})`);
      return 1;
    }
    const old = readText(ts) ?? "";
    const header = old.slice(0, Math.max(0, old.search(/^\/\/ %%/m)));
    const out = formatNotebookSource(cellsFromNotebook(json, here(nb)), header.trim());
    if (out !== old) {
      Deno.writeTextFileSync(ts, out);
      changed++;
      console.log(`${here(ts)}: updated from ${here(nb)}`);
    }
  }
  console.log(`${nbs.length} notebooks synced, ${changed} sources changed`);
  return 0;
}

if (import.meta.main) {
  const [cmd, ...rest] = Deno.args;
  try {
    if (cmd === "build") Deno.exit(build(rest.includes("--check")));
    else if (cmd === "sync") Deno.exit(sync(rest.filter((a) => !a.startsWith("-"))));
    else {
      console.error(
        "usage: deno task notebooks:build [--check] | deno task notebooks:sync [NB.ipynb …]",
      );
      Deno.exit(2);
    }
  } catch (e) {
    if (e instanceof NotebookSourceError) {
      console.error(e.message);
      Deno.exit(1);
    }
    throw e;
  }
}
