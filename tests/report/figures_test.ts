/**
 * The report's figures: each omission rule tested both ways (drawn on data where the
 * chart says something, omitted with its reason where it would not), and snapshots of
 * the figures built from small fixed inputs.
 */
import assert from "node:assert/strict";
import { type Figure, isOmitted } from "../../src/charts/render.ts";
import {
  comparisonFigure,
  costRevenueFigure,
  dataMapFigure,
  exceptionsFigure,
  gainFigure,
  relationshipTypesFigure,
  rocFigure,
  rvDistributionFigure,
  sayDoFigure,
  scorecardFigure,
  trajectoriesFigure,
  whaleFigure,
} from "../../src/report/figures.ts";
import type { DataMapResult, SegmentsResult, Study } from "../../src/study/study.ts";
import type { SayVsDoResult } from "../../src/voc/say_vs_do.ts";
import { rocAndGain } from "../../src/study/study.ts";
import { readsReversed } from "../../src/backtest/validate.ts";
import type { Observation } from "../../src/backtest/protocol.ts";
import { snapshot } from "../charts/snapshot.ts";

const src = { kind: "synthetic" as const, source: "test fixture" };
const months = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"];

function drawn(f: Figure) {
  assert.ok(!isOmitted(f), isOmitted(f) ? `${f.id} omitted: ${f.omitted}` : "");
  return f as Exclude<Figure, { omitted: string }>;
}
function omittedBecause(f: Figure, reason: RegExp) {
  assert.ok(isOmitted(f), `${f.id} is drawn`);
  assert.match(f.omitted, reason);
}

/** A segments result with just the fields the figures read. */
function segments(o: {
  revenue?: number[];
  segments?: string[];
  medians?: number[];
  totalProfit?: number;
}): SegmentsResult {
  const segs = o.segments ?? ["top20", "middle", "loss"];
  const revenue = o.revenue ?? [900, 300, 50];
  return {
    window: { start: months[0], end: "2024-05-01", months: 4 },
    accounts_table: segs.map((segment, i) => ({
      account_id: `a${i}`,
      rv: 4 * (3 - i),
      revenue: revenue[i],
      interaction_cost: 10 * (i + 1),
      profit_segment: segment,
    })),
    whale_curve: {
      total_profit: o.totalProfit ?? 1000,
      points: [{ share_of_customers: 0.5, cumulative_share: 1.2 }, {
        share_of_customers: 1,
        cumulative_share: 1,
      }],
    },
    rv_patterns: segs.flatMap((segment, k) =>
      months.map((at, i) => ({
        segment,
        at,
        median: o.medians?.[i] ?? k + i,
        q1: 0,
        q3: 3 + k,
        n: 5,
      }))
    ),
  } as unknown as SegmentsResult;
}

Deno.test("whaleFigure() and costRevenueFigure() are omitted when there is no revenue", async () => {
  const s = segments({});
  assert.equal(drawn(await whaleFigure(s, src)).id, "whale-curve");
  assert.equal(drawn(await costRevenueFigure(s, src)).id, "cost-vs-revenue");
  const none = segments({
    revenue: [0, 0, 0],
    segments: ["no_revenue", "no_revenue", "no_revenue"],
  });
  omittedBecause(await whaleFigure(none, src), /no account has revenue/);
  omittedBecause(await costRevenueFigure(none, src), /no account has revenue/);
  omittedBecause(await whaleFigure(segments({ totalProfit: -5 }), src), /total profit .* is −?-?5/);
});

Deno.test("trajectoriesFigure() draws every segment and is omitted when all medians are 0 or there is one segment", async () => {
  const c = drawn(await trajectoriesFigure(segments({}), src));
  for (const s of ["top20", "middle", "loss"]) assert.ok(c.svg.includes(`>${s}<`), s);
  omittedBecause(
    await trajectoriesFigure(segments({ medians: [0, 0, 0, 0] }), src),
    /median account of every segment has RV 0/,
  );
  omittedBecause(
    await trajectoriesFigure(segments({ segments: ["no_revenue", "no_revenue"] }), src),
    /one segment no_revenue/,
  );
});

