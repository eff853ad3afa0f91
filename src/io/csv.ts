/**
 * Reading CSV (RFC 4180) with line numbers, so every problem can be reported at
 * the line where its record starts.
 *
 * Accepts a UTF-8 byte-order mark, LF, CRLF and lone CR line ends, quoted fields
 * with embedded delimiters, quotes (`""`) and line breaks. Blank lines are skipped.
 * A record that breaks the quoting rules is not guessed at: it is returned as a
 * {@linkcode CsvProblem} and parsing resumes on the next line, so one bad quote
 * never swallows the rest of a file.
 *
 * @module
 */

/** The problem of a record whose unquoted field holds a quote (RFC 4180 §2.5–2.7). */
export const BARE_QUOTE =
  "a quote inside an unquoted field (expected the whole field to be quoted, with inner quotes doubled)";

/** One parsed record with the 1-based physical line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A record that could not be parsed, with the raw text of its first line. */
export interface CsvProblem {
  readonly line: number;
  /** 1-based field position where the problem was found */
  readonly field: number;
  readonly message: string;
  readonly raw: string;
}

/** Either a record or a problem, in file order. */
export type CsvItem = { record: CsvRecord; problem?: undefined } | {
  record?: undefined;
  problem: CsvProblem;
};

/** Options for the CSV readers. */
export interface CsvOptions {
  /** field delimiter, one character; default "," */
  delimiter?: string;
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * An incremental CSV parser: feed text chunks with {@linkcode CsvParser.push},
 * finish with {@linkcode CsvParser.end}; each returns the items completed so far.
 *
 * Complexity: O(n) in the text length for well-formed input; a record that spans
 * chunk boundaries is rescanned from its start once per chunk.
 *
 * @example
 * ```ts
 * import { CsvParser } from "./csv.ts";
 * const p = new CsvParser();
 * const items = [...p.push('a,b\n1,"x\ny"\n'), ...p.end()];
 * // items[1].record => { fields: ["1", "x\ny"], line: 2 }
 * ```
 */
export class CsvParser {
  #buf = "";
  #line = 1; // physical line number at the start of #buf
  #first = true;
  /** buffer length to reach before parsing again (an unfinished record waits for more) */
  #wait = 0;
  readonly #delim: number;

  constructor(options: CsvOptions = {}) {
    const d = options.delimiter ?? ",";
    if (d.length !== 1 || d === '"' || d === "\n" || d === "\r") {
      throw new Error(
        `CSV delimiter must be one character other than a quote or line break, found "${d}"`,
      );
    }
    this.#delim = d.charCodeAt(0);
  }

  /** Adds a chunk of text; returns the items completed by it. */
  push(chunk: string): CsvItem[] {
    if (this.#first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.#first = false;
    }
    this.#buf += chunk;
    // a record longer than the chunks (a large quoted cell) is parsed again only once the
    // buffer has doubled, so the work stays linear in its size, not quadratic
    if (this.#buf.length < this.#wait) return [];
    const out = this.#drain(false);
    this.#wait = this.#buf.length > 1 << 16 ? 2 * this.#buf.length : 0;
    return out;
  }

  /** Ends the input; returns the remaining items. */
  end(): CsvItem[] {
    return this.#drain(true);
  }

  #drain(final: boolean): CsvItem[] {
    const out: CsvItem[] = [];
    const s = this.#buf;
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const c0 = s.charCodeAt(pos);
      // blank lines
      if (c0 === LF) {
        pos++;
        this.#line++;
        continue;
      }
      if (c0 === CR) {
        if (pos + 1 >= n && !final) break; // may be the CR of a CRLF split across chunks
        pos += s.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.#line++;
        continue;
      }
      const r = this.#record(s, pos, final);
      if (r === null) break; // incomplete: wait for more input
      out.push(r.item);
      pos = r.next;
      this.#line += r.lines;
    }
    this.#buf = s.slice(pos);
    return out;
  }

