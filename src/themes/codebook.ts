/**
 * Codebooks: the themes a study codes its answers against, read from YAML or
 * JSON and validated so that a mistake names the file and the field.
 *
 * A codebook has an `id`, a `title`, optional `questions` (id + text) and
 * `themes`, each with `id`, `label`, `definition`, an optional `parent`, and
 * the rules that mark a passage:
 *
 * - `phrases`: word sequences matched on stems (`"single customer view"`); a
 *   word ending in `*` matches any word starting so (`"portal*"`), a word
 *   starting with `=` only that exact word (`"=helped"`, not "helpful");
 * - `near`: `{ terms: [a, b, …], within: N }`, all terms in one sentence
 *   with at most N tokens from the first to the last;
 * - `negated_phrases`: phrases that count only after a negator ("not happy");
 * - `exclude`: phrases that cancel the theme in a sentence that has them;
 * - `negation`: `keep` (default: code it, flag it negated), `skip` (a match
 *   with a negator up to 3 tokens before it does not count) or `only` (only
 *   negated matches count, e.g. "not happy" for dissatisfaction).
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { DataError } from "../io/errors.ts";

/** How a theme treats a match with a negator ("not", "no", "never", "n't", …) just before it. */
export type NegationMode = "keep" | "skip" | "only";

/** A proximity rule: all terms within `within` tokens in one sentence. */
export interface NearRule {
  terms: string[];
  within: number;
  negation?: NegationMode;
}

/** One theme of a codebook. */
export interface Theme {
  id: string;
  label: string;
  definition: string;
  parent?: string;
  phrases: string[];
  /** phrases that count only when negated ("not happy") */
  negated_phrases: string[];
  near: NearRule[];
  exclude: string[];
  negation: NegationMode;
}

/** One question of an interview guide. */
export interface Question {
  id: string;
  text: string;
}

/** A validated codebook. */
export interface Codebook {
  id: string;
  title: string;
  description?: string;
  /** "real", "synthetic" … the kind of data it was written for (documentation only) */
  questions: Question[];
  themes: Theme[];
  /** human-code column of the transcripts table for a theme: `code_<theme id>` by default */
  human_code_prefix: string;
}

const NEGATION_MODES: readonly NegationMode[] = ["keep", "skip", "only"];
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function fail(file: string, field: string, message: string): never {
  throw new DataError(`${file}: ${field}: ${message}`, file, undefined, field);
}

function str(v: unknown, file: string, field: string, required = true): string | undefined {
  if (v === undefined || v === null) {
    if (required) fail(file, field, "is required");
    return undefined;
  }
  if (typeof v !== "string" && typeof v !== "number") {
    fail(file, field, `expected text, found ${JSON.stringify(v)}`);
  }
  const s = String(v).trim();
  if (required && s === "") fail(file, field, "must not be empty");
  return s;
}

function strList(v: unknown, file: string, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(file, field, `expected a list, found ${JSON.stringify(v)}`);
  return v.map((x, i) => {
    const s = str(x, file, `${field}[${i}]`)!;
    if (!/[\p{L}\p{N}]/u.test(s)) fail(file, `${field}[${i}]`, `"${s}" has no word in it`);
    return s;
  });
}

function negation(v: unknown, file: string, field: string): NegationMode | undefined {
  if (v === undefined || v === null) return undefined;
  if (!NEGATION_MODES.includes(v as NegationMode)) {
    fail(file, field, `expected one of ${NEGATION_MODES.join(", ")}, found ${JSON.stringify(v)}`);
  }
  return v as NegationMode;
}

/**
 * Validates a parsed codebook object. Why: codebooks are written by hand, and a
 * typo should stop the run with the file and field, not code silently nothing.
 * Checks ids (unique, word characters), required label/definition, unknown
 * fields, `near` shapes, negation modes and parents. A theme without rules is
 * allowed (it is then coded by humans only).
 *
 * Complexity: O(themes × rules).
 *
 * @example
 * ```ts
 * import { validateCodebook } from "./codebook.ts";
 * validateCodebook({ id: "x", title: "X", themes: [{ id: "a", label: "A",
 *   definition: "about a", phrases: ["apple"] }] }, "x.yaml");
 * ```
 */
