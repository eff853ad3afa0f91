/**
 * The report's CRM-strategy review section (Strategic level): the situation-analysis
 * checklist answered from the data and the channel tables. It renders the study's
 * {@linkcode CrmReview}; nothing is computed here.
 *
 * @module
 */
import type { ChartSource } from "../charts/mod.ts";
import type { Study } from "../study/study.ts";
import type { ChannelRow } from "../study/crm_review.ts";
import { grouped } from "../util/format.ts";
import type { ReportSection } from "./sections.ts";

const ANSWER = { yes: "Yes", no: "No", unknown: "Unknown" } as const;

/** One sentence summing up a channel table. */
function channelSentence(name: string, rows: readonly ChannelRow[]): string {
  if (!rows.length) return `${name}: no interactions in the window.`;
  const total = rows.reduce((s, r) => s + r.interactions, 0);
  const rv = rows.reduce((s, r) => s + r.rv, 0);
  const top = rows.slice().sort((a, b) =>
    b.interactions - a.interactions || (a.interaction_type < b.interaction_type ? -1 : 1)
  ).slice(0, 3);
  return `${name}: ${rows.length} interaction types, ${grouped(total)} interactions, RV ${
    grouped(rv)
  }; most used ${
    top.map((r) => `${r.label} (${grouped(r.interactions)}, ${grouped(r.accounts)} accounts)`)
      .join(", ")
  }.`;
}

/**
 * Strategic: the CRM-strategy review's situation analysis — the checklist (yes / no /
 * unknown with the evidence) and the marketing, sales, service and communication
 * channel tables (interactions, accounts reached, RV).
 *
 * Complexity: O(checklist + channel rows).
 *
 * @example
 * ```ts
 * import { crmReviewSection } from "./crm_review_section.ts";
 * import { analyseStudy } from "../study/study.ts";
 * import { openEngine } from "../engine/duckdb.ts";
 * const study = await analyseStudy(await openEngine(), { resamples: 50 });
 * crmReviewSection(study, { kind: "synthetic", source: "demo" });
 * ```
 */
export function crmReviewSection(study: Study, _src: ChartSource): ReportSection {
  const r = study.crm_review;
  const c = r.channels;
  const count = (a: string) => r.checklist.filter((x) => x.answer === a).length;
  return {
    id: "crm-review",
    level: "Strategic",
    title: "CRM-strategy review: situation analysis and channels",
    question:
      "What does the company know about its customers, and through which channels does it reach them?",
    paragraphs: [
      `The situation-analysis checklist answered from the data: ${count("yes")} yes, ${
        count("no")
      } no, ${
        count("unknown")
      } unknown. A gap in what the customer data holds is a "no"; what this data cannot show (satisfaction surveys, offers or a club run elsewhere) is "unknown" — a prompt for the team.`,
      ...r.checklist.map((x) => `${x.question} ${ANSWER[x.answer]} — ${x.evidence}.`),
      `Channels from ${r.window.start} to ${r.window.end} (the interaction record's IPF types and source systems):`,
      channelSentence("Marketing channels", c.marketing),
      channelSentence("Sales channels", c.sales),
      channelSentence("Service channels", c.service),
      ...(c.other.length ? [channelSentence("Other touchpoints", c.other)] : []),
      r.communication.length
        ? `Communication channels: ${
          r.communication.map((x) =>
            `${x.channel} (${
              x.kind === "voc_channel"
                ? `survey channel, ${grouped(x.interactions)} answers`
                : `${grouped(x.interactions)} interactions, ${grouped(x.accounts)} accounts`
            })`
          ).join(", ")
        }.`
        : "Communication channels: none recorded.",
    ],
    charts: [],
    tables: [
      {
        name: "crm_checklist",
        rows: r.checklist.map((x) => ({
          question: x.question,
          answer: x.answer,
          evidence: x.evidence,
        })),
      },
      { name: "channels_marketing", rows: c.marketing.map((x) => ({ ...x })) },
      { name: "channels_sales", rows: c.sales.map((x) => ({ ...x })) },
      { name: "channels_service", rows: c.service.map((x) => ({ ...x })) },
      { name: "channels_other", rows: c.other.map((x) => ({ ...x })) },
      { name: "communication_channels", rows: r.communication.map((x) => ({ ...x })) },
    ],
  };
}
