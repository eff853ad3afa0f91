/**
 * Analysis of coded answers: code × case and code × question matrices,
 * co-occurrence with a normalised coefficient, representative quotes and
 * themes by score.
 *
 * @module
 */
import type { AnswerRow } from "./segment.ts";
import type { CodeHit } from "./coder.ts";
import { substance } from "./substance.ts";

/** Answer-level codes: theme ids per answer id. */
export type AnswerCodes = ReadonlyMap<string, ReadonlySet<string>>;

/** A case dimension of the transcripts table. */
export type CaseField = "respondent_id" | "company_id" | "role" | "question_id";

/** One cell of a theme × case matrix. */
export interface MatrixCell {
  theme_id: string;
  case: string;
  /** answers of the case coded with the theme */
  count: number;
  /** answers of the case */
  answers: number;
  /** count / answers */
  share: number;
}

/**
 * A theme × case matrix: for every theme and every value of the case field
 * (respondent, company, role or question; missing = "(none)"), the answers
 * coded with the theme, of how many, and the share. Complexity:
 * O(answers × themes).
 *
 * @example
 * ```ts
 * import { codeMatrix } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * const codes = codesByAnswer(hits);
 * codeMatrix(rows, codes, ["crm_single_view"], "question_id"); // [{theme_id, case: "q1", count, answers, share}, …]
 * ```
 */
export function codeMatrix(
  rows: readonly AnswerRow[],
  codes: AnswerCodes,
  themeIds: readonly string[],
  by: CaseField,
): MatrixCell[] {
  const cases = new Map<string, AnswerRow[]>();
  for (const r of rows) {
    const k = r[by] ?? "(none)";
    if (!cases.has(k)) cases.set(k, []);
    cases.get(k)!.push(r);
  }
  const keys = [...cases.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const out: MatrixCell[] = [];
  for (const t of themeIds) {
    for (const k of keys) {
      const list = cases.get(k)!;
      const count = list.filter((r) => codes.get(r.answer_id)?.has(t)).length;
      out.push({ theme_id: t, case: k, count, answers: list.length, share: count / list.length });
    }
  }
  return out;
}

/** How often each theme is coded, overall. */
export interface ThemeCount {
  theme_id: string;
  label: string;
  answers: number;
  share: number;
  respondents: number;
  /** sentences coded (auto-coder hits only) */
  sentences: number;
}

/**
 * Counts per theme: answers, share of answers, distinct respondents, sentences.
 * Sorted by answers, descending (ties: codebook order). Complexity: O(answers × themes + hits).
 *
 * @example
 * ```ts
 * import { themeCounts } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * const codes = codesByAnswer(hits);
 * themeCounts(rows, codes, codebook.themes, hits)[0]; // the most frequent theme
 * ```
 */
export function themeCounts(
  rows: readonly AnswerRow[],
  codes: AnswerCodes,
  themes: readonly { id: string; label: string }[],
  hits: readonly CodeHit[] = [],
): ThemeCount[] {
  const sentences = new Map<string, Set<string>>();
  for (const h of hits) {
    if (!sentences.has(h.theme_id)) sentences.set(h.theme_id, new Set());
    sentences.get(h.theme_id)!.add(`${h.answer_id}\u0000${h.sentence}`);
  }
  return themes.map((t, i) => {
    const coded = rows.filter((r) => codes.get(r.answer_id)?.has(t.id));
    return {
      i,
      theme_id: t.id,
      label: t.label,
      answers: coded.length,
      share: rows.length ? coded.length / rows.length : NaN,
      respondents: new Set(coded.map((r) => r.respondent_id)).size,
      sentences: sentences.get(t.id)?.size ?? 0,
    };
  }).sort((a, b) => b.answers - a.answers || a.i - b.i).map(({ i: _i, ...rest }) => rest);
}

/** Co-occurrence of two themes in the same answers. */
export interface CoOccurrence {
  a: string;
  b: string;
  n_a: number;
  n_b: number;
  both: number;
  /** both / (n_a + n_b − both) */
  jaccard: number;
  /** both / √(n_a n_b) (cosine, the Ochiai coefficient) */
  ochiai: number;
  /** max(n_a, n_b) / min(n_a, n_b) */
  frequency_ratio: number;
  /** set when the coefficient means little: "unequal" (ratio > maxRatio) or "rare" (min < minCount) */
  flag: "" | "unequal" | "rare";
}

/**
 * Co-occurrence of every pair of themes coded at least once: counts, Jaccard
 * and Ochiai coefficients, and a flag when the two themes' frequencies are too
 * unequal (a rare theme always sitting inside a frequent one gives a small
 * Jaccard that says nothing) or too rare. Complexity: O(themes² × answers).
 *
 * @example
 * ```ts
 * import { coOccurrence } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * const codes = codesByAnswer(hits);
 * coOccurrence(codes, ["crm_single_view", "channels"], { maxRatio: 5, minCount: 3 });
 * ```
 */
export function coOccurrence(
  codes: AnswerCodes,
  themeIds: readonly string[],
  options: { maxRatio?: number; minCount?: number } = {},
): CoOccurrence[] {
  const maxRatio = options.maxRatio ?? 5;
  const minCount = options.minCount ?? 3;
  const sets = new Map<string, Set<string>>();
  for (const t of themeIds) sets.set(t, new Set());
  for (const [answer, ts] of codes) for (const t of ts) sets.get(t)?.add(answer);
  const used = themeIds.filter((t) => sets.get(t)!.size > 0);
  const out: CoOccurrence[] = [];
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const sa = sets.get(used[i])!;
      const sb = sets.get(used[j])!;
      let both = 0;
      for (const x of sa) if (sb.has(x)) both++;
      const lo = Math.min(sa.size, sb.size);
      const ratio = Math.max(sa.size, sb.size) / lo;
      out.push({
        a: used[i],
        b: used[j],
        n_a: sa.size,
        n_b: sb.size,
        both,
        jaccard: both / (sa.size + sb.size - both),
        ochiai: both / Math.sqrt(sa.size * sb.size),
        frequency_ratio: ratio,
        flag: lo < minCount ? "rare" : ratio > maxRatio ? "unequal" : "",
      });
    }
  }
  return out;
}

