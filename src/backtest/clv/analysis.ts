/**
 * Customer-base analysis of a transaction log: calibration/holdout split, the count
 * models of the registry ({@linkcode COUNT_MODELS}) and Gamma-Gamma fitted on the
 * calibration period, the holdout check (predicted vs actual, in total, by calibration
 * frequency and over time), the P(alive) matrix and the per-customer table with
 * P(alive), expected transactions, expected spend, discounted expected residual
 * transactions and CLV. Returns typed results; `src/cli/commands/clv.ts` and
 * `src/charts/clv.ts` render them.
 *
 * @module
 */
import {
  COUNT_MODELS,
  type CountModel,
  type CountModelName,
  fitGammaGammaModel,
  type ModelFit,
} from "./model.ts";
import { gammaGammaExpectedSpend } from "./gamma_gamma.ts";
import {
  type CustomerSummary,
  rfmSummaries,
  type TimeUnit,
  type TransactionLog,
  UNIT_DAYS,
} from "./transactions.ts";
import { DataError } from "../../io/errors.ts";
import { dayNumber, dayOfNumber } from "../../util/periods.ts";

/** Options of {@linkcode analyseClv}. */
export interface ClvOptions {
  /** last day of the calibration period; default the middle day of the log */
  calibrationEnd?: string;
  /** last day of the holdout; default the log's last purchase */
  holdoutEnd?: string;
  /** time unit of t_x, T and the models' parameters; default week */
  unit?: TimeUnit;
  /** count models to fit, in order (the first is the one of the per-customer table); default every registered one */
  models?: readonly CountModelName[];
  /** months of the CLV horizon; default 12 */
  horizonMonths?: number;
  /** annual discount rate of DERT and CLV; default 0.10 */
  discount?: number;
  /** share of spend that is margin, for CLV; default 1 (CLV in revenue) */
  margin?: number;
}

/** The Gamma-Gamma spend model's fit (customers with x ≥ 1 and m > 0). */
export interface SpendFit extends ModelFit {
  /** E[M] of a new customer, γp/(q − 1) (Infinity when q ≤ 1) */
  population_mean_spend: number;
}

/** Predicted vs actual holdout transactions of one group of customers. */
export interface HoldoutGroup {
  /** calibration repeat transactions: "0" … "6", "7+" */
  frequency: string;
  customers: number;
  actual: number;
  predicted: number;
}

/** One model's holdout check. */
export interface HoldoutCheck {
  model: CountModelName;
  actual: number;
  predicted: number;
  /** (predicted − actual) / actual */
  error: number;
  by_frequency: HoldoutGroup[];
}

/** Cumulative repeat transactions at the end of a unit period since the log's start. */
export interface TrackingPoint {
  /** units since the log's first day */
  t: number;
  /** the last day of the period */
  day: string;
  actual: number;
  /** per model, the expected cumulative repeat transactions */
  predicted: Record<string, number>;
}

/** P(alive) of a customer with frequency x and recency t_x, at T = the calibration's longest. */
export interface PAliveCell {
  x: number;
  tx: number;
  p_alive: number;
}

/** One customer of the per-customer table. */
export interface ClvCustomer {
  customer: string;
  first_purchase: string;
  x: number;
  t_x: number;
  T: number;
  /** mean repeat transaction value in calibration */
  m: number;
  holdout_actual: number;
  p_alive: number;
  expected_holdout: number;
  expected_horizon: number;
  /** Gamma-Gamma E[M | x, m]; null without a spend fit */
  expected_spend: number | null;
  dert: number;
  clv: number | null;
}

/** The whole analysis. */
export interface ClvResult {
  file: string;
  format: TransactionLog["format"];
  unit: TimeUnit;
  calibration: { start: string; end: string };
  holdout: { start: string; end: string; length: number };
  purchases: number;
  customers: number;
  repeaters: number;
  calibration_repeat_transactions: number;
  fits: ModelFit[];
  gamma_gamma: SpendFit | null;
  holdout_check: HoldoutCheck[];
  tracking: TrackingPoint[];
  p_alive_matrix: PAliveCell[];
  clv: { model: CountModelName; horizon_months: number; discount: number; margin: number };
  table: ClvCustomer[];
}

