/**
 * Training of the learned theme coder: one L2 logistic regression per theme
 * (one-vs-rest) on TF-IDF features of words and word pairs, optionally with the
 * rules' codes as extra 0/1 features; C chosen per theme by seeded k-fold
 * cross-validation on the training answers only (highest out-of-fold
 * log-likelihood), each theme's threshold from the same out-of-fold
 * probabilities (highest F1), and the decision rule (those per-theme
 * thresholds or one global threshold, with or without top-1) by the
 * out-of-fold micro-F1 of all themes together — Hastie, Tibshirani & Friedman 2009, "The
 * Elements of Statistical Learning", §7.10 (cross-validation) and §4.4
 * (logistic regression).
 *
 * @module
 */
import { fitTfidf, tfidfRows, type TfidfVocabulary } from "./features.ts";
import { fitLogistic, type LogisticModel, logisticProbabilities } from "./logistic.ts";
import { appendColumns, selectRows, type SparseRows } from "./sparse.ts";
import { foldsOf } from "./folds.ts";
import { bestF1Threshold } from "./threshold.ts";

/** One training (or coding) answer: its terms, the themes the rules gave it, and its human codes. */
export interface LearnExample {
  terms: readonly string[];
  /** themes the codebook's rules coded (used as features when the model has rule features) */
  rules?: ReadonlySet<string>;
  /** the human codes (training only) */
  labels?: ReadonlySet<string>;
}

/** Options of {@linkcode learnThemes}. */
export interface LearnOptions {
  /** seed of the cross-validation folds (default 20261203) */
  seed?: number;
  /** cross-validation folds (default 5) */
  folds?: number;
  /** the grid of C values tried (default 0.5, 2, 8, 32) */
  Cs?: readonly number[];
  /** minimum document frequency of a term (default 2) */
  minDf?: number;
  /** below this many positive training answers, C and threshold are not chosen but default (5) */
  minPositives?: number;
  /** the defaults for such themes: C = 1 (sklearn's), threshold 0.5 */
  defaultC?: number;
  defaultThreshold?: number;
  /** themes whose rule codes become features, in this order (default none: text only) */
  ruleThemes?: readonly string[];
}

/** The fitted model of one theme with how its C and threshold were chosen. */
export interface ThemeFit {
  theme_id: string;
  /** positive training answers */
  positives: number;
  C: number;
  threshold: number;
  /** `cv`: chosen by cross-validation; `default`: fewer than minPositives positives; `none`: no positive (never coded) or no negative (always coded) training answer */
  source: "cv" | "default" | "none";
  /** out-of-fold F1 at the threshold and mean log-loss at C (NaN when not cross-validated) */
  cv_f1: number;
  cv_log_loss: number;
  model: LogisticModel | null;
}

/** A trained theme coder. */
export interface LearnedModel {
  vocabulary: TfidfVocabulary;
  /** themes whose rule codes are features (columns after the vocabulary) */
  rule_themes: string[];
  themes: ThemeFit[];
  /** how probabilities become codes, chosen on the out-of-fold probabilities */
  decision: DecisionRule;
  training_answers: number;
  folds: number;
  seed: number;
  Cs: number[];
}

/**
 * How the model turns probabilities into codes: `per_theme` (each theme's own
 * F1-best threshold) or `global` (one threshold for every theme, the one that
 * maximises micro-F1 over all themes; Lipton, Elkan & Naryanaswamy 2014,
 * "Optimal thresholding of classifiers to maximize F1 measure"), and with
 * `top1` an answer no theme reaches gets its most likely theme (the highest
 * p / threshold). Chosen by the out-of-fold micro-F1 of the training answers.
 */
export interface DecisionRule {
  policy: "per_theme" | "global";
  global_threshold: number;
  top1: boolean;
  /** out-of-fold micro-F1 of the rule chosen, and of each candidate */
  cv_micro_f1: number;
  candidates: {
    policy: "per_theme" | "global";
    top1: boolean;
    threshold: number;
    cv_micro_f1: number;
  }[];
}

