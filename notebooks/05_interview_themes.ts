// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 05 · Interview themes
//
// What customers **say** in their own words: interviews and open feedback coded into
// themes with an explainable auto-coder (every code names the codebook rule and the
// sentence that triggered it), counted per question, respondent, company and role, with
// representative quotes and, when a human coder's codes are in the data, the agreement
// between the two (Cohen's kappa, Krippendorff's alpha). `rvlab themes` does the same
// from the command line.
//
// Two data sets:
//
// 1. the **co-operation-plan study sample** — SYNTHETIC: 10 invented interviewees at 7
//    invented B2B customer companies answering the study's 7 questions
//    (`data/samples/coop-plan`, codebook `data/codebooks/coop-plan.yaml`);
// 2. the **36 real interviews with ML practitioners** about quality issues of
//    machine-learning systems (`../shared/data/ml-practitioner-interviews`, speaker-turn
//    transcripts read with `src/io/transcripts.ts`; one interview is in French and is
//    flagged).
//
// **Your own interviews**: put one `.txt` transcript per interview (lines like
// `Interviewer: …` / `Anna: …`) in a folder, or a `transcripts.csv` table in the data
// model, write a codebook (YAML: themes with phrases, `near` rules, exclusions — copy
// one from `data/codebooks/`), and call `themeStudy("path/to/folder", "my-codebook.yaml")`.

// %% expect=[]
import { themeStudy } from "../src/notebook/mod.ts";
import {
  agreementTable,
  cooccurrenceTable,
  quotesTable,
  show,
  themeCountsChart,
  themeCountsTable,
  themesSummary,
  topThemesTable,
} from "../src/display/mod.ts";

// %% [markdown]
// ## The co-operation-plan study (synthetic sample)
//
// Each answer is split into sentences; each sentence is matched against the codebook's
// rules (phrases with stemming, words near each other, exclusions and negation); an
// answer has a theme when one of its sentences has it.

// %% expect=["text/markdown"]
const coop = await themeStudy("../data/samples/coop-plan", "../data/codebooks/coop-plan.yaml");
if (coop.missing) throw new Error(coop.message); // the sample ships with rvlab
await show(themesSummary(coop.analysis));

// %% expect=["image/svg+xml"]
await show(await themeCountsChart(coop.analysis, coop.chart_source));

// %% expect=["text/html"]
await show(themeCountsTable(coop.analysis));

// %% [markdown]
// Which themes each of the study's questions raised, and which themes come up in the
// same answers:

// %% expect=["text/html"]
await show(topThemesTable(coop.analysis));

// %% expect=["text/html"]
await show(cooccurrenceTable(coop.analysis));

// %% [markdown]
// Quotes make the counts concrete; each names its respondent, role and source line.
// When the data carries a human coder's codes (`code_<theme>` columns), the agreement
// table below compares the auto-coder with them; the sample has none, so it is empty.

// %% expect=["text/html"]
await show(quotesTable(coop.analysis));

// %% expect=["text/html"]
await show(agreementTable(coop.analysis));

// %% [markdown]
// ## The real ML-practitioner interviews
//
// The whole study in one cell: the transcripts are split into speaker turns (interviewer
// turns are questions, the respondent's turns after a question are one answer), the
// language of each answer is detected, and the answers are coded with
// `data/codebooks/ml-interviews.yaml`. If `../shared/data` is not there, the cell says
// so instead of failing.

// %% expect=["text/html"]
await show(await themeStudy("ml-interviews", "../data/codebooks/ml-interviews.yaml"));
