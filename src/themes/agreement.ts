/**
 * Agreement between coders: percent agreement, Cohen's kappa (two coders) and
 * Krippendorff's alpha for nominal data (any number of coders, missing values)
 * with a seeded bootstrap confidence interval.
 *
 * @module
 */
import { clusterBootstrap } from "../stats/bootstrap.ts";

/** A coded value; `null` = this coder did not code this unit. */
export type Value = string | number | boolean | null;

/**
 * Share of units on which two coders gave the same value (units where either
 * is missing are skipped). NaN when no unit has both. Complexity: O(n).
 *
 * @example
 * ```ts
 * import { percentAgreement } from "./agreement.ts";
 * percentAgreement([1, 0, 1, 1], [1, 0, 0, 1]); // => 0.75
 * ```
 */
export function percentAgreement(a: readonly Value[], b: readonly Value[]): number {
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null || b[i] === null) continue;
    n++;
    if (a[i] === b[i]) same++;
  }
  return n ? same / n : NaN;
}

/**
 * Cohen's kappa of two coders: (p_o − p_e) / (1 − p_e) with p_e from each
 * coder's own marginals (as sklearn's `cohen_kappa_score`). Units with a
 * missing value are skipped. When p_e = 1 (both coders used one and the same
 * category throughout) kappa is undefined: NaN. Complexity: O(n).
 *
 * @example
 * ```ts
 * import { cohenKappa } from "./agreement.ts";
 * cohenKappa([1, 1, 0, 0], [1, 0, 0, 0]); // => 0.5
 * ```
 */
export function cohenKappa(a: readonly Value[], b: readonly Value[]): number {
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null || b[i] === null) continue;
    const x = String(a[i]);
    const y = String(b[i]);
    n++;
    if (x === y) same++;
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(y, (cb.get(y) ?? 0) + 1);
  }
  if (!n) return NaN;
  let pe = 0;
  for (const [k, v] of ca) pe += (v / n) * ((cb.get(k) ?? 0) / n);
  const po = same / n;
  return pe === 1 ? NaN : (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha for nominal data. `data[c][u]` is coder c's value for
 * unit u (null = missing). Units with fewer than two values are not pairable
 * and drop out. alpha = 1 − (n − 1) Σ_c o_cc' / Σ_c≠k n_c n_k, via the
 * coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"). NaN when there is no variation at all.
 * Complexity: O(units × coders²).
 *
 * @example
 * ```ts
 * import { krippendorffAlphaNominal } from "./agreement.ts";
 * krippendorffAlphaNominal([[1, 2, 1, null], [1, 2, 2, 1]]); // => 0.444…
 * ```
 */
export function krippendorffAlphaNominal(data: readonly (readonly Value[])[]): number {
  const units = Math.max(0, ...data.map((r) => r.length));
  const cols: string[][] = [];
  for (let u = 0; u < units; u++) {
    const vals = data.map((r) => r[u]).filter((v): v is Exclude<Value, null> =>
      v !== null && v !== undefined
    ).map(String);
    if (vals.length >= 2) cols.push(vals);
  }
  return alphaFromUnits(cols);
}

/**
 * Krippendorff's nominal alpha from pairable units (each a list of ≥ 2 values).
 * Complexity: O(values).
 *
 * @example
 * ```ts
 * import { alphaFromUnits } from "./agreement.ts";
 * alphaFromUnits([["1", "1"], ["2", "2"], ["1", "2"]]); // => 0.444…
 * ```
 */
export function alphaFromUnits(units: readonly (readonly string[])[]): number {
  // observed disagreement: within-unit pairs of different values, weighted 1/(m_u − 1)
  const nc = new Map<string, number>();
  let n = 0;
  let disagree = 0;
  for (const vals of units) {
    const m = vals.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
    let same = 0;
    for (const c of counts.values()) same += c * (c - 1);
    disagree += (m * (m - 1) - same) / (m - 1);
    for (const [v, c] of counts) nc.set(v, (nc.get(v) ?? 0) + c);
    n += m;
  }
  if (n < 2) return NaN;
  let sumSq = 0;
  for (const c of nc.values()) sumSq += c * c;
  const expected = (n * n - sumSq) / (n - 1); // Σ_c≠k n_c n_k / (n − 1)
  if (expected === 0) return NaN;
  return 1 - disagree / expected;
}

/** An estimate with a percentile bootstrap interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** resamples drawn, and how many gave a defined value */
  resamples: number;
  defined: number;
}

