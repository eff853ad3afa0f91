/**
 * Markdown summary of the evidence analyses: evidence-tuned weights, say vs do and
 * relationship equity (what `rvlab evidence` prints). The analyses' results are
 * typed in `src/voc/evidence_report.ts`; this module only renders them.
 *
 * @module
 */
import type { EvidenceReport } from "../voc/evidence_report.ts";
import { money as formatMoney, num } from "../util/format.ts";
import { isSkipped } from "../study/study.ts";

export type { EvidenceReport } from "../voc/evidence_report.ts";

const f = (v: number | null | undefined, d = 3) => num(v, d, "–");
const money = (v: number) => formatMoney(v, "–");
const ci = (e: { low: number; high: number }, d = 3) => `[${f(e.low, d)}, ${f(e.high, d)}]`;

/**
 * Renders the three analyses as Markdown tables with their CIs and caveats.
 *
 * Complexity: O(types + quadrant cells + listed accounts).
 *
 * @example
 * ```ts
 * import { evidenceMarkdown } from "./evidence_markdown.ts";
 * import { relationshipEquity } from "../voc/equity.ts";
 * import { sayVsDo } from "../voc/say_vs_do.ts";
 * import { evidenceWeights } from "../backtest/weights.ts";
 * import { accountPanel } from "../backtest/panel.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * import { loadDataDirIntoEngine } from "../engine/load.ts";
 * const engine = await openEngine();
 * await loadDataDirIntoEngine(engine, "out/world"); // `deno task rvlab generate --out out/world`
 * const panel = await accountPanel(engine);
 * const weights = await evidenceWeights(engine, { seed: 1 });
 * const say_vs_do = sayVsDo(panel, { seed: 1 });
 * const equity = relationshipEquity(panel, { seed: 1 });
 * console.log(evidenceMarkdown({ data: "out/world", seed: 1, weights, say_vs_do, equity }));
 * ```
 */
