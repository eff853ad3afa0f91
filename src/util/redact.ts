/**
 * Passwords out of every text rvlab prints or writes ({@linkcode redactUrl}), and telling a
 * PostgreSQL URL from a path ({@linkcode isPostgresUrl}).
 *
 * @module
 */

/** a URL scheme and its `//` (`postgres://`, `postgresql://`, `https://`, …) */
const SCHEME = String.raw`[a-z][a-z0-9+.\-]*:\/\/`;

/**
 * A URL in a text: the scheme, then everything up to white space or the next URL. The
 * rest is kept wide on purpose: a password typed into a URL unencoded may hold `@`, `:`,
 * `/`, `?` or quotes, and must be hidden whole.
 */
const URL_IN_TEXT = new RegExp(`(${SCHEME})(\\S*?)(?=\\s|$|${SCHEME})`, "gi");

/** a `password=` query parameter (libpq and `pg` read one from the URL) */
const PASSWORD_PARAM = /([?&]password=)[^&#\s]*/gi;

/**
 * The text with the password of every URL in it replaced by `***`:
 * `postgres://rv:S3cr3t@db:5432/crm` becomes `postgres://rv:***@db:5432/crm`, and a
 * `?password=…` parameter `?password=***`. Everything else (user, host, port, database,
 * schema) stays, so a message still says where rvlab tried to go.
 *
 * The password is what lies between the first `:` after `scheme://` and the LAST `@` of
 * the URL (the URL ends at white space or where another `scheme://` starts), so a
 * password holding unencoded `@`, `:` or `/` is hidden whole; when that reaches into the
 * path (an `@` in a path or query) more is hidden than needed, never less. A URL without
 * `user:password@` is left as it is. Not covered: a password with unencoded white space
 * (percent-encode it: `%20`).
 *
 * Why: every message, log line, JSON result and stored value that can hold a
 * `--data`/`--to` URL goes through this one function (issue 19: errors echoed
 * `postgres://rvuser:S3cr3t-PW-xyz@…`).
 * Complexity: O(length of the text).
 *
 * @example
 * ```ts
 * import { redactUrl } from "./redact.ts";
 * redactUrl("cannot connect to postgres://rv:S3cr3t@127.0.0.1:5432/crm/rvlab");
 * // => "cannot connect to postgres://rv:***@127.0.0.1:5432/crm/rvlab"
 * redactUrl("postgresql://rv:p@ss:w/rd@db/crm"); // => "postgresql://rv:***@db/crm"
 * redactUrl("postgres://rv@db/crm?password=x"); // => "postgres://rv@db/crm?password=***"
 * redactUrl("postgres://rv@db/crm"); // => "postgres://rv@db/crm" (no password)
 * ```
 */
export function redactUrl(text: string): string {
  return text.replace(URL_IN_TEXT, (_, scheme: string, rest: string) => {
    const at = rest.lastIndexOf("@");
    const colon = rest.indexOf(":");
    if (at >= 0 && colon >= 0 && colon < at) {
      rest = `${rest.slice(0, colon + 1)}***${rest.slice(at)}`;
    }
    return scheme + rest.replace(PASSWORD_PARAM, "$1***");
  });
}

/**
 * True for `postgres://` and `postgresql://` URLs.
 *
 * Why: `--data` takes a folder or a database; this tells them apart.
 * Complexity: O(length of the text).
 *
 * @example
 * ```ts
 * import { isPostgresUrl } from "./redact.ts";
 * isPostgresUrl("postgresql://u@h/db"); // => true
 * isPostgresUrl("out/world"); // => false
 * ```
 */
export function isPostgresUrl(s: unknown): boolean {
  return typeof s === "string" && /^postgres(ql)?:\/\//i.test(s);
}
