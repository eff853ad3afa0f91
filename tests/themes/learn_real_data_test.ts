/** The learned coder on the real NHS feedback: trained on the dev half, measured on the test half. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath, sharedDataDir } from "../../src/io/paths.ts";
import { importAdapter } from "../../src/ipf/adapters.ts";
import {
  analyseThemes,
  codeWithModel,
  evaluationSplit,
  learnFromAnswers,
  loadCodebook,
  readAnswers,
} from "../../src/themes/mod.ts";

Deno.test("combined coder learned on the NHS dev half beats the rules on the test half (micro-F1 and alpha)", async () => {
  const out = await Deno.makeTempDir();
  await importAdapter("nhs-feedback", join(sharedDataDir(), "nhs-patient-feedback"), out, {
    log: () => {},
  });
  const cb = await loadCodebook(projectPath("data", "codebooks", "nhs-feedback.yaml"));
  const { rows } = await readAnswers(out);
  const dev = rows.filter((r) => evaluationSplit(r.answer_id) === "dev");
  const test = rows.filter((r) => evaluationSplit(r.answer_id) === "test");
  const model = learnFromAnswers(dev, cb, "combined")!;
  assert.equal(model.themes.length, 50);
  assert.equal(model.training_answers, dev.length);
  const rules = analyseThemes(test, cb, { resamples: 0 }).agreement!.overall;
  const learned = analyseThemes(test, cb, {
    resamples: 0,
    codeHits: codeWithModel(model, test, cb).hits,
  }).agreement!.overall;
  // README: rules 0.621 / 0.608, combined 0.708 / 0.700 on the test half
  assert.ok(learned.micro_f1 > rules.micro_f1 + 0.03, `${learned.micro_f1} vs ${rules.micro_f1}`);
  assert.ok(learned.alpha.estimate > rules.alpha.estimate + 0.03);
  await Deno.remove(out, { recursive: true });
});
