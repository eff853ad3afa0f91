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
 *   negated matches count, e.g. "not happy" for dissatisfaction);
 * - `force` / `forbid`: phrases that override the learned coder (`themes
 *   --train`): an answer with a `force` phrase always gets the theme, one with
 *   a `forbid` phrase never (forbid wins); the rules-only coder ignores them.
 *
 * Codebook modes (applied by `modes.ts` after coding, to rules and learned
 * codes alike): `fallback: <theme id>` codes that theme on every answer no other
 * theme was coded on; `single_label: true` keeps one theme per answer, the one
 * with the best `priority` (1 first); a theme's `parent` rolls its codes up
 * into the parent's counts, matrices and charts.
 *
 * @module
 */
import { parse as parseYaml } from "npm:yaml@2.9.1";
import * as v from "npm:valibot@1.5.0";
import { DataError } from "../io/errors.ts";
import {
  checkSchema,
  describeValue,
  failAt,
  type IssuePathItem,
  strictObject,
} from "../io/schema_check.ts";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A mapping whose `null` values count as absent (YAML's `parent:` with nothing after it). */
function nullsAbsent<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.unknown(),
    v.transform((x: unknown) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).filter(([, val]) => val !== null))
        : x
    ),
    schema,
  );
}

/** Text: a string or a number (YAML reads `2` as a number), trimmed, not empty. */
const Text = v.pipe(
  v.union(
    [v.string(), v.number()],
    (issue) => `expected text, found ${describeValue(issue.input)}`,
  ),
  v.transform((x) => String(x).trim()),
  v.nonEmpty("must not be empty"),
);

/** An id: letters, digits, `_ . -`, starting with a letter or digit. */
const Id = v.pipe(
  Text,
  v.regex(ID, (issue) => `"${issue.input}" is not an id (letters, digits, _ . -)`),
);

/** A phrase: text with at least one letter or digit in it. */
const Phrase = v.pipe(
  Text,
  v.check((s) => /[\p{L}\p{N}]/u.test(s), (issue) => `"${issue.input}" has no word in it`),
);

const Phrases = v.optional(v.array(Phrase), []);

/** How a theme treats a match with a negator ("not", "no", "never", "n't", …) just before it. */
const Negation = v.picklist(["keep", "skip", "only"]);

/** A whole number >= 1, also written as text ("3"). */
const Within = v.pipe(
  v.unknown(),
  v.check(
    (x) =>
      (typeof x === "number" || typeof x === "string") && Number.isInteger(Number(x)) &&
      Number(x) >= 1,
    (issue) => `expected a whole number >= 1, found ${JSON.stringify(issue.input)}`,
  ),
  v.transform((x) => Number(x)),
);

/** A proximity rule: all terms within `within` tokens in one sentence. */
const NearSchema = nullsAbsent(strictObject({
  terms: v.pipe(v.array(Phrase), v.minLength(2, "needs at least two terms")),
  within: Within,
  negation: v.optional(Negation),
}));

/** One theme: id, label, definition, optional parent, and the rules that mark a passage. */
const ThemeSchema = nullsAbsent(strictObject({
  id: Id,
  label: Text,
  definition: Text,
  parent: v.optional(Text),
  phrases: Phrases,
  /** phrases that count only when negated ("not happy") */
  negated_phrases: Phrases,
  near: v.optional(v.array(NearSchema), []),
  exclude: Phrases,
  negation: v.optional(Negation, "keep"),
  /** learned coder (`--coder model|combined`): an answer with one of these phrases always gets the theme */
  force: Phrases,
  /** learned coder: an answer with one of these phrases never gets the theme (wins over `force`) */
  forbid: Phrases,
  /** with `single_label`: the theme kept when an answer has several (1 = first; none = after all ranked) */
  priority: v.optional(v.pipe(
    v.unknown(),
    v.check(
      (x) => typeof x === "number" && Number.isInteger(x) && x >= 1,
      (issue) => `expected a whole number >= 1, found ${JSON.stringify(issue.input)}`,
    ),
    v.transform((x) => x as number),
  )),
}));

/** One question of an interview guide. */
const QuestionSchema = nullsAbsent(strictObject({ id: Text, text: Text }));