/**
 * Discounted expected residual transactions over `months` months: Σ_{i=1..months}
 * (E[Y(i)] − E[Y(i − 1)]) / (1 + d)^i with E[Y(t)] the model's conditional expectation
 * and d the monthly rate of the annual `discount` ((1 + discount)^(1/12) − 1): the
 * finite-horizon, monthly-step convention of lifetimes' `customer_lifetime_value`
 * (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2, in discrete time).
 *
 * Complexity: O(months) model evaluations.
 *
 * @example
 * ```ts
 * import { dert } from "./analysis.ts";
 * import { BGNBD } from "./model.ts";
 * const p = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
 * dert(BGNBD, p, { x: 2, tx: 30, T: 38 }, 7, 12, 0.1) > 0; // => true
 * ```
 */
export function dert(
  model: CountModel,
  params: Record<string, number>,
  c: { x: number; tx: number; T: number },
  unitDays: number,
  months: number,
  discount: number,
): number {
  const monthly = Math.pow(1 + discount, 1 / 12) - 1;
  const unitsPerMonth = (365.25 / 12) / unitDays;
  let prev = 0, sum = 0;
  for (let i = 1; i <= months; i++) {
    const e = model.conditionalExpected(params, c, i * unitsPerMonth);
    sum += (e - prev) / Math.pow(1 + monthly, i);
    prev = e;
  }
  return sum;
}

/** The frequency group of a calibration frequency: "0" … "6", "7+". */
function frequencyGroup(x: number): string {
  return x >= 7 ? "7+" : String(x);
}

/**
 * Fits the count models and Gamma-Gamma to the calibration period of `log` and checks
 * them on the holdout. The default split is the middle day of the log (CDNOW, 1997-01-01
 * to 1998-06-30: 1997-09-30, Fader, Hardie & Lee 2005's 39 of 78 weeks). A calibration
 * without a repeat transaction is a DataError (the models are not identified there).
 *
 * Complexity: O(purchases log purchases + model fits + customers × horizon months).
 *
 * @example
 * ```ts
 * import { analyseClv } from "./analysis.ts";
 * import { readTransactions } from "./transactions.ts";
 * const log = await readTransactions("../shared/data/cdnow/CDNOW_master.txt.gz");
 * const r = analyseClv(log, { models: ["bgnbd"] });
 * r.calibration.end; // => "1997-09-30"
 * ```
 */
