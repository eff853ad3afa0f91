/**
 * One benchmark run in its own process, so its peak memory is its own: load a data
 * directory into an in-memory DuckDB (memory limit 2 GB, so the process peaks below 3 GB; DuckDB spills beyond it), compute dense monthly RV
 * into a table, then the 12-month account summaries, profit segments and whale
 * curve (`bench/job.ts`). Prints one JSON object with seconds per stage and peak RSS.
 * Usage: deno run -A bench/stage.ts DATA_DIR DB_FILE
 */
import { stageLine, stopwatch } from "./timing.ts";
import { peakRssMb, rvAndSegments } from "./job.ts";
import { openEngine } from "../src/engine/duckdb.ts";
import { loadDataDirIntoEngine } from "../src/engine/load.ts";

const [dir, dbFile] = Deno.args;
const { seconds, cpu, time } = stopwatch();
const engine = await openEngine({ memoryLimit: "2GB" });
void dbFile; // kept in the command line for a file-backed variant
const { report } = await time("load", () => loadDataDirIntoEngine(engine, dir));
const figures = await rvAndSegments(engine, time);
engine.close();
console.log(stageLine(seconds, cpu, {
  interactions: report.tables.interactions!.accepted,
  ...figures,
}, await peakRssMb()));
