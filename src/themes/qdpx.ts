/**
 * Export of a coding to a REFI-QDA project (`.qdpx`: a ZIP holding
 * `project.qde`, XML in the `urn:QDA-XML:project:1.0` namespace, and one plain
 * text source per respondent under `sources/`), so the auto and human codes
 * open in QDA tools (ATLAS.ti, MAXQDA, NVivo, QDA Miner, Transana …).
 *
 * Each respondent's answers become one text source (question, blank line,
 * answer, per answer); each auto code is a coded selection of its sentence,
 * each human code a coded selection of the whole answer, made by the user
 * "rvlab auto-coder" or "human coder". Ids are name-based UUIDs, so the same
 * coding gives the same project.
 *
 * @module
 */
import type { Codebook, Theme } from "./codebook.ts";
import type { CodeHit, HumanCode } from "./coder.ts";
import { type AnswerRow, splitAnswer } from "./segment.ts";
import { createHash } from "node:crypto";
import { type Zippable, zipSync } from "npm:fflate@0.8.3";
import { DataError } from "../io/errors.ts";

/**
 * A deterministic name-based UUID (version 5 layout: SHA-1 of the name in a
 * fixed rvlab namespace), so the same coding gives the same project ids.
 *
 * @example
 * ```ts
 * import { nameUuid } from "./qdpx.ts";
 * nameUuid("code:x"); // => "…-5…-…" (the same every run)
 * ```
 */