/**
 * Out-of-fold micro-F1 of thresholds `th` (one per theme, NaN = theme left
 * out) with or without the top-1 rule. Complexity: O(answers × themes).
 */
function microF1(
  oof: readonly (Float64Array | null)[],
  y: readonly Uint8Array[],
  th: readonly number[],
  top1: boolean,
): number {
  const ks = oof.map((p, k) => (p && Number.isFinite(th[k]) ? k : -1)).filter((k) => k >= 0);
  if (!ks.length) return NaN;
  const n = oof[ks[0]]!.length;
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < n; i++) {
    let any = false;
    let best = ks[0];
    for (const k of ks) {
      const p = oof[k]![i];
      if (p >= th[k]) any = true;
      if (p / th[k] > oof[best]![i] / th[best]) best = k;
    }
    for (const k of ks) {
      const coded = oof[k]![i] >= th[k] || (top1 && !any && k === best);
      if (coded && y[k][i]) tp++;
      else if (coded) fp++;
      else if (y[k][i]) fn++;
    }
  }
  return (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Chooses the {@linkcode DecisionRule} with the highest out-of-fold micro-F1:
 * per-theme thresholds or one global threshold (grid 0.02 … 0.90), each with
 * and without top-1. Only themes that were cross-validated take part.
 * Complexity: O(grid × answers × themes).
 *
 * @example
 * ```ts
 * import { chooseDecision } from "./train.ts";
 * const oof = [Float64Array.of(0.9, 0.2, 0.6), Float64Array.of(0.1, 0.7, 0.3)];
 * const y = [Uint8Array.of(1, 0, 1), Uint8Array.of(0, 1, 0)];
 * chooseDecision(oof, y, [0.5, 0.5]).cv_micro_f1; // => 1
 * ```
 */
export function chooseDecision(
  oof: readonly (Float64Array | null)[],
  y: readonly Uint8Array[],
  perTheme: readonly number[],
): DecisionRule {
  const candidates: DecisionRule["candidates"] = [];
  for (const top1 of [false, true]) {
    candidates.push({
      policy: "per_theme",
      top1,
      threshold: NaN,
      cv_micro_f1: microF1(oof, y, perTheme, top1),
    });
    let best = { threshold: 0.5, f1: -1 };
    for (let g = 0.02; g <= 0.9 + 1e-9; g += 0.02) {
      const t = Math.round(g * 100) / 100;
      const f1 = microF1(oof, y, perTheme.map(() => t), top1);
      if (f1 > best.f1) best = { threshold: t, f1 };
    }
    candidates.push({ policy: "global", top1, threshold: best.threshold, cv_micro_f1: best.f1 });
  }
  const valid = candidates.filter((c) => Number.isFinite(c.cv_micro_f1));
  const chosen = valid.reduce(
    (a, c) => (c.cv_micro_f1 > a.cv_micro_f1 ? c : a),
    valid[0] ?? candidates[0],
  );
  return {
    policy: chosen.policy,
    global_threshold: chosen.policy === "global" ? chosen.threshold : NaN,
    top1: chosen.top1,
    cv_micro_f1: chosen.cv_micro_f1,
    candidates,
  };
}

/**
 * The threshold a theme's probability must reach under the model's decision
 * rule (NaN: the theme is never coded). Complexity: O(1).
 *
 * @example
 * ```ts
 * import { effectiveThreshold } from "./train.ts";
 * const model = { decision: { policy: "global", global_threshold: 0.3 } } as never;
 * effectiveThreshold(model, { threshold: 0.1, source: "cv" } as never); // => 0.3
 * ```
 */
export function effectiveThreshold(
  model: Pick<LearnedModel, "decision">,
  fit: Pick<ThemeFit, "threshold" | "source">,
): number {
  if (fit.source === "none") return fit.threshold;
  return model.decision.policy === "global" && fit.source === "cv"
    ? model.decision.global_threshold
    : fit.threshold;
}

/**
 * The model's design matrix of answers: TF-IDF rows, then one 0/1 column per
 * rule theme. Complexity: O(total terms + answers × rule themes).
 *
 * @example
 * ```ts
 * import { designMatrix, learnThemes } from "./train.ts";
 * const ex = [{ terms: ["a"], labels: new Set(["t"]) }, { terms: ["b"], labels: new Set<string>() }];
 * const m = learnThemes(ex, ["t"], { minDf: 1 });
 * designMatrix(m, ex).cols; // => 2
 * ```
 */
export function designMatrix(
  model: Pick<LearnedModel, "vocabulary" | "rule_themes">,
  examples: readonly LearnExample[],
): SparseRows {
  const X = tfidfRows(model.vocabulary, examples.map((e) => e.terms));
  if (!model.rule_themes.length) return X;
  return appendColumns(
    X,
    examples.map((e) => model.rule_themes.map((t) => (e.rules?.has(t) ? 1 : 0))),
    model.rule_themes.length,
  );
}

function meanLogLoss(p: Float64Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

/**
 * Trains one logistic regression per theme on the examples' human codes.
 * Deterministic: the folds come from `seed`, the solver draws nothing. Only
 * the examples given are used — the vocabulary, idf, C and thresholds all come
 * from them. Complexity: O(themes × folds × |Cs| × Newton steps × nnz).
 *
 * @example
 * ```ts
 * import { learnThemes } from "./train.ts";
 * const ex = Array.from({ length: 40 }, (_, i) => ({
 *   terms: i % 2 ? ["rude", "staff"] : ["kind", "staff"],
 *   labels: new Set(i % 2 ? ["manner"] : []),
 * }));
 * learnThemes(ex, ["manner"], { minDf: 1 }).themes[0].source; // => "cv"
 * ```
 */
export function learnThemes(
  examples: readonly LearnExample[],
  themeIds: readonly string[],
  options: LearnOptions = {},
): LearnedModel {
  const seed = options.seed ?? 20261203;
  const k = Math.max(2, Math.min(options.folds ?? 5, examples.length));
  const Cs = [...(options.Cs ?? [0.5, 2, 8, 32])].sort((a, b) => a - b);
  const minPositives = options.minPositives ?? 5;
  const vocabulary = fitTfidf(examples.map((e) => e.terms), options.minDf ?? 2);
  const base = { vocabulary, rule_themes: [...(options.ruleThemes ?? [])] };
  const X = designMatrix(base, examples);
  const n = examples.length;
  const fold = foldsOf(n, k, seed);
  const parts = Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    return { train, test, Xtrain: selectRows(X, train), Xtest: selectRows(X, test) };
  });
  const oofAtC: (Float64Array | null)[] = [];
  const labelsOf: Uint8Array[] = [];
  const themes = themeIds.map((theme_id): ThemeFit => {
    oofAtC.push(null);
    const y = Uint8Array.from(examples, (e) => (e.labels?.has(theme_id) ? 1 : 0));
    labelsOf.push(y);
    const positives = y.reduce((s, v) => s + v, 0);
    if (positives === 0 || positives === n) {
      return {
        theme_id,
        positives,
        C: NaN,
        // every training answer has the theme: coded always (p = 1); none has it: never
        threshold: positives === n ? 0.5 : NaN,
        source: "none",
        cv_f1: NaN,
        cv_log_loss: NaN,
        model: positives === n
          ? { coef: new Float64Array(X.cols), intercept: Infinity, iterations: 0, converged: true }
          : null,
      };
    }
    if (positives < minPositives) {
      const C = options.defaultC ?? 1;
      return {
        theme_id,
        positives,
        C,
        threshold: options.defaultThreshold ?? 0.5,
        source: "default",
        cv_f1: NaN,
        cv_log_loss: NaN,
        model: fitLogistic(X, y, { C }),
      };
    }
    // out-of-fold probabilities for every C (warm-started along the C path within a fold)
    const oof = Cs.map(() => new Float64Array(n));
    for (const part of parts) {
      const yt = Uint8Array.from(part.train, (i) => y[i]);
      const pos = yt.reduce((s, v) => s + v, 0);
      let prev: LogisticModel | undefined;
      Cs.forEach((C, c) => {
        if (pos === 0 || pos === yt.length) {
          part.test.forEach((i) => (oof[c][i] = pos ? 1 : 0));
          return;
        }
        prev = fitLogistic(part.Xtrain, yt, { C, init: prev, tol: 1e-6 });
        const p = logisticProbabilities(prev, part.Xtest);
        part.test.forEach((i, j) => (oof[c][i] = p[j]));
      });
    }
    const losses = oof.map((p) => meanLogLoss(p, y));
    const best = losses.indexOf(Math.min(...losses));
    const t = bestF1Threshold(oof[best], y, minPositives, options.defaultThreshold ?? 0.5);
    oofAtC[oofAtC.length - 1] = oof[best];
    return {
      theme_id,
      positives,
      C: Cs[best],
      threshold: t.threshold,
      source: "cv",
      cv_f1: t.f1,
      cv_log_loss: losses[best],
      model: fitLogistic(X, y, { C: Cs[best] }),
    };
  });
  const decision = chooseDecision(oofAtC, labelsOf, themes.map((t) => t.threshold));
  return { ...base, themes, decision, training_answers: n, folds: k, seed, Cs };
}

