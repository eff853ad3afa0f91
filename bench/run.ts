/**
 * The performance benchmark: rvlab's DuckDB pipeline against a pandas reference on
 * the same synthetic data in the same run, so the ratio does not depend on the
 * machine. Timing targets are printed, never asserted.
 *
 * @module
 */
import { join } from "node:path";
import { generateWorld } from "../src/generate/world.ts";
import { loadTable } from "../src/io/load.ts";
import { DEFAULT_IPF } from "../src/ipf/adapters.ts";
import type { IpfEntry } from "../src/io/schema.ts";
import { projectPath } from "../src/io/paths.ts";

/** One benchmark size. */
export interface BenchSize {
  label: string;
  accounts: number;
}

export const DEFAULT_SIZES: BenchSize[] = [{ label: "1M", accounts: 10_000 }, {
  label: "10M",
  accounts: 100_000,
}];

/** Figures for one size. */
export interface BenchResult {
  size: string;
  accounts: number;
  interactions: number;
  /** rvlab end to end: load + monthly RV + segments and whale curve */
  seconds: number;
  stages: Record<string, number>;
  pandas_seconds: number;
  pandas_stages: Record<string, number>;
  /** pandas seconds ÷ rvlab seconds (above 1: rvlab is faster) */
  ratio_vs_pandas: number;
  peak_rss_mb: number;
  pandas_peak_rss_mb: number;
  /** both computed the same number of RV rows and customers, and the same whale peak */
  results_agree: boolean;
  generate_seconds: number | null;
  targets: { end_to_end_under_20s: boolean; at_least_3x_pandas: boolean; peak_under_3gb: boolean };
  /** the optional PostgreSQL stage (`--postgres`), measured in the same run */
  postgres?: PgBenchResult;
}

/** Figures of the PostgreSQL stage for one size. */
export interface PgBenchResult {
  /** load (validate + COPY + upsert + commit), RV into a table, account summaries + segments */
  stages: Record<string, number>;
  seconds: number;
  load_rows_per_second: number;
  /** COPY + upsert + commit only, without validation */
  write_rows_per_second: number;
  /** pandas seconds ÷ PostgreSQL seconds, same run */
  ratio_vs_pandas: number;
  /** RV stage: pandas RV seconds ÷ PostgreSQL RV seconds, and DuckDB's ÷ PostgreSQL's */
  rv_ratio_vs_pandas: number;
  rv_ratio_vs_duckdb: number;
  /** same RV rows, customers and whale peak as the DuckDB stage */
  agrees_with_duckdb: boolean;
  bytes_per_interaction: Record<string, number>;
  client_peak_rss_mb: number;
}

