/**
 * Snapshot tests of every chart (normalised SVG under __snapshots__/): on a mismatch
 * the new SVG is written beside it as NAME-changed.svg; a missing snapshot is
 * written only outside CI (CI=true fails instead), and UPDATE_SNAPSHOTS=1 rewrites.
 */
import assert from "node:assert/strict";
import {
  aucForestChart,
  barChart,
  boxplotChart,
  calibrationHoldoutChart,
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
  symlogTicks,
  whaleCurveChart,
} from "../../src/charts/mod.ts";
import { Resvg } from "@resvg/resvg-js";
import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import { FONT_FAMILY, FONT_FILES, renderVegaLite, stableSvgIds } from "../../src/charts/render.ts";
import { snapshot } from "./snapshot.ts";

/** Dark pixels of an SVG rendered with the PNG fonts: drawn glyphs add dark pixels. */
function dark(svg: string): number {
  const px = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
  }).render().pixels;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 200) n++;
  return n;
}

const src = { kind: "synthetic" as const, source: "test fixture" };

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
  // the title and the axis tick labels that Plot wrote are drawn as glyphs
  const noTitle = svg.replace("A &lt;b&gt;line&lt;/b&gt;", "");
  assert.ok(dark(svg) > dark(noTitle) + 50, "the title's glyphs are drawn");
  const noTicks = svg.replace(/(<text[^>]*>)([0-9.]+)(<\/text>)/g, "$1$3");
  assert.notEqual(noTicks, svg);
  assert.ok(dark(svg) > dark(noTicks) + 50, "Plot's tick labels are drawn");
});

/** The SVG parsed as a DOM, to find Plot's marks by their `aria-label`. */
function dom(svg: string) {
  return new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
}
/** Text of the elements under Plot's group with the given `aria-label`. */
function texts(svg: string, label: string): string[] {
  return [...dom(svg).querySelectorAll(`g[aria-label="${label}"] text`)].map((t) =>
    t.textContent ?? ""
  );
}
/** How many `tag` elements Plot drew in the mark with the given `aria-label`. */
function count(svg: string, label: string, tag: string): number {
  return dom(svg).querySelectorAll(`g[aria-label="${label}"] ${tag}`).length;
}

Deno.test("boxplotChart() draws one box per group spanning its quartiles and only outliers as dots", async () => {
  // a: Q1 2, Q3 4 (IQR 2); b: Q1 4.5, Q3 9.5 (IQR 5, R-7 quantiles), 30 is beyond 1.5 IQR
  const rows = [
    ...[1, 2, 3, 4, 5].map((value) => ({ group: "a", value })),
    ...[2, 4, 6, 8, 10, 30].map((value) => ({ group: "b", value })),
  ];
  const c = await boxplotChart("box", "RV by group", rows, "RV per month (points)", src);
  assert.equal(c.spec.renderer, "@observablehq/plot@0.6.17");
  assert.deepEqual(texts(c.svg, "y-axis tick label"), ["a", "b"]);
  assert.deepEqual(texts(c.svg, "x-axis label"), ["RV per month (points)"]);
  const widths = [...dom(c.svg).querySelectorAll('g[aria-label="bar"] rect')]
    .map((r) => Number(r.getAttribute("width"))).sort((x, y) => x - y);
  assert.equal(widths.length, 2);
  assert.ok(Math.abs(widths[1] / widths[0] - 5 / 2) < 0.02, `box widths ${widths} ∝ IQRs 2, 5`);
  assert.equal(count(c.svg, "dot", "circle"), 1, "only the value beyond 1.5 IQR is a dot");
  // the median tick of each box sits at its median: a's 3 is the middle of [2, 4]; b's 7 is
  // 2.5/5 of the way through [4.5, 9.5]; both halfway, so each tick is at its box's centre
  const boxes = [...dom(c.svg).querySelectorAll('g[aria-label="bar"] rect')];
  const ticks = [...dom(c.svg).querySelectorAll('g[aria-label="tick"] line')];
  assert.equal(ticks.length, 2);
  for (const t of ticks) {
    const box = boxes.find((b) => b.getAttribute("y") === t.getAttribute("y1"))!;
    const mid = Number(box.getAttribute("x")) + Number(box.getAttribute("width")) / 2;
    assert.ok(Math.abs(Number(t.getAttribute("x1")) - mid) < 1, "median tick at the median");
  }
  const noLabels = c.svg.replace(/(<text[^>]*>)(a|b)(<\/text>)/g, "$1$3");
  assert.ok(dark(c.svg) > dark(noLabels) + 10, "the group labels are drawn in the PNG");
});

