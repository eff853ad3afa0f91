/**
 * A buffered, synchronous text file writer for streaming millions of lines
 * without holding them in memory.
 *
 * @module
 */

/**
 * Writes text to a file through a 1 MiB buffer.
 *
 * @example
 * ```ts
 * import { TextSink } from "./text_sink.ts";
 * const sink = new TextSink("out.csv");
 * sink.write("a,b\n");
 * sink.close();
 * ```
 */
export class TextSink {
  #file: Deno.FsFile;
  #buf = "";
  #enc = new TextEncoder();
  /** bytes written so far (after close: the file size) */
  bytes = 0;

  constructor(path: string) {
    this.#file = Deno.openSync(path, { write: true, create: true, truncate: true });
  }

  write(s: string): void {
    this.#buf += s;
    if (this.#buf.length > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.#buf === "") return;
    const bytes = this.#enc.encode(this.#buf);
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
    this.bytes += bytes.length;
    this.#buf = "";
  }

  close(): void {
    this.flush();
    this.#file.close();
  }
}