export function evidenceMarkdown(r: EvidenceReport, options: { top?: number } = {}): string {
  const top = options.top ?? 15;
  const out: string[] = [`# Evidence: ${r.data} (seed ${r.seed})`, ""];

  out.push("## Evidence-tuned IPF weights", "");
  if (isSkipped(r.weights)) out.push(`Skipped: ${r.weights.skipped}`, "");
  else {
    const w = r.weights;
    const dir = (d: string) => w.weights.filter((t) => t.direction === d).length;
    const conflicts = w.weights.filter((t) => t.direction !== "unclear" && !t.sign_agrees);
    out.push(
      `Target \`${w.target}\` (${w.model}, λ = ${w.lambda}), features: type counts in the ${w.window} ` +
        `months before the cutoff, target over the ${w.horizon} months after. Fitted at ${w.fit_cutoff} ` +
        `on ${w.n_fit} accounts (${w.n_fit_positive} positive), evaluated out of time at ${w.eval_cutoff} ` +
        `on ${w.n_eval} accounts (${w.n_eval_positive} positive).`,
      "",
      "| score | out-of-time AUC | 95 % CI |",
      "|---|---|---|",
      `| evidence-tuned weights | ${f(w.evaluation.tuned.auc)} | ${ci(w.evaluation.tuned)} |`,
      `| expert IPF weights | ${f(w.evaluation.expert.auc)} | ${ci(w.evaluation.expert)} |`,
      `| difference (tuned − expert) | ${f(w.evaluation.difference.auc)} | ${
        ci(w.evaluation.difference)
      } |`,
      "",
      `In-sample AUC of the tuned weights: ${f(w.evaluation.tuned_in_sample)} (optimistic). ` +
        `${w.weights.length} types fitted (${w.dropped.length} too rare): ${dir("forward")} move ` +
        `relationships forward, ${dir("backward")} backward (Benjamini–Hochberg q < ${
          f(1 - w.level, 2)
        } over all types), ${
          dir("unclear")
        } unclear; ${conflicts.length} contradict the expert sign.`,
      "",
      "| interaction type | expert rv | coef per occurrence | 95 % CI | q | direction | suggested rv | accounts |",
      "|---|---|---|---|---|---|---|---|",
    );
    for (const t of w.weights.slice(0, top)) {
      out.push(
        `| ${t.interaction_type} | ${t.expert_rv} | ${f(t.coef, 4)} | ${
          ci({ low: t.ci_low, high: t.ci_high }, 4)
        } | ${f(t.q_value, 3)} | ${t.direction}${t.sign_agrees ? "" : " (≠ expert)"} | ${
          f(t.suggested_rv, 1)
        } | ${t.accounts} |`,
      );
    }
    out.push("");
  }

  out.push("## Say vs do", "");
  if (isSkipped(r.say_vs_do)) out.push(`Skipped: ${r.say_vs_do.skipped}`, "");
  else {
    const s = r.say_vs_do;
    out.push(
      `${s.observations} ${s.say_measure.toUpperCase()} answers (account-periods) of ${s.accounts} ` +
        `accounts; RV summed over the ${s.window} periods up to the answer.`,
      "",
      "| correlation of RV with what customers say | value | 95 % CI |",
      "|---|---|---|",
      `| Pearson (Fisher-z CI, assumes independent answers) | ${f(s.correlation.pearson)} | ${
        ci(s.correlation.pearson_fisher)
      } |`,
      `| Spearman (account bootstrap CI) | ${f(s.correlation.spearman.value)} | ${
        ci(s.correlation.spearman)
      } |`,
      `| within account (account bootstrap CI) | ${f(s.correlation.within_account.value)} | ${
        ci(s.correlation.within_account)
      } |`,
      "",
      `Quadrant (RV high = above the median ${
        f(s.rv_median, 1)
      }), money change over the next ${s.horizon} periods (${s.money}):`,
      "",
      "| RV | band | answers | share | mean change | share growing |",
      "|---|---|---|---|---|---|",
    );
    for (const c of s.quadrant) {
      out.push(
        `| ${c.rv} | ${c.band} | ${c.observations} | ${f(c.share)} | ${
          c.mean_profit_change === null ? "–" : money(c.mean_profit_change)
        } | ${f(c.share_growing)} |`,
      );
    }
    out.push(
      "",
      `Which leads money growth (${s.leads.n} answers with a known change, ${s.leads.growing} growing): ` +
        `AUC of RV ${f(s.leads.auc_do.value)} ${
          ci(s.leads.auc_do)
        }, of ${s.say_measure.toUpperCase()} ` +
        `${f(s.leads.auc_say.value)} ${ci(s.leads.auc_say)}, difference ${
          f(s.leads.difference.value)
        } ` +
        `${ci(s.leads.difference)}: **${s.leads.verdict}**.`,
      "",
      `${s.disagreeing_accounts} accounts whose latest words and actions disagree` +
        (s.disagreements.length ? ":" : "."),
      "",
    );
    if (s.disagreements.length) {
      out.push(
        "| account | period | said | RV | RV percentile | kind |",
        "|---|---|---|---|---|---|",
      );
      for (const d of s.disagreements.slice(0, 10)) {
        out.push(
          `| ${d.account_id} | ${d.period} | ${f(d.say, 1)} (${d.band}) | ${f(d.do, 1)} | ${
            f(d.do_percentile, 2)
          } | ${d.kind.replaceAll("_", " ")} |`,
        );
      }
      out.push("");
    }
  }

  out.push("## Relationship equity", "");
  if (isSkipped(r.equity)) out.push(`Skipped: ${r.equity.skipped}`, "");
  else {
    const e = r.equity;
    out.push(
      `Fitted at ${e.calibration_cutoff} on ${e.n_calibration} customers: next-${e.horizon}-period ` +
        `${e.money} money = ${f(e.model.intercept, 1)} + ${f(e.model.rv_coef.value, 2)} ${
          ci(e.model.rv_coef, 2)
        } × RV(last ${e.window}) + ${f(e.model.past_coef, 3)} × past money (R² ${f(e.model.r2)}).`,
      "",
      `| at ${e.valuation_cutoff}, ${e.n_valuation} customers | value | 95 % CI |`,
      "|---|---|---|",
      `| relationship equity (Σ b·RV) | ${money(e.equity.value)} | [${money(e.equity.low)}, ${
        money(e.equity.high)
      }] |`,
      `| expected money over the horizon | ${money(e.expected_profit.value)} | [${
        money(e.expected_profit.low)
      }, ${money(e.expected_profit.high)}] |`,
      `| money over the last horizon (lagging baseline) | ${money(e.past_profit)} | |`,
      "",
    );
    if (e.backtest) {
      const b = e.backtest;
      out.push(
        `Back-test of the same model (fitted ${b.fit_cutoff}, applied ${b.cutoff}, ${b.n} customers): ` +
          `predicted ${money(b.predicted_total)} vs actual ${
            money(b.actual_total)
          }; out-of-time R² ` +
          `${f(b.r2)} with RV vs ${f(b.baseline_r2)} without; MAE ${money(b.mae)} vs ${
            money(b.baseline_mae)
          }. Equity is only as good as this back-test.`,
        "",
      );
    } else out.push("No back-test: the data is shorter than three horizons.", "");
  }
  return out.join("\n");
}
