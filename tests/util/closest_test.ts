import assert from "node:assert/strict";
import { closest } from "../../src/util/closest.ts";

Deno.test("closest() finds one edit or swap away, and nothing past a third of the word", () => {
  const commands = ["demo", "check", "import", "generate", "rv", "segments", "validate", "report"];
  assert.equal(closest("reprot", commands), "report"); // a swap
  assert.equal(closest("segmnts", commands), "segments"); // a deletion
  assert.equal(closest("valdate", commands), "validate");
  assert.equal(closest("rvv", commands), "rv");
  assert.equal(closest("xyz", commands), undefined);
  assert.equal(closest("reports", commands), "report");
  assert.equal(closest("anything", []), undefined);
  // ties go to the earlier candidate
  assert.equal(closest("ab", ["ac", "ad"]), "ac");
});
