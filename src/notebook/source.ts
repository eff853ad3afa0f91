/**
 * Notebooks as checked source: a notebook is a plain TypeScript file with cell markers
 * (jupytext's "percent" format, as `// %%` comments), from which the `.ipynb` is made —
 * so `deno check` and `deno lint` see every cell, and an edit made in Jupyter is
 * written back into the `.ts` by {@linkcode cellsFromNotebook}.
 *
 * ```ts ignore
 * // %% [markdown]
 * // # A title
 * //
 * // Some text.
 *
 * // %% expect=["text/html"]
 * await show(table(rows));
 * ```
 *
 * A `// %% [markdown]` cell holds comment lines only (`// ` is removed); a `// %%`
 * cell is code, with an optional `expect=[…]` (the output types the cell must produce,
 * checked by `scripts/run_notebooks.py` and `scripts/nbconvert_losses.py`; kept in the
 * cell's metadata as `rvlab.expect`).
 *
 * @module
 */

/** One notebook cell. */
export interface NotebookCell {
  kind: "markdown" | "code";
  /** the cell's text, without a trailing newline */
  source: string;
  /** output types the cell must produce (code cells; undefined: not checked) */
  expect?: string[];
}

/** A notebook source that cannot be read: says file, line and what was expected. */
export class NotebookSourceError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "NotebookSourceError";
  }
}

const MARKER = /^\/\/ %%(?: \[(markdown)\])?(.*)$/;

function parseMeta(rest: string, file: string, line: number): string[] | undefined {
  const s = rest.trim();
  if (s === "") return undefined;
  const m = /^expect=(\[.*\])$/.exec(s);
  if (!m) {
    throw new NotebookSourceError(
      file,
      line,
      `expected nothing or expect=["mime/type", …] after "// %%", found ${JSON.stringify(s)}`,
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(m[1]);
  } catch {
    throw new NotebookSourceError(file, line, `expect= is not a JSON array: ${m[1]}`);
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw new NotebookSourceError(file, line, `expect= must list strings, found ${m[1]}`);
  }
  return v as string[];
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === "") a++;
  while (b > a && lines[b - 1].trim() === "") b--;
  return lines.slice(a, b);
}

/**
 * Reads a notebook source (`.ts` with `// %%` cell markers) into cells. Text before the
 * first marker must be blank or comments (a file header); it is not a cell.
 *
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { parseNotebookSource } from "./source.ts";
 * const cells = parseNotebookSource('// %% [markdown]\n// # Hi\n\n// %% expect=["text/html"]\nawait f();\n');
 * cells.map((c) => c.kind); // => ["markdown", "code"]
 * cells[0].source; // => "# Hi"
 * cells[1].expect; // => ["text/html"]
 * ```
 */
export function parseNotebookSource(text: string, file = "<notebook>"): NotebookCell[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells: NotebookCell[] = [];
  let cur: { kind: "markdown" | "code"; lines: string[]; expect?: string[]; at: number } | null =
    null;
  const close = () => {
    if (!cur) return;
    const body = trimBlankLines(cur.lines);
    if (cur.kind === "markdown") {
      const first = cur.lines.findIndex((l) => l.trim() !== "");
      const md = body.map((l, i) => {
        if (l === "//") return "";
        if (l.startsWith("// ")) return l.slice(3);
        throw new NotebookSourceError(
          file,
          cur!.at + 1 + first + i,
          `a markdown cell holds "// " comment lines only, found ${JSON.stringify(l)}`,
        );
      });
      cells.push({ kind: "markdown", source: md.join("\n") });
    } else {
      const c: NotebookCell = { kind: "code", source: body.join("\n") };
      if (cur.expect) c.expect = cur.expect;
      cells.push(c);
    }
    cur = null;
  };
  lines.forEach((l, i) => {
    const m = MARKER.exec(l);
    if (m) {
      close();
      const kind = m[1] ? "markdown" : "code";
      const expect = parseMeta(m[2], file, i + 1);
      if (kind === "markdown" && expect) {
        throw new NotebookSourceError(file, i + 1, "a markdown cell takes no expect=");
      }
      cur = { kind, lines: [], expect, at: i + 1 };
    } else if (cur) cur.lines.push(l);
    else if (l.trim() !== "" && !l.startsWith("//")) {
      throw new NotebookSourceError(
        file,
        i + 1,
        `expected a cell marker "// %%" or "// %% [markdown]" before the first code, found ${
          JSON.stringify(l)
        }`,
      );
    }
  });
  close();
  return cells;
}

