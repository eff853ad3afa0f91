// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 04 · The interview study
//
// **For** the researcher who codes interviews and open feedback into themes. **It answers**:
// which themes the interviewees raise, in answer to which questions, which themes come up
// together, what the interviewees actually said (representative quotes), and how far the
// auto-coder can be trusted (agreement with a human coder, when one coded the same answers).
//
// The coding is explainable: each answer is split into sentences, each sentence is matched
// against the codebook's rules (phrases with stemming, words near each other, exclusions and
// negation), every code names the rule and the sentence that triggered it, and an answer has
// a theme when one of its sentences has it. `rvlab themes` does the same from the command
// line.
//
// Two data sets:
//
// 1. the **co-operation-plan study sample — SYNTHETIC**: 10 invented interviewees at 7
//    invented B2B customer companies answering the study's 7 questions
//    (`data/samples/coop-plan`, codebook `data/codebooks/coop-plan.yaml`); the study's real
//    answers were never published, so every count in part 1 is about invented text;
// 2. the **36 real interviews with ML practitioners** about quality issues of
//    machine-learning systems (`../shared/data/ml-practitioner-interviews`, speaker-turn
//    transcripts read with `src/io/transcripts.ts`, codebook
//    `data/codebooks/ml-interviews.yaml`; one interview is in French and is flagged).
//
// **Your own interviews**: put one `.txt` transcript per interview (lines like
// `Interviewer: …` / `Anna: …`) in a folder, or a `transcripts.csv` table in the data model,
// write a codebook (YAML: themes with phrases, `near` rules, exclusions — copy one from
// `data/codebooks/`), and call `themeStudy("path/to/folder", "my-codebook.yaml")`.

// %% expect=[]
import {
  agreementTable,
  alignmentInterviewsTable,
  cooccurrenceMatrixTable,
  cooccurrenceTable,
  languageFlagsTable,
  learnedCoderSummary,
  modelTermsTable,
  quotesTable,
  ruleDiagnosticsTable,
  show,
  stemWarningsTable,
  studyPart,
  suggestionsTable,
  themeCountsChart,
  themeCountsTable,
  themeMatrixTable,
  themesSummary,
  themeStudy,
  topThemesTable,
} from "../mod.ts";

// %% [markdown]
// ## 1. The co-operation-plan study (SYNTHETIC sample)
//
// The summary gives the number of answers, respondents and sentences and the most frequent
// themes; the chart and table count, per theme, the answers and respondents coded with it.

// %% expect=["text/markdown"]
const coop = await themeStudy("../data/samples/coop-plan", "../data/codebooks/coop-plan.yaml");
if (coop.missing) throw new Error(coop.message); // the sample ships with rvlab
await show(themesSummary(coop.analysis));

// %% expect=["image/svg+xml"]
await show(await themeCountsChart(coop.analysis, coop.chart_source));

// %% expect=["text/html"]
await show(themeCountsTable(coop.analysis));

// %% [markdown]
// **Themes per question.** Here a question is one of the study's 7 interview-guide questions
// (`question_id` q1–q7 in the table, the same question for every interviewee), so the
// theme × question matrix says which question raised which theme. Each cell counts the
// answers to that question coded with the theme.

// %% expect=["text/html"]
await show(themeMatrixTable(coop.analysis, "question"));

// %% expect=["text/html"]
await show(topThemesTable(coop.analysis));

// %% [markdown]
// **Which themes come up together.** The matrix counts the answers coded with both themes
// (the diagonal: with the theme); the list ranks the pairs by Jaccard (answers with both ÷
// answers with either) and Ochiai (cosine); a flag marks pairs whose coefficient means little
// (one theme far more frequent, or too rare).

// %% expect=["text/html"]
await show(cooccurrenceMatrixTable(coop.analysis));

// %% expect=["text/html"]
await show(cooccurrenceTable(coop.analysis));

// %% [markdown]
// **Quotes** make the counts concrete; each names its respondent, role and source line.

// %% expect=["text/html"]
await show(quotesTable(coop.analysis));

// %% [markdown]
// **Inter-coder agreement.** When the data carries a human coder's codes (`code_<theme>`
// columns, 0/1 per answer), the table compares the auto-coder with them per theme (percent
// agreement, Cohen's kappa, precision, recall and F1 against the human coder) and the summary
// adds Krippendorff's alpha over all answer × theme units with a bootstrap CI;
// `themeStudy(…, { secondCoderPrefix: "code2_" })` adds the agreement of two human coders.
// **Neither data set of parts 1 and 2 has human codes**, so the table is empty: their counts
// are the codebook's reading, not a validated coding. Part 3 measures the coding on real
// answers that people coded, and learns a coder from those codes.

// %% expect=["text/html"]
await show(agreementTable(coop.analysis));

// %% [markdown]
// ## 2. The 36 real ML-practitioner interviews
//
// The transcripts are split into speaker turns; the interviewer's turns before an answer are
// its question and the respondent's turns after them are the answer; the language of each
// interview is detected and the answers are coded with `data/codebooks/ml-interviews.yaml`.
// If `../shared/data` is not there, each cell below says so instead of failing.
//
// **Which question an answer answers.** The interviews have no question ids, and the
// interviewers follow their guide (`../shared/data/ml-practitioner-interview-guide`: Q1–Q10
// with sub-questions such as Q3.2) loosely, with follow-ups and skips, so the n-th
// interviewer turn of one interview is not the n-th of another. Each interviewer turn is
// therefore matched to the guide question it asks (TF-IDF cosine of stems; the questions are
// taken roughly in guide order, skips allowed, going back costs more; follow-ups and
// acknowledgements keep the question in force), and the answers after it take that question,
// or `unaligned` before the first (introduction, background). Without a guide, transcripts
// get counts per interview and per theme only.
//
// The first block is the whole study at a glance: summary, theme counts, answers per guide
// question with the alignment's confidence, top themes per question, the interviews not in
// English, and quotes.

