/**
 * Codebook modes, applied after coding (rules, learned model or both):
 * a fallback theme for answers nothing else coded, single-label coding by
 * priority, and the roll-up of child themes into their parents.
 *
 * @module
 */
import type { Codebook } from "./codebook.ts";
import type { CodeHit } from "./coder.ts";

/** The rule named on a fallback code. */
export const FALLBACK_RULE = "fallback: no other theme coded";

/** Answer-level codes: theme ids per answer id. */
export type AnswerCodeSets = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The theme an answer keeps under `single_label`: the best `priority` (1 first;
 * themes without one rank after every ranked theme), ties broken by codebook
 * order. Complexity: O(themes).
 *
 * @example
 * ```ts
 * import { singleLabelRank } from "./modes.ts";
 * const rank = singleLabelRank({ themes: [{ id: "a" }, { id: "b", priority: 1 }] });
 * rank("b") < rank("a"); // => true
 * ```
 */
export function singleLabelRank(
  codebook: { themes: readonly { id: string; priority?: number }[] },
): (themeId: string) => number {
  // (priority, codebook position) folded into one number; unranked themes after every ranked one
  const n = codebook.themes.length + 1;
  const rank = new Map(codebook.themes.map((t, i) => [t.id, (t.priority ?? 1e9) * n + i]));
  return (id) => rank.get(id) ?? Infinity;
}

/**
 * Applies the codebook's `single_label` and `fallback` modes to sentence-level
 * hits of a set of answers. Under `single_label`, an answer keeps only the hits
 * of its best-ranked theme ({@linkcode singleLabelRank}); the fallback theme
 * ("none of the others") is then given to every answer with no hit, as one
 * answer-level hit (`sentence` −1, rule {@linkcode FALLBACK_RULE}). Hits of the
 * fallback theme's own rules count as codes of it. Without modes the hits are
 * returned as they are. Complexity: O(hits + answers).
 *
 * @example
 * ```ts
 * import { applyCodebookModes } from "./modes.ts";
 * const hit = { answer_id: "a1", theme_id: "crm", sentence: 0, turn: 0, rule: "phrase \"crm\"",
 *   matched: "CRM", negated: false, text: "Our CRM.", coder: "auto" };
 * const codebook = { fallback: "other", single_label: false, themes: [{ id: "crm" }, { id: "other" }] };
 * applyCodebookModes([hit], ["a1", "a2"], codebook).map((h) => `${h.answer_id} ${h.theme_id}`);
 * // => ["a1 crm", "a2 other"]
 * ```
 */
export function applyCodebookModes(
  hits: readonly CodeHit[],
  answerIds: readonly string[],
  codebook: Pick<Codebook, "fallback" | "single_label"> & {
    themes: readonly { id: string; priority?: number }[];
  },
): CodeHit[] {
  let out = hits as CodeHit[];
  if (codebook.single_label) {
    const rank = singleLabelRank(codebook);
    const best = new Map<string, string>();
    for (const h of hits) {
      const b = best.get(h.answer_id);
      if (b === undefined || rank(h.theme_id) < rank(b)) best.set(h.answer_id, h.theme_id);
    }
    out = hits.filter((h) => best.get(h.answer_id) === h.theme_id);
  }
  const fallback = codebook.fallback;
  if (fallback !== undefined) {
    const coded = new Set(out.map((h) => h.answer_id));
    const extra: CodeHit[] = answerIds.filter((id) => !coded.has(id)).map((id) => ({
      answer_id: id,
      theme_id: fallback,
      sentence: -1,
      turn: 0,
      rule: FALLBACK_RULE,
      matched: "",
      negated: false,
      text: "",
      coder: "auto",
    }));
    if (extra.length) out = [...out, ...extra];
  }
  return out === hits ? [...hits] : out;
}

/**
 * The ancestors of every theme (parent, grandparent, …), nearest first.
 * Complexity: O(themes × depth).
 *
 * @example
 * ```ts
 * import { themeAncestors } from "./modes.ts";
 * themeAncestors([{ id: "a" }, { id: "b", parent: "a" }, { id: "c", parent: "b" }]).get("c");
 * // => ["b", "a"]
 * ```
 */
export function themeAncestors(
  themes: readonly { id: string; parent?: string }[],
): Map<string, string[]> {
  const parent = new Map(themes.map((t) => [t.id, t.parent]));
  const out = new Map<string, string[]>();
  for (const t of themes) {
    const chain: string[] = [];
    for (let p = t.parent; p !== undefined && !chain.includes(p); p = parent.get(p)) {
      chain.push(p);
    }
    out.set(t.id, chain);
  }
  return out;
}

/**
 * Rolls child themes up into their parents: an answer coded with a child is
 * also coded with every ancestor (a parent's count is then the answers with it
 * or any of its descendants, never their sum: an answer counts once). Returns
 * the input unchanged when no theme has a parent. Complexity: O(codes × depth).
 *
 * @example
 * ```ts
 * import { rollUpCodes } from "./modes.ts";
 * const themes = [{ id: "staff" }, { id: "manner", parent: "staff" }];
 * rollUpCodes(new Map([["a1", new Set(["manner"])]]), themes).get("a1");
 * // => Set {"manner", "staff"}
 * ```
 */
export function rollUpCodes(
  codes: AnswerCodeSets,
  themes: readonly { id: string; parent?: string }[],
): Map<string, Set<string>> {
  const ancestors = themeAncestors(themes);
  const out = new Map<string, Set<string>>();
  for (const [answer, set] of codes) {
    const s = new Set(set);
    for (const t of set) for (const p of ancestors.get(t) ?? []) s.add(p);
    out.set(answer, s);
  }
  return out;
}

/**
 * Hits repeated for every ancestor of their theme, for sentence counts of
 * rolled-up themes (not for the coded-segments table, which keeps what fired).
 * Complexity: O(hits × depth).
 *
 * @example
 * ```ts
 * import { rollUpHits } from "./modes.ts";
 * const hit = { answer_id: "a1", theme_id: "manner", sentence: 0 };
 * rollUpHits([hit], [{ id: "staff" }, { id: "manner", parent: "staff" }]).length; // => 2
 * ```
 */
export function rollUpHits<H extends { theme_id: string }>(
  hits: readonly H[],
  themes: readonly { id: string; parent?: string }[],
): H[] {
  const ancestors = themeAncestors(themes);
  const out: H[] = [];
  for (const h of hits) {
    out.push(h);
    for (const p of ancestors.get(h.theme_id) ?? []) out.push({ ...h, theme_id: p });
  }
  return out;
}

/**
 * True when one theme is an ancestor of the other (a rolled-up pair always
 * co-occurs, so its co-occurrence says nothing). Complexity: O(depth).
 *
 * @example
 * ```ts
 * import { isNested, themeAncestors } from "./modes.ts";
 * isNested(themeAncestors([{ id: "a" }, { id: "b", parent: "a" }]), "a", "b"); // => true
 * ```
 */
export function isNested(ancestors: ReadonlyMap<string, readonly string[]>, a: string, b: string) {
  return (ancestors.get(a)?.includes(b) ?? false) || (ancestors.get(b)?.includes(a) ?? false);
}