/** A quote backing a theme. */
export interface Quote {
  theme_id: string;
  quote: string;
  answer_id: string;
  respondent_id: string;
  company_id: string | null;
  role: string | null;
  question_id: string | null;
  /** file:line or comment id */
  source: string;
  rule: string;
}

/** Options of {@linkcode representativeQuotes}. */
export interface QuoteOptions {
  /** answers in another language than the main one: quoted only for a theme with no other */
  otherLanguage?: ReadonlySet<string>;
  /** the highest filler ratio a quote may have (default 0.15; see `substance()`) */
  maxFillerRatio?: number;
  /** the fewest content words a quote must have (default 3) */
  minContentWords?: number;
  /** content-word Jaccard at which two sentences count as the same (default 0.7) */
  duplicateOverlap?: number;
}

/**
 * Representative quotes per theme, chosen for substance: sentences the coder
 * matched, at most one per respondent; never one whose filler ratio (um, uh,
 * like, you know, stutters) is above `maxFillerRatio` or with fewer than
 * `minContentWords` content words; from answers in the main language unless
 * the theme has no other; the same or a near-duplicate sentence (content-word
 * Jaccard ≥ `duplicateOverlap`) never twice across themes unless a theme would
 * otherwise have no quote. Among the eligible, sentences of 8–40 words are
 * preferred (long enough to say something, short enough to quote), then fewer
 * fillers and more content words per word, statements before questions, then
 * the earliest. Themes with fewer
 * candidates choose first, so a rare theme keeps its only sentence. Output in
 * the order themes first appear among the hits. Deterministic.
 * Complexity: O(hits log hits + hits × quotes).
 *
 * @example
 * ```ts
 * import { representativeQuotes } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * representativeQuotes(hits, rows, 3); // up to 3 quotes per theme
 * ```
 */
