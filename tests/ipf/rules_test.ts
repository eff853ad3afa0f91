import assert from "node:assert/strict";
import { join } from "node:path";
import {
  applyRules,
  checkRules,
  outputColumns,
  readRules,
  ruleSql,
  sourceColumnNames,
} from "../../src/ipf/rules.ts";
import { DataError } from "../../src/io/errors.ts";
import { loadTable } from "../../src/engine/records.ts";

const RULES = `
adapter: shop
data_kind: synthetic
sources:
  orders: { file: orders.csv }
  reps: { file: reps.csv }
tables:
  interactions:
    - name: ordered
      from: orders
      join: [{ source: reps, on: "orders.rep = reps.rep" }]
      where: "status <> 'cancelled'"
      where_reason: "cancelled orders are not interactions"
      columns: &base
        interaction_id: "'o' || order_no"
        occurred_at: "CAST(ordered_on AS DATE)"
        account_id: customer
        interaction_type: "'purchase'"
        amount: "CAST(value AS DOUBLE)"
        region: reps.region
    - name: late
      from: orders
      join: [{ source: reps, on: "orders.rep = reps.rep" }]
      where: "CAST(delivered_on AS DATE) > CAST(promised_on AS DATE)"
      where_reason: "delivered on time (or not delivered)"
      columns:
        <<: *base
        interaction_id: "'late' || order_no"
        occurred_at: "CAST(delivered_on AS DATE)"
        interaction_type: "'late_delivery'"
        amount: "NULL"
  financials:
    - from: orders
      where: "status <> 'cancelled'"
      group_by: [customer, "strftime(CAST(ordered_on AS DATE), '%Y-%m')"]
      columns:
        account_id: customer
        period: "strftime(CAST(ordered_on AS DATE), '%Y-%m')"
        revenue: "sum(CAST(value AS DOUBLE))"
`;

const ORDERS = `Order No,Customer,Ordered On,Promised On,Delivered On,Value,Status,Rep
1,c1,2017-01-05,2017-01-10,2017-01-09,100,shipped,r1
2,c1,2017-01-20,2017-01-25,2017-01-28,50,shipped,r2
3,c2,2017-02-01,2017-02-05,,70,cancelled,r1
4,c2,2017-02-03,"bad,quote"x,,1,shipped,r1
5,c2,2017-02-07,2017-02-09,2017-02-12,30.5,shipped,r9
6,c3,2017-03-01
`;

async function setup(): Promise<{ from: string; out: string }> {
  const from = await Deno.makeTempDir({ prefix: "rvlab-rules-" });
  await Deno.writeTextFile(join(from, "rules.yaml"), RULES);
  await Deno.writeTextFile(join(from, "orders.csv"), ORDERS);
  await Deno.writeTextFile(join(from, "reps.csv"), "rep,region\nr1,North\nr2,South\n");
  return { from, out: join(from, "out") };
}

Deno.test("applyRules() renames, filters, explodes, joins and aggregates", async () => {
  const { from, out } = await setup();
  const rules = await readRules(join(from, "rules.yaml"));
  const r = await applyRules(rules, from, out);
  assert.deepEqual(r.sources.orders, { file: join(from, "orders.csv"), read: 6, malformed: 2 });
  const byRule = Object.fromEntries(r.rules.map((x) => [x.rule, x]));
  // 4 well-formed orders: 3 not cancelled; 2 late (order 2 and 5)
  assert.deepEqual([byRule.ordered.source_rows, byRule.ordered.emitted, byRule.ordered.filtered], [
    4,
    3,
    1,
  ]);
  assert.deepEqual([byRule.late.emitted, byRule.late.filtered], [2, 2]);
  assert.equal(r.tables.interactions, 5);
  const inter = await loadTable(join(out, "interactions.csv"), "interactions");
  assert.equal(inter.counts.quarantined, 0);
  const late = inter.records.filter((x) => x.interaction_type === "late_delivery");
  assert.deepEqual(late.map((x) => [x.interaction_id, x.occurred_at, x.extra?.region]), [
    ["late2", "2017-01-28T00:00:00Z", "South"],
    ["late5", "2017-02-12T00:00:00Z", null],
  ]);
  const fin = await loadTable(join(out, "financials.csv"), "financials");
  const c1 = fin.records.find((x) => x.account_id === "c1");
  assert.deepEqual([c1?.period, c1?.revenue], ["2017-01-01", 150]);
  // every unused source row is written out with its reason
  const filtered = await Deno.readTextFile(r.filtered_file);
  assert.match(
    filtered,
    /orders,orders\.csv,4,interactions,ordered,cancelled orders are not interactions/,
  );
  assert.match(
    filtered,
    /orders,orders\.csv,5,,,"malformed source row: text after a closing quote/,
  );
  assert.match(
    filtered,
    /orders,orders\.csv,7,,,"malformed source row: expected 8 fields as in the header, found 3"/,
  );
});

