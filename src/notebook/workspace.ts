/**
 * A notebook's working data: the embedded default (the seeded SYNTHETIC demo world)
 * or a data directory of your own, loaded into DuckDB, with what kind of data it is.
 *
 * @module
 */
import { join } from "node:path";
import { grouped } from "../util/format.ts";
import { generateWorld, type WorldResult } from "../generate/world.ts";
import type { LoadReport } from "../io/load.ts";
import { loadTable } from "../engine/records.ts";
import type { IpfEntry, TableName } from "../io/schema.ts";
import { DataError } from "../io/errors.ts";
import { localProjectFile, sharedDataDir } from "../io/paths.ts";
import { DEFAULT_IPF, importAdapter } from "../ipf/adapters.ts";
import { type Engine, openEngine } from "../engine/duckdb.ts";
import { ENGINE_TABLES } from "../engine/load.ts";
import { loadWorkspace } from "../engine/workspace.ts";
import type { ChartSource } from "../charts/charts.ts";
import type { DataKind } from "../charts/render.ts";
import { analyseStudy, type Study, type StudyOptions } from "../study/study.ts";
import {
  type Displayable,
  type JUPYTER_DISPLAY,
  markdown,
  type MimeBundle,
  mimeBundle,
  table,
  tableBundle,
  type TableOptions,
  type TableView,
  withDisplay,
} from "../display/display.ts";

/** Options for {@linkcode openWorkspace}. */
export interface WorkspaceOptions {
  /**
   * a data directory in the canonical model (see `rvlab check`); default
   * `$RVLAB_DATA`, else the synthetic demo world
   */
  data?: string;
  /** what kind of data `data` holds; default from its manifest.json, else "real" */
  dataKind?: DataKind;
  /** seed of the synthetic world; default 1 (as `rvlab demo`) */
  seed?: number;
  /** accounts of the synthetic world; default 200 */
  accounts?: number;
  /** months of the synthetic world; default 36 */
  months?: number;
  /** "planted": interactions lead money by 3 months (default); "none": no effect */
  effect?: "planted" | "none";
  /**
   * the workspace of `data` (`engine/workspace.ts`): a folder to keep it in, or false
   * to read every file afresh (`--no-cache`); default `DATA/.rvlab` (or under
   * `$RVLAB_CACHE_DIR`). The demo world is always read without one.
   */
  cache?: string | false;
}

/** An open data set: the engine with the canonical tables, and what the data is. */
export interface Workspace extends Displayable {
  engine: Engine;
  data_dir: string;
  data_kind: DataKind;
  /** one line saying where the data came from (used in chart captions) */
  source: string;
  /** caption source for the chart functions */
  chart_source: ChartSource;
  load: LoadReport;
  quarantined: number;
  /** the DuckDB workspace file the tables were read through, or null (open it with `duckdb -readonly`) */
  workspace_file: string | null;
  /** the tables read back from the workspace unchanged (none on the first open) */
  workspace_reused: TableName[];
  /** the synthetic world's parameters, when the data is the demo world */
  world: WorldResult | null;
  /**
   * The whole study of this data set ({@linkcode analyseStudy}), analysed on the
   * first call and reused after that (per set of options), so every notebook cell
   * renders the same results.
   */
  study(options?: Omit<StudyOptions, "log">): Promise<Study>;
  /**
   * Runs SQL on this workspace's DuckDB engine (the canonical tables: `interactions`,
   * `ipf`, `accounts`, `financials`, `voc`, …) and returns the rows as a table that
   * displays itself ({@linkcode sqlTable}); `.rows` holds the raw values.
   */
  sql(query: string, options?: SqlOptions): Promise<TableView>;
  /** closes the engine and removes the temporary folder, if any */
  close(): Promise<void>;
}

async function manifestKind(dir: string): Promise<{ kind?: DataKind; source?: string }> {
  try {
    const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
    const kind = ["real", "fictional", "synthetic"].includes(m.data_kind) ? m.data_kind : undefined;
    return { kind, source: m.adapter ? `${m.adapter} (${m.source ?? dir})` : undefined };
  } catch {
    return {};
  }
}

