/** The report's themes section on interview transcripts: the guide alignment, or the note without one. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath } from "../../src/io/paths.ts";
import { themeStudy } from "../../src/study/themes.ts";
import { themesSection } from "../../src/report/themes_section.ts";
import type { Study } from "../../src/study/study.ts";

const FIX = projectPath("tests", "fixtures", "themes");

async function interviewFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-themes-section-" });
  await Deno.mkdir(join(dir, "transcripts"));
  for (const f of ["a.txt", "b.txt"]) {
    await Deno.copyFile(join(FIX, "interviews", f), join(dir, "transcripts", f));
  }
  await Deno.copyFile(join(FIX, "interviews", "codebook.yaml"), join(dir, "codebook.yaml"));
  return dir;
}

const src = { kind: "real" as const, source: "fixture" };

Deno.test("themesSection() shows the guide alignment of interview transcripts", async () => {
  const themes = await themeStudy(await interviewFolder(), {
    resamples: 0,
    guide: join(FIX, "guide.txt"),
  });
  assert.ok(!("skipped" in themes));
  assert.equal(themes.analysis.questions, "guide");
  const section = await themesSection({ themes } as unknown as Study, src);
  assert.ok(
    section.paragraphs.some((p) => /Aligned to the interview guide .*: 4 of 4 answers/.test(p)),
    section.paragraphs.join("\n"),
  );
  const table = section.tables.find((t) => t.name === "theme_alignment")!;
  assert.deepEqual(
    table.rows.map((r) => [r.question_id, r.answers, r.interviews]),
    [["Q1", 3, 2], ["Q2", 1, 1]],
  );
});

Deno.test("themesSection() says transcripts without a guide are counted per interview only", async () => {
  const themes = await themeStudy(await interviewFolder(), { resamples: 0 });
  assert.ok(!("skipped" in themes));
  assert.equal(themes.analysis.questions, "turn_order");
  assert.deepEqual(themes.analysis.matrices.question, []);
  const section = await themesSection({ themes } as unknown as Study, src);
  assert.ok(
    section.paragraphs.some((p) =>
      /No interview guide .* per interview and per theme only/.test(p)
    ),
  );
  assert.ok(!section.tables.some((t) => t.name === "theme_alignment"));
});
