/**
 * `deno task bench --clv`: the customer-base fit at 10k and 100k simulated customers
 * (BG/NBD and Pareto/NBD, each simulated from its CDNOW parameters, seeded, calibration
 * lengths spread over 27–39 weeks, recency in whole days as in any purchase log):
 * rvlab's fit with standard errors and, for BG/NBD, the scipy peer on the same file, each in its own
 * process under `/usr/bin/time -v` (wall seconds of the fit, peak memory of the process).
 * Target (issue 18): 100,000 customers under 5 s and 1 GB.
 *
 * @module
 */
import { join } from "node:path";
import { mulberry32 } from "../src/util/random.ts";
import { simulateBgNbdCustomer, simulateParetoNbdCustomer } from "../src/backtest/clv/simulate.ts";

/** The models the bench fits: BG/NBD (rvlab and scipy) and Pareto/NBD (rvlab), each on its own data. */
export type ClvBenchModel = "bgnbd" | "pareto_nbd";

/**
 * Seeded summaries from `model` with the CDNOW parameters (Fader, Hardie & Lee 2005; Pareto/NBD's
 * from their 2005 note), as CSV x,tx,T. O(customers).
 */
function simulatedCsv(model: ClvBenchModel, n: number): string {
  const rng = mulberry32(18);
  let csv = "x,tx,T\n";
  for (let i = 0; i < n; i++) {
    const T = 27 + Math.floor(rng.next() * 84) / 7;
    const c = model === "bgnbd"
      ? simulateBgNbdCustomer(rng, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, T)
      : simulateParetoNbdCustomer(rng, { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, T);
    // a log holds purchase days: recency in whole days, as every summary rvlab makes
    const tx = Math.min(Math.round(c.tx * 7), Math.round(T * 7)) / 7;
    csv += `${c.x},${c.x ? tx : 0},${c.T}\n`;
  }
  return csv;
}

/** One side's measurement. */
export interface ClvBenchRow {
  tool: string;
  model: ClvBenchModel;
  customers: number;
  fit_seconds: number;
  /** CPU seconds of the fit (user + system): less sensitive to other jobs on the machine */
  fit_cpu_seconds: number;
  peak_mb: number;
  logLikelihood: number;
  r: number;
}

async function measured(cmd: string[]): Promise<{ json: Record<string, unknown>; peakMb: number }> {
  const out = await new Deno.Command("/usr/bin/time", { args: ["-v", ...cmd] }).output();
  const err = new TextDecoder().decode(out.stderr);
  if (out.code !== 0) throw new Error(`${cmd.join(" ")} failed:\n${err}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN);
  return { json: JSON.parse(new TextDecoder().decode(out.stdout)), peakMb: kb / 1024 };
}

/** Runs the bench at the given sizes; returns a row per tool and size. */
export async function runClvBench(
  sizes: readonly number[] = [10_000, 100_000],
  log: (line: string) => void = () => {},
  models: readonly ClvBenchModel[] = ["bgnbd", "pareto_nbd"],
): Promise<ClvBenchRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "rvlab-bench-clv-" });
  const rows: ClvBenchRow[] = [];
  try {
    for (const n of sizes) {
      for (const model of models) {
        const file = join(dir, `${model}-${n}.csv`);
        await Deno.writeTextFile(file, simulatedCsv(model, n));
        const here = new URL(".", import.meta.url).pathname;
        const stage = [
          Deno.execPath(),
          "run",
          "--allow-read",
          join(here, "clv_stage.ts"),
          file,
          model,
        ];
        const peers = model === "bgnbd"
          ? [["rvlab", stage], ["scipy", [
            "/usr/bin/python3",
            join(here, "clv_scipy.py"),
            file,
          ]]] as const
          : [["rvlab", stage]] as const;
        for (const [tool, cmd] of peers) {
          log(`clv bench: ${tool} ${model}, ${n.toLocaleString("en")} customers`);
          const { json, peakMb } = await measured([...cmd]);
          rows.push({
            tool,
            model,
            customers: n,
            fit_seconds: json.seconds as number,
            fit_cpu_seconds: json.cpu_seconds as number,
            peak_mb: peakMb,
            logLikelihood: json.logLikelihood as number,
            r: (json.params as Record<string, number>).r,
          });
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return rows;
}

/** The bench's table, with the target line. */
export function clvBenchTable(rows: readonly ClvBenchRow[]): string {
  const lines = [
    "| tool | model | customers | fit (s) | fit CPU (s) | peak memory (MB) | log-likelihood | r |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      `| ${r.tool} | ${r.model} | ${r.customers.toLocaleString("en")} | ${
        r.fit_seconds.toFixed(2)
      } | ${r.fit_cpu_seconds.toFixed(2)} | ${r.peak_mb.toFixed(0)} | ${
        r.logLikelihood.toFixed(2)
      } | ${r.r.toFixed(4)} |`
    ),
  ];
  for (const big of rows.filter((r) => r.tool === "rvlab" && r.customers === 100_000)) {
    const ok = big.fit_seconds < 5 && big.peak_mb < 1024;
    lines.push(
      `target ${big.model} 100,000 customers < 5 s and < 1 GB: ${ok ? "met" : "NOT met"} (${
        big.fit_seconds.toFixed(2)
      } s, ${big.peak_mb.toFixed(0)} MB)`,
    );
  }
  return lines.join("\n");
}