export function representativeQuotes(
  hits: readonly CodeHit[],
  rows: readonly AnswerRow[],
  perTheme = 3,
  options: QuoteOptions = {},
): Quote[] {
  const maxFiller = options.maxFillerRatio ?? 0.15;
  const minContent = options.minContentWords ?? 3;
  const dupAt = options.duplicateOverlap ?? 0.7;
  const other = options.otherLanguage ?? new Set<string>();
  const byId = new Map(rows.map((r, i) => [r.answer_id, { r, i }]));
  const lengthPenalty = (w: number) => (w >= 8 && w <= 40 ? 0 : w < 8 ? 8 - w : (w - 40) / 4);
  interface Candidate {
    h: CodeHit;
    row: AnswerRow;
    order: number;
    score: number;
    content: Set<string>;
    other: boolean;
  }
  const byTheme = new Map<string, Candidate[]>();
  const measured = new Map<string, ReturnType<typeof substance>>();
  for (const h of hits) {
    const at = byId.get(h.answer_id);
    if (!at) continue;
    const s = measured.get(h.text) ?? substance(h.text);
    measured.set(h.text, s);
    if (s.filler_ratio > maxFiller || s.content.length < minContent) continue;
    if (!byTheme.has(h.theme_id)) byTheme.set(h.theme_id, []);
    byTheme.get(h.theme_id)!.push({
      h,
      row: at.r,
      order: at.i,
      score: lengthPenalty(s.words) + 10 * s.filler_ratio + 2 * (1 - s.content.length / s.words) +
        (/\?\s*$/.test(h.text) ? 3 : 0),
      content: new Set(s.content),
      other: other.has(h.answer_id),
    });
  }
  const firstSeen = [...new Set(hits.map((h) => h.theme_id))];
  const chosen = new Map<string, Candidate[]>();
  const used: Set<string>[] = [];
  const jaccard = (a: Set<string>, b: Set<string>) => {
    let both = 0;
    for (const t of a) if (b.has(t)) both++;
    return both / (a.size + b.size - both);
  };
  const isUsed = (c: Candidate) => used.some((u) => jaccard(u, c.content) >= dupAt);
  const themes = [...byTheme.keys()].sort((a, b) =>
    byTheme.get(a)!.length - byTheme.get(b)!.length || firstSeen.indexOf(a) - firstSeen.indexOf(b)
  );
  for (const theme of themes) {
    const all = byTheme.get(theme)!;
    const main = all.filter((c) => !c.other);
    const pool = (main.length ? main : all).sort((x, y) =>
      x.score - y.score || x.order - y.order || x.h.sentence - y.h.sentence
    );
    const pick = (allowUsed: boolean) => {
      const seen = new Set<string>();
      const out: Candidate[] = [];
      for (const c of pool) {
        if (seen.has(c.row.respondent_id)) continue;
        if (!allowUsed && isUsed(c)) continue;
        if (out.some((o) => jaccard(o.content, c.content) >= dupAt)) continue;
        seen.add(c.row.respondent_id);
        out.push(c);
        if (out.length >= perTheme) break;
      }
      return out;
    };
    let list = pick(false);
    if (!list.length && perTheme > 0) list = pick(true).slice(0, 1);
    for (const c of list) used.push(c.content);
    chosen.set(theme, list);
  }
  const out: Quote[] = [];
  for (const theme of firstSeen) {
    for (const { h, row } of chosen.get(theme) ?? []) {
      out.push({
        theme_id: theme,
        quote: h.text.length > 400 ? h.text.slice(0, 397) + "…" : h.text,
        answer_id: h.answer_id,
        respondent_id: row.respondent_id,
        company_id: row.company_id,
        role: row.role,
        question_id: row.question_id,
        source: row.source,
        rule: h.rule,
      });
    }
  }
  return out;
}

