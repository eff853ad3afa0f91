import assert from "node:assert/strict";
import {
  contactKey,
  dedupeContacts,
  normaliseEmail,
  normaliseName,
} from "../../src/ipf/contacts.ts";

Deno.test("normaliseEmail() and normaliseName() fold case, accents, order and punctuation", () => {
  assert.equal(normaliseEmail("  Ann.Smith@Example.COM "), "ann.smith@example.com");
  assert.equal(normaliseEmail("not an email"), null);
  assert.equal(normaliseEmail(""), null);
  assert.equal(normaliseName("Smith,  Ánn"), "ann smith");
  assert.equal(normaliseName("Ann Smith"), "ann smith");
  assert.equal(normaliseName(" - "), null);
});

Deno.test("dedupeContacts() merges across silos by e-mail and by name within an account", () => {
  const r = dedupeContacts([
    { source_system: "service", contact_id: "t4", account_id: "A", name: "smith, ann" },
    {
      source_system: "crm",
      contact_id: "C1",
      account_id: "A",
      email: "Ann@X.com",
      name: "Ann Smith",
    },
    { source_system: "marketing", contact_id: "m9", account_id: "A", email: " ann@x.com" },
    { source_system: "marketing", contact_id: "m9", account_id: "A", email: "ann@x.com" }, // same record twice
    { source_system: "service", contact_id: "t5", account_id: "B", name: "Ann Smith" }, // other account: not the same
    { source_system: "crm", contact_id: "C2", account_id: "A", email: "bob@x.com", name: "Bob" },
  ]);
  assert.equal(r.records, 5);
  assert.equal(r.people, 3);
  assert.equal(r.mapping.get(contactKey("crm", "C1")), "t4");
  assert.equal(r.mapping.get(contactKey("marketing", "m9")), "t4");
  assert.equal(r.mapping.get(contactKey("service", "t5")), "t5");
  assert.equal(r.mapping.get(contactKey("crm", "C2")), "C2");
  assert.deepEqual(
    r.merges.map((m) => [m.merged_contact_id, m.canonical_contact_id, m.matched_on]),
    [["C1", "t4", "name+account"], ["m9", "t4", "email"]],
  );
});

Deno.test("dedupeContacts() handles empty input", () => {
  const r = dedupeContacts([]);
  assert.deepEqual([r.records, r.people, r.merges.length, r.mapping.size], [0, 0, 0, 0]);
});
