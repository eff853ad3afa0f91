import assert from "node:assert/strict";
import { capacityModel, shardCapacity } from "../../src/db/capacity.ts";

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

const sharded = {
  accounts: 100_000,
  interactionsPerAccountYear: 240,
  yearsRetained: 3,
  bytesPerInteraction: 200,
  loadRowsPerShardSecond: 50_000,
  rvRowsPerShardSecond: 1e6,
  coordinatorRowsPerSecond: 5e5,
  ramBytesPerShard: 16e9,
  diskBytesPerShard: 400e9,
};

Deno.test("shardCapacity() sets the shard count by the tightest per-shard limit", () => {
  const c = shardCapacity(sharded);
  assert.equal(c.interactionsRetained, 100_000 * 240 * 3);
  assert.equal(c.bytesRetained, c.interactionsRetained * 200);
  // per shard: memory 80M, disk 2G, load 180M in an hour, RV 1M/s for the 60 s less the
  // coordinator's 7.2 s (100k accounts × 36 months at 500k rows/s)
  assert.deepEqual(c.perShard, {
    memory: 80_000_000,
    disk: 2_000_000_000,
    rv_time: 52_800_000,
    load_time: 180_000_000,
  });
  // 72M retained: RV time needs 2 shards, memory 1
  assert.equal(c.shards, 2);
  assert.equal(c.bindingLimit, "rv_time");
  for (const cap of Object.values(c.perShard)) {
    assert.ok(c.interactionsRetained / c.shards <= cap);
  }
  // one shard fewer would break the binding limit; the RV fits the budget at this count
  assert.ok(c.interactionsRetained / (c.shards - 1) > c.perShard.rv_time);
  assert.ok(c.rvSeconds <= 60);
  // five times the accounts: five times the rows, and the coordinator's part grows too
  const big = shardCapacity({ ...sharded, accounts: 500_000 });
  assert.equal(big.coordinatorSeconds, 36);
  assert.equal(big.shards, Math.ceil(360_000_000 / (1e6 * (60 - 36))));
  assert.ok(big.rvSeconds <= 60);
  assert.equal(shardCapacity({ ...sharded, accounts: 10 }).shards, 1);
});

Deno.test("shardCapacity() finds where the coordinator becomes the limit", () => {
  const c = shardCapacity(sharded);
  // 100k accounts × 36 months at 500k rows/s
  assert.equal(c.coordinatorRows, 3_600_000);
  assert.equal(c.coordinatorSeconds, 7.2);
  assert.equal(c.coordinatorMaxAccounts, Math.floor(60 * 5e5 / 36));
  assert.equal(c.coordinatorBound, false);
  assert.equal(c.rvSeconds, 72_000_000 / 2 / 1e6 + 7.2);
  const past = shardCapacity({ ...sharded, accounts: c.coordinatorMaxAccounts + 1000 });
  assert.equal(past.coordinatorBound, true);
  // no shard count meets the budget then: the other limits set the count
  assert.equal(past.perShard.rv_time, 0);
  assert.notEqual(past.bindingLimit, "rv_time");
  assert.ok(past.rvSeconds > 60);
  // more interactions per account cost shards, not coordinator time
  const busier = shardCapacity({ ...sharded, interactionsPerAccountYear: 2400 });
  assert.equal(busier.coordinatorSeconds, c.coordinatorSeconds);
  assert.ok(busier.shards > c.shards);
  assert.throws(() => shardCapacity({ ...sharded, rvRowsPerShardSecond: 0 }), RangeError);
  assert.throws(() => shardCapacity({ ...sharded, accounts: NaN }), RangeError);
});
