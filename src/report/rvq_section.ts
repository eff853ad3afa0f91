/**
 * The RV-Q answers in words: one sentence per `rvq` row of the segment analysis
 * (`segments/rvq.ts`), and the report section that lists them with their table.
 * Nothing is computed here.
 *
 * @module
 */
import type { ChartSource } from "../charts/mod.ts";
import type { SegmentsResult } from "../study/study.ts";
import type { Study } from "../study/study.ts";
import { num, pct } from "../util/format.ts";
import type { ReportSection } from "./sections.ts";

type RvqRow = SegmentsResult["rvq"][number];

/** The two groups of a question, as a manager says them. */
function groupWords(r: RvqRow): [string, string] {
  if (r.question === "top_vs_loss") return ["Top-profit customers", "loss-making customers"];
  if (r.question === "revenue_growing_vs_shrinking") {
    return ["Customers with growing revenue", "those with shrinking revenue"];
  }
  if (r.question === "sow_growing_vs_shrinking") {
    return ["Customers with a growing share of wallet", "those with a shrinking share"];
  }
  if (r.question === "community_vs_not") return ["Community members", "non-members"];
  const initiative = /^initiative:(.*)_vs_not$/.exec(r.question);
  if (initiative) return [`Accounts in initiative ${initiative[1]}`, "the other accounts"];
  return [`Accounts "${r.group_a}"`, "the other accounts"];
}

/** An adjusted p-value for a sentence: "< 0.001" below a thousandth, else 2 significant digits. */
function pWords(p: number): string {
  return p < 0.001 ? "< 0.001" : p.toPrecision(2);
}

/**
 * One RV-Q answer as a sentence, e.g. "Top-profit customers have a mean RV of 12.30 a
 * month, loss-making customers 4.10: different (difference 8.20, 99.2 % CI 5.00 to
 * 11.40, adjusted p < 0.001)." The CI's level is the Bonferroni level the verdict
 * used; a `not_testable` row says why.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { rvqSentence } from "./rvq_section.ts";
 * rvqSentence({
 *   question: "top_vs_loss", group_a: "top20", group_b: "loss", n_a: 4, n_b: 2,
 *   measure: "mean RV per month", estimate_a: null, estimate_b: null, difference: null,
 *   ci_low: null, ci_high: null, ci_level: null, effect_size: null, p_value: null,
 *   p_adjusted: null, verdict: "not_testable", reason: "loss has 2 accounts, fewer than 10",
 * });
 * // => "Top-profit customers vs loss-making customers: not testable (loss has 2 accounts, fewer than 10)."
 * ```
 */
export function rvqSentence(r: RvqRow): string {
  const [a, b] = groupWords(r);
  if (r.verdict === "not_testable") return `${a} vs ${b}: not testable (${r.reason}).`;
  const verdict = r.verdict === "different" ? "different" : "no discernible difference";
  return `${a} have a mean RV of ${num(r.estimate_a)} a month, ${b} ${
    num(r.estimate_b)
  }: ${verdict} (difference ${num(r.difference)}, ${pct(r.ci_level)} CI ${num(r.ci_low)} to ${
    num(r.ci_high)
  }, adjusted p ${pWords(r.p_adjusted!)}; n = ${r.n_a} and ${r.n_b}, Cliff's delta ${
    num(r.effect_size)
  }).`;
}

/**
 * Strategic: the RV-Q answers. Do the RV patterns of the groups a manager asks about
 * differ? One sentence per question, the method in one paragraph, and the `rvq` table.
 *
 * Complexity: O(rvq rows).
 *
 * @example
 * ```ts
 * import { rvqSection } from "./rvq_section.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * (await rvqSection(study, { kind: "synthetic", source: "demo" })).paragraphs;
 * ```
 */
export function rvqSection(study: Study, _src: ChartSource): Promise<ReportSection> {
  const rows = study.segments.rvq;
  const tested = rows.filter((r) => r.verdict !== "not_testable").length;
  return Promise.resolve({
    id: "rvq",
    level: "Strategic",
    title: "RV-Q answers",
    question:
      "Do top-profit and loss-making customers, growing and shrinking customers, community members and initiatives have different RV patterns?",
    paragraphs: [
      ...rows.map(rvqSentence),
      `Method: ${
        rows[0]?.measure ?? "mean RV per month"
      }; the CI bootstraps accounts within each group at the Bonferroni level over the ${tested} testable answers, ` +
      `the p-value is Mann–Whitney's adjusted by Holm over the same answers, and "different" needs both the CI to exclude 0 and the adjusted p below 0.05. ` +
      `Customers are accounts with revenue in the window; accounts without revenue are never loss-making.`,
    ],
    charts: [],
    tables: [{
      name: "rvq",
      title: "RV-Q answers",
      rows: rows as unknown as Record<string, unknown>[],
      columns: [
        "question",
        "verdict",
        "n_a",
        "n_b",
        "estimate_a",
        "estimate_b",
        "difference",
        "ci_low",
        "ci_high",
        "p_adjusted",
      ],
    }],
  });
}
