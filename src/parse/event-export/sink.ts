/**
 * Shared back end of the export readers: a reader turns its format into `RawRecord`s, the sink turns
 * those into events. It decides times (locale date order, zone), identifies and normalises the record
 * (catalogue, level, provider, node), hands 2049–2051 cluster-log text to the cluster-log classifier,
 * keeps `ctx.state` current and rate-limits diagnostics.
 *
 * Records whose date is ambiguous (`05/06/2009`) are held until the file proves its day/month order
 * (a date with a number above 12) or, failing that, until `MAX_PENDING` records or the end, when the
 * locale convention decides. Later records queue behind held ones so that file order is kept.
 */
import {
  canonicalProvider,
  catalogueLevel,
  isTruncatedProvider,
  levelFromName,
  matchMessage,
  paramsFromQuotedValues,
  templateFits,
  type TemplateMatch,
} from '../../events/catalogue.js';
import type { ClusterEvent, EventLogRecordEvent, Level } from '../../events/types.js';
import { normaliseNode } from '../../shared/node-name.js';
import { classifyPayload } from '../cluster-log/index.js';
import type { ReadContext } from '../types.js';
import {
  conventionalOrder,
  describeFormat,
  evidenceOf,
  needsOrder,
  parseDateTime,
  wallMsOf,
  type DateParts,
  type DayMonthOrder,
} from './dates.js';
import { parseEventTz, type ZoneResolver } from './zone.js';

/** One record as a reader found it; every field optional except the line. Text fields as written. */
export interface RawRecord {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Local date (and time) text in the exporter's locale, with the time as a separate field for some formats. */
  readonly localDate?: string | null;
  readonly localTime?: string | null;
  /** A time written without a date (`Jun 17 16:07` in Get-EventLog tables): kept as text only. */
  readonly timeTextOnly?: string | null;
  /** Exact UTC instant (XML `SystemTime`, JSON `/Date(ms)/`), with its text. */
  readonly utcMs?: number | null;
  readonly utcText?: string | null;
  readonly levelName?: string | null;
  readonly provider?: string | null;
  readonly eventId?: string | number | null;
  readonly computer?: string | null;
  readonly channel?: string | null;
  readonly recordId?: string | number | null;
  readonly task?: string | null;
  readonly message?: string | null;
  /** Insertion strings by name or 1-based position. */
  readonly data?: Readonly<Record<string, string>> | null;
  readonly pid?: number | null;
  readonly tid?: number | null;
}

/** Ambiguous dates held before the convention decides: bounds memory on files that never prove their order. */
const MAX_PENDING = 2000;
/** Individual diagnostics per file; the read stage keeps 20, the last slot is for the count of the rest. */
const MAX_DIAGNOSTICS = 19;

const PASSTHROUGH_IDS = new Set([2049, 2050, 2051]);

interface Timed {
  readonly raw: RawRecord;
  readonly parts: DateParts | null;
}

export class RecordSink {
  private readonly out: ClusterEvent[] = [];
  private readonly pending: Timed[] = [];
  private order: DayMonthOrder | null = null;
  private orderEvidence: string | null = null;
  private firstParts: DateParts | null = null;
  private readonly tz: ZoneResolver | null;
  private zoneDecided = false;
  private nodeDecided = false;
  private shown = 0;
  private suppressed = 0;
  private mixedOrderNoted = false;
  private lastComputer: string | null = null;
  private lastNode = '';

  constructor(
    private readonly ctx: ReadContext,
    /** Format label for `state.dialect` (`Event Viewer CSV`, `wevtutil /f:text`...). */
    private readonly label: string,
  ) {
    const spec = ctx.options.eventTz;
    this.tz = spec ? parseEventTz(spec) : null;
    if (spec && !this.tz) {
      this.problem('warning', 'event-tz', null, `--event-tz ${spec}: not an offset or a known time zone; local times left unaligned`);
    }
    ctx.state.dialect = label;
  }

  /** Adds a record; events become available from `take()` once its time is decided. */
  add(raw: RawRecord): void {
    let parts: DateParts | null = null;
    const dateText = raw.localDate?.trim() ?? '';
    if (dateText !== '') {
      parts = parseDateTime(dateText, raw.localTime?.trim() || null);
      if (!parts) {
        this.bad(raw.line, `unreadable date '${shorten(`${dateText} ${raw.localTime ?? ''}`.trim())}'`);
        return;
      }
      this.firstParts ??= parts;
      const evidence = evidenceOf(parts);
      if (evidence) this.learnOrder(evidence, dateText);
    }
    const timed: Timed = { raw, parts };
    if (this.pending.length > 0 || (parts && this.order === null && needsOrder(parts))) {
      this.pending.push(timed);
      if (this.pending.length >= MAX_PENDING) this.decideByConvention();
      return;
    }
    this.emit(timed);
  }

