/** Little-endian reads and text decoding over a chunk buffer (EVTX is little-endian throughout). */

/** Thrown for any structure that does not fit or does not make sense; callers catch it per record or per chunk. */
export class EvtxFormatError extends Error {
  constructor(
    message: string,
    /** Offset in the chunk (or file header) where the problem was found. */
    readonly offset: number,
  ) {
    // Thrown for every stale record probed in slack space: a stack trace would cost more than the probe.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'EvtxFormatError';
  }
}

export function u16(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}

export function u32(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
}

export function i32(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
}

/** Unsigned 64-bit value as a number; exact below 2^53, which covers record ids and counters. */
export function u64(b: Uint8Array, p: number): number {
  return u32(b, p + 4) * 0x100000000 + u32(b, p);
}

/** Unsigned 64-bit value as decimal text, exact over the whole range. */
export function u64Text(b: Uint8Array, p: number): string {
  const hi = u32(b, p + 4);
  if (hi < 0x200000) return String(hi * 0x100000000 + u32(b, p));
  return (BigInt(hi) * 0x100000000n + BigInt(u32(b, p))).toString();
}

/** Signed 64-bit value as decimal text. */
export function i64Text(b: Uint8Array, p: number): string {
  const hi = i32(b, p + 4);
  if (hi >= -0x200000 && hi < 0x200000) return String(hi * 0x100000000 + u32(b, p));
  return (BigInt(hi) * 0x100000000n + BigInt(u32(b, p))).toString();
}

/** Node's per-encoding slice methods: `toString` dispatches to them after argument checks. */
interface SliceMethods {
  ucs2Slice?: (start: number, end: number) => string;
}
const HAS_UCS2_SLICE = typeof (Buffer.prototype as SliceMethods).ucs2Slice === 'function';

/** UTF-16LE text between two offsets. */
export function utf16(b: Buffer, start: number, end: number): string {
  return HAS_UCS2_SLICE ? (b as SliceMethods).ucs2Slice!(start, end) : b.toString('utf16le', start, end);
}

/** Drops the end-of-string characters that string values often carry. */
export function trimNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** True when `length` bytes from `p` are all zero. */
export function isZero(b: Uint8Array, p: number, length: number): boolean {
  const end = Math.min(b.length, p + length);
  for (let i = p; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

/** Finds the next event record signature (`**\0\0`) at or after `from`, before `end`; -1 when none. */
export function findRecordSignature(b: Buffer, from: number, end: number): number {
  let p = from;
  while (p + 4 <= end) {
    const i = b.indexOf(0x2a, p);
    if (i < 0 || i + 4 > end) return -1;
    if (b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0) return i;
    p = i + 1;
  }
  return -1;
}
