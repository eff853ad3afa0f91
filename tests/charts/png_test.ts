/**
 * The PNG renderer of `src/charts/png.ts`: workers draw exactly the bytes of
 * `svgToPng()`, each SVG once, and an SVG resvg cannot draw is an error for whoever
 * awaits it, never for the process.
 */
import assert from "node:assert/strict";
import { pngRenderer, svgToPng } from "../../src/charts/png.ts";

const svg = (w: number, text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="40"><rect width="${w}" height="40" fill="#0072B2"/><text x="4" y="24" font-family="DejaVu Sans">${text}</text></svg>`;

Deno.test("pngRenderer() draws the bytes of svgToPng() in its workers, in any order asked", async () => {
  const pngs = pngRenderer({ workers: 2 });
  try {
    const svgs = [svg(60, "a"), svg(80, "bb"), svg(100, "ccc"), svg(120, "dddd")];
    const drawn = await Promise.all(svgs.map((s) => pngs.png(s)));
    drawn.forEach((png, i) =>
      assert.deepEqual(new Uint8Array(png), new Uint8Array(svgToPng(svgs[i])))
    );
  } finally {
    pngs.close();
  }
});

Deno.test("pngRenderer() draws an SVG asked for twice once", async () => {
  const pngs = pngRenderer({ workers: 1 });
  try {
    const s = svg(50, "twice");
    const first = pngs.png(s);
    assert.equal(pngs.png(s), first);
    assert.equal(new TextDecoder().decode((await first).slice(1, 4)), "PNG");
  } finally {
    pngs.close();
  }
});

Deno.test("pngRenderer() rejects an SVG resvg cannot draw and goes on drawing", async () => {
  const pngs = pngRenderer({ workers: 1 });
  try {
    const bad = pngs.png("not an svg");
    await assert.rejects(bad);
    assert.deepEqual(
      new Uint8Array(await pngs.png(svg(30, "ok"))),
      new Uint8Array(svgToPng(svg(30, "ok"))),
    );
  } finally {
    pngs.close();
  }
});

Deno.test("pngRenderer() draws in this thread after close()", async () => {
  const pngs = pngRenderer();
  pngs.close();
  assert.deepEqual(
    new Uint8Array(await pngs.png(svg(40, "late"))),
    new Uint8Array(svgToPng(svg(40, "late"))),
  );
});
