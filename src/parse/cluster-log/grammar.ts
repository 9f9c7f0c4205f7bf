/**
 * Line grammar of cluster.log: splits one physical line into prefix fields and message text.
 *
 * Shapes (domain.md §1–§2):
 *   standard   `PPPPPPPP.TTTTTTTT::YYYY/MM/DD-HH:MM:SS.mmm LEVEL [COMP] text` (2008 → 2025)
 *   legacy     the same without the level column (Windows 2000/2003)
 *   nt4        `TID::DD-HH:MM:SS.mmm text` (day of month only, KB 234767)
 *   date-only / time-only / level-only / placeholder   prefixes trimmed or anonymised in published excerpts
 * Optional `[Word]` channel prefixes (`[System]`, `[Verbose]`) come before the PID.
 *
 * The standard 8.8 prefix is read by fixed-width slicing and digit arithmetic (four bytes at a time
 * in one-byte text); the regex path only runs for the other shapes (style-guide §2.5: per-line
 * `new Date(string)` halves throughput).
 * The grammar works on code units and offsets (`parseUnits`): the reader makes strings only of the
 * records it keeps. `parseLine` is the same grammar over a string.
 */
import type { Level } from '../../events/types.js';
import { stringUnits, unitString, type TextUnits, type Units } from '../../input/units.js';

export type PrefixShape = 'standard' | 'legacy' | 'nt4' | 'date-only' | 'time-only' | 'level-only' | 'placeholder';

/** Result of `parseLine`; one instance is reused across lines, copy what you keep. */
export interface ParsedLine {
  shape: PrefixShape;
  channel: string | null;
  pid: number | null;
  tid: number | null;
  /** Time text as written (`2013/03/08-08:13:01.001`, `21:16:18.436`, `17-20:07:58.009`), or null. */
  timeText: string | null;
  /** Full date and time as epoch ms (wall clock read as UTC); null without a full date. */
  wallMs: number | null;
  /** NT4 day of month; null otherwise. */
  dayOfMonth: number | null;
  /** Milliseconds since midnight when a time of day is known. */
  timeOfDayMs: number | null;
  level: Level | null;
  /** Level token as written (`ERR`, `info`). */
  levelText: string | null;
  /** Function name written before the tag (`rcm::RcmMonitor::RestartResources[RCM] ...`). */
  func: string | null;
  component: string | null;
  text: string;
  /** Text starts further right than the level padding puts it: struct-dump lines (`INFO    <Delay>1000</Delay>`). */
  indented: boolean;
}

export function newParsedLine(): ParsedLine {
  return {
    shape: 'standard',
    channel: null,
    pid: null,
    tid: null,
    timeText: null,
    wallMs: null,
    dayOfMonth: null,
    timeOfDayMs: null,
    level: null,
    levelText: null,
    func: null,
    component: null,
    text: '',
    indented: false,
  };
}

/**
 * Result of `parseUnits`: the fields of `ParsedLine` with offsets into the units instead of strings
 * (-1 when absent). One instance is reused across lines.
 */
export interface UnitLine {
  shape: PrefixShape;
  channel: string | null;
  pid: number | null;
  tid: number | null;
  timeStart: number;
  timeEnd: number;
  /** NaN without a full date (a number field that is never null is updated without allocating). */
  wallMs: number;
  dayOfMonth: number | null;
  timeOfDayMs: number | null;
  level: Level | null;
  levelStart: number;
  levelEnd: number;
  funcStart: number;
  funcEnd: number;
  compStart: number;
  compEnd: number;
  /** A hash of the tag's units, made while looking for its `]`. */
  compHash: number;
  /** The text is `[textStart, end of line)`. */
  textStart: number;
  indented: boolean;
}

export function newUnitLine(): UnitLine {
  return {
    shape: 'standard',
    channel: null,
    pid: null,
    tid: null,
    timeStart: -1,
    timeEnd: -1,
    wallMs: NaN,
    dayOfMonth: null,
    timeOfDayMs: null,
    level: null,
    levelStart: -1,
    levelEnd: -1,
    funcStart: -1,
    funcEnd: -1,
    compStart: -1,
    compEnd: -1,
    compHash: 0,
    textStart: 0,
    indented: false,
  };
}

// One-entry cache of the last date seen: consecutive lines almost always share the day.
let cachedDateKey = -1;
let cachedDayMs = 0;

