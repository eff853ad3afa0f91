/**
 * Aligning interview answers to the questions of an interview guide: each
 * interviewer turn is matched to the guide question it asks by TF-IDF cosine
 * similarity of stems, and a monotone path through the guide (questions come
 * roughly in order; skips are allowed, going back costs more; follow-ups and
 * acknowledgements keep the question in force) assigns every answer the guide
 * question it answers, with the alignment's confidence.
 *
 * Reference: the path is a Viterbi / dynamic-programming alignment in the
 * manner of Needleman & Wunsch (1970, J. Mol. Biol. 48(3)) with a
 * similarity score from Salton & Buckley's TF-IDF (`tfidf.ts`).
 *
 * @module
 */
import type { AnswerRow } from "./segment.ts";
import type { Guide, GuideQuestion } from "./guide.ts";
import { tokenize } from "./text.ts";
import { FILLER_WORDS, STOP_WORDS } from "./substance.ts";
import { cosine, inverseDocumentFrequency, type TermVector, tfidfVector } from "./tfidf.ts";

/** The id of an answer given before any guide question, or matching none. */
export const UNALIGNED = "unaligned";

/** A question with children, no question mark and fewer content words than this is a section heading. */
const HEADING_TERMS = 10;

/** Options of {@linkcode alignToGuide}. */
export interface AlignOptions {
  /** similarity a turn must exceed for it to open a guide question (default 0.2) */
  minSimilarity?: number;
  /** extra similarity needed to go back to an earlier question (default 0.1) */
  backPenalty?: number;
  /** cost per guide question skipped going forward (default 0.005) */
  skipPenalty?: number;
  /** margin over the runner-up at which an alignment counts as confident (default 0.1) */
  confidentMargin?: number;
}

/** How one answer was aligned. */
export interface AnswerAlignment {
  answer_id: string;
  respondent_id: string;
  /** the answer's question id before alignment (the n-th interviewer turn) */
  turn_id: string | null;
  /** the guide question it answers, or `unaligned` */
  question_id: string;
  /** `asked`: the turn before it opened the question; `follow_up`: it keeps the one in force */
  how: "asked" | "follow_up" | "unaligned";
  /** cosine similarity of the turn that opened the question to that question (0 when unaligned) */
  similarity: number;
  /** that similarity minus the opening turn's best similarity to any other guide question */
  margin: number;
  /** similarity of this answer's own interviewer turn to the question */
  turn_similarity: number;
  /** aligned with a margin of at least `confidentMargin` */
  confident: boolean;
}

/** Alignment figures of one interview. */
export interface InterviewAlignment {
  respondent_id: string;
  answers: number;
  /** answers given a guide question */
  aligned: number;
  /** answers aligned with a confident margin */
  confident: number;
  /** interviewer turns that opened a guide question */
  asked: number;
  /** distinct guide questions asked */
  questions: number;
  /** mean similarity and margin over the aligned answers (NaN when none) */
  mean_similarity: number;
  mean_margin: number;
}

/** Answers per guide question. */
export interface QuestionAlignment {
  question_id: string;
  text: string;
  answers: number;
  /** interviews in which the question was asked */
  interviews: number;
  /** mean similarity of the turns that opened it (NaN when never asked) */
  mean_similarity: number;
}

/** The alignment of a set of answers to a guide. */
export interface GuideAlignment {
  guide: string;
  answers: AnswerAlignment[];
  interviews: InterviewAlignment[];
  questions: QuestionAlignment[];
  /** over all answers: answers aligned, confidently aligned, mean similarity and margin of the aligned */
  overall: {
    answers: number;
    aligned: number;
    confident: number;
    mean_similarity: number;
    mean_margin: number;
  };
}

/** Stems of a text that carry content, with the guide's abbreviations spelt out. */
function terms(text: string, abbreviations: Readonly<Record<string, string>>): string[] {
  const spelt = text.replace(/\b(\p{Lu}{2,8})s?\b/gu, (m, a: string) => abbreviations[a] ?? m);
  return tokenize(spelt, "en")
    .filter((t) =>
      t.norm.length >= 2 && !/^\d+$/.test(t.norm) && !STOP_WORDS.has(t.norm) &&
      !FILLER_WORDS.has(t.norm)
    )
    .map((t) => t.stem);
}