/**
 * Opens the data a notebook works on: `options.data` (or `$RVLAB_DATA`) when given,
 * else generates the seeded SYNTHETIC demo world (200 accounts × 36 months, planted
 * 3-month lead, seed 1 — the same as `rvlab demo`) into a temporary folder. Loads it
 * into an in-memory DuckDB engine with validation and quarantine; a data folder of your
 * own through its workspace (`options.cache`), so reopening it skips unchanged files.
 *
 * Why: every notebook starts with one line that works out of the box and says how to
 * point it at your own data. Displays as a Markdown summary with the load counts.
 *
 * Complexity: O(rows) to validate and load.
 *
 * @example
 * ```ts
 * import { openWorkspace } from "./workspace.ts";
 * const ws = await openWorkspace();            // the synthetic demo world
 * const mine = await openWorkspace({ data: "exports/2024" }); // kept in exports/2024/.rvlab
 * const fresh = await openWorkspace({ data: "exports/2024", cache: false });
 * await ws.close();
 * ```
 */
export async function openWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const data = options.data ?? Deno.env.get("RVLAB_DATA") ?? undefined;
  let dir: string;
  let tmp: string | null = null;
  let world: WorldResult | null = null;
  let kind: DataKind;
  let source: string;
  if (data) {
    dir = data;
    const m = await manifestKind(dir);
    kind = options.dataKind ?? m.kind ?? "real";
    source = m.source ?? dir;
  } else {
    tmp = await Deno.makeTempDir({ prefix: "rvlab-notebook-" });
    dir = join(tmp, "data");
    const ipf = (await loadTable(await localProjectFile(DEFAULT_IPF), "ipf"))
      .records as unknown as IpfEntry[];
    world = await generateWorld(ipf, dir, {
      seed: options.seed ?? 1,
      accounts: options.accounts ?? 200,
      months: options.months ?? 36,
      effect: options.effect ?? "planted",
    });
    kind = "synthetic";
    source =
      `rvlab demo world (seed ${world.seed}, ${world.counts.accounts} accounts, ${world.months} months, ` +
      (world.effect === "planted" ? `planted lag ${world.lag_months} months)` : "no effect)");
  }
  const engine = await openEngine();
  let load: LoadReport;
  let quarantined: number;
  let workspaceFile: string | null;
  let reused: TableName[];
  try {
    const cache = options.cache;
    const r = await loadWorkspace(engine, dir, {
      enabled: tmp === null && cache !== false,
      cache: typeof cache === "string" ? cache : undefined,
    });
    load = r.report;
    quarantined = r.quarantine.length;
    workspaceFile = r.workspace;
    reused = r.reused;
  } catch (e) {
    engine.close();
    if (tmp) await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
  const studies = new Map<string, Promise<Study>>();
  const ws = {
    engine,
    data_dir: dir,
    data_kind: kind,
    source,
    chart_source: { kind, source },
    load,
    quarantined,
    workspace_file: workspaceFile,
    workspace_reused: reused,
    world,
    sql(query: string, o: SqlOptions = {}) {
      return sqlTable(engine, query, o);
    },
    study(o: Omit<StudyOptions, "log"> = {}) {
      const key = JSON.stringify([o.seed, o.horizon, o.resamples, o.atRisk]);
      if (!studies.has(key)) studies.set(key, analyseStudy(engine, o));
      return studies.get(key)!;
    },
    async close() {
      engine.close();
      if (tmp) await Deno.remove(tmp, { recursive: true }).catch(() => {});
    },
  };
  return withDisplay(ws, workspaceBundle) as Workspace;
}

const KIND_TEXT: Record<DataKind, string> = {
  synthetic: "SYNTHETIC data (seeded, generated by rvlab)",
  fictional: "a fictional company's data",
  real: "real data",
};

