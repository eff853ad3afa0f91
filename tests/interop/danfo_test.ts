import assert from "node:assert/strict";
import {
  columnsToRows,
  type DanfoModule,
  fromDanfo,
  rowsToColumns,
  toDanfo,
} from "../../src/interop/mod.ts";

Deno.test("rowsToColumns() takes the union of keys in order and fills nulls", () => {
  const d = new Date(Date.UTC(2024, 1, 3));
  assert.deepEqual(rowsToColumns([{ a: 1, when: d }, { b: 2n, a: undefined, o: { k: [1] } }]), {
    columns: ["a", "when", "b", "o"],
    data: {
      a: [1, null],
      when: ["2024-02-03T00:00:00.000Z", null],
      b: [null, 2],
      o: [null, '{"k":[1]}'],
    },
  });
  assert.deepEqual(rowsToColumns([{ a: 1, b: 2 }], ["b"]), { columns: ["b"], data: { b: [2] } });
  assert.deepEqual(rowsToColumns([]), { columns: [], data: {} });
});

Deno.test("columnsToRows() turns NaN and undefined into null", () => {
  assert.deepEqual(columnsToRows(["a", "b"], [[1, Number.NaN], ["x", undefined]]), [
    { a: 1, b: null },
    { a: "x", b: null },
  ]);
});

/** A stand-in with danfo's constructor contract: columns object in, row arrays out. */
class FakeFrame {
  columns: string[];
  values: unknown[][];
  shape: number[];
  constructor(data: Record<string, unknown[]> | unknown[][], options: { columns?: string[] } = {}) {
    this.columns = options.columns ?? [];
    const cols = Array.isArray(data) ? [] : this.columns.map((c) => data[c]);
    const n = cols[0]?.length ?? 0;
    this.values = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
    this.shape = [n, this.columns.length];
  }
}
const fake = { DataFrame: FakeFrame } as unknown as DanfoModule;

Deno.test("toDanfo() and fromDanfo() round-trip rows through a DataFrame contract", async () => {
  const rows = [{ id: "a", rv: 1.5, n: null }, { id: "b", rv: -2, n: 3 }];
  const df = await toDanfo(rows, { danfo: fake });
  assert.deepEqual(df.columns, ["id", "rv", "n"]);
  assert.deepEqual(df.shape, [2, 3]);
  assert.deepEqual(fromDanfo(df), rows);
  const empty = await toDanfo([], { danfo: fake, columns: ["x"] });
  assert.deepEqual(fromDanfo(empty), []);
});

// danfojs-node is optional: the real round trip runs (in its own process, see
// danfo_roundtrip.ts) when the package can be loaded; else the test is skipped with the reason.
const ROWS = [
  { account_id: "a1", period: "2024-01-01", rv: 3.5, interactions: 4, owner: "rep1" },
  { account_id: "a2", period: "2024-01-01", rv: -1.25, interactions: 2, owner: null },
  { account_id: "a1", period: "2024-02-01", rv: 0.5, interactions: 1, owner: "rep2" },
];
const out = await new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--allow-all",
    "--no-lock",
    "--no-config",
    "--node-modules-dir=none",
    new URL("./danfo_roundtrip.ts", import.meta.url).pathname,
    JSON.stringify(ROWS),
  ],
  env: { NO_COLOR: "1" },
  stderr: "piped",
}).output();
const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
const real = out.success && text.startsWith("{") ? JSON.parse(text) : {
  ok: false,
  reason: `round-trip process failed: ${new TextDecoder().decode(out.stderr).slice(-500)}`,
};
if (!real.ok) console.log(`danfo.js test skipped: ${real.reason}`);

Deno.test({
  name: "toDanfo() builds a real danfojs-node 1.1.2 DataFrame and fromDanfo() reads it back",
  ignore: !real.ok,
  fn() {
    assert.deepEqual(real.shape, [3, 5]);
    assert.deepEqual(real.columns, ["account_id", "period", "rv", "interactions", "owner"]);
    assert.deepEqual(real.back, ROWS);
    // danfo's own API worked on the frame: sum of rv per account
    const sums = Object.fromEntries(
      real.sums.map((r: Record<string, unknown>) => [r.account_id, r.rv_sum]),
    );
    assert.deepEqual(sums, { a1: 4, a2: -1.25 });
  },
});

Deno.test({
  name: "a real danfo DataFrame displays as an HTML table, not an object dump",
  ignore: !real.ok,
  fn() {
    const h: string = real.html;
    assert.ok(h.startsWith("<table"), h.slice(0, 200));
    for (const x of ["<th>Account ID</th>", "<th>RV</th>", ">-1.25</td>", ">rep1</td>"]) {
      assert.ok(h.includes(x), x);
    }
    assert.ok(h.includes("DataFrame: 3 rows × 5 columns"), "the shape in the caption");
    // danfo's internals never reach the output
    for (const s of [h, real.plain]) assert.ok(!/\$data|\$config|dataIncolumnFormat/.test(s), s);
    assert.ok(String(real.plain).includes("RV sum"), real.plain);
  },
});
