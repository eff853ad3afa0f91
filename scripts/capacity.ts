/**
 * Prints the capacity model (src/db/capacity.ts) for enterprises of 10k, 100k and 1M
 * accounts with the rates measured by `deno task bench --sizes=10M --postgres` on this
 * machine (2 CPUs, 23 GB RAM). Usage: deno run scripts/capacity.ts
 */
import { capacityModel } from "../src/db/capacity.ts";

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