Deno.test("rvDistributionFigure() is omitted with a single profit segment", async () => {
  assert.equal(drawn(await rvDistributionFigure(segments({}), src)).id, "rv-distribution");
  omittedBecause(
    await rvDistributionFigure(segments({ segments: ["middle", "middle", "middle"] }), src),
    /one segment middle/,
  );
});

const scorecard = {
  active: 10,
  profitability: {
    profitable_with_potential: 0.4,
    profitable: 0.3,
    unprofitable_with_potential: 0.2,
    unprofitable: 0.1,
  },
  repurchase_frequency: { "1": 0.1, "2-5": 0.2, "6-10": 0.3, "11+": 0.4 },
  share_of_wallet: { above_50: 0.55, below_50: 0.45 },
  loyal: 0.25 as number | null,
  loyal_components: {
    would_recommend: 0.5 as number | null,
    repurchases: 0.9 as number | null,
    large_share_of_wallet: null as number | null,
  },
};

Deno.test("scorecardFigure() writes its labels in full and is omitted when it is empty", async () => {
  const c = drawn(await scorecardFigure(scorecard, src));
  for (
    const label of [
      "profitable with potential",
      "share of wallet above 50 %",
      "11+ purchases in the window",
      "loyalty criterion: would recommend (last NPS 9-10)",
    ]
  ) {
    assert.ok(c.svg.includes(`>${label}<`), label);
  }
  await snapshot(c);
  const zero = Object.fromEntries(Object.keys(scorecard.profitability).map((k) => [k, 0]));
  omittedBecause(
    await scorecardFigure({ ...scorecard, active: 0 }, src),
    /no active customer/,
  );
  omittedBecause(
    await scorecardFigure({
      ...scorecard,
      profitability: zero as typeof scorecard.profitability,
      repurchase_frequency: { "1": 0, "2-5": 0, "6-10": 0, "11+": 0 },
      share_of_wallet: null,
      loyal: null,
      loyal_components: { would_recommend: 0, repurchases: 0, large_share_of_wallet: null },
    }, src),
    /every share is 0/,
  );
});

Deno.test("relationshipTypesFigure() is a readable heat map, omitted when nothing has a cost", async () => {
  const rows = ["dedicated_personal_assistance", "self_service"].flatMap((relationship_type, i) =>
    ["top20", "no_revenue"].map((segment, j) => ({
      relationship_type,
      segment,
      cost: 1000 * (i + 1) * (j + 3),
    }))
  );
  const c = drawn(await relationshipTypesFigure(rows, src));
  assert.ok(c.svg.includes(">dedicated personal assistance<") && c.svg.includes(">no revenue<"));
  assert.ok(c.svg.includes(">6,000<"), "costs with thousands separators");
  await snapshot(c);
  omittedBecause(
    await relationshipTypesFigure(rows.map((r) => ({ ...r, cost: 0 })), src),
    /no interaction has a cost/,
  );
});

Deno.test("sayDoFigure() and dataMapFigure() label their axes and show shares as percentages", async () => {
  const sd = {
    say_measure: "nps",
    quadrant: ["high", "low"].flatMap((rv, i) =>
      ["promoter", "passive", "detractor"].map((band, j) => ({ rv, band, share: (1 + i + j) / 12 }))
    ),
  } as unknown as SayVsDoResult;
  const c = drawn(await sayDoFigure(sd, src));
  assert.ok(c.svg.includes(">what they say (NPS)<") && c.svg.includes(">8%<"));
  await snapshot(c);
  const map = {
    cells: [{ stage: "acquire", function: "sales", types_in_ipf: 4, types_observed: 3 }, {
      stage: "retain",
      function: "sales",
      types_in_ipf: 2,
      types_observed: 0,
    }],
  } as unknown as DataMapResult;
  const m = drawn(await dataMapFigure(map, src));
  assert.ok(m.svg.includes(">75%<") && m.svg.includes(">stage<"));
  await snapshot(m);
});

