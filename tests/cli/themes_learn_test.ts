/** `rvlab themes --train / --holdout / --coder` on SYNTHETIC planted worlds: outputs, no leakage, errors. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { rvlab } from "../support/cli.ts";
import { world, writeWorldFolder } from "../themes/learn_world.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";

/** Writes answers (with or without their code_ columns) and the world codebook to a new folder. */
const folder = (rows: AnswerRow[], codes = true) => writeWorldFolder(rows, codes);

/** The error is one line (after any progress lines), with no stack trace. */
function oneErrorLine(stderr: string) {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.filter((l) => l.startsWith("rvlab themes:")).length, 1, stderr);
  assert.ok(lines.at(-1)!.startsWith("rvlab themes:") && !/\n\s+at /.test(stderr), stderr);
}

const rows = world(400, 21, true);
const train = rows.slice(0, 200);
const test = rows.slice(200);

Deno.test("rvlab themes --train learns from DIR2's human codes and codes DIR (model key, model_terms.csv, suggestions.csv)", async () => {
  const dTrain = await folder(train);
  const dTest = await folder(test);
  const out = await Deno.makeTempDir();
  const r = await rvlab(
    "themes",
    "--data",
    dTest,
    "--train",
    dTrain,
    "--out",
    out,
    "--resamples",
    "50",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.answers, 200);
  assert.equal(s.model.coder, "combined");
  assert.equal(s.model.training_answers, 200);
  assert.deepEqual(s.model.themes.map((t: { theme_id: string }) => t.theme_id), ["park", "food"]);
  for (const t of s.model.themes) {
    assert.ok(
      s.model.cv.Cs.includes(t.C) && t.threshold > 0 && t.threshold < 1 && t.source === "cv",
    );
  }
  assert.ok(s.agreement.micro_f1 > 0.85, `F1 ${s.agreement.micro_f1}`);
  const terms = await Deno.readTextFile(join(out, "model_terms.csv"));
  assert.match(terms, /^theme,rank,term,weight\npark,1,park,/);
  assert.match(terms, /\nfood,1,food,/);
  assert.match(
    await Deno.readTextFile(join(out, "summary.md")),
    /Auto codes: the learned coder \(combined: text and the rules' codes as features\), trained on 200 answers/,
  );
  const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
  assert.deepEqual(summary.model.themes, s.model.themes);
  const sug = (await Deno.readTextFile(join(out, "suggestions.csv"))).trim().split("\n");
  assert.equal(sug[0], "rank,answer_id,theme,probability,threshold,uncertainty,answer");
  assert.ok(sug.length > 1 && sug[1].startsWith("1,a"));
  const coded = await Deno.readTextFile(join(out, "coded_segments.csv"));
  assert.match(coded, /model p=\d\.\d\d/);
});

Deno.test("rvlab themes --train: C and thresholds come from DIR2 only (DIR's poisoned human codes change nothing but the agreement)", async () => {
  const dTrain = await folder(train);
  const flipped = test.map((r) => ({
    ...r,
    extra: Object.fromEntries(Object.entries(r.extra).map(([k, v]) => [k, v === "1" ? "0" : "1"])),
  }));
  const run = async (rowsToCode: AnswerRow[]) => {
    const r = await rvlab(
      "themes",
      "--data",
      await folder(rowsToCode),
      "--train",
      dTrain,
      "--coder",
      "model",
      "--resamples",
      "0",
      "--json",
    );
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const clean = await run(test);
  const dirty = await run(flipped);
  assert.deepEqual(dirty.model.themes, clean.model.themes);
  assert.deepEqual(dirty.counts, clean.counts);
  assert.ok(clean.agreement.micro_f1 > 0.85 && dirty.agreement.micro_f1 < 0.2);
});

Deno.test("rvlab themes --holdout splits one folder by answer with --seed; --coder rules measures the rules on the same share", async () => {
  const d = await folder(rows);
  const r = await rvlab(
    "themes",
    "--data",
    d,
    "--holdout",
    "0.3",
    "--seed",
    "7",
    "--resamples",
    "0",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.answers, 120);
  assert.equal(s.model.training_answers, 280);
  assert.equal(s.model.holdout, 0.3);
  const again = JSON.parse(
    (await rvlab(
      "themes",
      "--data",
      d,
      "--holdout",
      "0.3",
      "--seed",
      "7",
      "--resamples",
      "0",
      "--json",
    )).stdout,
  );
  assert.deepEqual(again.model, { ...s.model, seconds: again.model.seconds });
  const rules = await rvlab(
    "themes",
    "--data",
    d,
    "--holdout",
    "0.3",
    "--seed",
    "7",
    "--coder",
    "rules",
    "--resamples",
    "0",
    "--json",
  );
  assert.equal(rules.code, 0, rules.stderr);
  const sr = JSON.parse(rules.stdout);
  assert.equal(sr.answers, 120);
  assert.equal(sr.model.coder, "rules");
  assert.equal(sr.auto_codes, 0); // the world codebook has no rules
});

Deno.test("rvlab themes --train/--holdout/--coder errors exit 2 with one line", async () => {
  const dNo = await folder(train, false);
  const dTest = await folder(test);
  const no = await rvlab("themes", "--data", dTest, "--train", dNo);
  assert.equal(no.code, 2);
  oneErrorLine(no.stderr);
  assert.ok(no.stderr.includes(`--train ${dNo}: no code_<theme> columns`), no.stderr);
  for (
    const [args, message] of [
      [
        ["--holdout", "1.5"],
        /--holdout expects a share between 0 and 1 \(e\.g\. 0\.3\), found "1\.5"/,
      ],
      [["--holdout", "abc"], /--holdout expects a share/],
      [["--coder", "model"], /--coder model needs human codes to learn from/],
      [["--coder", "neural"], /--coder/],
      [["--train", dTest, "--holdout", "0.3"], /--train and --holdout exclude each other/],
    ] as [string[], RegExp][]
  ) {
    const r = await rvlab("themes", "--data", dTest, ...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    oneErrorLine(r.stderr);
  }
  const noCodes = await rvlab("themes", "--data", dNo, "--holdout", "0.3");
  assert.equal(noCodes.code, 2);
  assert.match(noCodes.stderr, /--holdout 0\.3 --data .*: no code_<theme> columns/);
});

Deno.test("rvlab report --train / --holdout: the themes section is coded by the learned coder and shows its terms", async () => {
  const { generateWorld } = await import("../../src/generate/world.ts");
  const { loadTable } = await import("../../src/engine/records.ts");
  const { DEFAULT_IPF } = await import("../../src/ipf/adapters.ts");
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as never;
  const dir = await Deno.makeTempDir({ prefix: "rvlab-report-learn-" });
  await generateWorld(ipf, dir, { accounts: 30, months: 14, seed: 3 });
  await writeWorldFolder(test, true, dir);
  const dTrain = await folder(train);
  const out = join(await Deno.makeTempDir(), "report");
  const r = await rvlab(
    "report",
    "--data",
    dir,
    "--train",
    dTrain,
    "--out",
    out,
    "--no-png",
    "--kind",
    "synthetic",
  );
  assert.equal(r.code, 0, r.stderr);
  const md = await Deno.readTextFile(join(out, "report.md"));
  assert.match(md, /Coded by a coder learned from human codes \(combined/);
  assert.match(md, new RegExp(`trained on 200 answers of ${dTrain.replaceAll("/", "\\/")}`));
  const terms = await Deno.readTextFile(join(out, "tables", "theme_model_terms.csv"));
  assert.match(terms, /^theme_id,positives,C,threshold,cv_f1,top_terms\n/);
  assert.match(terms, /\npark,\d+,[^\n]*,"?park/);
  // the same folder with --holdout learns from its own codes; --train and --holdout exclude each other
  const both = await rvlab(
    "report",
    "--data",
    dir,
    "--out",
    out,
    "--train",
    dTrain,
    "--holdout",
    "0.3",
  );
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--train and --holdout exclude each other/);
  const held = await rvlab(
    "report",
    "--data",
    dir,
    "--holdout",
    "0.5",
    "--out",
    out,
    "--no-png",
    "--json",
  );
  assert.equal(held.code, 0, held.stderr);
  const md2 = await Deno.readTextFile(join(out, "report.md"));
  assert.match(md2, /100 answers coded here/);
});