async function runJson(cmd: string, args: string[]): Promise<Record<string, unknown>> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${out.code}): ${
        new TextDecoder().decode(out.stderr).slice(-2000)
      }`,
    );
  }
  return JSON.parse(text.trim().split("\n").at(-1)!);
}

/**
 * Runs the benchmark. Data sets are generated once (seed 1, 36 months, effect planted)
 * into `cacheDir` and reused by later runs.
 */
export async function runBench(
  options: {
    sizes?: BenchSize[];
    cacheDir?: string;
    log?: (line: string) => void;
    /** also run the PostgreSQL stage (needs Debian's postgresql package) */
    postgres?: boolean;
  } = {},
): Promise<BenchResult[]> {
  const log = options.log ?? (() => {});
  const cache = options.cacheDir ?? projectPath(".bench-cache");
  await Deno.mkdir(cache, { recursive: true });
  const ipf = (await loadTable(DEFAULT_IPF, "ipf")).records as unknown as IpfEntry[];
  const results: BenchResult[] = [];
  for (const size of options.sizes ?? DEFAULT_SIZES) {
    const dir = join(cache, `world-${size.accounts}`);
    let generateSeconds: number | null = null;
    try {
      const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
      if (m.counts?.accounts !== size.accounts || m.seed !== 1) throw new Error("stale");
      log(`${size.label}: reusing ${dir}`);
    } catch {
      log(
        `${size.label}: generating ${
          size.accounts.toLocaleString("en")
        } accounts × 36 months into ${dir}`,
      );
      const t0 = performance.now();
      await generateWorld(ipf, dir, {
        accounts: size.accounts,
        months: 36,
        seed: 1,
        effect: "planted",
      });
      generateSeconds = (performance.now() - t0) / 1000;
    }
    const db = join(cache, `bench-${size.accounts}.duckdb`);
    await Deno.remove(db).catch(() => {});
    await Deno.remove(db + ".wal").catch(() => {});
    log(`${size.label}: rvlab (DuckDB)`);
    const r = await runJson(Deno.execPath(), [
      "run",
      "--allow-all",
      projectPath("bench", "stage.ts"),
      dir,
      db,
    ]);
    await Deno.remove(db).catch(() => {});
    log(`${size.label}: pandas reference`);
    const p = await runJson("/usr/bin/python3", [projectPath("bench", "pandas_reference.py"), dir]);
    const seconds = r.total_seconds as number, pandasSeconds = p.total_seconds as number;
    let postgres: PgBenchResult | undefined;
    if (options.postgres) {
      log(`${size.label}: PostgreSQL (throwaway cluster)`);
      const g = await runJson(Deno.execPath(), [
        "run",
        "--allow-all",
        projectPath("bench", "pg_stage.ts"),
        dir,
      ]);
      const gs = g.seconds as Record<string, number>;
      const ps = p.seconds as Record<string, number>;
      const rs = r.seconds as Record<string, number>;
      postgres = {
        stages: gs,
        seconds: g.total_seconds as number,
        load_rows_per_second: g.load_rows_per_second as number,
        write_rows_per_second: g.write_rows_per_second as number,
        ratio_vs_pandas: pandasSeconds / (g.total_seconds as number),
        rv_ratio_vs_pandas: ps.rv_monthly / gs.rv_monthly,
        rv_ratio_vs_duckdb: rs.rv_monthly / gs.rv_monthly,
        agrees_with_duckdb: g.rv_rows === r.rv_rows && g.customers === r.customers &&
          g.whale_peak === r.whale_peak && g.interactions === r.interactions,
        bytes_per_interaction: g.bytes_per_interaction as Record<string, number>,
        client_peak_rss_mb: g.client_peak_rss_mb as number,
      };
    }
    const agree = r.rv_rows === p.rv_rows && r.customers === p.customers &&
      Math.abs((r.whale_peak as number) - (p.whale_peak as number)) < 1e-6;
    results.push({
      size: size.label,
      accounts: size.accounts,
      interactions: r.interactions as number,
      seconds,
      stages: r.seconds as Record<string, number>,
      pandas_seconds: pandasSeconds,
      pandas_stages: p.seconds as Record<string, number>,
      ratio_vs_pandas: pandasSeconds / seconds,
      peak_rss_mb: r.peak_rss_mb as number,
      pandas_peak_rss_mb: p.peak_rss_mb as number,
      results_agree: agree,
      generate_seconds: generateSeconds,
      ...(postgres ? { postgres } : {}),
      targets: {
        end_to_end_under_20s: seconds < 20,
        at_least_3x_pandas: pandasSeconds / seconds >= 3,
        peak_under_3gb: (r.peak_rss_mb as number) < 3072,
      },
    });
  }
  return results;
}

/** A plain-text table of results. */
export function benchTable(results: readonly BenchResult[]): string {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    "size  interactions  load   rv   segm  total | pandas  ratio | peak MB  pandas MB | agree",
  ];
  for (const r of results) {
    lines.push(
      `${r.size.padEnd(5)} ${r.interactions.toLocaleString("en").padStart(12)} ${
        f(r.stages.load).padStart(5)
      } ${f(r.stages.rv_monthly).padStart(4)} ${f(r.stages.segments_whale).padStart(5)} ${
        f(r.seconds).padStart(6)
      } | ${f(r.pandas_seconds).padStart(6)} ${r.ratio_vs_pandas.toFixed(2).padStart(6)} | ${
        Math.round(r.peak_rss_mb).toString().padStart(7)
      } ${Math.round(r.pandas_peak_rss_mb).toString().padStart(10)} | ${
        r.results_agree ? "yes" : "NO"
      }`,
    );
  }
  if (results.some((r) => r.postgres)) {
    lines.push(
      "",
      "PostgreSQL  load s  rows/s (all | write)  rv s  segm s  total | x pandas  rv x pandas  rv x DuckDB | B/row PG  DuckDB  Parquet  CSV | agree",
    );
    for (const r of results) {
      const g = r.postgres;
      if (!g) continue;
      const b = g.bytes_per_interaction;
      const k = (x: number) => Math.round(x).toLocaleString("en");
      lines.push(
        `${r.size.padEnd(11)} ${f(g.stages.load).padStart(6)}  ${
          k(g.load_rows_per_second).padStart(9)
        } | ${k(g.write_rows_per_second).padStart(8)}  ${f(g.stages.rv_monthly).padStart(4)}  ${
          f(g.stages.segments_whale).padStart(6)
        }  ${f(g.seconds).padStart(5)} | ${g.ratio_vs_pandas.toFixed(2).padStart(8)}  ${
          g.rv_ratio_vs_pandas.toFixed(2).padStart(11)
        }  ${g.rv_ratio_vs_duckdb.toFixed(2).padStart(11)} | ${f(b.postgres).padStart(8)}  ${
          f(b.duckdb).padStart(6)
        }  ${f(b.parquet).padStart(7)}  ${f(b.csv).padStart(5)} | ${
          g.agrees_with_duckdb ? "yes" : "NO"
        }`,
      );
    }
  }
  return lines.join("\n");
}