Deno.test("checkRules() names what is wrong in a rules file", () => {
  const base = { adapter: "x", data_kind: "real", sources: { a: { file: "a.csv" } } };
  assert.throws(() => checkRules({ ...base, data_kind: "made-up" }), /data_kind/);
  assert.throws(() => checkRules({ ...base, tables: { deals: [] } }), /unknown table "deals"/);
  assert.throws(
    () => checkRules({ ...base, tables: { interactions: [{ from: "b", columns: {} }] } }),
    /"from" must name a source, found "b"/,
  );
  assert.throws(
    () =>
      checkRules({
        ...base,
        tables: { interactions: [{ from: "a", join: [{ source: "z", on: "1" }], columns: {} }] },
      }),
    /join source "z"/,
  );
  assert.throws(
    () => checkRules({ ...base, sources: { "Bad Name": { file: "f" } }, tables: {} }),
    /lower snake case/,
  );
});

Deno.test("applyRules() reports failing SQL as a data error naming the table", async () => {
  const { from, out } = await setup();
  const rules = await readRules(join(from, "rules.yaml"));
  rules.tables.interactions![0].columns.amount = "no_such_column";
  await assert.rejects(
    () => applyRules(rules, from, out),
    (e) => e instanceof DataError && /rule ordered|table interactions/.test(e.message),
  );
});

Deno.test("sourceColumnNames() makes raw headers usable in SQL", () => {
  assert.deepEqual(sourceColumnNames(["Comment ID", "FFT answer", "", "a", "A", "Staff & care"]), [
    "comment_id",
    "fft_answer",
    "column_3",
    "a",
    "a_2",
    "staff_care",
  ]);
});

Deno.test("applyRules() merges one person known to three silos into one contact", async () => {
  const from = await Deno.makeTempDir({ prefix: "rvlab-silos-" });
  await Deno.writeTextFile(
    join(from, "crm.csv"),
    "id,when,account,contact,email,name\n1,2017-01-02,A,C1,Ann@X.com,Ann Smith\n2,2017-01-03,A,C2,bob@x.com,Bob Jones\n",
  );
  await Deno.writeTextFile(
    join(from, "mail.csv"),
    "id,when,account,email\n1,2017-01-01,A, ann@x.com\n",
  );
  await Deno.writeTextFile(
    join(from, "desk.csv"),
    'ticket,opened,account,requester\n77,2017-01-05,A,"Smith, Ann"\n78,2017-01-06,B,Ann Smith\n',
  );
  const rules = checkRules({
    adapter: "silos",
    data_kind: "synthetic",
    sources: { crm: { file: "crm.csv" }, mail: { file: "mail.csv" }, desk: { file: "desk.csv" } },
    contacts: { email: "email", name: "contact_name" },
    tables: {
      interactions: [
        {
          from: "crm",
          columns: {
            interaction_id: "'crm' || id",
            occurred_at: '"when"',
            account_id: "account",
            contact_id: "contact",
            interaction_type: "'meeting'",
            source_system: "'crm'",
            email: "email",
            contact_name: "name",
          },
        },
        {
          from: "mail",
          columns: {
            interaction_id: "'mail' || id",
            occurred_at: '"when"',
            account_id: "account",
            contact_id: "lower(trim(email))",
            interaction_type: "'email_open'",
            source_system: "'marketing'",
            email: "email",
          },
        },
        {
          from: "desk",
          columns: {
            interaction_id: "'desk' || ticket",
            occurred_at: "opened",
            account_id: "account",
            contact_id: "'req-' || ticket",
            interaction_type: "'ticket'",
            source_system: "'service'",
            contact_name: "requester",
          },
        },
      ],
    },
  });
  const out = join(from, "out");
  const r = await applyRules(rules, from, out);
  assert.deepEqual([r.contacts?.records, r.contacts?.people, r.contacts?.merged], [5, 3, 2]);
  const inter = await loadTable(join(out, "interactions.csv"), "interactions");
  const byId = Object.fromEntries(inter.records.map((x) => [x.interaction_id, x.contact_id]));
  // the marketing e-mail is seen first, so its id is kept for Ann
  assert.deepEqual(byId, {
    mail1: "ann@x.com",
    crm1: "ann@x.com",
    crm2: "C2",
    desk77: "ann@x.com",
    desk78: "req-78",
  });
  const report = await Deno.readTextFile(join(out, "contacts_merge.csv"));
  assert.match(report, /ann@x\.com,crm,C1,email,ann@x\.com/);
  assert.match(report, /ann@x\.com,service,req-77,name\+account,ann smith\|A/);
});