/** Epoch ms of 00:00 UTC on the given calendar day, or NaN when the date does not exist. */
export function dayStartMs(year: number, month: number, day: number): number {
  const key = year * 10000 + month * 100 + day;
  if (key === cachedDateKey) return cachedDayMs;
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC silently rolls 2023/02/30 over into March; reject such dates instead.
  if (new Date(ms).getUTCDate() !== day) return NaN;
  cachedDateKey = key;
  cachedDayMs = ms;
  return ms;
}

/** Milliseconds since midnight, or NaN when a field is out of range. */
function timeOfDay(h: number, mi: number, s: number, ms: number): number {
  if (h > 23 || mi > 59 || s > 60) return NaN;
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** Width the standard layout pads a level to (`INFO  `, `ERR   `): more spaces mean indented text. */
const LEVEL_FIELD = 6;

/**
 * Reads an optional level, optional `func[TAG]` / `[TAG]` and the text, from `pos` up to `len`.
 * Returns false when `requireLevelOrTag` is set and neither was found.
 */
function parseTail(u: Units, pos: number, len: number, out: UnitLine, requireLevelOrTag: boolean): boolean {
  while (pos < len && u[pos] === 32) pos++;
  out.level = null;
  out.levelStart = -1;
  out.levelEnd = -1;
  out.funcStart = -1;
  out.funcEnd = -1;
  out.compStart = -1;
  out.compEnd = -1;
  out.indented = false;

  // Level token: 3–4 letters followed by a space or the end.
  let end = pos;
  while (end < len && end - pos < 5) {
    const c = u[end]! | 0x20;
    if (c < 97 || c > 122) break;
    end++;
  }
  if (end - pos >= 3 && end - pos <= 4 && (end === len || u[end] === 32 || u[end] === 9)) {
    const level = levelOf(u, pos, end);
    if (level !== null) {
      out.level = level;
      out.levelStart = pos;
      out.levelEnd = end;
      let p = end;
      while (p < len && (u[p] === 32 || u[p] === 9)) p++;
      out.indented = p - pos > LEVEL_FIELD;
      pos = p;
    }
  }

  // `[TAG]` right here, or `name::space::Func[TAG]`.
  if (pos < len) {
    const c = u[pos]!;
    if (c === 91 /* [ */) {
      const close = tagEnd(u, pos + 1, len);
      if (close > 0) {
        out.compStart = pos + 1;
        out.compEnd = close;
        out.compHash = lastTagHash;
        pos = close + 1;
      }
    } else if (isIdentStart(c)) {
      let p = pos;
      let colons = false;
      while (p < len && p - pos < 200) {
        const ch = u[p]!;
        if (ch === 91) break;
        if (ch === 58) colons = true;
        else if (!isIdentPart(ch)) break;
        p++;
      }
      if (colons && p < len && u[p] === 91) {
        const close = tagEnd(u, p + 1, len);
        if (close > 0) {
          out.funcStart = pos;
          out.funcEnd = p;
          out.compStart = p + 1;
          out.compEnd = close;
          out.compHash = lastTagHash;
          pos = close + 1;
        }
      }
    }
  }
  if (requireLevelOrTag && out.level === null && out.compStart < 0) return false;
  if (out.compStart >= 0) while (pos < len && u[pos] === 32) pos++;
  out.textStart = pos;
  return true;
}

/** The hash of the last tag `tagEnd` found. */
let lastTagHash = 0;

/**
 * Index of the `]` closing a tag that starts at `from`, or -1 (tags are short and never nest).
 * Sets `lastTagHash`, so that whoever interns the tag need not read it again.
 */
function tagEnd(u: Units, from: number, len: number): number {
  const max = Math.min(len, from + 80);
  let h = 0;
  for (let i = from; i < max; i++) {
    const c = u[i]!;
    if (c === 93) {
      lastTagHash = h;
      return i > from ? i : -1;
    }
    if (c === 91) return -1;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return -1;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 126 || c === 60 || c === 62;
}

function levelOf(u: Units, start: number, end: number): Level | null {
  const a = u[start]! | 0x20;
  const b = u[start + 1]! | 0x20;
  const c = u[start + 2]! | 0x20;
  if (end - start === 4) {
    const d = u[start + 3]! | 0x20;
    if (a === 105 && b === 110 && c === 102 && d === 111) return 'INFO';
    if (a === 119 && b === 97 && c === 114 && d === 110) return 'WARN';
    if (a === 99 && b === 114 && c === 105 && d === 116) return 'CRIT';
    return null;
  }
  if (a === 101 && b === 114 && c === 114) return 'ERR';
  if (a === 100 && b === 98 && c === 103) return 'DBG';
  return null;
}

function isUpperLevel(line: string, pos: number): boolean {
  const c = line.charCodeAt(pos);
  return c >= 65 && c <= 90 && line.charCodeAt(pos + 1) <= 90 && line.charCodeAt(pos + 2) <= 90;
}

const scratch = newUnitLine();

/**
 * Parses a line that starts a record. Returns false when the grammar cannot place it
 * (the caller treats it as a continuation). Never throws.
 */
export function parseLine(line: string, out: ParsedLine): boolean {
  const t = stringUnits(line);
  const p = scratch;
  if (!parseUnits(t, 0, line.length, p, line)) return false;
  out.shape = p.shape;
  out.channel = p.channel;
  out.pid = p.pid;
  out.tid = p.tid;
  out.timeText = p.timeStart < 0 ? null : line.slice(p.timeStart, p.timeEnd);
  out.wallMs = Number.isNaN(p.wallMs) ? null : p.wallMs;
  out.dayOfMonth = p.dayOfMonth;
  out.timeOfDayMs = p.timeOfDayMs;
  out.level = p.level;
  out.levelText = p.levelStart < 0 ? null : line.slice(p.levelStart, p.levelEnd);
  out.func = p.funcStart < 0 ? null : line.slice(p.funcStart, p.funcEnd);
  out.component = p.compStart < 0 ? null : line.slice(p.compStart, p.compEnd);
  out.text = p.textStart === 0 ? line : p.textStart >= line.length ? '' : line.slice(p.textStart);
  out.indented = p.indented;
  return true;
}

/**
 * `parseLine` over the line `[start, end)` of `t`. `line` is that line as a string when the caller
 * has it; otherwise it is made only for the prefixes the fixed layout does not cover.
 */
export function parseUnits(t: TextUnits, start: number, end: number, out: UnitLine, line: string | null = null): boolean {
  const u = t.units;
  if (!t.wide && end - start >= 50 && parseFixedBytes(viewOf(u), u, start, end, out)) {
    out.channel = null;
    return true;
  }
  if (parseFixed(u, start, end, out)) {
    out.channel = null;
    return true;
  }
  // `[System] ` / `[Verbose] ` before a standard prefix: 2016+ sections can be large, keep them on the fast path.
  if (end > start && u[start] === 91) {
    const close = indexOfBracketSpace(u, start + 1, end);
    if (close > start + 1 && close < start + 48 && parseFixed(u, close + 2, end, out)) {
      out.channel = channelName(t, start + 1, close);
      return true;
    }
  }
  return parseSlow(line ?? unitString(t, start, end), t, start, end, out);
}

/** Index of the first `] ` at or after `from` (the same as `line.indexOf('] ', from)`), or -1. */
function indexOfBracketSpace(u: Units, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (u[i] === 93 && u[i + 1] === 32) return i;
  return -1;
}

/** Channel names repeat on every line of a section: one string each. */
const channels = new Map<string, string>();

function channelName(t: TextUnits, start: number, end: number): string {
  const name = unitString(t, start, end);
  const known = channels.get(name);
  if (known !== undefined) return known;
  if (channels.size < 256) channels.set(name, name);
  return name;
}

/** Value of each code unit as a hex digit, -1 for any other unit (UTF-16 units included). */
const HEX = digitTable(16);
/** The same for decimal digits. */
const DEC = digitTable(10);

function digitTable(radix: number): Int8Array {
  const t = new Int8Array(65536).fill(-1);
  for (let d = 0; d < 10; d++) t[48 + d] = d;
  if (radix === 16) {
    for (let d = 0; d < 6; d++) {
      t[65 + d] = 10 + d;
      t[97 + d] = 10 + d;
    }
  }
  return t;
}

/** Eight hex digits at `at`, or -1. Table look-ups and one test at the end keep the loop free of branches. */
function hex8(u: Units, at: number): number {
  let v = 0;
  let bad = 0;
  for (let i = at; i < at + 8; i++) {
    const h = HEX[u[i]!]!;
    bad |= h;
    v = v * 16 + h;
  }
  return bad < 0 ? -1 : v;
}

/** `n` decimal digits at `at`, or -1. */
function decN(u: Units, at: number, n: number): number {
  let v = 0;
  let bad = 0;
  for (let i = at; i < at + n; i++) {
    const d = DEC[u[i]!]!;
    bad |= d;
    v = v * 10 + d;
  }
  return bad < 0 ? -1 : v;
}

// ---- the standard prefix of one-byte text, read four bytes at a time ----------------------------
//
// Nearly every line of a large log is `PPPPPPPP.TTTTTTTT::YYYY/MM/DD-HH:MM:SS.mmm LEVEL [COMP] `.
// Reading that as eleven little-endian words and testing digits several at a time takes a fraction
// of the unit-by-unit reads. It only accepts: anything it does not recognise goes to `parseFixed`.

let viewUnits: Units | null = null;
let view: DataView = new DataView(new ArrayBuffer(0));

/** A DataView over the bytes of `u`, made once per chunk. */
function viewOf(u: Units): DataView {
  if (u !== viewUnits) {
    viewUnits = u;
    view = new DataView(u.buffer, u.byteOffset, u.byteLength);
  }
  return view;
}

/** Zero when every byte of `w` that `m` selects is an ASCII digit. */
function notDigits(w: number, m: number): number {
  const x = w & m;
  const threes = 0x30303030 & m;
  const high = m & 0xf0f0f0f0;
  // Adding 6 to a byte 0x30–0x39 keeps its high nibble; 0x3A–0x3F becomes 0x40–0x45 (no carry out of the byte).
  return ((x & high) ^ threes) | (((x + (0x06060606 & m)) & high) ^ threes);
}

/** Digit `k` (0 = lowest address) of a little-endian word. */
function digit(w: number, k: number): number {
  return (w >>> (8 * k)) & 15;
}

/** The four hex digits of a little-endian word as a number, negative when one is not a hex digit. */
function hexWord(w: number): number {
  const a = HEX[w & 255]!;
  const b = HEX[(w >>> 8) & 255]!;
  const c = HEX[(w >>> 16) & 255]!;
  const d = HEX[w >>> 24]!;
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

// Date, hour and minute of the last line as read (its words from `YYYY` to `:MM:`), and what they
// said: consecutive lines nearly always share them.
let lastY0 = -1;
let lastW5 = 0;
let lastW6 = 0;
let lastW7 = 0;
let lastW8 = 0;
/** `dayStartMs` of that date (NaN when it does not exist). */
let lastDayMs = NaN;
/** Milliseconds from midnight to that hour and minute (NaN when out of range). */
let lastMinuteMs = NaN;

/** Reads `Y` `YYY/` `MM/D` `D-HH` `:MM:` into the cache above; false when a digit is not one. */
function readMinute(y0: number, w5: number, w6: number, w7: number, w8: number): boolean {
  if ((notDigits(y0, 0xff) | notDigits(w5, 0xffffff) | notDigits(w6, 0xff00ffff) | notDigits(w7, 0xffff00ff) | notDigits(w8, 0xffff00)) !== 0) {
    return false;
  }
  const y = digit(y0, 0) * 1000 + digit(w5, 0) * 100 + digit(w5, 1) * 10 + digit(w5, 2);
  const mo = digit(w6, 0) * 10 + digit(w6, 1);
  const d = digit(w6, 3) * 10 + digit(w7, 0);
  const h = digit(w7, 2) * 10 + digit(w7, 3);
  const mi = digit(w8, 1) * 10 + digit(w8, 2);
  lastY0 = y0;
  lastW5 = w5;
  lastW6 = w6;
  lastW7 = w7;
  lastW8 = w8;
  lastDayMs = dayStartMs(y, mo, d);
  lastMinuteMs = h > 23 || mi > 59 ? NaN : (h * 60 + mi) * 60_000;
  return true;
}

// The PID of the last line: one process writes most lines.
let lastPidLow = 0;
let lastPidHigh = 0;
let lastPid = -1;

/** `parseFixed` for one-byte text with at least 50 units from `b`; false when it cannot tell (the caller then asks `parseFixed`). */
function parseFixedBytes(dv: DataView, u: Units, b: number, len: number, out: UnitLine): boolean {
  const w0 = dv.getInt32(b, true); // PPPP
  const w1 = dv.getInt32(b + 4, true); // PPPP
  const w2 = dv.getInt32(b + 8, true); // .TTT
  const w3 = dv.getInt32(b + 12, true); // TTTT
  const w4 = dv.getInt32(b + 16, true); // T::Y
  const w5 = dv.getInt32(b + 20, true); // YYY/
  const w6 = dv.getInt32(b + 24, true); // MM/D
  const w7 = dv.getInt32(b + 28, true); // D-HH
  const w8 = dv.getInt32(b + 32, true); // :MM:
  const w9 = dv.getInt32(b + 36, true); // SS.m
  const w10 = dv.getUint16(b + 40, true); // mm
  if (
    (w2 & 0xff) !== 0x2e ||
    (w4 & 0xffff00) !== 0x3a3a00 ||
    w5 >>> 24 !== 0x2f ||
    (w6 & 0xff0000) !== 0x2f0000 ||
    (w7 & 0xff00) !== 0x2d00 ||
    (w8 & 0xff0000ff) !== 0x3a00003a ||
    (w9 & 0xff0000) !== 0x2e0000 ||
    u[b + 42] !== 32
  ) {
    return false;
  }
  const y0 = w4 >>> 24;
  if (y0 !== lastY0 || w5 !== lastW5 || w6 !== lastW6 || w7 !== lastW7 || w8 !== lastW8) {
    if (!readMinute(y0, w5, w6, w7, w8)) return false;
  }
  if ((notDigits(w9, 0xff00ffff) | notDigits(w10, 0xffff)) !== 0) return false;
  let pid: number;
  if (w0 === lastPidLow && w1 === lastPidHigh && lastPid >= 0) {
    pid = lastPid;
  } else {
    const high = hexWord(w0);
    const low = hexWord(w1);
    if ((high | low) < 0) return false;
    pid = high * 65536 + low;
    lastPidLow = w0;
    lastPidHigh = w1;
    lastPid = pid;
  }
  // TID digits: three in w2 (its `.` read as a leading 0), four in w3, one in w4.
  const t0 = hexWord((w2 & ~0xff) | 0x30);
  const t1 = hexWord(w3);
  const t2 = HEX[w4 & 255]!;
  if ((t0 | t1 | t2) < 0) return false;
  out.pid = pid;
  out.tid = t0 * 1048576 + t1 * 16 + t2;
  out.timeStart = b + 19;
  out.timeEnd = b + 42;
  out.dayOfMonth = null;
  const sec = digit(w9, 0) * 10 + digit(w9, 1);
  const ms = digit(w9, 3) * 100 + digit(w10, 0) * 10 + digit(w10, 1);
  // As `timeOfDay`: NaN when the hour, minute (in lastMinuteMs) or second is out of range.
  const tod = sec > 60 ? NaN : lastMinuteMs + sec * 1000 + ms;
  out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
  out.wallMs = lastDayMs + tod;
  if (!standardTail(dv, u, b + 43, len, out)) parseTail(u, b + 42, len, out, false);
  out.shape = out.level === null ? 'legacy' : 'standard';
  return true;
}

// Level words as read little-endian: `INFO`, `WARN`, `CRIT`, `ERR `, `DBG `.
const W_INFO = 0x4f464e49;
const W_WARN = 0x4e524157;
const W_CRIT = 0x54495243;
const W_ERR = 0x20525245;
const W_DBG = 0x20474244;

/**
 * `parseTail` for the layout the logs are written in: an upper-case level padded to six columns,
 * then `[TAG]`, at `pos` (one past the space after the time). False when the line is laid out otherwise.
 */
function standardTail(dv: DataView, u: Units, pos: number, len: number, out: UnitLine): boolean {
  if (len < pos + 8 || dv.getUint16(pos + 4, true) !== 0x2020 || u[pos + 6] !== 91) return false;
  const w = dv.getInt32(pos, true);
  let level: Level;
  let levelEnd = pos + 4;
  if (w === W_INFO) level = 'INFO';
  else if (w === W_ERR) {
    level = 'ERR';
    levelEnd = pos + 3;
  } else if (w === W_DBG) {
    level = 'DBG';
    levelEnd = pos + 3;
  } else if (w === W_WARN) level = 'WARN';
  else if (w === W_CRIT) level = 'CRIT';
  else return false;
  const close = tagEnd(u, pos + 7, len);
  if (close < 0) return false;
  out.level = level;
  out.levelStart = pos;
  out.levelEnd = levelEnd;
  out.indented = false;
  out.funcStart = -1;
  out.funcEnd = -1;
  out.compStart = pos + 7;
  out.compEnd = close;
  out.compHash = lastTagHash;
  let p = close + 1;
  while (p < len && u[p] === 32) p++;
  out.textStart = p;
  return true;
}

/** `PPPPPPPP.TTTTTTTT::YYYY/MM/DD-HH:MM:SS.mmm ` at fixed offsets from `b`. */
function parseFixed(u: Units, b: number, len: number, out: UnitLine): boolean {
  if (
    len < b + 42 ||
    u[b + 8] !== 46 ||
    u[b + 17] !== 58 ||
    u[b + 18] !== 58 ||
    u[b + 23] !== 47 ||
    u[b + 26] !== 47 ||
    u[b + 29] !== 45 ||
    u[b + 32] !== 58 ||
    u[b + 35] !== 58 ||
    u[b + 38] !== 46 ||
    (len !== b + 42 && u[b + 42] !== 32)
  ) {
    return false;
  }
  const pid = hex8(u, b);
  const tid = hex8(u, b + 9);
  const y = decN(u, b + 19, 4);
  const mo = decN(u, b + 24, 2);
  const d = decN(u, b + 27, 2);
  const h = decN(u, b + 30, 2);
  const mi = decN(u, b + 33, 2);
  const s = decN(u, b + 36, 2);
  const ms = decN(u, b + 39, 3);
  if (pid < 0 || tid < 0 || (y | mo | d | h | mi | s | ms) < 0) return false;
  out.pid = pid;
  out.tid = tid;
  out.timeStart = b + 19;
  out.timeEnd = b + 42;
  out.dayOfMonth = null;
  const tod = timeOfDay(h, mi, s, ms);
  const day = dayStartMs(y, mo, d);
  out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
  out.wallMs = day + tod;
  parseTail(u, b + 42, len, out, false);
  out.shape = out.level === null ? 'legacy' : 'standard';
  return true;
}

// Fallback path: sticky regexes applied one field at a time, on the line as a string. Each one is
// linear in the line: a run of blanks between two fields is matched one way only.
const RE_CHANNEL = /\s*\[([A-Za-z][\w\-/ .]{0,80}?)\]\s*/y;
const RE_PIDTID = /\s*([0-9A-Fa-f]{3,8}|[?xX#*]{3,8}|<[A-Za-z][^<>\s]{0,20}>)\.([0-9A-Fa-f]{3,8}|[?xX#*]{3,8}|<[A-Za-z][^<>\s]{0,20}>)::\s*/y;
const RE_TIDONLY = /\s*([0-9A-Fa-f]{3,8})::\s*/y;
// Between date and time: `-`, `T` or blanks (with at least one space), written so that a long run of
// blanks is not split between two `\s*` in every possible way.
const RE_FULLDATE = /(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s*[-T]\s*|(?=\s* )\s+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?![\d:])/y;
const RE_NT4 = /(\d{1,2})-(\d{1,2}):(\d{2}):(\d{2})\.(\d{3})(?!\d)/y;
const RE_TIME = /(\d{1,2}):(\d{2}):(\d{2})\.(\d{1,7})(?![\d:])/y;
/** Anonymised times: `<Date and Time>`, `YYYY/MM/DD-HH:MM:SS.mmm`, `????`, `YYYY/MM/DD-07:54:34.099`. */
const RE_PLACEHOLDER = /(<[A-Za-z][^<>]{0,40}>|(?=[\dYMDHSmsfx?/:.-]*[YMDHSmsfx?])[\dYMDHSmsfx?/:.-]{4,30})(?=\s|$)/y;
const RE_TRAILING_TOD = /(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

function fraction(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return digits.length >= 3 ? Number(digits.slice(0, 3)) : Number(digits.padEnd(3, '0'));
}

function hexOrNull(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9A-Fa-f]+$/.test(text)) return null;
  return parseInt(text, 16);
}

/** The regex path. `line` is units `[base, end)` of `t` as a string: its offsets are unit offsets from `base`. */
function parseSlow(line: string, t: TextUnits, base: number, end: number, out: UnitLine): boolean {
  const u = t.units;
  let pos = 0;
  out.channel = null;
  out.pid = null;
  out.tid = null;
  out.timeStart = -1;
  out.timeEnd = -1;
  out.wallMs = NaN;
  out.dayOfMonth = null;
  out.timeOfDayMs = null;

  let m: RegExpExecArray | null;
  RE_CHANNEL.lastIndex = 0;
  if ((m = RE_CHANNEL.exec(line)) !== null) {
    out.channel = m[1] ?? null;
    pos = RE_CHANNEL.lastIndex;
  }

  let hasPid = false;
  RE_PIDTID.lastIndex = pos;
  if ((m = RE_PIDTID.exec(line)) !== null) {
    out.pid = hexOrNull(m[1]);
    out.tid = hexOrNull(m[2]);
    hasPid = true;
    pos = RE_PIDTID.lastIndex;
  } else {
    RE_TIDONLY.lastIndex = pos;
    if ((m = RE_TIDONLY.exec(line)) !== null) {
      out.tid = hexOrNull(m[1]);
      hasPid = true;
      pos = RE_TIDONLY.lastIndex;
    }
  }

  let shape: PrefixShape | null = null;
  RE_FULLDATE.lastIndex = pos;
  if ((m = RE_FULLDATE.exec(line)) !== null) {
    const tod = timeOfDay(Number(m[4]), Number(m[5]), Number(m[6]), fraction(m[7]));
    const day = dayStartMs(Number(m[1]), Number(m[2]), Number(m[3]));
    out.timeStart = base + pos;
    out.timeEnd = base + RE_FULLDATE.lastIndex;
    out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
    out.wallMs = day + tod;
    pos = RE_FULLDATE.lastIndex;
    shape = hasPid ? 'standard' : 'date-only';
  } else {
    RE_NT4.lastIndex = pos;
    if (hasPid && (m = RE_NT4.exec(line)) !== null) {
      const tod = timeOfDay(Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
      const dom = Number(m[1]);
      out.timeStart = base + pos;
      out.timeEnd = base + RE_NT4.lastIndex;
      out.dayOfMonth = dom >= 1 && dom <= 31 ? dom : null;
      out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
      pos = RE_NT4.lastIndex;
      shape = 'nt4';
    } else {
      RE_TIME.lastIndex = pos;
      if ((m = RE_TIME.exec(line)) !== null) {
        const tod = timeOfDay(Number(m[1]), Number(m[2]), Number(m[3]), fraction(m[4]));
        out.timeStart = base + pos;
        out.timeEnd = base + RE_TIME.lastIndex;
        out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
        pos = RE_TIME.lastIndex;
        shape = 'time-only';
      } else {
        RE_PLACEHOLDER.lastIndex = pos;
        if ((m = RE_PLACEHOLDER.exec(line)) !== null) {
          const token = m[1] ?? '';
          const tail = RE_TRAILING_TOD.exec(token);
          if (tail !== null) {
            out.timeStart = base + RE_PLACEHOLDER.lastIndex - token.length;
            out.timeEnd = base + RE_PLACEHOLDER.lastIndex;
            const tod = timeOfDay(Number(tail[1]), Number(tail[2]), Number(tail[3]), Number(tail[4]));
            out.timeOfDayMs = Number.isNaN(tod) ? null : tod;
          }
          pos = RE_PLACEHOLDER.lastIndex;
          shape = 'placeholder';
        }
      }
    }
  }

  if (shape === null) {
    if (hasPid) {
      // `PID.TID::` followed directly by a level or tag.
      if (!parseTail(u, base + pos, end, out, true)) return false;
      out.shape = 'placeholder';
      return true;
    }
    // Only `LEVEL [COMP] text` (or `LEVEL text`) is left: accept upper-case levels at the
    // start of the line (after an optional channel), so that prose continuation lines stay prose.
    if (line.charCodeAt(pos) === 32 || line.charCodeAt(pos) === 9 || !isUpperLevel(line, pos)) return false;
    if (!parseTail(u, base + pos, end, out, true) || out.level === null) return false;
    if (out.compStart < 0 && out.textStart >= end) return false;
    out.shape = 'level-only';
    return true;
  }

  // Without a PID the time alone is weak evidence of a record start: demand a level or tag.
  const needLevelOrTag = !hasPid;
  if (!parseTail(u, base + pos, end, out, needLevelOrTag)) return false;
  if (shape === 'standard' && out.level === null) shape = 'legacy';
  out.shape = shape;
  return true;
}
