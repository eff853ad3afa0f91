/**
 * Rule diagnostics: what each rule of a codebook codes, how precise it is
 * against the human codes where they exist, and which phrase words stem to
 * something much broader than the word written.
 *
 * @module
 */
import type { Codebook } from "./codebook.ts";
import type { CodeHit } from "./coder.ts";
import { compileCodebook } from "./coder.ts";
import type { Segmented } from "./segment.ts";
import { normaliseText, tokenize } from "./text.ts";

/** What one rule of a theme coded. */
export interface RuleDiagnostic {
  theme_id: string;
  /** the rule as hits name it, e.g. `phrase "flighted"` */
  rule: string;
  /** answers and sentences the rule coded, and how many of its sentence hits were negated */
  answers: number;
  sentences: number;
  negated: number;
  /** answers coded by this rule and by no other rule of the theme */
  only_rule: number;
  /** answers the rule coded that the human coder also coded with the theme (null: no human column) */
  human_agrees: number | null;
  /** human_agrees / answers, and human_agrees / the theme's human-coded answers (null: no human codes) */
  precision: number | null;
  recall: number | null;
  /** of the answers only this rule coded, the share the human also coded */
  only_rule_precision: number | null;
}

/**
 * Per-rule diagnostics of a coding run: for every rule of the codebook (also
 * rules that never fired) the answers and sentences it coded, negated hits, the
 * answers no other rule of the theme would have coded, and — for themes with a
 * human-code column — its precision and recall against the human codes at
 * answer level. Complexity: O(hits + rules + human codes).
 *
 * @example
 * ```ts
 * import { ruleDiagnostics } from "./diagnostics.ts";
 * import { autoCode, codesByAnswer, importHumanCodes } from "./coder.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * ruleDiagnostics(hits, codebook, null).filter((d) => d.answers === 0); // rules that never fired
 * ```
 */
export function ruleDiagnostics(
  hits: readonly CodeHit[],
  codebook: Codebook,
  human: { codes: ReadonlyMap<string, ReadonlySet<string>>; themes: readonly string[] } | null,
): RuleDiagnostic[] {
  const key = (t: string, r: string) => `${t}\u0000${r}`;
  const byRule = new Map<string, { answers: Set<string>; sentences: number; negated: number }>();
  const rulesOfAnswer = new Map<string, Set<string>>(); // theme × answer -> rules
  for (const h of hits) {
    const k = key(h.theme_id, h.rule);
    const r = byRule.get(k) ?? { answers: new Set(), sentences: 0, negated: 0 };
    r.answers.add(h.answer_id);
    r.sentences++;
    if (h.negated) r.negated++;
    byRule.set(k, r);
    const ka = key(h.theme_id, h.answer_id);
    if (!rulesOfAnswer.has(ka)) rulesOfAnswer.set(ka, new Set());
    rulesOfAnswer.get(ka)!.add(h.rule);
  }
  const humanThemes = new Set(human?.themes ?? []);
  const humanCount = new Map<string, number>();
  for (const set of human?.codes.values() ?? []) {
    for (const t of set) humanCount.set(t, (humanCount.get(t) ?? 0) + 1);
  }
  // every rule of the codebook in codebook order, then any rule only hits name (e.g. a fallback)
  const labels: [string, string][] = compileCodebook(codebook).themes.flatMap((ct) =>
    ct.rules.map((r): [string, string] => [ct.theme.id, r.label])
  );
  const listed = new Set(labels.map(([t, r]) => key(t, r)));
  for (const h of hits) {
    const k = key(h.theme_id, h.rule);
    if (!listed.has(k)) {
      listed.add(k);
      labels.push([h.theme_id, h.rule]);
    }
  }
  return labels.map(([theme, rule]) => {
    const r = byRule.get(key(theme, rule)) ??
      { answers: new Set<string>(), sentences: 0, negated: 0 };
    const only = [...r.answers].filter((a) => rulesOfAnswer.get(key(theme, a))?.size === 1);
    const judged = humanThemes.has(theme);
    const agrees = (list: Iterable<string>) => {
      let n = 0;
      for (const a of list) if (human!.codes.get(a)?.has(theme)) n++;
      return n;
    };
    const tp = judged ? agrees(r.answers) : null;
    const onlyTp = judged ? agrees(only) : null;
    const hc = humanCount.get(theme) ?? 0;
    return {
      theme_id: theme,
      rule,
      answers: r.answers.size,
      sentences: r.sentences,
      negated: r.negated,
      only_rule: only.length,
      human_agrees: tp,
      precision: tp === null || r.answers.size === 0 ? null : tp / r.answers.size,
      recall: tp === null || hc === 0 ? null : tp / hc,
      only_rule_precision: onlyTp === null || only.length === 0 ? null : onlyTp / only.length,
    };
  });
}

/** A phrase word whose stem matches mostly other words than the one written. */
export interface StemWarning {
  theme_id: string;
  rule: string;
  language: string;
  /** the word as written (normalised) and its stem */
  word: string;
  stem: string;
  /** tokens of the answers with that stem: the written word (and its plural), and every other form */
  word_tokens: number;
  other_tokens: number;
  /** the other forms met, most frequent first, with counts */
  forms: { form: string; count: number }[];
  message: string;
}

/** The written word itself, or it with/without a plural `s`/`es`: not a broadening. */
function sameWord(form: string, word: string): boolean {
  return form === word || form === word + "s" || form === word + "es" ||
    word === form + "s" || word === form + "es";
}

