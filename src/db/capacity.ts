/**
 * A capacity model for the interaction record: how many interactions an enterprise
 * produces, how many bytes they take in each store, and where one machine stops.
 *
 * One machine "stops" at the smallest of three limits:
 * - **memory**: the rows of the retained years no longer fit in the RAM left for the
 *   data (page cache or DuckDB's buffer), so every full RV recomputation reads disk;
 * - **disk**: the stored bytes no longer fit on the data disk;
 * - **time**: a full recomputation of RV by period no longer finishes within the
 *   budget at the measured aggregation rate (rows per second on this machine).
 * Beyond that point the route is horizontal: partitioned Parquet read by DuckDB per
 * partition, or a distributed SQL engine (Citus, Trino, Spark SQL) through the
 * dialect layer.
 *
 * @module
 */

/** What the model needs to know. Rates are measured (see `deno task bench --postgres`). */
export interface CapacityInput {
  /** customer organisations */
  accounts: number;
  /** people per account the company interacts with */
  contactsPerAccount: number;
  /** recorded interactions per contact and month */
  interactionsPerContactMonth: number;
  /** years of history kept online */
  yearsRetained: number;
  /** bytes one interaction takes in the store (row, indexes, overhead) */
  bytesPerInteraction: number;
  /** rows per second the store aggregates RV by period on this machine */
  rvRowsPerSecond: number;
  /** RAM available for the data, bytes */
  ramBytes: number;
  /** disk available for the data, bytes */
  diskBytes: number;
  /** longest acceptable full RV recomputation, seconds (default 60) */
  timeBudgetSeconds?: number;
}

/** What the model says. */
export interface CapacityResult {
  interactionsPerYear: number;
  interactionsRetained: number;
  bytesRetained: number;
  /** seconds of a full RV recomputation over the retained rows */
  rvSeconds: number;
  /** the largest retained interaction count each limit allows */
  limits: { memory: number; disk: number; time: number };
  /** the binding limit and its interaction count: where one machine stops */
  stopsAt: { limit: "memory" | "disk" | "time"; interactions: number };
  /** the largest number of accounts one machine holds at this engagement and retention */
  maxAccounts: number;
  /** true while the retained rows are below every limit */
  fitsOneMachine: boolean;
}

/**
 * Interactions per year, retained bytes, RV recomputation time and the limits of one
 * machine, for an enterprise of `accounts` accounts and their contacts.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { capacityModel } from "./capacity.ts";
 * const c = capacityModel({
 *   accounts: 100_000, contactsPerAccount: 5, interactionsPerContactMonth: 4,
 *   yearsRetained: 3, bytesPerInteraction: 200, rvRowsPerSecond: 2e6,
 *   ramBytes: 16e9, diskBytes: 500e9,
 * });
 * c.interactionsPerYear; // 24,000,000
 * ```
 */
export function capacityModel(input: CapacityInput): CapacityResult {
  for (
    const k of [
      "accounts",
      "contactsPerAccount",
      "interactionsPerContactMonth",
      "yearsRetained",
      "bytesPerInteraction",
      "rvRowsPerSecond",
      "ramBytes",
      "diskBytes",
    ] as const
  ) {
    const v = input[k];
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${k} must be a number >= 0`);
  }
  if (!(input.bytesPerInteraction > 0) || !(input.rvRowsPerSecond > 0)) {
    throw new RangeError("bytesPerInteraction and rvRowsPerSecond must be > 0");
  }
  const budget = input.timeBudgetSeconds ?? 60;
  const perAccountYear = input.contactsPerAccount * input.interactionsPerContactMonth * 12;
  const interactionsPerYear = input.accounts * perAccountYear;
  const interactionsRetained = interactionsPerYear * input.yearsRetained;
  const limits = {
    memory: Math.floor(input.ramBytes / input.bytesPerInteraction),
    disk: Math.floor(input.diskBytes / input.bytesPerInteraction),
    time: Math.floor(input.rvRowsPerSecond * budget),
  };
  const [limit, interactions] = (Object.entries(limits) as [keyof typeof limits, number][])
    .reduce((a, b) => (b[1] < a[1] ? b : a));
  const perAccountRetained = perAccountYear * input.yearsRetained;
  return {
    interactionsPerYear,
    interactionsRetained,
    bytesRetained: interactionsRetained * input.bytesPerInteraction,
    rvSeconds: interactionsRetained / input.rvRowsPerSecond,
    limits,
    stopsAt: { limit, interactions },
    maxAccounts: perAccountRetained > 0 ? Math.floor(interactions / perAccountRetained) : Infinity,
    fitsOneMachine: interactionsRetained <= interactions,
  };
}
