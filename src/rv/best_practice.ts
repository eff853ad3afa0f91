/**
 * The best-practice pattern: which interaction types, at which stage, distinguish
 * the top accounts from the rest — and, for one account, which of them it lacks
 * (the next best action).
 *
 * @module
 */
import type { Engine } from "../engine/duckdb.ts";
import { date } from "../sql/literal.ts";
import { averageRanks } from "../stats/ranks.ts";
import { normalQuantile, pearson } from "../stats/correlation.ts";
import { poissonMidP } from "../stats/poisson_mid_p.ts";
import { pearsonGreaterP } from "../stats/pearson_greater.ts";
import { holm } from "../stats/adjust.ts";

/** One interaction type compared between top accounts and the rest. */
export interface PracticeRow {
  interaction_type: string;
  label: string;
  stage: string;
  function: string;
  /** the type's IPF weight (best practice lists only rv > 0) */
  rv: number;
  /** share of top accounts with at least one occurrence in the window */
  rate_top: number;
  rate_rest: number;
  /** rate_top / rate_rest (null when no other account has it) */
  enrichment: number | null;
  /** Cohen's h = 2·asin(√rate_top) − 2·asin(√rate_rest): 0.2 small, 0.5 medium, 0.8 large */
  cohens_h: number;
  /** mean occurrences per account */
  mean_top: number;
  mean_rest: number;
  n_top: number;
  n_rest: number;
  /** the type's share of all positive-rv interactions of the top accounts, and of the rest */
  share_top: number;
  share_rest: number;
  /**
   * what best practice is sorted by: Pearson's r, over the accounts compared, between how
   * surely an account made a habit of the type (or, for a type without habits, how much
   * more than its other positive interactions predict it had it) and the rank of its
   * value (e.g. share of wallet); > 0 when the better accounts make more of a habit of it
   * (see {@linkcode practiceAssociation})
   */
  association: number;
  /** one-sided p-value of association > 0 (t test on r with n − 2 df) */
  p_value: number;
  /** p_value Holm-adjusted over the types compared */
  p_adjusted: number;
  /** accounts in the association: those with at least one other positive-rv interaction */
  n: number;
  /** the estimated share of the accounts compared that made a habit of the type (0: none) */
  habit_share: number;
  /** the occurrences in the window a habit adds to what activity brings (0: no habits) */
  habit_extra: number;
}

/** Options for {@linkcode bestPractice}. */
export interface PracticeOptions {
  /**
   * the accounts at the stage compared (e.g. the customers): top accounts and the rest
   * are taken among them, each counted whether or not it had interactions; default
   * every account with interactions in the window
   */
  among?: ReadonlySet<string>;
  /**
   * each account's value, the one the top set was chosen by (e.g. share of wallet): the
   * association ranks accounts by it; default 1 for top accounts, 0 for the rest
   */
  value?: ReadonlyMap<string, number>;
}

/**
 * Compares the positive-RV interaction types (IPF rv > 0; a type with rv ≤ 0 is never
 * best practice, however often top accounts have it) of a given top set with the
 * other accounts at the same stage (`among`), in [from, to): presence rates, Cohen's h
 * and mean counts, and the **association** it is sorted by, largest first.
 *
 * Why the association, not Cohen's h on presence: better relationships have more
 * interactions of every kind, so a frequent type is present in more top accounts
 * whatever it does. The association ({@linkcode practiceAssociation}) asks instead
 * whether the better accounts make more of a **habit** of the type than their activity
 * explains: per account, the posterior probability of a habit under a Poisson mixture
 * fitted to the type against the account's other positive interactions (or, for a type
 * without habits, the probit of its Poisson mid-p), correlated (Pearson) with the rank of
 * the account's value across the accounts compared; p-value one-sided
 * ({@linkcode pearsonGreaterP}), Holm-adjusted over the types.
 *
 * Complexity: one SQL aggregation over the window's interactions (two queries read it), then
 * O(rounds × EM steps × types × accounts).
 *
 * @example
 * ```ts
 * import { bestPractice } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002"]); // e.g. the top-20 % accounts by profit
 * await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * ```
 */
