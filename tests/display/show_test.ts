import assert from "node:assert/strict";
import { bundleOf, markdown, settleMs, showWith, table } from "../../src/display/mod.ts";
import type { MimeBundle } from "../../src/display/mod.ts";

function recorder(jupyter: boolean) {
  const sent: MimeBundle[] = [];
  const waits: number[] = [];
  return {
    sent,
    waits,
    options: {
      sink: { jupyter, publish: (b: MimeBundle) => sent.push(b) },
      sleep: (ms: number) => (waits.push(ms), Promise.resolve()),
    },
  };
}

Deno.test("showWith() publishes each value in order, then waits once in Jupyter", async () => {
  const r = recorder(true);
  await showWith(r.options, "**first**", table([{ a: 1 }]), markdown("third"));
  assert.deepEqual(r.sent.map((b) => Object.keys(b).sort()[0]), [
    "text/markdown",
    "text/html",
    "text/markdown",
  ]);
  assert.equal(r.sent[0]["text/markdown"], "**first**");
  assert.equal(r.sent[2]["text/markdown"], "third");
  const bytes = r.sent.flatMap((b) => Object.values(b)).reduce((s, v) => s + v.length, 0);
  assert.deepEqual(r.waits, [settleMs(bytes)]);
});

Deno.test("showWith() does not wait outside Jupyter, nor for nothing", async () => {
  const out = recorder(false);
  await showWith(out.options, "x");
  assert.equal(out.sent.length, 1);
  assert.deepEqual(out.waits, []);
  const none = recorder(true);
  await showWith(none.options);
  assert.deepEqual([none.sent.length, none.waits.length], [0, 0]);
});

Deno.test("settleMs() grows with the bundle size and is capped", () => {
  assert.equal(settleMs(0), 50);
  assert.equal(settleMs(-5), 50);
  assert.equal(settleMs(100_000), 70);
  assert.ok(settleMs(1_000_000) > settleMs(100_000));
  assert.equal(settleMs(1e12), 2000);
});

Deno.test("bundleOf() shows rows and objects as tables and other values as plain text", () => {
  const t = bundleOf([{ account: "a1", rv: 2 }]);
  assert.ok(t["text/html"].includes("<table"), t["text/html"]);
  assert.equal(bundleOf(42)["text/plain"], "42");
  // an object shows as a table of its figures (results.ts), never as an inspected dump
  const o = bundleOf({ n: 12345 });
  assert.ok(o["text/html"].includes("<table") && o["text/html"].includes("12,345"), o["text/html"]);
  assert.ok(!o["text/plain"].includes("{"), o["text/plain"]);
  assert.equal(bundleOf([1, 2])["text/plain"], "[ 1, 2 ]");
  assert.ok(!bundleOf({ s: "x" })["text/plain"].includes("\u001b"));
});