// %% expect=["text/html"]
const ml = await themeStudy("ml-interviews", "../data/codebooks/ml-interviews.yaml", {
  guide: "ml-interview-guide",
});
await show(ml);

// %% [markdown]
// **How far to trust the alignment.** The similarity is the cosine of the turn that asked a
// question with that guide question; the margin is how much more similar it is to it than to
// the runner-up, and an answer is aligned _confidently_ when the margin is at least 0.1. On
// 121 hand-labelled answers of five interviews (`tests/fixtures/themes/guide_labels.json`),
// 81–83 % get exactly the labelled guide question, and all 71 confident ones do; a guide whose
// words are shuffled across its questions aligns 8–13 % of answers confidently, and mostly
// wrongly (`scripts/themes_alignment_eval.ts`). The weak spot: the list of quality
// aspects (Q7: fairness, robustness, …) is a long text and often loses to a maintenance
// question. Interview 2 is in French and matches the English guide only twice.

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => alignmentInterviewsTable(a)));

// %% [markdown]
// **Themes per guide question**: each row is one guide question (the same question in every
// interview that asked it), each cell the answers to it coded with the theme.

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => themeMatrixTable(a, "question", 45)));

// %% [markdown]
// Themes per interview (respondent) are the sturdier view of who raised what:

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => themeMatrixTable(a, "respondent", 36)));

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => cooccurrenceMatrixTable(a)));

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => cooccurrenceTable(a)));

// %% expect=["text/html"]
await show(await studyPart(ml, (a, s) => themeCountsChart(a, s.chart_source)));

// %% [markdown]
// Quotes per theme (three each), and the language flags: answers not in the main language
// are stemmed with their own language's stemmer, and the codebook lists French phrases beside
// the English ones.

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => quotesTable(a, 48)));

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => languageFlagsTable(a)));

// %% [markdown]
// **Agreement on the real interviews**: no human coder's codes ship with the transcripts, so,
// as for the sample, the table is empty — to measure it, run `rvlab themes` (its `--out`
// folder holds `coding.qdpx`, a REFI-QDA project for a QDA tool, and `coded_segments.csv`),
// code the answers by hand into `code_<theme>` columns and rerun.

// %% expect=["text/html"]
await show(await studyPart(ml, (a) => agreementTable(a)));

// %% [markdown]
// ## 3. Learning from the human codes: the NHS patient feedback (real, human-coded)
//
// The NHS feedback (`../shared/data/nhs-patient-feedback`, imported with its adapter as
// `rvlab import nhs-feedback` does) is 7,400 real free-text answers that NHS staff coded
// into the themes of `data/codebooks/nhs-feedback.yaml` (`code_<theme>` columns). Here the
// answers are split by a seeded hold-out (`holdout: 0.7`: learn from 30 %, code and measure
// the other 70 %, the split of the README's benchmark), and two coders code the same
// held-out answers:
//
// - the codebook's **rules** (`coder: "rules"`), and
// - a **learned coder** (`coder: "combined"`, the default when learning): TF-IDF of word
//   stems and stem pairs plus the rules' codes as features, one L2 logistic regression per
//   theme, its C and decision thresholds chosen by cross-validation on the 30 % only.
//
// Agreement is measured only over the themes that have a human column (a theme without
// one, or a column without a theme, is named in a warning). The learned coder's top terms
// per theme are its explanation; `suggestionsTable()` ranks the answers it is least sure
// of, for the next round of human coding. From the command line: `rvlab themes --data DIR
// --holdout 0.7` or `--train DIR2`, and `rvlab report … --train DIR2`.

// %% expect=["text/html"]
const nhsRules = await themeStudy("nhs-feedback", "../data/codebooks/nhs-feedback.yaml", {
  holdout: 0.7,
  coder: "rules",
  resamples: 200,
});
await show(await studyPart(nhsRules, (a) => themesSummary(a)));

// %% expect=["text/html"]
const nhsLearned = await themeStudy("nhs-feedback", "../data/codebooks/nhs-feedback.yaml", {
  holdout: 0.7,
  resamples: 200,
});
await show(await studyPart(nhsLearned, (_a, s) => learnedCoderSummary(s.learned!)));

// %% expect=["text/html"]
await show(await studyPart(nhsLearned, (a) => themesSummary(a)));

// %% [markdown]
// The two summaries above are over the same held-out answers: the learned coder's micro F1
// and alpha against the human codes beside the rules'. Per theme:

// %% expect=["text/html"]
await show(await studyPart(nhsLearned, (a) => agreementTable(a)));

// %% expect=["text/html"]
await show(await studyPart(nhsLearned, (_a, s) => modelTermsTable(s.learned!)));

// %% expect=["text/html"]
await show(await studyPart(nhsLearned, (_a, s) => suggestionsTable(s.learned!)));

// %% [markdown]
// **Rule diagnostics.** Each rule's answers, precision and recall against the human codes:
// the rules with at least 10 answers and a precision below 0.3 come first — usually a phrase
// whose stem reaches far more words than the one written ("outings" stems to "out").

// %% expect=["text/html"]
await show(await studyPart(nhsRules, (a) => ruleDiagnosticsTable(a)));

// %% expect=["text/html"]
await show(await studyPart(nhsRules, (a) => stemWarningsTable(a)));
