/**
 * The deterministic, explainable auto-coder: every code it gives names the
 * answer, the sentence, the rule that fired and the words it matched.
 *
 * @module
 */
import type { Codebook, NegationMode, Theme } from "./codebook.ts";
import type { Segmented } from "./segment.ts";
import { NEGATORS, normaliseText, type Token, tokenize } from "./text.ts";

/** One code given to a sentence of an answer. */
export interface CodeHit {
  answer_id: string;
  theme_id: string;
  /** 0-based sentence within the answer */
  sentence: number;
  turn: number;
  /** the rule that fired, e.g. `phrase "single customer view"` or `near [customer, data] within 5` */
  rule: string;
  /** the words matched, as written */
  matched: string;
  /** a negator stood up to 3 tokens before the match */
  negated: boolean;
  /** the sentence, as written */
  text: string;
  coder: string;
}

/** A word pattern: a stem, a prefix of the normalised word (`portal*`) or the exact word (`=helped`). */
type Term = { stem: string } | { prefix: string } | { exact: string };

interface CompiledRule {
  label: string;
  kind: "phrase" | "near";
  terms: Term[][];
  within: number;
  negation: NegationMode;
}

interface CompiledTheme {
  theme: Theme;
  rules: CompiledRule[];
  exclude: Term[][];
}

/** A codebook compiled for one language. */
export interface CompiledCodebook {
  codebook: Codebook;
  language: string;
  themes: CompiledTheme[];
}

/**
 * Compiles a phrase to word patterns in a language: words match on their stem,
 * `word*` on a prefix of the written word, `=word` on the exact written word
 * (lower case; for words whose stem is too broad, e.g. `=helped` vs "helpful").
 * Complexity: O(phrase length).
 *
 * @example
 * ```ts
 * import { compilePhrase } from "./coder.ts";
 * compilePhrase("single customer views", "en"); // => [{stem: "singl"}, {stem: "custom"}, {stem: "view"}]
 * ```
 */