export function validateCodebook(raw: unknown, file: string): Codebook {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(file, "(top level)", "expected a mapping with id, title and themes");
  }
  const o = raw as Record<string, unknown>;
  const id = str(o.id, file, "id")!;
  if (!ID.test(id)) fail(file, "id", `"${id}" is not an id (letters, digits, _ . -)`);
  const title = str(o.title, file, "title")!;
  const questions: Question[] = [];
  if (o.questions !== undefined) {
    if (!Array.isArray(o.questions)) fail(file, "questions", "expected a list");
    const seen = new Set<string>();
    o.questions.forEach((q, i) => {
      const f = `questions[${i}]`;
      if (typeof q !== "object" || q === null) fail(file, f, "expected {id, text}");
      const qo = q as Record<string, unknown>;
      const qid = str(qo.id, file, `${f}.id`)!;
      if (seen.has(qid)) fail(file, `${f}.id`, `duplicate question id "${qid}"`);
      seen.add(qid);
      questions.push({ id: qid, text: str(qo.text, file, `${f}.text`)! });
    });
  }
  if (!Array.isArray(o.themes) || o.themes.length === 0) {
    fail(file, "themes", "expected a non-empty list of themes");
  }
  const themes: Theme[] = [];
  const ids = new Set<string>();
  o.themes.forEach((t, i) => {
    const f = `themes[${i}]`;
    if (typeof t !== "object" || t === null || Array.isArray(t)) {
      fail(file, f, "expected a mapping with id, label, definition and rules");
    }
    const to = t as Record<string, unknown>;
    const known = new Set([
      "id",
      "label",
      "definition",
      "parent",
      "phrases",
      "negated_phrases",
      "near",
      "exclude",
      "negation",
    ]);
    for (const k of Object.keys(to)) {
      if (!known.has(k)) {
        fail(file, `${f}.${k}`, `unknown field (expected ${[...known].join(", ")})`);
      }
    }
    const tid = str(to.id, file, `${f}.id`)!;
    if (!ID.test(tid)) fail(file, `${f}.id`, `"${tid}" is not an id (letters, digits, _ . -)`);
    if (ids.has(tid)) fail(file, `${f}.id`, `duplicate theme id "${tid}"`);
    ids.add(tid);
    const ft = `themes[${i}] (${tid})`;
    const near: NearRule[] = [];
    if (to.near !== undefined) {
      if (!Array.isArray(to.near)) fail(file, `${ft}.near`, "expected a list of {terms, within}");
      to.near.forEach((n, j) => {
        const fn = `${ft}.near[${j}]`;
        if (typeof n !== "object" || n === null) fail(file, fn, "expected {terms, within}");
        const no = n as Record<string, unknown>;
        const terms = strList(no.terms, file, `${fn}.terms`);
        if (terms.length < 2) fail(file, `${fn}.terms`, "needs at least two terms");
        const within = Number(no.within);
        if (!Number.isInteger(within) || within < 1) {
          fail(
            file,
            `${fn}.within`,
            `expected a whole number >= 1, found ${JSON.stringify(no.within)}`,
          );
        }
        near.push({ terms, within, negation: negation(no.negation, file, `${fn}.negation`) });
      });
    }
    const theme: Theme = {
      id: tid,
      label: str(to.label, file, `${ft}.label`)!,
      definition: str(to.definition, file, `${ft}.definition`)!,
      parent: str(to.parent, file, `${ft}.parent`, false),
      phrases: strList(to.phrases, file, `${ft}.phrases`),
      negated_phrases: strList(to.negated_phrases, file, `${ft}.negated_phrases`),
      near,
      exclude: strList(to.exclude, file, `${ft}.exclude`),
      negation: negation(to.negation, file, `${ft}.negation`) ?? "keep",
    };
    if (theme.parent === undefined) delete theme.parent;
    themes.push(theme);
  });
  themes.forEach((t, i) => {
    if (t.parent !== undefined && !ids.has(t.parent)) {
      fail(file, `themes[${i}] (${t.id}).parent`, `"${t.parent}" is not a theme id`);
    }
  });
  return {
    id,
    title,
    description: str(o.description, file, "description", false),
    questions,
    themes,
    human_code_prefix: str(o.human_code_prefix, file, "human_code_prefix", false) ?? "code_",
  };
}

/**
 * Parses codebook text (YAML, of which JSON is a subset) and validates it.
 *
 * @example
 * ```ts
 * import { parseCodebook } from "./codebook.ts";
 * parseCodebook("id: x\ntitle: X\nthemes:\n  - {id: a, label: A, definition: d, phrases: [apple]}", "x.yaml");
 * ```
 */
export function parseCodebook(text: string, file: string): Codebook {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new DataError(`${file}: not valid YAML/JSON: ${(e as Error).message}`, file);
  }
  return validateCodebook(raw, file);
}

/**
 * Reads and validates a codebook file (`.yaml`, `.yml` or `.json`).
 * Complexity: O(file size).
 *
 * @example
 * ```ts
 * import { loadCodebook } from "./codebook.ts";
 * const cb = await loadCodebook("data/codebooks/coop-plan.yaml"); // throws DataError naming file and field
 * ```
 */
export async function loadCodebook(path: string): Promise<Codebook> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new DataError(`${path}: cannot read the codebook (${(e as Error).message})`, path);
  }
  return parseCodebook(text, path);
}
