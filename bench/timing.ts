/**
 * Stage timing for the bench's child processes.
 *
 * @module
 */

/**
 * A stopwatch: `time(name, f)` runs `f`, records its wall-clock seconds under `name`
 * in `seconds`, and returns its result.
 */
export function stopwatch(): {
  seconds: Record<string, number>;
  time: <T>(name: string, f: () => Promise<T>) => Promise<T>;
} {
  const seconds: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    seconds[name] = (performance.now() - t0) / 1000;
    return r;
  };
  return { seconds, time };
}
