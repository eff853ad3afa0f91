/**
 * Seeded pseudo-random numbers. Library code never calls `Math.random`: every
 * random draw comes from a generator made here from an explicit seed, so results
 * are reproducible run to run and machine to machine.
 *
 * @module
 */

/** A seeded source of uniform numbers in [0, 1) with helpers for common draws. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** standard normal (Box–Muller) */
  normal(): number;
  /** Poisson with mean `lambda` (Knuth for small means, normal approximation above 50) */
  poisson(lambda: number): number;
  /** one element of a non-empty array */
  pick<T>(items: readonly T[]): T;
}

/**
 * Mulberry32: a small, fast 32-bit generator (period 2^32), good enough for
 * simulation and bootstrap resampling; not for cryptography.
 *
 * Complexity: O(1) per draw.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "./random.ts";
 * const rng = mulberry32(42);
 * rng.next(); // the same number on every machine
 * ```
 */
export function mulberry32(seed: number): Rng {
  // the state lives in typed arrays, not in closure variables: a 32-bit state above 2^30
  // (or a spare double) in a closure is a new heap number at every draw, which made the
  // bootstraps' garbage collection cost more than their drawing
  const state = new Uint32Array([seed >>> 0]); // a store wraps mod 2^32, as `>>> 0`
  const next = () => {
    state[0] += 0x6d2b79f5;
    let t = state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const spare = new Float64Array(1);
  let hasSpare = false;
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal() {
      if (hasSpare) {
        hasSpare = false;
        return spare[0];
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare[0] = r * Math.sin(2 * Math.PI * v);
      hasSpare = true;
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      if (lambda <= 0) return 0;
      if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    pick: (items) => items[Math.floor(next() * items.length)],
  };
  return rng;
}

/** MurmurHash3's 32-bit finaliser: a bijective mix of all bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives a well-mixed 32-bit seed from a seed and a stream number (e.g. an
 * account index), so that streams of different seeds do not coincide.
 *
 * Why: one generator seed fans out into independent per-account streams.
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./random.ts";
 * deriveSeed(42, 0); // => 310834301
 * deriveSeed(42, 1); // => 4213354605
 * ```
 */
export function deriveSeed(seed: number, stream: number): number {
  return fmix32((fmix32(seed >>> 0) + Math.imul((stream >>> 0) + 1, 0x9e3779b9)) >>> 0);
}
