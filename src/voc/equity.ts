/**
 * Relationship equity: RV turned into money.
 *
 * From the fitted relation between RV now and profit later, the expected profit over a
 * horizon implied by each account's current RV, summed over the accounts with a CI — a
 * quantified "goodwill" that managers can track. It is only as good as the back-test
 * behind it, so the same model is also fitted one horizon earlier and its forecast
 * compared with what then happened (out of time), next to a baseline without RV.
 *
 * Definitions (periods of the panel's grain; c = a cutoff, W = `window`, H = `horizon`):
 * - RV_i(c) = Σ rv over c−W … c−1; past money P_i(c) = Σ money over c−H … c−1;
 *   future money F_i(c) = Σ money over c … c+H−1 (money as in say-vs-do: by default
 *   `operating` = gross_profit (or revenue) − cost_to_serve; periods without a
 *   financials row count 0);
 * - sample at c: accounts with revenue > 0 in c−H … c−1 (current customers);
 * - model, fitted by OLS at the calibration cutoff c₁ = valuation − H:
 *   F = a + b·RV + g·P (g controls for size and momentum: b is what RV adds beyond the
 *   lagging baseline);
 * - at the valuation cutoff c₂ (default: the period after the last financials period):
 *   expected profit_i = a + b·RV_i(c₂) + g·P_i(c₂); **relationship equity** = Σ_i b·RV_i(c₂),
 *   the expected profit over the horizon the model attributes to current RV (RV = 0 is
 *   the IPF's neutral relationship). CIs: percentile bootstrap over calibration accounts
 *   (refit, valuation accounts fixed), i.e. the uncertainty of the fitted relation;
 * - back-test: the same model fitted at c₁ − H, applied at c₁, compared with the actual
 *   F(c₁): out-of-time R² and mean absolute error, against the baseline F = a + g·P.
 *
 * @module
 */
import { addPeriods, type Grain } from "../util/periods.ts";
import { type BootstrapInterval, clusterBootstrap } from "../stats/bootstrap.ts";
import { byAccount, type PanelRow } from "../backtest/panel.ts";
import { type Money, moneyOf } from "./say_vs_do.ts";
import { fitRidge, type LinearFit } from "../backtest/weights.ts";

/** Options for {@linkcode relationshipEquity}. */
export interface EquityOptions {
  /** default "month" */
  grain?: Grain;
  /** periods of RV before a cutoff; default 3 */
  window?: number;
  /** periods of money after (and before) a cutoff; default 12 */
  horizon?: number;
  /** default "operating" (see module doc) */
  money?: Money;
  /** valuation cutoff `YYYY-MM-DD`; default the period after the last financials period */
  valuation?: string;
  /** default 1000 */
  resamples?: number;
  /** default 0.95 */
  level?: number;
  /** default 1 */
  seed?: number;
}

/** One account at a cutoff. */
export interface EquityAccount {
  account_id: string;
  rv: number;
  past: number;
  /** F(c) when known (calibration and back-test), else null */
  future: number | null;
}

/** An estimate with its CI. */
export interface EquityEstimate {
  value: number;
  low: number;
  high: number;
}

/** Result of {@linkcode relationshipEquity}. */
export interface EquityResult {
  money: Money;
  window: number;
  horizon: number;
  calibration_cutoff: string;
  valuation_cutoff: string;
  n_calibration: number;
  n_valuation: number;
  model: {
    intercept: number;
    /** b: profit over the horizon per unit of RV in the window */
    rv_coef: EquityEstimate;
    /** g: per unit of past money */
    past_coef: number;
    /** in-sample R² at calibration */
    r2: number;
  };
  /** Σ b·RV_i at valuation */
  equity: EquityEstimate;
  /** Σ expected profit at valuation */
  expected_profit: EquityEstimate;
  /** Σ P_i at valuation: the lagging baseline for comparison */
  past_profit: number;
  /** per valuation account: rv, past money, expected profit, RV-implied part */
  accounts: { account_id: string; rv: number; past: number; expected: number; rv_part: number }[];
  /** out-of-time check of the same model one horizon earlier; null without the data */
  backtest: {
    fit_cutoff: string;
    cutoff: string;
    n: number;
    predicted_total: number;
    actual_total: number;
    r2: number;
    mae: number;
    baseline_r2: number;
    baseline_mae: number;
  } | null;
  resamples: number;
  seed: number;
}

