/**
 * Encoding sniffing and streaming decoding (shared/domain.md §1 "Encoding / line endings"):
 * BOM first, then the NUL pattern of BOM-less UTF-16, then UTF-8 validity, else windows-1252.
 */

import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { byteUnits, stringUnits, wideUnits, type TextUnits } from './units.js';

/** Text encodings the decoder handles (WHATWG labels understood by `TextDecoder`). */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many leading bytes the sniffer wants before deciding (less at end of input). */
export const SNIFF_BYTES = 64 * 1024;

export interface SniffResult {
  /** Decoder for the text; meaningless when `binary` is set. */
  readonly encoding: TextEncodingName;
  /** Label for reports: `utf-16le`, `utf-16le (no BOM)`, `utf-8 (BOM)`, `windows-1252`, `binary`... */
  readonly label: string;
  readonly binary: 'evtx' | 'unknown' | null;
  /** Why the content is binary, one phrase (`EVTX event log`, `only NUL bytes (no text)`...); null for text. */
  readonly reason: string | null;
  /**
   * UTF-8 chosen from a head with no byte ≥ 0x80 that did not reach the end of the input:
   * later bytes may still turn out not to be UTF-8 (see `ChunkDecoder`).
   */
  readonly asciiHead: boolean;
}

/** Warning codes reported while decoding (they map onto `Diagnostic.code`). */
export type DecodeWarningCode = 'truncated' | 'encoding';

export type WarningHandler = (message: string, code: DecodeWarningCode) => void;

const EVTX_SIGNATURE = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"

/** Archive and image signatures worth naming in the message, so the user knows what to do. */
const KNOWN_BINARY: readonly { readonly magic: readonly number[]; readonly reason: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], reason: 'a ZIP archive (extract it first)' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], reason: 'a 7-Zip archive (extract it first)' },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], reason: 'a RAR archive (extract it first)' },
  { magic: [0x42, 0x5a, 0x68], reason: 'a bzip2 file (decompress it first)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], reason: 'an xz file (decompress it first)' },
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** C0 controls that do not occur in text: all but TAB, LF, VT, FF, CR and ESC (colour codes). */
function isBinaryControl(code: number): boolean {
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d && code !== 0x1b;
}

/** Share of control characters above which content is taken for binary. */
const BINARY_CONTROL_RATIO = 0.05;

/** A run of at least this many NUL bytes counts as padding. */
const NUL_PADDING_RUN = 64;

function text(encoding: TextEncodingName, label: string, asciiHead = false): SniffResult {
  return { encoding, label, binary: null, reason: null, asciiHead };
}

function binary(kind: 'evtx' | 'unknown', reason: string): SniffResult {
  return { encoding: 'utf-8', label: 'binary', binary: kind, reason, asciiHead: false };
}

/**
 * Decides how to read content from its first bytes.
 * @param head the first bytes (up to `SNIFF_BYTES`; fewer only when the input ends there)
 * @param complete true when `head` is the whole content
 */
export function sniffBytes(head: Uint8Array, complete: boolean): SniffResult {
  if (startsWith(head, EVTX_SIGNATURE)) return binary('evtx', 'EVTX event log');
  if (head[0] === 0xff && head[1] === 0xfe) return text('utf-16le', 'utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return text('utf-16be', 'utf-16be');
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return text('utf-8', 'utf-8 (BOM)');
  for (const known of KNOWN_BINARY) if (startsWith(head, known.magic)) return binary('unknown', known.reason);
  const n = head.length;
  if (n === 0) return text('utf-8', 'utf-8');

  // NULs in long runs are padding (a log preallocated, or zeroed by a crash), not evidence of binary content:
  // they are left out of every count below.
  let evenNul = 0;
  let oddNul = 0;
  let controls = 0;
  let high = false;
  let runEven = 0;
  let runOdd = 0;
  let padding = 0;
  const endRun = (): void => {
    if (runEven + runOdd >= NUL_PADDING_RUN) padding += runEven + runOdd;
    else {
      evenNul += runEven;
      oddNul += runOdd;
    }
    runEven = 0;
    runOdd = 0;
  };
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      if (i & 1) runOdd++;
      else runEven++;
      continue;
    }
    if (runEven + runOdd > 0) endRun();
    if (b >= 0x80) high = true;
    else if (isBinaryControl(b)) controls++;
  }
  endRun();
  if (padding + evenNul + oddNul === n) {
    return binary('unknown', complete ? 'only NUL bytes (no text)' : `the first ${n} bytes are all NUL (no text)`);
  }
  const nul = evenNul + oddNul;
  const size = n - padding;

  // BOM-less UTF-16: ASCII text has a NUL in the high byte of nearly every code unit.
  const units = size >> 1;
  if (units > 0) {
    if (oddNul >= units * 0.4 && evenNul <= units * 0.05) return utf16Guess(head, 'utf-16le');
    if (evenNul >= units * 0.4 && oddNul <= units * 0.05) return utf16Guess(head, 'utf-16be');
  }

  const suspicious = nul + controls;
  if (suspicious > size * BINARY_CONTROL_RATIO) {
    return binary('unknown', `not text (${Math.round((suspicious * 100) / size)}% control bytes)`);
  }
  if (!high) return text('utf-8', 'utf-8', !complete);
  if (isUtf8(head, complete)) return text('utf-8', 'utf-8');
  return text('windows-1252', 'windows-1252');
}

