/**
 * Runs a Python snippet with Debian's python3 (scipy, sklearn, statsmodels as oracles):
 * JSON in on stdin, JSON out on stdout.
 *
 * @module
 */

/** Runs `code` with `/usr/bin/python3`, `input` as JSON on stdin; returns its JSON output. */
export async function python<T = unknown>(code: string, input: unknown): Promise<T> {
  const p = new Deno.Command("/usr/bin/python3", {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(input)));
  await w.close();
  const out = await p.output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}
