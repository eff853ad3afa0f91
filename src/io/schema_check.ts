/**
 * Checking hand-written configuration (business-rules files, codebooks) against
 * a `valibot` schema, with one strictness standard and one message form:
 * `<file>: <path inside it>: <what is wrong>`, for example
 * `rules.yaml: tables.interactions[2].where: expected string, found number 3`.
 *
 * The standard: every object is strict (an unknown key is an error naming the
 * key and the keys allowed), a missing required key "is required", a wrong type
 * says what was expected and what was found. Schemas state only the rules that
 * differ (a custom message for a pattern, a range); the wording of the rest
 * comes from {@linkcode issueMessage}, so rules files and codebooks read alike.
 *
 * @module
 */
import * as v from "npm:valibot@1.5.0";
import { DataError } from "./errors.ts";

/** One step of the path valibot records for an issue. */
export type IssuePathItem = NonNullable<v.BaseIssue<unknown>["path"]>[number];

/**
 * Plain words for a value's kind: `string "x"`, `number 3`, `a list`, `a mapping`, `nothing`.
 *
 * Why: error messages for people who write YAML, not TypeScript.
 * Complexity: O(size of a scalar's JSON text).
 *
 * @example
 * ```ts
 * import { describeValue } from "./schema_check.ts";
 * describeValue("x"); // => 'string "x"'
 * describeValue([1]); // => "a list"
 * describeValue(null); // => "nothing"
 * ```
 */
export function describeValue(x: unknown): string {
  if (x === undefined || x === null) return "nothing";
  if (Array.isArray(x)) return "a list";
  if (typeof x === "object") return "a mapping";
  return `${typeof x} ${JSON.stringify(x)}`;
}

/**
 * valibot's `expected` in words: `Object` → "a mapping", `Array` → "a list",
 * `"a" | "b"` → "one of a, b", `string | number` → "string or number".
 */
function expectedWords(expected: string | null): string {
  if (!expected) return "another value";
  const inner = expected.startsWith("(") && expected.endsWith(")")
    ? expected.slice(1, -1)
    : expected;
  const parts = inner.split(" | ").map((p) =>
    p === "Object" ? "a mapping" : p === "Array" ? "a list" : p
  );
  if (parts.length > 1 && parts.every((p) => p.startsWith('"'))) {
    return `one of ${parts.map((p) => p.slice(1, -1)).join(", ")}`;
  }
  return parts.join(" or ");
}

/**
 * The standard message for an issue that its schema gives no message of its
 * own: a missing key "is required", an unknown key is named, otherwise
 * "expected …, found …". Complexity: O(1).
 *
 * @example
 * ```ts
 * import * as v from "npm:valibot@1.5.0";
 * import { issueMessage } from "./schema_check.ts";
 * const r = v.safeParse(v.string(), 3, { message: issueMessage });
 * r.success ? "" : r.issues[0].message; // => "expected string, found number 3"
 * ```
 */
export function issueMessage(issue: v.BaseIssue<unknown>): string {
  const last = issue.path?.[issue.path.length - 1];
  if (last?.origin === "key" && issue.expected === "never") {
    return `unknown field "${String(issue.input)}"`;
  }
  if (last?.origin === "key" && issue.input === undefined) return "is required";
  return `expected ${expectedWords(issue.expected)}, found ${describeValue(issue.input)}`;
}

/**
 * A strict object schema whose unknown-key message lists the keys allowed
 * (`unknown field "phrase", expected one of id, label, …`); `what` names the
 * kind of key ("field", "table"); a list or a scalar is "expected a mapping
 * with …". Other issues get the standard wording.
 *
 * @example
 * ```ts
 * import * as v from "npm:valibot@1.5.0";
 * import { strictObject } from "./schema_check.ts";
 * const point = strictObject({ x: v.number(), y: v.number() });
 * ```
 */