/**
 * RV, past and future money per current customer at a cutoff (see module doc).
 *
 * Complexity: O(accounts × (window + 2·horizon)).
 *
 * @example
 * ```ts
 * import { equitySample } from "./equity.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine);
 * equitySample(panel, "2025-07-01", { window: 3, horizon: 12 });
 * ```
 */
export function equitySample(
  panel: readonly PanelRow[] | Map<string, PanelRow[]>,
  cutoff: string,
  options: { grain?: Grain; window: number; horizon: number; money?: Money; future?: boolean },
): EquityAccount[] {
  const grain = options.grain ?? "month";
  const money = options.money ?? "operating";
  const accounts = panel instanceof Map ? panel : byAccount(panel);
  const out: EquityAccount[] = [];
  for (const [id, rows] of accounts) {
    const at = new Map(rows.map((r) => [r.period, r]));
    let rv = 0, past = 0, rev = 0, future = 0;
    for (let k = 1; k <= options.window; k++) rv += at.get(addPeriods(cutoff, grain, -k))?.rv ?? 0;
    for (let k = 1; k <= options.horizon; k++) {
      const b = at.get(addPeriods(cutoff, grain, -k));
      if (b) {
        past += moneyOf(b, money) ?? 0;
        rev += b.revenue ?? 0;
      }
      const a = at.get(addPeriods(cutoff, grain, k - 1));
      if (a) future += moneyOf(a, money) ?? 0;
    }
    if (rev > 0) out.push({ account_id: id, rv, past, future: options.future ? future : null });
  }
  return out;
}

function predict(fit: LinearFit, a: EquityAccount, withRv: boolean): number {
  return withRv
    ? fit.intercept + fit.coef[0] * a.rv + fit.coef[1] * a.past
    : fit.intercept + fit.coef[0] * a.past;
}

function ols(sample: readonly EquityAccount[], withRv: boolean): LinearFit {
  return fitRidge(
    sample.map((a) => (withRv ? [a.rv, a.past] : [a.past])),
    sample.map((a) => a.future!),
    { lambda: 0 },
  );
}

function r2(actual: readonly number[], predicted: readonly number[]): number {
  const m = actual.reduce((s, v) => s + v, 0) / actual.length;
  let ss = 0, sr = 0;
  actual.forEach((v, i) => {
    ss += (v - m) ** 2;
    sr += (v - predicted[i]) ** 2;
  });
  return ss > 0 ? 1 - sr / ss : NaN;
}

/**
 * Relationship equity of a panel: expected profit over the horizon implied by current
 * RV, summed with a bootstrap CI, and an out-of-time check of the model behind it (see
 * module doc).
 *
 * Why: RV is a score; managers budget in money. Equity says what the current stock of
 * relationships is worth over the next horizon if the relation seen in the last one
 * holds — and the back-test says how well that held before.
 *
 * Complexity: O(accounts × (window + horizon) + resamples × accounts).
 *
 * @example
 * ```ts
 * import { relationshipEquity } from "./equity.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine);
 * const e = relationshipEquity(panel, { horizon: 12, seed: 3 });
 * e.equity; // { value, low, high } in money over the next 12 months
 * ```
 */