/**
 * One-word phrases (and `near` terms) whose stem is much broader than the
 * written word on these answers (a word inside a longer phrase is held by its
 * neighbours and is not checked): of the answer tokens sharing the stem, the other forms (not the word
 * nor its plural) are at least `minOther` and outnumber the written word
 * (`"flighted"` stems to `flight` and matches every "flight"; `"helpful"` to
 * `help`). Each warning suggests `=word` or `word*`. Prefix (`word*`) and exact
 * (`=word`) terms are what the user chose and are not checked.
 * Complexity: O(tokens + rule words).
 *
 * @example
 * ```ts
 * import { stemWarnings } from "./diagnostics.ts";
 * import { parseCodebook } from "./codebook.ts";
 * import { segmentAnswers } from "./segment.ts";
 * const cb = parseCodebook("id: x\ntitle: X\nthemes:\n  - {id: h, label: H, definition: d, phrases: [helpful]}", "x.yaml");
 * const row = (i: number, answer: string) => ({ answer_id: `a${i}`, respondent_id: `r${i}`, company_id: null,
 *   role: null, question_id: null, question: null, answer, language: "en", source: "t", extra: {} });
 * const rows = ["It helped.", "Help me.", "Helping out.", "They help.", "Helpful staff."].map((s, i) => row(i, s));
 * stemWarnings(segmentAnswers(rows), cb, { minOther: 3 })[0].word; // => "helpful"
 * ```
 */
export function stemWarnings(
  segments: readonly Segmented[],
  codebook: Codebook,
  options: { minOther?: number } = {},
): StemWarning[] {
  const minOther = options.minOther ?? 5;
  // stem -> form -> count, per coding language (French answers use French stems, others English)
  const corpus = new Map<string, Map<string, Map<string, number>>>();
  for (const s of segments) {
    const lang = s.language === "fr" ? "fr" : "en";
    if (!corpus.has(lang)) corpus.set(lang, new Map());
    const stems = corpus.get(lang)!;
    for (const sen of s.sentences) {
      for (const t of tokenize(sen.text, lang)) {
        if (!stems.has(t.stem)) stems.set(t.stem, new Map());
        const forms = stems.get(t.stem)!;
        forms.set(t.norm, (forms.get(t.norm) ?? 0) + 1);
      }
    }
  }
  const out: StemWarning[] = [];
  const seen = new Set<string>();
  for (const [lang, stems] of corpus) {
    for (const theme of codebook.themes) {
      const phrases = [
        ...theme.phrases.map((p) => [p, `phrase "${p}"`]),
        ...theme.negated_phrases.map((p) => [p, `negated phrase "${p}"`]),
        ...theme.near.flatMap((n) =>
          n.terms.map((p) => [p, `near [${n.terms.join(", ")}] within ${n.within}`])
        ),
      ];
      for (const [phrase, rule] of phrases) {
        const parts = normaliseText(phrase).split(/\s+/).filter(Boolean);
        // a word inside a longer phrase is held by its neighbours; one-word phrases are not
        if (parts.length !== 1) continue;
        for (const part of parts) {
          if (part.startsWith("=") || part.endsWith("*")) continue;
          const words = tokenize(part, lang);
          if (words.length !== 1) continue;
          for (const t of words) {
            const forms = stems.get(t.stem);
            if (!forms) continue;
            let word = 0, other = 0;
            const others: { form: string; count: number }[] = [];
            for (const [form, count] of forms) {
              if (sameWord(form, t.norm)) word += count;
              else {
                other += count;
                others.push({ form, count });
              }
            }
            const k = `${lang}\u0000${theme.id}\u0000${rule}\u0000${t.norm}`;
            if (other < minOther || other <= word || seen.has(k)) continue;
            seen.add(k);
            others.sort((a, b) => b.count - a.count || a.form.localeCompare(b.form));
            const top = others.slice(0, 5).map((f) => `"${f.form}" ${f.count}`).join(", ");
            out.push({
              theme_id: theme.id,
              rule,
              language: lang,
              word: t.norm,
              stem: t.stem,
              word_tokens: word,
              other_tokens: other,
              forms: others,
              message: `${theme.id}: ${rule}: "${t.norm}" stems to "${t.stem}", which matches ` +
                `${other} tokens of other words (${top}) against ${word} of "${t.norm}"; ` +
                `write "=${t.norm}" for that word only, or "${t.norm}*" for words starting so`,
            });
          }
        }
      }
    }
  }
  return out.sort((a, b) =>
    b.other_tokens - a.other_tokens || a.theme_id.localeCompare(b.theme_id)
  );
}

/**
 * The rules most worth a look: precision below `maxPrecision` (default 0.3)
 * against the human codes on at least `minAnswers` (default 10) answers, least
 * precise first, then most answers. Complexity: O(rules log rules).
 *
 * @example
 * ```ts
 * import { weakRules } from "./diagnostics.ts";
 * const d = { theme_id: "t", rule: 'phrase "outings"', answers: 141, only_rule: 100, precision: 0.04, recall: 0.5 };
 * weakRules([d, { ...d, precision: 0.9 }]).length; // => 1
 * ```
 */
export function weakRules<T extends Pick<RuleDiagnostic, "answers" | "precision">>(
  diagnostics: readonly T[],
  options: { minAnswers?: number; maxPrecision?: number } = {},
): T[] {
  const minAnswers = options.minAnswers ?? 10;
  const maxPrecision = options.maxPrecision ?? 0.3;
  return diagnostics
    .filter((d) => d.precision !== null && d.answers >= minAnswers && d.precision < maxPrecision)
    .sort((x, y) => x.precision! - y.precision! || y.answers - x.answers);
}
