/**
 * `rvlab segments --data DIR`: profit, growth, share-of-wallet and community
 * segments, whale curve, starting benchmark, scorecards.
 *
 * @module
 */
import type { Command } from "../command.ts";
import {
  CACHE_HELP,
  CACHE_OPTIONS,
  cacheOption,
  capsOption,
  compareOption,
  intOption,
  requireString,
} from "../command.ts";
import { openDataSource } from "../../db/source.ts";
import { analyseSegments } from "../../segments/analyse.ts";

import { grouped as num, pct } from "../../util/format.ts";
import { performerSentences } from "../../report/performers_text.ts";

export const segments: Command = {
  name: "segments",
  help:
    `Usage: deno task rvlab segments --data DIR|postgres://…/SCHEMA [--window-months N] [--accounts]
                                [--cap TYPE=N ...] [--compare "NAME: SQL" ...]
                                [--no-cache | --cache DIR] [--json]

Over the last N months of data (default 12): profit segments of the customers (accounts
with revenue in the window): top20 (top 20 % by profit), loss (profit < 0), middle;
and no_revenue (interactions but no revenue, never in loss); profit = gross profit (or revenue when the data has none)
- cost to serve - variable cost of the interactions; the whale curve; revenue and
share-of-wallet growth against the previous N months; community members vs not;
the starting-benchmark figures (cost-to-engage and revenue ratios of top vs other
accounts, revenue concentration, retention share, RV difference with Mann-Whitney U
and Cliff's delta); the CRM-strategy scorecard; interactions, RV and cost by
Business Model Canvas relationship type per profit segment; region, industry and
owner comparisons. --cap TYPE=N counts at most N occurrences of TYPE per account and
month in every RV figure. The RV-Q answers (rvq): top20 vs loss, revenue growing vs
shrinking, share of wallet growing vs shrinking, community vs not, each initiative vs
not: mean RV per month of each group, difference with a bootstrap CI by account,
Cliff's delta, Mann-Whitney p adjusted by Holm, and a verdict (different,
no_difference, not_testable with the reason). --compare "NAME: SQL predicate" adds a
custom:NAME row comparing the accounts where the predicate (over the accounts table
joined with the per-account summary: revenue, profit, rv, interactions, region, ...) is
true with the rest, e.g. --compare "big: revenue > 100000". --json prints one object per analysis (with --accounts, also
the per-account table).

${CACHE_HELP}`,
  options: {
    data: { type: "string", path: "input" },
    "window-months": { type: "string", min: 1 },
    accounts: { type: "boolean" },
    cap: { type: "string", multiple: true, check: capsOption },
    compare: { type: "string", multiple: true, check: compareOption },
    ...CACHE_OPTIONS,
  },
  async run(ctx) {
    const dir = requireString(ctx, "data");
    const months = intOption(ctx, "window-months", 12);
    const caps = capsOption(ctx);
    const compare = compareOption(ctx);
    const source = await openDataSource(dir, ctx.log, {
      cache: cacheOption(ctx),
      onProgress: ctx.progress,
      requireActivity: true,
    });
    const engine = source.engine;
    try {
      const s = await analyseSegments(engine, {
        windowMonths: months,
        pushdown: source.pg ? { db: source.pg, dialect: source.dialect } : undefined,
        caps,
        compare,
      });
      for (const n of s.notes) ctx.print(`note: ${n}`);
      const b = s.starting_benchmark;
      const sc = s.crm_scorecard;
      ctx.print(
        `window ${s.window.start} to ${s.window.end} (profit basis: ${s.window.profit_basis}); ${s.customers} customers of ${s.accounts} accounts`,
      );
      for (const g of s.profit_segments) {
        ctx.print(
          `  ${g.segment.padEnd(7)} ${String(g.accounts).padStart(6)} accounts, revenue ${
            num(g.revenue)
          }, profit ${num(g.profit)}`,
        );
      }
      ctx.print(
        `whale curve: peak ${pct(s.whale_curve.peak.cumulative_share)} of total profit at ${
          pct(s.whale_curve.peak.share_of_customers)
        } of customers; ${pct(s.whale_curve.share_destroying_profit)} destroy profit`,
      );
      ctx.print(
        `starting benchmark: top 20 % cost ${num(b.cost_to_engage_ratio)}x to engage for ${
          num(b.revenue_ratio)
        }x the revenue; top 20 % by revenue bring ${
          pct(b.revenue_concentration_top20)
        }; retention business ${pct(b.retention_revenue_share)}`,
      );
      ctx.print(`RV-Q answers (${s.rvq[0]?.measure ?? "mean RV per month"}):`);
      for (const r of s.rvq) {
        ctx.print(
          r.verdict === "not_testable"
            ? `  ${r.question}: not testable (${r.reason})`
            : `  ${r.question}: ${r.verdict}, ${r.group_a} ${
              num(r.estimate_a!)
            } (n=${r.n_a}) vs ${r.group_b} ${num(r.estimate_b!)} (n=${r.n_b}), difference ${
              num(r.difference!)
            } [${num(r.ci_low!)}, ${num(r.ci_high!)}], Cliff's delta ${
              num(r.effect_size!)
            }, adjusted p ${r.p_adjusted!.toPrecision(2)}`,
        );
      }
      ctx.print(
        `scorecard: ${sc.active} active, ${sc.passive} passive, ${sc.potential} potential; loyal ${
          sc.loyal === null ? "not measurable" : pct(sc.loyal)
        }; top-10 revenue share ${pct(sc.top10_revenue_share)}`,
      );
      ctx.print(
        `exceptions: ${s.exceptions.count} accounts out of pattern; at risk (by value at stake): ${
          s.exceptions.at_risk.slice(0, 5).map((e) =>
            `${e.account_id} (${num(e.value_at_stake, 0)})`
          )
            .join(", ") || "none"
        }`,
      );
      const bp = s.best_practice.slice(0, 3).map((p) =>
        `${p.interaction_type} (${(100 * p.rate_top).toFixed(0)} % of top vs ${
          (100 * p.rate_rest).toFixed(0)
        } %, r ${p.association.toFixed(2)})`
      );
      ctx.print(
        `best practice of ${s.best_practice_basis.best_accounts}: ${bp.join(", ") || "n/a"}`,
      );
      for (const c of s.comparisons) {
        ctx.print(
          `${c.dimension}: ${c.groups.length} groups, norm ${num(c.norm)} RV per account-month`,
        );
      }
      for (const line of performerSentences(s.performers)) ctx.print(`performers: ${line}`);
      return ctx.values.accounts ? s : { ...s, accounts_table: undefined };
    } finally {
      await source.close();
    }
  },
};
