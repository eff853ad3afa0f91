import assert from "node:assert/strict";
import { progressLine, terminalProgress, type TerminalStream } from "../../src/util/progress.ts";

const ESC = "\x1b";
const plain = (s: string) => s.replaceAll(`${ESC}[36m`, "").replaceAll(`${ESC}[39m`, "");

Deno.test("progressLine() draws a bar with percent, counts, elapsed time and time left", () => {
  const line = progressLine({
    label: "back-test",
    done: 3,
    total: 6,
    unit: "steps",
    elapsedMs: 6000,
    width: 60,
  });
  assert.equal(line, "back-test [██████░░░░░░] 50% 3/6 steps · 6.0 s · 6.0 s left");
  assert.ok(line.length <= 59);
});

Deno.test("progressLine() without a total shows the count and the rate, no time left", () => {
  const line = progressLine({
    label: "load voc",
    done: 20_000,
    total: null,
    unit: "rows",
    elapsedMs: 2000,
    width: 80,
  });
  assert.equal(line, "load voc 20,000 rows · 10,000 rows/s · 2.0 s");
  assert.doesNotMatch(line, /left|\[/);
});

Deno.test("progressLine() of a percentage shows no counts; done shows no time left", () => {
  const pct = progressLine({
    label: "load interactions",
    done: 39,
    total: 100,
    unit: "%",
    elapsedMs: 6000,
    width: 80,
  });
  assert.match(pct, /\] 39% · 6\.0 s · 9\.4 s left$/);
  assert.doesNotMatch(pct, /39\/100/);
  const done = progressLine({ label: "report", done: 6, total: 6, elapsedMs: 1000, width: 80 });
  assert.match(done, /100% 6\/6 · 1\.0 s$/);
});

Deno.test("progressLine() fits the width: the bar shrinks, the detail goes, then the text is cut", () => {
  const frame = {
    label: "back-test",
    done: 1,
    total: 4,
    unit: "steps",
    elapsedMs: 1000,
    detail: "AUC revenue_growing",
  };
  for (const width of [20, 40, 60, 80, 200]) {
    const line = progressLine({ ...frame, width });
    assert.ok(line.length <= width - 1, `${width}: ${line}`);
  }
  assert.match(progressLine({ ...frame, width: 200 }), /\[█{8}░{22}\].*· AUC revenue_growing$/);
  assert.doesNotMatch(progressLine({ ...frame, width: 60 }), /AUC/);
});

Deno.test("progressLine() colours the bar only when asked", () => {
  const frame = { label: "x", done: 1, total: 2, elapsedMs: 10, width: 60 };
  assert.equal(progressLine(frame).includes(ESC), false);
  const coloured = progressLine({ ...frame, color: true });
  assert.ok(coloured.includes(`[${ESC}[36m█`) && coloured.includes(`█${ESC}[39m░`), coloured);
  assert.equal(plain(coloured), progressLine(frame));
});

/** A fake terminal collecting what is written. */
function fakeStream(terminal: boolean): TerminalStream & { text: () => string } {
  const chunks: Uint8Array[] = [];
  return {
    isTerminal: () => terminal,
    writeSync(p) {
      chunks.push(p.slice());
      return p.length;
    },
    text: () => chunks.map((c) => new TextDecoder().decode(c)).join(""),
  };
}

Deno.test("terminalProgress() is null when the stream is not a terminal", () => {
  assert.equal(terminalProgress({ stream: fakeStream(false) }), null);
});

Deno.test("terminalProgress() redraws with \\r, throttles frames of one label, keeps log lines above the bar", () => {
  const stream = fakeStream(true);
  let t = 0;
  const bar = terminalProgress({ stream, color: false, now: () => t, width: () => 60 })!;
  bar.update({ label: "load", done: 1, total: 10 });
  t = 50;
  bar.update({ label: "load", done: 2, total: 10 }); // within 100 ms: not drawn
  t = 150;
  bar.update({ label: "load", done: 3, total: 10 });
  bar.log("reading voc.csv");
  bar.update({ label: "load", done: 10, total: 10 }); // the end is always drawn
  bar.clear();
  const out = stream.text();
  const frames = out.split("\r").filter((f) => f.trim().startsWith("load"));
  assert.deepEqual(
    frames.map((f) => /(\d+)% (\d+)\/10/.exec(f)?.[2]),
    ["1", "3", "3", "10"],
    "frames: first, after the throttle, redrawn after the log line, the end",
  );
  assert.match(out, /\r {2,}\rreading voc\.csv\n\rload/);
  assert.ok(out.endsWith("\r"), "clear() leaves the cursor at the start of an empty line");
  assert.equal(out.includes(ESC), false, "no escape codes without colour");
});

Deno.test("terminalProgress() colours under a terminal unless told not to (NO_COLOR)", () => {
  const stream = fakeStream(true);
  terminalProgress({ stream, color: true, width: () => 60 })!.update({
    label: "x",
    done: 1,
    total: 2,
  });
  assert.ok(stream.text().includes(`${ESC}[36m`));
});