/**
 * Load counts per table as rows (table, file, read, accepted, quarantined).
 *
 * Complexity: O(tables).
 *
 * @example
 * ```ts
 * import { loadRows, openWorkspace } from "./workspace.ts";
 * const ws = await openWorkspace();
 * loadRows(ws.load); // [{ table: "ipf", read: 137, accepted: 137, quarantined: 0 }, …]
 * await ws.close();
 * ```
 */
export function loadRows(load: LoadReport): Record<string, unknown>[] {
  return Object.entries(load.tables).map(([table, c]) => ({
    table,
    read: c!.read,
    accepted: c!.accepted,
    quarantined: c!.quarantined,
  }));
}

function workspaceBundle(ws: Omit<Workspace, typeof JUPYTER_DISPLAY>): MimeBundle {
  const head = `**${KIND_TEXT[ws.data_kind]}**: ${ws.source}\n\n` +
    (ws.quarantined
      ? `${ws.quarantined} rows quarantined (see \`rvlab check --data ${ws.data_dir}\`).\n\n`
      : "Every row read was accepted (nothing quarantined).\n\n") +
    (ws.workspace_file
      ? `Validated tables kept in the workspace \`${ws.workspace_file}\` (${ws.workspace_reused.length} read back unchanged; \`cache: false\` reads every file afresh).\n\n`
      : "");
  const t = tableBundle(loadRows(ws.load));
  return { "text/markdown": head + t["text/markdown"], "text/plain": head + t["text/plain"] };
}

/** Folder names of the public data sets under the shared data folder, per adapter. */
export const PUBLIC_DATASETS: Readonly<Record<string, string>> = {
  "cdnow": "cdnow",
  "maven-crm": "maven-crm-sales-opportunities",
  "olist-funnel": "olist-marketing-funnel",
  "nhs-feedback": "nhs-patient-feedback",
};

/** A data set that is not there: displays a clear message instead of failing. */
export interface MissingData extends Displayable {
  missing: true;
  message: string;
}

/** Shared data sets read directly (no adapter), per name. */
export const SHARED_FOLDERS: Readonly<Record<string, string>> = {
  "ml-interviews": "ml-practitioner-interviews",
  "ml-interview-guide": "ml-practitioner-interview-guide",
};

/**
 * Where a public data set is: `sharedDataDir()/<folder>` when it exists, else a
 * {@linkcode MissingData} message. `adapter` is an adapter name of
 * {@linkcode PUBLIC_DATASETS} or a name of {@linkcode SHARED_FOLDERS}.
 *
 * Complexity: O(1), one stat of the folder.
 *
 * @example
 * ```ts
 * import { publicDatasetDir } from "./workspace.ts";
 * await publicDatasetDir("maven-crm"); // "../shared/data/maven-crm-sales-opportunities" or a MissingData message
 * ```
 */
export async function publicDatasetDir(adapter: string): Promise<string | MissingData> {
  const folder = PUBLIC_DATASETS[adapter] ?? SHARED_FOLDERS[adapter];
  if (!folder) throw new DataError(`unknown public data set "${adapter}"`, adapter);
  const dir = join(sharedDataDir(), folder);
  try {
    if ((await Deno.stat(dir)).isDirectory) return dir;
  } catch {
    // missing: reported below
  }
  return missingData(
    `The public data set \`${adapter}\` is not available at \`${dir}\`: this step is skipped. ` +
      "Put the shared data beside the project (`../shared/data`) or set `RVLAB_SHARED_DATA`.",
  );
}

/**
 * A displayable "data missing" message.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { missingData } from "./workspace.ts";
 * missingData("The data set is not available: skipped.");
 * ```
 */
export function missingData(message: string): MissingData {
  const m = markdown(message);
  return withDisplay({ missing: true as const, message }, () => mimeBundle(m));
}