/** Checks that the NUL-pattern guess decodes to text rather than, say, an array of 16-bit numbers. */
function utf16Guess(head: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): SniffResult {
  const lowFirst = encoding === 'utf-16le';
  const units = head.length >> 1;
  let controls = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    const code = lowFirst ? head[i]! | (head[i + 1]! << 8) : (head[i]! << 8) | head[i + 1]!;
    // NUL code units are left out: padding in a UTF-16 log is as harmless as in a UTF-8 one.
    if (code !== 0 && isBinaryControl(code)) controls++;
  }
  if (controls > units * BINARY_CONTROL_RATIO) {
    return binary('unknown', `not text (NUL bytes in a UTF-16 pattern, but ${Math.round((controls * 100) / units)}% control characters)`);
  }
  return text(encoding, `${encoding} (no BOM)`);
}

/** Valid UTF-8, allowing a character cut off at the end of an incomplete head. */
function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

export interface ChunkDecoderOptions {
  /** From `SniffResult.asciiHead`: on invalid UTF-8 later on, read the rest as windows-1252. */
  readonly asciiHead?: boolean | undefined;
  readonly onWarning?: WarningHandler | undefined;
}

/**
 * Streaming decoder: keeps half characters and half surrogate pairs across chunks (`stream: true`)
 * and drops the BOM at the start.
 *
 * UTF-8 is decoded strictly. At the first invalid byte it switches, with one warning, to windows-1252 when
 * the sniffed head was plain ASCII (an ANSI file whose first accented letter comes late), else to lenient
 * UTF-8 (bad bytes become U+FFFD).
 */
export class ChunkDecoder {
  private current: TextEncodingName;
  private decoder: TextDecoder;
  private strict: boolean;
  private readonly asciiHead: boolean;
  private readonly onWarning: WarningHandler | undefined;
  private bytes = 0;
  /** Last bytes seen (at most 3): whether a UTF-8 character is pending, and its bytes after a switch. */
  private tail: number[] = [];
  /** No partial character is pending, so an ASCII chunk can bypass the decoder. */
  private clean = true;
  private atStart = true;

  constructor(encoding: TextEncodingName, options: ChunkDecoderOptions = {}) {
    this.current = encoding;
    this.strict = encoding === 'utf-8';
    this.decoder = ChunkDecoder.make(encoding, this.strict);
    this.asciiHead = options.asciiHead ?? false;
    this.onWarning = options.onWarning;
  }

  // The BOM is dropped here, once, rather than by TextDecoder, which would also drop one at the start of the
  // first chunk that reaches it after ASCII chunks took the fast path.
  private static make(encoding: TextEncodingName, fatal: boolean): TextDecoder {
    return new TextDecoder(encoding, { fatal, ignoreBOM: true });
  }

