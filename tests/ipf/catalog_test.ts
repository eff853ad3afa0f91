import assert from "node:assert/strict";
import { loadTable } from "../../src/engine/records.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import { FUNCTIONS, RELATIONSHIP_TYPES, STAGES } from "../../src/io/schema.ts";

Deno.test("the default IPF catalog is valid and covers the lifecycle, silos and relationship types", async () => {
  const { records, counts } = await loadTable(DEFAULT_IPF, "ipf");
  assert.equal(counts.quarantined, 0);
  const major = records.filter((r) => r.voc === false);
  const voc = records.filter((r) => r.voc === true);
  assert.ok(major.length >= 100, `at least 100 major interaction types, found ${major.length}`);
  assert.ok(voc.length >= 30, `at least 30 voice-of-customer types, found ${voc.length}`);
  for (const s of STAGES) assert.ok(records.some((r) => r.stage === s), s);
  for (const f of FUNCTIONS) assert.ok(records.some((r) => r.function === f), f);
  for (const t of RELATIONSHIP_TYPES) assert.ok(records.some((r) => r.relationship_type === t), t);
  const silos = new Set(records.map((r) => r.extra?.silo));
  for (
    const s of [
      "marketing",
      "sales",
      "inside_sales",
      "customer_service",
      "community",
      "shipping",
      "billing",
      "collections",
    ]
  ) {
    assert.ok(silos.has(s), `silo ${s}`);
  }
  assert.ok(
    records.filter((r) => (r.rv as number) < 0).length >= 20,
    "negative RV types are present",
  );
  assert.ok(
    records.every((r) => typeof r.description === "string" && r.description.length > 10),
    "every type has a rationale",
  );
  const types = new Set(records.map((r) => r.interaction_type));
  for (
    const t of [
      "purchase",
      "opportunity_engaged",
      "deal_won",
      "deal_lost",
      "lead_qualified",
      "lead_contacted",
      "feedback_comment",
      "interview_answer",
      "nps_response",
      "csat_response",
      "late_delivery",
      "invoice_dispute",
    ]
  ) {
    assert.ok(types.has(t), `adapters need ${t}`);
  }
  // one bad interaction can destroy the goodwill of many: the worst is worse than the best good contact is good
  const rv = records.map((r) => r.rv as number);
  assert.ok(Math.min(...rv) <= -Math.max(...rv) * 1.5);
});