export function strictObject<const E extends v.ObjectEntries>(entries: E, what = "field") {
  const keys = Object.keys(entries).join(", ");
  const notMapping = (x: unknown) => `expected a mapping with ${keys}, found ${describeValue(x)}`;
  return v.pipe(
    v.custom<unknown>((x) => !Array.isArray(x), (issue) => notMapping(issue.input)),
    v.strictObject(entries, (issue: v.BaseIssue<unknown>) => {
      const last = issue.path?.[issue.path.length - 1];
      if (last?.origin === "key" && issue.expected === "never") {
        return `unknown ${what} "${String(issue.input)}", expected one of ${keys}`;
      }
      if (last?.origin === "key") return "is required";
      return notMapping(issue.input);
    }),
  );
}

/**
 * An issue's path as text: `themes[0].near[1].within`, `sources["Bad Name"]`;
 * `(top level)` for the document itself. `label`, when given, may name an
 * element after its position (`themes[0] (crm)`).
 *
 * @example
 * ```ts
 * import * as v from "npm:valibot@1.5.0";
 * import { pathText } from "./schema_check.ts";
 * const r = v.safeParse(v.object({ a: v.array(v.string()) }), { a: ["x", 1] });
 * r.success ? "" : pathText(r.issues[0]); // => "a[1]"
 * ```
 */
export function pathText(
  issue: v.BaseIssue<unknown>,
  label?: (item: IssuePathItem, issue: v.BaseIssue<unknown>) => string | undefined,
): string {
  let s = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === "number") s += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      s += s === "" ? key : `.${key}`;
    } else s += `[${JSON.stringify(key)}]`;
    const name = label?.(item, issue);
    if (name) s += ` (${name})`;
  }
  return s === "" ? "(top level)" : s;
}

/** The keys of an issue's path, joined, for comparing where two issues are. */
function pathKey(path: readonly IssuePathItem[]): string {
  return JSON.stringify(path.map((p) => p.key));
}

/**
 * The issue to report: the first, except that a missing key beside an unknown
 * key in the same mapping reports the unknown key (`txt:` for `text:` is most
 * likely a misspelling, and "unknown field" says so).
 */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): v.BaseIssue<unknown> {
  const first = issues[0];
  const path = first.path ?? [];
  if (path.at(-1)?.origin !== "key" || first.input !== undefined) return first;
  const parent = pathKey(path.slice(0, -1));
  return issues.find((i) =>
    i.expected === "never" && i.path?.at(-1)?.origin === "key" &&
    pathKey(i.path.slice(0, -1)) === parent
  ) ?? first;
}

/** Options for {@linkcode checkSchema}. */
export interface CheckSchemaOptions {
  /** names an element after its position in the path (see {@linkcode pathText}) */
  label?: (item: IssuePathItem, issue: v.BaseIssue<unknown>) => string | undefined;
}

/**
 * Checks `raw` (a parsed YAML or JSON document) against `schema` and returns
 * the typed output, or throws a `DataError` for the first issue (an unknown key
 * before a missing key beside it):
 * `<file>: <path>: <message>` (the error's `column` holds the path).
 * Why one function: every configuration file then fails the same way.
 * Complexity: that of the schema, O(size of the document) for the ones here.
 *
 * @example
 * ```ts
 * import * as v from "npm:valibot@1.5.0";
 * import { checkSchema, strictObject } from "./schema_check.ts";
 * const cfg = checkSchema(strictObject({ name: v.string() }), { name: "a" }, "cfg.yaml");
 * cfg.name; // => "a"
 * ```
 */
export function checkSchema<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
  file: string,
  options: CheckSchemaOptions = {},
): v.InferOutput<S> {
  const r = v.safeParse(schema, raw, { message: issueMessage, abortPipeEarly: true });
  if (r.success) return r.output;
  const issue = firstIssue(r.issues);
  const path = pathText(issue, options.label);
  throw new DataError(`${file}: ${path}: ${issue.message}`, file, undefined, path);
}

/**
 * Throws the same `DataError` form for a problem found after the shape is
 * known (a reference to an undefined name, a repeated id).
 *
 * @example
 * ```ts
 * import { failAt } from "./schema_check.ts";
 * try { failAt("cb.yaml", "themes[1].id", 'duplicate theme id "a"'); } catch (e) { (e as Error).message; }
 * ```
 */
export function failAt(file: string, path: string, message: string): never {
  throw new DataError(`${file}: ${path}: ${message}`, file, undefined, path);
}
