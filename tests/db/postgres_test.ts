/**
 * PostgreSQL as sink and source, against a real throwaway server (tests/support/postgres.ts):
 * load → query → report, exact equality with the DuckDB path on a synthetic world,
 * idempotent upsert, all-or-nothing transactions, quarantine with reasons.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { NO_POSTGRES, withPostgres } from "../support/postgres.ts";
import { loadIntoPostgres } from "../../src/db/load.ts";
import { connectPg } from "../../src/db/postgres.ts";
import { DUCKDB, POSTGRES } from "../../src/sql/dialect.ts";
import { openDataSource } from "../../src/db/source.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { rvByPeriod, type RvOptions } from "../../src/rv/rv_by_period.ts";
import { accountSummaries, defaultWindow } from "../../src/segments/account_summary.ts";
import { analyseSegments } from "../../src/segments/analyse.ts";
import { buildPanel } from "../../src/backtest/panel.ts";
import { rvlab } from "../support/cli.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];

async function count(url: string, table: string): Promise<number> {
  const db = await connectPg(url);
  try {
    const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    return r.n;
  } finally {
    await db.close();
  }
}

Deno.test({
  name: "PostgreSQL sink and source on a real server",
  ignore: NO_POSTGRES,
  fn: async (t) => {
    const world = await Deno.makeTempDir({ prefix: "rvlab-pg-world-" });
    await generateWorld(ipf, world, { accounts: 60, months: 24, seed: 11, effect: "planted" });
    try {
      await withPostgres(async (pg) => {
        const url = `${pg.url}/world`;

        await t.step(
          "loadIntoPostgres() writes every table with keys and constraints",
          async () => {
            const mem = await loadDataDir(world);
            const r = await loadIntoPostgres(world, url);
            assert.equal(r.schema, "world");
            assert.equal(r.quarantined, 0);
            for (const [table, c] of Object.entries(mem.report.tables)) {
              assert.equal(r.written[table as keyof typeof r.written], c.accepted, table);
              assert.equal(await count(url, table), c.accepted, table);
            }
            const db = await connectPg(url);
            try {
              const keys = await db.query<{ table_name: string; constraint_type: string }>(
                `SELECT table_name, constraint_type FROM information_schema.table_constraints
               WHERE table_schema = $1 AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
               ORDER BY 1, 2`,
                ["world"],
              );
              assert.deepEqual(keys.map((k) => `${k.table_name}:${k.constraint_type}`), [
                "_loads:PRIMARY KEY",
                "_quarantine:FOREIGN KEY",
                "accounts:PRIMARY KEY",
                "interactions:FOREIGN KEY",
                "interactions:PRIMARY KEY",
                "ipf:PRIMARY KEY",
              ]);
              // the model's rules hold in the database too
              await assert.rejects(
                db.run(
                  `INSERT INTO ipf VALUES ('x', 'X', 1, 0, 'nowhere', 'sales', 'community', false, NULL)`,
                ),
                /check constraint/,
              );
              await assert.rejects(
                db.run(
                  `INSERT INTO interactions (interaction_id, occurred_at, account_id, interaction_type)
                 VALUES ('new', now(), 'a', 'no_such_type')`,
                ),
                /foreign key/,
              );
              await assert.rejects(
                db.run(`INSERT INTO voc (account_id, answered_at, nps) VALUES ('a', now(), 11)`),
                /check constraint/,
              );
            } finally {
              await db.close();
            }
          },
        );

        await t.step(
          "loadIntoPostgres() twice is idempotent (upsert by interaction_id)",
          async () => {
            const before = await count(url, "interactions");
            // bulkFkRows 0: the foreign key is dropped and added back around the upsert
            const r = await loadIntoPostgres(world, url, { bulkFkRows: 0 });
            assert.equal(r.load_id, 2);
            assert.equal(r.written.interactions, 0, "identical rows are not rewritten");
            assert.equal(
              await count(
                url,
                "pg_constraint WHERE contype = 'f' AND conname = 'interactions_interaction_type_fkey' AND connamespace = 'world'::regnamespace",
              ),
              1,
            );
            assert.equal(await count(url, "interactions"), before);
            // the key-less tables are compared row by row: nothing to write either
            assert.equal(r.written.financials, 0, "financials rewritten");
            assert.equal(r.written.voc, 0, "voc rewritten");
            assert.ok((await count(url, "financials")) > 1000);
            assert.equal(await count(url, "_loads"), 2);
          },
        );

        await t.step(
          "loadIntoPostgres() rewrites only the edited row of a key-less table",
          async () => {
            const edits = `${pg.url}/edits`;
            await loadIntoPostgres(world, edits);
            const changed = await Deno.makeTempDir({ prefix: "rvlab-pg-edit-" });
            try {
              for await (const e of Deno.readDir(world)) {
                if (e.isFile) await Deno.copyFile(join(world, e.name), join(changed, e.name));
              }
              const lines = (await Deno.readTextFile(join(world, "financials.csv"))).split("\n");
              const cells = lines[5].split(",");
              cells[2] = "12345.67"; // revenue of one account-month
              lines[5] = cells.join(",");
              // and one duplicated row: a multiset, so it is written once more
              lines.splice(7, 0, lines[6]);
              await Deno.writeTextFile(join(changed, "financials.csv"), lines.join("\n"));
              const nBefore = await count(edits, "financials");
              const logs: string[] = [];
              const r = await loadIntoPostgres(changed, edits, { log: (l) => logs.push(l) });
              assert.equal(r.written.financials, 2, logs.join("\n"));
              assert.equal(r.written.voc, 0);
              assert.ok(
                logs.some((l) => /financials: 2 rows written, 1 removed/.test(l)),
                logs.join("\n"),
              );
              assert.equal(await count(edits, "financials"), nBefore + 1);
              assert.equal(
                await count(
                  edits,
                  `financials WHERE account_id = '${cells[0]}' AND revenue = 12345.67`,
                ),
                1,
              );
              // the same file again: nothing; the original again: the edit undone
              assert.equal((await loadIntoPostgres(changed, edits)).written.financials, 0);
              const back = await loadIntoPostgres(world, edits);
              assert.equal(back.written.financials, 1);
              assert.equal(await count(edits, "financials"), nBefore);
              assert.equal(await count(edits, "financials WHERE revenue = 12345.67"), 0);
            } finally {
              await Deno.remove(changed, { recursive: true });
            }
          },
        );

        await t.step(
          "concurrent loads into a new and into a loaded schema wait for each other and succeed",
          async () => {
            const target = `${pg.url}/concurrent`;
            const logs: string[] = [];
            const log = (l: string) => logs.push(l);
            // a new schema: both would create it
            const first = await Promise.all([
              loadIntoPostgres(world, target, { log }),
              loadIntoPostgres(world, target, { log }),
            ]);
            assert.deepEqual(first.map((r) => r.load_id).sort(), [1, 2]);
            // exactly one wrote the rows, the other found them identical
            const wrote = first.map((r) => r.written.interactions ?? 0).sort((a, b) => a - b);
            assert.equal(wrote[0], 0);
            assert.ok(wrote[1] > 1000);
            assert.ok(logs.some((l) => /waiting for another load/.test(l)), logs.join("\n"));
            // a loaded schema: three at once, bulk path (foreign key dropped and re-added)
            const again = await Promise.all(
              [0, 1, 2].map(() => loadIntoPostgres(world, target, { bulkFkRows: 0 })),
            );
            assert.deepEqual(again.map((r) => r.written.interactions), [0, 0, 0]);
            assert.deepEqual(again.map((r) => r.written.financials), [0, 0, 0]);
            assert.equal(await count(target, "_loads"), 5);
            assert.equal(await count(target, "interactions"), wrote[1]);
          },
        );

        await t.step(
          "rv_round9() and rv_round6() round bit-identically to DuckDB's round(x, 9 and 6)",
          async () => {
            let seed = 7;
            const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
            const xs = [0, -0, 2.5e-9, -2.5e-9, 0.0000000015, 1.0000000005, -1.0000000005, 1e300];
            for (let i = 0; i < 3000; i++) {
              const scale = 10 ** Math.floor(rand() * 14 - 6);
              xs.push((rand() - 0.3) * scale, (Math.floor(rand() * 1e6) + 0.5) / 1e9);
            }
            const engine = await openEngine();
            const db = await connectPg(url);
            try {
              const list = `[${xs.map((x) => String(x)).join(",")}]`;
              for (const digits of [9, 6]) {
                const duck = await engine.query<{ r: number }>(
                  `SELECT round(x, ${digits}) AS r FROM (SELECT unnest(${list}::DOUBLE[]) AS x)`,
                );
                const pgr = await db.query<{ r: number }>(
                  `SELECT pg_temp.rv_round${digits}(x) AS r FROM unnest($1::double precision[]) WITH ORDINALITY AS u(x, k) ORDER BY k`,
                  [xs],
                );
                assert.equal(duck.length, xs.length);
                assert.deepEqual(pgr.map((r) => r.r), duck.map((r) => r.r), `${digits} digits`);
              }
              // and the expressions the dialects write into their queries
              for (const k of ["round9", "round6"] as const) {
                const duck = await engine.query<{ r: number }>(
                  `SELECT ${DUCKDB[k]("x")} AS r FROM (SELECT unnest(${list}::DOUBLE[]) AS x)`,
                );
                const pgr = await db.query<{ r: number }>(
                  `SELECT ${
                    POSTGRES[k]("x")
                  } AS r FROM unnest($1::double precision[]) WITH ORDINALITY AS u(x, k) ORDER BY k`,
                  [xs],
                );
                assert.deepEqual(pgr.map((r) => r.r), duck.map((r) => r.r), k);
              }
              // and the quoting helper gives PostgreSQL the exact names too
              for (const name of ['a"b', "x y", "select", "'; drop"]) {
                const [row] = await db.query(`SELECT 1 AS ${POSTGRES.ident(name)}`);
                assert.deepEqual(Object.keys(row), [name]);
              }
            } finally {
              engine.close();
              await db.close();
            }
          },
        );

        await t.step("rvByPeriod() in PostgreSQL equals the DuckDB path exactly", async () => {
          const engine = await openEngine();
          const db = await connectPg(url);
          try {
            await loadDataDirIntoEngine(engine, world);
            const [{ t: someType }] = await engine.query<{ t: string }>(
              "SELECT interaction_type AS t FROM interactions GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            );
            const cases: RvOptions[] = [
              {},
              { grain: "week", level: "contact" },
              { grain: "quarter", level: "initiative", halfLife: 2 },
              { grain: "month", halfLife: 6, caps: { [someType]: 1 } },
              { grain: "day", level: "account", end: "2024-12-31" },
            ];
            for (const o of cases) {
              const duck = await rvByPeriod(engine, o);
              const pgRows = await rvByPeriod(db, o, POSTGRES);
              assert.ok(duck.length > 0);
              assert.equal(pgRows.length, duck.length, JSON.stringify(o));
              assert.deepEqual(pgRows, duck, JSON.stringify(o));
            }
          } finally {
            engine.close();
            await db.close();
          }
        });

        await t.step(
          "accountSummaries(), analyseSegments() and buildPanel() pushed down equal DuckDB",
          async () => {
            const engine = await openEngine();
            const src = await openDataSource(url);
            try {
              await loadDataDirIntoEngine(engine, world);
              const w = await defaultWindow(engine, 12);
              assert.deepEqual(await defaultWindow(src.db, 12, src.dialect), w);
              const duck = await accountSummaries(engine, w);
              const pgRows = await accountSummaries(src.db, w, src.dialect);
              assert.ok(duck.length >= 60);
              assert.deepEqual(pgRows, duck);
              // the back-test's monthly panel, built in the server
              const panelDuck = await buildPanel(engine);
              const panelPg = await buildPanel(src.db, src.dialect);
              assert.ok(panelDuck.rows.length > 1000);
              assert.deepEqual(panelPg, panelDuck);
              // the whole segment analysis: aggregates from PostgreSQL, the rest on the mirror
              const a = await analyseSegments(engine);
              const b = await analyseSegments(src.engine, {
                pushdown: { db: src.db, dialect: src.dialect },
              });
              assert.deepEqual(b, a);
            } finally {
              engine.close();
              await src.close();
            }
          },
        );

        await t.step("a load failing mid-way leaves no partial rows", async () => {
          // a new schema: nothing may exist afterwards, not even the schema
          const fresh = `${pg.url}/broken`;
          await assert.rejects(
            loadIntoPostgres(world, fresh, {
              afterTable: (table) => {
                if (table === "interactions") throw new Error("forced failure");
              },
            }),
            /forced failure/,
          );
          const db = await connectPg(url);
          try {
            const [r] = await db.query<{ n: number }>(
              "SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'broken'",
            );
            assert.equal(r.n, 0);
            // an existing schema: changed rows written before the failure are rolled back
            const changed = await Deno.makeTempDir({ prefix: "rvlab-pg-changed-" });
            for await (const e of Deno.readDir(world)) {
              if (e.isFile) await Deno.copyFile(join(world, e.name), join(changed, e.name));
            }
            const ipfText = await Deno.readTextFile(join(changed, "ipf.csv"));
            await Deno.writeTextFile(
              join(changed, "ipf.csv"),
              ipfText.replace(/,(-?\d+(\.\d+)?),/, ",999,"),
            );
            const before = await db.query("SELECT * FROM ipf ORDER BY interaction_type");
            const nBefore = await count(url, "interactions");
            await assert.rejects(
              loadIntoPostgres(changed, url, {
                bulkFkRows: 0,
                afterTable: async (table, tx) => {
                  if (table !== "interactions") return;
                  // inside the transaction the new rows are there …
                  const [m] = await tx.query<{ n: number }>(
                    "SELECT count(*) AS n FROM ipf WHERE rv = 999",
                  );
                  assert.equal(m.n, 1);
                  throw new Error("forced failure");
                },
              }),
              /forced failure/,
            );
            // … and after the rollback they are not
            assert.deepEqual(await db.query("SELECT * FROM ipf ORDER BY interaction_type"), before);
            assert.equal(await count(url, "interactions"), nBefore);
            assert.equal(await count(url, "_loads"), 2);
            assert.equal(
              await count(
                url,
                "pg_constraint WHERE contype = 'f' AND conname = 'interactions_interaction_type_fkey' AND connamespace = 'world'::regnamespace",
              ),
              1,
            );
            await Deno.remove(changed, { recursive: true });
          } finally {
            await db.close();
          }
        });

        await t.step("quarantined rows land in _quarantine with their reasons", async () => {
          const d = await Deno.makeTempDir({ prefix: "rvlab-pg-bad-" });
          await Deno.writeTextFile(
            join(d, "ipf.csv"),
            "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
              "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n",
          );
          await Deno.writeTextFile(
            join(d, "interactions.csv"),
            "interaction_id,occurred_at,account_id,interaction_type,quantity,region\n" +
              "i1,2017-03-01T10:00:00Z,a1,demo,2,North\n" +
              "i2,2017-03-02,a1,demo,lots,South\n" +
              "i1,2017-03-03,a2,demo,1,\n" +
              "i3,2017-03-04,a2,unknown,1,\n",
          );
          const qurl = `${pg.url}?schema=quarantine`;
          const mem = await loadDataDir(d);
          const r = await loadIntoPostgres(d, qurl);
          assert.equal(r.quarantined, mem.quarantine.length);
          assert.equal(r.quarantined, 3);
          const db = await connectPg(qurl);
          try {
            const rows = await db.query<Record<string, unknown>>(
              `SELECT table_name, line, column_name, value, expected, reason, message
               FROM _quarantine ORDER BY line, column_name`,
            );
            assert.deepEqual(
              rows,
              mem.quarantine.map((e) => ({
                table_name: e.table,
                line: e.line,
                column_name: e.column,
                value: e.value === "" ? null : e.value,
                expected: e.expected,
                reason: e.reason,
                message: e.message,
              })).sort((a, b) => a.line - b.line || a.column_name.localeCompare(b.column_name)),
            );
            // the extra column travelled too
            assert.deepEqual(await db.query("SELECT interaction_id, region FROM interactions"), [
              { interaction_id: "i1", region: "North" },
            ]);
          } finally {
            await db.close();
            await Deno.remove(d, { recursive: true });
          }
        });

        await t.step(
          "rvlab load → rv → report on the server, rv equal to the directory's",
          async () => {
            const cliUrl = `${pg.url}/cli`;
            const l = await rvlab("load", "--data", world, "--to", cliUrl, "--json");
            assert.equal(l.code, 0, l.stderr);
            assert.equal(JSON.parse(l.stdout).schema, "cli");
            const fromDb = await rvlab("rv", "--data", cliUrl, "--half-life", "3", "--json");
            const fromDir = await rvlab("rv", "--data", world, "--half-life", "3", "--json");
            assert.equal(fromDb.code, 0, fromDb.stderr);
            assert.match(fromDb.stderr, /computing RV in PostgreSQL/);
            assert.deepEqual(JSON.parse(fromDb.stdout), JSON.parse(fromDir.stdout));
            const out = await Deno.makeTempDir({ prefix: "rvlab-pg-report-" });
            try {
              const rep = await rvlab(
                "report",
                "--data",
                cliUrl,
                "--out",
                out,
                "--no-png",
                "--kind",
                "synthetic",
                "--json",
              );
              assert.equal(rep.code, 0, rep.stderr);
              const html = await Deno.readTextFile(join(out, "report.html"));
              assert.match(html, /RV-Q benchmark report: cli/);
            } finally {
              await Deno.remove(out, { recursive: true });
            }
            // segments and validate: the same JSON from the database as from the directory
            for (
              const args of [["segments"], ["validate", "--cutoffs", "1", "--resamples", "50"]]
            ) {
              const fromDbOut = await Deno.makeTempDir();
              const fromDirOut = await Deno.makeTempDir();
              const extra = args[0] === "validate" ? ["--out"] : [];
              const a = await rvlab(
                ...args,
                "--data",
                cliUrl,
                ...extra,
                ...(extra.length ? [fromDbOut] : []),
                "--json",
              );
              const b = await rvlab(
                ...args,
                "--data",
                world,
                ...extra,
                ...(extra.length ? [fromDirOut] : []),
                "--json",
              );
              assert.equal(a.code, 0, a.stderr);
              assert.equal(b.code, 0, b.stderr);
              const ja = JSON.parse(a.stdout), jb = JSON.parse(b.stdout);
              delete ja.markdown_file;
              delete jb.markdown_file;
              assert.deepEqual(ja, jb, args[0]);
              await Deno.remove(fromDbOut, { recursive: true });
              await Deno.remove(fromDirOut, { recursive: true });
            }
            // check on a database: the latest load's report and the quarantine with reasons
            const qfile = join(await Deno.makeTempDir(), "q.csv");
            const chk = await rvlab(
              "check",
              "--data",
              `${pg.url}/quarantine`,
              "--quarantine",
              qfile,
              "--json",
            );
            assert.equal(chk.code, 0, chk.stderr);
            const cj = JSON.parse(chk.stdout);
            assert.equal(cj.report.tables.interactions.quarantined, 3);
            assert.equal(cj.rows.interactions, 1);
            assert.match(await Deno.readTextFile(qfile), /unknown/);
            const missing = await rvlab("rv", "--data", `${pg.url}/nothing_here`);
            assert.equal(missing.code, 1);
            assert.match(missing.stderr, /run rvlab load first/);
            const bad = await rvlab("load", "--data", world, "--to", "mysql://x");
            assert.equal(bad.code, 2);
          },
        );
      });
    } finally {
      await Deno.remove(world, { recursive: true });
    }
  },
});
