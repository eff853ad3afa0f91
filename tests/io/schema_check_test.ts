import assert from "node:assert/strict";
import * as v from "valibot";
import {
  checkSchema,
  describeValue,
  issueMessage,
  pathText,
  strictObject,
} from "../../src/io/schema_check.ts";
import { DataError } from "../../src/io/errors.ts";

const Doc = strictObject({
  name: v.string(),
  kind: v.picklist(["a", "b"]),
  items: v.optional(v.array(strictObject({ when: v.string() }))),
  "odd key": v.optional(v.number()),
});

const error = (raw: unknown, label?: Parameters<typeof pathText>[1]): DataError => {
  try {
    checkSchema(Doc, raw, "doc.yaml", { label });
  } catch (e) {
    assert.ok(e instanceof DataError);
    return e;
  }
  throw new Error("expected a DataError");
};

Deno.test("checkSchema() returns the typed output of a valid document", () => {
  const out = checkSchema(Doc, { name: "n", kind: "a", items: [{ when: "x" }] }, "doc.yaml");
  assert.deepEqual(out, { name: "n", kind: "a", items: [{ when: "x" }] });
});

Deno.test("checkSchema() errors name the file, the path and what was expected and found", () => {
  const e = error({ name: "n", kind: "a", items: [{ when: "x" }, { when: 3 }] });
  assert.equal(e.message, "doc.yaml: items[1].when: expected string, found number 3");
  assert.equal(e.file, "doc.yaml");
  assert.equal(e.column, "items[1].when");
  assert.equal(error({ kind: "a" }).message, "doc.yaml: name: is required");
  assert.equal(
    error({ name: "n", kind: "c" }).message,
    'doc.yaml: kind: expected one of a, b, found string "c"',
  );
  assert.equal(
    error({ name: "n", kind: "a", "odd key": "1" }).message,
    'doc.yaml: ["odd key"]: expected number, found string "1"',
  );
});

Deno.test("checkSchema() makes unknown keys errors that list the keys allowed", () => {
  assert.equal(
    error({ name: "n", kind: "a", items: [{ when: "x", whem: "y" }] }).message,
    'doc.yaml: items[0].whem: unknown field "whem", expected one of when',
  );
  // a misspelt key is reported as unknown, not as the required key it was meant to be
  assert.equal(
    error({ nme: "n", kind: "a" }).message,
    'doc.yaml: nme: unknown field "nme", expected one of name, kind, items, odd key',
  );
  // a missing key with no unknown key beside it is reported as missing
  assert.equal(
    error({ kind: "a", items: [{ whem: "x" }] }).message,
    "doc.yaml: name: is required",
  );
});

Deno.test("checkSchema() says a list or a scalar is not the mapping expected", () => {
  assert.equal(
    error([1]).message,
    "doc.yaml: (top level): expected a mapping with name, kind, items, odd key, found a list",
  );
  assert.equal(
    error({ name: "n", kind: "a", items: "x" }).message,
    'doc.yaml: items: expected a list, found string "x"',
  );
});

Deno.test("pathText() adds the label the caller gives an element", () => {
  const e = error(
    { name: "n", kind: "a", items: [{ when: 1 }] },
    (item) => (item.key === 0 ? "first" : undefined),
  );
  assert.equal(e.message, "doc.yaml: items[0] (first).when: expected string, found number 1");
});

Deno.test("issueMessage() and describeValue() word the standard messages", () => {
  const r = v.safeParse(v.string(), null, { message: issueMessage });
  assert.equal(r.success ? "" : r.issues[0].message, "expected string, found nothing");
  assert.deepEqual([describeValue({}), describeValue(true), describeValue(undefined)], [
    "a mapping",
    "boolean true",
    "nothing",
  ]);
});
