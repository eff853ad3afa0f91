// Notebook source (see src/notebook/source.ts): `deno task notebooks:build` makes the .ipynb;
// after editing the .ipynb in Jupyter, `deno task notebooks:sync` writes the edits back here.

// %% [markdown]
// # 06 · Reproduce the validation on the public data
//
// The README's back-test results on real and fictional public data sets, reproduced
// from the notebook: each data set is imported with its adapter's business rules
// (`rvlab import`, `data/rules/*.yaml`) into a temporary folder, validated (every row
// accepted or quarantined), and back-tested (`rvlab validate`).
//
// The data sets are read from `../shared/data` beside the project (or
// `$RVLAB_SHARED_DATA`). When one is missing, its cell prints a clear message instead of
// failing. To keep the notebook fast it runs the quick data sets with 200 resamples;
// CDNOW (23,570 customers, about 45 s) is left to the command line:
// `deno task rvlab import cdnow --from ../shared/data/cdnow --out out/cdnow && deno task rvlab validate --data out/cdnow`.
//
// To run the same on **your own** export, write a rules file for it (README, "Business
// rules and adapters") and use `rvlab import <adapter> --rules my.yaml`, then open the
// result with `openWorkspace({ data: "out/mine" })` in notebook 03.

// %% expect=[]
import { reproduceValidation } from "../src/notebook/mod.ts";
import { show } from "../src/display/mod.ts";

// %% [markdown]
// ## Maven CRM (a fictional company's CRM)
//
// Opportunities become `opportunity_engaged`, `deal_won` and `deal_lost` interactions
// with the rep, manager and regional office. Expected (README): RV trend predicts
// revenue growth (AUC about 0.64) but last quarter's revenue, read in reverse, predicts
// better (deal revenue mean-reverts); the best positive lag is 6 months, but RV and
// revenue move together far more in the same month (lag 0), so no lead is claimed.

// %% expect=["text/html"]
await show(await reproduceValidation("maven-crm", { seed: 1, resamples: 200 }));

// %% [markdown]
// ## Olist marketing funnel (real)
//
// Marketing-qualified leads and the deals signed with them: the funnel stops at the
// signed deal, so there is no revenue to lead — the back-test must say so rather than
// invent a result.

// %% expect=["text/html"]
await show(await reproduceValidation("olist-funnel", { seed: 1, resamples: 200 }));

// %% [markdown]
// ## NHS patient feedback (real)
//
// Feedback answers only (CSAT, no money): again "not measurable", which is the correct
// answer for a data set without financials.

// %% expect=["text/html"]
await show(await reproduceValidation("nhs-feedback", { seed: 1, resamples: 200 }));

// %% [markdown]
// ## What the public data can and cannot show
//
// CDNOW has only purchases, so its RV _is_ purchase frequency and cannot carry
// information RFM lacks; Maven's RV contains the won deal at the moment revenue is
// booked; Olist stops at the signed deal. None has the multi-silo record (service,
// billing, community, surveys) RV is designed for — which is why notebooks 02–04 use the
// synthetic world, whose model is documented and whose planted effect the back-test
// must find (and must not find in the null world).
