/**
 * Substitution value types and their text form (libevtx "Value types"; MS-EVEN6 §2.2.3).
 * Text follows what Event Viewer's XML view shows: decimal integers, `0x` lowercase hex for the
 * hexadecimal types, `{GUID}` in upper case, ISO-8601 UTC with 100 ns digits for FILETIME.
 */
import { i32, i64Text, trimNul, u16, u32, u64Text, utf16 } from './bytes.js';

export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI_STRING = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZE_T = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTEMTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEX_INT32 = 0x14;
export const VT_HEX_INT64 = 0x15;
export const VT_EVT_HANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVT_XML = 0x23;
/** Array flag: the value is a sequence of items of the base type. */
export const VT_ARRAY = 0x80;

/** Milliseconds between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;

/**
 * FILETIME (100 ns ticks since 1601, as two 32-bit halves) to epoch milliseconds without BigInt:
 * 2^32 = 429496 * 10000 + 7296, so the quotient splits into two exact parts.
 */
export function filetimeMs(b: Uint8Array, p: number): number {
  const lo = u32(b, p);
  const hi = u32(b, p + 4);
  return hi * 429_496 + Math.floor((hi * 7296 + lo) / 10_000) - FILETIME_EPOCH_MS;
}

/** The 100 ns ticks below the millisecond (0..9999). */
function filetimeSubMs(b: Uint8Array, p: number): number {
  const lo = u32(b, p);
  const hi = u32(b, p + 4);
  return (hi * 7296 + lo) % 10_000;
}

/** `2017-07-12T17:16:05.499259900Z`: 100 ns digits, padded to nine as Windows writes them. */
export function filetimeText(b: Uint8Array, p: number): string {
  const ms = filetimeMs(b, p);
  const day = Math.floor(ms / DAY_MS);
  const prefix = dayPrefix(day);
  if (prefix === null) return '';
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const ticks = (rest - s * 1000) * 10_000 + filetimeSubMs(b, p);
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(ticks).padStart(7, '0')}00Z`;
}

const DAY_MS = 86_400_000;
let lastDay = NaN;
let lastPrefix: string | null = null;

/** `YYYY-MM-DDT` of a day since the epoch; records come in time order, so one day is reused. */
function dayPrefix(day: number): string | null {
  if (day !== lastDay) {
    const d = new Date(day * DAY_MS);
    lastPrefix = Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 11);
    lastDay = day;
  }
  return lastPrefix;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function systemtimeText(b: Uint8Array, p: number): string {
  // SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (16-bit each).
  const y = u16(b, p);
  const mo = u16(b, p + 2);
  const d = u16(b, p + 6);
  const h = u16(b, p + 8);
  const mi = u16(b, p + 10);
  const s = u16(b, p + 12);
  const ms = u16(b, p + 14);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}000000Z`;
}

function hex(n: number): string {
  return n.toString(16);
}

function hex64(b: Uint8Array, p: number): string {
  const hi = u32(b, p + 4);
  const lo = u32(b, p);
  return hi === 0 ? `0x${hex(lo)}` : `0x${hex(hi)}${hex(lo).padStart(8, '0')}`;
}

function guidText(b: Buffer, p: number): string {
  // Data1..Data3 are little-endian; Data4 is a byte string.
  const h = (q: number, n: number): string => b.toString('hex', q, q + n);
  const d1 = u32(b, p).toString(16).padStart(8, '0');
  const d2 = u16(b, p + 4).toString(16).padStart(4, '0');
  const d3 = u16(b, p + 6).toString(16).padStart(4, '0');
  return `{${d1}-${d2}-${d3}-${h(p + 8, 2)}-${h(p + 10, 6)}}`.toUpperCase();
}

function sidText(b: Uint8Array, p: number, size: number): string {
  // Revision, sub-authority count, 48-bit big-endian identifier authority, 32-bit sub-authorities.
  if (size < 8) return '';
  const count = b[p + 1]!;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + b[p + i]!;
  let s = `S-${b[p]!}-${authority}`;
  for (let i = 0; i < count && 8 + 4 * i + 4 <= size; i++) s += `-${u32(b, p + 8 + 4 * i)}`;
  return s;
}

function realText(v: number, digits: number): string {
  if (Number.isNaN(v)) return '-1.#IND';
  if (v === Infinity) return '1.#INF';
  if (v === -Infinity) return '-1.#INF';
  return String(Number(v.toPrecision(digits)));
}

/** Fixed size of one item of a base type; 0 when variable or unknown. */
export function itemSize(type: number, totalSize: number): number {
  switch (type & 0x7f) {
    case VT_INT8:
    case VT_UINT8:
      return 1;
    case VT_INT16:
    case VT_UINT16:
      return 2;
    case VT_INT32:
    case VT_UINT32:
    case VT_REAL32:
    case VT_BOOL:
    case VT_HEX_INT32:
      return 4;
    case VT_INT64:
    case VT_UINT64:
    case VT_REAL64:
    case VT_FILETIME:
    case VT_HEX_INT64:
      return 8;
    case VT_GUID:
    case VT_SYSTEMTIME:
      return 16;
    case VT_SIZE_T:
      // Pointer-sized; an array of them is 8-byte items unless the total only fits 4.
      return totalSize % 8 === 0 ? 8 : 4;
    default:
      return 0;
  }
}