  /** Counts a malformed record and reports it (rate-limited). */
  bad(line: number, why: string, code: 'bad-record' | 'truncated' = 'bad-record'): void {
    this.ctx.state.unparsed++;
    this.problem('warning', code, line, `record skipped: ${why}`);
  }

  /** Reports damage that is not one record (a cut-off file, an unterminated quote). */
  damage(line: number | null, code: string, message: string): void {
    this.problem('warning', code, line, message);
  }

  /** Events ready so far. */
  take(): ClusterEvent[] {
    return this.out.splice(0, this.out.length);
  }

  /** Decides what is still undecided and returns the last events. */
  finish(): ClusterEvent[] {
    if (this.pending.length > 0) this.decideByConvention();
    if (!this.zoneDecided) {
      this.ctx.state.zone = { basis: 'unknown', offsetMinutes: null, how: 'no record carries a date and time' };
    }
    this.updateDialect();
    if (this.suppressed > 0) {
      this.ctx.diagnostic({
        level: 'warning',
        code: 'more-diagnostics',
        line: null,
        message: `${this.suppressed} more problems in this file not shown`,
      });
    }
    return this.take();
  }

  private problem(level: 'error' | 'warning' | 'info', code: string, line: number | null, message: string): void {
    if (this.shown >= MAX_DIAGNOSTICS) {
      this.suppressed++;
      return;
    }
    this.shown++;
    this.ctx.diagnostic({ level, code, line, message });
  }

  private learnOrder(order: DayMonthOrder, dateText: string): void {
    if (this.order === null) {
      this.order = order;
      this.orderEvidence = dateText;
      this.ctx.state.notes.push(`dates read as ${order === 'DMY' ? 'day/month' : 'month/day'} (${dateText} seen)`);
      this.flushPending();
    } else if (this.order !== order && !this.mixedOrderNoted) {
      this.mixedOrderNoted = true;
      this.ctx.state.notes.push(
        `dates in both day/month and month/day order (${this.orderEvidence} and ${dateText}); ambiguous ones read as ${this.order === 'DMY' ? 'day/month' : 'month/day'}`,
      );
    }
  }

  private decideByConvention(): void {
    if (this.order === null) {
      const sample = this.pending.find((t) => t.parts && needsOrder(t.parts))?.parts ?? this.firstParts;
      if (sample) {
        this.order = conventionalOrder(sample);
        const why = sample.twelveHour ? 'AM/PM clock' : sample.sep === '.' ? 'dotted dates' : '24-hour clock';
        this.ctx.state.notes.push(
          `dates read as ${this.order === 'DMY' ? 'day/month' : 'month/day'} by convention (${why}; no date proves the order)`,
        );
      }
    }
    this.flushPending();
  }

  private flushPending(): void {
    const held = this.pending.splice(0, this.pending.length);
    for (const t of held) this.emit(t);
  }

  private updateDialect(): void {
    const p = this.firstParts;
    this.ctx.state.dialect = p ? `${this.label}; dates ${describeFormat(p, this.order)}` : this.label;
  }