export function compilePhrase(phrase: string, language: string): Term[] {
  const out: Term[] = [];
  for (const part of normaliseText(phrase).split(/\s+/)) {
    if (part.startsWith("=") && /[\p{L}\p{N}]/u.test(part)) {
      out.push({ exact: part.slice(1).replace(/'/g, "") });
      continue;
    }
    if (part.endsWith("*") && /[\p{L}\p{N}]/u.test(part)) {
      out.push({ prefix: part.slice(0, -1).replace(/'/g, "") });
      continue;
    }
    for (const t of tokenize(part, language)) out.push({ stem: t.stem });
  }
  return out;
}

/**
 * Compiles a codebook's rules for one language (stems depend on it).
 * Complexity: O(total rule length).
 *
 * @example
 * ```ts
 * import { compileCodebook } from "./coder.ts";
 * import { loadCodebook } from "./codebook.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const fr = compileCodebook(codebook, "fr"); // French stems for French answers
 * ```
 */
export function compileCodebook(codebook: Codebook, language = "en"): CompiledCodebook {
  return {
    codebook,
    language,
    themes: codebook.themes.map((theme) => ({
      theme,
      exclude: theme.exclude.map((p) => compilePhrase(p, language)),
      rules: [
        ...theme.phrases.map((p): CompiledRule => ({
          label: `phrase "${p}"`,
          kind: "phrase",
          terms: [compilePhrase(p, language)],
          within: 0,
          negation: theme.negation,
        })),
        ...theme.negated_phrases.map((p): CompiledRule => ({
          label: `negated phrase "${p}"`,
          kind: "phrase",
          terms: [compilePhrase(p, language)],
          within: 0,
          negation: "only",
        })),
        ...theme.near.map((n): CompiledRule => ({
          label: `near [${n.terms.join(", ")}] within ${n.within}`,
          kind: "near",
          terms: n.terms.map((t) => compilePhrase(t, language)),
          within: n.within,
          negation: n.negation ?? theme.negation,
        })),
      ].filter((r) => r.terms.every((t) => t.length > 0)),
    })),
  };
}

function termMatches(term: Term, tok: Token): boolean {
  if ("stem" in term) return tok.stem === term.stem;
  if ("exact" in term) return tok.norm === term.exact;
  return tok.norm.startsWith(term.prefix);
}

/**
 * Start positions where a phrase (word patterns) occurs in a token list.
 * Complexity: O(tokens × phrase length).
 *
 * @example
 * ```ts
 * import { compilePhrase, phrasePositions } from "./coder.ts";
 * import { tokenize } from "./text.ts";
 * phrasePositions(tokenize("a crm and a crm"), compilePhrase("crm", "en")); // => [1, 4]
 * ```
 */
export function phrasePositions(tokens: readonly Token[], phrase: readonly Term[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < phrase.length && ok; j++) ok = termMatches(phrase[j], tokens[i + j]);
    if (ok) out.push(i);
  }
  return out;
}

/**
 * The shortest window of tokens holding every term (each a phrase) at least
 * once: [first, last] positions, or null. Sliding window over the sorted
 * occurrences. Complexity: O(tokens × terms).
 *
 * @example
 * ```ts
 * import { compilePhrase, shortestWindow } from "./coder.ts";
 * import { tokenize } from "./text.ts";
 * const terms = [compilePhrase("customer", "en"), compilePhrase("data", "en")];
 * shortestWindow(tokenize("customer x data"), terms); // => [0, 2]
 * ```
 */
export function shortestWindow(
  tokens: readonly Token[],
  terms: readonly (readonly Term[])[],
): [number, number] | null {
  const occ: [number, number, number][] = []; // position, term index, end
  terms.forEach((t, k) => {
    for (const p of phrasePositions(tokens, t)) occ.push([p, k, p + t.length - 1]);
  });
  occ.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const count = new Array(terms.length).fill(0);
  let have = 0;
  let best: [number, number] | null = null;
  let lo = 0;
  for (let hi = 0; hi < occ.length; hi++) {
    if (count[occ[hi][1]]++ === 0) have++;
    while (have === terms.length) {
      const end = Math.max(...occ.slice(lo, hi + 1).map((o) => o[2]));
      if (!best || end - occ[lo][0] < best[1] - best[0]) best = [occ[lo][0], end];
      if (--count[occ[lo][1]] === 0) have--;
      lo++;
    }
  }
  return best;
}

/**
 * True when a negator stands within `window` tokens before position `at`.
 * Complexity: O(window).
 *
 * @example
 * ```ts
 * import { isNegated } from "./coder.ts";
 * import { tokenize } from "./text.ts";
 * isNegated(tokenize("did not listen"), 2); // => true
 * ```
 */
export function isNegated(tokens: readonly Token[], at: number, window = 3): boolean {
  for (let i = Math.max(0, at - window); i < at; i++) if (NEGATORS.has(tokens[i].norm)) return true;
  return false;
}

function surface(text: string, tokens: readonly Token[], from: number, to: number): string {
  return text.slice(tokens[from].start, tokens[to].start + tokens[to].raw.length);
}

/**
 * Codes one sentence: for each theme, the rules that fire (at most one hit per
 * rule: its first match), unless an exclusion phrase is in the sentence.
 * Complexity: O(themes × rules × tokens).
 *
 * @example
 * ```ts
 * import { codeSentence, compileCodebook } from "./coder.ts";
 * import { loadCodebook } from "./codebook.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const cb = compileCodebook(codebook);
 * codeSentence(cb, "We want one view of the customer in the CRM.", { answer_id: "a1", sentence: 0, turn: 0 });
 * ```
 */
export function codeSentence(
  compiled: CompiledCodebook,
  text: string,
  at: { answer_id: string; sentence: number; turn: number },
  coder = "auto",
): CodeHit[] {
  const tokens = tokenize(text, compiled.language);
  if (tokens.length === 0) return [];
  const hits: CodeHit[] = [];
  for (const ct of compiled.themes) {
    if (ct.exclude.some((e) => phrasePositions(tokens, e).length > 0)) continue;
    for (const rule of ct.rules) {
      const spans: [number, number][] = rule.kind === "phrase"
        ? phrasePositions(tokens, rule.terms[0]).map((p) => [p, p + rule.terms[0].length - 1])
        : (() => {
          const w = shortestWindow(tokens, rule.terms);
          return w && w[1] - w[0] <= rule.within ? [w] : [];
        })();
      for (const [from, to] of spans) {
        const negated = isNegated(tokens, from);
        if (rule.negation === "skip" && negated) continue;
        if (rule.negation === "only" && !negated) continue;
        hits.push({
          ...at,
          theme_id: ct.theme.id,
          rule: rule.label,
          matched: surface(text, tokens, from, to),
          negated,
          text,
          coder,
        });
        break;
      }
    }
  }
  return hits;
}

/**
 * Codes segmented answers with a codebook: each answer in its own language
 * (French answers with the French stemmer, anything else English).
 * Complexity: O(sentences × themes × rules × tokens).
 *
 * @example
 * ```ts
 * import { autoCode } from "./coder.ts";
 * import { segmentAnswers } from "./segment.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * const hits = autoCode(segmentAnswers(rows), codebook);
 * ```
 */
export function autoCode(segments: readonly Segmented[], codebook: Codebook): CodeHit[] {
  const cache = new Map<string, CompiledCodebook>();
  const forLang = (l: string) => {
    const key = l === "fr" ? "fr" : "en";
    if (!cache.has(key)) cache.set(key, compileCodebook(codebook, key));
    return cache.get(key)!;
  };
  const out: CodeHit[] = [];
  for (const s of segments) {
    const cb = forLang(s.language);
    for (const sen of s.sentences) {
      out.push(
        ...codeSentence(cb, sen.text, {
          answer_id: s.answer.answer_id,
          sentence: sen.index,
          turn: sen.turn,
        }),
      );
    }
  }
  return out;
}

/**
 * Answer-level codes: the set of theme ids per answer id from a list of hits.
 * Complexity: O(hits).
 *
 * @example
 * ```ts
 * import { codesByAnswer } from "./coder.ts";
 * const hits = [{ answer_id: "a1", theme_id: "crm" }, { answer_id: "a1", theme_id: "nps" }];
 * codesByAnswer(hits).get("a1"); // => Set {"crm", "nps"}
 * ```
 */
export function codesByAnswer(hits: readonly { answer_id: string; theme_id: string }[]) {
  const out = new Map<string, Set<string>>();
  for (const h of hits) {
    if (!out.has(h.answer_id)) out.set(h.answer_id, new Set());
    out.get(h.answer_id)!.add(h.theme_id);
  }
  return out;
}

/** A human (or other coder's) code at answer level. */
export interface HumanCode {
  answer_id: string;
  theme_id: string;
  coder: string;
}

/**
 * Reads human codes from the answers' extra columns `<prefix><theme id>`
 * (default prefix `code_`; value 1/yes/true = coded), as the nhs-feedback
 * adapter writes them; another prefix reads a second coder. Only
 * themes of the codebook are read. Complexity: O(answers × themes).
 *
 * @example
 * ```ts
 * import { importHumanCodes } from "./coder.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * importHumanCodes(rows, codebook); // => [{answer_id, theme_id, coder: "human"}, …]
 * ```
 */
export function importHumanCodes(
  rows: readonly { answer_id: string; extra: Record<string, string | null> }[],
  codebook: Codebook,
  coder = "human",
  prefix = codebook.human_code_prefix,
): HumanCode[] {
  const out: HumanCode[] = [];
  for (const r of rows) {
    for (const t of codebook.themes) {
      const v = r.extra[prefix + t.id];
      if (v !== undefined && v !== null && /^(1|1\.0|yes|true|y)$/i.test(v.trim())) {
        out.push({ answer_id: r.answer_id, theme_id: t.id, coder });
      }
    }
  }
  return out;
}

/**
 * True when the rows carry human-code columns (`<prefix><theme id>`) for at least one theme.
 * Complexity: O(themes).
 *
 * @example
 * ```ts
 * import { hasHumanCodes } from "./coder.ts";
 * import { loadCodebook } from "./codebook.ts";
 * import { readAnswers } from "./input.ts";
 * const codebook = await loadCodebook("data/codebooks/coop-plan.yaml");
 * const { rows } = await readAnswers("data/samples/coop-plan");
 * hasHumanCodes(rows, codebook); // true for the nhs-feedback adapter's transcripts
 * ```
 */
export function hasHumanCodes(
  rows: readonly { extra: Record<string, string | null> }[],
  codebook: Codebook,
  prefix = codebook.human_code_prefix,
): boolean {
  const first = rows[0];
  return !!first && codebook.themes.some((t) => (prefix + t.id) in first.extra);
}

/** How a codebook's theme ids and a table's human-code columns line up. */
export interface HumanColumnMatch {
  /** the column prefix, e.g. `code_` */
  prefix: string;
  /** theme ids with a `<prefix><id>` column: the only themes agreement is computed over */
  matched: string[];
  /** theme ids of the codebook without a column (not in the agreement) */
  codebook_only: string[];
  /** `<prefix>…` columns that name no theme of the codebook, as the theme id they would name */
  human_only: string[];
}

/**
 * Matches a codebook's theme ids against the human-code columns of the rows
 * (every column starting with the prefix, over all rows). Why: agreement over
 * ids that happen to coincide, with the rest silently dropped, reads as a
 * verdict on the whole codebook; the mismatch must be named.
 * Complexity: O(rows × columns + themes).
 *
 * @example
 * ```ts
 * import { matchHumanColumns } from "./coder.ts";
 * const rows = [{ extra: { code_crm: "1", code_price: "0" } }];
 * const codebook = { human_code_prefix: "code_", themes: [{ id: "crm" }, { id: "nps" }] };
 * matchHumanColumns(rows, codebook);
 * // => { prefix: "code_", matched: ["crm"], codebook_only: ["nps"], human_only: ["price"] }
 * ```
 */
export function matchHumanColumns(
  rows: readonly { extra: Record<string, string | null> }[],
  codebook: { human_code_prefix: string; themes: readonly { id: string }[] },
  prefix = codebook.human_code_prefix,
): HumanColumnMatch {
  const columns = new Set<string>();
  let last: Record<string, string | null> | null = null;
  for (const r of rows) {
    if (r.extra === last) continue;
    last = r.extra;
    for (const k of Object.keys(r.extra)) {
      if (k.startsWith(prefix) && k.length > prefix.length) columns.add(k.slice(prefix.length));
    }
  }
  const ids = codebook.themes.map((t) => t.id);
  const known = new Set(ids);
  return {
    prefix,
    matched: ids.filter((t) => columns.has(t)),
    codebook_only: ids.filter((t) => !columns.has(t)),
    human_only: [...columns].filter((c) => !known.has(c)).sort(),
  };
}

/**
 * The warnings a column match calls for, one line each, naming up to `show`
 * ids (empty when every theme has its column and every column its theme, or
 * when there are no human columns at all). Complexity: O(themes).
 *
 * @example
 * ```ts
 * import { humanColumnWarnings } from "./coder.ts";
 * humanColumnWarnings({ prefix: "code_", matched: ["crm"], codebook_only: ["nps"], human_only: ["price"] });
 * // => ["1 codebook theme has no code_ column, so it is left out of the agreement: nps", …]
 * ```
 */
export function humanColumnWarnings(match: HumanColumnMatch, show = 8): string[] {
  const list = (ids: readonly string[]) =>
    ids.slice(0, show).join(", ") + (ids.length > show ? `, … (${ids.length - show} more)` : "");
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  if (match.matched.length === 0 && match.human_only.length === 0) return [];
  const out: string[] = [];
  if (match.matched.length === 0) {
    out.push(
      `no theme id of the codebook matches a ${match.prefix} column: no agreement is computed ` +
        `(the columns name ${list(match.human_only)})`,
    );
    return out;
  }
  if (match.codebook_only.length) {
    out.push(
      `${
        n(match.codebook_only.length, "codebook theme has", "codebook themes have")
      } no ${match.prefix} column, so ${
        match.codebook_only.length === 1 ? "it is" : "they are"
      } left out of the agreement: ${list(match.codebook_only)}`,
    );
  }
  if (match.human_only.length) {
    out.push(
      `${
        n(match.human_only.length, "human column names", "human columns name")
      } no codebook theme, so ${
        match.human_only.length === 1 ? "it is" : "they are"
      } left out of the agreement: ${list(match.human_only.map((c) => match.prefix + c))}`,
    );
  }
  return out;
}
