/**
 * A sharded PostgreSQL target (src/db/shards.ts) against real throwaway servers: a
 * coordinator and three shards started here and always stopped. Proof of equality
 * (every heavy figure deepEquals the embedded DuckDB result) and proof of pushdown (the
 * GROUP BY inside each shard's remote SQL; only account-level rows travel).
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { freePort, removeStaleClusters, startCluster } from "../../src/db/cluster.ts";
import { NO_POSTGRES } from "../support/postgres.ts";
import { loadIntoPostgres } from "../../src/db/load.ts";
import { connectPg } from "../../src/db/postgres.ts";
import { openDataSource, sourceDialect } from "../../src/db/source.ts";
import {
  createShardedSchema,
  rowsShipped,
  shardedTarget,
  startShardSet,
} from "../../src/db/shards.ts";
import type { SqlRunner } from "../../src/engine/duckdb.ts";
import { openEngine } from "../../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../../src/engine/load.ts";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";
import { generateWorld } from "../../src/generate/world.ts";
import { DEFAULT_IPF } from "../../src/ipf/adapters.ts";
import type { IpfEntry } from "../../src/io/schema.ts";
import { rvByPeriod, rvByPeriodSql, type RvOptions } from "../../src/rv/rv_by_period.ts";
import {
  accountSummaries,
  accountSummariesSql,
  defaultWindow,
} from "../../src/segments/account_summary.ts";
import { analyseSegments } from "../../src/segments/analyse.ts";
import { buildPanel } from "../../src/backtest/panel.ts";
import { rvlab } from "../support/cli.ts";

const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];

async function scalar(url: string, sql: string): Promise<number> {
  const db = await connectPg(url);
  try {
    const [r] = await db.query<{ n: number }>(sql);
    return r.n;
  } finally {
    await db.close();
  }
}

/** A runner that records every query it passes on (to EXPLAIN what a builder ran). */
function recording(db: SqlRunner): SqlRunner & { sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    query: (q, p) => {
      sql.push(q);
      return db.query(q, p);
    },
    run: (q, p) => db.run(q, p),
  };
}