  private emit(t: Timed): void {
    const raw = t.raw;
    let wallMs: number | null = null;
    let utcMs: number | null = null;
    let timeText: string | null = null;
    let zoneHow: { basis: 'utc' | 'local' | 'unknown'; offsetMinutes: number | null; how: string } | null = null;
    if (t.parts) {
      wallMs = wallMsOf(t.parts, this.order);
      if (wallMs === null) {
        this.bad(raw.line, `impossible date '${shorten(raw.localDate ?? '')}'`);
        return;
      }
      const date = raw.localDate?.trim() ?? '';
      const time = raw.localTime?.trim() ?? '';
      timeText = date !== '' && time !== '' ? `${date} ${time}` : date !== '' ? date : time;
      // The zone decision object is built only when it is taken (the first record, or the first exact one).
      let basis: 'utc' | 'local' | 'unknown';
      let offset: number | null;
      let how = 0;
      if (t.parts.offsetMinutes !== null) {
        offset = t.parts.offsetMinutes;
        utcMs = wallMs + offset * 60_000;
        basis = offset === 0 ? 'utc' : 'local';
        how = offset === 0 ? 1 : 2;
      } else if (raw.utcMs !== undefined && raw.utcMs !== null) {
        utcMs = raw.utcMs;
        offset = Math.round((utcMs - wallMs) / 60_000);
        basis = 'local';
        how = 3;
      } else if (this.tz) {
        offset = this.tz.offsetAt(wallMs);
        utcMs = wallMs + offset * 60_000;
        basis = 'local';
        how = 4;
      } else {
        offset = null;
        basis = 'unknown';
        how = 5;
      }
      if (this.takesZone(basis)) {
        const text =
          how === 1
            ? 'UTC times in the export'
            : how === 2
              ? 'UTC offsets written in the export'
              : how === 3
                ? 'local dates checked against the event XML SystemTime (UTC)'
                : how === 4
                  ? this.tz!.how
                  : `${this.label}: local time without offset (aligned later or with --event-tz)`;
        zoneHow = { basis, offsetMinutes: offset, how: text };
      }
    } else if (raw.utcMs !== undefined && raw.utcMs !== null) {
      utcMs = raw.utcMs;
      wallMs = raw.utcMs;
      timeText = raw.utcText ?? new Date(raw.utcMs).toISOString();
      if (this.takesZone('utc')) zoneHow = { basis: 'utc', offsetMinutes: 0, how: `${this.label}: UTC timestamps` };
    } else if (raw.timeTextOnly) {
      timeText = raw.timeTextOnly;
    }
    if (zoneHow) {
      // A later record with an exact time (copied details with their XML) tells the offset of the others too.
      this.zoneDecided = true;
      this.ctx.state.zone = zoneHow;
      this.updateDialect();
    }
    const event = this.build(raw, wallMs, utcMs, timeText);
    const st = this.ctx.state;
    st.records++;
    if (utcMs !== null) {
      if (st.firstUtcMs === null || utcMs < st.firstUtcMs) st.firstUtcMs = utcMs;
      if (st.lastUtcMs === null || utcMs > st.lastUtcMs) st.lastUtcMs = utcMs;
    }
    this.out.push(event);
  }

  /** True when a record whose zone basis is `basis` decides the file's zone (see `emit`). */
  private takesZone(basis: 'utc' | 'local' | 'unknown'): boolean {
    return !this.zoneDecided || (this.ctx.state.zone.basis === 'unknown' && basis !== 'unknown');
  }

  /** Parameters of a record whose message matched no English wording: from named insertion strings, else by quote position. */
  private fallbackParams(message: string, eventId: number | null, provider: string | null, data: Record<string, string> | null): Record<string, string> {
    const named = paramsFromData(data);
    if (Object.keys(named).length > 0 || eventId === null || message === '') return named;
    return paramsFromQuotedValues(message, eventId, provider);
  }

  /** `normaliseNode`, remembered for the computer name of the record before (an export has one or a few). */
  private nodeOf(computer: string): string {
    if (computer !== this.lastComputer) {
      this.lastComputer = computer;
      this.lastNode = normaliseNode(computer);
    }
    return this.lastNode;
  }

  private build(raw: RawRecord, wallMs: number | null, utcMs: number | null, timeText: string | null): ClusterEvent {
    const st = this.ctx.state;
    const message = cleanMessage(raw.message ?? '');
    let eventId = parseEventId(raw.eventId);
    let idFrom: EventLogRecordEvent['idFrom'] = eventId === null ? null : 'record';
    let provider = canonicalProvider(raw.provider);
    let match: TemplateMatch | null = null;
    if (message !== '') match = matchMessage(message, eventId);
    if (match && provider !== null && !isTruncatedProvider(provider) && !templateFits(match, provider)) match = null;
    if (eventId === null && match) {
      eventId = match.eventId;
      idFrom = 'template';
    }
    if (match && (provider === null || isTruncatedProvider(provider))) provider = match.provider;
    const levelName = blankToNull(raw.levelName);
    const level: Level | null = levelFromName(levelName) ?? catalogueLevel(eventId, provider);
    const computer = blankToNull(raw.computer);
    const node = computer ? this.nodeOf(computer) : st.node;
    if (computer && !this.nodeDecided) {
      this.nodeDecided = true;
      if (st.nodeFrom === '' || st.nodeFrom.includes('fallback')) {
        st.node = node;
        st.nodeFrom = 'computer field';
      }
    }
    const channel = blankToNull(raw.channel);
    const data = raw.data && Object.keys(raw.data).length > 0 ? { ...raw.data } : null;
    const nodeName = computer ? node : st.node;
    const source = { file: this.ctx.file, line: raw.line };
    const pid = raw.pid ?? null;
    const tid = raw.tid ?? null;
    if (eventId !== null && PASSTHROUGH_IDS.has(eventId) && message !== '' && isClusteringProviderName(provider)) {
      try {
        return classifyPayload(
          { node: nodeName, source, sourceKind: 'event-log', wallMs, utcMs, timeText, pid, tid, channel, level },
          message,
        );
      } catch {
        // Fall through: the record is still kept as an event-log record.
      }
    }
    // One literal with every field: events share one shape, which keeps large exports fast.
    const event: EventLogRecordEvent = {
      node: nodeName,
      source,
      sourceKind: 'event-log',
      wallMs,
      utcMs,
      timeText,
      level,
      pid,
      tid,
      component: null,
      channel,
      text: message,
      type: 'eventlog.record',
      eventId,
      idFrom,
      provider,
      levelName,
      computer,
      recordId: parseRecordId(raw.recordId),
      task: blankToNull(raw.task),
      message,
      template: match?.key ?? null,
      params: match ? match.params : this.fallbackParams(message, eventId, provider, data),
      data,
    };
    return event;
  }
}

