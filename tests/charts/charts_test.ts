/**
 * Snapshot tests of every chart (normalised SVG under __snapshots__/): on a mismatch
 * the new SVG is written beside it as NAME-changed.svg; a missing snapshot is
 * written only outside CI (CI=true fails instead), and UPDATE_SNAPSHOTS=1 rewrites.
 */
import assert from "node:assert/strict";
import {
  barChart,
  boxplotChart,
  calibrationHoldoutChart,
  type Chart,
  correlogramChart,
  costVsRevenueChart,
  gainChart,
  heatmapChart,
  normaliseSvg,
  renderPlot,
  rocChart,
  rvTrajectoriesChart,
  sparklinesChart,
  svgToPng,
  whaleCurveChart,
} from "../../src/charts/mod.ts";
import { Resvg } from "@resvg/resvg-js";
import * as Plot from "@observablehq/plot";
import { FONT_FAMILY, FONT_FILES } from "../../src/charts/render.ts";

const dir = new URL("./__snapshots__/", import.meta.url).pathname;
const src = { kind: "synthetic" as const, source: "test fixture" };

async function snapshot(c: Chart) {
  const actual = normaliseSvg(c.svg);
  const file = `${dir}${c.id}.svg`;
  let expected: string | undefined;
  try {
    expected = await Deno.readTextFile(file);
  } catch { /* missing */ }
  if (expected === undefined || Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    if (Deno.env.get("CI") === "true" && expected === undefined) {
      assert.fail(`snapshot ${c.id}.svg is missing (CI does not create snapshots)`);
    }
    await Deno.writeTextFile(file, actual);
    return;
  }
  if (actual !== expected) {
    await Deno.writeTextFile(`${dir}${c.id}-changed.svg`, actual);
    assert.fail(`${c.id}.svg differs from its snapshot; see ${c.id}-changed.svg`);
  }
}

const months = ["2024-01-01", "2024-02-01", "2024-03-01"];

Deno.test("charts match their snapshots", async () => {
  const charts = [
    await rvTrajectoriesChart(
      ["top20", "loss"].flatMap((s, k) =>
        months.map((m, i) => ({
          segment: s,
          at: m,
          median: 3 - 2 * k + i,
          q1: 2 - 2 * k + i,
          q3: 4 - 2 * k + i,
          n: 10,
        }))
      ),
      src,
    ),
    await whaleCurveChart([{ share_of_customers: 0.5, cumulative_share: 1.4 }, {
      share_of_customers: 1,
      cumulative_share: 1,
    }], src),
    await costVsRevenueChart([{
      account_id: "a",
      interaction_cost: 10,
      revenue: 100,
      segment: "top20",
    }, { account_id: "b", interaction_cost: 50, revenue: 5, segment: "loss" }], src),
    await correlogramChart(
      [{ lag: -1, r: 0.01, pairs: 9 }, { lag: 1, r: 0.05, pairs: 9 }, { lag: 3, r: 0.2, pairs: 9 }],
      { lead: 3, low: 0.1, high: 0.3 },
      src,
    ),
    await rocChart(
      [{ predictor: "rv_trend", fpr: 0, tpr: 0 }, { predictor: "rv_trend", fpr: 0.2, tpr: 0.7 }, {
        predictor: "rv_trend",
        fpr: 1,
        tpr: 1,
      }],
      "revenue_growing",
      src,
    ),
    await gainChart(
      [1, 2].map((d) => ({ predictor: "rv_level", decile: d, gain: d / 5 })),
      "revenue_growing",
      src,
    ),
    await barChart(
      "comparison",
      "RV per account-month by rep",
      [{ label: "ann", value: 7 }, { label: "bob", value: 0.5 }],
      "RV per account-month (points)",
      src,
      { reference: 3.3 },
    ),
    await boxplotChart(
      "rv-distribution",
      "RV per month by segment",
      [1, 2, 3, 4, 5].flatMap((v) => [{ group: "top20", value: v }, { group: "loss", value: -v }]),
      "RV per month (points)",
      src,
    ),
    await heatmapChart(
      "heatmap",
      "Theme by question",
      [{ row: "CRM", column: "Q1", value: 3 }, { row: "NPS", column: "Q1", value: 1 }, {
        row: "CRM",
        column: "Q2",
        value: 0,
      }],
      "answers",
      src,
    ),
    await sparklinesChart(
      months.flatMap((
        m,
        i,
      ) => [{ id: "acct-1", period: m, rv: 5 - i * 3 }, { id: "acct-2", period: m, rv: i }]),
      src,
    ),
    calibrationHoldoutChart(
      months.map((m, i) => ({ month: m, rv: 10 + i, revenue: i % 2 ? 100 : null })),
      [{ cutoff: months[2], history_start: months[0], holdout_end: "2024-05-01" }],
      src,
    ),
  ];
  for (const c of charts) {
    assert.match(c.svg, /^<svg /);
    assert.match(c.svg, /SYNTHETIC data/, `${c.id} says the data is synthetic`);
    await snapshot(c);
  }
});

