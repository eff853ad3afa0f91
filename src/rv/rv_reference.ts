/**
 * A plain TypeScript implementation of RV per key and period, written for clarity
 * rather than speed. It is the reference the SQL in `rv_by_period.ts` is tested
 * against, and is handy in notebooks on small data.
 *
 * @module
 */
import type { Dataset } from "../io/schema.ts";
import { addPeriods, periodStart } from "../util/periods.ts";
import type { RvOptions, RvRow } from "./rv_by_period.ts";

/**
 * RV rows exactly as {@linkcode rvByPeriod} defines them, from in-memory records.
 *
 * Complexity: O(interactions + keys × periods).
 *
 * @example
 * ```ts
 * import { rvByPeriodReference } from "./rv_reference.ts";
 * import { loadDataDir } from "../engine/records.ts";
 * const { data } = await loadDataDir("out/world"); // `deno task rvlab generate --out out/world`
 * const rows = rvByPeriodReference(data, { grain: "week", caps: { email_open: 3 } });
 * ```
 */
export function rvByPeriodReference(
  data: Pick<Dataset, "interactions" | "ipf">,
  options: RvOptions = {},
): RvRow[] {
  const grain = options.grain ?? "month";
  const level = options.level ?? "account";
  const ipf = new Map(data.ipf.map((t) => [t.interaction_type, t]));
  // key → period → type → {q, rv, cost, n}
  const acc = new Map<
    string,
    {
      account: string | null;
      periods: Map<string, Map<string, { q: number; rv: number; cost: number; n: number }>>;
    }
  >();
  let last = "";
  for (const i of data.interactions) {
    const t = ipf.get(i.interaction_type);
    if (!t) continue;
    const id = level === "account"
      ? i.account_id
      : level === "contact"
      ? (i.contact_id ?? i.account_id)
      : i.initiative;
    if (id === null || id === undefined) continue;
    const p = periodStart(i.occurred_at, grain);
    if (p > last) last = p;
    let k = acc.get(id);
    if (!k) {
      acc.set(
        id,
        k = { account: level === "initiative" ? null : i.account_id, periods: new Map() },
      );
    } else if (k.account !== null && i.account_id < k.account) k.account = i.account_id;
    let per = k.periods.get(p);
    if (!per) k.periods.set(p, per = new Map());
    const cell = per.get(i.interaction_type) ?? { q: 0, rv: 0, cost: 0, n: 0 };
    cell.q += i.quantity;
    cell.rv += i.quantity * t.rv;
    cell.cost += i.cost ?? i.quantity * t.variable_cost;
    cell.n += 1;
    per.set(i.interaction_type, cell);
  }
  const end = options.end ?? last;
  const out: RvRow[] = [];
  for (const id of [...acc.keys()].sort()) {
    const k = acc.get(id)!;
    const first = [...k.periods.keys()].sort()[0];
    let cumulative = 0;
    let decayed = 0;
    const factor = options.halfLife ? Math.pow(0.5, 1 / options.halfLife) : 0;
    for (let p = first; p <= end; p = addPeriods(p, grain, 1)) {
      let rv = 0, cost = 0, n = 0;
      for (const [type, c] of k.periods.get(p) ?? []) {
        const cap = options.caps?.[type];
        rv += cap !== undefined && c.q > cap ? c.rv * cap / c.q : c.rv;
        cost += c.cost;
        n += c.n;
      }
      cumulative += rv;
      decayed = decayed * factor + rv;
      out.push({
        id,
        account_id: k.account,
        period: p,
        rv,
        rv_cumulative: cumulative,
        rv_decayed: options.halfLife ? decayed : null,
        interactions: n,
        cost,
        rv_per_cost: cost > 0 ? rv / cost : null,
      });
    }
  }
  return out;
}