const mean = (xs: readonly number[]) => xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;

/**
 * The best monotone path of one interview through the guide: `sims[i][j]` is
 * the similarity of step i's interviewer turn to guide question j (`null` for
 * a step with no new interviewer turn, which must keep the question in force).
 * State −1 is "no guide question yet" and is left for good. Opening question j
 * from k gains `sims[i][j] − minSimilarity`, less `backPenalty` when j < k or
 * `skipPenalty` per question skipped when j > k + 1; keeping it gains 0.
 * Returns the state per step. Complexity: O(steps × questions²).
 *
 * @example
 * ```ts
 * import { guidePath } from "./align.ts";
 * guidePath([[0.1, 0], [0.6, 0.1], null, [0.05, 0.5]], {}); // => [-1, 0, 0, 1]
 * ```
 */
export function guidePath(
  sims: readonly (readonly number[] | null)[],
  options: AlignOptions,
): number[] {
  const tau = options.minSimilarity ?? 0.2;
  const back = options.backPenalty ?? 0.1;
  const skip = options.skipPenalty ?? 0.005;
  const m = sims.find((s) => s !== null)?.length ?? 0;
  // score[k + 1]: best total in state k (k = -1 .. m-1)
  let score = [0, ...new Array<number>(m).fill(-Infinity)];
  const from: Int32Array[] = [];
  for (const row of sims) {
    const next = [...score];
    const arg = new Int32Array(m + 1).map((_, s) => s - 1);
    if (row) {
      for (let j = 0; j < m; j++) {
        for (let k = -1; k < m; k++) {
          if (k === j || score[k + 1] === -Infinity) continue;
          const cost = j < k ? back : skip * Math.max(0, j - k - 1);
          const v = score[k + 1] + row[j] - tau - cost;
          if (v > next[j + 1]) {
            next[j + 1] = v;
            arg[j + 1] = k;
          }
        }
      }
    }
    from.push(arg);
    score = next;
  }
  let best = 0;
  for (let s = 1; s <= m; s++) if (score[s] > score[best]) best = s;
  const path = new Array<number>(sims.length);
  let state = best - 1;
  for (let i = sims.length - 1; i >= 0; i--) {
    path[i] = state;
    state = from[i][state + 1];
  }
  return path;
}

/**
 * Aligns answers to a guide. Answers are taken per respondent (one interview)
 * in their order; each answer's `question` is the interviewer's turns before
 * it, and a run of answers with the same `question_id` shares one turn. The
 * idf weights come from the guide questions and every interviewer turn, so
 * words every interviewer says weigh little. Deterministic.
 * Complexity: O(turns × questions² + text length).
 *
 * @example
 * ```ts
 * import { alignToGuide } from "./align.ts";
 * import { loadGuide } from "./guide.ts";
 * import { readAnswers } from "./input.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * const a = alignToGuide(rows, guide);
 * a.interviews[0]; // { respondent_id, answers, aligned, asked, questions, mean_similarity, mean_margin }
 * ```
 */
