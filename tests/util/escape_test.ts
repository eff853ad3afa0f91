import assert from "node:assert/strict";
import {
  escapeHtml,
  escapeMarkdown,
  formatCsvCell,
  formatCsvRow,
  neutraliseFormula,
  safeCsvValue,
} from "../../src/util/escape.ts";
import { htmlTable, markdownTable } from "../../src/util/html_table.ts";

Deno.test("escapeHtml() escapes the five special characters", () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
});

Deno.test("escapeMarkdown() escapes markup and cell separators and joins lines", () => {
  assert.equal(escapeMarkdown("*a* | [b](c)\r\nd_e"), "\\*a\\* \\| \\[b\\](c) d\\_e");
});

Deno.test("formatCsvCell() quotes only where needed; formatCsvRow() ends with a newline", () => {
  assert.equal(formatCsvCell("plain"), "plain");
  assert.equal(formatCsvCell(" x"), '" x"');
  assert.equal(formatCsvCell("a\nb"), '"a\nb"');
  assert.equal(formatCsvCell(null), "");
  assert.equal(formatCsvRow(["a,b", 1.5, true]), '"a,b",1.5,true\n');
});

Deno.test("neutraliseFormula() and safeCsvValue() defuse formulas but keep plain numbers", () => {
  assert.equal(neutraliseFormula("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(neutraliseFormula("+1e3"), "+1e3");
  assert.equal(safeCsvValue(-5), "-5");
  assert.equal(safeCsvValue(["=x"]), '["=x"]');
  assert.equal(safeCsvValue("=x"), "'=x");
  assert.equal(safeCsvValue(undefined), "");
});

Deno.test("htmlTable() and markdownTable() escape every header and cell", () => {
  const t = { columns: ["<n>", "v"], rows: [["a|b", "<1>"]], numeric: [false, true] };
  const h = htmlTable({ ...t, caption: "c&d", className: "k" });
  assert.ok(h.startsWith('<table class="k"><caption>c&amp;d</caption>'), h);
  assert.ok(h.includes("<th>&lt;n&gt;</th>"));
  assert.ok(h.includes('<td style="text-align:right">&lt;1&gt;</td>'));
  assert.equal(markdownTable(t), "| \\<n\\> | v |\n|---|---:|\n| a\\|b | \\<1\\> |");
  assert.equal(
    htmlTable({ columns: ["a"], rows: [] }),
    "<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n\n</tbody></table>",
  );
});