export function nameUuid(name: string): string {
  const h = createHash("sha1").update(`rvlab-qdpx:${name}`).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${
    h.slice(20, 32)
  }`;
}

/**
 * Escapes text for an XML attribute or element.
 * Complexity: O(length).
 *
 * @example
 * ```ts
 * import { xmlEscape } from "./qdpx.ts";
 * xmlEscape('a < "b"'); // => "a &lt; &quot;b&quot;"
 * ```
 */
export function xmlEscape(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
    // XML 1.0 forbids these control characters even escaped
    // deno-lint-ignore no-control-regex
  ).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const cpLen = (s: string) => Array.from(s).length;

/** A built REFI-QDA project: the XML, the sources, and the number of codings. */
export interface QdpxProject {
  xml: string;
  sources: { name: string; text: string }[];
  codings: number;
}

/**
 * Builds the REFI-QDA project XML and sources. Positions are in characters
 * (Unicode code points) of the source text. Complexity: O(text + codes).
 *
 * @example
 * ```ts
 * import { buildQdpxProject } from "./qdpx.ts";
 * import { analyseThemes } from "./analyse.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const analysis = analyseThemes(rows, codebook);
 * const p = buildQdpxProject(rows, codebook, analysis.hits, analysis.human_codes);
 * ```
 */
export function buildQdpxProject(
  rows: readonly AnswerRow[],
  codebook: Codebook,
  hits: readonly CodeHit[],
  human: readonly HumanCode[],
): QdpxProject {
  const autoUser = nameUuid("user:auto");
  const humanUser = nameUuid("user:human");
  const codeId = (t: string) => nameUuid(`code:${codebook.id}:${t}`);
  const children = new Map<string | undefined, Theme[]>();
  for (const t of codebook.themes) {
    const k = t.parent;
    if (!children.has(k)) children.set(k, []);
    children.get(k)!.push(t);
  }
  const codeXml = (t: Theme, indent: string): string => {
    const kids = children.get(t.id) ?? [];
    const desc = `${indent}  <Description>${xmlEscape(t.definition)}</Description>\n`;
    return `${indent}<Code guid="${codeId(t.id)}" name="${
      xmlEscape(t.label)
    }" isCodable="true">\n${desc}` +
      kids.map((k) => codeXml(k, indent + "  ")).join("") + `${indent}</Code>\n`;
  };
  // one source per respondent; where each answer and sentence sits in it
  const byRespondent = new Map<string, AnswerRow[]>();
  for (const r of rows) {
    if (!byRespondent.has(r.respondent_id)) byRespondent.set(r.respondent_id, []);
    byRespondent.get(r.respondent_id)!.push(r);
  }
  const answerAt = new Map<
    string,
    { source: string; start: number; end: number; sentences: [number, number][] }
  >();
  const sources: { name: string; text: string; respondent: string }[] = [];
  for (const [respondent, list] of byRespondent) {
    const guid = nameUuid(`source:${respondent}`);
    let text = "";
    for (const r of list) {
      if (r.question) text += `${r.question_id ?? ""} ${r.question}`.trim() + "\n\n";
      const start = cpLen(text);
      const sentences: [number, number][] = [];
      let cursor = 0;
      for (const s of splitAnswer(r.answer_id, r.answer)) {
        const i = r.answer.indexOf(s.text, cursor);
        const from = i < 0 ? cursor : i;
        cursor = i < 0 ? cursor : i + s.text.length;
        sentences.push([
          start + cpLen(r.answer.slice(0, from)),
          start + cpLen(r.answer.slice(0, from)) + cpLen(s.text),
        ]);
      }
      text += r.answer;
      answerAt.set(r.answer_id, { source: guid, start, end: cpLen(text), sentences });
      text += "\n\n";
    }
    sources.push({ name: `${guid}.txt`, text, respondent });
  }
  const selections = new Map<string, string[]>();
  let codings = 0;
  const add = (
    source: string,
    from: number,
    to: number,
    theme: string,
    user: string,
    key: string,
  ) => {
    const sel = nameUuid(`sel:${key}`);
    const xml =
      `      <PlainTextSelection guid="${sel}" name="${
        xmlEscape(theme)
      }" startPosition="${from}" endPosition="${to}" creatingUser="${user}">\n` +
      `        <Coding guid="${
        nameUuid(`coding:${key}`)
      }" creatingUser="${user}"><CodeRef targetGUID="${codeId(theme)}"/></Coding>\n` +
      `      </PlainTextSelection>\n`;
    if (!selections.has(source)) selections.set(source, []);
    selections.get(source)!.push(xml);
    codings++;
  };
  const themeIds = new Set(codebook.themes.map((t) => t.id));
  const done = new Set<string>();
  for (const h of hits) {
    // one selection per sentence and theme (the first rule that fired names it)
    const key = `${h.answer_id}\u0000${h.sentence}\u0000${h.theme_id}`;
    if (done.has(key)) continue;
    done.add(key);
    const at = answerAt.get(h.answer_id);
    // sentence −1: an answer-level code (a codebook fallback) covers the whole answer
    const s = h.sentence < 0 && at ? [at.start, at.end] : at?.sentences[h.sentence];
    if (!at || !s || !themeIds.has(h.theme_id)) continue;
    add(
      at.source,
      s[0],
      s[1],
      h.theme_id,
      autoUser,
      `auto:${h.answer_id}:${h.sentence}:${h.theme_id}:${h.rule}`,
    );
  }
  for (const h of human) {
    const at = answerAt.get(h.answer_id);
    if (!at || !themeIds.has(h.theme_id)) continue;
    add(
      at.source,
      at.start,
      at.end,
      h.theme_id,
      humanUser,
      `${h.coder}:${h.answer_id}:${h.theme_id}`,
    );
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<Project xmlns="urn:QDA-XML:project:1.0" name="${
      xmlEscape(codebook.title)
    }" origin="rvlab">\n` +
    `  <Users>\n    <User guid="${autoUser}" name="rvlab auto-coder"/>\n    <User guid="${humanUser}" name="human coder"/>\n  </Users>\n` +
    `  <CodeBook>\n    <Codes>\n` +
    (children.get(undefined) ?? []).map((t) => codeXml(t, "      ")).join("") +
    `    </Codes>\n  </CodeBook>\n  <Sources>\n` +
    sources.map((s) => {
      const guid = s.name.replace(/\.txt$/, "");
      return `    <TextSource guid="${guid}" name="${
        xmlEscape(s.respondent)
      }" plainTextPath="internal://${s.name}">\n` +
        (selections.get(guid) ?? []).join("") + `    </TextSource>\n`;
    }).join("") +
    `  </Sources>\n</Project>\n`;
  return { xml, sources: sources.map(({ name, text }) => ({ name, text })), codings };
}

/**
 * The most entries and bytes a ZIP archive holds without the ZIP64 extension,
 * which `fflate` does not write: past either, its 16- and 32-bit fields would
 * wrap silently (a count of 65,536 reads as 0), so {@linkcode zipArchive}
 * refuses instead.
 */