Deno.test("checkRules() errors name the file and the path: unknown keys, types, references", () => {
  const base = { adapter: "x", data_kind: "real", sources: { a: { file: "a.csv" } } };
  const message = (raw: unknown): string => {
    try {
      checkRules(raw, "rules.yaml");
    } catch (e) {
      assert.ok(e instanceof DataError);
      return e.message;
    }
    return "no error";
  };
  const rule = (extra: Record<string, unknown>) => ({
    ...base,
    tables: { interactions: [{ name: "won", from: "a", columns: { account_id: "x" }, ...extra }] },
  });
  assert.equal(
    message(rule({ where: 3 })),
    "rules.yaml: tables.interactions[0] (won).where: expected string, found number 3",
  );
  assert.equal(
    message(rule({ wher: "x" })),
    'rules.yaml: tables.interactions[0] (won).wher: unknown field "wher", expected one of name, from, join, where, where_reason, group_by, columns',
  );
  assert.equal(
    message(rule({ columns: { amount: null } })),
    "rules.yaml: tables.interactions[0] (won).columns.amount: expected an SQL expression, found nothing",
  );
  assert.equal(
    message({ ...base, sources: { a: { file: "a.csv", format: "tsv" } }, tables: {} }),
    'rules.yaml: sources.a.format: expected one of csv, whitespace, found string "tsv"',
  );
  assert.equal(
    message({ ...base, sources: { a: {} }, tables: {} }),
    "rules.yaml: sources.a.file: is required",
  );
  assert.equal(
    message({ ...base, tables: {}, contact: {} }),
    'rules.yaml: contact: unknown field "contact", expected one of adapter, description, data_kind, sources, tables, contacts',
  );
  assert.equal(
    message({ ...base, data_kind: "made-up", tables: {} }),
    'rules.yaml: data_kind: expected one of real, fictional, synthetic, found string "made-up"',
  );
  assert.equal(
    message(rule({ from: "b" })),
    'rules.yaml: tables.interactions[0] (won): "from" must name a source, found "b" (sources: a)',
  );
});

Deno.test("checkRules() keeps numeric SQL expressions as their text", () => {
  const r = checkRules({
    adapter: "x",
    data_kind: "synthetic",
    sources: { a: { file: "a.csv" } },
    tables: { financials: [{ from: "a", group_by: [1], columns: { revenue: 0 } }] },
  });
  assert.deepEqual(r.tables.financials?.[0], {
    from: "a",
    group_by: ["1"],
    columns: { revenue: "0" },
  });
});

Deno.test("outputColumns() puts the canonical columns first, then each extra once", () => {
  assert.deepEqual(
    outputColumns(["id", "at"], [{ columns: { x: "1", id: "2" } }, {
      columns: { y: "1", x: "2" },
    }]),
    ["id", "at", "x", "y"],
  );
  assert.deepEqual(outputColumns([], []), []);
});

Deno.test("ruleSql() selects NULL for the columns a rule does not compute", () => {
  const sql = ruleSql(
    {
      from: "orders",
      join: [{ source: "reps", on: "orders.rep = reps.rep" }],
      where: "x > 1",
      group_by: ["a"],
      columns: { b: "sum(v)" },
    },
    ["a", "b"],
  );
  assert.equal(sql.from, '"orders" LEFT JOIN "reps" ON orders.rep = reps.rep');
  assert.equal(
    sql.select,
    'SELECT NULL AS "a", (sum(v)) AS "b" FROM "orders" LEFT JOIN "reps" ON orders.rep = reps.rep WHERE (x > 1) GROUP BY a',
  );
  assert.equal(ruleSql({ from: "s", columns: {} }, []).where, "TRUE");
});
