/**
 * Where records of a CSV file start: the physical line of chosen records, found by
 * one byte scan that never builds a string per field.
 *
 * The engine reads a CSV with DuckDB, which knows each record's position in the
 * file but not its line (a quoted cell may hold line breaks, and blank lines are
 * skipped). When rows are quarantined, this scan maps their record numbers to the
 * lines `check` names, with the same rules as {@linkcode CsvParser}: LF, CRLF and
 * lone CR end lines; a quote opens a field only at its start, `""` inside a quoted
 * field is a quote; blank lines are not records. It also tells whether a record has
 * a quote inside an unquoted field, which DuckDB reads as text but the data model
 * quarantines ({@linkcode BARE_QUOTE}).
 *
 * @module
 */
import { readByteChunks } from "./source.ts";

const LF = 10, CR = 13, QUOTE = 34;

/** Where one record is in the file. */
export interface RecordPlace {
  /** 1-based physical line the record starts on */
  line: number;
  /** physical lines the record spans */
  lines: number;
  /** the record has a quote inside an unquoted field */
  bareQuote: boolean;
  /** the record's first physical line, as text (the quarantine's raw value) */
  firstLine: string;
}

/**
 * The places of the records numbered `records` (0 = the header, 1 = the first data
 * record) in a CSV file, gunzipping `.gz`. Stops reading once the last one is found.
 *
 * Why: DuckDB gives a row's position, people need the line their editor shows.
 * Complexity: O(bytes up to the last record asked for) time; O(records asked for)
 * memory.
 *
 * @example
 * ```ts
 * import { csvRecordPlaces } from "./csv_lines.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, 'a,b\n1,"x\ny"\n\n2,z\n');
 * const places = await csvRecordPlaces(path, [2]);
 * places.get(2)?.line; // => 5
 * ```
 */
export async function csvRecordPlaces(
  path: string,
  records: Iterable<number>,
  delimiter = ",",
): Promise<Map<number, RecordPlace>> {
  const wanted = new Set(records);
  const out = new Map<number, RecordPlace>();
  if (wanted.size === 0) return out;
  let last = -1;
  for (const r of wanted) if (r > last) last = r; // not Math.max(...): 100k+ records overflow the stack
  const delim = delimiter.charCodeAt(0);
  // states: 0 field start, 1 unquoted field, 2 quoted field, 3 quote seen inside a quoted field
  let state = 0;
  let line = 1;
  let record = 0;
  let started = false;
  let afterCr = false;
  let startLine = 1;
  let bare = false;
  let keep = false; // collecting the first line of a wanted record
  let firstEnded = false;
  let bytes: number[] = [];
  let bom = true;
  const decoder = new TextDecoder();
  const end = () => {
    if (keep) {
      out.set(record, {
        line: startLine,
        lines: line - startLine + 1,
        bareQuote: bare,
        firstLine: decoder.decode(new Uint8Array(bytes)),
      });
    }
    record++;
    started = false;
    state = 0;
  };
  const chunks = readByteChunks(path);
  try {
    outer: for await (const value of chunks) {
      let i = 0;
      if (bom && value.length >= 3 && value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf) {
        i = 3;
      }
      bom = false;
      for (; i < value.length; i++) {
        const b = value[i];
        if (afterCr) {
          afterCr = false;
          if (b === LF) continue;
        }
        if (!started) {
          if (b === LF || b === CR) { // a blank line
            line++;
            afterCr = b === CR;
            continue;
          }
          if (record > last) break outer;
          started = true;
          startLine = line;
          bare = false;
          keep = wanted.has(record);
          firstEnded = false;
          bytes = [];
        }
        if (keep && !firstEnded) {
          if (b === LF || b === CR) firstEnded = true;
          else bytes.push(b);
        }
        if (state === 2) {
          if (b === QUOTE) state = 3;
          else if (b === LF || b === CR) {
            line++;
            afterCr = b === CR;
          }
          continue;
        }
        if (state === 3) {
          if (b === QUOTE) {
            state = 2;
            continue;
          }
          state = 1; // closed; what follows is a delimiter or a line end (DuckDB read it)
        }
        if (b === delim) state = 0;
        else if (b === LF || b === CR) {
          end();
          line++;
          afterCr = b === CR;
        } else if (b === QUOTE) {
          if (state === 0) state = 2;
          else bare = true;
        } else state = 1;
      }
    }
    if (started) end();
  } finally {
    await chunks.return(undefined);
  }
  return out;
}
