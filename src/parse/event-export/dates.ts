/**
 * Dates as event exports write them: in the exporting machine's locale, usually local time without offset
 * (`6/17/2009 4:07:58 PM`, `17.06.2009 16:07:58`, `17/06/2009 16:07:58`, `2019/5/26 10:21:11`,
 * `2009/06/17 午後 4:07:58`, `2019-05-26T10:21:11.251`, `2009-06-17T16:07:58.1234567+02:00`).
 * Parsed by hand: `new Date(string)` is slow and locale-blind.
 */

/** Day/month order of dates whose year comes last. */
export type DayMonthOrder = 'DMY' | 'MDY';

export interface DateParts {
  /** Year first (`2009-06-17`, `2019/5/26`): never ambiguous. */
  readonly yearFirst: boolean;
  /** For year-last dates: the first two numbers as written (day/month in an order to be decided). */
  readonly a: number;
  readonly b: number;
  /** For year-first dates: month and day. */
  readonly year: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
  /** Separator between date numbers: `/`, `.`, `-`. */
  readonly sep: string;
  /** A 12-hour clock marker was present (AM/PM, 午前/午後, 上午/下午, 오전/오후). */
  readonly twelveHour: boolean;
  /** Offset written in the text, as minutes to add to get UTC (`Z` → 0); null when none. */
  readonly offsetMinutes: number | null;
}

