import assert from "node:assert/strict";
import { DUCKDB, POSTGRES, roundDoubleSql } from "../../src/sql/dialect.ts";
import {
  date as dateLiteral,
  ident as quoteIdent,
  num as numberLiteral,
} from "../../src/sql/literal.ts";
import { isPostgresUrl, parsePgUrl } from "../../src/db/postgres.ts";
import { UsageError } from "../../src/io/errors.ts";
import { createPgTableSql, pgColumnSql, upsertSql } from "../../src/db/schema_sql.ts";
import { INTERACTIONS, IPF, VOC } from "../../src/io/schema.ts";
import { rvByPeriodSql } from "../../src/rv/rv_by_period.ts";
import { accountSummariesSql } from "../../src/segments/account_summary.ts";
import { openEngine } from "../../src/engine/duckdb.ts";

Deno.test("quoteIdent() doubles quotes, refuses empty names and NUL", () => {
  assert.equal(quoteIdent("interactions"), '"interactions"');
  assert.equal(quoteIdent('a"; DROP TABLE x; --'), '"a""; DROP TABLE x; --"');
  assert.equal(quoteIdent("Région"), '"Région"');
  assert.throws(() => quoteIdent(""), RangeError);
  assert.throws(() => quoteIdent("a\0b"), RangeError);
});

Deno.test("quoteIdent() names round-trip through DuckDB as the exact column name", async () => {
  const engine = await openEngine();
  try {
    for (const name of ['a"b', "x y", "select", "'; drop", "Ünïcode"]) {
      const [row] = await engine.query(`SELECT 1 AS ${quoteIdent(name)}`);
      assert.deepEqual(Object.keys(row), [name]);
    }
  } finally {
    engine.close();
  }
});

Deno.test("dateLiteral() and numberLiteral() accept only checked values", () => {
  assert.equal(dateLiteral("2024-03-01"), "DATE '2024-03-01'");
  assert.throws(() => dateLiteral("2024-03-01' OR 1=1 --"), RangeError);
  assert.throws(() => dateLiteral("2024-3-1"), RangeError);
  assert.equal(numberLiteral(2.5), "2.5");
  assert.throws(() => numberLiteral(NaN), RangeError);
  assert.throws(() => numberLiteral(Infinity), RangeError);
});

Deno.test("DUCKDB and POSTGRES dialects spell the engine-specific constructs", () => {
  assert.equal(DUCKDB.periodStart("month", "t"), "date_trunc('month', t)::DATE");
  assert.equal(POSTGRES.periodStart("week", "t"), "date_trunc('week', t)::date");
  assert.throws(() => POSTGRES.periodStart("year'--" as "month", "t"), RangeError);
  assert.equal(DUCKDB.formatDay("p"), "strftime(p, '%Y-%m-%d')");
  assert.equal(POSTGRES.formatDay("p"), "to_char(p, 'YYYY-MM-DD')");
  assert.equal(
    DUCKDB.dateSeries("a", "b", "quarter"),
    "unnest(generate_series(a, b, INTERVAL 3 MONTH))::DATE",
  );
  assert.equal(
    POSTGRES.dateSeries("a", "b", "quarter"),
    "generate_series((a)::timestamp, (b)::timestamp, interval '3 months')::date",
  );
  assert.equal(DUCKDB.argMax("v", "t"), "(list(v ORDER BY t DESC, v DESC))[1]");
  assert.equal(POSTGRES.argMax("v", "t"), "(array_agg(v ORDER BY t DESC, v DESC))[1]");
  assert.equal(DUCKDB.round9("x"), "(round(x, 9) + 0.0)");
  assert.equal(POSTGRES.round9("x"), `(${roundDoubleSql("(x)::double precision", 9)} + 0.0)`);
  // an expression, no function: nothing to create on a Citus worker or a postgres_fdw shard
  assert.doesNotMatch(POSTGRES.round9("x") + POSTGRES.round6("x"), /pg_temp|rv_round/);
  assert.match(roundDoubleSql("v", 6), /trunc\(v \* 1e6::double precision\)/);
  assert.equal(POSTGRES.binaryOrder("id"), 'id COLLATE "C"');
  assert.equal(DUCKDB.binaryOrder("id"), "id");
  assert.deepEqual(POSTGRES.createTempTable("t", "a int"), [
    'DROP TABLE IF EXISTS pg_temp."t"',
    'CREATE TEMP TABLE "t" (a int)',
  ]);
  assert.equal(POSTGRES.columnType(INTERACTIONS.columns[1]), "timestamp");
  assert.equal(DUCKDB.columnType(INTERACTIONS.columns[1]), "TIMESTAMP");
});

