/**
 * Seeded simulation from the BG/NBD model (for parameter-recovery tests).
 *
 * @module
 */
import type { Rng } from "../../util/random.ts";
import type { BgNbdParams, RfSummary } from "./bgnbd.ts";

/**
 * A Gamma(shape, rate) draw (Marsaglia & Tsang 2000; shape < 1 by the
 * U^(1/shape) boost).
 *
 * Complexity: O(1) expected.
 *
 * @example
 * ```ts
 * import { gammaDraw } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * gammaDraw(mulberry32(1), 2, 0.5); // one draw from Gamma(shape 2, rate 0.5): mean 4
 * ```
 */
export function gammaDraw(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return gammaDraw(rng, shape + 1, rate) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v / rate;
    }
  }
}

/**
 * A Beta(a, b) draw as G₁/(G₁+G₂).
 *
 * Why: the BG/NBD dropout probability p is Beta-distributed; two Gamma draws give it
 * without a separate sampler.
 *
 * Complexity: O(1) expected.
 *
 * @example
 * ```ts
 * import { betaDraw } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * betaDraw(mulberry32(1), 2, 3); // => 0.5468291442085044
 * ```
 */
export function betaDraw(rng: Rng, a: number, b: number): number {
  const g1 = gammaDraw(rng, a, 1), g2 = gammaDraw(rng, b, 1);
  return g1 / (g1 + g2);
}

/**
 * Simulates one customer's calibration summary (x, t_x, T) and holdout count from
 * BG/NBD: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases follow a Poisson(λ) process from
 * the first purchase at time 0, and after each repeat purchase the customer leaves
 * with probability p. `holdout` is the number of purchases in (T, T + t].
 *
 * Complexity: O(purchases).
 *
 * @example
 * ```ts
 * import { simulateBgNbdCustomer } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * simulateBgNbdCustomer(mulberry32(1), { r: 0.25, alpha: 4, a: 0.8, b: 2.4 }, 39, 39);
 * ```
 */
export function simulateBgNbdCustomer(
  rng: Rng,
  p: BgNbdParams,
  T: number,
  t = 0,
): RfSummary & { holdout: number } {
  const lambda = gammaDraw(rng, p.r, p.alpha);
  const drop = betaDraw(rng, p.a, p.b);
  let time = 0, x = 0, tx = 0, holdout = 0;
  for (;;) {
    let u = 0;
    while (u === 0) u = rng.next();
    time += -Math.log(u) / lambda;
    if (time > T + t) break;
    if (time <= T) (x++, tx = time);
    else holdout++;
    if (rng.next() < drop) break;
  }
  return { x, tx, T, holdout };
}
