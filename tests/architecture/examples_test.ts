/**
 * Every exported function of `src/` has a doc comment with an `@example` (which
 * `deno check --doc src/` in scripts/test.sh then type-checks).
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** `path:name` of each exported function whose doc comment has no `@example`. */
export function functionsWithoutExample(dir = SRC, root = dir): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) {
      out.push(...functionsWithoutExample(p, root));
      continue;
    }
    if (!e.name.endsWith(".ts")) continue;
    const text = Deno.readTextFileSync(p);
    for (const m of text.matchAll(/^export (?:async )?function\*? ?(\w+)/gm)) {
      const before = text.slice(0, m.index).trimEnd();
      const doc = before.endsWith("*/") ? before.slice(before.lastIndexOf("/**")) : "";
      // an overload's later signatures share the first one's comment
      const overload = /^export (?:async )?function\*? ?\w+[^{]*;\s*$/m.test(
        before.slice(before.lastIndexOf("\n", before.length - 1)),
      );
      if (!doc.includes("@example") && !overload) out.push(`${relative(root, p)}:${m[1]}`);
    }
  }
  return out.sort();
}

Deno.test("functionsWithoutExample() finds a function without an example", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(
    join(dir, "a.ts"),
    "/** Doc.\n * @example\n * ```ts\n * f();\n * ```\n */\nexport function f() {}\n\n/** No example. */\nexport function g() {}\nexport async function h() {}\n",
  );
  assert.deepEqual(functionsWithoutExample(dir), ["a.ts:g", "a.ts:h"]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("every exported function in src/ has an @example", () => {
  const missing = functionsWithoutExample();
  assert.deepEqual(missing, [], `${missing.length} without @example:\n${missing.join("\n")}`);
});
