/**
 * BG/NBD and Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005): weekly units, the
 * 39-week calibration ending 1997-09-30, holdout weeks 40–78 (to 1998-06-30).
 *
 *   deno run --allow-read scripts/fit_cdnow_bgnbd.ts [path/to/CDNOW_master.txt.gz] [--json]
 *
 * Prints the fitted r, α, a, b and log-likelihood, the holdout's predicted vs actual
 * repeat transactions, the published sample parameters' log-likelihood on this data
 * and the Gamma-Gamma p, q, γ.
 */
import { fitCdnow } from "../src/backtest/clv/cdnow_fit.ts";

const args = Deno.args.filter((a) => a !== "--json");
const path = args[0] ??
  new URL("../../shared/data/cdnow/CDNOW_master.txt.gz", import.meta.url).pathname;
const t0 = performance.now();
const bytes = await Deno.readFile(path);
const text = await new Response(
  new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
).text();
const r = fitCdnow(text);
const seconds = (performance.now() - t0) / 1000;
if (Deno.args.includes("--json")) {
  console.log(JSON.stringify({ ...r, seconds }, null, 1));
} else {
  const f = (x: number, d = 3) => x.toFixed(d);
  const p = r.bgnbd.params, g = r.gamma_gamma.params;
  console.log(`customers ${r.customers}, repeaters ${r.repeaters} (calibration to 1997-09-30)`);
  console.log(
    `BG/NBD: r ${f(p.r)}, alpha ${f(p.alpha)}, a ${f(p.a)}, b ${f(p.b)}, LL ${
      f(r.bgnbd.logLikelihood, 1)
    } (${r.bgnbd.evaluations} evaluations)`,
  );
  console.log(`published sample parameters on this data: LL ${f(r.published_ll, 1)}`);
  console.log(
    `holdout weeks 40-78: predicted ${f(r.holdout_predicted, 1)}, actual ${r.holdout_actual}`,
  );
  console.log(
    `Gamma-Gamma (${r.gamma_gamma.customers} repeaters with spend > 0): p ${f(g.p)}, q ${
      f(g.q)
    }, gamma ${f(g.gamma)}, LL ${f(r.gamma_gamma.logLikelihood, 1)}; E[M] population ${
      f(r.mean_spend, 2)
    }`,
  );
  console.log(`${seconds.toFixed(1)} s`);
}