/**
 * Krippendorff's nominal alpha with a percentile bootstrap CI over units
 * (pairable units resampled with replacement, seeded so the interval is the
 * same every run). Complexity: O(resamples × units × coders).
 *
 * @example
 * ```ts
 * import { bootstrapAlpha } from "./agreement.ts";
 * bootstrapAlpha([[1, 0, 1, 1], [1, 0, 0, 1]], { resamples: 1000, seed: 7 });
 * ```
 */
export function bootstrapAlpha(
  data: readonly (readonly Value[])[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): Interval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const units: string[][] = [];
  const nUnits = Math.max(0, ...data.map((r) => r.length));
  for (let u = 0; u < nUnits; u++) {
    const vals = data.map((r) => r[u]).filter((v) => v !== null && v !== undefined).map(String);
    if (vals.length >= 2) units.push(vals);
  }
  const estimate = alphaFromUnits(units);
  const ci = clusterBootstrap(units, alphaFromUnits, {
    resamples,
    level,
    seed: options.seed ?? 20261125,
  });
  return { estimate, low: ci.low, high: ci.high, resamples, defined: ci.resamples };
}

/** Per-theme agreement of two coders over the same answers. */
export interface ThemeAgreement {
  theme_id: string;
  /** answers coded with the theme by coder a, by b, by both */
  n_a: number;
  n_b: number;
  n_both: number;
  /** the confusion table of a against b: both coded (= n_both), a only, b only, neither */
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  percent_agreement: number;
  kappa: number;
  /** of a against b as the reference: precision = both / a, recall = both / b */
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Agreement of two coders theme by theme: every answer is a unit, coded 1 when
 * the coder gave it the theme. With b as the reference (e.g. the human), also
 * precision, recall and F1 of a. Complexity: O(answers × themes).
 *
 * @example
 * ```ts
 * import { themeAgreement } from "./agreement.ts";
 * themeAgreement(["a1", "a2"], ["t"], new Map([["a1", new Set(["t"])]]), new Map());
 * ```
 */
export function themeAgreement(
  answerIds: readonly string[],
  themeIds: readonly string[],
  a: ReadonlyMap<string, ReadonlySet<string>>,
  b: ReadonlyMap<string, ReadonlySet<string>>,
): ThemeAgreement[] {
  return themeIds.map((t) => {
    const va = answerIds.map((id) => (a.get(id)?.has(t) ? 1 : 0));
    const vb = answerIds.map((id) => (b.get(id)?.has(t) ? 1 : 0));
    let na = 0, nb = 0, both = 0;
    for (let i = 0; i < va.length; i++) {
      na += va[i];
      nb += vb[i];
      both += va[i] & vb[i];
    }
    const precision = na ? both / na : NaN;
    const recall = nb ? both / nb : NaN;
    const f1 = na + nb ? (2 * both) / (na + nb) : NaN;
    return {
      theme_id: t,
      n_a: na,
      n_b: nb,
      n_both: both,
      tp: both,
      fp: na - both,
      fn: nb - both,
      tn: va.length - na - nb + both,
      percent_agreement: percentAgreement(va, vb),
      kappa: cohenKappa(va, vb),
      precision,
      recall,
      f1,
    };
  });
}

/** Overall agreement across themes: micro precision/recall/F1, mean kappa, pooled alpha with CI. */
export interface OverallAgreement {
  units: number;
  themes: number;
  micro_precision: number;
  micro_recall: number;
  micro_f1: number;
  /**
   * mean of the per-theme F1 over the themes either coder used (F1 defined), and over how many:
   * as sklearn's `f1_score(average="macro")` restricted to those labels; every theme weighs the
   * same, so rare themes count as much as frequent ones (micro-F1 is dominated by the frequent)
   */
  macro_f1: number;
  macro_themes: number;
  /** mean of the defined per-theme kappas, and over how many themes */
  mean_kappa: number;
  kappa_themes: number;
  percent_agreement: number;
  /** Krippendorff's alpha over all answer × theme units (binary nominal), with bootstrap CI */
  alpha: Interval;
}

/**
 * Pools per-theme agreement into overall figures; alpha treats every
 * (answer, theme) pair as a unit with two binary values, and its bootstrap CI
 * resamples answers (all themes of an answer together, since they are not
 * independent), seeded.
 * Complexity: O(answers × themes × resamples).
 *
 * @example
 * ```ts
 * import { overallAgreement } from "./agreement.ts";
 * const ids = ["a1", "a2", "a3"];
 * const themeIds = ["crm", "nps"];
 * const autoCodes = new Map([["a1", new Set(["crm"])], ["a2", new Set(["nps"])], ["a3", new Set<string>()]]);
 * const humanCodes = new Map([["a1", new Set(["crm"])], ["a2", new Set(["crm"])], ["a3", new Set<string>()]]);
 * overallAgreement(ids, themeIds, autoCodes, humanCodes, { resamples: 1000, seed: 1 }).micro_f1;
 * ```
 */
export function overallAgreement(
  answerIds: readonly string[],
  themeIds: readonly string[],
  a: ReadonlyMap<string, ReadonlySet<string>>,
  b: ReadonlyMap<string, ReadonlySet<string>>,
  options: { resamples?: number; seed?: number } = {},
): OverallAgreement {
  const per = themeAgreement(answerIds, themeIds, a, b);
  const na = per.reduce((s, p) => s + p.n_a, 0);
  const nb = per.reduce((s, p) => s + p.n_b, 0);
  const both = per.reduce((s, p) => s + p.n_both, 0);
  const kappas = per.map((p) => p.kappa).filter((k) => !Number.isNaN(k));
  const f1s = per.map((p) => p.f1).filter((f) => !Number.isNaN(f));
  // per answer: units (answer × theme) where both coded 0, both 1, or disagreed
  const cells = answerIds.map((id) => {
    let n00 = 0, n11 = 0, nd = 0;
    for (const t of themeIds) {
      const x = a.get(id)?.has(t) ?? false;
      const y = b.get(id)?.has(t) ?? false;
      if (x !== y) nd++;
      else if (x) n11++;
      else n00++;
    }
    return [n00, n11, nd] as const;
  });
  const sum = (list: readonly (readonly [number, number, number])[]) =>
    list.reduce(
      (s, c) => [s[0] + c[0], s[1] + c[1], s[2] + c[2]] as [number, number, number],
      [0, 0, 0] as [number, number, number],
    );
  const total = sum(cells);
  const estimate = binaryAlpha(...total);
  const resamples = options.resamples ?? 1000;
  // answers resampled whole: the units (answer × theme) of one answer stay together
  const ci = clusterBootstrap(cells, (sample) => binaryAlpha(...sum(sample)), {
    resamples,
    seed: options.seed ?? 20261125,
  });
  return {
    units: answerIds.length,
    themes: themeIds.length,
    micro_precision: na ? both / na : NaN,
    micro_recall: nb ? both / nb : NaN,
    micro_f1: na + nb ? (2 * both) / (na + nb) : NaN,
    macro_f1: f1s.length ? f1s.reduce((s, f) => s + f, 0) / f1s.length : NaN,
    macro_themes: f1s.length,
    mean_kappa: kappas.length ? kappas.reduce((s, k) => s + k, 0) / kappas.length : NaN,
    kappa_themes: kappas.length,
    percent_agreement: (total[0] + total[1]) / (total[0] + total[1] + total[2]),
    alpha: {
      estimate,
      low: ci.low,
      high: ci.high,
      resamples,
      defined: ci.resamples,
    },
  };
}

/**
 * Krippendorff's nominal alpha of two coders on binary units from three counts:
 * units both coded 0, both coded 1, and units they disagreed on. Equal to
 * {@linkcode krippendorffAlphaNominal} on the same data, in O(1).
 *
 * @example
 * ```ts
 * import { binaryAlpha } from "./agreement.ts";
 * binaryAlpha(1, 1, 1); // => 0.444… (units (0,0), (1,1), (1,0))
 * ```
 */
export function binaryAlpha(n00: number, n11: number, nd: number): number {
  const n = 2 * (n00 + n11 + nd);
  const c0 = 2 * n00 + nd;
  const c1 = 2 * n11 + nd;
  if (n < 2) return NaN;
  const expected = (n * n - c0 * c0 - c1 * c1) / (n - 1);
  return expected === 0 ? NaN : 1 - (2 * nd) / expected;
}
