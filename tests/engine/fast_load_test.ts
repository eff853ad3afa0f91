import assert from "node:assert/strict";
import { join } from "node:path";
import { loadDataDir, loadTable } from "../../src/engine/records.ts";

const IPF = "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
  "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n";

/** A data directory of one interactions file: the given rows after the header. */
async function world(rows: string[]): Promise<{ dir: string; file: string }> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-cells-" });
  await Deno.writeTextFile(join(dir, "ipf.csv"), IPF);
  const file = join(dir, "interactions.csv");
  await Deno.writeTextFile(
    file,
    "interaction_id,occurred_at,account_id,interaction_type\n" + rows.join("\n") + "\n",
  );
  return { dir, file };
}

/** Columns each row needs before the column under test, per table. */
const BEFORE = {
  accounts: { header: "account_id", row: (i: number) => `a${i}` },
  financials: { header: "account_id,revenue", row: (i: number) => `a${i},1` },
  financials_monthly: {
    header: "account_id,period,revenue",
    row: (i: number) => `a${i},2017-01,1`,
  },
};

/** One row per value of `column`: the record's value, or the quarantine's reason, column, value and expected. */
async function cells(table: keyof typeof BEFORE, column: string, values: string[]) {
  const d = await Deno.makeTempDir({ prefix: "rvlab-cells-" });
  const name = table === "accounts" ? "accounts" : "financials";
  const file = join(d, `${name}.csv`);
  const rows = values.map((v, i) => `${BEFORE[table].row(i)},"${v.replaceAll('"', '""')}"`);
  await Deno.writeTextFile(file, `${BEFORE[table].header},${column}\n${rows.join("\n")}\n`);
  const { records, quarantine } = await loadTable(file, name);
  const byId = new Map(records.map((r) => [r.account_id, r[column]]));
  return values.map((v, i) => {
    const q = quarantine.find((e) => e.line === i + 2);
    return q ? [v, q.reason, q.column, q.value, q.expected] : [v, byId.get(`a${i}`)];
  });
}

Deno.test("number cells: decimals with a dot, finite, within ±(2^53 − 1), in range", async () => {
  const num = "a number with . as decimal separator";
  // wallet: a number >= 0
  assert.deepEqual(
    await cells("financials_monthly", "wallet", [
      "-3.5",
      "1e3",
      ".5",
      " 7 ",
      "+2.",
      "1,5",
      "abc",
      "1.2.3",
      "NaN",
      "Infinity",
      "0x10",
      "1e999",
      "1e300",
      "-9007199254740991",
      "-1",
    ]),
    [
      ["-3.5", "bad_value", "wallet", "-3.5", "a number >= 0"],
      ["1e3", 1000],
      [".5", 0.5],
      [" 7 ", 7],
      ["+2.", 2],
      ["1,5", "bad_value", "wallet", "1,5", num],
      ["abc", "bad_value", "wallet", "abc", num],
      ["1.2.3", "bad_value", "wallet", "1.2.3", num],
      ["NaN", "bad_value", "wallet", "NaN", num],
      ["Infinity", "bad_value", "wallet", "Infinity", num],
      ["0x10", "bad_value", "wallet", "0x10", num],
      ["1e999", "bad_value", "wallet", "1e999", "a finite number"],
      [
        "1e300",
        "bad_value",
        "wallet",
        "1e300",
        "a number from -9007199254740991 to 9007199254740991",
      ],
      ["-9007199254740991", "bad_value", "wallet", "-9007199254740991", "a number >= 0"],
      ["-1", "bad_value", "wallet", "-1", "a number >= 0"],
    ],
  );
});

Deno.test("bool cells: true/false/1/0/yes/no in any case", async () => {
  const bool = "a boolean (true/false/1/0/yes/no)";
  assert.deepEqual(
    await cells("accounts", "community_member", [
      "true",
      "TRUE",
      "1",
      "yes",
      "Yes",
      "false",
      "0",
      "no",
      "NO",
      "y",
      "2",
    ]),
    [
      ["true", true],
      ["TRUE", true],
      ["1", true],
      ["yes", true],
      ["Yes", true],
      ["false", false],
      ["0", false],
      ["no", false],
      ["NO", false],
      ["y", "bad_value", "community_member", "y", bool],
      ["2", "bad_value", "community_member", "2", bool],
    ],
  );
});

Deno.test("date cells: the three ISO notations, normalised to UTC; impossible and foreign dates quarantined", async () => {
  const iso = "an ISO 8601 date or date-time (2017-03-01, 2017-03-01T14:05:00Z)";
  const real = (day: string) => `a real calendar date (${day} does not exist)`;
  assert.deepEqual(
    await cells("accounts", "created_at", [
      "2017-03-01",
      "2017-03-01T14:05:00Z",
      "2017-03-01 14:05:00",
      "2017-03-01T14:05",
      "2017-03-01T01:05:00+02:00",
      "2017-03-01T01:05:00-0130",
      "2017-03-01T14:05:00.250Z",
      "2017-03-01T14:05:00.0001Z",
      "2016-02-29",
      "0099-03-01",
      "0004-02-29",
      "0099-03-01T01:00:00+02:00",
      "2017-02-29",
      "2017-13-01",
      "2017-04-31",
      "0100-02-29",
      "01/03/2017",
      "2017-03-01T25:00:00",
      "20170301",
    ]),
    [
      ["2017-03-01", "2017-03-01T00:00:00Z"],
      ["2017-03-01T14:05:00Z", "2017-03-01T14:05:00Z"],
      ["2017-03-01 14:05:00", "2017-03-01T14:05:00Z"],
      ["2017-03-01T14:05", "2017-03-01T14:05:00Z"],
      ["2017-03-01T01:05:00+02:00", "2017-02-28T23:05:00Z"],
      ["2017-03-01T01:05:00-0130", "2017-03-01T02:35:00Z"],
      ["2017-03-01T14:05:00.250Z", "2017-03-01T14:05:00.250Z"],
      ["2017-03-01T14:05:00.0001Z", "2017-03-01T14:05:00Z"],
      ["2016-02-29", "2016-02-29T00:00:00Z"],
      ["0099-03-01", "0099-03-01T00:00:00Z"], // Date.UTC would make it 1999
      ["0004-02-29", "0004-02-29T00:00:00Z"],
      ["0099-03-01T01:00:00+02:00", "0099-02-28T23:00:00Z"],
      ["2017-02-29", "bad_value", "created_at", "2017-02-29", real("2017-02-29")],
      ["2017-13-01", "bad_value", "created_at", "2017-13-01", real("2017-13-01")],
      ["2017-04-31", "bad_value", "created_at", "2017-04-31", real("2017-04-31")],
      ["0100-02-29", "bad_value", "created_at", "0100-02-29", real("0100-02-29")], // not a leap year
      ["01/03/2017", "bad_value", "created_at", "01/03/2017", iso],
      ["2017-03-01T25:00:00", "bad_value", "created_at", "2017-03-01T25:00:00", iso],
      ["20170301", "bad_value", "created_at", "20170301", iso],
    ],
  );
});

