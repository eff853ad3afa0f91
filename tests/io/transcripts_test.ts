import assert from "node:assert/strict";
import { join } from "node:path";
import { splitTurns, turnsToAnswers } from "../../src/io/transcripts.ts";
import { importAdapter } from "../../src/ipf/adapters.ts";
import { loadDataDir } from "../../src/engine/records.ts";
import { sharedDataDir } from "../../src/io/paths.ts";
import { detectLanguage } from "../../src/text/language.ts";

const TEXT = `Interviewer 1: Tell me about your plan.
Could you start?

Ann Smith : It works: mostly.
Second line of the answer.
Ann Smith: And more.
Interviewer 1: Thanks. Why?
Ann Smith: Because.
Note: this colon line is not a speaker`;

Deno.test("splitTurns() finds recurring speakers and keeps colons inside text", () => {
  const turns = splitTurns(TEXT, "t.txt");
  assert.deepEqual(turns.map((t) => [t.line, t.speaker]), [
    [1, "Interviewer 1"],
    [4, "Ann Smith"],
    [6, "Ann Smith"],
    [7, "Interviewer 1"],
    [8, "Ann Smith"],
  ]);
  assert.equal(turns[1].text, "It works: mostly.\nSecond line of the answer.");
  assert.match(turns[4].text, /Because\.\nNote: this colon line/);
});

Deno.test("turnsToAnswers() pairs each answer with the question before it", () => {
  const rows = turnsToAnswers(splitTurns(TEXT, "t.txt"), "resp-1");
  assert.deepEqual(rows.map((r) => [r.question_id, r.role, r.line]), [["q1", "Ann Smith", 4], [
    "q2",
    "Ann Smith",
    8,
  ]]);
  assert.equal(rows[0].question, "Tell me about your plan.\nCould you start?");
  assert.equal(rows[0].answer, "It works: mostly.\nSecond line of the answer.\nAnd more.");
});

Deno.test("turnsToAnswers() joins the interviewer's consecutive turns into one question", () => {
  const text = "Interviewer: Thanks.\nAnn: Sure.\nInterviewer: Great.\nInterviewer: Next, why?\n" +
    "Ann: Because.";
  const rows = turnsToAnswers(splitTurns(text, "t.txt"), "ann");
  assert.deepEqual(rows.map((r) => [r.question_id, r.question]), [
    ["q1", "Thanks."],
    ["q3", "Great.\nNext, why?"],
  ]);
});

Deno.test("detectLanguage() tells English from French and says und when unsure", () => {
  assert.equal(
    detectLanguage("It is the best plan and we think that it will work for you and the team"),
    "en",
  );
  assert.equal(
    detectLanguage(
      "C'est un plan pour les clients et on pense que le projet est bon pour la qualité",
    ),
    "fr",
  );
  assert.equal(detectLanguage("CRM NPS KPI"), "und");
});

Deno.test("import transcripts reads the 36 real interviews and flags the French one", async () => {
  const out = await Deno.makeTempDir({ prefix: "rvlab-transcripts-" });
  const r = await importAdapter(
    "transcripts",
    join(sharedDataDir(), "ml-practitioner-interviews"),
    out,
  );
  assert.equal(r.quarantined, 0);
  const { data, report } = await loadDataDir(out);
  assert.equal(report.tables.interactions!.read, 0);
  const t = data.transcripts!;
  assert.equal(new Set(t.map((x) => x.respondent_id)).size, 36);
  const fr = new Set(t.filter((x) => x.language === "fr").map((x) => x.respondent_id));
  assert.deepEqual([...fr], ["Interview 2"]);
  assert.ok(t.length > 1000);
  assert.ok(t.every((x) => x.extra?.file && Number(x.extra?.line) >= 1));
});
