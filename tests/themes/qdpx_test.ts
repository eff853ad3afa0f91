import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import { analyseThemes } from "../../src/themes/analyse.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";
import { buildQdpxProject, nameUuid, qdpxBytes, xmlEscape } from "../../src/themes/qdpx.ts";
import { crc32, zipStored } from "../../src/themes/zip.ts";

const CB = parseCodebook(
  `id: q
title: Q & A <test>
themes:
  - {id: parent, label: Parent, definition: d, phrases: [crm]}
  - {id: child, label: "Child \\"quoted\\"", definition: d, parent: parent, phrases: [portal]}
`,
  "q.yaml",
);
const row = (id: string, respondent: string, answer: string, extra = {}): AnswerRow => ({
  answer_id: id,
  respondent_id: respondent,
  company_id: null,
  role: null,
  question_id: "q1",
  question: "Your view?",
  answer,
  language: "en",
  source: id,
  extra,
});
const ROWS = [
  row("a1", "r1", "Café 😀 first. Our CRM is old.", { code_child: "1" }),
  row("a2", "r1", "The portal is fine."),
  row("a3", "r2", "Nothing."),
];

Deno.test("crc32() gives the standard check value and zipStored() writes a ZIP python reads", async () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  const zip = zipStored([
    { name: "a.txt", data: new TextEncoder().encode("hello") },
    { name: "dir/é.txt", data: new TextEncoder().encode("wörld") },
  ]);
  const path = await Deno.makeTempFile({ suffix: ".zip" });
  await Deno.writeFile(path, zip);
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print(z.namelist(), z.read('dir/é.txt').decode())",
      path,
    ],
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "['a.txt', 'dir/é.txt'] wörld");
});

Deno.test("buildQdpxProject() nests codes, escapes XML and places selections on the sentences", () => {
  const a = analyseThemes(ROWS, CB, { resamples: 10 });
  const p = buildQdpxProject(ROWS, CB, a.hits, a.human_codes);
  assert.match(p.xml, /<Project xmlns="urn:QDA-XML:project:1\.0" name="Q &amp; A &lt;test&gt;"/);
  assert.match(
    p.xml,
    /<Code guid="[^"]+" name="Parent" isCodable="true">\s*<Description>d<\/Description>\s*<Code guid="[^"]+" name="Child &quot;quoted&quot;"/,
  );
  assert.equal(p.codings, 3); // auto crm (a1), auto portal (a2), human child (a1)
  const text = p.sources[0].text;
  const cp = Array.from(text);
  const sels = [...p.xml.matchAll(/startPosition="(\d+)" endPosition="(\d+)"/g)].map((m) =>
    cp.slice(Number(m[1]), Number(m[2])).join("")
  );
  // positions are code points: the emoji (two UTF-16 units) before the CRM sentence does not shift it
  assert.deepEqual(sels, [
    "Our CRM is old.",
    "The portal is fine.",
    "Café 😀 first. Our CRM is old.",
  ]);
  assert.equal(xmlEscape("a\u0001<"), "a&lt;");
  assert.match(
    nameUuid("x"),
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(nameUuid("x"), nameUuid("x"));
  assert.notEqual(nameUuid("x"), nameUuid("y"));
  const bytes = qdpxBytes(ROWS, CB, a.hits, a.human_codes);
  assert.deepEqual(bytes, qdpxBytes(ROWS, CB, a.hits, a.human_codes), "deterministic");
});