/**
 * Writes cells as a notebook source: each cell after its marker, one blank line between
 * cells, markdown as `// ` comment lines. `parseNotebookSource(formatNotebookSource(c))`
 * gives `c` back.
 *
 * Complexity: O(total length).
 *
 * @example
 * ```ts
 * import { formatNotebookSource } from "./source.ts";
 * formatNotebookSource([{ kind: "markdown", source: "# Hi" }, { kind: "code", source: "1;" }]);
 * // => "// %% [markdown]\n// # Hi\n\n// %%\n1;\n"
 * ```
 */
export function formatNotebookSource(cells: readonly NotebookCell[], header = ""): string {
  const parts = cells.map((c) => {
    if (c.kind === "markdown") {
      const body = c.source.split("\n").map((l) => {
        if (l.startsWith("%%")) {
          throw new NotebookSourceError(
            "<notebook>",
            1,
            `a markdown line cannot start with "%%": ${l}`,
          );
        }
        return l === "" ? "//" : `// ${l}`;
      });
      return ["// %% [markdown]", ...body].join("\n");
    }
    const marker = c.expect ? `// %% expect=${JSON.stringify(c.expect)}` : "// %%";
    return c.source === "" ? marker : `${marker}\n${c.source}`;
  });
  return (header ? header.replace(/\n*$/, "\n\n") : "") + parts.join("\n\n") + "\n";
}

/** The notebook-level metadata of every rvlab notebook: the Deno kernel. */
export const DENO_NOTEBOOK_METADATA = {
  kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
  language_info: {
    codemirror_mode: "typescript",
    file_extension: ".ts",
    mimetype: "text/x.typescript",
    name: "typescript",
    nbconvert_exporter: "script",
    pygments_lexer: "typescript",
  },
} as const;

function sourceLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
}

/**
 * The `.ipynb` text (nbformat 4.5, outputs cleared, formatted as Jupyter writes it: JSON
 * indented by one space) of a notebook's cells. Cell ids are `PREFIX-NN`.
 *
 * Complexity: O(total length).
 *
 * @example
 * ```ts
 * import { notebookJson } from "./source.ts";
 * const nb = JSON.parse(notebookJson([{ kind: "code", source: "1;" }], "01"));
 * nb.cells[0].id; // => "01-00"
 * nb.cells[0].outputs; // => []
 * ```
 */
export function notebookJson(cells: readonly NotebookCell[], idPrefix: string): string {
  const nb = {
    cells: cells.map((c, i) => {
      const id = `${idPrefix}-${String(i).padStart(2, "0")}`;
      if (c.kind === "markdown") {
        return { cell_type: "markdown", id, metadata: {}, source: sourceLines(c.source) };
      }
      return {
        cell_type: "code",
        execution_count: null,
        id,
        metadata: c.expect ? { rvlab: { expect: c.expect } } : {},
        outputs: [],
        source: sourceLines(c.source),
      };
    }),
    metadata: DENO_NOTEBOOK_METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + "\n";
}

/**
 * The cells of a `.ipynb` (as saved by Jupyter: sources as strings or line lists;
 * outputs, ids and other metadata ignored; raw cells refused).
 *
 * Why: an edit made in Jupyter is written back into the notebook's `.ts` source.
 * Complexity: O(size).
 *
 * @example
 * ```ts
 * import { cellsFromNotebook } from "./source.ts";
 * cellsFromNotebook({ cells: [{ cell_type: "code", source: ["a;\n", "b;"], metadata: {} }] });
 * // => [{ kind: "code", source: "a;\nb;" }]
 * ```
 */
export function cellsFromNotebook(nb: unknown, file = "<notebook>"): NotebookCell[] {
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) {
    throw new NotebookSourceError(file, 1, "expected a notebook with a cells array");
  }
  return cells.map((c: Record<string, unknown>, i: number) => {
    const kind = c.cell_type;
    if (kind !== "markdown" && kind !== "code") {
      throw new NotebookSourceError(
        file,
        1,
        `cell ${i}: expected a markdown or code cell, found ${JSON.stringify(kind)}`,
      );
    }
    const src = Array.isArray(c.source) ? c.source.join("") : String(c.source ?? "");
    const source = trimBlankLines(src.replace(/\r\n/g, "\n").split("\n")).join("\n");
    const cell: NotebookCell = { kind, source };
    const expect = (c.metadata as { rvlab?: { expect?: unknown } } | undefined)?.rvlab?.expect;
    if (kind === "code" && Array.isArray(expect)) cell.expect = expect.map(String);
    return cell;
  });
}