Deno.test({
  name: "sharded PostgreSQL (coordinator + 3 postgres_fdw shards) equals DuckDB",
  ignore: NO_POSTGRES,
  fn: async (t) => {
    const world = await Deno.makeTempDir({ prefix: "rvlab-shard-world-" });
    await generateWorld(ipf, world, { accounts: 60, months: 24, seed: 11, effect: "planted" });
    const engine = await openEngine();
    const set = await startShardSet(3).catch((e) => {
      engine.close();
      throw e;
    });
    try {
      await loadDataDirIntoEngine(engine, world);
      const url = `${set.coordinator.url}/world`;
      const shards = set.shards.map((s) => `${s.url}/world`);

      await t.step(
        "loadIntoPostgres() with shards routes every interaction to its account's shard",
        async () => {
          const mem = await loadDataDir(world);
          const r = await loadIntoPostgres(world, url, { shards });
          assert.equal(r.quarantined, 0);
          const total = mem.report.tables.interactions!.accepted;
          assert.equal(r.written.interactions, total);
          assert.equal(await scalar(url, "SELECT count(*) AS n FROM interactions"), total);
          const perShard = await Promise.all(
            shards.map((s) => scalar(s, "SELECT count(*) AS n FROM interactions")),
          );
          assert.equal(perShard.reduce((a, b) => a + b, 0), total);
          for (const n of perShard) assert.ok(n > 0, `a shard without rows: ${perShard}`);
          // each account lives on exactly one shard, the one of its hash partition
          const ids = await Promise.all(shards.map(async (s) => {
            const db = await connectPg(s);
            try {
              return (await db.query<{ a: string }>(
                "SELECT DISTINCT account_id AS a FROM interactions",
              )).map((x) => x.a);
            } finally {
              await db.close();
            }
          }));
          const all = ids.flat();
          assert.equal(new Set(all).size, all.length, "an account on two shards");
          const db = await connectPg(url);
          try {
            for (const [k, list] of ids.entries()) {
              const [{ n }] = await db.query<{ n: number }>(
                `SELECT count(*) AS n FROM unnest($1::text[]) a
                 WHERE NOT satisfies_hash_partition('interactions'::regclass, 3, $2::int, a)`,
                [list, k],
              );
              assert.equal(n, 0, `shard ${k} holds accounts of another partition`);
            }
          } finally {
            await db.close();
          }
          // the IPF is replicated; the other tables stay on the coordinator
          const ipfRows = await scalar(url, "SELECT count(*) AS n FROM ipf");
          for (const s of shards) {
            assert.equal(await scalar(s, "SELECT count(*) AS n FROM ipf"), ipfRows);
            assert.equal(await scalar(s, "SELECT count(*) AS n FROM financials"), 0);
          }
          assert.equal(
            await scalar(url, "SELECT count(*) AS n FROM financials"),
            mem.report.tables.financials!.accepted,
          );
          // a repeated load is detected as sharded without --shards and writes nothing new
          const again = await loadIntoPostgres(world, url);
          assert.equal(again.written.interactions, 0);
          assert.equal(await scalar(url, "SELECT count(*) AS n FROM interactions"), total);
        },
      );

      await t.step(
        "createShardedSchema() refuses another shard list for a sharded schema",
        async () => {
          await assert.rejects(
            createShardedSchema(url, shards.slice(0, 2)),
            /already sharded over 3 other shard\(s\).*expected the same --shards list/,
          );
          await assert.rejects(createShardedSchema(url, [shards[0], shards[0]]), /twice/);
        },
      );

      await t.step("shardedTarget() pushes the aggregate to each shard", async () => {
        const db = await connectPg(url);
        try {
          const target = await shardedTarget(db);
          assert.equal(target?.modulus, 3);
          const d = await sourceDialect(db);
          const w = await defaultWindow(db, 12, d);
          const rec = recording(db);
          await buildPanel(rec, d);
          const panelSql = rec.sql.find((s) => /money_from/.test(s));
          assert.ok(panelSql, "the panel's query");
          const [{ n: interactions }] = await db.query<{ n: number }>(
            "SELECT count(*) AS n FROM interactions",
          );
          const [{ n: accountMonths }] = await db.query<{ n: number }>(
            `SELECT count(*) AS n FROM (SELECT DISTINCT account_id, date_trunc('month', occurred_at)
             FROM interactions) x`,
          );
          const [{ n: accounts }] = await db.query<{ n: number }>(
            "SELECT count(DISTINCT account_id) AS n FROM interactions",
          );
          const [{ n: windowAccounts }] = await db.query<{ n: number }>(
            `SELECT count(DISTINCT account_id) AS n FROM interactions
             WHERE occurred_at >= $1::date AND occurred_at < $2::date`,
            [w.start, w.end],
          );
          const cases: [string, string, number][] = [
            ["rv by account and period", rvByPeriodSql({}, d), accountMonths],
            ["account summaries", accountSummariesSql(w, d), accounts + windowAccounts],
            ["back-test panel", panelSql!, accountMonths],
          ];
          for (const [what, sql, expected] of cases) {
            const plan = await rowsShipped(db, sql);
            assert.ok(plan.scans.length >= 3, `${what}: ${plan.scans.length} foreign scans`);
            for (const s of plan.scans) {
              assert.match(s.relations, /^Aggregate on/, `${what}: ${s.relations}`);
              assert.match(s.remoteSql, /GROUP BY/, `${what}: ${s.remoteSql}`);
            }
            // only account-level rows travel: one per account-month (or account)
            assert.equal(plan.total, expected, what);
            assert.ok(plan.total * 3 < interactions, `${what}: ${plan.total} of ${interactions}`);
          }
          // without partitionwise aggregation every interaction would travel
          await db.run("SET enable_partitionwise_aggregate = off");
          const off = await rowsShipped(db, rvByPeriodSql({}, d));
          assert.equal(off.total, interactions);
        } finally {
          await db.close();
        }
      });

      await t.step("rvByPeriod() on the shards equals the DuckDB path exactly", async () => {
        const db = await connectPg(url);
        try {
          const d = await sourceDialect(db);
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
            assert.ok(duck.length > 0);
            assert.deepEqual(await rvByPeriod(db, o, d), duck, JSON.stringify(o));
          }
        } finally {
          await db.close();
        }
      });

      await t.step(
        "accountSummaries(), buildPanel() and analyseSegments() on the shards equal DuckDB",
        async () => {
          const src = await openDataSource(url);
          try {
            assert.ok(src.dialect.inlineIpf, "the sharded dialect");
            const w = await defaultWindow(engine, 12);
            assert.deepEqual(await defaultWindow(src.db, 12, src.dialect), w);
            const duck = await accountSummaries(engine, w);
            assert.ok(duck.length >= 60);
            assert.deepEqual(await accountSummaries(src.db, w, src.dialect), duck);
            const panel = await buildPanel(engine);
            assert.ok(panel.rows.length > 1000);
            assert.deepEqual(await buildPanel(src.db, src.dialect), panel);
            const a = await analyseSegments(engine);
            const b = await analyseSegments(src.engine, {
              pushdown: { db: src.db, dialect: src.dialect },
            });
            assert.deepEqual(b, a);
          } finally {
            await src.close();
          }
        },
      );

      await t.step(
        "the demo world (200 accounts, 36 months, seed 1) on the shards equals DuckDB",
        async () => {
          const demo = await Deno.makeTempDir({ prefix: "rvlab-shard-demo-" });
          const duckDemo = await openEngine();
          try {
            await generateWorld(ipf, demo, {
              accounts: 200,
              months: 36,
              seed: 1,
              effect: "planted",
            });
            await loadDataDirIntoEngine(duckDemo, demo);
            const demoUrl = `${set.coordinator.url}/demo`;
            await loadIntoPostgres(demo, demoUrl, {
              shards: set.shards.map((s) => `${s.url}/demo`),
            });
            const src = await openDataSource(demoUrl);
            try {
              const rv = await rvByPeriod(duckDemo, { halfLife: 6 });
              assert.ok(rv.length > 5000);
              assert.deepEqual(await rvByPeriod(src.db, { halfLife: 6 }, src.dialect), rv);
              const w = await defaultWindow(duckDemo, 12);
              assert.deepEqual(
                await accountSummaries(src.db, w, src.dialect),
                await accountSummaries(duckDemo, w),
              );
              assert.deepEqual(await buildPanel(src.db, src.dialect), await buildPanel(duckDemo));
            } finally {
              await src.close();
            }
          } finally {
            duckDemo.close();
            await Deno.remove(demo, { recursive: true });
          }
        },
      );

      await t.step("a load failing on the last shard leaves every server as it was", async () => {
        const fresh = `${set.coordinator.url}/broken`;
        const freshShards = set.shards.map((s) => `${s.url}/broken`);
        let seen = 0;
        await assert.rejects(
          loadIntoPostgres(world, fresh, {
            shards: freshShards,
            afterTable: (table) => {
              if (table === "interactions" && ++seen === 3) throw new Error("forced failure");
            },
          }),
          /forced failure/,
        );
        assert.equal(await scalar(fresh, "SELECT count(*) AS n FROM interactions"), 0);
        assert.equal(await scalar(fresh, "SELECT count(*) AS n FROM _loads"), 0);
        for (const s of freshShards) {
          assert.equal(await scalar(s, "SELECT count(*) AS n FROM interactions"), 0);
        }
      });

      await t.step(
        "rvlab load --shards, then rv, segments and validate equal the directory's",
        async () => {
          const cliUrl = `${set.coordinator.url}/cli`;
          const cliShards = set.shards.map((s) => `${s.url}/cli`);
          const l = await rvlab(
            "load",
            "--data",
            world,
            "--to",
            cliUrl,
            "--shards",
            cliShards.join(","),
            "--json",
          );
          assert.equal(l.code, 0, l.stderr);
          const fromDb = await rvlab("rv", "--data", cliUrl, "--half-life", "3", "--json");
          const fromDir = await rvlab("rv", "--data", world, "--half-life", "3", "--json");
          assert.equal(fromDb.code, 0, fromDb.stderr);
          assert.match(fromDb.stderr, /sharded: per-account aggregates run on the shards/);
          assert.deepEqual(JSON.parse(fromDb.stdout), JSON.parse(fromDir.stdout));
          for (const args of [["segments"], ["validate", "--cutoffs", "1", "--resamples", "50"]]) {
            const outs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
            const extra = (k: number) => (args[0] === "validate" ? ["--out", outs[k]] : []);
            const a = await rvlab(...args, "--data", cliUrl, ...extra(0), "--json");
            const b = await rvlab(...args, "--data", world, ...extra(1), "--json");
            assert.equal(a.code, 0, a.stderr);
            assert.equal(b.code, 0, b.stderr);
            const ja = JSON.parse(a.stdout), jb = JSON.parse(b.stdout);
            delete ja.markdown_file;
            delete jb.markdown_file;
            assert.deepEqual(ja, jb, args[0]);
            for (const o of outs) await Deno.remove(o, { recursive: true });
          }
          const bad = await rvlab("load", "--data", world, "--to", cliUrl, "--shards", "mysql://x");
          assert.equal(bad.code, 2);
          assert.match(bad.stderr, /--shards expects postgres:\/\/ URLs/);
          const out = await Deno.makeTempDir({ prefix: "rvlab-shard-report-" });
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
            assert.match(
              await Deno.readTextFile(join(out, "report.html")),
              /RV-Q benchmark report: cli/,
            );
          } finally {
            await Deno.remove(out, { recursive: true });
          }
          // a schema loaded unsharded cannot become a coordinator: one line, exit 2
          const plainUrl = `${set.coordinator.url}/plain`;
          await loadIntoPostgres(world, plainUrl);
          const plain = await rvlab(
            "load",
            "--data",
            world,
            "--to",
            plainUrl,
            "--shards",
            cliShards[0],
          );
          assert.equal(plain.code, 2, plain.stderr);
          assert.match(plain.stderr, /already holds an unsharded interactions table; expected/);
          assert.equal(plain.stderr.trim().split("\n").length, 1, plain.stderr);
          // a shard that cannot be reached: one line naming it, its password hidden
          const closed = `postgres://rv:s3cr%40t@127.0.0.1:${freePort()}/postgres/x`;
          const gone = await rvlab(
            "load",
            "--data",
            world,
            "--to",
            `${set.coordinator.url}/unreachable`,
            "--shards",
            closed,
          );
          assert.equal(gone.code, 1, gone.stderr);
          assert.match(
            gone.stderr,
            /cannot connect to PostgreSQL at postgres:\/\/rv:\*\*\*@127\.0\.0\.1/,
          );
          assert.doesNotMatch(gone.stdout + gone.stderr, /s3cr/);
        },
      );
    } finally {
      engine.close();
      await set.stop();
      await Deno.remove(world, { recursive: true });
    }
  },
});

Deno.test({
  name: "removeStaleClusters() stops and removes the servers of a killed run",
  ignore: NO_POSTGRES,
  fn: async () => {
    const pg = await startCluster();
    try {
      // the process that started it is gone: a child that has exited
      const child = new Deno.Command("true").spawn();
      await child.status;
      await Deno.writeTextFile(join(pg.dir, "owner.pid"), String(child.pid));
      const mine = await startCluster();
      try {
        // starting a cluster sweeps the folder; a live owner's cluster stays
        await assert.rejects(Deno.stat(pg.dir), Deno.errors.NotFound);
        await assert.rejects(
          Deno.connect({ hostname: "127.0.0.1", port: pg.port }),
          Deno.errors.ConnectionRefused,
        );
        assert.ok((await Deno.stat(mine.dir)).isDirectory);
        assert.deepEqual(await removeStaleClusters(dirname(mine.dir)), []);
        const db = await connectPg(mine.url);
        await db.close();
      } finally {
        await mine.stop();
      }
    } finally {
      await pg.stop();
    }
  },
});
