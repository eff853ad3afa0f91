import assert from "node:assert/strict";
import { join } from "node:path";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { answerChecklist, checklistFacts, crmReview } from "../../src/study/crm_review.ts";
import type { ResultRow } from "../../src/backtest/validate.ts";
import { crmReviewSection } from "../../src/report/crm_review_section.ts";
import type { Study } from "../../src/study/study.ts";

const IPF = `interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc
ad_click,Clicked an ad,0.5,2,acquisition,marketing,automated_service,false
demo,Product demo,5,100,acquisition,sales,personal_assistance,false
order,Order,3,10,retention,sales,self_service,false
ticket,Support ticket,-2,20,retention,service,personal_assistance,false
survey,Survey answer,1,1,retention,service,automated_service,true
community_joined,Joined the community,2,0,retention,community,community,false
`;

async function folder(files: Record<string, string>): Promise<string> {
  const d = await Deno.makeTempDir({ prefix: "rvlab-crm-" });
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(d, name), text);
  return d;
}

/** Every function collected, accounts registered, products on orders, two survey waves, a community. */
const RICH = {
  "ipf.csv": IPF,
  "interactions.csv":
    "interaction_id,occurred_at,account_id,interaction_type,source_system,amount,product\n" +
    "1,2024-02-01,a,ad_click,web,,\n" +
    "2,2024-02-03,a,demo,crm,,\n" +
    "3,2024-03-01,a,order,erp,100,shoes\n" +
    "4,2024-04-01,a,order,erp,80,socks\n" +
    "5,2024-04-02,b,order,erp,50,shoes\n" +
    "6,2024-05-01,b,ticket,helpdesk,,\n" +
    "7,2024-05-02,b,survey,helpdesk,,\n" +
    "8,2024-06-01,c,community_joined,web,,\n" +
    "9,2024-06-05,c,ad_click,web,,\n",
  "accounts.csv": "account_id,region\na,North\nb,South\nc,\n",
  "financials.csv": "account_id,period,revenue\na,2024-03,100\na,2024-04,80\nb,2024-04,50\n",
  "voc.csv": "account_id,answered_at,nps\na,2024-03-10,9\nb,2024-06-10,4\n",
};

/** A sales pipeline export: one function, no register, no survey, no club. */
const THIN = {
  "ipf.csv": IPF,
  "interactions.csv":
    "interaction_id,occurred_at,account_id,interaction_type,source_system,amount\n" +
    "1,2024-02-01,a,demo,crm,\n2,2024-03-01,a,order,crm,100\n3,2024-03-05,b,order,crm,40\n",
};

const WINDOW = { start: "2024-01-01", end: "2025-01-01" };
const CLV_TESTED = [{
  predictor: "clv_spend",
  status: "tested",
  n: 12,
  reason: null,
}] as never as ResultRow[];

async function review(files: Record<string, string>, results: ResultRow[] = []) {
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(engine, await folder(files));
    return await crmReview(engine, WINDOW, results);
  } finally {
    engine.close();
  }
}

const answers = (r: Awaited<ReturnType<typeof review>>) =>
  Object.fromEntries(r.checklist.map((x) => [x.id, x.answer]));

Deno.test("crmReview() answers yes where the data shows each point of the checklist", async () => {
  const r = await review(RICH, CLV_TESTED);
  assert.deepEqual(answers(r), {
    customers_mapped: "yes",
    how_much_they_buy: "yes",
    what_they_buy: "yes",
    lifetime_value: "yes",
    touchpoints_collected: "yes",
    data_in_one_place: "yes",
    satisfaction_followed_up: "yes",
    offers_or_club: "yes",
  });
  const ev = Object.fromEntries(r.checklist.map((x) => [x.id, x.evidence]));
  assert.match(ev.customers_mapped, /all 3 customers are in the accounts table/);
  assert.match(ev.what_they_buy, /2 products on the purchases \(interactions.product\)/);
  assert.match(ev.satisfaction_followed_up, /2 NPS\/CSAT answers from 2 accounts in 2 months/);
  assert.match(ev.offers_or_club, /1 offer, club or community interactions reaching 1 accounts/);
});

Deno.test("crmReview() answers no for gaps in the customer data and unknown for what it cannot show", async () => {
  const r = await review(THIN);
  assert.deepEqual(answers(r), {
    customers_mapped: "no",
    how_much_they_buy: "yes",
    what_they_buy: "no",
    lifetime_value: "no",
    touchpoints_collected: "no",
    data_in_one_place: "no",
    satisfaction_followed_up: "unknown",
    offers_or_club: "unknown",
  });
  const ev = Object.fromEntries(r.checklist.map((x) => [x.id, x.evidence]));
  assert.match(ev.customers_mapped, /no accounts table: 2 customers/);
  assert.match(
    ev.touchpoints_collected,
    /the IPF lists 6 touchpoints; 2 \(33.3 %\) are in the data; none from community, marketing, service/,
  );
  assert.match(ev.data_in_one_place, /interactions from 1 function only \(sales\)/);
});

Deno.test("crmReview() fills the channel tables with interactions, accounts reached and RV", async () => {
  const r = await review(RICH);
  assert.deepEqual(
    r.channels.sales.map((x) => [x.interaction_type, x.interactions, x.accounts, x.rv, x.sources]),
    [["order", 3, 2, 9, "erp"], ["demo", 1, 1, 5, "crm"]],
  );
  assert.deepEqual(r.channels.marketing.map((x) => [x.interaction_type, x.accounts]), [[
    "ad_click",
    2,
  ]]);
  assert.deepEqual(r.channels.service.map((x) => x.interaction_type), ["survey", "ticket"]);
  assert.deepEqual(r.channels.other.map((x) => x.function), ["community"]);
  assert.deepEqual(
    r.communication.map((x) => [x.kind, x.channel, x.interactions, x.accounts]),
    [
      ["source_system", "erp", 3, 2], // ties by name
      ["source_system", "web", 3, 2],
      ["source_system", "helpdesk", 2, 1],
      ["source_system", "crm", 1, 1],
      ["voc_channel", "(not recorded)", 2, 2],
    ],
  );
});

Deno.test("answerChecklist() says a single survey wave is not a follow-up", async () => {
  const engine = await openEngine();
  try {
    await loadDataDirIntoEngine(
      engine,
      await folder({
        ...RICH,
        "voc.csv": "account_id,answered_at,nps\na,2024-03-10,9\nb,2024-03-12,4\n",
      }),
    );
    const item = answerChecklist(await checklistFacts(engine), []).find((x) =>
      x.id === "satisfaction_followed_up"
    )!;
    assert.equal(item.answer, "no");
    assert.match(item.evidence, /a single survey wave/);
  } finally {
    engine.close();
  }
});

Deno.test("crmReviewSection() renders every checklist answer and the channel tables", async () => {
  const r = await review(THIN);
  const s = crmReviewSection({ crm_review: r } as unknown as Study, {
    kind: "synthetic",
    source: "t",
  });
  assert.equal(s.level, "Strategic");
  assert.ok(
    s.paragraphs.some((p) => p.startsWith("Are all customers mapped? No — no accounts table")),
  );
  assert.ok(s.paragraphs.some((p) => p.startsWith("Is satisfaction followed up? Unknown")));
  assert.deepEqual(s.tables.map((t) => t.name), [
    "crm_checklist",
    "channels_marketing",
    "channels_sales",
    "channels_service",
    "channels_other",
    "communication_channels",
  ]);
  assert.equal(s.tables[0].rows.length, 8);
});