export const ZIP_LIMITS: { readonly entries: number; readonly bytes: number } = {
  entries: 0xffff,
  bytes: 0xffff_ffff,
};

/**
 * Entries shorter than this are stored, not deflated: deflate saves at most a
 * few bytes on them and costs a window set-up per entry (65,535 two-byte entries
 * take 0.5 s stored, 4-7 s deflated).
 */
export const ZIP_STORE_BELOW = 256;

/**
 * Why an archive of these entries cannot be written without ZIP64, or
 * `undefined` when it can. The size is the bound of stored data (deflate only
 * shrinks text) plus the local (30 bytes + name) and central (46 + name) headers
 * and the 22-byte end record. Names must be distinct: `fflate` keys entries by
 * name, so a repeated name would silently replace the earlier entry, a name
 * that is an array index ("0", "12") would move to the front (JavaScript orders
 * such keys first) and `__proto__` would be lost.
 * Complexity: O(entries).
 *
 * @example
 * ```ts
 * import { zipLimitProblem } from "./qdpx.ts";
 * zipLimitProblem([{ name: "a.txt", size: 2 }]); // => undefined
 * ```
 */
export function zipLimitProblem(
  entries: readonly { name: string; size: number }[],
): string | undefined {
  if (entries.length > ZIP_LIMITS.entries) {
    return `${entries.length} entries, a ZIP without ZIP64 holds at most ${ZIP_LIMITS.entries}`;
  }
  const enc = new TextEncoder();
  const seen = new Set<string>();
  let bytes = 22;
  for (const e of entries) {
    if (seen.has(e.name)) return `the entry name "${e.name}" is repeated`;
    if (/^(0|[1-9][0-9]*)$/.test(e.name) || e.name === "__proto__") {
      return `the entry name "${e.name}" cannot be kept in order`;
    }
    seen.add(e.name);
    bytes += 76 + 2 * enc.encode(e.name).length + e.size;
  }
  if (bytes > ZIP_LIMITS.bytes) {
    return `up to ${bytes} bytes, a ZIP without ZIP64 holds at most ${ZIP_LIMITS.bytes}`;
  }
  return undefined;
}

/**
 * A ZIP archive of the entries, in the order given, deflated (entries under
 * {@linkcode ZIP_STORE_BELOW} bytes stored), with UTF-8 names
 * and a fixed date (1 Jan 2020, local time as ZIP stores it), so the same
 * entries give the same bytes. Written by `fflate`; throws a `DataError` rather
 * than write an archive past {@linkcode ZIP_LIMITS}.
 * Complexity: O(total size).
 *
 * @example
 * ```ts
 * import { zipArchive } from "./qdpx.ts";
 * const zip = zipArchive([{ name: "a.txt", data: new TextEncoder().encode("hi") }]);
 * ```
 */
export function zipArchive(entries: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const problem = zipLimitProblem(entries.map((e) => ({ name: e.name, size: e.data.length })));
  if (problem) throw new DataError(`cannot write the ZIP archive: ${problem}`);
  const files: Zippable = {};
  for (const e of entries) {
    files[e.name] = e.data.length < ZIP_STORE_BELOW ? [e.data, { level: 0 }] : e.data;
  }
  return zipSync(files, { level: 6, mtime: new Date(2020, 0, 1) });
}

/**
 * The `.qdpx` bytes (ZIP of `project.qde` and `sources/*.txt`).
 *
 * @example
 * ```ts
 * import { qdpxBytes } from "./qdpx.ts";
 * import { analyseThemes } from "./analyse.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const a = analyseThemes(rows, codebook);
 * await Deno.writeFile("coding.qdpx", qdpxBytes(rows, codebook, a.hits, a.human_codes));
 * ```
 */
export function qdpxBytes(
  rows: readonly AnswerRow[],
  codebook: Codebook,
  hits: readonly CodeHit[],
  human: readonly HumanCode[],
): Uint8Array {
  const p = buildQdpxProject(rows, codebook, hits, human);
  const enc = new TextEncoder();
  return zipArchive([
    { name: "project.qde", data: enc.encode(p.xml) },
    ...p.sources.map((s) => ({ name: `sources/${s.name}`, data: enc.encode(s.text) })),
  ]);
}
