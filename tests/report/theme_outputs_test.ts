import assert from "node:assert/strict";
import { join } from "node:path";
import { analyseThemes } from "../../src/themes/analyse.ts";
import { loadCodebook } from "../../src/themes/codebook.ts";
import { readAnswers } from "../../src/themes/input.ts";
import { quotesCsv, themeCountsCsv, themeMarkdown } from "../../src/report/theme_outputs.ts";
import { projectPath } from "../../src/io/paths.ts";

const FIX = projectPath("tests", "fixtures", "themes", "feedback");

Deno.test("themeMarkdown() and the theme CSVs show a bidi override in a codebook label and a quote escaped", async () => {
  const codebook = await loadCodebook(join(FIX, "codebook.yaml"));
  const { rows } = await readAnswers(FIX);
  const a = analyseThemes(rows, codebook);
  const evil = "evil\u202etxt.exe | <b>[x](javascript:1)</b>";
  codebook.themes[0].label = evil;
  a.counts[0].label = evil;
  a.quotes[0].quote = evil;
  const md = themeMarkdown(a, codebook);
  assert.ok(!md.includes("\u202e"), "no raw U+202E in the Markdown");
  assert.ok(md.includes("evil\\<U+202E\\>txt.exe \\| \\<b\\>\\[x\\](javascript:1)\\</b\\>"), md);
  for (const t of [quotesCsv(a), themeCountsCsv(a)]) {
    assert.ok(!t.csv.includes("\u202e") && t.csv.includes("evil<U+202E>txt.exe"), t.name);
  }
});
