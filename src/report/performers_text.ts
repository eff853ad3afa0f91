/**
 * The performers claim in words, for the report and the notebooks: a person is named
 * only when the verdict is `above` or `below`.
 *
 * @module
 */
import type { PerformerRow } from "../segments/performers.ts";

const PERSON: Record<string, [string, string]> = {
  owner_id: ["rep", "reps"],
  manager: ["manager", "managers"],
  regional_office: ["regional office", "regional offices"],
  team: ["team", "teams"],
};

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
const pctLevel = (l: number) => `${(100 * l).toFixed(l >= 0.999 ? 2 : 1)} %`;

/**
 * One sentence per people dimension: "rep03 is above the team norm (…, CI …)" for each
 * `above` / `below` person, else "no rep differs from the team norm beyond chance";
 * a dimension nobody can be tested on says why.
 *
 * Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { performerSentences } from "./performers_text.ts";
 * import { performers } from "../segments/performers.ts";
 * const acc = ["ann", "bob", "cy"].flatMap((person) =>
 *   [1, 2, 3, 4, 5].map((v) => ({ account_id: person + v, person, rv_per_month: v, outcome_per_month: null }))
 * );
 * performerSentences(performers("owner_id", acc));
 * // => ["No rep differs from the team norm beyond chance (3 reps tested, 3.00 RV per account-month, intervals at 98.3 %, Bonferroni over 3)."]
 * ```
 */
export function performerSentences(rows: readonly PerformerRow[]): string[] {
  const out: string[] = [];
  for (const dimension of [...new Set(rows.map((r) => r.dimension))]) {
    const [one, many] = PERSON[dimension] ??
      [dimension.replaceAll("_", " "), dimension.replaceAll("_", " ")];
    const own = rows.filter((r) => r.dimension === dimension);
    const tested = own.filter((r) => r.verdict !== "not_testable");
    if (!tested.length) {
      out.push(
        `${many[0].toUpperCase()}${many.slice(1)}: not testable (${own[0]?.reason ?? "no data"}).`,
      );
      continue;
    }
    const level = tested[0].level!, norm = tested[0].norm!;
    const flagged = tested.filter((r) => r.verdict === "above" || r.verdict === "below");
    const untested = own.length - tested.length;
    const tail = `${tested.length} ${tested.length === 1 ? one : many} tested${
      untested ? `, ${untested} with too few accounts` : ""
    }`;
    if (!flagged.length) {
      out.push(
        `No ${one} differs from the team norm beyond chance (${tail}, ${
          fmt(norm)
        } RV per account-month, intervals at ${
          pctLevel(level)
        }, Bonferroni over ${tested.length}).`,
      );
      continue;
    }
    for (const r of flagged) {
      out.push(
        `${r.id} is ${r.verdict} the team norm (${fmt(r.estimate!)} RV per account-month vs norm ${
          fmt(norm)
        } (the median ${one}); CI ${fmt(r.ci_low!)} to ${fmt(r.ci_high!)} at ${
          pctLevel(level)
        }, Bonferroni over ${tested.length}; ${r.accounts} accounts; shrunk estimate ${
          fmt(r.shrunk_estimate!)
        }${
          r.outcome_estimate === null
            ? ""
            : `; ${
              r.outcome_measure === "amount_per_account_month"
                ? "money on their interactions"
                : "profit"
            } per account-month ${fmt(r.outcome_estimate)}, CI ${fmt(r.outcome_ci_low!)} to ${
              fmt(r.outcome_ci_high!)
            }`
        }).`,
      );
    }
    out.push(
      `The other ${
        tested.length - flagged.length
      } ${many} do not differ from the norm beyond chance (${tail}).`,
    );
  }
  return out;
}