/** A theme's answers by score. */
export interface ThemeScore {
  theme_id: string;
  /** answers with the theme at each score value */
  by_score: Record<string, number>;
  answers: number;
  mean_score: number;
  /** mean score of the answers without the theme */
  mean_score_without: number;
}

/**
 * Themes by score (e.g. the NHS 1–5 Friends and Family answer): counts per
 * score value and the mean score with and without the theme. Answers whose
 * score is not a number in `valid` are left out. Complexity: O(answers × themes).
 *
 * @example
 * ```ts
 * import { themeByScore } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * const codes = codesByAnswer(hits);
 * themeByScore(rows, codes, ["crm_single_view"], "fft_score", ["1", "2", "3", "4", "5"]);
 * ```
 */
export function themeByScore(
  rows: readonly AnswerRow[],
  codes: AnswerCodes,
  themeIds: readonly string[],
  scoreField: string,
  valid: readonly string[],
): ThemeScore[] {
  const scored = rows.filter((r) => valid.includes((r.extra[scoreField] ?? "").trim()));
  return themeIds.map((t) => {
    const by: Record<string, number> = Object.fromEntries(valid.map((v) => [v, 0]));
    let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
    for (const r of scored) {
      const v = r.extra[scoreField]!.trim();
      if (codes.get(r.answer_id)?.has(t)) {
        by[v]++;
        s1 += Number(v);
        n1++;
      } else {
        s0 += Number(v);
        n0++;
      }
    }
    return {
      theme_id: t,
      by_score: by,
      answers: n1,
      mean_score: n1 ? s1 / n1 : NaN,
      mean_score_without: n0 ? s0 / n0 : NaN,
    };
  });
}

/**
 * Top themes per case (e.g. per question): the k themes with the most answers, ties by codebook order.
 * Complexity: O(cells log cells).
 *
 * @example
 * ```ts
 * import { codeMatrix, topThemesPerCase } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * import { autoCode, codesByAnswer } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * const codes = codesByAnswer(hits);
 * const ids = codebook.themes.map((t) => t.id);
 * topThemesPerCase(codeMatrix(rows, codes, ids, "question_id"), 3);
 * ```
 */
export function topThemesPerCase(
  cells: readonly MatrixCell[],
  k = 3,
): { case: string; themes: { theme_id: string; count: number; share: number }[] }[] {
  const byCase = new Map<string, MatrixCell[]>();
  for (const c of cells) {
    if (!byCase.has(c.case)) byCase.set(c.case, []);
    byCase.get(c.case)!.push(c);
  }
  return [...byCase].map(([kase, list]) => ({
    case: kase,
    themes: list.map((c, i) => ({ c, i })).filter(({ c }) => c.count > 0)
      .sort((x, y) => y.c.count - x.c.count || x.i - y.i).slice(0, k)
      .map(({ c }) => ({ theme_id: c.theme_id, count: c.count, share: c.share })),
  }));
}

/**
 * FNV-1a 32-bit hash of a string: a stable, seed-free way to split answers
 * into halves (development / test) that is the same in any language.
 *
 * @example
 * ```ts
 * import { fnv1a } from "./analysis.ts";
 * fnv1a("abc"); // => 440920331
 * ```
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The evaluation half of an answer id: "test" when its FNV-1a hash is odd, else "dev".
 * Complexity: O(length of the id).
 *
 * @example
 * ```ts
 * import { evaluationSplit } from "./analysis.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const test = rows.filter((r) => evaluationSplit(r.answer_id) === "test");
 * ```
 */
export function evaluationSplit(answerId: string): "dev" | "test" {
  return fnv1a(answerId) % 2 ? "test" : "dev";
}
