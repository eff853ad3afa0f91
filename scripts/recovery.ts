/**
 * Recovery and false-claim rates of rvlab's claims on SYNTHETIC worlds with known truth
 * (see `src/truth/`): each claim check runs on planted worlds (seeds 1…P) and null worlds
 * (`--effect none`, seeds 1001…1000+N). Prints progress on stderr, the Markdown table
 * (as in the README) on stdout, or JSON with `--json`.
 *
 *   deno task recovery [--planted 20] [--null 100] [--only a,b] [--accounts N] [--months M] [--log] [--json]
 */
import { parseArgs } from "node:util";
import { loadTable } from "../src/engine/records.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { CLAIMS } from "../src/truth/claims.ts";
import { recoveryRates, SMALL_WORLD } from "../src/truth/recovery.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    planted: { type: "string", default: "20" },
    null: { type: "string", default: "100" },
    only: { type: "string" },
    accounts: { type: "string", default: String(SMALL_WORLD.accounts) },
    months: { type: "string", default: String(SMALL_WORLD.months) },
    log: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const only = values.only?.split(",").map((s) => s.trim());
const checks = only ? CLAIMS.filter((c) => only.includes(c.name)) : CLAIMS;
if (only && checks.length !== only.length) {
  console.error(
    `unknown claim in --only: expected some of ${CLAIMS.map((c) => c.name).join(", ")}`,
  );
  Deno.exit(2);
}
const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
const t0 = performance.now();
const rows = await recoveryRates(ipf, checks, {
  plantedSeeds: Number(values.planted),
  nullSeeds: Number(values.null),
  size: { accounts: Number(values.accounts), months: Number(values.months) },
  onWorld: (d, n) => Deno.stderr.isTerminal() && console.error(`world ${d}/${n}`),
  onOutcome: values.log
    ? (c, w, o) =>
      console.error(
        `${w.effect} ${w.seed} ${c}: claimed=${o.claimed} recovered=${o.recovered} ${
          o.detail ?? ""
        }`,
      )
    : undefined,
});
const seconds = (performance.now() - t0) / 1000;
if (values.json) {
  console.log(JSON.stringify({ synthetic: true, seconds, rows }, null, 2));
} else {
  console.log(
    "| claim | planted effect | counted | recovered (planted worlds) | false claims (null worlds) |",
  );
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.claim} | ${r.effect} | ${r.description} | ${r.recovered} / ${r.planted_worlds} | ${
        r.false_claims === null ? "not checked" : `${r.false_claims} / ${r.null_worlds}`
      } |`,
    );
  }
  console.log(
    `\n${seconds.toFixed(0)} s, worlds of ${values.accounts} accounts × ${values.months} months`,
  );
}