/**
 * Imports a public data set with its adapter (`rvlab import`) into a temporary folder
 * and opens it as a workspace; a {@linkcode MissingData} message when the data set is
 * not there.
 *
 * @example
 * ```ts
 * import { openPublicDataset } from "./workspace.ts";
 * const ws = await openPublicDataset("maven-crm");
 * ```
 */
export async function openPublicDataset(adapter: string): Promise<Workspace | MissingData> {
  const from = await publicDatasetDir(adapter);
  if (typeof from !== "string") return from;
  const tmp = await Deno.makeTempDir({ prefix: `rvlab-${adapter}-` });
  try {
    const r = await importAdapter(adapter, from, join(tmp, "data"));
    // imported afresh into a temporary folder each time: no workspace to keep
    const ws = await openWorkspace({
      data: r.out,
      dataKind: r.data_kind as DataKind,
      cache: false,
    });
    ws.source = `${adapter} (${from})`;
    ws.chart_source = { kind: ws.data_kind, source: ws.source };
    const close = ws.close;
    ws.close = async () => {
      await close();
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
    };
    return ws;
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
}

/** Options for {@linkcode sqlTable} and `ws.sql()`: the table's, and the query's parameters. */
export interface SqlOptions extends TableOptions {
  /** values for the query's `?` placeholders */
  params?: unknown[];
}

/**
 * Runs a SQL query and returns its rows as a displayable table: the report's
 * formatting (human headers, thousands separators, percentages, "< 0.001"), the
 * first 20 rows (`maxRows`), and a caption with the row count and the query.
 *
 * Why: `ws.engine.query(...)` gives a bare array, which a notebook prints raw.
 * Complexity: the query's, plus O(shown rows × columns) to render.
 *
 * @example
 * ```ts
 * import { openWorkspace, sqlTable } from "./workspace.ts";
 * const ws = await openWorkspace();
 * await sqlTable(ws.engine, "SELECT account_id, count(*) AS interactions FROM interactions GROUP BY 1");
 * await ws.sql("SELECT * FROM ipf WHERE rv > ?", { params: [0] }); // the same through the workspace
 * await ws.close();
 * ```
 */
export async function sqlTable(
  engine: Pick<Engine, "query">,
  query: string,
  options: SqlOptions = {},
): Promise<TableView> {
  const { params, ...tableOptions } = options;
  const rows = await engine.query<Record<string, unknown>>(query, params);
  const oneLine = query.replace(/\s+/g, " ").trim();
  const shown = oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
  return table(rows, {
    caption: `${grouped(rows.length, 0)} row${rows.length === 1 ? "" : "s"}: ${shown}`,
    ...tableOptions,
  });
}

/** Options for {@linkcode tablePreview}. */
export interface PreviewOptions {
  /** rows fetched and shown; default 20 */
  limit?: number;
}

/**
 * The first rows of a canonical table in the workspace, with its row count in the
 * caption, as a displayable table.
 *
 * Why: a first look at what was loaded without writing SQL in the notebook.
 * Complexity: one COUNT and one LIMIT query.
 *
 * @example
 * ```ts
 * import { openWorkspace, tablePreview } from "./workspace.ts";
 * const ws = await openWorkspace();
 * await tablePreview(ws, "ipf", { limit: 10 });
 * await ws.close();
 * ```
 */
export async function tablePreview(
  ws: Pick<Workspace, "engine">,
  name: TableName,
  options: PreviewOptions = {},
): Promise<TableView> {
  if (!ENGINE_TABLES.includes(name)) {
    throw new DataError(
      `unknown table "${name}", expected one of ${ENGINE_TABLES.join(", ")}`,
      name,
    );
  }
  const limit = Math.max(1, Math.floor(options.limit ?? 20));
  const [{ n }] = await ws.engine.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${name}`,
  );
  const rows = await ws.engine.query<Record<string, unknown>>(
    `SELECT * FROM ${name} LIMIT ${limit}`,
  );
  return table(rows, {
    caption: `${name}: first ${Math.min(limit, n)} of ${n} rows`,
    maxRows: limit,
  });
}
