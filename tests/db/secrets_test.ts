/**
 * No password in any output: the real command line (a child process) against a real
 * server where the role `rvuser` must give its password (scram-sha-256), for failing
 * runs (wrong password, wrong schema, bad URLs, a missing database) and passing ones
 * (load, rv, segments, validate, evidence, check, report --json and their files). Every
 * stdout, stderr, file written and row stored is searched for the password.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { NO_POSTGRES, withPostgres } from "../support/postgres.ts";
import { rvlab, spawnRvlab } from "../support/cli.ts";
import { connectPg } from "../../src/db/postgres.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import { loadTable } from "../../src/engine/records.ts";
import type { IpfEntry } from "../../src/io/schema.ts";

/** the password, with characters a URL must encode; every form of it contains SECRET */
const SECRET = "S3cr3t-PW-xyz";
const PASSWORD = `${SECRET}:@/`;
const ENCODED = encodeURIComponent(PASSWORD);

/** Every text file under `dir` as [path, text]. */
async function filesUnder(dir: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await filesUnder(p));
    else if (e.isFile) {
      out.push([p, new TextDecoder().decode(await Deno.readFile(p))]);
    }
  }
  return out;
}

function assertNoSecret(what: string, text: string) {
  for (const s of [SECRET, encodeURIComponent(SECRET)]) {
    const i = text.indexOf(s);
    assert.equal(i, -1, `${what} shows the password: …${text.slice(Math.max(0, i - 80), i + 40)}…`);
  }
}

