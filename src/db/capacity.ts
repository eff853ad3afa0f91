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

/** What the sharded model needs to know; the rates are measured (`deno task bench --shards=1,2,3`). */
export interface ShardCapacityInput {
  /** customer organisations */
  accounts: number;
  /** recorded interactions per account and year (e.g. 240) */
  interactionsPerAccountYear: number;
  /** years of history kept online */
  yearsRetained: number;
  /** bytes one interaction takes on a shard (heap, keys and index) */
  bytesPerInteraction: number;
  /** interactions one shard loads per second (validation, routing, COPY and upsert) */
  loadRowsPerShardSecond: number;
  /** interactions one shard aggregates into account-months per second */
  rvRowsPerShardSecond: number;
  /**
   * dense account-period rows the coordinator finishes per second (the rows the shards
   * ship, the calendar filled, cumulative and decayed RV by window): the part that does
   * not shrink with more shards
   */
  coordinatorRowsPerSecond: number;
  /** RAM per shard available for the data, bytes */
  ramBytesPerShard: number;
  /** disk per shard available for the data, bytes */
  diskBytesPerShard: number;
  /** periods per year of the RV grain (default 12, months) */
  periodsPerYear?: number;
  /** longest acceptable full RV recomputation, seconds (default 60) */
  timeBudgetSeconds?: number;
  /** longest acceptable full reload of the retained rows, seconds (default 3,600) */
  loadBudgetSeconds?: number;
}

/** What the sharded model says. */
export interface ShardCapacityResult {
  interactionsRetained: number;
  bytesRetained: number;
  /**
   * the largest retained interaction count one shard holds under each limit (`rv_time`:
   * what a shard aggregates in the budget less the coordinator's seconds; 0 when the
   * coordinator alone exceeds the budget, and then not counted)
   */
  perShard: { memory: number; disk: number; rv_time: number; load_time: number };
  /** the shards needed (at least 1) and the limit that sets the count */
  shards: number;
  bindingLimit: "memory" | "disk" | "rv_time" | "load_time";
  /** account-period rows the coordinator finishes for one full RV */
  coordinatorRows: number;
  /** its seconds at the measured rate, whatever the shard count */
  coordinatorSeconds: number;
  /** a full RV at `shards` shards: the shards' part (in parallel) plus the coordinator's */
  rvSeconds: number;
  /** the most accounts the coordinator finishes within the time budget */
  coordinatorMaxAccounts: number;
  /** true when the coordinator alone exceeds the budget: more shards do not help */
  coordinatorBound: boolean;
}

/**
 * Shards needed for an interaction record partitioned by account, from measured
 * per-shard rates: each limit (memory, disk, RV time within what the budget leaves after
 * the coordinator's part, full reload within the load budget) allows so many
 * interactions per shard, and the shard count is the largest of retained ÷ each. The coordinator's share (account-period rows, which
 * grow with accounts and retention but not with interactions per account) does not
 * shrink with shards: past `coordinatorMaxAccounts` the coordinator is the limit.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { shardCapacity } from "./capacity.ts";
 * const c = shardCapacity({
 *   accounts: 1_000_000, interactionsPerAccountYear: 240, yearsRetained: 3,
 *   bytesPerInteraction: 190, loadRowsPerShardSecond: 60_000,
 *   rvRowsPerShardSecond: 1.5e6, coordinatorRowsPerSecond: 1e6,
 *   ramBytesPerShard: 16e9, diskBytesPerShard: 500e9,
 * });
 * c.interactionsRetained; // => 720,000,000
 * ```
 */
export function shardCapacity(input: ShardCapacityInput): ShardCapacityResult {
  const positive = [
    "bytesPerInteraction",
    "loadRowsPerShardSecond",
    "rvRowsPerShardSecond",
    "coordinatorRowsPerSecond",
    "ramBytesPerShard",
    "diskBytesPerShard",
  ] as const;
  for (const k of ["accounts", "interactionsPerAccountYear", "yearsRetained"] as const) {
    const v = input[k];
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${k} must be a number >= 0`);
  }
  for (const k of positive) {
    const v = input[k];
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${k} must be a number > 0`);
  }
  const budget = input.timeBudgetSeconds ?? 60;
  const loadBudget = input.loadBudgetSeconds ?? 3600;
  const periods = (input.periodsPerYear ?? 12) * input.yearsRetained;
  const retained = input.accounts * input.interactionsPerAccountYear * input.yearsRetained;
  const coordinatorRows = input.accounts * periods;
  const coordinatorSeconds = coordinatorRows / input.coordinatorRowsPerSecond;
  const coordinatorBound = coordinatorSeconds > budget;
  const perShard = {
    memory: Math.floor(input.ramBytesPerShard / input.bytesPerInteraction),
    disk: Math.floor(input.diskBytesPerShard / input.bytesPerInteraction),
    // the shards' part must leave the coordinator its time within the budget
    rv_time: Math.floor(input.rvRowsPerShardSecond * Math.max(0, budget - coordinatorSeconds)),
    load_time: Math.floor(input.loadRowsPerShardSecond * loadBudget),
  };
  let shards = 1;
  let bindingLimit: ShardCapacityResult["bindingLimit"] = "memory";
  type Limit = ShardCapacityResult["bindingLimit"];
  for (const [k, cap] of Object.entries(perShard) as [Limit, number][]) {
    // past the coordinator's limit no shard count meets the RV budget: the others decide
    if (k === "rv_time" && coordinatorBound) continue;
    const need = Math.max(1, Math.ceil(retained / cap));
    if (need > shards || (need === shards && shards === 1 && cap < perShard[bindingLimit])) {
      shards = need;
      bindingLimit = k;
    }
  }
  return {
    interactionsRetained: retained,
    bytesRetained: retained * input.bytesPerInteraction,
    perShard,
    shards,
    bindingLimit,
    coordinatorRows,
    coordinatorSeconds,
    rvSeconds: retained / shards / input.rvRowsPerShardSecond + coordinatorSeconds,
    coordinatorMaxAccounts: periods > 0
      ? Math.floor(budget * input.coordinatorRowsPerSecond / periods)
      : Infinity,
    coordinatorBound,
  };
}