export function analyseClv(log: TransactionLog, options: ClvOptions = {}): ClvResult {
  const unit = options.unit ?? "week";
  const unitDays = UNIT_DAYS[unit];
  let lo = Infinity, hi = -Infinity;
  for (const p of log.purchases) {
    const d = dayNumber(p.date);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const calEnd = options.calibrationEnd ?? dayOfNumber(lo + Math.floor((hi - lo) / 2));
  const holdEnd = options.holdoutEnd ?? dayOfNumber(hi);
  const ce = dayNumber(calEnd), he = dayNumber(holdEnd);
  if (!(ce >= lo)) {
    throw new DataError(
      `${log.file}: the calibration ends ${calEnd}, before the first purchase (${dayOfNumber(lo)})`,
      log.file,
    );
  }
  if (!(he > ce)) {
    throw new DataError(
      `${log.file}: no holdout: the calibration ends ${calEnd} and the holdout ${holdEnd}; choose an earlier --calibration-end`,
      log.file,
    );
  }
  const summaries = rfmSummaries(log.purchases, calEnd, holdEnd, unit);
  // without a repeat transaction the models are not identified (the optimiser wanders off to
  // alpha ~ 1e15 with LL 0 and NaN SEs): say so instead of printing that as a fit
  if (!summaries.some((c) => c.x > 0)) {
    throw new DataError(
      `${log.file}: no repeat transaction in the calibration (${summaries.length} customers to ${calEnd}, each bought on one day only); the models need customers who buy again: choose a later --calibration-end or a longer log`,
      log.file,
    );
  }
  const holdoutLength = (he - ce) / unitDays;
  const names = options.models ?? (Object.keys(COUNT_MODELS) as CountModelName[]);
  const models = names.map((n) => {
    const m = COUNT_MODELS[n];
    if (!m) throw new DataError(`model ${n} is not available`);
    return m;
  });
  const fits = models.map((m) => m.fit(summaries));
  // Gamma-Gamma on the repeat customers with spend
  const spenders = summaries.filter((c) => c.x >= 1 && c.m > 0);
  let gamma_gamma: SpendFit | null = null;
  if (spenders.length >= 10) {
    const g = fitGammaGammaModel(spenders);
    const { p, q, gamma } = g.params;
    gamma_gamma = { ...g, population_mean_spend: q > 1 ? (gamma * p) / (q - 1) : Infinity };
  }
  const holdout_check = models.map((m, i) =>
    holdoutCheck(m, fits[i].params, summaries, holdoutLength)
  );
  const tracking = trackingPoints(models, fits, summaries, repeatDays(log, ce), lo, he, unitDays);
  const primary = models[0], pp = fits[0].params;
  const horizonMonths = options.horizonMonths ?? 12;
  const discount = options.discount ?? 0.1;
  const margin = options.margin ?? 1;
  const horizonUnits = horizonMonths * (365.25 / 12) / unitDays;
  const table: ClvCustomer[] = summaries.map((c) => {
    const spend = gamma_gamma
      ? gammaGammaExpectedSpend(
        gamma_gamma.params as { p: number; q: number; gamma: number },
        c.x >= 1 && c.m > 0 ? c : { x: 0, m: 0 },
      )
      : null;
    const d = dert(primary, pp, c, unitDays, horizonMonths, discount);
    return {
      customer: c.customer,
      first_purchase: c.first,
      x: c.x,
      t_x: c.tx,
      T: c.T,
      m: c.m,
      holdout_actual: c.holdout,
      p_alive: primary.pAlive(pp, c),
      expected_holdout: primary.conditionalExpected(pp, c, holdoutLength),
      expected_horizon: primary.conditionalExpected(pp, c, horizonUnits),
      expected_spend: spend !== null && Number.isFinite(spend) ? spend : null,
      dert: d,
      clv: spend !== null && Number.isFinite(spend) ? d * spend * margin : null,
    };
  });
  const maxT = summaries.reduce((s, c) => Math.max(s, c.T), 0);
  return {
    file: log.file,
    format: log.format,
    unit,
    calibration: { start: dayOfNumber(lo), end: calEnd },
    holdout: { start: dayOfNumber(ce + 1), end: holdEnd, length: holdoutLength },
    purchases: log.purchases.length,
    customers: summaries.length,
    repeaters: summaries.filter((c) => c.x > 0).length,
    calibration_repeat_transactions: summaries.reduce((s, c) => s + c.x, 0),
    fits,
    gamma_gamma,
    holdout_check,
    tracking,
    p_alive_matrix: pAliveMatrix(primary, pp, summaries, maxT),
    clv: { model: primary.name, horizon_months: horizonMonths, discount, margin },
    table,
  };
}

/**
 * Predicted vs actual holdout transactions of `customers`, in total and by calibration
 * frequency (0 … 6, 7+), the prediction of each customer from `expected`.
 *
 * Complexity: O(customers) calls of `expected`.
 *
 * @example
 * ```ts
 * import { holdoutCheckOf } from "./analysis.ts";
 * const h = holdoutCheckOf("bgnbd", [{ x: 0, holdout: 1 }, { x: 9, holdout: 3 }], (c) => c.x / 3);
 * h.by_frequency.map((g) => g.frequency); // => ["0", "7+"]
 * ```
 */
export function holdoutCheckOf<C extends { x: number; holdout: number }>(
  model: CountModelName,
  customers: readonly C[],
  expected: (c: C) => number,
): HoldoutCheck {
  const groups = new Map<string, HoldoutGroup>();
  let actual = 0, predicted = 0;
  for (const c of customers) {
    const e = expected(c);
    actual += c.holdout;
    predicted += e;
    const k = frequencyGroup(c.x);
    const g = groups.get(k) ?? { frequency: k, customers: 0, actual: 0, predicted: 0 };
    g.customers++;
    g.actual += c.holdout;
    g.predicted += e;
    groups.set(k, g);
  }
  const order = (k: string) => (k === "7+" ? 7 : Number(k));
  return {
    model,
    actual,
    predicted,
    error: actual ? (predicted - actual) / actual : NaN,
    by_frequency: [...groups.values()].sort((a, b) => order(a.frequency) - order(b.frequency)),
  };
}

/** Predicted vs actual holdout transactions, in total and by calibration frequency. */
function holdoutCheck(
  model: CountModel,
  params: Record<string, number>,
  summaries: readonly CustomerSummary[],
  length: number,
): HoldoutCheck {
  return holdoutCheckOf(
    model.name,
    summaries,
    (c) => model.conditionalExpected(params, c, length),
  );
}

/**
 * The day numbers of the repeat transactions (distinct purchase days after the first) of
 * the customers whose first purchase is on or before day `ce`, sorted.
 */
function repeatDays(log: TransactionLog, ce: number): number[] {
  const days = new Map<string, Set<number>>();
  for (const p of log.purchases) {
    const set = days.get(p.customer) ?? new Set<number>();
    set.add(dayNumber(p.date));
    days.set(p.customer, set);
  }
  const out: number[] = [];
  for (const set of days.values()) {
    const list = [...set].sort((a, b) => a - b);
    if (list[0] > ce) continue;
    for (const d of list.slice(1)) out.push(d);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Cumulative repeat transactions of the calibration cohort at the end of each unit
 * period from the log's start to the holdout's end, actual and expected (Σ over
 * customers of E[X(t − t0)], customers grouped by first-purchase day).
 */
function trackingPoints(
  models: readonly CountModel[],
  fits: readonly ModelFit[],
  summaries: readonly CustomerSummary[],
  repeats: readonly number[],
  lo: number,
  he: number,
  unitDays: number,
): TrackingPoint[] {
  // repeat transaction days after each customer's first, calibration and holdout
  const cohortFirst = new Map<number, number>();
  for (const c of summaries) {
    const f = dayNumber(c.first);
    cohortFirst.set(f, (cohortFirst.get(f) ?? 0) + 1);
  }
  const steps = Math.ceil((he - lo + 1) / unitDays);
  const points: TrackingPoint[] = [];
  let seen = 0;
  for (let k = 1; k <= steps; k++) {
    const end = Math.min(lo + k * unitDays, he + 1); // exclusive day number
    while (seen < repeats.length && repeats[seen] < end) seen++;
    const predicted: Record<string, number> = {};
    models.forEach((m, i) => {
      let s = 0;
      for (const [f, n] of cohortFirst) {
        const t = (end - (f + 1)) / unitDays; // repeat purchases after the first day
        if (t > 0) s += n * m.expected(fits[i].params, t);
      }
      predicted[m.name] = s;
    });
    points.push({ t: (end - lo) / unitDays, day: dayOfNumber(end - 1), actual: seen, predicted });
  }
  return points;
}

/** P(alive) over a grid of frequency 0…max(x) (at most 30) and recency 0…T. */
function pAliveMatrix(
  model: CountModel,
  params: Record<string, number>,
  summaries: readonly CustomerSummary[],
  T: number,
): PAliveCell[] {
  const maxX = Math.min(30, summaries.reduce((s, c) => Math.max(s, c.x), 0));
  const cells: PAliveCell[] = [];
  const steps = 20;
  for (let x = 0; x <= maxX; x++) {
    for (let j = 0; j <= steps; j++) {
      const tx = x === 0 ? 0 : (T * j) / steps;
      cells.push({ x, tx, p_alive: model.pAlive(params, { x, tx, T }) });
      if (x === 0) break;
    }
  }
  return cells;
}
