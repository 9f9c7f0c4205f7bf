/** Streaming line splitter over decoded text chunks. */
// Not split2: with /\r\n|\r|\n/ it yields an extra empty line for a CRLF split across chunks, and cannot count cut lines.

/** Longest line kept by default, in UTF-16 code units. */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

export interface LineSplitterOptions {
  /** Longest line kept, in UTF-16 code units; the rest of a longer line, up to its line break, is dropped. */
  readonly maxLineLength?: number | undefined;
  /** Called once for each line that was cut, with its 1-based physical line number. */
  readonly onCutLine?: ((lineNumber: number) => void) | undefined;
}

const LF = 10;
const BOM = 0xfeff;

/**
 * Splits text on CRLF, LF and lone CR. Feed it chunks with `push` and call `end` once;
 * both return the lines completed so far (line breaks removed, a leading U+FEFF removed).
 */
export class LineSplitter {
  private readonly max: number;
  private readonly onCutLine: ((lineNumber: number) => void) | undefined;
  /** The unfinished last line, never longer than `max`. */
  private carry = '';
  /** The unfinished line passed `max`: drop everything up to the next line break. */
  private dropping = false;
  /** The previous chunk ended with CR: an LF at the start of the next one belongs to it. */
  private skipLF = false;
  /** Part of the current line (or its BOM) came in an earlier chunk. */
  private started = false;
  private lineNo = 0;
  private cut = 0;

  constructor(options: LineSplitterOptions = {}) {
    const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxLineLength must be a positive integer, got ${max}`);
    this.max = max;
    this.onCutLine = options.onCutLine;
  }

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Lines that were longer than the cap and were cut. */
  get cutLines(): number {
    return this.cut;
  }

  push(text: string): string[] {
    const out: string[] = [];
    const n = text.length;
    if (n === 0) return out;
    let pos = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    // Two cached indexOf positions instead of a per-line regex: indexOf is vectorised in V8.
    let lf = text.indexOf('\n', pos);
    let cr = text.indexOf('\r', pos);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next === n) this.skipLF = true;
        else if (text.charCodeAt(next) === LF) {
          next++;
          lf = text.indexOf('\n', next);
        }
        cr = text.indexOf('\r', next);
      } else {
        end = lf;
        next = lf + 1;
        lf = text.indexOf('\n', next);
      }
      this.finish(text, pos, end, out);
      pos = next;
    }
    if (pos < n && !this.started) {
      this.started = true;
      if (text.charCodeAt(pos) === BOM) pos++;
    }
    if (pos < n && !this.dropping) {
      const room = this.max - this.carry.length;
      if (n - pos > room) {
        this.carry += text.slice(pos, pos + room);
        this.dropping = true;
      } else {
        this.carry += text.slice(pos);
      }
    }
    return out;
  }

  /** Flushes the last line when the text does not end with a line break. */
  end(): string[] {
    const out: string[] = [];
    this.skipLF = false;
    if (this.started) this.finish('', 0, 0, out);
    return out;
  }

  private finish(text: string, start: number, end: number, out: string[]): void {
    let line: string;
    let wasCut = false;
    // A BOM at the start of a line comes from files concatenated with `cat` or `type`.
    if (!this.started && start < end && text.charCodeAt(start) === BOM) start++;
    this.started = false;
    if (this.dropping) {
      line = this.carry;
      wasCut = true;
      this.dropping = false;
      this.carry = '';
    } else if (this.carry !== '') {
      line = end - start > this.max ? this.carry + text.slice(start, start + this.max) : this.carry + text.slice(start, end);
      this.carry = '';
    } else {
      line = text.slice(start, end);
    }
    if (line.length > this.max) {
      line = line.slice(0, this.max);
      wasCut = true;
    }
    this.lineNo++;
    out.push(line);
    if (wasCut) {
      this.cut++;
      this.onCutLine?.(this.lineNo);
    }
  }
}

/** Splits decoded text chunks into batches of lines, one batch per chunk that completed at least one line. */
export async function* splitLines(
  texts: AsyncIterable<string> | Iterable<string>,
  options: LineSplitterOptions = {},
): AsyncGenerator<string[], void, undefined> {
  const splitter = new LineSplitter(options);
  for await (const text of texts) {
    const batch = splitter.push(text);
    if (batch.length > 0) yield batch;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