export function relationshipEquity(
  panel: readonly PanelRow[],
  options: EquityOptions = {},
): EquityResult {
  const grain = options.grain ?? "month";
  const window = options.window ?? 3;
  const horizon = options.horizon ?? 12;
  const money = options.money ?? "operating";
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  for (const [k, v] of Object.entries({ window, horizon })) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${k} must be a whole number of periods >= 1, found ${v}`);
    }
  }
  const withMoney = panel.filter((r) => r.revenue !== null && r.revenue !== undefined);
  if (!withMoney.length) {
    throw new RangeError("relationship equity needs financials in the panel, found none");
  }
  const first = withMoney.reduce((m, r) => (r.period < m ? r.period : m), withMoney[0].period);
  const last = withMoney.reduce((m, r) => (r.period > m ? r.period : m), withMoney[0].period);
  const valuation = options.valuation ?? addPeriods(last, grain, 1);
  const calibration = addPeriods(valuation, grain, -horizon);
  if (addPeriods(calibration, grain, -horizon) < first) {
    throw new RangeError(
      `relationship equity needs 2 × horizon = ${2 * horizon} periods of financials before ` +
        `${valuation}, found data from ${first}`,
    );
  }
  const accounts = byAccount(panel);
  const opts = { grain, window, horizon, money };
  const cal = equitySample(accounts, calibration, { ...opts, future: true });
  const val = equitySample(accounts, valuation, opts);
  if (cal.length < 5) {
    throw new RangeError(
      `relationship equity needs at least 5 current customers at ${calibration}, found ${cal.length}`,
    );
  }
  const fit = ols(cal, true);
  const equityOf = (f: LinearFit) => val.reduce((s, a) => s + f.coef[0] * a.rv, 0);
  const expectedOf = (f: LinearFit) => val.reduce((s, a) => s + predict(f, a, true), 0);

  // accounts resampled; components: the RV coefficient, equity, expected value
  const [bs, eq, ex] = clusterBootstrap(cal, (s) => {
    let f: LinearFit;
    try {
      f = ols(s, true);
    } catch {
      return null; // a degenerate resample (e.g. all RV equal)
    }
    return [f.coef[0], equityOf(f), expectedOf(f)];
  }, { resamples, seed, level, components: 3 });
  const ci = (v: number, d: BootstrapInterval): EquityEstimate => ({
    value: v,
    low: d.low,
    high: d.high,
  });

  // back-test one horizon earlier
  let backtest: EquityResult["backtest"] = null;
  const fitCutoff = addPeriods(calibration, grain, -horizon);
  if (addPeriods(fitCutoff, grain, -horizon) >= first) {
    const train = equitySample(accounts, fitCutoff, { ...opts, future: true });
    if (train.length >= 5) {
      const f = ols(train, true), f0 = ols(train, false);
      const actual = cal.map((a) => a.future!);
      const pred = cal.map((a) => predict(f, a, true));
      const pred0 = cal.map((a) => predict(f0, a, false));
      const mae = (p: number[]) => p.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / p.length;
      backtest = {
        fit_cutoff: fitCutoff,
        cutoff: calibration,
        n: cal.length,
        predicted_total: pred.reduce((s, v) => s + v, 0),
        actual_total: actual.reduce((s, v) => s + v, 0),
        r2: r2(actual, pred),
        mae: mae(pred),
        baseline_r2: r2(actual, pred0),
        baseline_mae: mae(pred0),
      };
    }
  }

  return {
    money,
    window,
    horizon,
    calibration_cutoff: calibration,
    valuation_cutoff: valuation,
    n_calibration: cal.length,
    n_valuation: val.length,
    model: {
      intercept: fit.intercept,
      rv_coef: ci(fit.coef[0], bs),
      past_coef: fit.coef[1],
      r2: r2(cal.map((a) => a.future!), cal.map((a) => predict(fit, a, true))),
    },
    equity: ci(equityOf(fit), eq),
    expected_profit: ci(expectedOf(fit), ex),
    past_profit: val.reduce((s, a) => s + a.past, 0),
    accounts: val.map((a) => ({
      account_id: a.account_id,
      rv: a.rv,
      past: a.past,
      expected: predict(fit, a, true),
      rv_part: fit.coef[0] * a.rv,
    })),
    backtest,
    resamples,
    seed,
  };
}
