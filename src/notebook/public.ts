/**
 * Reproducing the README's validation on the public data sets from a notebook:
 * import with the adapter, back-test, display — or a clear message when the data
 * set is not there.
 *
 * @module
 */
import { validate, type ValidateOptions } from "../backtest/validate.ts";
import { correlogramChart } from "../charts/charts.ts";
import {
  chart,
  type Displayable,
  markdown,
  mimeBundle,
  stack,
  withDisplay,
} from "../display/display.ts";
import { type ValidationResult, validationView } from "../display/views.ts";
import { loadRows, type MissingData, openPublicDataset } from "./workspace.ts";
import { tableBundle } from "../display/display.ts";

/** The back-test of one public data set. */
export interface PublicValidation extends Displayable {
  missing: false;
  adapter: string;
  data_kind: string;
  source: string;
  load: Record<string, unknown>[];
  validation: ValidationResult;
  /** seconds for import + load + back-test */
  seconds: number;
}

const KIND: Record<string, string> = {
  real: "real data",
  fictional: "a fictional company's data",
  synthetic: "SYNTHETIC data",
};

/**
 * Imports a public data set with its adapter (`rvlab import`), runs the back-test
 * (`rvlab validate`) and returns the result, which displays as the load counts, the
 * verdicts, the AUC table and the lead–lag correlogram. When the data set is missing,
 * returns a {@linkcode MissingData} message instead of failing.
 *
 * Complexity: the import plus the back-test (resamples × observations).
 *
 * @example
 * ```ts
 * import { reproduceValidation } from "./public.ts";
 * await reproduceValidation("maven-crm", { resamples: 200 });
 * ```
 */
export async function reproduceValidation(
  adapter: string,
  options: ValidateOptions = {},
): Promise<PublicValidation | MissingData> {
  const t0 = performance.now();
  const ws = await openPublicDataset(adapter);
  if ("missing" in ws) return ws;
  try {
    const v = await validate(ws.engine, options);
    const out = {
      missing: false as const,
      adapter,
      data_kind: ws.data_kind,
      source: ws.source,
      load: loadRows(ws.load),
      validation: v,
      seconds: Math.round(performance.now() - t0) / 1000,
    };
    const leadChart = v.lead_lag.revenue.correlogram.some((c) => Number.isFinite(c.r))
      ? chart(
        await correlogramChart(v.lead_lag.revenue.correlogram, {
          lead: v.lead_lag.revenue.lead,
          low: v.lead_lag.revenue.r_ci_low,
          high: v.lead_lag.revenue.r_ci_high,
        }, ws.chart_source),
      )
      : null;
    return withDisplay(out, (o) => {
      const head = markdown(
        `**${o.adapter}** — ${
          KIND[o.data_kind] ?? o.data_kind
        }: ${o.source}; imported, checked and back-tested in ${o.seconds} s.`,
      );
      const counts = withDisplay({}, () => tableBundle(o.load, { caption: "rows loaded" }));
      const block = stack([
        head,
        counts,
        validationView(o.validation, ws.chart_source),
        ...(leadChart ? [leadChart] : []),
      ]);
      return mimeBundle(block);
    });
  } finally {
    await ws.close();
  }
}
