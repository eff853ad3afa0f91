/**
 * A SYNTHETIC sample of the co-operation-plan study, so that its analysis runs
 * end to end: 10 interviewees at 7 large B2B customer companies, roles from
 * operating level to CxO, answers to the study's 7 questions built from
 * sentence banks by a seeded generator. The sentences are invented; they are
 * not the study's unpublished results.
 *
 * @module
 */
import { mulberry32 } from "../util/random.ts";

/** One synthetic answer row of the transcripts table. */
export interface SyntheticAnswer {
  respondent_id: string;
  company_id: string;
  role: string;
  question_id: string;
  question: string;
  answer: string;
  language: string;
  data_kind: "synthetic";
}

const QUESTIONS: [string, string][] = [
  ["q1", "What are your thoughts about the co-operation plan?"],
  ["q2", "What benefits could the co-operation plan bring to your daily business?"],
  ["q3", "What should your own personnel's role be in developing the plan?"],
  ["q4", "Do you have co-operation plans with other suppliers?"],
  ["q5", "What kind of visual view of the plan would you want?"],
  ["q6", "What role should the co-operation plan have in the future?"],
  ["q7", "Is there anything else you want to say?"],
];

const RESPONDENTS: [string, string, string][] = [
  ["R01", "C1", "operating level"],
  ["R02", "C1", "middle management"],
  ["R03", "C2", "CxO"],
  ["R04", "C3", "operating level"],
  ["R05", "C3", "senior management"],
  ["R06", "C4", "middle management"],
  ["R07", "C5", "CxO"],
  ["R08", "C5", "operating level"],
  ["R09", "C6", "senior management"],
  ["R10", "C7", "middle management"],
];

const BANK: Record<string, string[]> = {
  q1: [
    "I think the co-operation plan is a good idea if it is really built together with us.",
    "The plan should start from our point of view, not from the supplier's product catalogue.",
    "We need a single view of what has been agreed, today it is scattered in e-mails and meetings.",
    "It sounds like a lot of paperwork unless it is kept short and up to date.",
    "A plan helps the key account manager and our buyers to talk about the same things.",
    "For me the plan is about partnership and trust over the long term.",
    "Honestly I have not thought about it much before this interview.",
  ],
  q2: [
    "It would save time because we would not have to ask for the same information again and again.",
    "The main benefit is predictability: we could plan our maintenance breaks better.",
    "Fewer mistakes in deliveries, which is what costs us most in daily business.",
    "If the status of orders were visible in real time, our planners would work much more efficiently.",
    "We would get faster answers because everybody sees the same customer data in the CRM.",
    "It could show the satisfaction survey results and what is done about the feedback.",
  ],
  q3: [
    "Our own people from purchasing and production should be involved from the start.",
    "The plant manager should be the owner of the plan on our side.",
    "Our team does not have much time, so the supplier should prepare a draft and we comment.",
    "I would like our engineers to join a workshop where we design the service process together.",
    "Responsibility should be shared: one contact person on each side.",
    "Our staff should give feedback every quarter.",
  ],
  q4: [
    "No, we do not have such a plan with other suppliers.",
    "One supplier has a quarterly review with us, but it is not really a co-operation plan.",
    "A few suppliers show us a portal with deliveries and invoices, which is useful.",
    "Most suppliers only send price lists; nobody asks what our goals are.",
    "We have a joint development roadmap with one strategic partner.",
  ],
  q5: [
    "A one-page view with a timeline of the actions and who is responsible.",
    "Traffic lights for each goal would be enough, green, yellow, red.",
    "I would like to see it in a portal where I can log in and see the status.",
    "Something visual like a roadmap, with the next steps at a glance.",
    "A simple chart of the key figures, satisfaction and delivery accuracy, updated monthly.",
  ],
  q6: [
    "In the future the plan should be the basis of the yearly negotiation.",
    "It should become a living document that we update together every quarter.",
    "It could be connected to the supplier's CRM so that it is always up to date.",
    "I hope it makes the relationship more transparent and open on both sides.",
    "It should also include social media and the online community where users share tips.",
  ],
  q7: [
    "Keep it simple, otherwise nobody will use it.",
    "Nothing more, thank you.",
    "Please ask our customers too, the plan should follow the customer journey all the way.",
    "The key account manager is the most important channel for us, do not replace the meetings.",
    "Measure the NPS before and after, then we know if the plan works.",
  ],
};

/**
 * Generates the synthetic study sample: every respondent answers every
 * question with 1–3 sentences drawn without replacement from the question's
 * bank (seeded; the same seed gives the same rows). Complexity: O(rows).
 *
 * @example
 * ```ts
 * import { syntheticCoopPlanSample } from "./synthetic.ts";
 * syntheticCoopPlanSample(7).length; // => 70 (10 respondents × 7 questions)
 * ```
 */
export function syntheticCoopPlanSample(seed = 20261125): SyntheticAnswer[] {
  const rng = mulberry32(seed);
  const out: SyntheticAnswer[] = [];
  for (const [respondent, company, role] of RESPONDENTS) {
    for (const [qid, question] of QUESTIONS) {
      const bank = [...BANK[qid]];
      const k = 1 + rng.int(3);
      const picked: string[] = [];
      for (let i = 0; i < k && bank.length; i++) {
        picked.push(bank.splice(rng.int(bank.length), 1)[0]);
      }
      out.push({
        respondent_id: respondent,
        company_id: company,
        role,
        question_id: qid,
        question,
        answer: picked.join(" "),
        language: "en",
        data_kind: "synthetic",
      });
    }
  }
  return out;
}
