import assert from "node:assert/strict";
import {
  cellsFromNotebook,
  formatNotebookSource,
  notebookJson,
  NotebookSourceError,
  parseNotebookSource,
} from "../../src/notebook/mod.ts";
import type { NotebookCell } from "../../src/notebook/mod.ts";

const CELLS: NotebookCell[] = [
  { kind: "markdown", source: "# Title\n\nSome *text*.\n  - nested" },
  { kind: "code", source: 'import { show } from "../src/display/mod.ts";', expect: [] },
  { kind: "code", source: "const x = 1;\n\nawait show(x);", expect: ["text/plain"] },
  { kind: "code", source: "x;" },
];

Deno.test("parseNotebookSource() reads what formatNotebookSource() writes", () => {
  const text = formatNotebookSource(CELLS, "// a header");
  assert.ok(text.startsWith("// a header\n\n// %% [markdown]\n// # Title\n//\n// Some *text*."));
  assert.ok(text.includes('\n// %% expect=["text/plain"]\nconst x = 1;\n\nawait show(x);\n'));
  assert.ok(text.includes("\n// %%\nx;\n"));
  assert.deepEqual(parseNotebookSource(text), CELLS);
  assert.equal(formatNotebookSource(parseNotebookSource(text), "// a header"), text);
});

Deno.test("parseNotebookSource() names file and line of a bad source", () => {
  const bad = (text: string, re: RegExp) =>
    assert.throws(() => parseNotebookSource(text, "nb.ts"), (e: Error) => {
      assert.ok(e instanceof NotebookSourceError);
      assert.match(e.message, re);
      return true;
    });
  bad("const a = 1;\n", /^nb\.ts:1: expected a cell marker/);
  bad("// %% [markdown]\n// ok\nnot a comment\n", /^nb\.ts:3: a markdown cell holds/);
  bad("// %%\n1;\n// %% expect=[text/html]\n", /^nb\.ts:3: expect= is not a JSON array/);
  bad("// %% tags=[1]\n", /^nb\.ts:1: expected nothing or expect=/);
  bad('// %% [markdown] expect=["a"]\n', /^nb\.ts:1: a markdown cell takes no expect=/);
  bad("// %% expect=[1]\n", /expect= must list strings/);
});

Deno.test("notebookJson() makes an nbformat 4.5 notebook without outputs, read back by cellsFromNotebook()", () => {
  const text = notebookJson(CELLS, "07");
  const nb = JSON.parse(text);
  assert.equal(text, JSON.stringify(nb, null, 1) + "\n");
  assert.deepEqual([nb.nbformat, nb.nbformat_minor], [4, 5]);
  assert.equal(nb.metadata.kernelspec.name, "deno");
  assert.deepEqual(nb.cells.map((c: { id: string }) => c.id), ["07-00", "07-01", "07-02", "07-03"]);
  assert.deepEqual(nb.cells[2].source, ["const x = 1;\n", "\n", "await show(x);"]);
  assert.deepEqual(nb.cells[2].metadata, { rvlab: { expect: ["text/plain"] } });
  assert.deepEqual(nb.cells[3].metadata, {});
  assert.deepEqual(nb.cells[2].outputs, []);
  assert.deepEqual(cellsFromNotebook(nb), CELLS);
});

Deno.test("cellsFromNotebook() keeps a Jupyter edit and drops its outputs", () => {
  const nb = JSON.parse(notebookJson(CELLS, "07"));
  nb.cells[3].source = "x + 1;\r\n\n"; // as typed in Jupyter
  nb.cells[3].outputs = [{ output_type: "execute_result", data: { "text/plain": "2" } }];
  nb.cells[3].execution_count = 4;
  const cells = cellsFromNotebook(nb);
  assert.deepEqual(cells[3], { kind: "code", source: "x + 1;" });
  assert.ok(!notebookJson(cells, "07").includes('"2"'));
  assert.throws(
    () => cellsFromNotebook({ cells: [{ cell_type: "raw", source: "" }] }, "a.ipynb"),
    /a\.ipynb:1: cell 0: expected a markdown or code cell, found "raw"/,
  );
});