Deno.test("rvTrajectoriesChart() draws one facet per segment, profit segments best first, with a band and a median line", async () => {
  const points = ["top20", "loss", "middle"].flatMap((segment, k) =>
    months.map((at, i) => ({ segment, at, median: k + i, q1: k + i - 1, q3: k + i + 1, n: 5 }))
  );
  const c = await rvTrajectoriesChart(points, src);
  assert.deepEqual(texts(c.svg, "fx-axis tick label"), ["top20", "middle", "loss"]);
  assert.equal(count(c.svg, "area", "path"), 3);
  assert.equal(count(c.svg, "line", "path"), 3);
  for (const p of dom(c.svg).querySelectorAll('g[aria-label="line"] path')) {
    assert.equal((p.getAttribute("d") ?? "").split("L").length, months.length, "a point per month");
  }
  assert.deepEqual(texts(c.svg, "y-axis label"), ["RV per month (points)"]);
  assert.deepEqual(texts(c.svg, "x-axis label"), ["month"]);
  const byAge = await rvTrajectoriesChart(
    [0, 1, 2].map((at) => ({ segment: "top20", at, median: at, q1: 0, q3: 3, n: 5 })),
    src,
  );
  assert.deepEqual(texts(byAge.svg, "x-axis label"), ["relationship age (months)"]);
  const noFacets = c.svg.replace(/(<text[^>]*>)(top20|loss|middle)(<\/text>)/g, "$1$3");
  assert.ok(dark(c.svg) > dark(noFacets) + 20, "the facet labels are drawn in the PNG");
});

Deno.test("sparklinesChart() draws one line per account with every month", async () => {
  const rows = ["acct-2", "acct-1"].flatMap((id, k) =>
    months.map((period, i) => ({ id, period, rv: k ? i : -i }))
  );
  const c = await sparklinesChart(rows, src);
  assert.deepEqual(texts(c.svg, "fy-axis tick label"), ["acct-2", "acct-1"]);
  const lines = [...dom(c.svg).querySelectorAll('g[aria-label="line"] path')];
  assert.equal(lines.length, 2);
  for (const p of lines) assert.equal((p.getAttribute("d") ?? "").split("L").length, 3);
});

Deno.test("aucForestChart() draws each AUC as a dot inside its CI rule, one panel per target", async () => {
  const results = [
    { target: "growing", predictor: "rv_trend", auc: 0.7, auc_ci_low: 0.6, auc_ci_high: 0.8 },
    { target: "growing", predictor: "nps_last", auc: 0.45, auc_ci_low: 0.4, auc_ci_high: 0.5 },
    { target: "churn", predictor: "rv_trend", auc: 0.55, auc_ci_low: 0.5, auc_ci_high: 0.62 },
    { target: "churn", predictor: "nps_last", auc: 0.6, auc_ci_low: 0.52, auc_ci_high: 0.7 },
  ];
  const c = await aucForestChart(results, src);
  assert.deepEqual(texts(c.svg, "fy-axis tick label"), ["growing", "churn"]);
  const d = dom(c.svg);
  const facets = [...d.querySelectorAll('g[aria-label="dot"] > g')];
  assert.equal(facets.length, 2);
  const rules = [...d.querySelectorAll('g[aria-label="rule"] > g')].filter((g) =>
    g.querySelectorAll("line").length === 2
  );
  const x = (e: { getAttribute(a: string): string | null }, a: string) => Number(e.getAttribute(a));
  facets.forEach((f, k) => {
    const dots = [...f.querySelectorAll("circle")];
    assert.equal(dots.length, 2);
    const mine = results.filter((r) => r.target === ["growing", "churn"][k]);
    // a higher AUC is further right
    assert.equal(x(dots[0], "cx") > x(dots[1], "cx"), mine[0].auc > mine[1].auc);
    // each dot sits on its CI rule (same row), between the rule's ends
    const lines = [...rules[k].querySelectorAll("line")];
    dots.forEach((dot) => {
      const rule = lines.find((l) => x(l, "y1") === x(dot, "cy"))!;
      assert.ok(x(rule, "x1") < x(dot, "cx") && x(dot, "cx") < x(rule, "x2"));
    });
  });
  assert.equal(d.querySelectorAll('g[aria-label="dot"] circle').length, results.length);
  // RV predictors blue, baselines grey: the first row of each panel is rv_trend
  for (const f of facets) {
    const [rv, base] = [...f.querySelectorAll("circle")].map((e) => e.getAttribute("fill"));
    assert.equal(rv, "#0072B2");
    assert.notEqual(base, rv);
  }
  await snapshot(c);
});

