/**
 * Markdown rendering of the back-test (`validate`): analysis returns the typed
 * {@linkcode Validation}, this module only renders it.
 *
 * @module
 */
import type { Validation } from "../backtest/validate.ts";

/**
 * The back-test result ({@linkcode Validation}) as a Markdown document: verdicts, lead
 * and Granger lines, the AUC table and the cumulative gain by decile. O(rows).
 *
 * @example
 * ```ts
 * import { validationMarkdown } from "./validate_markdown.ts";
 * import type { Validation } from "../backtest/validate.ts";
 * declare const v: Validation;
 * validationMarkdown(v, "Is RV a leading indicator?").startsWith("# Is RV"); // true
 * ```
 */
export function validationMarkdown(v: Validation, title: string): string {
  const f = (x: number | null, d = 3) => (x === null || Number.isNaN(x) ? "" : x.toFixed(d));
  const lines = [
    `# ${title}`,
    "",
    `Horizon ${v.horizon} months; cutoffs ${
      v.cutoffs.join(", ") || "none"
    }; ${v.accounts} accounts, ${v.observations} account-cutoff observations; seed ${v.seed}.`,
    "",
    ...v.notes.map((n) => `- Note: ${n}`),
    "",
    "## Verdicts",
    "",
    ...v.verdicts.map((x) =>
      `- **${x.target}**: ${
        x.rv_leads ? "RV is a leading indicator" : "not shown to lead"
      } — ${x.reason}.`
    ),
    "",
    `Lead from within-account changes: RV → profit peaks at +${
      v.lead_lag.profit.lead ?? "?"
    } months (r ${f(v.lead_lag.profit.r)}, CI ${f(v.lead_lag.profit.r_ci_low)}–${
      f(v.lead_lag.profit.r_ci_high)
    }); RV → revenue at +${v.lead_lag.revenue.lead ?? "?"} months (r ${
      f(v.lead_lag.revenue.r)
    }, CI ${f(v.lead_lag.revenue.r_ci_low)}–${f(v.lead_lag.revenue.r_ci_high)}).`,
    "",
    `Panel Granger F-test (month-on-month changes, ${v.granger.lags} lags, pooled over accounts): ` +
    (["profit", "revenue"] as const).map((k) => {
      const g = v.granger[k];
      return g
        ? `RV's past → ${k}: F(${g.df_num}, ${g.df_den}) = ${f(g.f)}, p ${
          g.p_value.toPrecision(2)
        }, partial R² ${g.partial_r2.toPrecision(2)}, sum of RV-lag coefficients ${
          g.x_coefficient_sum.toPrecision(3)
        }`
        : `RV's past → ${k}: not measurable (too few months or no variation)`;
    }).join("; ") + ".",
    "",
    "## Results",
    "",
    "| target | predictor | AUC | 95 % CI | p | p (Holm) | lead | n | positives | gain top 10 % | lift top 10 % |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ...v.results.map((r) =>
      `| ${r.target} | ${r.predictor} | ${f(r.auc)} | ${f(r.auc_ci_low)}–${f(r.auc_ci_high)} | ${
        r.p_value.toPrecision(2)
      } | ${r.p_adjusted.toPrecision(2)} | ${r.lead_periods ?? ""} | ${r.n} | ${r.n_positive} | ${
        f(r.gain_top10)
      } | ${f(r.lift_top10, 2)} |`
    ),
    "",
    "## Cumulative gain by decile",
    "",
    "Share of all positives found in the top k tenths by predictor (highest first); lift = gain ÷ k/10.",
    "",
    `| target | predictor | ${
      Array.from({ length: 10 }, (_, i) => `${10 * (i + 1)} %`).join(" | ")
    } | lift 10 % | lift 20 % | lift 30 % |`,
    `|---|---|${"---:|".repeat(13)}`,
    ...v.results.map((r) =>
      `| ${r.target} | ${r.predictor} | ${r.deciles.map((d) => f(d.gain)).join(" | ")} | ${
        r.deciles.slice(0, 3).map((d) => f(d.lift, 2)).join(" | ")
      } |`
    ),
    "",
  ];
  return lines.join("\n");
}
