import assert from "node:assert/strict";
import { judgeAtRisk } from "../../src/truth/claims/at_risk.ts";
import { judgeDrivers } from "../../src/truth/claims/drivers.ts";
import { CLAIMS } from "../../src/truth/claims.ts";

const listed = (ids: string[], values: number[] = ids.map((_, i) => 100 - i)) =>
  ids.map((account_id, i) => ({ account_id, rank: i + 1, value_at_stake: values[i] }));

Deno.test("judgeAtRisk() recovers only with enough of the collapses, a clean list and value order", () => {
  const planted = ["a", "b", "c", "d", "e"];
  assert.equal(judgeAtRisk(listed(["a", "b", "c", "d", "x"]), planted).recovered, true);
  // recall 60 %
  assert.equal(judgeAtRisk(listed(["a", "b", "c"]), planted).recovered, false);
  // precision 4 of 8
  assert.equal(
    judgeAtRisk(listed(["a", "b", "c", "d", "w", "x", "y", "z"]), planted).recovered,
    false,
  );
  // the right accounts, but not ranked by value at stake
  assert.equal(
    judgeAtRisk(listed(["a", "b", "c", "d"], [5, 50, 4, 3]), planted).recovered,
    false,
  );
  // nothing planted, nothing listed: no claim and nothing recovered
  assert.deepEqual(
    [judgeAtRisk([], []).claimed, judgeAtRisk([], []).recovered],
    [false, false],
  );
});

Deno.test("judgeDrivers() needs every planted type in the first 5 and no harmful action", () => {
  const practice = ["a", "b", "c", "d", "e", "f"].map((t) => ({ interaction_type: t, rv: 2 }));
  assert.equal(judgeDrivers(practice, [{ rv: 3 }], ["b", "e"]).recovered, true);
  assert.equal(judgeDrivers(practice, [{ rv: 3 }], ["b", "f"]).recovered, false);
  assert.equal(judgeDrivers(practice, [{ rv: 0 }], ["b"]).recovered, false);
  // a type with rv ≤ 0 is not counted among the first 5
  const withHarm = [{ interaction_type: "w", rv: -7 }, ...practice];
  assert.equal(judgeDrivers(withHarm, [], ["e"]).recovered, true);
  assert.equal(judgeDrivers(practice, [], []).recovered, false);
  // claimed: some next best action exists
  assert.equal(judgeDrivers(practice, [], ["b"]).claimed, false);
  assert.equal(judgeDrivers(practice, [{ rv: 3 }], ["b"]).claimed, true);
});

Deno.test("the at_risk check is not checked on null worlds, the drivers check is", () => {
  const by = new Map(CLAIMS.map((c) => [c.name, c]));
  assert.deepEqual(
    ["at_risk", "drivers"].map((n) => [by.get(n)?.effect, by.get(n)?.nullCheck]),
    [["collapse", false], ["drivers", true]],
  );
});
