import { whaleCurveChart } from "../../src/charts/charts.ts";
import { Buffer } from "node:buffer";
import assert from "node:assert/strict";
import {
  chart,
  formatCell,
  html,
  JUPYTER_DISPLAY,
  markdown,
  markdownToHtml,
  mimeBundle,
  stack,
  stripAnsi,
  table,
  tableBundle,
  withDisplay,
} from "../../src/display/mod.ts";

const EVIL = '<script>alert("x")</script>';
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, rv: i + 0.5 }));

Deno.test("tableBundle() escapes headers, cells and the caption", () => {
  const b = tableBundle([{ [EVIL]: EVIL, ok: "a & b" }], { caption: EVIL });
  const h = b["text/html"];
  assert.ok(!h.includes("<script>"), h);
  assert.equal(h.split("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;").length - 1, 3);
  assert.ok(h.includes("a &amp; b"));
});

Deno.test("tableBundle() shows the first maxRows rows, then '… N more rows'", () => {
  const b = tableBundle(rows(25));
  const h = b["text/html"];
  assert.equal((h.match(/<tr>/g) ?? []).length, 1 + 20); // header + 20 rows
  assert.ok(h.includes("a19") && !h.includes("a20<"), "rows 0..19 only");
  assert.ok(h.includes("… 5 more rows (25 in all)"));
  assert.ok(b["text/markdown"].includes("… 5 more rows"));
  assert.ok(b["text/plain"].endsWith("… 5 more rows (25 in all)"));
  const one = tableBundle(rows(4), { maxRows: 3 })["text/html"];
  assert.ok(one.includes("… 1 more row (4 in all)"));
  const none = tableBundle(rows(3), { maxRows: 3 })["text/html"];
  assert.ok(!none.includes("more row"));
});

Deno.test("tableBundle() handles no rows, chosen columns and long cells", () => {
  assert.equal(tableBundle([])["text/html"], '<p class="rvlab-more"><em>no rows</em></p>');
  assert.equal(
    tableBundle([], { caption: "<x>" })["text/html"],
    '<p class="rvlab-more"><strong>&lt;x&gt;</strong>: <em>no rows</em></p>',
  );
  const b = tableBundle([{ a: 1, b: "x".repeat(300), c: 3 }], {
    columns: ["c", "b"],
    maxCellChars: 10,
  });
  assert.ok(b["text/html"].indexOf("<th>C</th>") < b["text/html"].indexOf("<th>B</th>"));
  assert.ok(!b["text/html"].includes("<th>A</th>"));
  assert.ok(b["text/html"].includes("xxxxxxxxx…"));
});

Deno.test("tableBundle() escapes pipes and newlines in Markdown cells", () => {
  const md = tableBundle([{ a: "x|y\nz" }])["text/markdown"];
  assert.ok(md.includes("x\\|y z"), md);
});

Deno.test("formatCell() formats by column, spells out and shortens values", () => {
  assert.equal(formatCell(0.123456789), "0.1235");
  assert.equal(formatCell(42), "42");
  assert.equal(formatCell(1234567), "1,234,567");
  assert.equal(formatCell(1234.56789, 2), "1,234.57");
  assert.equal(formatCell(Number.NaN), "n/a");
  assert.equal(formatCell(null), "");
  assert.equal(formatCell(undefined), "");
  assert.equal(formatCell(12n), "12");
  assert.equal(formatCell(true), "yes");
  assert.equal(formatCell(["a", 1.23456]), "a, 1.235");
  assert.equal(formatCell({ k: 1 }), "K: 1");
  assert.equal(formatCell(new Date(Date.UTC(2024, 0, 2))), "2024-01-02");
  assert.equal(formatCell("\u001b[31mred\u001b[0m"), "red");
  assert.equal(formatCell(0.00002, undefined, 120, "p_adjusted"), "< 0.001");
  assert.equal(formatCell(0.1234, undefined, 120, "negative_share"), "12.3 %");
  assert.equal(formatCell("x".repeat(50), undefined, 10), "xxxxxxxxx…");
});

Deno.test("tableBundle() reads like the report: human headers, separators, %, p-values", () => {
  const b = tableBundle([
    { account_id: "a1", revenue: 14_590_000.4, top10_revenue_share: 0.4567, p_adjusted: 0 },
  ]);
  const h = b["text/html"];
  for (const x of ["Account ID", "Revenue", "Top 10 % revenue share", "p adjusted"]) {
    assert.ok(h.includes(`<th>${x}</th>`), `${x} in ${h}`);
  }
  for (const x of ["14,590,000", "45.7 %", "&lt; 0.001"]) assert.ok(h.includes(`>${x}</td>`), x);
  assert.ok(!/>0<\/td>/.test(h), "p_adjusted never prints as 0");
  assert.ok(b["text/plain"].includes("14,590,000\t45.7 %\t< 0.001"), b["text/plain"]);
  assert.ok(b["text/markdown"].startsWith("| Account ID | Revenue |"), b["text/markdown"]);
});

