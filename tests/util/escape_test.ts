import assert from "node:assert/strict";
import {
  escapeHtml,
  escapeMarkdown,
  formatCsvCell,
  formatCsvRow,
  neutraliseFormula,
  revealInvisible,
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

Deno.test("revealInvisible() shows bidi, zero-width and control characters as <U+XXXX>", () => {
  const bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c";
  assert.equal(
    revealInvisible(bidi),
    "<U+202A><U+202B><U+202C><U+202D><U+202E><U+2066><U+2067><U+2068><U+2069><U+200E><U+200F><U+061C>",
  );
  assert.equal(
    revealInvisible("a\u0000\u0007\u001b\u007f\u0085\u009f\u200b\ufeff\u2028\u2029\u{e0041}z"),
    "a<U+0000><U+0007><U+001B><U+007F><U+0085><U+009F><U+200B><U+FEFF><U+2028><U+2029><U+E0041>z",
  );
  // tabs and line breaks stay, a lone CR does not; one-line text shows them all
  assert.equal(revealInvisible("a\tb\nc\r\nd\re"), "a\tb\nc\r\nd<U+000D>e");
  assert.equal(revealInvisible("a\tb\n", { lineBreaks: true }), "a<U+0009>b<U+000A>");
  // joiners stay where a script or an emoji needs them, not between Latin letters
  for (const kept of ["می\u200cخواهم", "क्\u200dष", "👨\u200d👩\u200d👧"]) {
    assert.equal(revealInvisible(kept), kept);
  }
  assert.equal(revealInvisible("pay\u200dpal"), "pay<U+200D>pal");
  assert.equal(revealInvisible("Ünïcödé 😀 — plain"), "Ünïcödé 😀 — plain");
});

Deno.test("escapeHtml(), escapeMarkdown() and neutraliseFormula() show an RTL override, escaped", () => {
  const name = "Acme \u202eCorp\u202c";
  assert.equal(escapeHtml(name), "Acme &lt;U+202E&gt;Corp&lt;U+202C&gt;");
  assert.equal(escapeMarkdown(name), "Acme \\<U+202E\\>Corp\\<U+202C\\>");
  assert.equal(neutraliseFormula(name), "Acme <U+202E>Corp<U+202C>");
  assert.equal(neutraliseFormula("=1\u200b"), "'=1<U+200B>");
  assert.equal(safeCsvValue("\u202e=cmd"), "<U+202E>=cmd");
  // a data cell is written as it is
  assert.equal(formatCsvCell(name), name);
});