Deno.test("aucForestChart() gives each target × horizon a panel and each row its CI rule", () => {
  const results = [3, 6].flatMap((horizon) =>
    ["rv_trend", "revenue_last", "nps_last"].map((predictor, k) => ({
      target: "retained",
      predictor,
      horizon,
      auc: 0.5 + 0.05 * k + 0.01 * horizon,
      auc_ci_low: 0.45 + 0.05 * k,
      auc_ci_high: 0.6 + 0.05 * k + 0.02 * horizon,
    }))
  );
  const c = aucForestChart(results, src);
  assert.deepEqual(texts(c.svg, "fy-axis tick label"), [
    "retained, 3 months",
    "retained, 6 months",
  ]);
  const d = dom(c.svg);
  const ci = [...d.querySelectorAll('g[aria-label="rule"] line')].filter((l) =>
    l.getAttribute("x1") !== l.getAttribute("x2")
  );
  assert.equal(ci.length, results.length, "one CI rule per row");
  assert.equal(d.querySelectorAll('g[aria-label="dot"] circle').length, results.length);
  // one horizon: one panel per target, the horizon said under the title
  const one = aucForestChart(results.filter((r) => r.horizon === 3), src);
  assert.deepEqual(texts(one.svg, "fy-axis tick label"), ["retained"]);
  assert.ok(one.svg.includes("targets over the 3 months after each cutoff"));
});

Deno.test("Plot charts render user text as text, never as markup", async () => {
  const c = await boxplotChart("xss", "T", [{ group: "<script>x</script>", value: 1 }], "v", src);
  assert.ok(!c.svg.includes("<script>"));
  assert.ok(c.svg.includes("&lt;script&gt;x&lt;/script&gt;"));
});