export async function bestPractice(
  engine: Engine,
  top: ReadonlySet<string>,
  from: string,
  to: string,
  options: PracticeOptions = {},
): Promise<PracticeRow[]> {
  await engine.run("CREATE OR REPLACE TEMP TABLE _top (account_id VARCHAR PRIMARY KEY)");
  await engine.run("CREATE OR REPLACE TEMP TABLE _among (account_id VARCHAR PRIMARY KEY)");
  const fill = async (table: string, ids: Iterable<string>) => {
    const app = await engine.conn.createAppender(table);
    for (const id of ids) {
      app.appendVarchar(id);
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  };
  if (top.size) await fill("_top", top);
  if (options.among) await fill("_among", options.among);
  // the window's counts per account and type, read by both queries below
  await engine.run(`CREATE OR REPLACE TEMP TABLE _w AS
SELECT account_id, interaction_type, count(*) AS n
FROM interactions WHERE occurred_at >= ${date(from)} AND occurred_at < ${date(to)} GROUP BY ALL`);
  const rows = await engine.query<
    PracticeRow & { with_top: number; with_rest: number; sum_top: number; sum_rest: number }
  >(`
WITH w AS (SELECT * FROM _w),
accts AS (SELECT account_id, account_id IN (SELECT account_id FROM _top) AS is_top
  FROM ${options.among ? "_among" : "(SELECT DISTINCT account_id FROM w)"}),
sizes AS (SELECT count(*) FILTER (WHERE is_top) AS n_top, count(*) FILTER (WHERE NOT is_top) AS n_rest FROM accts)
SELECT p.interaction_type, p.label, p.stage, p.function, p.rv,
       count(*) FILTER (WHERE a.is_top) AS with_top, count(*) FILTER (WHERE NOT a.is_top) AS with_rest,
       coalesce(sum(w.n) FILTER (WHERE a.is_top), 0) AS sum_top, coalesce(sum(w.n) FILTER (WHERE NOT a.is_top), 0) AS sum_rest,
       any_value(s.n_top) AS n_top, any_value(s.n_rest) AS n_rest
FROM w JOIN accts a USING (account_id) JOIN ipf p USING (interaction_type), sizes s
WHERE p.rv > 0
GROUP BY p.interaction_type, p.label, p.stage, p.function, p.rv`);
  const counts = await engine.query<{ account_id: string; interaction_type: string; n: number }>(`
SELECT w.account_id, w.interaction_type, w.n FROM _w w JOIN ipf p USING (interaction_type)
WHERE p.rv > 0 ${options.among ? "AND w.account_id IN (SELECT account_id FROM _among)" : ""}
ORDER BY w.account_id, w.interaction_type`);
  const assoc = practiceAssociation(
    counts,
    (id) => options.value?.get(id) ?? (top.has(id) ? 1 : 0),
    top,
  );
  const adjusted = holm(rows.map((r) => assoc.get(r.interaction_type)?.p_value ?? 1));
  return rows.map((r, i) => {
    const rateTop = r.n_top ? r.with_top / r.n_top : 0,
      rateRest = r.n_rest ? r.with_rest / r.n_rest : 0;
    const a = assoc.get(r.interaction_type);
    return {
      interaction_type: r.interaction_type,
      label: r.label,
      stage: r.stage,
      function: r.function,
      rv: Number(r.rv),
      rate_top: rateTop,
      rate_rest: rateRest,
      enrichment: rateRest > 0 ? rateTop / rateRest : null,
      cohens_h: 2 * Math.asin(Math.sqrt(rateTop)) - 2 * Math.asin(Math.sqrt(rateRest)),
      mean_top: r.n_top ? r.sum_top / r.n_top : 0,
      mean_rest: r.n_rest ? r.sum_rest / r.n_rest : 0,
      n_top: r.n_top,
      n_rest: r.n_rest,
      share_top: a?.share_top ?? 0,
      share_rest: a?.share_rest ?? 0,
      association: a?.association ?? 0,
      p_value: a?.p_value ?? 1,
      p_adjusted: adjusted[i],
      n: a?.n ?? 0,
      habit_share: a?.habit_share ?? 0,
      habit_extra: a?.habit_extra ?? 0,
    };
  }).sort((a, b) =>
    b.association - a.association || (a.interaction_type < b.interaction_type ? -1 : 1)
  );
}

/** The association of one interaction type (see {@linkcode practiceAssociation}). */
export interface PracticeAssociation {
  association: number;
  p_value: number;
  n: number;
  share_top: number;
  share_rest: number;
  /** the estimated share of the accounts that made a habit of the type (0: none found) */
  habit_share: number;
  /** the occurrences in the window a habit adds to what activity brings (0: none found) */
  habit_extra: number;
}

/**
 * The cap of the probit score of a type without habits ({@linkcode practiceAssociation}):
 * ± probit(0.999) ≈ ± 3.09, so one freak count does not carry the correlation.
 */
export const SCORE_CAP = 3.090232306167813;

/**
 * Per interaction type, the association {@linkcode bestPractice} sorts by, from
 * per-account counts of the positive-rv types.
 *
 * 1. **The usual mix.** Account i would have type t about e(i, t) = p(t) × O(i, t) times,
 *    O(i, t) its other positive interactions and p(t) the type's usual rate per other
 *    interaction. Some accounts make a **habit** of a type: it adds about μ(t) occurrences
 *    a window to what their activity brings. When the type passes the gate (enough counts
 *    far above the pooled rate, see {@linkcode habitMixture}), p(t), μ(t) and the habit's
 *    share π(t) are fitted per type by EM on the two-component mixture (1 − π)·Poisson(p·O) +
 *    π·Poisson(p·O + μ); in O a habit account's count of another type is taken at its
 *    usual part, and the fits are repeated (4 rounds). Without habits π or μ goes to 0
 *    and p is the pooled rate; a "habit" of more than half the accounts
 *    ({@linkcode HABIT_MAX_SHARE}), or one that less than doubles their usual count, is
 *    taken as the usual mix misfitted, not a habit.
 * 2. **The score** of account i for type t: the posterior probability that i has the
 *    habit, when the type has habits; else the probit ({@linkcode normalQuantile}) of
 *    the Poisson mid-p ({@linkcode poissonMidP}) of its count against e(i, t), capped at
 *    ± {@linkcode SCORE_CAP}: about standard normal under the usual mix at any activity.
 * 3. **The association** of t: Pearson's r, over the accounts with at least one other
 *    positive interaction, of the score with the rank of `value(account)` (average ranks
 *    for ties); one-sided p-value ({@linkcode pearsonGreaterP}; NaN r → 0, p 1). Also
 *    the type's pooled share of all positive interactions of the `top` accounts and of
 *    the rest. {@linkcode bestPractice} passes the value the top accounts were chosen by.
 *
 * Why: better relationships have more interactions of every kind, so a count or a
 * presence rate favours frequent types whatever they do, and a share penalises busy
 * accounts for a habit of fixed size. Against a pooled rate (no habits), the accounts with
 * a habit inflate that type's rate and every other type's O, so every account without
 * it looks short of it, the busier the more: on the planted worlds the true driver
 * types then came out with negative association (0 of 20 worlds found); with the mixture
 * the association tracks the adopters' own correlation with share of wallet.
 *
 * Complexity: O(rounds × EM steps × types × accounts + Σ counts).
 *
 * @example
 * ```ts
 * import { practiceAssociation } from "./best_practice.ts";
 * const counts = [
 *   { account_id: "a", interaction_type: "qbr", n: 6 }, { account_id: "a", interaction_type: "call", n: 6 },
 *   { account_id: "b", interaction_type: "qbr", n: 5 }, { account_id: "b", interaction_type: "call", n: 6 },
 *   { account_id: "c", interaction_type: "qbr", n: 1 }, { account_id: "c", interaction_type: "call", n: 6 },
 *   { account_id: "d", interaction_type: "qbr", n: 0 }, { account_id: "d", interaction_type: "call", n: 6 },
 * ];
 * const value = new Map([["a", 0.9], ["b", 0.7], ["c", 0.3], ["d", 0.1]]);
 * const a = practiceAssociation(counts, (id) => value.get(id)!, new Set(["a"])).get("qbr")!;
 * [a.association > 0.8, a.share_top]; // => [true, 0.5]
 * ```
 */
export function practiceAssociation(
  counts: readonly { account_id: string; interaction_type: string; n: number }[],
  value: (accountId: string) => number,
  top: ReadonlySet<string>,
): Map<string, PracticeAssociation> {
  const accounts = [...new Set(counts.map((c) => c.account_id))].sort();
  const index = new Map(accounts.map((id, i) => [id, i]));
  const total = new Array<number>(accounts.length).fill(0);
  const byType = new Map<string, number[]>();
  for (const c of counts) {
    const i = index.get(c.account_id)!, n = Number(c.n);
    total[i] += n;
    let v = byType.get(c.interaction_type);
    if (!v) byType.set(c.interaction_type, v = new Array<number>(accounts.length).fill(0));
    v[i] += n;
  }
  const types = [...byType.keys()].sort();
  const fit = usualMix(types.map((t) => byType.get(t)!), total);
  const values = accounts.map(value);
  const ranks = averageRanks(values).ranks;
  const isTop = accounts.map((id) => top.has(id));
  const out = new Map<string, PracticeAssociation>();
  types.forEach((type, k) => {
    const n = byType.get(type)!;
    let topN = 0, topAll = 0, restN = 0, restAll = 0;
    const w = fit.habit[k]?.w;
    const score: number[] = [], rank: number[] = [];
    for (let i = 0; i < accounts.length; i++) {
      if (isTop[i]) {
        topN += n[i];
        topAll += total[i];
      } else {
        restN += n[i];
        restAll += total[i];
      }
      if (!(total[i] - n[i] > 0)) continue;
      if (w) score.push(w[i]);
      else {
        const z = normalQuantile(poissonMidP(n[i], fit.expected(k, i)));
        score.push(Math.max(-SCORE_CAP, Math.min(SCORE_CAP, z)));
      }
      rank.push(ranks[i]);
    }
    const r = score.length >= 3 ? pearson(score, rank) : NaN;
    const ok = Number.isFinite(r);
    out.set(type, {
      association: ok ? r : 0,
      p_value: ok ? pearsonGreaterP(r, score.length) : 1,
      n: score.length,
      share_top: topAll ? topN / topAll : 0,
      share_rest: restAll ? restN / restAll : 0,
      habit_share: fit.habit[k]?.share ?? 0,
      habit_extra: fit.habit[k]?.extra ?? 0,
    });
  });
  return out;
}

/** A type's habits: each account's posterior weight, their share π and extra μ. */
interface Habit {
  w: Float64Array;
  share: number;
  extra: number;
}

/** The largest share of accounts a habit may have ({@linkcode habitMixture}). */
export const HABIT_MAX_SHARE = 0.5;

/** Rounds of the usual mix: the fits of all types, then the robust totals, again. */
const MIX_ROUNDS = 4;

/**
 * The usual mix of {@linkcode practiceAssociation}, step 1: per type k the habit mixture
 * ({@linkcode habitMixture}) against the accounts' other interactions, where a habit
 * account's count of a type is taken at its usual part; `expected(k, i)` = p(k) × the
 * account's other interactions so counted. {@linkcode MIX_ROUNDS} rounds.
 */
function usualMix(
  byType: readonly number[][],
  total: readonly number[],
): { expected: (k: number, i: number) => number; habit: (Habit | null)[] } {
  const nA = total.length;
  const habit: (Habit | null)[] = byType.map(() => null);
  const cell = byType.map((n) => Float64Array.from(n));
  const robust = Float64Array.from(total);
  const p = new Float64Array(byType.length);
  const start: ({ p: number; share: number; extra: number } | undefined)[] = byType.map(() =>
    undefined
  );
  for (let round = 0; round < MIX_ROUNDS; round++) {
    byType.forEach((n, k) => {
      const others = Float64Array.from(robust, (t, i) => t - cell[k][i]);
      const fit = habitMixture(n, others, start[k]);
      start[k] = { p: fit.p, share: fit.share, extra: fit.extra };
      p[k] = fit.p;
      habit[k] = fit.share > 0 ? { w: fit.w, share: fit.share, extra: fit.extra } : null;
      for (let i = 0; i < nA; i++) {
        cell[k][i] = (1 - fit.w[i]) * n[i] + fit.w[i] * fit.p * others[i];
      }
    });
    robust.fill(0);
    for (const c of cell) for (let i = 0; i < nA; i++) robust[i] += c[i];
  }
  return { expected: (k, i) => p[k] * (robust[i] - cell[k][i]), habit };
}

/**
 * The habit mixture of one type, by EM (Dempster, Laird & Rubin 1977): n(i) ~
 * (1 − π)·Poisson(p·o(i)) + π·Poisson(p·o(i) + μ), i.e. a habit adds μ occurrences a
 * window to what the account's activity o(i) brings. The habit component's count is split
 * into its usual part (share p·o ÷ (p·o + μ)) and its extra, so every M step is
 * closed-form. Returns p (the usual rate), each account's posterior weight w(i) of the
 * habit, π (`share`) and μ (`extra`). There are no habits (w = 0, share 0, p the pooled
 * rate Σn ÷ Σo) when π or μ goes to 0, when π exceeds {@linkcode HABIT_MAX_SHARE} (what
 * most accounts do is the usual mix) or when μ is less than the habit accounts' usual
 * count p·o (a habit at least doubles it; a smaller excess is the extra-Poisson spread a
 * frequent type has given the others, not a habit), and without fitting at all when fewer
 * than {@linkcode HABIT_GATE_SHARE} of the accounts (and fewer than 3) have a count with
 * mid-p above {@linkcode HABIT_GATE_MID_P} under the pooled rate (chance puts 1 in 1,000
 * there). Accounts with o(i) = 0 take no part (w 0); `start` (an earlier fit) starts the EM.
 *
 * Complexity: O(iterations × accounts with a count + Σ n), at most 500 iterations.
 *
 * @example
 * ```ts
 * import { habitMixture } from "./best_practice.ts";
 * // 6 accounts of activity 10 with the usual 1 a window, 4 with 8 more (a habit)
 * const n = [1, 0, 2, 1, 1, 0, 9, 10, 8, 9];
 * const fit = habitMixture(n, n.map(() => 10));
 * [fit.share.toFixed(1), Math.round(fit.extra), fit.w[0] < 0.01, fit.w[7] > 0.99]; // => ["0.4", 8, true, true]
 * habitMixture([1, 0, 2, 1], [10, 10, 10, 10]).share; // => 0
 * ```
 */
export function habitMixture(
  n: readonly number[],
  o: ArrayLike<number>,
  start?: { p: number; share: number; extra: number },
): { p: number; w: Float64Array; share: number; extra: number } {
  const m = n.length;
  let sumN = 0, sumO = 0, used = 0, zeroO = 0;
  // the accounts with a count; those without share one weight (their n is 0)
  const nz: number[] = [];
  for (let i = 0; i < m; i++) {
    if (!(o[i] > 0)) continue;
    sumN += n[i];
    sumO += o[i];
    used++;
    if (n[i] > 0) nz.push(i);
    else zeroO += o[i];
  }
  const zeros = used - nz.length;
  const w = new Float64Array(m);
  const pooled = sumO > 0 ? sumN / sumO : 0;
  const none = () => {
    w.fill(0);
    return { p: pooled, w, share: 0, extra: 0 };
  };
  if (!(sumN > 0 && sumO > 0)) return none();
  // the gate: habits only when clearly more accounts are far above the pooled rate than
  // chance puts there (1 in 1,000 under the usual mix; at least 1 % and 3 accounts)
  let far = 0;
  for (const i of nz) if (poissonMidP(n[i], pooled * o[i]) > HABIT_GATE_MID_P) far++;
  if (far < Math.max(3, HABIT_GATE_SHARE * used)) return none();
  let p = pooled / 2, mu = Math.max(1, 2 * sumN / used), pi = 0.2;
  if (start && start.share > 0) ({ p, extra: mu, share: pi } = start);
  let w0 = 0;
  for (let it = 0; it < HABIT_EM_STEPS; it++) {
    const prior = Math.log(pi / (1 - pi));
    // log-likelihood ratio habit : usual (the n! terms cancel); n = 0 gives −μ + prior
    const l0 = -mu + prior;
    w0 = l0 > 35 ? 1 : l0 < -35 ? 0 : 1 / (1 + Math.exp(-l0));
    let w1 = zeros * w0, usual = 0, extra = 0;
    for (const i of nz) {
      const lam = p * o[i];
      const llr = n[i] * Math.log1p(mu / lam) + l0;
      const wi = llr > 35 ? 1 : llr < -35 ? 0 : 1 / (1 + Math.exp(-llr));
      w[i] = wi;
      w1 += wi;
      const a = n[i] * lam / (lam + mu);
      usual += (1 - wi) * n[i] + wi * a;
      extra += wi * (n[i] - a);
    }
    const np = usual / sumO, nmu = w1 > 0 ? extra / w1 : 0, npi = w1 / used;
    const done = Math.abs(np - p) <= 1e-8 * p && Math.abs(npi - pi) <= 1e-8 &&
      Math.abs(nmu - mu) <= 1e-8 * Math.max(1, mu);
    p = np;
    mu = nmu;
    pi = npi;
    if (!(pi > 1e-6 && mu > 1e-6 && p > 0)) return none();
    if (done) break;
  }
  for (let i = 0; i < m; i++) if (o[i] > 0 && !(n[i] > 0)) w[i] = w0;
  // a habit is what a minority does, and at least doubles what activity brings to them:
  // a "habit" of most accounts, or a small excess over many, is the usual mix misfitted
  // (counts of a frequent type vary more than Poisson given the others)
  let wSum = zeros * w0, wUsual = w0 * p * zeroO;
  for (const i of nz) {
    wSum += w[i];
    wUsual += w[i] * p * o[i];
  }
  return pi <= HABIT_MAX_SHARE && mu >= wUsual / wSum ? { p, w, share: pi, extra: mu } : none();
}

/** {@linkcode habitMixture}'s gate: a count this far above the pooled rate is "far above". */
export const HABIT_GATE_MID_P = 0.999;

/** {@linkcode habitMixture}'s gate: the least share of accounts far above for habits. */
export const HABIT_GATE_SHARE = 0.01;

/** The most EM steps of {@linkcode habitMixture} (it stops when the fit moves < 1e-8). */
const HABIT_EM_STEPS = 500;

/**
 * The evidence a next best action needs: its association's Holm-adjusted p at most this.
 * An action goes to up to 100 accounts, so it clears a family-wise 1 %, not 5 %: at 5 %,
 * 5 of the 100 null worlds of the recovery test had a next best action (a rare type a few
 * of the best accounts happened to have), the most the target allows; at 1 %, 0.
 */
export const ACTION_MAX_P = 0.01;

/** Which best-practice rows may become next best actions ({@linkcode isActionable}). */
export interface ActionOptions {
  /** the largest Holm-adjusted p-value of the association; default {@linkcode ACTION_MAX_P} */
  maxP?: number;
  /** the fewest top accounts that had the type; default 5 */
  minTop?: number;
}

/**
 * Whether a best-practice row may be a next best action: rv > 0, association > 0 with
 * p_adjusted ≤ `maxP` (default {@linkcode ACTION_MAX_P}), and had by at least `minTop` top accounts (default
 * 5). On data where no type goes with better accounts, no row is.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { isActionable } from "./best_practice.ts";
 * isActionable({ rv: 4, association: 0.3, p_adjusted: 0.001, rate_top: 0.5, n_top: 40 }); // => true
 * isActionable({ rv: 4, association: 0.3, p_adjusted: 0.03, rate_top: 0.5, n_top: 40 }); // => false
 * ```
 */
export function isActionable(
  p: Pick<PracticeRow, "rv" | "association" | "p_adjusted" | "rate_top" | "n_top">,
  options: ActionOptions = {},
): boolean {
  return p.rv > 0 && p.association > 0 && p.p_adjusted <= (options.maxP ?? ACTION_MAX_P) &&
    p.rate_top * p.n_top >= (options.minTop ?? 5);
}

/**
 * Next best actions for an account: the best-practice interaction types that are
 * {@linkcode isActionable} and that the account has not had in the window, best first.
 *
 * Why: turns the best-practice table into a to-do list for one account manager.
 * Complexity: one query for the account's interaction types, then O(practice rows).
 *
 * @example
 * ```ts
 * import { bestPractice, nextBestActions } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002", "acct-00003"]); // e.g. the top accounts by profit
 * const practice = await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * await nextBestActions(engine, "acct-00010", practice, "2025-01-01", "2026-01-01", { limit: 3 });
 * ```
 */
export async function nextBestActions(
  engine: Engine,
  accountId: string,
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: ActionOptions & { limit?: number } = {},
): Promise<PracticeRow[]> {
  const had = new Set(
    (await engine.query<{ t: string }>(
      `SELECT DISTINCT interaction_type AS t FROM interactions WHERE account_id = $1 AND occurred_at >= ${
        date(from)
      } AND occurred_at < ${date(to)}`,
      [accountId],
    )).map((r) => r.t),
  );
  return practice
    .filter((p) => isActionable(p, options) && !had.has(p.interaction_type))
    .slice(0, options.limit ?? 5);
}

/** One next best action for one account, with its reason in words. */
export interface NextBestAction {
  account_id: string;
  interaction_type: string;
  label: string;
  /** the type's IPF weight, always > 0 */
  rv: number;
  rate_top: number;
  rate_rest: number;
  cohens_h: number;
  why: string;
}

/**
 * Why a best-practice type is the next best action for an account that lacks it, in
 * words: "62 % of the top 20 % of customers had at least one “quarterly business
 * review” in the window, 18 % of the other customers; this account had none" (the IPF
 * label, lower case). `top` and `rest` name
 * the groups compared.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { actionWhy } from "./best_practice.ts";
 * actionWhy({ label: "Quarterly business review", rate_top: 0.62, rate_rest: 0.18 }, "the top 20 % of customers", "the other customers");
 * // => "62 % of the top 20 % of customers had at least one “quarterly business review” in the window, 18 % of the other customers; this account had none"
 * ```
 */
export function actionWhy(
  p: { label: string; rate_top: number; rate_rest: number },
  top: string,
  rest: string,
): string {
  const pc = (x: number) => `${Math.round(100 * x)} %`;
  return `${pc(p.rate_top)} of ${top} had at least one “${p.label.toLowerCase()}” in the window, ${
    pc(p.rate_rest)
  } of ${rest}; this account had none`;
}

/**
 * Next best actions for several accounts at once: per account, the best-practice
 * types that are {@linkcode isActionable} and that it had none of in [from, to), best
 * first, at most `limit`
 * (default 3) each; `why` from {@linkcode actionWhy} with the group names `top` and
 * `rest` (defaults "the top accounts", "the other accounts"). In the order of `ids`.
 *
 * Complexity: one query for the accounts' interaction types, then O(ids × practice rows).
 *
 * @example
 * ```ts
 * import { bestPractice, nextBestActionsFor } from "./best_practice.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const top = new Set(["acct-00001", "acct-00002", "acct-00003"]);
 * const practice = await bestPractice(engine, top, "2025-01-01", "2026-01-01");
 * await nextBestActionsFor(engine, ["acct-00010", "acct-00011"], practice, "2025-01-01", "2026-01-01");
 * ```
 */
export async function nextBestActionsFor(
  engine: Engine,
  ids: readonly string[],
  practice: readonly PracticeRow[],
  from: string,
  to: string,
  options: ActionOptions & { limit?: number; top?: string; rest?: string } = {},
): Promise<NextBestAction[]> {
  if (!ids.length) return [];
  const had = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  await engine.run("CREATE OR REPLACE TEMP TABLE _nba (account_id VARCHAR PRIMARY KEY)");
  const app = await engine.conn.createAppender("_nba");
  for (const id of had.keys()) {
    app.appendVarchar(id);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  const rows = await engine.query<{ a: string; t: string }>(
    `SELECT DISTINCT account_id AS a, interaction_type AS t FROM interactions
     WHERE account_id IN (SELECT account_id FROM _nba) AND occurred_at >= ${
      date(from)
    } AND occurred_at < ${date(to)}`,
  );
  for (const r of rows) had.get(r.a)?.add(r.t);
  const candidates = practice.filter((p) => isActionable(p, options));
  const out: NextBestAction[] = [];
  for (const id of new Set(ids)) {
    for (
      const p of candidates.filter((c) => !had.get(id)!.has(c.interaction_type)).slice(
        0,
        options.limit ?? 3,
      )
    ) {
      out.push({
        account_id: id,
        interaction_type: p.interaction_type,
        label: p.label,
        rv: p.rv,
        rate_top: p.rate_top,
        rate_rest: p.rate_rest,
        cohens_h: p.cohens_h,
        why: actionWhy(p, options.top ?? "the top accounts", options.rest ?? "the other accounts"),
      });
    }
  }
  return out;
}
