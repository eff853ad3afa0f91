/**
 * `src/` imports npm packages by full `npm:pkg@version` specifiers, so a module of rvlab
 * resolves from a folder without the project's `deno.json` (a notebook elsewhere, an
 * import by URL). `deno.json`'s `imports` stays the one place of the pins: every literal
 * `npm:` specifier in an import of `src/` must name exactly the version pinned there,
 * and no bare package specifier (resolvable only through that import map) may be left.
 *
 * Only literal import specifiers are read (static `from`, `import "…"`, dynamic
 * `import("…")`); the optional danfo.js, loaded through a variable specifier that
 * `deno.json` deliberately does not list (src/interop/danfo.ts), is not an import here.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "src");

/** Literal specifiers of `from "…"`, `import "…"` and `import("…")`, doc examples included. */
const SPECIFIER_RE = /(?:\bfrom|\bimport)\s*\(?\s*(["'])([^"'\s`$]+)\1/g;

/** Specifiers that are not npm packages: relative, absolute, or with a scheme. */
const NOT_A_PACKAGE_RE = /^(?:\.{1,2}\/|\/|[a-z][a-z0-9+.-]*:)/;

/** `npm:name@version/sub` split; the name may be scoped. */
const NPM_RE = /^npm:((?:@[^/@]+\/)?[^/@]+)(?:@([^/]+))?(\/.*)?$/;

/**
 * The problems of one module's npm imports against the pins (`deno.json` `imports`, a
 * package name → `npm:name@version`), one line each: a bare package specifier, an
 * `npm:` specifier of a package not pinned, or one whose version differs from the pin.
 */
export function npmImportProblems(
  path: string,
  text: string,
  pins: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER_RE)) {
    const spec = m[2];
    const line = text.slice(0, m.index).split("\n").length;
    const at = `${path}:${line}`;
    if (spec.startsWith("npm:")) {
      const npm = NPM_RE.exec(spec);
      const pin = npm ? pins[npm[1]] : undefined;
      if (!npm || pin === undefined) out.push(`${at}: ${spec} is not pinned in deno.json`);
      else if (`npm:${npm[1]}@${npm[2]}` !== pin) {
        out.push(`${at}: ${spec} differs from deno.json's pin ${pin}`);
      }
    } else if (!NOT_A_PACKAGE_RE.test(spec)) {
      const name = Object.keys(pins).find((n) => spec === n || spec.startsWith(`${n}/`));
      out.push(
        `${at}: bare specifier "${spec}" resolves only through deno.json; write ${
          name ? `"${pins[name]}${spec.slice(name.length)}"` : "a full npm:pkg@version"
        }`,
      );
    }
  }
  return out;
}

/** The `imports` of the project's deno.json. */
function projectPins(): Record<string, string> {
  return JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).imports;
}

/** Every `.ts` file under `dir`. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

const PINS = { "yaml": "npm:yaml@2.9.1", "@duckdb/node-api": "npm:@duckdb/node-api@1.5.5-r.5" };

Deno.test("npmImportProblems() finds a version that differs from the pin", () => {
  const text = 'import { parse } from "npm:yaml@2.8.0";\nimport "npm:yaml@2.9.1";\n';
  assert.deepEqual(npmImportProblems("a.ts", text, PINS), [
    "a.ts:1: npm:yaml@2.8.0 differs from deno.json's pin npm:yaml@2.9.1",
  ]);
});

Deno.test("npmImportProblems() finds bare, unversioned and unpinned npm specifiers", () => {
  const text = [
    'import { parse } from "yaml";',
    ' * import { DuckDBInstance } from "@duckdb/node-api";',
    'const m = await import("npm:@duckdb/node-api");',
    'export { x } from "npm:left-pad@1.3.0";',
    'import { y } from "./y.ts";',
    'import { z } from "node:fs";',
    "const note = `loaded from ${where}`;",
  ].join("\n");
  assert.deepEqual(npmImportProblems("b.ts", text, PINS), [
    'b.ts:1: bare specifier "yaml" resolves only through deno.json; write "npm:yaml@2.9.1"',
    'b.ts:2: bare specifier "@duckdb/node-api" resolves only through deno.json; write "npm:@duckdb/node-api@1.5.5-r.5"',
    "b.ts:3: npm:@duckdb/node-api differs from deno.json's pin npm:@duckdb/node-api@1.5.5-r.5",
    "b.ts:4: npm:left-pad@1.3.0 is not pinned in deno.json",
  ]);
});

Deno.test("npmImportProblems() accepts a pinned specifier with a subpath", () => {
  const text = 'import porter from "npm:yaml@2.9.1/dist/index.js";\n';
  assert.deepEqual(npmImportProblems("c.ts", text, PINS), []);
});

Deno.test("every npm import in src/ and mod.ts is the full specifier deno.json pins", () => {
  const pins = projectPins();
  const files = [...tsFiles(SRC), join(ROOT, "mod.ts")].filter((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
  const problems = files.flatMap((p) =>
    npmImportProblems(relative(ROOT, p), Deno.readTextFileSync(p), pins)
  );
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join("\n")}`);
});