Deno.test("stripAnsi() removes colour and cursor codes", () => {
  assert.equal(stripAnsi("\u001b[1;32mok\u001b[39m \u001b[2K"), "ok ");
});

Deno.test("withDisplay() adds a hidden display method and keeps the data", () => {
  const r = withDisplay(
    { n: 3, list: [1] },
    (x) => ({ "text/plain": `\u001b[31mn=${x.n}\u001b[0m` }),
  );
  assert.equal(JSON.stringify(r), '{"n":3,"list":[1]}');
  assert.deepEqual(Object.keys(r), ["n", "list"]);
  assert.deepEqual({ ...r }, { n: 3, list: [1] });
  assert.equal(typeof r[JUPYTER_DISPLAY], "function");
  assert.deepEqual(mimeBundle(r), { "text/plain": "n=3" }, "ANSI stripped");
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
});

Deno.test("table(), markdown(), html() and chart() give the right MIME types", () => {
  assert.deepEqual(Object.keys(mimeBundle(table(rows(2)))).sort(), [
    "text/html",
    "text/markdown",
    "text/plain",
  ]);
  assert.deepEqual(mimeBundle(markdown("**x**")), {
    "text/markdown": "**x**",
    "text/plain": "**x**",
  });
  assert.equal(mimeBundle(html("<b>ok</b>"))["text/plain"], "ok");
  const c = chart({ id: "c", title: "T", svg: "<svg></svg>", spec: {} });
  assert.deepEqual(mimeBundle(c), {
    "text/html": '<div class="rvlab-chart"><svg></svg></div>',
    "image/svg+xml": "<svg></svg>",
    "text/plain": "[chart] T",
  });
  assert.equal(c.svg, "<svg></svg>");
});

Deno.test("chart() carries a PNG beside the SVG, so an HTML export without SVG still shows it", async () => {
  const points = [
    { share_of_customers: 0, cumulative_share: 0 },
    { share_of_customers: 1, cumulative_share: 1 },
  ];
  const b = mimeBundle(chart(await whaleCurveChart(points, { kind: "synthetic", source: "test" })));
  assert.ok(b["image/svg+xml"].startsWith("<svg"));
  const png = Buffer.from(b["image/png"], "base64");
  assert.equal(new TextDecoder().decode(png.subarray(1, 4)), "PNG");
  // the PNG has the chart's aspect ratio (width and height from the IHDR chunk)
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const svgW = Number(/width="(\d+(?:\.\d+)?)"/.exec(b["image/svg+xml"])![1]);
  const svgH = Number(/height="(\d+(?:\.\d+)?)"/.exec(b["image/svg+xml"])![1]);
  assert.ok(Math.abs(w / h - svgW / svgH) < 0.02, `${w}×${h} vs ${svgW}×${svgH}`);
  assert.ok(png.length > 5_000, `${png.length} bytes`);
});

Deno.test("markdownToHtml() escapes first, then renders bold, italic, code and lists", () => {
  assert.equal(
    markdownToHtml("**3** accounts _note_: `x`\n- a <b>\n- b\n\nend"),
    "<p><strong>3</strong> accounts <em>note</em>: <code>x</code></p>\n<ul><li>a &lt;b&gt;</li><li>b</li></ul>\n<p>end</p>",
  );
  assert.ok(!markdownToHtml(`**${EVIL}**`).includes("<script>"));
});

Deno.test("stack() puts headings, tables, charts and Markdown in order", () => {
  const s = mimeBundle(
    stack([
      "Heading <1>",
      markdown("**bold**"),
      table([{ a: 1 }]),
      chart({ id: "c", title: "T", svg: "<svg>c</svg>", spec: {} }),
    ]),
  );
  const h = s["text/html"];
  const at = (x: string) => h.indexOf(x);
  assert.ok(at("<h4>Heading &lt;1&gt;</h4>") === 0);
  assert.ok(at("<strong>bold</strong>") > 0);
  assert.ok(at("<table") > at("<strong>"));
  assert.ok(at("<svg>c</svg>") > at("<table"));
  assert.ok(s["text/plain"].includes("[chart] T"));
});