function isClusteringProviderName(provider: string | null): boolean {
  return provider === null || provider === 'Microsoft-Windows-FailoverClustering';
}

function blankToNull(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const t = text.trim();
  return t === '' || t === '-' ? null : t;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A CR, or a blank before a line break: what the per-line work below changes besides the ends. */
function needsCleaning(text: string): boolean {
  if (text.indexOf('\r') >= 0) return true;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    const c = nl > 0 ? text.charCodeAt(nl - 1) : 0;
    if (c === 0x20 || c === 0x09) return true;
  }
  return false;
}

/** Line breaks as `\n`, no trailing blanks; inner layout kept (paragraphs matter to readers). */
export function cleanMessage(text: string): string {
  // Nothing to cut but the ends (the usual message): the per-line work below would give the same.
  if (!needsCleaning(text)) return text.trim();
  // Trailing blanks are cut line by line: `/[ \t]+\n/` rescans a long run of blanks from every offset (quadratic).
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
    if (end !== line.length) lines[i] = line.slice(0, end);
  }
  return lines.join('\n').trim();
}

/**
 * Event IDs as written. `Get-EventLog` InstanceId values carry the severity and facility bits
 * (`3221232496` = 0xC0001B70 = 7024): the event ID is the low 16 bits.
 */
export function parseEventId(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n > 0xffff ? n & 0xffff : n;
}

function parseRecordId(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().replace(/[,.\s\u00a0']/g, '');
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** EventData names of cluster events → the catalogue's parameter names (for records without a rendered message). */
const DATA_NAMES: Readonly<Record<string, string>> = {
  resourcename: 'resource',
  resource: 'resource',
  resourcetype: 'resourceType',
  restypename: 'resourceType',
  resourcetypename: 'resourceType',
  resourcedll: 'dll',
  dllname: 'dll',
  resourcegroup: 'group',
  groupname: 'group',
  resourcegroupname: 'group',
  nodename: 'node',
  errorcode: 'errorCode',
  status: 'status',
  volumename: 'volume',
  controlcode: 'controlCode',
};

function paramsFromData(data: Record<string, string> | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (!data) return params;
  for (const [name, value] of Object.entries(data)) {
    const key = DATA_NAMES[name.toLowerCase()];
    if (key && value.trim() !== '') params[key] ??= value.trim();
  }
  return params;
}

/** Common shape of the readers' `read()`: drains the sink after every batch. */
export async function* drain(
  lines: AsyncIterable<string[]>,
  sink: RecordSink,
  onLine: (text: string, no: number) => void,
  onEnd: () => void | Promise<void>,
): AsyncGenerator<ClusterEvent[]> {
  let no = 0;
  for await (const batch of lines) {
    for (const text of batch) {
      no++;
      try {
        onLine(no === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, no);
      } catch (err) {
        // A reader must not stop on content it did not foresee: count the line and go on.
        sink.bad(no, `unexpected content (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    const ready = sink.take();
    if (ready.length > 0) yield ready;
  }
  try {
    await onEnd();
  } catch (err) {
    sink.damage(null, 'bad-record', `end of file not read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const last = sink.finish();
  if (last.length > 0) yield last;
}