Deno.test("rvByPeriodSql() and accountSummariesSql() build per dialect from one text", () => {
  const duck = rvByPeriodSql({ grain: "month", halfLife: 6 });
  const pg = rvByPeriodSql({ grain: "month", halfLife: 6 }, POSTGRES);
  assert.match(duck, /strftime\(period/);
  assert.doesNotMatch(duck, /to_char|pg_temp/);
  assert.match(pg, /to_char\(period, 'YYYY-MM-DD'\)/);
  assert.match(pg, /trunc\(\(rv_cumulative\)::double precision \* 1e9::double precision\)/);
  assert.doesNotMatch(pg, /strftime|unnest|::DOUBLE|arg_max|list\(/);
  assert.throws(() => rvByPeriodSql({ end: "2024-01-01'; --" }), RangeError);
  const w = {
    start: "2024-01-01",
    end: "2025-01-01",
    previous_start: "2023-01-01",
    months: 12,
    profit_basis: "revenue" as const,
  };
  assert.match(accountSummariesSql(w), /list\(nps ORDER BY answered_at DESC, nps DESC\)/);
  assert.match(
    accountSummariesSql(w, POSTGRES),
    /array_agg\(nps ORDER BY answered_at DESC, nps DESC\)/,
  );
});

Deno.test("parsePgUrl() takes the schema from the path or ?schema=", () => {
  assert.deepEqual(parsePgUrl("postgres://u@127.0.0.1:5432/crm/rvlab"), {
    connectionString: "postgres://u@127.0.0.1:5432/crm",
    schema: "rvlab",
  });
  assert.deepEqual(parsePgUrl("postgresql://u:p@h/crm?schema=My%20Schema&sslmode=disable"), {
    connectionString: "postgresql://u:p@h/crm?sslmode=disable",
    schema: "My Schema",
  });
  assert.deepEqual(parsePgUrl("postgres://h:1/db"), {
    connectionString: "postgres://h:1/db",
    schema: "public",
  });
  assert.throws(() => parsePgUrl("postgres://h/db/a/b"), UsageError);
  assert.throws(() => parsePgUrl("postgres://h/db/a?schema=b"), UsageError);
  assert.throws(() => parsePgUrl("mysql://h/db"), UsageError);
  assert.equal(isPostgresUrl("out/demo"), false);
  assert.equal(isPostgresUrl("POSTGRES://h/db"), true);
});

Deno.test("parsePgUrl() refuses a bad URL without showing its password", () => {
  for (
    const url of [
      "postgres://rv:S3cr3t@h/db/a/b",
      "postgres://rv:S3cr3t@h/db/a?schema=b",
      "postgres://rv:S3cr3t@h:x5/db",
      "postgres://rv:S3cr3t@h/db?schema=",
      "mysql://rv:S3cr3t@h/db",
    ]
  ) {
    assert.throws(
      () => parsePgUrl(url),
      (e: Error) =>
        e instanceof UsageError && !e.message.includes("S3cr3t") &&
        e.message.includes("rv:***@h"),
      url,
    );
  }
});

Deno.test("createPgTableSql() carries the data model's keys, types and constraints", () => {
  const sql = createPgTableSql(INTERACTIONS);
  assert.match(sql, /"interaction_id" text NOT NULL CHECK \("interaction_id" <> ''\)/);
  assert.match(sql, /"occurred_at" timestamp NOT NULL/);
  assert.match(sql, /PRIMARY KEY \("interaction_id"\)/);
  assert.match(sql, /FOREIGN KEY \("interaction_type"\) REFERENCES "ipf"/);
  assert.match(
    createPgTableSql(IPF),
    /"stage" text NOT NULL CHECK \("stage" IN \('acquisition', 'closing', 'retention'\)\)/,
  );
  assert.match(pgColumnSql(VOC.columns[3]), /"nps" >= 0 AND "nps" <= 10/);
  assert.doesNotMatch(createPgTableSql(VOC), /PRIMARY KEY/);
});

Deno.test("upsertSql() upserts by key and plainly inserts key-less tables", () => {
  assert.equal(
    upsertSql(IPF, "_stage_ipf", ["interaction_type", "rv"]),
    'INSERT INTO "ipf" ("interaction_type", "rv") SELECT "interaction_type", "rv" FROM "_stage_ipf" ' +
      'ON CONFLICT ("interaction_type") DO UPDATE SET "rv" = EXCLUDED."rv" ' +
      'WHERE ("ipf"."rv") IS DISTINCT FROM (EXCLUDED."rv")',
  );
  assert.equal(
    upsertSql(VOC, "s", ["account_id"]),
    'INSERT INTO "voc" ("account_id") SELECT "account_id" FROM "s"',
  );
});
