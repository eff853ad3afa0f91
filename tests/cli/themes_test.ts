/** `rvlab themes` on small fixtures: outputs, --json on stdout, errors and exit codes. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath } from "../../src/io/paths.ts";
import { parseCsv } from "../../src/io/csv.ts";
import { rvlab } from "../support/cli.ts";

const FIX = projectPath("tests", "fixtures", "themes");

function csvRecords(text: string): Record<string, string>[] {
  const items = parseCsv(text).map((i) => {
    if (i.problem) throw new Error(JSON.stringify(i.problem));
    return i.record.fields;
  });
  const [header, ...rest] = items;
  return rest.map((f) => Object.fromEntries(header.map((h, k) => [h, f[k]])));
}

Deno.test("rvlab themes codes feedback with human codes and writes every table", async () => {
  const out = await Deno.makeTempDir();
  const r = await rvlab(
    "themes",
    "--data",
    join(FIX, "feedback"),
    "--out",
    out,
    "--resamples",
    "200",
    "--second-coder",
    "code2_",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /read 5 answers/);
  const s = JSON.parse(r.stdout);
  assert.equal(s.answers, 5);
  assert.equal(s.codebook.id, "fixture-feedback");
  const counts = Object.fromEntries(
    s.counts.map((c: { theme_id: string; answers: number }) => [c.theme_id, c.answers]),
  );
  assert.deepEqual(counts, { staff: 3, waiting: 3, unhappy: 1 });
  // human codes: staff c1 c2 c5, waiting c1 c3 c5 → auto agrees on every answer
  assert.equal(s.human_codes, 6);
  assert.equal(s.agreement.micro_f1, 1);
  // second human coder: staff (1,1,0,1,1) vs (1,1,0,0,1), waiting (1,0,1,0,1) vs (0,0,1,0,1)
  assert.equal(s.human_agreement.percent_agreement, 8 / 10);
  const humans = csvRecords(await Deno.readTextFile(join(out, "agreement_humans.csv")));
  assert.deepEqual(humans.map((h) => [h.theme_id, h.coder_1, h.coder_2, h.both]), [
    ["staff", "3", "4", "3"],
    ["waiting", "3", "2", "2"],
  ]);
  // staff: po = 4/5, pe = (3/5)(4/5) + (2/5)(1/5) = 0.56 → kappa = 0.24 / 0.44
  assert.equal(Number(humans[0].kappa), Math.round((0.24 / 0.44) * 1000) / 1000);
  for (
    const f of [
      "coded_segments.csv",
      "theme_counts.csv",
      "matrix_respondent.csv",
      "matrix_company.csv",
      "matrix_role.csv",
      "matrix_question.csv",
      "cooccurrence.csv",
      "quotes.csv",
      "agreement.csv",
      "themes_by_score.csv",
      "agreement_humans.csv",
      "coding.qdpx",
      "chart_data.json",
      "summary.json",
      "summary.md",
    ]
  ) assert.ok((await Deno.stat(join(out, f))).isFile, f);
  const seg = csvRecords(await Deno.readTextFile(join(out, "coded_segments.csv")));
  const c3 = seg.filter((x) => x.answer_id === "c3" && x.coder === "auto");
  assert.deepEqual(c3.map((x) => [x.theme_id, x.rule, x.matched, x.negated]), [
    ["waiting", 'phrase "late"', "late", "false"],
    ["unhappy", 'negated phrase "happy"', "happy", "true"],
  ]);
  assert.equal(seg.filter((x) => x.coder === "human").length, 6);
  const company = csvRecords(await Deno.readTextFile(join(out, "matrix_company.csv")));
  assert.deepEqual(
    company.filter((x) => x.theme_id === "staff").map((x) => [x.company, x.count, x.answers]),
    [["T1", "2", "2"], ["T2", "1", "3"]],
  );
  const byScore = csvRecords(await Deno.readTextFile(join(out, "themes_by_score.csv")));
  assert.equal(byScore.find((x) => x.theme_id === "staff")!.mean_score, "2.667");
  assert.match(
    await Deno.readTextFile(join(out, "summary.md")),
    /## Auto-coder against the human codes/,
  );
});

Deno.test("rvlab themes reads a folder of transcripts and flags the French one", async () => {
  const out = await Deno.makeTempDir();
  const r = await rvlab(
    "themes",
    "--data",
    join(FIX, "interviews"),
    "--out",
    out,
    "--charts",
    "--json",
  );
  for (const f of ["theme_heatmap.svg", "theme_cooccurrence.svg", "theme_bars.svg"]) {
    const svg = await Deno.readTextFile(join(out, f));
    assert.match(svg, /^<svg/, f);
    assert.match(svg, /Real data/, f);
  }
  assert.match(await Deno.readTextFile(join(out, "theme_heatmap.svg")), /Data quality/);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.respondents, 2);
  assert.deepEqual(s.language_flags.map((f: { respondent_id: string }) => f.respondent_id), ["b"]);
  const counts = Object.fromEntries(
    s.counts.map((c: { theme_id: string; respondents: number }) => [c.theme_id, c.respondents]),
  );
  assert.deepEqual(counts, { testing: 2, data_quality: 2 });
  assert.equal(s.agreement, null);
});

Deno.test("rvlab themes without a guide gives transcripts no question matrix, and says so", async () => {
  const out = await Deno.makeTempDir();
  const r = await rvlab("themes", "--data", join(FIX, "interviews"), "--out", out, "--json");
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.questions, "turn_order");
  assert.deepEqual([s.top_by_question, s.alignment], [[], null]);
  await assert.rejects(() => Deno.stat(join(out, "matrix_question.csv")), Deno.errors.NotFound);
  assert.ok((await Deno.stat(join(out, "matrix_respondent.csv"))).isFile);
  assert.match(await Deno.readTextFile(join(out, "summary.md")), /no code × question matrix/);
  const heat = JSON.parse(await Deno.readTextFile(join(out, "chart_data.json"))).heatmap;
  assert.deepEqual([...new Set(heat.map((c: { column: string }) => c.column))], ["a", "b"]);
});

Deno.test("rvlab themes --guide aligns the answers to the guide's questions", async () => {
  const out = await Deno.makeTempDir();
  const r = await rvlab(
    "themes",
    "--data",
    join(FIX, "interviews"),
    "--guide",
    join(FIX, "guide.txt"),
    "--out",
    out,
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.questions, "guide");
  // Alice's two answers take Q1 and Q2; Bob's "Quel est ton rôle ?" shares only "rôle" with Q1,
  // and "Et les données ?" matches no English guide question, so it stays a follow-up of Q1
  assert.deepEqual([s.alignment.overall.answers, s.alignment.overall.aligned], [4, 4]);
  const al = csvRecords(await Deno.readTextFile(join(out, "alignment.csv")));
  assert.deepEqual(al.map((x) => [x.answer_id, x.turn_id, x.question_id, x.how]), [
    ["a#1", "q1", "Q1", "asked"],
    ["a#2", "q2", "Q2", "asked"],
    ["b#1", "q1", "Q1", "asked"],
    ["b#2", "q2", "Q1", "follow_up"],
  ]);
  assert.ok(
    Number(al[3].turn_similarity) === 0 && Number(al[2].similarity) < Number(al[0].similarity),
  );
  assert.ok(Number(al[0].similarity) > 0.2 && al[0].confident === "true");
  const m = csvRecords(await Deno.readTextFile(join(out, "matrix_question.csv")));
  assert.deepEqual([...new Set(m.map((x) => x.question))], ["Q1", "Q2"]);
  const seg = csvRecords(await Deno.readTextFile(join(out, "coded_segments.csv")));
  assert.ok(seg.filter((x) => x.answer_id === "a#2").every((x) => x.question_id === "Q2"));
  assert.match(
    await Deno.readTextFile(join(out, "summary.md")),
    /## Alignment to the interview guide/,
  );
  const noQuestions = join(await Deno.makeTempDir(), "guide.yaml");
  await Deno.writeTextFile(noQuestions, "themes: []\n");
  const bad = await rvlab("themes", "--data", join(FIX, "interviews"), "--guide", noQuestions);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /guide\.yaml: questions: expected a non-empty list of \{id, text\}/);
  const missing = await rvlab(
    "themes",
    "--data",
    join(FIX, "interviews"),
    "--guide",
    join(FIX, "nope.txt"),
  );
  // a missing guide is a data error naming the file, as a missing codebook is
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /nope\.txt: cannot open the file/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

Deno.test("rvlab themes: no codebook exits 2, a bad codebook exits 1 naming the field", async () => {
  const none = await rvlab("themes", "--data", projectPath("data", "samples", "coop-plan"));
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--codebook is required/);
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    join(dir, "cb.yaml"),
    "id: x\ntitle: X\nthemes:\n  - {id: a, label: A}\n",
  );
  const bad = await rvlab(
    "themes",
    "--data",
    join(FIX, "feedback"),
    "--codebook",
    join(dir, "cb.yaml"),
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /cb\.yaml: themes\[0\] \(a\)\.definition: is required/);
  // a row that breaks the data model is quarantined, not dropped silently
  const qdir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    join(qdir, "transcripts.csv"),
    "respondent_id,answer\nr1,so friendly\n,no respondent\n",
  );
  const q = await rvlab(
    "themes",
    "--data",
    qdir,
    "--codebook",
    join(FIX, "feedback", "codebook.yaml"),
    "--out",
    `${qdir}-out`, // beside the data folder: never inside it
  );
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stderr, /1 rows quarantined/);
  assert.match(
    await Deno.readTextFile(join(`${qdir}-out`, "quarantine.csv")),
    /transcripts,[^,]*transcripts\.csv,3,respondent_id,,.*missing_value/,
  );
  const noSecond = await rvlab("themes", "--data", join(FIX, "feedback"), "--second-coder", "zz_");
  assert.equal(noSecond.code, 2);
  assert.match(noSecond.stderr, /--second-coder zz_: no zz_<theme> columns/);
  const help = await rvlab("themes", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task rvlab themes --data DIR/);
});

Deno.test("rvlab themes names every theme and human column that do not match, and agrees only over the rest", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(join(FIX, "feedback", "transcripts.csv"), join(dir, "transcripts.csv"));
  // one id coincides (waiting); staff is spelt differently; two themes have no column at all
  const cb = (ids: string[]) =>
    `id: mis\ntitle: Mismatch\nthemes:\n` +
    ids.map((id) =>
      `  - {id: ${id}, label: ${id}, definition: d, phrases: [${id}, wait*, friendly]}\n`
    )
      .join("");
  await Deno.writeTextFile(join(dir, "cb.yaml"), cb(["waiting", "staff_manner", "price", "nps"]));
  const r = await rvlab("themes", "--data", dir, "--codebook", join(dir, "cb.yaml"), "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: 3 codebook themes have no code_ column, so they are left out of the agreement: staff_manner, price, nps/,
  );
  assert.match(
    r.stderr,
    /warning: 1 human column names no codebook theme, so it is left out of the agreement: code_staff/,
  );
  const s = JSON.parse(r.stdout);
  assert.deepEqual(s.human_columns, {
    prefix: "code_",
    matched: ["waiting"],
    codebook_only: ["staff_manner", "price", "nps"],
    human_only: ["staff"],
  });
  assert.equal(s.agreement.themes, 1);
  assert.equal(s.warnings.length, 2);
  // no id matches: no agreement figure at all, and the reason on stderr
  await Deno.writeTextFile(join(dir, "cb.yaml"), cb(["price", "nps"]));
  const none = await rvlab("themes", "--data", dir, "--codebook", join(dir, "cb.yaml"), "--json");
  assert.equal(none.code, 0, none.stderr);
  assert.match(
    none.stderr,
    /warning: no theme id of the codebook matches a code_ column: no agreement is computed \(the columns name staff, waiting\)/,
  );
  const sn = JSON.parse(none.stdout);
  assert.equal(sn.agreement, null);
  assert.doesNotMatch(none.stdout + none.stderr, /micro F1/);
});

Deno.test("rvlab themes writes rule diagnostics with precision against the human codes", async () => {
  const out = await Deno.makeTempDir();
  const r = await rvlab("themes", "--data", join(FIX, "feedback"), "--out", out, "--json");
  assert.equal(r.code, 0, r.stderr);
  const rules = csvRecords(await Deno.readTextFile(join(out, "rule_diagnostics.csv")));
  const byRule = Object.fromEntries(rules.map((x) => [`${x.theme_id} ${x.rule}`, x]));
  // every rule is listed, also those that never fired; unhappy has no human column
  assert.equal(rules.length, 4 + 2 + 1);
  assert.equal(byRule['unhappy negated phrase "happy"'].precision, "");
  for (const x of rules.filter((x) => x.theme_id !== "unhappy" && Number(x.answers) > 0)) {
    assert.equal(x.precision, "1", `${x.rule}: the fixture's rules agree with the human`);
  }
  const s = JSON.parse(r.stdout);
  assert.ok(Number.isFinite(s.agreement.macro_f1));
  assert.match(await Deno.readTextFile(join(out, "summary.md")), /macro F1 1\.00 over 2 themes/);
});
