import assert from "node:assert/strict";
import { capacityModel } from "../../src/db/capacity.ts";

const base = {
  accounts: 10_000,
  contactsPerAccount: 3,
  interactionsPerContactMonth: 2,
  yearsRetained: 2,
  bytesPerInteraction: 250,
  rvRowsPerSecond: 1e6,
  ramBytes: 16e9,
  diskBytes: 400e9,
};

Deno.test("capacityModel() scales interactions with accounts, contacts, rate and years", () => {
  const c = capacityModel(base);
  // recomputed independently: accounts × contacts × monthly rate × 12 months
  let perYear = 0;
  for (let month = 0; month < 12; month++) {
    perYear += base.accounts * base.contactsPerAccount * base.interactionsPerContactMonth;
  }
  assert.equal(c.interactionsPerYear, perYear);
  assert.equal(c.interactionsRetained, perYear * base.yearsRetained);
  assert.equal(c.bytesRetained, c.interactionsRetained * base.bytesPerInteraction);
  assert.equal(capacityModel({ ...base, accounts: 20_000 }).interactionsPerYear, 2 * perYear);
  assert.equal(c.rvSeconds, c.interactionsRetained / base.rvRowsPerSecond);
});

Deno.test("capacityModel() stops one machine at the binding limit", () => {
  const c = capacityModel(base);
  // memory 16e9 / 250 = 64M rows, disk 1.6G rows, time 60 s × 1e6 = 60M rows
  assert.deepEqual(c.stopsAt, { limit: "time", interactions: c.limits.time });
  assert.ok(c.limits.time < c.limits.memory && c.limits.memory < c.limits.disk);
  assert.equal(c.fitsOneMachine, c.interactionsRetained <= c.limits.time);
  // at maxAccounts the retained rows fit; one account-load of rows more would not
  const perAccount = c.interactionsRetained / base.accounts;
  const at = capacityModel({ ...base, accounts: c.maxAccounts });
  assert.equal(at.fitsOneMachine, true);
  assert.ok((c.maxAccounts + 1) * perAccount > c.stopsAt.interactions);
  // a faster store moves the limit to memory
  const fast = capacityModel({ ...base, rvRowsPerSecond: 1e8 });
  assert.equal(fast.stopsAt.limit, "memory");
  assert.equal(capacityModel({ ...base, accounts: 10_000_000 }).fitsOneMachine, false);
});

Deno.test("capacityModel() refuses impossible input", () => {
  assert.throws(() => capacityModel({ ...base, accounts: -1 }), RangeError);
  assert.throws(() => capacityModel({ ...base, bytesPerInteraction: 0 }), RangeError);
  assert.throws(() => capacityModel({ ...base, ramBytes: NaN }), RangeError);
});