/**
 * Probabilities of every theme for coding examples (`terms`, and `rules` when
 * the model has rule features): a row per theme, in the model's theme order; a
 * theme with no positive training answer has probability 0.
 * Complexity: O(themes × nnz).
 *
 * @example
 * ```ts
 * import { learnThemes, themeProbabilities } from "./train.ts";
 * const ex = Array.from({ length: 20 }, (_, i) => ({ terms: [i % 2 ? "rude" : "kind"], labels: new Set(i % 2 ? ["m"] : []) }));
 * themeProbabilities(learnThemes(ex, ["m"], { minDf: 1 }), [{ terms: ["rude"] }]).get("m")![0] > 0.5; // => true
 * ```
 */
export function themeProbabilities(
  model: LearnedModel,
  examples: readonly LearnExample[],
): Map<string, Float64Array> {
  const X = designMatrix(model, examples);
  return new Map(model.themes.map((t) => [
    t.theme_id,
    t.model
      ? (t.model.intercept === Infinity
        ? new Float64Array(X.rows).fill(1)
        : logisticProbabilities(t.model, X))
      : new Float64Array(X.rows),
  ]));
}

/**
 * The model's explanation: for each theme, its `k` terms of highest weight
 * (rule features named `rule:<theme id>`). Complexity: O(themes × V log V).
 *
 * @example
 * ```ts
 * import { learnThemes, topTerms } from "./train.ts";
 * const ex = Array.from({ length: 20 }, (_, i) => ({ terms: [i % 2 ? "rude" : "kind"], labels: new Set(i % 2 ? ["m"] : []) }));
 * topTerms(learnThemes(ex, ["m"], { minDf: 1 }), 1)[0].term; // => "rude"
 * ```
 */
export function topTerms(
  model: LearnedModel,
  k = 10,
): { theme_id: string; term: string; weight: number }[] {
  const names = [...model.vocabulary.terms, ...model.rule_themes.map((t) => `rule:${t}`)];
  return model.themes.flatMap((t) => {
    if (!t.model || !Number.isFinite(t.model.intercept)) return [];
    const coef = t.model.coef;
    return Array.from(coef.keys()).filter((j) => coef[j] > 0)
      .sort((a, b) => coef[b] - coef[a] || a - b).slice(0, k)
      .map((j) => ({ theme_id: t.theme_id, term: names[j], weight: coef[j] }));
  });
}