  /** Encoding in use now: `utf-8` can become `windows-1252` (see the class comment). */
  get encoding(): TextEncodingName {
    return this.current;
  }

  decode(chunk: Uint8Array): string {
    const offset = this.bytes;
    this.bytes += chunk.length;
    let out: string;
    if (this.current === 'utf-16le' || this.current === 'utf-16be') {
      out = this.decoder.decode(chunk, { stream: true });
    } else if (this.clean && isAscii(chunk)) {
      // Cluster logs are mostly ASCII: a Latin-1 copy is several times faster than UTF-8 decoding and identical.
      out = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      this.tail = [];
    } else {
      try {
        out = this.decoder.decode(chunk, { stream: true });
      } catch {
        out = this.fallBack(chunk, offset);
      }
      if (this.current === 'utf-8') {
        this.rememberTail(chunk);
        this.clean = pendingUtf8(this.tail).length === 0;
      }
    }
    if (this.atStart && out !== '') {
      this.atStart = false;
      if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
    }
    return out;
  }

  /**
   * `decode` as code units, null when the chunk completes no character. ASCII chunks are their own
   * bytes and UTF-16 is taken as it is (no decoder): most of a large file is never made into strings.
   */
  decodeUnits(chunk: Uint8Array): TextUnits | null {
    if (this.current === 'utf-16le' || this.current === 'utf-16be') return this.rawUtf16(chunk);
    if (this.clean && isAscii(chunk)) {
      // As `decode`: ASCII is the same text in every encoding handled here, and carries no BOM.
      this.bytes += chunk.length;
      this.tail = [];
      if (chunk.length === 0) return null;
      this.atStart = false;
      return byteUnits(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    const text = this.decode(chunk);
    return text === '' ? null : stringUnits(text);
  }

  /** Flushes, as units (see `end`). */
  endUnits(): TextUnits | null {
    const text = this.end();
    return text === '' ? null : stringUnits(text);
  }

  /** A byte of UTF-16 left over from the previous chunk (chunks need not have an even length). */
  private oddByte = -1;
  /** The last code unit handed out was a high surrogate: the text may end in the middle of a character. */
  private highLast = false;

  private rawUtf16(chunk: Uint8Array): TextUnits | null {
    this.bytes += chunk.length;
    if (chunk.length === 0) return null;
    const odd = this.oddByte >= 0;
    const total = chunk.length + (odd ? 1 : 0);
    const even = total & ~1;
    const bigEndian = this.current === 'utf-16be';
    let bytes: Buffer;
    if (!odd && !bigEndian && (chunk.byteOffset & 1) === 0) {
      bytes = Buffer.from(chunk.buffer, chunk.byteOffset, even);
    } else {
      // Realign (a byte carried over, an odd offset) or swap into little-endian order: one copy.
      bytes = Buffer.allocUnsafe(even);
      let at = 0;
      if (odd && even > 0) bytes[at++] = this.oddByte;
      bytes.set(chunk.subarray(0, even - at), at);
      if (bigEndian) bytes.swap16();
    }
    this.oddByte = total & 1 ? chunk[chunk.length - 1]! : -1;
    if (even === 0) return null;
    let t = wideUnits(bytes, true);
    if (this.atStart) {
      this.atStart = false;
      if (t.units[0] === 0xfeff) t = wideUnits(bytes.subarray(2), true);
    }
    const u = t.units;
    if (u.length === 0) return null;
    const last = u[u.length - 1]!;
    this.highLast = last >= 0xd800 && last <= 0xdbff;
    return t;
  }

  /** Flushes; a character cut off by the end of the input becomes U+FFFD and is reported. */
  end(): string {
    if ((this.current === 'utf-16le' || this.current === 'utf-16be') && (this.oddByte >= 0 || this.highLast)) {
      // The raw UTF-16 path: what the decoder would say at the end (the high surrogate itself becomes
      // U+FFFD when its line is made into a string).
      const odd = this.oddByte >= 0;
      // One U+FFFD in all, as a decoder gives for a lead surrogate and a lone byte pending together.
      const replacement = odd && !this.highLast ? '\uFFFD' : '';
      this.oddByte = -1;
      this.highLast = false;
      this.onWarning?.(
        `${odd ? 'UTF-16 text with an odd number of bytes' : 'the text ends in the middle of a character'}: the last bytes were replaced by U+FFFD (file truncated?)`,
        'truncated',
      );
      return replacement;
    }
    let out: string;
    try {
      out = this.decoder.decode();
    } catch {
      out = '\uFFFD';
    }
    if (out !== '') {
      const what =
        (this.current === 'utf-16le' || this.current === 'utf-16be') && this.bytes % 2 === 1
          ? 'UTF-16 text with an odd number of bytes'
          : 'the text ends in the middle of a character';
      this.onWarning?.(`${what}: the last bytes were replaced by U+FFFD (file truncated?)`, 'truncated');
    }
    return out;
  }

  private fallBack(chunk: Uint8Array, offset: number): string {
    const pending = pendingUtf8(this.tail);
    const bytes = pending.length > 0 ? Buffer.concat([Uint8Array.from(pending), chunk]) : chunk;
    this.strict = false;
    if (this.asciiHead) {
      this.current = 'windows-1252';
      this.decoder = ChunkDecoder.make('windows-1252', false);
      this.clean = true;
      this.onWarning?.(
        `bytes that are not UTF-8 after byte ${offset}: read the file as windows-1252 from there (its start was plain ASCII)`,
        'encoding',
      );
    } else {
      this.decoder = ChunkDecoder.make('utf-8', false);
      this.onWarning?.(`invalid UTF-8 after byte ${offset}: bad bytes were replaced by U+FFFD`, 'encoding');
    }
    return this.decoder.decode(bytes, { stream: true });
  }

  private rememberTail(chunk: Uint8Array): void {
    if (chunk.length >= 3) {
      this.tail = [chunk[chunk.length - 3]!, chunk[chunk.length - 2]!, chunk[chunk.length - 1]!];
    } else {
      this.tail = [...this.tail, ...chunk].slice(-3);
    }
  }
}

/** The bytes at the end of `tail` that start a UTF-8 sequence not yet complete. */
function pendingUtf8(tail: readonly number[]): number[] {
  for (let k = 1; k <= tail.length; k++) {
    const b = tail[tail.length - k]!;
    if (b < 0x80) return [];
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? tail.slice(tail.length - k) : [];
    }
  }
  return [];
}

/**
 * Decodes a stream of byte chunks: sniffs the first `SNIFF_BYTES` (waiting for them even when
 * chunks are tiny), then yields decoded text per chunk. Binary content yields nothing.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  options: { readonly onWarning?: WarningHandler | undefined; readonly onSniff?: ((s: SniffResult) => void) | undefined } = {},
): AsyncGenerator<string, void, undefined> {
  let held: Uint8Array[] | null = [];
  let heldBytes = 0;
  let decoder: ChunkDecoder | null = null;
  const start = (bytes: Uint8Array[], complete: boolean): ChunkDecoder | null => {
    const sniffed = sniffBytes(Buffer.concat(bytes), complete);
    options.onSniff?.(sniffed);
    return sniffed.binary ? null : new ChunkDecoder(sniffed.encoding, { asciiHead: sniffed.asciiHead, onWarning: options.onWarning });
  };
  for await (const chunk of chunks) {
    if (held !== null) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes < SNIFF_BYTES) continue;
      const bytes = held;
      held = null;
      decoder = start(bytes, false);
      if (decoder === null) return;
      for (const c of bytes) {
        const s = decoder.decode(c);
        if (s !== '') yield s;
      }
    } else if (decoder !== null) {
      const s = decoder.decode(chunk);
      if (s !== '') yield s;
    }
  }
  if (held !== null) {
    decoder = start(held, true);
    if (decoder === null) return;
    for (const c of held) {
      const s = decoder.decode(c);
      if (s !== '') yield s;
    }
  }
  if (decoder !== null) {
    const s = decoder.end();
    if (s !== '') yield s;
  }
}
