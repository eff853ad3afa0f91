import assert from "node:assert/strict";
import { mimeBundle, table } from "../../src/display/mod.ts";
import {
  cooccurrenceMatrixTable,
  missingData,
  studyPart,
  themeMatrixTable,
  themeStudy,
} from "../../src/notebook/mod.ts";
import { projectPath } from "../../src/io/paths.ts";

const coop = await themeStudy(
  projectPath("data", "samples", "coop-plan"),
  projectPath("data", "codebooks", "coop-plan.yaml"),
);
if (coop.missing) throw new Error(coop.message);
const a = coop.analysis;

Deno.test("themeMatrixTable() lays the theme × question cells out as one row per question", () => {
  const t = themeMatrixTable(a, "question");
  const cases = [...new Set(a.matrices.question.map((c) => c.case))];
  assert.deepEqual(t.rows.map((r) => r.question), cases);
  for (const c of a.matrices.question) {
    const row = t.rows.find((r) => r.question === c.case)!;
    assert.equal(row[c.theme_id], c.count);
    assert.equal(row.answers, c.answers);
  }
  assert.deepEqual(t.options.columns, ["question", "answers", ...a.counts.map((c) => c.theme_id)]);
});

Deno.test("cooccurrenceMatrixTable() is symmetric with each theme's answers on the diagonal", () => {
  const t = cooccurrenceMatrixTable(a);
  const themes = a.counts.map((c) => c.theme_id);
  assert.deepEqual(t.rows.map((r) => r.theme), themes);
  for (const p of a.cooccurrence) {
    const ra = t.rows.find((r) => r.theme === p.a)!;
    const rb = t.rows.find((r) => r.theme === p.b)!;
    assert.equal(ra[p.b], p.both);
    assert.equal(rb[p.a], p.both);
    assert.equal(ra[p.a], p.n_a);
  }
});

Deno.test("studyPart() shows a view, or the missing-data message, as HTML", async () => {
  const shown = await studyPart(coop, (x) => table([{ n: x.answers }]));
  assert.ok(mimeBundle(shown)["text/html"].includes(String(a.answers)));
  const gone = await studyPart(missingData("The interviews are not there."), () => {
    throw new Error("not called for missing data");
  });
  assert.ok(mimeBundle(gone)["text/html"].includes("The interviews are not there."));
});
