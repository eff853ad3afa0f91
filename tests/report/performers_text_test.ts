import assert from "node:assert/strict";
import { performerSentences } from "../../src/report/performers_text.ts";
import { type PerformerAccount, performers } from "../../src/segments/performers.ts";
import { mulberry32 } from "../../src/util/random.ts";

function team(seed: number, shift: Record<string, number> = {}): PerformerAccount[] {
  const rng = mulberry32(seed);
  return Array.from({ length: 12 }, (_, r) => `rep${String(r + 1).padStart(2, "0")}`).flatMap((
    person,
  ) =>
    Array.from({ length: 20 }, (_, i) => ({
      account_id: `${person}-${i}`,
      person,
      rv_per_month: 3 + 2 * rng.normal() + (shift[person] ?? 0),
      outcome_per_month: 50 + 10 * rng.normal(),
    }))
  );
}

Deno.test("performerSentences() names a rep only when above or below the norm", () => {
  const none = performerSentences(performers("owner_id", team(1)));
  assert.equal(none.length, 1);
  assert.match(none[0], /^No rep differs from the team norm beyond chance \(12 reps tested/);
  assert.match(none[0], /Bonferroni over 12/);
  const rows = performers("owner_id", team(1, { rep03: 4 }));
  assert.equal(rows.find((r) => r.id === "rep03")!.verdict, "above");
  const some = performerSentences(rows);
  assert.match(
    some[0],
    /^rep03 is above the team norm \(\d+\.\d\d RV per account-month vs norm \d+\.\d\d \(the median rep\); CI/,
  );
  assert.match(
    some[0],
    /CI \d+\.\d\d to \d+\.\d\d at 99\.6 %, Bonferroni over 12; 20 accounts; shrunk estimate \d+\.\d\d; profit/,
  );
  assert.equal(
    some.filter((l) => / is (above|below) /.test(l)).length,
    rows.filter((r) => r.verdict === "above" || r.verdict === "below").length,
  );
  const few = performerSentences(performers("manager", team(1).filter((a) => a.person < "rep03")));
  assert.deepEqual(few, [
    "Managers: not testable (fewer than 3 people with at least 5 accounts: no team norm to compare with).",
  ]);
});