/** Text of one scalar value of `type` (array flag ignored) stored at `p..p+size`. */
export function scalarText(b: Buffer, p: number, size: number, type: number): string {
  switch (type & 0x7f) {
    case VT_NULL:
      return '';
    case VT_STRING:
      return trimNul(utf16(b, p, p + (size & ~1)));
    case VT_ANSI_STRING:
      return trimNul(b.toString('latin1', p, p + size));
    case VT_INT8:
      return size >= 1 ? String((b[p]! << 24) >> 24) : '';
    case VT_UINT8:
      return size >= 1 ? String(b[p]!) : '';
    case VT_INT16:
      return size >= 2 ? String((u16(b, p) << 16) >> 16) : '';
    case VT_UINT16:
      return size >= 2 ? String(u16(b, p)) : '';
    case VT_INT32:
      return size >= 4 ? String(i32(b, p)) : '';
    case VT_UINT32:
      return size >= 4 ? String(u32(b, p)) : '';
    case VT_INT64:
      return size >= 8 ? i64Text(b, p) : '';
    case VT_UINT64:
      return size >= 8 ? u64Text(b, p) : '';
    case VT_REAL32:
      return size >= 4 ? realText(b.readFloatLE(p), 7) : '';
    case VT_REAL64:
      return size >= 8 ? realText(b.readDoubleLE(p), 15) : '';
    case VT_BOOL:
      // 32-bit in the spec; some writers use other widths, any non-zero byte is true.
      for (let i = 0; i < size; i++) if (b[p + i] !== 0) return 'true';
      return 'false';
    case VT_GUID:
      return size >= 16 ? guidText(b, p) : '';
    case VT_SIZE_T:
      return size >= 8 ? hex64(b, p) : size >= 4 ? `0x${hex(u32(b, p))}` : '';
    case VT_FILETIME:
      return size >= 8 ? filetimeText(b, p) : '';
    case VT_SYSTEMTIME:
      return size >= 16 ? systemtimeText(b, p) : '';
    case VT_SID:
      return sidText(b, p, size);
    case VT_HEX_INT32:
      return size >= 4 ? `0x${hex(u32(b, p))}` : '';
    case VT_HEX_INT64:
      return size >= 8 ? hex64(b, p) : '';
    default:
      // Binary, handles, EvtXml and unknown types: upper-case hex like Event Viewer's Binary field.
      return b.toString('hex', p, p + size).toUpperCase();
  }
}

/** The items of an array value (`type | 0x80`); string arrays are NUL-separated. */
export function arrayItems(b: Buffer, p: number, size: number, type: number): string[] {
  const base = type & 0x7f;
  if (base === VT_STRING) {
    const parts = utf16(b, p, p + (size & ~1)).split('\0');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (base === VT_ANSI_STRING) {
    const parts = b.toString('latin1', p, p + size).split('\0');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  const step = itemSize(base, size);
  if (step === 0) return [scalarText(b, p, size, base)];
  const out: string[] = [];
  for (let q = p; q + step <= p + size; q += step) out.push(scalarText(b, q, step, base));
  return out;
}

/** Text of any non-BinXml value: arrays are joined with `, `. */
export function valueText(b: Buffer, p: number, size: number, type: number): string {
  if ((type & VT_ARRAY) !== 0) return arrayItems(b, p, size, type).join(', ');
  return scalarText(b, p, size, type);
}

/** Integer value of a numeric substitution, or null when the type is not an integer. */
export function valueInt(b: Buffer, p: number, size: number, type: number): number | null {
  switch (type) {
    case VT_UINT8:
    case VT_INT8:
      return size >= 1 ? (type === VT_INT8 ? (b[p]! << 24) >> 24 : b[p]!) : null;
    case VT_UINT16:
    case VT_INT16:
      return size >= 2 ? (type === VT_INT16 ? (u16(b, p) << 16) >> 16 : u16(b, p)) : null;
    case VT_UINT32:
    case VT_HEX_INT32:
      return size >= 4 ? u32(b, p) : null;
    case VT_INT32:
      return size >= 4 ? i32(b, p) : null;
    case VT_UINT64:
    case VT_HEX_INT64:
    case VT_INT64:
    case VT_SIZE_T:
      if (size >= 8) return u32(b, p + 4) * 0x100000000 + u32(b, p);
      return size >= 4 ? u32(b, p) : null;
    default:
      return null;
  }
}

/** Reads a `0x...` / decimal text as an integer; null when it is not one. */
export function parseIntText(s: string | null): number | null {
  if (s === null) return null;
  const t = s.trim();
  if (t === '') return null;
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(n) ? n : null;
}