/**
 * The codebook schema: what a codebook file must hold. The TypeScript types
 * below are inferred from it, so the checker and the types cannot disagree.
 */
export const CodebookSchema = nullsAbsent(strictObject({
  id: Id,
  title: Text,
  description: v.optional(Text),
  questions: v.optional(v.array(QuestionSchema), []),
  themes: v.array(
    ThemeSchema,
    (issue) => `expected a non-empty list of themes, found ${describeValue(issue.input)}`,
  ),
  /** human-code column of the transcripts table for a theme: `code_<theme id>` by default */
  human_code_prefix: v.optional(Text, "code_"),
  /** a theme coded on every answer no other theme was coded on ("none of the others") */
  fallback: v.optional(Id),
  /** at most one theme per answer: the one with the best `priority` (then codebook order) */
  single_label: v.optional(v.boolean(), false),
}));

/** How a theme treats a match with a negator ("not", "no", "never", "n't", …) just before it. */
export type NegationMode = v.InferOutput<typeof Negation>;

/** A proximity rule: all terms within `within` tokens in one sentence. */
export type NearRule = v.InferOutput<typeof NearSchema>;

/** One theme of a codebook. */
export type Theme = v.InferOutput<typeof ThemeSchema>;

/** One question of an interview guide. */
export type Question = v.InferOutput<typeof QuestionSchema>;

/** A validated codebook. */
export type Codebook = v.InferOutput<typeof CodebookSchema>;

/**
 * Names a theme in an error path after its position, once its id is known:
 * `themes[0] (crm).near[1].within`. Not for the id itself, nor for an unknown
 * key (the id may be the thing that is wrong).
 */
function themeLabel(item: IssuePathItem, issue: v.BaseIssue<unknown>): string | undefined {
  const path = issue.path ?? [];
  if (path[0]?.key !== "themes" || path[1] !== item) return undefined;
  const next = path[2];
  if (!next || next.key === "id" || (next.origin === "key" && issue.expected === "never")) {
    return undefined;
  }
  const id = (item.value as { id?: unknown } | null)?.id;
  const text = typeof id === "string" || typeof id === "number" ? String(id).trim() : "";
  return ID.test(text) ? text : undefined;
}

/**
 * Validates a parsed codebook object. Why: codebooks are written by hand, and a
 * typo should stop the run with the file and field, not code silently nothing.
 * The shape (ids, required label/definition, unknown fields, `near` shapes,
 * negation modes) is {@linkcode CodebookSchema}, checked by `io/schema_check.ts`;
 * then question and theme ids must be unique and parents must be theme ids.
 * A theme without rules is allowed (it is then coded by humans only).
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
  const cb = checkSchema(CodebookSchema, raw, file, { label: themeLabel });
  const questions = new Set<string>();
  cb.questions.forEach((q, i) => {
    if (questions.has(q.id)) failAt(file, `questions[${i}].id`, `duplicate question id "${q.id}"`);
    questions.add(q.id);
  });
  if (cb.themes.length === 0) failAt(file, "themes", "expected a non-empty list of themes");
  const ids = new Set<string>();
  cb.themes.forEach((t, i) => {
    if (ids.has(t.id)) failAt(file, `themes[${i}].id`, `duplicate theme id "${t.id}"`);
    ids.add(t.id);
  });
  const parent = new Map(cb.themes.map((t) => [t.id, t.parent]));
  cb.themes.forEach((t, i) => {
    if (t.parent !== undefined && !ids.has(t.parent)) {
      failAt(file, `themes[${i}] (${t.id}).parent`, `"${t.parent}" is not a theme id`);
    }
    // a parent chain must end: a → b → a would roll up forever
    const seen = new Set([t.id]);
    for (let p = t.parent; p !== undefined; p = parent.get(p)) {
      if (seen.has(p)) {
        failAt(file, `themes[${i}] (${t.id}).parent`, `the parents of "${t.id}" form a cycle`);
      }
      seen.add(p);
    }
  });
  if (cb.fallback !== undefined && !ids.has(cb.fallback)) {
    failAt(file, "fallback", `"${cb.fallback}" is not a theme id`);
  }
  return cb;
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
