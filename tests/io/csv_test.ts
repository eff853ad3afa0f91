import assert from "node:assert/strict";
import { CsvParser, parseCsv, parseCsvStream } from "../../src/io/csv.ts";
import { formatCsvRow } from "../../src/io/csv_format.ts";

const records = (text: string) => parseCsv(text).map((i) => i.record ?? i.problem);

Deno.test("parseCsv() reads plain rows with line numbers", () => {
  assert.deepEqual(records("a,b\n1,2\n3,4"), [
    { fields: ["a", "b"], line: 1 },
    { fields: ["1", "2"], line: 2 },
    { fields: ["3", "4"], line: 3 },
  ]);
});

Deno.test("parseCsv() handles CRLF, lone CR, a BOM and blank lines", () => {
  assert.deepEqual(records("\ufeffa,b\r\n\r\n1,2\r3,4\r\n"), [
    { fields: ["a", "b"], line: 1 },
    { fields: ["1", "2"], line: 3 },
    { fields: ["3", "4"], line: 4 },
  ]);
});

Deno.test("parseCsv() reads quoted delimiters, doubled quotes and line breaks", () => {
  assert.deepEqual(records('x,y\n"a,b","say ""hi"""\n"two\nlines",z\nlast,1\n'), [
    { fields: ["x", "y"], line: 1 },
    { fields: ["a,b", 'say "hi"'], line: 2 },
    { fields: ["two\nlines", "z"], line: 3 },
    { fields: ["last", "1"], line: 5 },
  ]);
});

Deno.test("parseCsv() keeps empty fields and a trailing empty field", () => {
  assert.deepEqual(records("a,,c,\n,\n"), [
    { fields: ["a", "", "c", ""], line: 1 },
    { fields: ["", ""], line: 2 },
  ]);
});

Deno.test("parseCsv() reports a stray quote and resumes on the next line", () => {
  const items = parseCsv('a,b\n1,x"y\n2,3\n');
  assert.equal(items[1].problem?.line, 2);
  assert.equal(items[1].problem?.field, 2);
  assert.match(items[1].problem!.message, /quote inside an unquoted field/);
  assert.equal(items[1].problem?.raw, '1,x"y');
  assert.deepEqual(items[2].record, { fields: ["2", "3"], line: 3 });
});

Deno.test("parseCsv() reports text after a closing quote", () => {
  const items = parseCsv('"a"b,c\nok,1\n');
  assert.match(items[0].problem!.message, /text after a closing quote/);
  assert.deepEqual(items[1].record, { fields: ["ok", "1"], line: 2 });
});

Deno.test("parseCsv() reports an unterminated quote and does not swallow later lines", () => {
  const items = parseCsv('h1,h2\n1,"open\n2,b\n3,c\n');
  assert.equal(items.length, 4);
  assert.equal(items[1].problem?.line, 2);
  assert.match(items[1].problem!.message, /unterminated/);
  assert.deepEqual(items[2].record, { fields: ["2", "b"], line: 3 });
  assert.deepEqual(items[3].record, { fields: ["3", "c"], line: 4 });
});

Deno.test("CsvParser gives the same items whatever the chunk boundaries", () => {
  const text =
    '\ufeffid,note\r\n1,"a ""q"" b"\r\n2,"multi\r\nline"\r\n3,x"y\r\n4,"z"\r\n5,plain\r\n';
  const whole = parseCsv(text);
  for (const size of [1, 2, 3, 5, 7, 13]) {
    const p = new CsvParser();
    const got = [];
    for (let i = 0; i < text.length; i += size) got.push(...p.push(text.slice(i, i + size)));
    got.push(...p.end());
    assert.deepEqual(got, whole, `chunk size ${size}`);
  }
  assert.equal(whole.length, 6);
});

Deno.test("parseCsv() uses another delimiter when asked", () => {
  assert.deepEqual(parseCsv("a;b\n1;2", { delimiter: ";" })[1].record?.fields, ["1", "2"]);
  assert.throws(() => parseCsv("x", { delimiter: '"' }), /delimiter/);
});

Deno.test("parseCsvStream() reads a quoted cell spread over many chunks whole, line numbers kept", async () => {
  const cell = "ab\n".repeat(100_000);
  const text = 'a,b\n1,"' + cell + '"\n2,y\n';
  async function* chunks() {
    for (let i = 0; i < text.length; i += 1000) yield text.slice(i, i + 1000);
  }
  const items = [];
  for await (const item of parseCsvStream(chunks())) items.push(item);
  assert.equal(items.length, 3);
  assert.equal(items[1].record?.fields[1], cell);
  assert.equal(items[2].record?.line, 100_003);
});

Deno.test("parseCsv() resumes after a bad quote in a file of lone CR line ends (fuzz: '\"x\\ry\"z')", () => {
  // the problem's line ended at the next LF only: with CR line ends it swallowed the file
  assert.deepEqual(records('a,b\r"x\ry"z,1\r2,3\r').at(-1), { fields: ["2", "3"], line: 4 });
});

Deno.test('CsvParser reports a multi-line problem alike when a chunk ends in its first line (fuzz: \'"\\r"\\0"\')', () => {
  const text = '"\r"\u0000"';
  const p = new CsvParser();
  const items = [...p.push(text.slice(0, 4)), ...p.push(text.slice(4)), ...p.end()];
  assert.deepEqual(items, parseCsv(text));
});

Deno.test('formatCsvRow() writes a row of one empty cell as "", which reads back (fuzz: [[""]])', () => {
  assert.equal(formatCsvRow([""]), '""\n');
  assert.deepEqual(records(formatCsvRow(["x"]) + formatCsvRow([null])), [
    { fields: ["x"], line: 1 },
    { fields: [""], line: 2 },
  ]);
});
