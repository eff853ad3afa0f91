/**
 * The executive summary: the report's answers first — each RV-Q question, whether RV
 * leads each money target better than the lagging indicators, say vs do, and the
 * starting benchmark next to the seed study's claim — each with its numbers and the
 * section that shows the evidence. Nothing is computed here: every answer is read
 * from the {@linkcode Study}.
 *
 * @module
 */
import type { Study } from "../study/study.ts";
import { isSkipped } from "../study/study.ts";
import { compareWithSeed, type SeedComparison } from "../segments/starting_benchmark.ts";
import { num, pct } from "../util/format.ts";
import { rvqSentence } from "./rvq_section.ts";

/** An answer as a manager reads it. */
export type Answer = "yes" | "no" | "not measurable";

/** One question of the executive summary with its answer and evidence. */
export interface SummaryAnswer {
  question: string;
  answer: Answer;
  /** the numbers behind the answer, in one sentence */
  evidence: string;
  /** the id of the report section with the full evidence */
  section: string;
}

/** The report's executive summary. */
export interface ExecutiveSummary {
  /** the RV-Q benchmark questions */
  rvq: SummaryAnswer[];
  /** is RV a leading indicator of each money target? */
  leading: SummaryAnswer[];
  /** does what customers do lead money better than what they say? */
  say_do: SummaryAnswer;
  /** the starting benchmark next to the seed study's claims */
  benchmark: SeedComparison[];
  /** what to act on: accounts at risk and next best actions, in sentences */
  actions: string[];
}

const RVQ_QUESTIONS: Record<string, string> = {
  top_vs_loss:
    "Is there a discernible difference in RV patterns between top-profit and loss-making customers?",
  revenue_growing_vs_shrinking:
    "… between customers whose revenue grows and those whose revenue shrinks?",
  sow_growing_vs_shrinking:
    "… between customers whose share of wallet grows and those whose share shrinks?",
  community_vs_not: "… between community members and the other customers?",
};

const TARGETS: Record<string, string> = {
  top20_profit: "being a top-20 % profit customer",
  revenue_growing: "revenue growth",
  sow_growing: "share-of-wallet growth",
  retained: "retention",
};

function rvqQuestion(q: string): string {
  const initiative = /^initiative:(.*)_vs_not$/.exec(q);
  if (initiative) return `… between the accounts in initiative ${initiative[1]} and the others?`;
  const custom = /^custom:(.*)$/.exec(q);
  if (custom) return `… between the accounts "${custom[1]}" and the others?`;
  return RVQ_QUESTIONS[q] ?? q;
}

/**
 * The executive summary of a study: one answer per RV-Q question (yes = "different",
 * no = "no discernible difference", not measurable = "not testable"), one per
 * back-test target (yes when RV beats the best lagging indicator out of time), say
 * vs do, the starting benchmark against the seed's claims, and the accounts to act on.
 *
 * Complexity: O(rvq rows + verdicts + at-risk accounts).
 *
 * @example
 * ```ts
 * import { executiveSummary } from "./summary.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * executiveSummary(study).rvq.map((a) => a.answer);
 * ```
 */
export function executiveSummary(study: Study): ExecutiveSummary {
  const s = study.segments;
  const rvq: SummaryAnswer[] = s.rvq.map((r) => ({
    question: rvqQuestion(r.question),
    answer: r.verdict === "different"
      ? "yes"
      : r.verdict === "not_testable"
      ? "not measurable"
      : "no",
    evidence: rvqSentence(r),
    section: r.question === "community_vs_not" || r.question.startsWith("initiative:")
      ? "community"
      : "rvq",
  }));
  const leading: SummaryAnswer[] = study.backtest.validation.verdicts.map((v) => ({
    question: `Does RV lead ${TARGETS[v.target] ?? v.target} better than the lagging indicators?`,
    answer: v.rv_leads
      ? "yes"
      : v.best_rv_auc === null || v.best_baseline_auc === null
      ? "not measurable"
      : "no",
    evidence: `${v.reason}.`,
    section: "leading",
  }));
  const sd = study.say_vs_do;
  const say_do: SummaryAnswer = isSkipped(sd)
    ? {
      question: "Does what customers do (RV) lead profit better than what they say?",
      answer: "not measurable",
      evidence: `Not measurable on this data (${sd.skipped}).`,
      section: "say-do",
    }
    : {
      question:
        `Does what customers do (RV) lead profit better than what they say (${sd.say_measure.toUpperCase()})?`,
      answer: sd.leads.verdict === "rv leads better"
        ? "yes"
        : sd.leads.verdict === "not enough data"
        ? "not measurable"
        : "no",
      evidence: `${sd.leads.verdict}: AUC of RV ${
        num(sd.leads.auc_do.value, 3)
      } vs ${sd.say_measure.toUpperCase()} ${num(sd.leads.auc_say.value, 3)} (difference ${
        num(sd.leads.difference.value, 3)
      }, CI ${num(sd.leads.difference.low, 3)} to ${
        num(sd.leads.difference.high, 3)
      }; ${sd.observations} answers from ${sd.accounts} accounts).`,
      section: "say-do",
    };
  const atRisk = study.at_risk;
  const actions = [
    atRisk.length
      ? `${atRisk.length} ${atRisk.length === 1 ? "account is" : "accounts are"} at risk; ${
        atRisk.length === 1 ? "it is" : "the first by value at stake:"
      } ${atRisk.slice(0, 3).map((a) => a.account_id).join(", ")}.`
      : "No account is at risk.",
    s.next_best_actions.length
      ? `${s.next_best_actions.length} next best actions for ${
        new Set(s.next_best_actions.map((a) => a.account_id)).size
      } customers.`
      : "No next best action: no positive-RV interaction type sets the best customers apart beyond chance.",
    `The sources record ${
      pct(study.data_map.coverage)
    } of the IPF's interaction types (${study.data_map.missing.length} never observed).`,
  ];
  return {
    rvq,
    leading,
    say_do,
    benchmark: compareWithSeed(s.starting_benchmark),
    actions,
  };
}