  /**
   * Parses one record starting at `start`. Returns null when the record may continue
   * past the end of the buffered text and more input can come.
   */
  #record(
    s: string,
    start: number,
    final: boolean,
  ): { item: CsvItem; next: number; lines: number } | null {
    const n = s.length;
    const line = this.#line;
    // fast path: the physical line has no quote
    let eol = s.indexOf("\n", start);
    const cr = s.indexOf("\r", start);
    if (cr !== -1 && (eol === -1 || cr < eol)) eol = cr;
    if (eol === -1 && !final) return null;
    const lineEnd = eol === -1 ? n : eol;
    const next = eol === -1
      ? n
      : (s.charCodeAt(eol) === CR && s.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1);
    if (eol !== -1 && s.charCodeAt(eol) === CR && eol + 1 >= n && !final) return null;
    const physical = s.slice(start, lineEnd);
    if (physical.indexOf('"') === -1) {
      return {
        item: { record: { fields: physical.split(String.fromCharCode(this.#delim)), line } },
        next,
        lines: 1,
      };
    }
    // slow path: a state machine over the record
    const fields: string[] = [];
    let field = "";
    let i = start;
    let lines = 1;
    const problem = (message: string): { item: CsvItem; next: number; lines: number } => ({
      item: { problem: { line, field: fields.length + 1, message, raw: physical } },
      next,
      lines: 1,
    });
    for (;;) {
      // at the start of a field
      if (i < n && s.charCodeAt(i) === QUOTE) {
        i++;
        let closed = false;
        let segStart = i;
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            if (i + 1 < n && s.charCodeAt(i + 1) === QUOTE) {
              field += s.slice(segStart, i + 1);
              i += 2;
              segStart = i;
              continue;
            }
            if (i + 1 >= n && !final) return null; // cannot tell "" from " yet
            field += s.slice(segStart, i);
            i++;
            closed = true;
            break;
          }
          if (c === LF) lines++;
          else if (c === CR && s.charCodeAt(i + 1) !== LF) lines++;
          i++;
        }
        if (!closed) {
          if (!final) return null;
          return problem(
            "unterminated quoted field: a field opens with a quote that is never closed",
          );
        }
        // after the closing quote: a delimiter, a line end or the end of input
        if (i >= n) {
          fields.push(field);
          return { item: { record: { fields, line } }, next: n, lines };
        }
        const c = s.charCodeAt(i);
        if (c === this.#delim) {
          fields.push(field);
          field = "";
          i++;
          continue;
        }
        if (c === LF || c === CR) {
          fields.push(field);
          if (c === CR && i + 1 >= n && !final) return null;
          const after = c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
          return { item: { record: { fields, line } }, next: after, lines };
        }
        return lines === 1
          ? problem(
            `text after a closing quote (found "${s[i]}", expected "${
              String.fromCharCode(this.#delim)
            }" or end of line)`,
          )
          : this.#multilineProblem(
            s,
            start,
            line,
            fields.length + 1,
            final,
            `text after a closing quote (found "${s[i]}")`,
          );
      }
      // unquoted field: up to the delimiter or line end; a quote inside is an error
      const segStart = i;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === this.#delim || c === LF || c === CR) break;
        if (c === QUOTE) {
          return lines === 1 ? problem(BARE_QUOTE) : this.#multilineProblem(
            s,
            start,
            line,
            fields.length + 1,
            final,
            "a quote inside an unquoted field",
          );
        }
        i++;
      }
      field = s.slice(segStart, i);
      fields.push(field);
      field = "";
      if (i >= n) {
        if (!final) return null;
        return { item: { record: { fields, line } }, next: n, lines };
      }
      const c = s.charCodeAt(i);
      if (c === this.#delim) {
        i++;
        if (i >= n && final) {
          fields.push("");
          return { item: { record: { fields, line } }, next: n, lines };
        }
        continue;
      }
      if (c === CR && i + 1 >= n && !final) return null;
      const after = c === CR && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      return { item: { record: { fields, line } }, next: after, lines };
    }
  }

  /**
   * A problem found after a quoted line break: report the first physical line and
   * resume on the next (LF, CRLF or a lone CR ends it, as everywhere). Null when that
   * line may continue past the buffered text.
   */
  #multilineProblem(
    s: string,
    start: number,
    line: number,
    field: number,
    final: boolean,
    message: string,
  ): { item: CsvItem; next: number; lines: number } | null {
    let eol = s.indexOf("\n", start);
    const cr = s.indexOf("\r", start);
    if (cr !== -1 && (eol === -1 || cr < eol)) eol = cr;
    if (!final && (eol === -1 || (eol === cr && eol + 1 >= s.length))) return null;
    if (eol === -1) eol = s.length;
    const next = s.charCodeAt(eol) === CR && s.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
    return {
      item: { problem: { line, field, message, raw: s.slice(start, eol) } },
      next: Math.min(next, s.length),
      lines: 1,
    };
  }
}

/**
 * Parses a whole CSV text.
 *
 * @example
 * ```ts
 * import { parseCsv } from "./csv.ts";
 * parseCsv("a,b\r\n1,2\r\n"); // => [{record: {fields: ["a","b"], line: 1}}, {record: {fields: ["1","2"], line: 2}}]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvItem[] {
  const p = new CsvParser(options);
  return [...p.push(text), ...p.end()];
}

/**
 * Parses CSV from a stream of text chunks, yielding items as they complete.
 *
 * Why: a data file can be larger than memory; records are yielded as soon as their
 * last chunk arrives, and a record may span chunks.
 *
 * Complexity: O(total text) time; memory O(longest record + chunk size).
 *
 * @example
 * ```ts
 * import { parseCsvStream } from "./csv.ts";
 * async function* chunks() {
 *   yield "a,b\n1,";
 *   yield "2\n";
 * }
 * const items = [];
 * for await (const item of parseCsvStream(chunks())) items.push(item);
 * items.length; // => 2 (the header and one record)
 * ```
 */
export async function* parseCsvStream(
  chunks: AsyncIterable<string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvItem> {
  const p = new CsvParser(options);
  for await (const chunk of chunks) yield* p.push(chunk);
  yield* p.end();
}