export function alignToGuide(
  rows: readonly AnswerRow[],
  guide: Guide,
  options: AlignOptions = {},
): GuideAlignment {
  const confidentAt = options.confidentMargin ?? 0.1;
  const all = guide.questions;
  const allTerms = all.map((q) => terms(q.text, guide.abbreviations));
  // a section heading ("[Q2] Data collection questions", followed by its sub-questions) is
  // not asked itself: its words go to its sub-questions, which are the targets
  const isHeading = all.map((q, i) =>
    allTerms[i].length < HEADING_TERMS && !q.text.includes("?") &&
    all.some((c) => c.parent === q.id)
  );
  // a sub-question is read with the words of the questions it sits under
  const contextTerms = (q: GuideQuestion): string[] => {
    const p = all.findIndex((x) => x.id === q.parent);
    return p < 0 ? [] : [...allTerms[p], ...contextTerms(all[p])];
  };
  // the introduction (the goal, the interviewee's background) is a target whose answers are
  // unaligned: the guide gives it no question id
  const intro = guide.preamble ? terms(guide.preamble, guide.abbreviations) : [];
  const targets = [
    ...(intro.length ? [{ id: UNALIGNED, terms: intro }] : []),
    ...all.map((q, i) => ({ id: q.id, terms: [...allTerms[i], ...contextTerms(q)] }))
      .filter((_, i) => !isHeading[i]),
  ];
  const qs = all.filter((_, i) => !isHeading[i]);
  const byRespondent = new Map<string, AnswerRow[]>();
  for (const r of rows) {
    if (!byRespondent.has(r.respondent_id)) byRespondent.set(r.respondent_id, []);
    byRespondent.get(r.respondent_id)!.push(r);
  }
  // one step per answer; a step opens a new interviewer turn unless it repeats the one before
  const steps = [...byRespondent.values()].map((list) =>
    list.map((r, i) => ({
      r,
      fresh: !!r.question?.trim() && (i === 0 || list[i - 1].question_id !== r.question_id),
    }))
  );
  const turnTerms = new Map<AnswerRow, string[]>();
  for (const s of steps.flat()) {
    if (s.fresh) turnTerms.set(s.r, terms(s.r.question!, guide.abbreviations));
  }
  const idf = inverseDocumentFrequency([...targets.map((t) => t.terms), ...turnTerms.values()]);
  const guideVecs = targets.map((t) => tfidfVector(t.terms, idf));
  const vec = (r: AnswerRow): TermVector | null => {
    const t = turnTerms.get(r);
    return t ? tfidfVector(t, idf) : null;
  };
  const answers: AnswerAlignment[] = [];
  const interviews: InterviewAlignment[] = [];
  for (const list of steps) {
    const sims = list.map((s) => {
      const v = s.fresh ? vec(s.r) : null;
      return v ? guideVecs.map((g) => cosine(v, g)) : null;
    });
    const path = guidePath(sims, options);
    let opener: number[] | null = null;
    let lastSims: number[] | null = null;
    const own: AnswerAlignment[] = [];
    list.forEach((s, i) => {
      const state = path[i];
      if (sims[i]) lastSims = sims[i] as number[];
      if (state >= 0 && (i === 0 || path[i - 1] !== state)) opener = sims[i] as number[];
      const id = state >= 0 ? targets[state].id : UNALIGNED;
      const on = id !== UNALIGNED && opener !== null;
      const runnerUp = (o: number[]) => Math.max(0, ...o.filter((_, j) => j !== state));
      own.push({
        answer_id: s.r.answer_id,
        respondent_id: s.r.respondent_id,
        turn_id: s.r.question_id,
        question_id: id,
        how: id === UNALIGNED ? "unaligned" : opener === sims[i] ? "asked" : "follow_up",
        similarity: on ? opener![state] : 0,
        margin: on ? opener![state] - runnerUp(opener!) : 0,
        turn_similarity: on && lastSims ? lastSims[state] : 0,
        confident: on && opener![state] - runnerUp(opener!) >= confidentAt,
      });
    });
    const aligned = own.filter((a) => a.how !== "unaligned");
    interviews.push({
      respondent_id: list[0].r.respondent_id,
      answers: own.length,
      aligned: aligned.length,
      confident: own.filter((a) => a.confident).length,
      asked: own.filter((a) => a.how === "asked").length,
      questions: new Set(aligned.map((a) => a.question_id)).size,
      mean_similarity: mean(aligned.map((a) => a.similarity)),
      mean_margin: mean(aligned.map((a) => a.margin)),
    });
    answers.push(...own);
  }
  const questions = qs.map((q) => {
    const list = answers.filter((a) => a.question_id === q.id);
    return {
      question_id: q.id,
      text: q.text,
      answers: list.length,
      interviews: new Set(list.map((a) => a.respondent_id)).size,
      mean_similarity: mean(list.filter((a) => a.how === "asked").map((a) => a.similarity)),
    };
  });
  const aligned = answers.filter((a) => a.how !== "unaligned");
  return {
    guide: guide.source,
    answers,
    interviews,
    questions,
    overall: {
      answers: answers.length,
      aligned: aligned.length,
      confident: answers.filter((a) => a.confident).length,
      mean_similarity: mean(aligned.map((a) => a.similarity)),
      mean_margin: mean(aligned.map((a) => a.margin)),
    },
  };
}

