import assert from "node:assert/strict";
import { barChart, whaleCurveChart } from "../../src/charts/charts.ts";
import { renderVegaLite } from "../../src/charts/render.ts";
import type { TopLevelSpec } from "npm:vega-lite@6.5.0";
import {
  chart,
  interactive,
  interactiveSpec,
  markdown,
  mimeBundle,
  VEGALITE_MIME,
} from "../../src/display/mod.ts";

const SRC = { kind: "synthetic" as const, source: "test" };
const whale = () =>
  whaleCurveChart([
    { share_of_customers: 0, cumulative_share: 0 },
    { share_of_customers: 0.5, cumulative_share: 1.3 },
    { share_of_customers: 1, cumulative_share: 1 },
  ], SRC);

Deno.test("interactive() gives JupyterLab the Vega-Lite spec and everything else the PNG, no HTML", async () => {
  const c = await whale();
  const b = mimeBundle(interactive(c)) as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(b).sort(), ["image/png", "text/plain", VEGALITE_MIME].sort());
  assert.ok(!("text/html" in b) && !("image/svg+xml" in b));
  const spec = b[VEGALITE_MIME] as Record<string, unknown>;
  assert.equal(typeof spec, "object");
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.ok(String(b["image/png"]).startsWith("iVBORw0K"));
  assert.equal(b["text/plain"], `[chart] ${c.title}`);
  // the chart's own data stays as it was
  assert.deepEqual(Object.keys(interactive(c)).sort(), Object.keys(c).sort());
});

Deno.test("interactiveSpec() adds tooltips to every mark and zoom to the first continuous x–y view", async () => {
  const c = await whale();
  const s = interactiveSpec(c.spec);
  const units: Record<string, unknown>[] = [];
  const walk = (x: Record<string, unknown>) => {
    if ("mark" in x) units.push(x);
    for (const k of ["layer", "hconcat", "vconcat", "concat"]) {
      if (Array.isArray(x[k])) (x[k] as Record<string, unknown>[]).forEach(walk);
    }
  };
  walk(s);
  assert.ok(units.length > 0);
  for (const u of units) assert.equal((u.mark as { tooltip?: unknown }).tooltip, true);
  const zooms = units.filter((u) => Array.isArray(u.params));
  assert.equal(zooms.length, 1);
  assert.deepEqual((zooms[0].params as unknown[])[0], {
    name: "zoom",
    select: "interval",
    bind: "scales",
  });
  // still a valid spec: it compiles and renders
  assert.ok((await renderVegaLite(s as unknown as TopLevelSpec)).startsWith("<svg"));
  assert.equal(JSON.stringify(c.spec), JSON.stringify((await whale()).spec)); // input untouched
});

Deno.test("interactiveSpec() does not zoom a bar chart (a category axis)", async () => {
  const c = await barChart(
    "t",
    "Bars",
    [{ label: "a", value: 2 }, { label: "b", value: 3 }],
    "n",
    SRC,
  );
  const s = JSON.stringify(interactiveSpec(c.spec));
  assert.ok(!s.includes('"bind":"scales"'), s);
  assert.ok(s.includes('"tooltip":true'));
  assert.ok(
    (await renderVegaLite(interactiveSpec(c.spec) as unknown as TopLevelSpec)).startsWith("<svg"),
  );
});

Deno.test("interactive() of a chart without a Vega-Lite spec displays as chart() does", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>';
  const c = { id: "plot", title: "A plot", svg, spec: { renderer: "@observablehq/plot" } };
  assert.deepEqual(mimeBundle(interactive(c)), mimeBundle(chart(c)));
});

Deno.test("interactive() returns a displayable that is not a chart as it is", () => {
  const note = markdown("_chart not drawn: no revenue in the window_");
  assert.equal(interactive(note), note);
});
