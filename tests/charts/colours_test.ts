/**
 * One colour per segment across charts: the trajectories (Plot facets), the box plot
 * (Plot) and the cost-vs-revenue scatter (Vega-Lite) draw a segment in the same colour,
 * whichever other segments each chart shows and in whatever order.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import {
  boxplotChart,
  costVsRevenueChart,
  rvTrajectoriesChart,
  SEGMENT_COLOURS,
  segmentColour,
  segmentScale,
} from "../../src/charts/mod.ts";

const src = { kind: "synthetic" as const, source: "test fixture" };
const dom = (svg: string) => new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;

/** segment → the colour its line is drawn in, one facet per segment (left to right). */
async function trajectoryColours(segments: string[]): Promise<Map<string, string>> {
  const c = await rvTrajectoriesChart(
    segments.flatMap((segment, k) =>
      ["2024-01-01", "2024-02-01"].map((at, i) => ({
        segment,
        at,
        median: k + i,
        q1: k,
        q3: k + 2,
        n: 5,
      }))
    ),
    src,
  );
  const paths = [...dom(c.svg).querySelectorAll('g[aria-label="line"] path')];
  assert.equal(paths.length, segments.length);
  // the facets in the chart's order: profit segments best first
  const order = ["top20", "middle", "loss", "no_revenue"].filter((s) => segments.includes(s));
  return new Map(order.map((s, i) => [s, paths[i].getAttribute("stroke")!]));
}

/** group → the fill of its box (boxes top to bottom in the y domain: groups sorted). */
async function boxColours(groups: string[]): Promise<Map<string, string>> {
  const rows = groups.flatMap((group, k) => [1, 2, 3, 4, 5].map((v) => ({ group, value: v + k })));
  const c = await boxplotChart("rv-distribution", "RV", rows, "points", src);
  const rects = [...dom(c.svg).querySelectorAll('g[aria-label="bar"] rect')]
    .sort((a, b) => Number(a.getAttribute("y")) - Number(b.getAttribute("y")));
  assert.equal(rects.length, groups.length);
  return new Map([...groups].sort().map((g, i) => [g, rects[i].getAttribute("fill")!]));
}

/** segment → the fill of its points (Vega's aria-label names the segment). */
async function scatterColours(segments: string[]): Promise<Map<string, string>> {
  const c = await costVsRevenueChart(
    segments.map((segment, k) => ({
      account_id: `a${k}`,
      interaction_cost: 10 * (k + 1),
      revenue: 100 * (k + 1),
      segment,
    })),
    src,
  );
  const out = new Map<string, string>();
  for (const p of dom(c.svg).querySelectorAll('path[aria-roledescription="point"]')) {
    const seg = /profit segment: ([^;"]+)/.exec(p.getAttribute("aria-label") ?? "")?.[1];
    if (seg) out.set(seg, p.getAttribute("fill")!);
  }
  assert.equal(out.size, segments.length);
  return out;
}

Deno.test("two different charts draw the same segment in the same colour", async () => {
  // each chart shows a different set of segments, in a different order
  const lines = await trajectoryColours(["loss", "top20"]);
  const boxes = await boxColours(["top20", "middle", "loss"]);
  const points = await scatterColours(["middle", "loss", "no_revenue", "top20"]);
  for (const s of ["top20", "loss"]) {
    assert.equal(lines.get(s), boxes.get(s), `${s}: trajectories vs box plot`);
    assert.equal(boxes.get(s), points.get(s), `${s}: box plot vs scatter`);
    assert.equal(lines.get(s)!.toUpperCase(), segmentColour(s).toUpperCase());
  }
  assert.equal(boxes.get("middle"), points.get("middle"));
  const distinct = new Set([...points.values()]);
  assert.equal(distinct.size, 4, "four segments, four colours");
});

Deno.test("segmentColour() fixes the profit segments and gives any other name a stable colour", () => {
  for (const [s, c] of Object.entries(SEGMENT_COLOURS)) assert.equal(segmentColour(s), c);
  const fixed = new Set(Object.values(SEGMENT_COLOURS));
  for (const s of ["growing", "shrinking", "community", "pilot group"]) {
    assert.equal(segmentColour(s), segmentColour(s));
    assert.ok(!fixed.has(segmentColour(s)), `${s} does not look like a profit segment`);
  }
  assert.deepEqual(segmentScale(["loss", "growing"]).range, [
    SEGMENT_COLOURS.loss,
    segmentColour("growing"),
  ]);
});