const DATE = /^(\d{1,4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?/;
const MERIDIEM = /^(am|pm|a\.\s?m\.|p\.\s?m\.|午前|午後|上午|下午|오전|오후)/i;
const ZONE = /^(?:(z)|(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?)(?![\d:])/i;

function isPm(token: string): boolean {
  const t = token.toLowerCase();
  return t.startsWith('p') || t === '午後' || t === '下午' || t === '오후';
}

/**
 * Parses a date and time (given together, or as two fields). Null when the text is not a date with
 * a plausible time; trailing text makes it fail, so a field holding more than a date is not misread.
 */
export function parseDateTime(date: string, time?: string | null): DateParts | null {
  const text = (time ? `${date} ${time}` : date).trim();
  // Readers test a line for a date before the sink reads the same date (one record later with CSV
  // readers, which hold a record back): remember the last two.
  if (text === lastText) return lastParts;
  if (text === prevText) return prevParts;
  // Exports write millions of dates in one or two plain shapes: those are scanned by hand.
  const fast = parsePlain(text);
  const parts = fast !== undefined ? fast : parseGeneral(text);
  prevText = lastText;
  prevParts = lastParts;
  lastText = text;
  lastParts = parts;
  return parts;
}

let lastText: string | null = null;
let lastParts: DateParts | null = null;
let prevText: string | null = null;
let prevParts: DateParts | null = null;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

const enum Ch {
  Space = 0x20,
  Plus = 0x2b,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/** Digits from `from` (at most `max + 1` looked at): their count, or 0 when none. */
function digitsAt(text: string, from: number, max: number): number {
  let i = from;
  while (i < text.length && i - from <= max && isDigit(text.charCodeAt(i))) i++;
  return i - from;
}

function numberAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (text.charCodeAt(i) - Ch.Zero);
  return n;
}

/**
 * The common ASCII shapes (`6/17/2009 4:07:58 PM`, `17.06.2009 16:07:58`, `2019-05-26T10:21:11.2510000Z`,
 * `...+02:00`), read exactly as `parseGeneral` reads them. Undefined for anything else (other blanks,
 * a meridiem before the time, `UTC+1`, odd digit counts...), which `parseGeneral` then decides.
 */
function parsePlain(text: string): DateParts | null | undefined {
  const n = text.length;
  const l1 = digitsAt(text, 0, 4);
  if (l1 === 0 || l1 > 4) return undefined;
  const sep = text.charCodeAt(l1);
  if (sep !== Ch.Slash && sep !== Ch.Dot && sep !== Ch.Minus) return undefined;
  const at2 = l1 + 1;
  const l2 = digitsAt(text, at2, 2);
  if (l2 === 0 || l2 > 2 || text.charCodeAt(at2 + l2) !== sep) return undefined;
  const at3 = at2 + l2 + 1;
  const l3 = digitsAt(text, at3, 4);
  if (l3 === 0 || l3 > 4) return undefined;
  let i = at3 + l3;
  if (text.charCodeAt(i) === Ch.Dot) i++;
  // `[\sT,]+` between date and time: only spaces, `T` and commas here.
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Space || c === 0x54 || c === Ch.Comma) i++;
    else break;
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let twelveHour = false;
  let pm = false;
  let offsetMinutes: number | null = null;
  if (i < n) {
    const lh = digitsAt(text, i, 2);
    if (lh === 0 || lh > 2 || text.charCodeAt(i + lh) !== Ch.Colon) return undefined;
    hour = numberAt(text, i, lh);
    i += lh + 1;
    if (digitsAt(text, i, 2) !== 2) return undefined;
    minute = numberAt(text, i, 2);
    i += 2;
    if (text.charCodeAt(i) === Ch.Colon) {
      if (digitsAt(text, i + 1, 2) !== 2) return undefined;
      second = numberAt(text, i + 1, 2);
      i += 3;
    }
    const fc = text.charCodeAt(i);
    if (fc === Ch.Dot || fc === Ch.Comma) {
      const lf = digitsAt(text, i + 1, 9);
      if (lf === 0 || lf > 9) return undefined;
      // Both operands exact, the quotient correctly rounded: the same double as `Number('0.' + digits)`.
      ms = Math.floor((numberAt(text, i + 1, lf) / POW10[lf]!) * 1000 + 1e-6);
      i += 1 + lf;
    }
    while (i < n && text.charCodeAt(i) === Ch.Space) i++;
    if (i < n) {
      const c = text.charCodeAt(i) | 0x20;
      if ((c === 0x61 || c === 0x70) && (text.charCodeAt(i + 1) | 0x20) === 0x6d) {
        twelveHour = true;
        pm = c === 0x70;
        i += 2;
        while (i < n && text.charCodeAt(i) === Ch.Space) i++;
      }
    }
    if (i < n) {
      const c = text.charCodeAt(i);
      if ((c | 0x20) === 0x7a && i + 1 === n) {
        offsetMinutes = 0;
        i++;
      } else if ((c === Ch.Plus || c === Ch.Minus) && i + 6 === n && text.charCodeAt(i + 3) === Ch.Colon && digitsAt(text, i + 1, 2) === 2 && digitsAt(text, i + 4, 2) === 2) {
        offsetMinutes = -(c === Ch.Minus ? -1 : 1) * (numberAt(text, i + 1, 2) * 60 + numberAt(text, i + 4, 2));
        i = n;
      } else {
        return undefined;
      }
    }
  }
  const meridiem = twelveHour ? (pm ? 'pm' : 'am') : null;
  return assembleParts(numberAt(text, 0, l1), l1, numberAt(text, at2, l2), numberAt(text, at3, l3), l3, hour, minute, second, ms, meridiem, sep === Ch.Slash ? '/' : sep === Ch.Dot ? '.' : '-', offsetMinutes);
}

/**
 * The parts of a date read as numbers `n1 sep n2 sep n3` (`l1`, `l3`: digit counts of the first and last)
 * and a time, shared by both readers: 12-hour times, range checks, the year and the day/month order.
 */
function assembleParts(
  n1: number,
  l1: number,
  n2: number,
  n3: number,
  l3: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  meridiem: 'am' | 'pm' | null,
  sep: string,
  offsetMinutes: number | null,
): DateParts | null {
  if (meridiem !== null) {
    if (hour < 1 || hour > 12) return null;
    if (meridiem === 'pm') hour = hour === 12 ? 12 : hour + 12;
    else if (hour === 12) hour = 0;
  }
  if (hour > 23 || minute > 59 || second > 60) return null;
  const yearFirst = l1 >= 3;
  if (!yearFirst && l3 === 3) return null;
  const year = yearFirst ? n1 : l3 <= 2 ? (n3 < 70 ? 2000 + n3 : 1900 + n3) : n3;
  return {
    yearFirst,
    a: yearFirst ? n2 : n1,
    b: yearFirst ? n3 : n2,
    year,
    hour,
    minute,
    second,
    ms,
    sep,
    twelveHour: meridiem !== null,
    offsetMinutes,
  };
}

/** Every shape `parseDateTime` accepts (`text` trimmed). Exported for the tests that compare it with the fast path. */
export function parseGeneral(text: string): DateParts | null {
  const d = DATE.exec(text);
  if (!d) return null;
  let rest = text.slice(d[0].length).replace(/^[\sT,]+/, '');
  let meridiem: string | null = null;
  const before = MERIDIEM.exec(rest);
  if (before) {
    meridiem = before[1] ?? null;
    rest = rest.slice(before[0].length).trimStart();
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  const t = TIME.exec(rest);
  if (t) {
    hour = Number(t[1]);
    minute = Number(t[2]);
    second = t[3] !== undefined ? Number(t[3]) : 0;
    ms = t[4] !== undefined ? Math.floor(Number(`0.${t[4]}`) * 1000 + 1e-6) : 0;
    rest = rest.slice(t[0].length).trimStart();
  } else if (rest !== '' || meridiem) {
    return null;
  }
  if (!meridiem) {
    const after = MERIDIEM.exec(rest);
    if (after) {
      meridiem = after[1] ?? null;
      rest = rest.slice(after[0].length).trimStart();
    }
  }
  let offsetMinutes: number | null = null;
  const z = ZONE.exec(rest);
  if (z && rest !== '') {
    if (z[1]) offsetMinutes = 0;
    else offsetMinutes = -(z[2] === '-' ? -1 : 1) * (Number(z[3]) * 60 + Number(z[4] ?? 0));
    rest = rest.slice(z[0].length).trim();
  }
  if (rest !== '') return null;
  return assembleParts(
    Number(d[1]),
    (d[1] ?? '').length,
    Number(d[3]),
    Number(d[4]),
    (d[4] ?? '').length,
    hour,
    minute,
    second,
    ms,
    meridiem ? (isPm(meridiem) ? 'pm' : 'am') : null,
    d[2] ?? '/',
    offsetMinutes,
  );
}

/** The order this date proves by itself (a number above 12 can only be the day), or null when ambiguous. */
export function evidenceOf(p: DateParts): DayMonthOrder | null {
  if (p.yearFirst) return null;
  if (p.a > 12 && p.b <= 12) return 'DMY';
  if (p.b > 12 && p.a <= 12) return 'MDY';
  return null;
}

/** True when reading this date needs the file's day/month order. */
export function needsOrder(p: DateParts): boolean {
  return !p.yearFirst && evidenceOf(p) === null;
}

/** What the locale conventions say when the file never proves the order. */
export function conventionalOrder(p: DateParts): DayMonthOrder {
  // US English is the one common locale with month first, and it writes AM/PM.
  return p.twelveHour && p.sep === '/' ? 'MDY' : 'DMY';
}

/** Wall clock as epoch ms (read as UTC), or null for an impossible date (31 February...). */
export function wallMsOf(p: DateParts, order: DayMonthOrder | null): number | null {
  let month: number;
  let day: number;
  if (p.yearFirst) {
    month = p.a;
    day = p.b;
  } else {
    const o = evidenceOf(p) ?? order ?? conventionalOrder(p);
    month = o === 'MDY' ? p.a : p.b;
    day = o === 'MDY' ? p.b : p.a;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || p.year < 1601 || p.year > 9999) return null;
  const ms = Date.UTC(p.year, month - 1, day, p.hour, p.minute, p.second, p.ms);
  // Days up to the 28th exist in every month: unless the time runs past midnight (a leap second), no need to check.
  if (day <= 28 && p.hour * 3_600_000 + p.minute * 60_000 + p.second * 1000 + p.ms < 86_400_000) return ms;
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
}

/** `M/D/Y, 12-hour` — the date format of a file, for the input summary. */
export function describeFormat(p: DateParts, order: DayMonthOrder | null): string {
  const s = p.sep;
  const clock = p.twelveHour ? '12-hour' : '24-hour';
  if (p.yearFirst) return `Y${s}M${s}D ${clock}`;
  const o = evidenceOf(p) ?? order ?? conventionalOrder(p);
  return `${o === 'MDY' ? `M${s}D${s}Y` : `D${s}M${s}Y`} ${clock}`;
}

/** `/Date(1245269278000)/` and `/Date(1245269278000+0200)/` (the number is UTC ms; the suffix only informs). */
export function parseMsJsonDate(text: string): number | null {
  const m = /^\\?\/Date\((-?\d+)(?:[+-]\d{4})?\)\\?\/$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** `2009-06-17T20:07:58.009000000Z` (XML SystemTime): UTC epoch ms, or null. */
export function parseIsoUtc(text: string): number | null {
  const p = parseDateTime(text);
  if (!p || !p.yearFirst) return null;
  const wall = wallMsOf(p, null);
  if (wall === null) return null;
  return wall + (p.offsetMinutes ?? 0) * 60_000;
}
