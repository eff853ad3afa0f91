import assert from "node:assert/strict";
import { parseCodebook } from "../../src/themes/codebook.ts";
import { analyseThemes } from "../../src/themes/analyse.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";
import {
  buildQdpxProject,
  nameUuid,
  qdpxBytes,
  xmlEscape,
  ZIP_LIMITS,
  ZIP_STORE_BELOW,
  zipArchive,
  zipLimitProblem,
} from "../../src/themes/qdpx.ts";
import { DataError } from "../../src/io/errors.ts";

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

/** Runs Python's zipfile on the archive: CRC check, then `script` with `z` open; returns stdout. */
async function pythonZip(zip: Uint8Array, script: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".zip" });
  await Deno.writeFile(path, zip);
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      `import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;${script}`,
      path,
    ],
  }).output();
  await Deno.remove(path);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("zipArchive() writes a ZIP python reads, names in UTF-8 and in order, long entries deflated", async () => {
  const zip = zipArchive([
    { name: "a.txt", data: new TextEncoder().encode("hello") },
    { name: "dir/é.txt", data: new TextEncoder().encode("wörld") },
    { name: "long.txt", data: new TextEncoder().encode("abc ".repeat(ZIP_STORE_BELOW)) },
  ]);
  assert.equal(
    await pythonZip(
      zip,
      "print(z.namelist(), z.read('dir/é.txt').decode(), [i.compress_type for i in z.infolist()], len(z.read('long.txt')))",
    ),
    `['a.txt', 'dir/é.txt', 'long.txt'] wörld [0, 0, 8] ${4 * ZIP_STORE_BELOW}`,
  );
});

Deno.test("zipArchive() writes 65,535 entries and refuses 65,536 with a clear error", async () => {
  const data = new Uint8Array([104, 105]);
  const entries = Array.from({ length: ZIP_LIMITS.entries }, (_, i) => ({ name: `f${i}`, data }));
  const zip = zipArchive(entries);
  assert.equal(
    await pythonZip(zip, "print(len(z.namelist()), z.namelist()[-1], z.read('f65534'))"),
    "65535 f65534 b'hi'",
  );
  entries.push({ name: "one-too-many", data });
  assert.throws(
    () => zipArchive(entries),
    (e: unknown) =>
      e instanceof DataError &&
      e.message ===
        "cannot write the ZIP archive: 65536 entries, a ZIP without ZIP64 holds at most 65535",
  );
});

Deno.test("zipLimitProblem() names the size limit, repeated names and names it cannot order", () => {
  assert.equal(zipLimitProblem([{ name: "a", size: 10 }]), undefined);
  assert.equal(
    zipLimitProblem([{ name: "a", size: 2 ** 32 - 100 }]),
    `up to ${2 ** 32 - 100 + 22 + 76 + 2} bytes, a ZIP without ZIP64 holds at most 4294967295`,
  );
  assert.equal(
    zipLimitProblem([{ name: "a", size: 1 }, { name: "a", size: 1 }]),
    'the entry name "a" is repeated',
  );
  assert.equal(
    zipLimitProblem([{ name: "12", size: 1 }]),
    'the entry name "12" cannot be kept in order',
  );
});

Deno.test("qdpxBytes() is a ZIP of project.qde and the sources that python reads back", async () => {
  const a = analyseThemes(ROWS, CB, { resamples: 10 });
  const bytes = qdpxBytes(ROWS, CB, a.hits, a.human_codes);
  const p = buildQdpxProject(ROWS, CB, a.hits, a.human_codes);
  const listed = await pythonZip(
    bytes,
    "import json;print(json.dumps([z.namelist(), z.read('project.qde').decode()]))",
  );
  assert.deepEqual(JSON.parse(listed), [
    ["project.qde", ...p.sources.map((s) => `sources/${s.name}`)],
    p.xml,
  ]);
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
