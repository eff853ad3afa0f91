import assert from "node:assert/strict";
import {
  alignmentInterviewsTable,
  alignmentTable,
  mimeBundle,
  table,
} from "../../src/display/mod.ts";
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

Deno.test("themeStudy() with a guide shows the alignment per question and per interview", async () => {
  const fix = projectPath("tests", "fixtures", "themes");
  const s = await themeStudy(`${fix}/interviews`, `${fix}/interviews/codebook.yaml`, {
    guide: `${fix}/guide.txt`,
  });
  if (s.missing) throw new Error(s.message);
  const q = alignmentTable(s.analysis);
  assert.deepEqual(q.rows.map((r) => [r.question, r.answers, r.interviews]), [["Q1", 3, 2], [
    "Q2",
    1,
    1,
  ]]);
  const i = alignmentInterviewsTable(s.analysis);
  assert.deepEqual(i.rows.map((r) => [r.interview, r.answers, r.aligned, r.asked]), [
    ["a", 2, 2, 2],
    ["b", 2, 2, 1],
  ]);
  assert.ok(mimeBundle(s)["text/html"].includes("Answers per guide question"));
  // without the guide: no themes per question, and the summary says why
  const plain = await themeStudy(`${fix}/interviews`, `${fix}/interviews/codebook.yaml`);
  if (plain.missing) throw new Error(plain.message);
  assert.deepEqual([plain.analysis.top_by_question, alignmentTable(plain.analysis).rows], [[], []]);
  assert.match(mimeBundle(plain)["text/html"], /No interview guide/);
});

Deno.test("themeStudy() with holdout learns a coder (SYNTHETIC planted vs null world): its summary, terms and agreement", async () => {
  const { world, writeWorldFolder } = await import("../themes/learn_world.ts");
  const { learnedCoderSummary, modelTermsTable, ruleDiagnosticsTable, suggestionsTable } =
    await import("../../src/display/mod.ts");
  const study = async (planted: boolean) => {
    const dir = await writeWorldFolder(world(300, 8, planted));
    const s = await themeStudy(dir, `${dir}/codebook.yaml`, { holdout: 0.5, resamples: 50 });
    if (s.missing) throw new Error(s.message);
    return s;
  };
  const planted = await study(true);
  assert.equal(planted.analysis.answers, 150);
  assert.equal(planted.learned!.training_answers, 150);
  assert.ok(planted.analysis.agreement!.overall.micro_f1 > 0.7);
  const terms = modelTermsTable(planted.learned!);
  assert.match(String(terms.rows.find((r) => r.theme_id === "park")!.top_terms), /^park/);
  assert.match(learnedCoderSummary(planted.learned!).markdown, /Coder: learned \(combined\)/);
  assert.ok(suggestionsTable(planted.learned!).rows.length > 0);
  assert.equal(ruleDiagnosticsTable(planted.analysis).rows.length, 0); // the world codebook has no rules
  const html = mimeBundle(planted)["text/html"] as string;
  assert.match(html, /Coder: learned/);
  assert.match(html, /top weighted terms/);
  // where the human codes ignore the text, the learned coder cannot agree with them
  const none = await study(false);
  assert.ok(
    none.analysis.agreement!.overall.micro_f1 < 0.5,
    `${none.analysis.agreement!.overall.micro_f1}`,
  );
});