/**
 * The answers with their guide question: `question_id` = the guide id (or
 * `unaligned`), `question` = its text, the turn id kept in `extra.turn_id`.
 * Complexity: O(answers).
 *
 * @example
 * ```ts
 * import { alignToGuide, withGuideQuestions } from "./align.ts";
 * import { loadGuide } from "./guide.ts";
 * import { readAnswers } from "./input.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * withGuideQuestions(rows, alignToGuide(rows, guide), guide)[3].question_id; // e.g. "Q1"
 * ```
 */
export function withGuideQuestions(
  rows: readonly AnswerRow[],
  alignment: GuideAlignment,
  guide: Guide,
): AnswerRow[] {
  const by = new Map(alignment.answers.map((a) => [a.answer_id, a]));
  const text = new Map(guide.questions.map((q) => [q.id, q.text]));
  return rows.map((r) => {
    const a = by.get(r.answer_id);
    if (!a) return r;
    return {
      ...r,
      question_id: a.question_id,
      question: text.get(a.question_id) ?? null,
      extra: { ...r.extra, turn_id: r.question_id },
    };
  });
}

/** Agreement of an alignment with hand labels. */
export interface AlignmentAccuracy {
  /** answers with a label */
  labelled: number;
  /** share with exactly the labelled guide id (`unaligned` included) */
  exact: number;
  /** share with the same top-level question (`Q3.2` and `Q3.4` agree as `Q3`) */
  top_level: number;
  /** labelled answers aligned confidently, and the exact share among them */
  confident: number;
  confident_exact: number;
  /** the disagreements: answer, label, alignment */
  misses: { answer_id: string; label: string; aligned: string }[];
}

/**
 * Accuracy of an alignment against hand labels (answer id → guide id or
 * `unaligned`), exact and at the top level of the guide's ids.
 * Complexity: O(answers).
 *
 * @example
 * ```ts
 * import { alignmentAccuracy, type GuideAlignment } from "./align.ts";
 * const a = { answers: [{ answer_id: "x#1", question_id: "Q3.2" }, { answer_id: "x#2", question_id: "Q4.1", confident: true }] };
 * alignmentAccuracy(a as GuideAlignment, { "x#1": "Q3.4", "x#2": "Q4.1" }).top_level; // => 1
 * ```
 */
export function alignmentAccuracy(
  alignment: GuideAlignment,
  labels: Readonly<Record<string, string>>,
): AlignmentAccuracy {
  const top = (id: string) => id.split(".")[0];
  let n = 0, exact = 0, topLevel = 0, sure = 0, sureExact = 0;
  const misses: AlignmentAccuracy["misses"] = [];
  for (const a of alignment.answers) {
    const label = labels[a.answer_id];
    if (label === undefined) continue;
    n++;
    if (a.confident) sure++;
    if (label === a.question_id) {
      exact++;
      if (a.confident) sureExact++;
    } else misses.push({ answer_id: a.answer_id, label, aligned: a.question_id });
    if (top(label) === top(a.question_id)) topLevel++;
  }
  return {
    labelled: n,
    exact: n ? exact / n : NaN,
    top_level: n ? topLevel / n : NaN,
    confident: sure,
    confident_exact: sure ? sureExact / sure : NaN,
    misses,
  };
}

/**
 * Aligns answers to a guide and returns both the alignment and the answers
 * with their guide question ({@linkcode alignToGuide} then
 * {@linkcode withGuideQuestions}). Complexity: that of {@linkcode alignToGuide}.
 *
 * @example
 * ```ts
 * import { alignAnswers } from "./align.ts";
 * import { loadGuide } from "./guide.ts";
 * import { readAnswers } from "./input.ts";
 * const guide = await loadGuide("../shared/data/ml-practitioner-interview-guide/interview_guide.txt.gz");
 * const { rows } = await readAnswers("../shared/data/ml-practitioner-interviews");
 * const { rows: aligned, alignment } = alignAnswers(rows, guide);
 * ```
 */
export function alignAnswers(
  rows: readonly AnswerRow[],
  guide: Guide,
  options: AlignOptions = {},
): { rows: AnswerRow[]; alignment: GuideAlignment } {
  const alignment = alignToGuide(rows, guide, options);
  return { rows: withGuideQuestions(rows, alignment, guide), alignment };
}
