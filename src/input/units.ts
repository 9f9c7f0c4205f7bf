/**
 * Decoded text as code units, split into lines given as offsets: the fast path of the cluster.log
 * reader looks at line prefixes in typed arrays and makes strings only for the records it keeps.
 *
 * A chunk is either one byte per character (ASCII, which is what nearly every cluster.log chunk is,
 * read without decoding) or UTF-16 code units (UTF-16 files read as they are, or any other text after
 * decoding). The line rules are those of `LineSplitter` (lines.ts): CRLF, LF or lone CR; a U+FEFF at the
 * start of a line dropped; lines longer than the cap cut there and counted.
 */

/** Code units of decoded text. */
export type Units = Uint8Array | Uint16Array;

/** A run of decoded text as code units. */
export interface TextUnits {
  readonly units: Units;
  /** The same memory as bytes, to make strings from. */
  readonly bytes: Buffer;
  /** Units are UTF-16 code units (else one Latin-1 byte per character). */
  readonly wide: boolean;
  /**
   * UTF-16 taken from the file without a decoder: a lone surrogate becomes U+FFFD when a string is
   * made, as a decoder would have done.
   */
  readonly raw16: boolean;
}

/** Lines of one run of text: line `i` is units `[starts[i], ends[i])`. */
export interface LineBatch extends TextUnits {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
}

interface StringBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  ucs2Slice(start: number, end: number): string;
}

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** The string of units `[start, end)` (fresh: it keeps no larger string alive). */
export function unitString(t: TextUnits, start: number, end: number): string {
  if (end <= start) return '';
  if (!t.wide) return (t.bytes as StringBuffer).latin1Slice(start, end);
  const s = (t.bytes as StringBuffer).ucs2Slice(start * 2, end * 2);
  if (!t.raw16) return s;
  const w = s as unknown as WellFormed;
  return w.isWellFormed() ? s : w.toWellFormed();
}

/** Units of a string: Latin-1 bytes when every character fits, else UTF-16. */
export function stringUnits(text: string): TextUnits {
  let wide = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      wide = true;
      break;
    }
  }
  if (!wide) {
    const bytes = Buffer.from(text, 'latin1');
    return { units: bytes, bytes, wide: false, raw16: false };
  }
  return wideUnits(Buffer.from(text, 'utf16le'), false);
}

/** A UTF-16LE buffer (even length, even offset) as units. */
export function wideUnits(bytes: Buffer, raw16: boolean): TextUnits {
  return { units: new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1), bytes, wide: true, raw16 };
}

export function byteUnits(bytes: Buffer): TextUnits {
  return { units: bytes, bytes, wide: false, raw16: false };
}

/** Longest line kept by default, in UTF-16 code units (the same cap as `LineSplitter`). */
export const DEFAULT_MAX_UNITS = 1024 * 1024;

const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** Pieces of the unfinished last line, copied out of their chunks. */
class Carry {
  private parts: Units[] = [];
  private wide = false;
  length = 0;

  add(units: Units, start: number, end: number): void {
    if (end <= start) return;
    // A copy: `Buffer#slice` is a view, and the chunk's memory is read into again once it is parsed.
    this.parts.push(units instanceof Uint16Array ? units.slice(start, end) : Uint8Array.prototype.slice.call(units, start, end));
    if (units instanceof Uint16Array) this.wide = true;
    this.length += end - start;
  }

  /** The carried units followed by `[start, end)` of `tail`, as one line of its own. */
  take(tail: Units | null, start: number, end: number): LineBatch {
    if (tail !== null) this.add(tail, start, end);
    const n = this.length;
    let t: TextUnits;
    if (!this.wide) {
      const bytes = Buffer.allocUnsafe(n);
      let at = 0;
      for (const p of this.parts) {
        bytes.set(p, at);
        at += p.length;
      }
      t = byteUnits(bytes);
    } else {
      const bytes = Buffer.allocUnsafe(n * 2);
      const units = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
      let at = 0;
      let raw = false;
      for (const p of this.parts) {
        units.set(p, at);
        at += p.length;
        if (p instanceof Uint16Array) raw = true;
      }
      t = { units, bytes, wide: true, raw16: raw };
    }
    this.parts = [];
    this.wide = false;
    this.length = 0;
    return { ...t, starts: Int32Array.of(0), ends: Int32Array.of(n), count: 1 };
  }
}

