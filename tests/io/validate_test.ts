import assert from "node:assert/strict";
import { mapHeader } from "../../src/io/validate.ts";
import { DataError } from "../../src/io/errors.ts";
import { tableSpec } from "../../src/io/schema.ts";

Deno.test("mapHeader() names a column with a line break or NUL on the message's one line (fuzz: '\\0\\r\\n\"')", () => {
  assert.throws(
    () => mapHeader(tableSpec("ipf"), ["\u0000\r\n\u202e"], "t.csv"),
    (e) =>
      e instanceof DataError && !["\r", "\n", "\u0000", "\u202e"].some((c) =>
        e.message.includes(c)
      ) &&
      e.message.endsWith("found columns: <U+0000><U+000D><U+000A><U+202E>"),
  );
  assert.throws(
    () => mapHeader(tableSpec("ipf"), ["a\nb", "A\nB"], "t.csv"),
    (e) => e instanceof DataError && e.message.includes('column "a<U+000A>b" appears twice'),
  );
});
