/**
 * Stage timing for the bench's child processes.
 *
 * @module
 */

import process from "node:process";

/**
 * A stopwatch: `time(name, f)` runs `f`, records its wall-clock seconds under `name`
 * in `seconds` and the CPU seconds of the whole process meanwhile (user + system, every
 * thread: DuckDB's and polars' workers too) in `cpu`, and returns its result.
 *
 * Why: on a shared machine wall time depends on the other jobs; CPU time much less, so
 * the bench prints both.
 */
export function stopwatch(): {
  seconds: Record<string, number>;
  cpu: Record<string, number>;
  time: <T>(name: string, f: () => Promise<T>) => Promise<T>;
} {
  const seconds: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await f();
    seconds[name] = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    cpu[name] = (c.user + c.system) / 1e6;
    return r;
  };
  return { seconds, cpu, time };
}

/**
 * The sum of a stopwatch's CPU seconds.
 *
 * @example
 * ```ts
 * import { cpuTotal } from "./timing.ts";
 * cpuTotal({ load: 1.5, rv_monthly: 0.5 }); // => 2
 * ```
 */
export function cpuTotal(cpu: Record<string, number>): number {
  return Object.values(cpu).reduce((a, b) => a + b, 0);
}

/**
 * The JSON line a bench stage process prints: its seconds per stage and in all, its CPU
 * seconds, the given figures and its peak memory.
 *
 * Why: one shape for rvlab's stage and every peer's (`bench/run.ts` reads them alike).
 *
 * @example
 * ```ts
 * import { stageLine } from "./timing.ts";
 * stageLine({ load: 1, rv_monthly: 2 }, { load: 1.5 }, { interactions: 10 }, 80);
 * // => '{"seconds":{"load":1,"rv_monthly":2},"total_seconds":3,"cpu_seconds":1.5,"interactions":10,"peak_rss_mb":80}'
 * ```
 */
export function stageLine(
  seconds: Record<string, number>,
  cpu: Record<string, number>,
  figures: Record<string, unknown>,
  peakRssMb: number,
): string {
  return JSON.stringify({
    seconds,
    total_seconds: Object.values(seconds).reduce((a, b) => a + b, 0),
    cpu_seconds: cpuTotal(cpu),
    ...figures,
    peak_rss_mb: peakRssMb,
  });
}
