/**
 * Per-chunk state: names and templates are addressed by offsets relative to the chunk start, so
 * both caches live exactly as long as one chunk (libevtx "Common string offset array", "TemplatePtr").
 */
import { EvtxFormatError, u16, utf16 } from './bytes.js';
import type { Template } from './nodes.js';

/** Size of a name stored in place: next-string offset (4), hash (2), character count (2), characters, NUL (2). */
export function inlineNameSize(charCount: number): number {
  return 8 + charCount * 2 + 2;
}

/**
 * Compiled templates of a whole file by GUID and data size: every chunk repeats the definitions it
 * uses, and compiling them again per chunk costs more than reading the records.
 */
export type TemplateLibrary = Map<string, Pick<Template, 'nodes' | 'plan'>>;

/** The 16-bit name hash Windows stores with each name: h = h * 65599 + code unit, low 16 bits. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

export class ChunkContext {
  private readonly names = new Map<number, string>();
  /** Templates of this chunk by definition offset. */
  readonly templates = new Map<number, Template>();
  /**
   * Set while reading bytes that may be stale (slack space, a chunk with a bad signature): names must
   * match their stored hash, and templates compiled there stay out of the file-wide library.
   */
  strict = false;
  /** Value table reused by each record's root instance (it is read before the next record). */
  private rootValues = new Int32Array(64 * 3);

  constructor(
    /** The chunk; offset 0 is the `ElfChnk` signature. */
    readonly buf: Buffer,
    /** Bytes actually present (less than 64 KiB for a truncated last chunk). */
    readonly length: number,
    readonly library: TemplateLibrary = new Map(),
  ) {}

  /** Name at a chunk offset: `[next u32][hash u16][count u16][UTF-16LE count chars][NUL]`. */
  name(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    if (offset < 0 || offset + 8 > this.length) throw new EvtxFormatError(`name offset ${offset} out of the chunk`, offset);
    const count = u16(this.buf, offset + 6);
    const end = offset + 8 + count * 2;
    if (end > this.length) throw new EvtxFormatError(`name at ${offset} runs past the chunk`, offset);
    const name = utf16(this.buf, offset + 8, end);
    if (this.strict && nameHash(name) !== u16(this.buf, offset + 4)) {
      throw new EvtxFormatError(`name at ${offset} does not match its hash`, offset);
    }
    this.names.set(offset, name);
    return name;
  }

  rootValueTable(count: number): Int32Array {
    if (this.rootValues.length < count * 3) this.rootValues = new Int32Array(count * 3);
    return this.rootValues;
  }

  /** Character count of the name at `offset` (after `name(offset)` succeeded). */
  nameChars(offset: number): number {
    return u16(this.buf, offset + 6);
  }
}
