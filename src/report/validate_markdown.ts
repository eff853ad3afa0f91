/**
 * Markdown rendering of the back-test (`validate`): analysis returns the typed
 * {@linkcode Validation}, this module only renders it.
 *
 * @module
 */
import type { Validation } from "../backtest/validate.ts";
import type { LeadLag } from "../backtest/cross_correlation.ts";

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
    `Lead from within-account changes (\`lead_lag\`): profit (before interaction costs): ${
      leadSentence(v.lead_lag.profit, "profit")
    }; revenue: ${leadSentence(v.lead_lag.revenue, "revenue")}.`,
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
      r.status === "not_testable"
        ? `| ${r.target} | ${r.predictor} | not testable | ${r.positive_accounts} accounts with a positive, ${r.negative_accounts} with a negative outcome (10 of each needed) | | | | ${r.n} | ${r.n_positive} | | |`
        : `| ${r.target} | ${r.predictor} | ${f(r.auc)} | ${f(r.auc_ci_low)}–${
          f(r.auc_ci_high)
        } | ${r.p_value!.toPrecision(2)} | ${r.p_adjusted!.toPrecision(2)} | ${
          r.lead_periods ?? ""
        } | ${r.n} | ${r.n_positive} | ${f(r.gain_top10)} | ${f(r.lift_top10, 2)} |`
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
    ...v.results.filter((r) => r.status === "tested").map((r) =>
      `| ${r.target} | ${r.predictor} | ${r.deciles.map((d) => f(d.gain)).join(" | ")} | ${
        r.deciles.slice(0, 3).map((d) => f(d.lift, 2)).join(" | ")
      } |`
    ),
    "",
  ];
  return lines.join("\n");
}

/**
 * The lead of RV over one money series in one sentence, by its verdict: "RV precedes …
 * by N months" only when the verdict is `leads`; otherwise "no lead beyond lag 0" with
 * r at lag 0, the best lag and its CI, or why it is not testable. With `bold`, the
 * claimed months in Markdown bold.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { leadSentence } from "./validate_markdown.ts";
 * import type { Validation } from "../backtest/validate.ts";
 * declare const v: Validation;
 * leadSentence(v.lead_lag.revenue, "revenue"); // e.g. "no lead of RV over revenue beyond lag 0 (…)"
 * ```
 */
export function leadSentence(l: LeadLag, money: string, bold = false): string {
  const f = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
  const p = l.p_adjusted === null ? "n/a" : l.p_adjusted.toPrecision(2);
  const oot = l.out_of_time;
  const outOfTime = oot && oot.lag !== null
    ? `; out of time, the lag picked on the earlier months (+${oot.lag}) gives r ${f(oot.r)} vs ${
      f(oot.r_lag0)
    } at lag 0 on the later months (difference CI ${f(oot.difference_ci_low)} to ${
      f(oot.difference_ci_high)
    })`
    : "";
  if (l.verdict === "not_testable") return `lead of RV over ${money} not testable: ${l.reason}`;
  if (l.verdict === "leads") {
    const months = bold ? `**${l.lead} months**` : `${l.lead} months`;
    return `RV precedes ${money} by ${months} (r ${f(l.r)}, CI ${f(l.r_ci_low)} to ${
      f(l.r_ci_high)
    }, against r ${f(l.r_lag0)} at lag 0: difference ${f(l.difference)}, CI ${
      f(l.difference_ci_low)
    } to ${
      f(l.difference_ci_high)
    }, adjusted p ${p}; the CIs include the choice of the lag${outOfTime})`;
  }
  return `no lead of RV over ${money} beyond lag 0 (r at lag 0 ${
    f(l.r_lag0)
  }, best lag +${l.lead} with r ${f(l.r)}, CI ${f(l.r_ci_low)} to ${
    f(l.r_ci_high)
  }; difference from lag 0 ${f(l.difference)}, CI ${f(l.difference_ci_low)} to ${
    f(l.difference_ci_high)
  }, adjusted p ${p}${
    (l.best_lag ?? 1) < 1 ? `; the correlogram peaks at lag ${l.best_lag}` : ""
  }${outOfTime})`;
}
