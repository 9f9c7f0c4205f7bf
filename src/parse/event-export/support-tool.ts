/**
 * One-line-per-event exports of support tools (domain.md §8.7), origin unknown:
 *
 *   space-separated  `[06/17/2009 04:07:58 PM ]Critical NODE1.contoso.com 1135 Microsoft-Windows-FailoverClusterin Node Mgr NT AUTHORITY\SYSTEM Cluster node ...`
 *   comma-separated  `02/23/2021,08:50:16 PM,Warning,NODE1.contoso.com,<source>,"Reset to device, ..."`
 *
 * In the space form the source is cut at ~34 characters and the task may contain spaces, so the line
 * is split at the event ID, then at the user column (`NT AUTHORITY\SYSTEM`, `N/A`, `DOMAIN\user`, a SID),
 * else at a known task name, else where a catalogued message starts.
 */
import { hasMatch, levelFromName } from '../../events/catalogue.js';
import type { FormatReader } from '../types.js';
import { CsvSplitter, type CsvRecord } from './csv.js';
import { parseDateTime } from './dates.js';
import { nonBlank, share } from './head.js';
import { drain, RecordSink, type RawRecord } from './sink.js';

const MERIDIEM = '(?:AM|PM|a\\.\\s?m\\.|p\\.\\s?m\\.|午前|午後|上午|下午|오전|오후)';
const DATE_TIME_PREFIX = new RegExp(
  `^(\\d{1,4}\\s*[./-]\\s*\\d{1,2}\\s*[./-]\\s*\\d{1,4}\\.?)[\\sT]+((?:${MERIDIEM}\\s*)?\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:\\s*${MERIDIEM})?)\\s+`,
  'i',
);
const HEAD = /^(\S+)\s+(\S+)\s+(\d{1,5})\s+(\S.*)$/;

/** The user column: SYSTEM in several languages, `N/A`, `DOMAIN\user`, a SID. */
const USER =
  /(?:^|\s)((?:NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT|AUTORIDAD NT)\\(?:LOCAL SERVICE|NETWORK SERVICE|LOKALER DIENST|NETZWERKDIENST|SERVICE LOCAL|SERVICE RÉSEAU|[^\s\\]+)|N\/A|S-1-\d+(?:-\d+)+|[A-Za-z0-9._-]+\\[A-Za-z0-9._$-]+)(?=\s|$)/i;

/** Sources with spaces in their names (the rest are one token). */
const SPACED_SOURCES = ['Service Control Manager', 'Application Popup', 'Windows Error Reporting', 'Microsoft Antimalware'];

/** Task categories seen for cluster and related events (domain.md §8.3), longest first. */
const TASKS = [
  'Resource Control Manager',
  'File Share Witness Resource',
  'Generic Script Resource',
  'Physical Disk Resource',
  'Network Name Resource',
  'IP Address Resource',
  'Cluster Shared Volume',
  'Cluster Virtual Adapter',
  'Resource Control',
  'Quorum Manager',
  'Node Mgr',
  'Startup/Shutdown',
  'None',
  'Keine',
  'Aucun',
  'Aucune',
  'Ninguno',
  'Nessuna',
  'Nenhum',
  'Geen',
];

interface SpaceLine {
  readonly date: string | null;
  readonly time: string | null;
  readonly level: string;
  readonly computer: string;
  readonly id: string;
  readonly rest: string;
}

function parseSpaceLine(line: string): SpaceLine | null {
  let text = line.trim();
  let date: string | null = null;
  let time: string | null = null;
  const dt = DATE_TIME_PREFIX.exec(text);
  if (dt) {
    date = dt[1] ?? null;
    time = dt[2] ?? null;
    text = text.slice(dt[0].length);
  }
  const m = HEAD.exec(text);
  if (!m) return null;
  const level = m[1] ?? '';
  if (levelFromName(level) === null) return null;
  return { date, time, level, computer: m[2] ?? '', id: m[3] ?? '', rest: m[4] ?? '' };
}

/** Splits `source task user message` (see the file comment). */
function splitRest(rest: string, eventId: number): { source: string; task: string | null; message: string } {
  let source: string | null = null;
  let after = rest;
  for (const s of SPACED_SOURCES) {
    if (rest.toLowerCase().startsWith(`${s.toLowerCase()} `)) {
      source = s;
      after = rest.slice(s.length).trimStart();
      break;
    }
  }
  if (source === null) {
    const sp = rest.indexOf(' ');
    source = sp < 0 ? rest : rest.slice(0, sp);
    after = sp < 0 ? '' : rest.slice(sp + 1).trimStart();
  }
  const user = USER.exec(` ${after}`);
  if (user && user.index !== undefined) {
    const start = user.index + (user[0].length - (user[1] ?? '').length) - 1;
    const task = after.slice(0, Math.max(0, start)).trim();
    return { source, task: task === '' ? null : task, message: after.slice(start + (user[1] ?? '').length).trim() };
  }
  const lower = after.toLowerCase();
  for (const t of TASKS) {
    if (lower.startsWith(`${t.toLowerCase()} `)) return { source, task: t, message: after.slice(t.length).trim() };
  }
  // No user column and an unknown task: the message starts where a catalogued message does.
  const words = [...after.matchAll(/\S+/g)].slice(0, 8);
  for (const w of words) {
    const at = w.index ?? 0;
    if (at > 0 && hasMatch(after.slice(at), eventId)) {
      return { source, task: after.slice(0, at).trim(), message: after.slice(at) };
    }
  }
  return { source, task: null, message: after };
}

