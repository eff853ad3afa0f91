/**
 * Prints the capacity model (src/db/capacity.ts) for enterprises of 10k, 100k and 1M
 * accounts with the rates measured by `deno task bench --sizes=10M --postgres` on this
 * machine (2 CPUs, 23 GB RAM), then the sharded model (`shardCapacity`) for 100k, 1M and
 * 10M accounts with the rates of `deno task bench --sizes=10M --shards=1,2,3`.
 * Usage: deno run scripts/capacity.ts
 */
import { capacityModel, shardCapacity } from "../src/db/capacity.ts";

// measured at 10,192,243 interactions (README, "The interaction database")
const stores = {
  postgres: { bytes: 226.6, rvRowsPerSecond: 10_192_243 / 54.8 },
  duckdb: { bytes: 21.3, rvRowsPerSecond: 10_192_243 / 13.8 },
};
const machine = { ramBytes: 16e9, diskBytes: 200e9 };
const engagement = { contactsPerAccount: 5, interactionsPerContactMonth: 4, yearsRetained: 3 };
const fmt = (x: number) =>
  x >= 1e9
    ? `${(x / 1e9).toFixed(1)} G`
    : x >= 1e6
    ? `${(x / 1e6).toFixed(1)} M`
    : Math.round(x).toLocaleString("en");
console.log(
  "store     budget  accounts  interactions/yr  retained  bytes   RV recompute  stops at (limit)      max accounts",
);
for (const [name, s] of Object.entries(stores)) {
  for (const budget of [60, 3600]) {
    for (const accounts of [10_000, 100_000, 1_000_000]) {
      const c = capacityModel({
        accounts,
        ...engagement,
        bytesPerInteraction: s.bytes,
        rvRowsPerSecond: s.rvRowsPerSecond,
        ...machine,
        timeBudgetSeconds: budget,
      });
      console.log(
        `${name.padEnd(9)} ${String(budget).padStart(5)} s ${fmt(accounts).padStart(9)} ${
          fmt(c.interactionsPerYear).padStart(16)
        } ${fmt(c.interactionsRetained).padStart(9)} ${(fmt(c.bytesRetained) + "B").padStart(7)} ${
          (c.rvSeconds.toFixed(0) + " s").padStart(13)
        }  ${(fmt(c.stopsAt.interactions) + ` (${c.stopsAt.limit})`).padEnd(20)} ${
          fmt(c.maxAccounts).padStart(13)
        }`,
      );
    }
  }
}

// The sharded target (src/db/shards.ts), from `deno task bench --sizes=10M --shards=1,2,3`
// (README, "Sharded benchmark"): per-shard rates measured at 1 shard, the coordinator's
// rate from the RV run's coordinator part (execution minus the shards' scans).
// 10M run of 3 December 2026: 14,468,633 interactions; at 1 shard the RV run under EXPLAIN
// ANALYZE took 67.90 s, of which the shard's scan (its aggregate included) 49.02 s; the
// coordinator's 18.88 s finished 3,344,195 dense account-months; load 244.7 s; 256.4 B per
// interaction on the shard
const shard = {
  bytes: 256.4,
  loadRowsPerSecond: 14_468_633 / 244.7,
  rvRowsPerSecond: 14_468_633 / 49.02,
  coordinatorRowsPerSecond: 3_344_195 / (67.9 - 49.02),
};
const perShardMachine = { ramBytesPerShard: 16e9, diskBytesPerShard: 200e9 };
/** the measured shard, the coordinator and the retention: everything but the account count */
const shardWorld = {
  interactionsPerAccountYear: 240,
  yearsRetained: 3,
  bytesPerInteraction: shard.bytes,
  loadRowsPerShardSecond: shard.loadRowsPerSecond,
  rvRowsPerShardSecond: shard.rvRowsPerSecond,
  coordinatorRowsPerSecond: shard.coordinatorRowsPerSecond,
  ...perShardMachine,
};
console.log(
  "\nsharded (postgres_fdw): accounts  retained  shards (limit)  RV s at that count  coordinator s  coordinator-bound",
);
for (const accounts of [100_000, 1_000_000, 10_000_000]) {
  const c = shardCapacity({
    accounts,
    ...shardWorld,
  });
  console.log(
    `${" ".repeat(23)}${fmt(accounts).padStart(9)} ${fmt(c.interactionsRetained).padStart(9)} ${
      `${c.shards} (${c.bindingLimit})`.padStart(15)
    } ${c.rvSeconds.toFixed(0).padStart(19)} ${
      c.coordinatorSeconds.toFixed(0).padStart(14)
    }  ${c.coordinatorBound}`,
  );
}
console.log(
  `the coordinator finishes a full RV of at most ${
    fmt(
      shardCapacity({
        accounts: 1,
        ...shardWorld,
      }).coordinatorMaxAccounts,
    )
  } accounts (36 months each) within 60 s`,
);