Deno.test("period cells: a date, YYYY-MM or YYYY-Qn, as the first day of the period", async () => {
  const period = "a period: a date, YYYY-MM or YYYY-Qn";
  const month = "a month 01 to 12 in YYYY-MM";
  // one notation per file: the month file and the quarter file each hold one grain
  assert.deepEqual(await cells("financials", "period", ["2017-03", "2017-13", "2017-Q5", "x"]), [
    ["2017-03", "2017-03-01"],
    ["2017-13", "bad_value", "period", "2017-13", month],
    ["2017-Q5", "bad_value", "period", "2017-Q5", period],
    ["x", "bad_value", "period", "x", period],
  ]);
  assert.deepEqual(await cells("financials", "period", ["2017-Q4", "2017q1", "2017-Q1"]), [
    ["2017-Q4", "2017-10-01"],
    ["2017q1", "2017-01-01"],
    ["2017-Q1", "2017-01-01"],
  ]);
  assert.deepEqual(await cells("financials", "period", ["2017-03-01", "2017-03-15"]), [
    ["2017-03-01", "2017-03-01"],
    ["2017-03-15", "2017-03-15"],
  ]);
});

Deno.test("enum cells are lower-cased and checked against their values", async () => {
  const d = await Deno.makeTempDir({ prefix: "rvlab-cells-" });
  const file = join(d, "ipf.csv");
  await Deno.writeTextFile(
    file,
    "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
      "a,A,1,0,Retention,SALES,personal_assistance,false\n" +
      "b,B,1,0,later,sales,personal_assistance,false\n",
  );
  const { records, quarantine } = await loadTable(file, "ipf");
  assert.deepEqual(records.map((r) => [r.stage, r.function]), [["retention", "sales"]]);
  assert.deepEqual(quarantine.map((q) => [q.line, q.column, q.value, q.expected]), [
    [3, "stage", "later", "one of acquisition, closing, retention"],
  ]);
});

Deno.test("loadDataDir() quarantines tab- and VT-only ids and trims ids", async () => {
  const { dir, file } = await world([
    "i1,2017-03-01,a1,demo",
    "i1\t,2017-03-02,a1,demo",
    "\t,2017-03-03,a1,demo",
    "\v,2017-03-04,a1,demo",
    "i2,2017-03-05,\u00a0,demo",
  ]);
  const r = await loadDataDir(dir);
  const required = "a value (the column is required)";
  assert.deepEqual(
    r.quarantine.map((q) => [q.file, q.line, q.column, q.value, q.expected, q.reason]),
    [
      [
        file,
        3,
        "interaction_id",
        "i1",
        "a unique interaction_id (first seen at line 2, which is kept)",
        "duplicate_key",
      ],
      [file, 4, "interaction_id", "", required, "missing_value"],
      [file, 5, "interaction_id", "", required, "missing_value"],
      [file, 6, "account_id", "", required, "missing_value"],
    ],
  );
  assert.deepEqual(r.data.interactions.map((x) => [x.interaction_id, x.occurred_at]), [
    ["i1", "2017-03-01T00:00:00Z"],
  ]);
});

Deno.test("loadDataDir() quarantines 24:00:00, minute 60 and offset +99:99", async () => {
  const { dir, file } = await world([
    "i1,2017-03-01T24:00:00Z,a1,demo",
    "i2,2017-03-01T10:00:00+99:99,a1,demo",
    "i3,2017-03-01T10:60:00Z,a1,demo",
    "i4,2017-03-01T23:59:59+14:00,a1,demo",
  ]);
  const r = await loadDataDir(dir);
  const iso = "an ISO 8601 date or date-time (2017-03-01, 2017-03-01T14:05:00Z)";
  assert.deepEqual(
    r.quarantine.map((q) => [q.file, q.line, q.column, q.value, q.expected, q.reason]),
    [
      [file, 2, "occurred_at", "2017-03-01T24:00:00Z", iso, "bad_value"],
      [file, 3, "occurred_at", "2017-03-01T10:00:00+99:99", iso, "bad_value"],
      [file, 4, "occurred_at", "2017-03-01T10:60:00Z", iso, "bad_value"],
    ],
  );
  assert.deepEqual(r.data.interactions.map((x) => [x.interaction_id, x.occurred_at]), [
    ["i4", "2017-03-01T09:59:59Z"],
  ]);
});