export const supportToolSpaceReader: FormatReader = {
  id: 'eventlog-support-space',
  kind: 'event-log',
  description: 'Support-tool export, one event per line: [date time] Level Computer ID Source Task User Message',
  sniff(head) {
    const lines = nonBlank(head, 40);
    if (lines.length === 0) return 0;
    const s = share(lines, (l) => parseSpaceLine(l) !== null);
    // Excerpts are often pasted between prose: two rows among a few lines are enough.
    return s >= 0.3 && s * lines.length >= 2 ? 0.5 + 0.4 * s : 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'support-tool space-separated lines');
    let held: RawRecord | null = null;
    let extra: string[] = [];
    const flush = (): void => {
      if (held) sink.add(extra.length > 0 ? { ...held, message: `${held.message ?? ''}\n${extra.join('\n')}` } : held);
      held = null;
      extra = [];
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        if (text.trim() === '') return;
        const p = parseSpaceLine(text);
        if (!p) {
          // A message that wrapped onto the next line.
          if (held) extra.push(text.trim());
          else sink.bad(no, 'not a "Level Computer ID Source ..." line');
          return;
        }
        flush();
        const split = splitRest(p.rest, Number(p.id));
        held = {
          line: no,
          localDate: p.date,
          localTime: p.time,
          levelName: p.level,
          computer: p.computer,
          eventId: p.id,
          provider: split.source,
          task: split.task,
          message: split.message,
        };
      },
      flush,
    );
  },
};

/** `02/23/2021,08:50:16 PM,Warning,` or `02/23/2021 08:50:16 PM,Warning,` at the start of a line. */
const TWO_DATE_FIELDS = { dateFields: 2 };
const ONE_DATE_FIELD = { dateFields: 1 };

/** A field of `commaRowStart`: trimmed, one quote off each end. */
function rowField(s: string): string {
  const t = s.trim();
  const from = t.charCodeAt(0) === 0x22 ? 1 : 0;
  const to = t.length > from && t.charCodeAt(t.length - 1) === 0x22 ? t.length - 1 : t.length;
  return from === 0 && to === t.length ? t : t.slice(from, to);
}

/** `line.split(',', 4)`. */
function firstFour(line: string): string[] {
  const f: string[] = [];
  let from = 0;
  while (f.length < 4) {
    const at = line.indexOf(',', from);
    if (at < 0) {
      f.push(line.slice(from));
      break;
    }
    f.push(line.slice(from, at));
    from = at + 1;
  }
  return f;
}

function commaRowStart(line: string): { dateFields: number } | null {
  const f = firstFour(line);
  if (f.length < 2) return null;
  const a = rowField(f[0]!);
  const b = rowField(f[1]!);
  const c = f.length > 2 ? rowField(f[2]!) : undefined;
  // Cheap tests first (all are pure, so the order does not change the answer).
  if (c !== undefined && b.includes(':') && levelFromName(c) !== null && parseDateTime(a, b) !== null) return TWO_DATE_FIELDS;
  if (f.length > 3 && a.includes(':') && levelFromName(b) !== null && parseDateTime(a) !== null) return ONE_DATE_FIELD;
  return null;
}

function placeholderToNull(text: string | undefined): string | null {
  if (text === undefined) return null;
  const t = text.trim();
  return t === '' || /^<[^>]*>$/.test(t) ? null : t;
}

export const supportToolCommaReader: FormatReader = {
  id: 'eventlog-support-comma',
  kind: 'event-log',
  description: 'Support-tool export, one event per line: date,time,level,computer,source,"message"',
  sniff(head) {
    const lines = nonBlank(head, 40);
    if (lines.length === 0) return 0;
    const s = share(lines, (l) => commaRowStart(l) !== null);
    return s >= 0.3 && s * lines.length >= 2 ? 0.5 + 0.4 * s : 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'support-tool comma-separated lines');
    const splitter = new CsvSplitter({ delimiter: ',', isRecordStart: (l) => commaRowStart(l) !== null });
    const take = (rec: CsvRecord): void => {
      const f = rec.fields;
      const shape = commaRowStart(f.slice(0, 4).join(','));
      if (!shape || f.length < shape.dateFields + 3) {
        sink.bad(rec.line, 'not a "date,time,level,computer,source,message" row');
        return;
      }
      const r = f.slice(shape.dateFields);
      const hasId = r.length >= 5 && /^\d{1,5}$/.test((r[3] ?? '').trim());
      let message = r.slice(hasId ? 4 : 3).join(',');
      if (rec.extra.length > 0) message += `\n${rec.extra.join('\n')}`;
      sink.add({
        line: rec.line,
        localDate: f[0] ?? null,
        localTime: shape.dateFields === 2 ? (f[1] ?? null) : null,
        levelName: r[0] ?? null,
        computer: placeholderToNull(r[1]),
        provider: placeholderToNull(r[2]),
        eventId: hasId ? (r[3] ?? null) : null,
        message,
      });
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        for (const rec of splitter.push(text, no)) take(rec);
        if (splitter.problems.length > 0) for (const p of splitter.problems.splice(0)) sink.bad(p.line, p.message, p.code);
      },
      async () => {
        for (const rec of await splitter.end()) take(rec);
        for (const p of splitter.problems.splice(0)) sink.bad(p.line, p.message, p.code);
      },
    );
  },
};
