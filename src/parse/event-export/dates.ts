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
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    if (isPm(meridiem)) hour = hour === 12 ? 12 : hour + 12;
    else if (hour === 12) hour = 0;
  }
  if (hour > 23 || minute > 59 || second > 60) return null;
  const n1 = Number(d[1]);
  const n2 = Number(d[3]);
  const n3 = Number(d[4]);
  const yearFirst = (d[1] ?? '').length >= 3;
  if (!yearFirst && (d[4] ?? '').length === 3) return null;
  const year = yearFirst ? n1 : (d[4] ?? '').length <= 2 ? (n3 < 70 ? 2000 + n3 : 1900 + n3) : n3;
  return {
    yearFirst,
    a: yearFirst ? n2 : n1,
    b: yearFirst ? n3 : n2,
    year,
    hour,
    minute,
    second,
    ms,
    sep: d[2] ?? '/',
    twelveHour: meridiem !== null,
    offsetMinutes,
  };
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