Deno.test("stableSvgIds() gives a chart the same ids in every run and two charts distinct ones", async () => {
  const heat = (v: number) =>
    renderVegaLite({
      data: { values: [{ a: "x", b: "y", v }, { a: "x", b: "z", v: v + 1 }] },
      mark: "rect",
      encoding: {
        x: { field: "a" },
        y: { field: "b" },
        color: { field: "v", type: "quantitative" },
      },
    });
  const [first, again, other] = [await heat(1), await heat(1), await heat(5)];
  assert.equal(again, first, "the same chart rendered twice in one process");
  const ids = (svg: string) => [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(ids(first).length > 0, "a colour ramp legend defines a gradient");
  assert.ok(ids(first).every((id) => first.includes(`url(#${id})`)), "references follow the ids");
  assert.ok(ids(first).every((id) => !ids(other).includes(id)), "distinct charts, distinct ids");
  assert.equal(stableSvgIds('<svg><path d="M0"/></svg>'), '<svg><path d="M0"/></svg>');
});

Deno.test("symlogTicks() labels every decade the data cover, and 0 only when the data reach it", () => {
  assert.deepEqual(symlogTicks([0, 15, 800]), [0, 20, 50, 100, 200, 500]);
  // Maven's revenue: 55,000 to 350,000, nothing between 0 and 200,000 before
  assert.deepEqual(symlogTicks([55_000, 350_000]), [100_000, 200_000, 300_000]);
  assert.deepEqual(symlogTicks([-400, -40, 0, 900]), [-300, -200, -100, -50, 0, 900]);
  assert.ok(!symlogTicks([12, 90]).includes(0), "no 0 when no value is 0");
});

Deno.test("costVsRevenueChart() puts ticks between 0 and the largest values, with thousands separators", async () => {
  const accounts = [10_000, 20_000, 45_000].map((c, i) => ({
    account_id: `a${i}`,
    interaction_cost: c,
    revenue: [55_000, 120_000, 350_000][i],
    segment: i ? "top20" : "middle",
  }));
  const c = await costVsRevenueChart(accounts, src);
  const spec = c.spec as { encoding: { y: { axis: { values: number[] } } } };
  assert.deepEqual(spec.encoding.y.axis.values, [50_000, 100_000, 200_000, 300_000]);
  assert.ok(c.svg.includes(">100,000<") && c.svg.includes(">200,000<"));
});

Deno.test("sparklinesChart() draws a month without interactions as 0, the segment's band and the flagged months", async () => {
  const c = await sparklinesChart(
    [{ id: "a", period: "2024-01-01", rv: 4 }, { id: "a", period: "2024-04-01", rv: -2 }],
    src,
    {
      band: months.map((period) => ({ id: "a", period, q1: 1, q3: 5 })),
      flagged: [{ id: "a", from: "2024-03-01", to: "2024-04-01" }],
      labels: { a: "a (top20)" },
    },
  );
  const line = dom(c.svg).querySelector('g[aria-label="line"] path')!.getAttribute("d")!;
  assert.equal(line.split("L").length, 4, "January to April: four points, February and March at 0");
  assert.equal(count(c.svg, "dot", "circle"), 4);
  assert.equal(count(c.svg, "area", "path"), 1, "the band");
  assert.equal(count(c.svg, "rect", "rect"), 1, "the flagged months");
  assert.deepEqual(texts(c.svg, "fy-axis tick label"), ["a (top20)"]);
  assert.ok(texts(c.svg, "x-axis tick label").some((t) => /2024/.test(t)), "dates with the year");
  const without = await sparklinesChart(
    [{ id: "a", period: "2024-01-01", rv: 4 }, { id: "a", period: "2024-04-01", rv: -2 }],
    src,
  );
  assert.equal(count(without.svg, "area", "path"), 0);
});

Deno.test("rvTrajectoriesChart() orders the profit segments best first and says what line and band are", async () => {
  const points = ["loss", "middle", "top20"].flatMap((segment) =>
    months.map((at, i) => ({ segment, at, median: i, q1: 0, q3: 2, n: 5 }))
  );
  const c = await rvTrajectoriesChart(points, src);
  assert.deepEqual(texts(c.svg, "fx-axis tick label"), ["top20", "middle", "loss"]);
  assert.match(c.svg, /line: the median account's RV; shaded: the middle half/);
});

Deno.test("calibrationHoldoutChart() has no y ticks below 0", () => {
  const c = calibrationHoldoutChart(
    months.map((m, i) => ({ month: m, rv: 10 + i, revenue: 100 + i })),
    [{ cutoff: months[1], history_start: months[0], holdout_end: months[2] }],
    src,
  );
  const ticks = texts(c.svg, "y-axis tick label").map(Number);
  assert.ok(ticks.length >= 3);
  assert.ok(ticks.every((t) => t >= 0), `ticks ${ticks}`);
  assert.equal(count(c.svg, "y-axis tick", "path"), ticks.length, "a tick mark per label");
});

Deno.test("heatmapChart() and barChart() write labels in full", async () => {
  const long = "dedicated personal assistance";
  const h = await heatmapChart(
    "h",
    "H",
    [{ row: long, column: "no revenue", value: 1234 }],
    "cost",
    src,
    {
      format: ",.0f",
    },
  );
  assert.ok(h.svg.includes(`>${long}<`) && h.svg.includes(">1,234<"));
  const b = await barChart(
    "b",
    "B",
    [{ label: "share of wallet above 50 %", value: 0.5 }],
    "share",
    src,
  );
  assert.ok(b.svg.includes(">share of wallet above 50 %<"));
});