Deno.test("comparisonFigure() is omitted with a single group or when every bar is equal", async () => {
  const group = (g: string, v: number) => ({ group: g, accounts: 3, rv_per_account_month: v });
  const c = (groups: ReturnType<typeof group>[]) =>
    ({ dimension: "owner_id", source: "accounts", norm: 10, groups }) as unknown as SegmentsResult[
      "comparisons"
    ][number];
  const hash = "060c0a26f19f4d66b42b8bde1a2c7f4e";
  const d = drawn(await comparisonFigure(c([group(hash, 12), group("b", 8)]), src));
  assert.ok(d.svg.includes(`>${hash} (n=3)<`), "the full id, not cut");
  omittedBecause(
    await comparisonFigure(c([group(hash, 10), group("b", 10), group("c", 10)]), src),
    /every owner id has the same RV per account-month \(10/,
  );
  omittedBecause(await comparisonFigure(c([group("b", 10)]), src), /only one owner id \(b\)/);
});

Deno.test("rocAndGain() scores a baseline the back-test reads reversed negated, and rocFigure() says so", async () => {
  // profit_last predicts revenue growth backwards: higher profit, less growth
  const obs: Observation[] = Array.from({ length: 40 }, (_, i) => ({
    account_id: `a${i}`,
    cutoff: "2024-01-01",
    predictors: { profit_last: i, rv_trend: i % 7 } as Observation["predictors"],
    targets: { revenue_growing: i < 20 } as Observation["targets"],
  }));
  assert.equal(readsReversed({ predictor: "profit_last", auc: 0.1 }), true);
  assert.equal(readsReversed({ predictor: "profit_last", auc: 0.6 }), false);
  assert.equal(readsReversed({ predictor: "rv_trend", auc: 0.1 }), false, "RV is read as it is");
  const area = (pts: { fpr: number; tpr: number }[]) =>
    pts.slice(1).reduce((a, p, i) => a + (p.fpr - pts[i].fpr) * (p.tpr + pts[i].tpr) / 2, 0);
  const plain = rocAndGain(obs, "revenue_growing", ["profit_last"]);
  const flipped = rocAndGain(obs, "revenue_growing", ["profit_last"], new Set(["profit_last"]));
  assert.ok(
    area(plain.roc) < 0.1 && area(flipped.roc) > 0.9,
    "reversed, the curve is above chance",
  );
  assert.ok(flipped.roc.every((r) => r.reversed) && plain.roc.every((r) => !r.reversed));
  const c = drawn(await rocFigure({ roc: flipped.roc, target: "revenue_growing" }, src));
  assert.ok(c.svg.includes(">profit_last (reversed)<"));
  const g = drawn(await gainFigure({ gain: flipped.gain, target: "revenue_growing" }, src));
  assert.ok(g.svg.includes(">profit_last (reversed)<"));
  omittedBecause(await rocFigure({ roc: [], target: "revenue_growing" }, src), /no predictor/);
});

Deno.test("exceptionsFigure() draws the at-risk accounts with their band and is omitted when none is at risk", async () => {
  const s = segments({});
  const study = {
    segments: s,
    at_risk: [{ account_id: "a0", drop: { from: months[2], to: months[3] } }],
    at_risk_rv: [{ id: "a0", period: months[0], rv: 5 }, { id: "a0", period: months[3], rv: -1 }],
  } as unknown as Pick<Study, "segments" | "at_risk" | "at_risk_rv">;
  const c = drawn(await exceptionsFigure(study, src));
  assert.ok(c.svg.includes(">a0 (top20)<"), "the account's segment");
  assert.match(c.svg, /aria-label="area"/, "the segment's band");
  omittedBecause(await exceptionsFigure({ ...study, at_risk: [] }, src), /no account is at risk/);
});
