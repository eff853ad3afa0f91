import assert from "node:assert/strict";
import { isPostgresUrl, redactUrl } from "../../src/util/redact.ts";

Deno.test("redactUrl() hides the password and keeps user, host, port, database and schema", () => {
  assert.equal(
    redactUrl("found postgres://rvuser:S3cr3t-PW-xyz@127.0.0.1:55432/a/b/c"),
    "found postgres://rvuser:***@127.0.0.1:55432/a/b/c",
  );
  assert.equal(
    redactUrl("postgresql://rv:pw@db.example:5432/crm?schema=rvlab"),
    "postgresql://rv:***@db.example:5432/crm?schema=rvlab",
  );
  assert.equal(redactUrl("POSTGRES://rv:pw@h/db"), "POSTGRES://rv:***@h/db");
  // an empty user name with a password
  assert.equal(redactUrl("postgres://:pw@h/db"), "postgres://:***@h/db");
});

Deno.test("redactUrl() hides URL-encoded passwords and raw @ : / characters whole", () => {
  assert.equal(redactUrl("postgres://rv:p%40ss%3Aw%2Frd@h:5432/db"), "postgres://rv:***@h:5432/db");
  assert.equal(redactUrl("postgres://rv:p@ss:w/rd@h:5432/db/s"), "postgres://rv:***@h:5432/db/s");
  assert.equal(redactUrl("postgres://rv:a@b@c@h/db"), "postgres://rv:***@h/db");
  assert.equal(redactUrl("postgres://rv:it's\"q@h/db"), "postgres://rv:***@h/db");
  // the form the WHATWG URL parser gives back (an early @ encoded)
  assert.equal(
    redactUrl(`Invalid URL: 'http://rv:p%40ss@h:5432/a/b/c'`),
    `Invalid URL: 'http://rv:***@h:5432/a/b/c'`,
  );
});

Deno.test("redactUrl() leaves URLs without a password and other text alone", () => {
  for (
    const s of [
      "postgres://rv@127.0.0.1:5432/crm/rvlab",
      "postgres://127.0.0.1:5432/crm",
      "postgres://h/db?schema=x",
      "out/world: 3 rows quarantined",
      "rv:pw@h is not a URL",
      "",
    ]
  ) assert.equal(redactUrl(s), s);
});

Deno.test("redactUrl() hides a ?password= parameter", () => {
  assert.equal(
    redactUrl("postgres://rv@h/db?sslmode=disable&password=S3cr3t&schema=x"),
    "postgres://rv@h/db?sslmode=disable&password=***&schema=x",
  );
  assert.equal(redactUrl("postgres://rv@h/db?PASSWORD=S3cr3t"), "postgres://rv@h/db?PASSWORD=***");
});

Deno.test("redactUrl() hides every password when a text holds several URLs", () => {
  assert.equal(
    redactUrl(
      "from postgres://a:one@h1/db1 to postgresql://b:two@h2:6432/db2/s, then http://c@h3/",
    ),
    "from postgres://a:***@h1/db1 to postgresql://b:***@h2:6432/db2/s, then http://c@h3/",
  );
  // no white space between them: each URL ends where the next begins
  assert.equal(
    redactUrl(JSON.stringify(["postgres://a:one@h1/db", "postgres://b:two@h2/db"])),
    JSON.stringify(["postgres://a:***@h1/db", "postgres://b:***@h2/db"]),
  );
  assert.equal(
    redactUrl("postgres://a:one@h1/db\npostgres://b:two@h2/db"),
    "postgres://a:***@h1/db\npostgres://b:***@h2/db",
  );
  const secret = "S3cr3t-PW-xyz";
  const text = `a postgres://u:${secret}@h/x and "postgres://v:${secret}@h/y"`;
  assert.ok(!redactUrl(text).includes(secret));
});

Deno.test("isPostgresUrl() is the one test for a PostgreSQL URL, used by the CLI and src/db alike", async () => {
  for (const u of ["postgres://h/db", "postgresql://u:p@h:5432/db/s", "POSTGRES://H/DB"]) {
    assert.equal(isPostgresUrl(u), true, u);
  }
  for (const u of ["out/world", "postgres:/h/db", "mysql://h/db", " postgres://h", 5, undefined]) {
    assert.equal(isPostgresUrl(u), false, String(u));
  }
  // no other file in src/ spells the scheme test out again
  const copies: string[] = [];
  for await (const f of walkTs(new URL("../../src/", import.meta.url).pathname)) {
    if (f.endsWith("util/redact.ts")) continue;
    const text = await Deno.readTextFile(f);
    if (/\/\^postgres\(ql\)\?:\\\/\\\/\/i?\.test/.test(text)) copies.push(f);
  }
  assert.deepEqual(copies, []);
});

async function* walkTs(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* walkTs(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}