export interface UnitSplitterOptions {
  readonly maxLineLength?: number | undefined;
  readonly onCutLine?: ((lineNumber: number) => void) | undefined;
}

/**
 * `LineSplitter` over code units. `push` returns the lines each chunk completes as batches: a line
 * begun in an earlier chunk comes first, as a batch of its own; the lines wholly inside the chunk
 * follow as offsets into it.
 */
export class UnitLineSplitter {
  private readonly max: number;
  private readonly onCutLine: ((lineNumber: number) => void) | undefined;
  private readonly carry = new Carry();
  private dropping = false;
  private skipLF = false;
  private started = false;
  private lineNo = 0;
  private cut = 0;
  // Offsets of the lines of the chunk being split (grown as needed, copied out per batch).
  private starts = new Int32Array(4096);
  private ends = new Int32Array(4096);
  private count = 0;

  constructor(options: UnitSplitterOptions = {}) {
    const max = options.maxLineLength ?? DEFAULT_MAX_UNITS;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxLineLength must be a positive integer, got ${max}`);
    this.max = max;
    this.onCutLine = options.onCutLine;
  }

  get lines(): number {
    return this.lineNo;
  }

  get cutLines(): number {
    return this.cut;
  }

  push(chunk: TextUnits): LineBatch[] {
    const out: LineBatch[] = [];
    const u = chunk.units;
    const n = u.length;
    if (n === 0) return out;
    this.count = 0;
    let pos = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (u[0] === LF) pos = 1;
    }
    let lf = u.indexOf(LF, pos);
    let cr = u.indexOf(CR, pos);
    const max = this.max;
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next === n) this.skipLF = true;
        else if (u[next] === LF) {
          next++;
          lf = u.indexOf(LF, next);
        }
        cr = u.indexOf(CR, next);
      } else {
        end = lf;
        next = lf + 1;
        lf = u.indexOf(LF, next);
      }
      if (this.carry.length === 0 && !this.dropping && !this.started && end - pos <= max && u[pos] !== BOM && this.count < this.starts.length) {
        // A line wholly inside the chunk, nothing to cut or carry: what `finish` does, without the call.
        this.starts[this.count] = pos;
        this.ends[this.count] = end;
        this.count++;
        this.lineNo++;
      } else {
        this.finish(chunk, pos, end, out);
      }
      pos = next;
    }
    if (pos < n && !this.started) {
      this.started = true;
      if (u[pos] === BOM) pos++;
    }
    if (pos < n && !this.dropping) {
      const room = this.max - this.carry.length;
      if (n - pos > room) {
        this.carry.add(u, pos, pos + room);
        this.dropping = true;
      } else {
        this.carry.add(u, pos, n);
      }
    }
    if (this.count > 0) {
      out.push({ ...chunk, starts: this.starts.slice(0, this.count), ends: this.ends.slice(0, this.count), count: this.count });
    }
    return out;
  }

  /** Flushes the last line when the text does not end with a line break. */
  end(): LineBatch[] {
    const out: LineBatch[] = [];
    this.skipLF = false;
    if (this.started) this.finish(null, 0, 0, out);
    return out;
  }

  private finish(chunk: TextUnits | null, start: number, end: number, out: LineBatch[]): void {
    const u = chunk === null ? null : chunk.units;
    let wasCut = false;
    if (!this.started && start < end && u !== null && u[start] === BOM) start++;
    this.started = false;
    if (this.dropping) {
      wasCut = true;
      this.dropping = false;
      out.push(this.carry.take(null, 0, 0));
    } else if (this.carry.length > 0) {
      const room = this.max - this.carry.length;
      if (end - start > room) {
        end = start + room;
        wasCut = true;
      }
      out.push(this.carry.take(u, start, end));
    } else {
      if (end - start > this.max) {
        end = start + this.max;
        wasCut = true;
      }
      if (u === null) {
        out.push(this.carry.take(null, 0, 0));
      } else {
        if (this.count === this.starts.length) this.grow();
        this.starts[this.count] = start;
        this.ends[this.count] = end;
        this.count++;
      }
    }
    this.lineNo++;
    if (wasCut) {
      this.cut++;
      this.onCutLine?.(this.lineNo);
    }
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/** The lines of a batch as strings. */
export function batchStrings(batch: LineBatch): string[] {
  const out = new Array<string>(batch.count);
  for (let i = 0; i < batch.count; i++) out[i] = unitString(batch, batch.starts[i]!, batch.ends[i]!);
  return out;
}