Deno.test({
  name: "no PostgreSQL password in any message, log, JSON, file or stored value",
  ignore: NO_POSTGRES,
  fn: async (t) => {
    const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
    const world = await Deno.makeTempDir({ prefix: "rvlab-secret-world-" });
    const outs = await Deno.makeTempDir({ prefix: "rvlab-secret-out-" });
    await generateWorld(ipf, world, { accounts: 30, months: 15, seed: 5, effect: "planted" });
    try {
      await withPostgres(async (pg) => {
        const admin = await connectPg(`${pg.url}/public`);
        try {
          await admin.run(`CREATE ROLE rvuser LOGIN PASSWORD '${PASSWORD}'`);
          await admin.run(`CREATE DATABASE crm OWNER rvuser`);
        } finally {
          await admin.close();
        }
        const host = `127.0.0.1:${pg.port}`;
        const url = (path: string, pw = ENCODED) => `postgres://rvuser:${pw}@${host}/${path}`;

        await t.step("failing runs name the server, not the password", async () => {
          const runs: [string, string[], RegExp][] = [
            [
              "wrong password",
              ["load", "--data", world, "--to", url("crm/a", `${SECRET}-no`)],
              /password authentication failed/,
            ],
            [
              "wrong schema",
              ["rv", "--data", url("crm/nosuch")],
              /schema "nosuch" has no interactions/,
            ],
            [
              "schema in both forms",
              ["rv", "--data", `${url("crm/a")}?schema=b`],
              /two different schemas/,
            ],
            [
              "too many parts",
              ["rv", "--data", url("a/b/c")],
              /expected postgres:\/\/host\/database/,
            ],
            [
              "too many parts, validate's default --out",
              ["validate", "--data", url("a/b/c")],
              /expected postgres:\/\/host\/database/,
            ],
            ["a port that is not a number", [
              "load",
              "--data",
              world,
              "--to",
              `postgres://rvuser:${ENCODED}@127.0.0.1:x5/crm`,
            ], /URL/],
            ["a mistyped scheme", [
              "load",
              "--data",
              world,
              "--to",
              `postgress://rvuser:${ENCODED}@${host}/crm`,
            ], /postgres:\/\//],
            [
              "missing database",
              ["segments", "--data", url("nodb/s"), "--json"],
              /database "nodb" does not exist/,
            ],
            ["missing database, report", [
              "report",
              "--data",
              url("nodb/s"),
              "--out",
              join(outs, "r0"),
            ], /database "nodb" does not exist/],
            [
              "missing database, load",
              ["load", "--data", world, "--to", url("nodb/s")],
              /database "nodb" does not exist/,
            ],
          ];
          for (const [what, args, message] of runs) {
            const r = await rvlab(...args);
            assert.notEqual(r.code, 0, `${what}: ${r.stderr}`);
            const lines = r.stderr.trim().split("\n");
            assert.match(
              lines.at(-1)!,
              /^rvlab \w+: /,
              `${what}: ends with one error line\n${r.stderr}`,
            );
            assert.match(lines.at(-1)!, message, what);
            assert.equal(lines.filter((l) => /^\s+at /.test(l)).length, 0, `${what}: no stack`);
            assertNoSecret(`${what} (stderr)`, r.stderr);
            assertNoSecret(`${what} (stdout)`, r.stdout);
            if (/rvuser/.test(r.stderr)) assert.match(r.stderr, /rvuser:\*\*\*@/, what);
          }
        });

        await t.step(
          "passing runs: load, rv, segments, validate, evidence, check, report",
          async () => {
            const db = url("crm/rvlab");
            const runs: [string, ...string[]][] = [
              ["load", "--data", world, "--to", db, "--json"],
              ["load", "--data", world, "--to", db],
              ["rv", "--data", db, "--json"],
              ["rv", "--data", db],
              ["segments", "--data", db, "--json"],
              [
                "validate",
                "--data",
                db,
                "--out",
                join(outs, "v"),
                "--cutoffs",
                "1",
                "--resamples",
                "50",
                "--json",
              ],
              ["evidence", "--data", db, "--resamples", "50", "--json"],
              ["check", "--data", db, "--quarantine", join(outs, "q.csv"), "--json"],
              [
                "report",
                "--data",
                db,
                "--out",
                join(outs, "r"),
                "--no-png",
                "--kind",
                "synthetic",
                "--json",
              ],
            ];
            for (const args of runs) {
              const r = await rvlab(...args);
              assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
              assertNoSecret(`${args[0]} (stdout)`, r.stdout);
              assertNoSecret(`${args[0]} (stderr)`, r.stderr);
            }
            const files = await filesUnder(outs);
            assert.ok(files.some(([p]) => p.endsWith("report.html")));
            for (const [p, text] of files) assertNoSecret(p, text);
            // and nothing stored in the database holds it either
            const conn = await connectPg(`${pg.url.replace(/\/postgres$/, "/crm")}/rvlab`);
            try {
              const rows = await conn.query(`SELECT * FROM "_loads"`);
              assert.equal(rows.length, 2);
              assertNoSecret("_loads", JSON.stringify(rows));
            } finally {
              await conn.close();
            }
          },
        );

        // last: it kills the server
        await t.step(
          "the server killed mid-load: one line naming the lost connection, exit 1, no stack, no password",
          async () => {
            const pid = Number(
              (await Deno.readTextFile(join(pg.dir, "data", "postmaster.pid"))).split("\n")[0],
            );
            let killed = false;
            const { done } = spawnRvlab(
              ["load", "--data", world, "--to", url("crm/killed")],
              (line) => {
                // the first table is written, the transaction is open: kill the postmaster
                if (!killed && /rows written/.test(line)) {
                  killed = true;
                  Deno.kill(pid, "SIGKILL");
                }
              },
            );
            const r = await done;
            assert.ok(killed, `the load never wrote a table: ${r.stderr}`);
            assert.equal(r.code, 1, r.stderr);
            const last = r.stderr.trim().split("\n").at(-1) ?? "";
            assert.match(last, /^rvlab load: /, r.stderr);
            assert.match(
              last,
              new RegExp(
                `^rvlab load: lost the connection to PostgreSQL at postgres://rvuser:\\*\\*\\*@127\\.0\\.0\\.1:${pg.port}/crm: `,
              ),
              last,
            );
            assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
            assert.doesNotMatch(r.stderr, /Uncaught|pg-protocol/, "no stack trace");
            assertNoSecret("killed load (stderr)", r.stderr);
            assertNoSecret("killed load (stdout)", r.stdout);
          },
        );
      }, { hba: ["host all rvuser 127.0.0.1/32 scram-sha-256"] });
    } finally {
      await Deno.remove(world, { recursive: true });
      await Deno.remove(outs, { recursive: true });
    }
  },
});