Deno.test("charts render user text as text, never as markup", async () => {
  const c = await barChart(
    "xss",
    "Accounts",
    [{ label: "<script>alert(1)</script>", value: 1 }],
    "value",
    src,
  );
  assert.ok(!c.svg.includes("<script>"));
  assert.ok(c.svg.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
});

Deno.test("svgToPng() is byte-identical run to run and draws the text", async () => {
  const c = await barChart(
    "png",
    "A title that must be visible",
    [{ label: "x", value: 1 }],
    "value",
    src,
  );
  const a = svgToPng(c.svg), b = svgToPng(c.svg);
  assert.deepEqual(a, b);
  assert.deepEqual([...a.slice(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const dark = (svg: string) => {
    const px = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    }).render().pixels;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 200) n++;
    return n;
  };
  const without = c.svg.replace(/(<text[^>]*>)A title that must be visible(<\/text>)/, "$1$2");
  assert.notEqual(without, c.svg);
  assert.ok(dark(c.svg) > dark(without) + 50, "the title's glyphs are drawn");
});

Deno.test("normaliseSvg() renumbers ids and rounds decimals", () => {
  assert.equal(
    normaliseSvg(
      '<g id="clip9"><path clip-path="url(#clip9)" d="M1.23456,2"/><use href="#clip9"/></g>',
    ),
    '<g id="id-1"><path clip-path="url(#id-1)" d="M1.23,2"/><use href="#id-1"/></g>',
  );
});

Deno.test("renderPlot() makes a standalone SVG whose text survives PNG rendering", () => {
  const svg = renderPlot(
    { marks: [Plot.lineY([1, 3, 2])] },
    "A <b>line</b>",
    ["SYNTHETIC data: fixture"],
  );
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.includes("A &lt;b&gt;line&lt;/b&gt;"), "title escaped");
  assert.ok(!svg.includes("<style"), "no stylesheet left for renderers to ignore");
  const png = svgToPng(svg);
  assert.deepEqual(svgToPng(svg), png, "PNG is byte-identical run to run");
  const dark = (s: string) => {
    const px = new Resvg(s, {
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    }).render().pixels;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 200) n++;
    return n;
  };
  // the title and the axis tick labels that Plot wrote are drawn as glyphs
  const noTitle = svg.replace("A &lt;b&gt;line&lt;/b&gt;", "");
  assert.ok(dark(svg) > dark(noTitle) + 50, "the title's glyphs are drawn");
  const noTicks = svg.replace(/(<text[^>]*>)([0-9.]+)(<\/text>)/g, "$1$3");
  assert.notEqual(noTicks, svg);
  assert.ok(dark(svg) > dark(noTicks) + 50, "Plot's tick labels are drawn");
});
