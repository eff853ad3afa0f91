/**
 * Seeded simulation from the BG/NBD, Pareto/NBD, MBG/NBD and BG/BB models (for
 * parameter-recovery tests and the benchmark).
 *
 * @module
 */
import type { Rng } from "../../util/random.ts";
import type { BgNbdParams, RfSummary } from "./bgnbd.ts";
import type { ParetoNbdParams } from "./pareto_nbd.ts";
import type { BgBbParams } from "./bgbb.ts";

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

/**
 * Simulates one customer from Pareto/NBD (Schmittlein, Morrison & Colombo 1987):
 * λ ~ Gamma(r, α), μ ~ Gamma(s, β), lifetime ~ Exponential(μ) from the first purchase at
 * time 0; purchases are Poisson(λ) while alive. `holdout` counts purchases in (T, T + t].
 *
 * Complexity: O(purchases).
 *
 * @example
 * ```ts
 * import { simulateParetoNbdCustomer } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * simulateParetoNbdCustomer(mulberry32(1), { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, 39, 39);
 * ```
 */
export function simulateParetoNbdCustomer(
  rng: Rng,
  p: ParetoNbdParams,
  T: number,
  t = 0,
): RfSummary & { holdout: number } {
  const lambda = gammaDraw(rng, p.r, p.alpha), mu = gammaDraw(rng, p.s, p.beta);
  const life = -Math.log(1 - rng.next()) / mu;
  let time = 0, x = 0, tx = 0, holdout = 0;
  for (;;) {
    time += -Math.log(1 - rng.next()) / lambda;
    if (time > Math.min(life, T + t)) break;
    if (time <= T) (x++, tx = time);
    else holdout++;
  }
  return { x, tx, T, holdout };
}

/**
 * Simulates one customer from MBG/NBD (Batislam, Denizel & Filiztekin 2007): as
 * {@linkcode simulateBgNbdCustomer}, but the customer may also leave right after the
 * first purchase (probability p at every purchase, the first included).
 *
 * Complexity: O(purchases).
 *
 * @example
 * ```ts
 * import { simulateMbgNbdCustomer } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * simulateMbgNbdCustomer(mulberry32(1), { r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, 39, 39);
 * ```
 */
export function simulateMbgNbdCustomer(
  rng: Rng,
  p: BgNbdParams,
  T: number,
  t = 0,
): RfSummary & { holdout: number } {
  const lambda = gammaDraw(rng, p.r, p.alpha), drop = betaDraw(rng, p.a, p.b);
  let time = 0, x = 0, tx = 0, holdout = 0;
  while (!(rng.next() < drop)) {
    time += -Math.log(1 - rng.next()) / lambda;
    if (time > T + t) break;
    if (time <= T) (x++, tx = time);
    else holdout++;
  }
  return { x, tx, T, holdout };
}

/**
 * Simulates one customer from BG/BB (Fader, Hardie & Shang 2010) over n opportunities
 * and t more: p ~ Beta(α, β), θ ~ Beta(γ, δ); at the start of each opportunity a living
 * customer becomes inactive with probability θ, else transacts with probability p.
 * Returns (x, t_x, T = n) and the transactions in opportunities n+1 … n+t.
 *
 * Complexity: O(n + t).
 *
 * @example
 * ```ts
 * import { simulateBgBbCustomer } from "./simulate.ts";
 * import { mulberry32 } from "../../util/random.ts";
 * simulateBgBbCustomer(mulberry32(1), { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }, 6, 5);
 * ```
 */
export function simulateBgBbCustomer(
  rng: Rng,
  p: BgBbParams,
  n: number,
  t = 0,
): RfSummary & { holdout: number } {
  const buy = betaDraw(rng, p.alpha, p.beta), drop = betaDraw(rng, p.gamma, p.delta);
  let x = 0, tx = 0, holdout = 0;
  for (let k = 1; k <= n + t; k++) {
    if (rng.next() < drop) break;
    if (rng.next() < buy) {
      if (k <= n) (x++, tx = k);
      else holdout++;
    }
  }
  return { x, tx, T: n, holdout };
}
