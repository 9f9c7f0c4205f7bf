/**
 * Record assembly for cluster.log: lines in, typed events out, synchronously.
 *
 * Every physical line is exactly one of: the first line of a record, a continuation of the
 * record before it, or unparsed (nothing to attach it to yet). A record is classified once it
 * is complete, i.e. when the next record starts or at the end of input.
 *
 * Lines come as code units (`pushBatch`) or strings (`push`). From units, a record's strings are made
 * only when its event is built, and with a sieve in the context (the analysis) the `generic` records
 * nobody keeps are counted and never built: most of a large log is such chatter.
 */
import type { ClusterEvent, GenericEvent, Level } from '../../events/types.js';
import { matchMessage } from '../../events/catalogue.js';
import { stringUnits, unitString, type LineBatch, type TextUnits, type Units } from '../../input/units.js';
import type { ReadContext, RecordSieve } from '../types.js';
import type { ZoneDecision } from '../../shared/report.js';
import { assemble, classifyDetailed } from './classify.js';
import { CsvRowReader, headerNames, rowByHeader } from './csv.js';
import { ComponentTable, levelIndex, NO_COMPONENT } from './components.js';
import { newUnitLine, parseUnits, type PrefixShape, type UnitLine } from './grammar.js';
import { emptyHeaderFacts, isEventChannel, readHeaderLine, sectionOf, type HeaderFacts, type Section } from './header.js';
import { ROWS_BY_COMPONENT } from './messages.js';

export interface ParserStats {
  lines: number;
  /** Events emitted (one per record). */
  records: number;
  continuations: number;
  unparsed: number;
}

/** cluster.log is written in UTC unless Get-ClusterLog ran with -UseLocalTime (domain.md §1). */
export const DEFAULT_ZONE: ZoneDecision = {
  basis: 'utc',
  offsetMinutes: 0,
  how: 'cluster.log default (UTC): no 2016+ header states the time basis',
};

/** Longest text kept per record; further continuation lines are counted but not appended. */
const MAX_TEXT = 1 << 20;

type PendingKind = 'line' | 'header' | 'marker' | 'row' | 'plain';

/** The record being assembled. One shape for all kinds keeps property access monomorphic. */
interface Pending {
  kind: PendingKind;
  line: number;
  /** The text; while `src` is set, units `[textStart, textEnd)` of `src` instead. */
  text: string;
  /** Units of the record's first line while its text and time are not made into strings yet. */
  src: TextUnits | null;
  textStart: number;
  textEnd: number;
  timeStart: number;
  timeEnd: number;
  blanks: number;
  channel: string | null;
  pid: number | null;
  tid: number | null;
  /** Valid when `src` is null or `timeStart` < 0. */
  timeText: string | null;
  /** NaN when unknown: a field that only ever holds numbers stores them without a new heap number per line. */
  wallMs: number;
  level: Level | null;
  levelText: string | null;
  func: string | null;
  component: string | null;
  eventlog: boolean;
  /** An object dump (`<struct ...>`) opened on this record and not closed yet. */
  structOpen: boolean;
  /** The sieve leaves this record out: it is only counted, its text is never needed. */
  skip: boolean;
}

/** `... <struct mscs::FaultTolerantRoute>` / `<class mscs::InterfaceResult>` at the end of a line, or a bare opening tag. */
const OPENS_STRUCT = /<(?:struct|class)\b[^>]*>\s*$|^\s*<[A-Za-z][\w:.-]*>\s*$/;

/** Tags and level tokens repeat on every line: each spelling is made into a string once. */
class Interner {
  private readonly slots = new Array<string | undefined>(1024);

  get(t: TextUnits, start: number, end: number): string {
    const u = t.units;
    let h = end - start;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + u[i]!) | 0;
    const slot = h & 1023;
    const known = this.slots[slot];
    if (known !== undefined && known.length === end - start) {
      let i = 0;
      while (i < known.length && known.charCodeAt(i) === u[start + i]) i++;
      if (i === known.length) return known;
    }
    const made = unitString(t, start, end);
    this.slots[slot] = made;
    return made;
  }
}

const interned = new Interner();

/** Components no message row is written for: their records are `generic` whatever the text. */
const typedComponents = new Map<string | null, boolean>();

/** Whether `classifyDetailed` may type a record of this component (the same table look-up). */
function mayBeTyped(component: string | null): boolean {
  let typed = typedComponents.get(component);
  if (typed === undefined) {
    typed = ROWS_BY_COMPONENT.has(component) || (component !== null && ROWS_BY_COMPONENT.has(component.toUpperCase()));
    if (typedComponents.size < 4096) typedComponents.set(component, typed);
  }
  return typed;
}

/** Where parsing of a part of a file starts when it does not start at the top. */
export interface ResumePoint {
  readonly section: Section | null;
}

export interface ParserCheckpoint {
  readonly section: Section | null;
  readonly headerSeen: boolean;
  readonly shapes: Readonly<Record<PrefixShape, number>>;
  readonly buildNumber: string | null;
}

/** The dialect a file's records were written in, from what parsing it saw. */
export function dialectOf(c: ParserCheckpoint): string | null {
  if (c.headerSeen) return c.buildNumber ? `2016+ (build ${c.buildNumber})` : '2016+';
  // `[=== ... ===]` sections only exist in 2016+ output, even when the header was cut off.
  if (c.section !== null) return '2016+';
  const s = c.shapes;
  const trimmed = s['date-only'] + s['time-only'] + s['level-only'] + s.placeholder;
  const best = Math.max(s.standard, s.legacy, s.nt4, trimmed);
  if (best === 0) return null;
  if (s.standard === best) return '2008–2012 R2';
  if (s.legacy === best) return 'legacy (2000/2003)';
  if (s.nt4 === best) return 'NT4';
  return 'trimmed excerpt';
}

export class ClusterLogParser {
  readonly stats: ParserStats = { lines: 0, records: 0, continuations: 0, unparsed: 0 };
  private readonly ctx: ReadContext;
  private readonly sieve: RecordSieve | null;
  private readonly parsed: UnitLine = newUnitLine();
  private pending: Pending | null = null;
  private spare: Pending | null = null;
  private section: Section | null = null;
  private facts: HeaderFacts | null = null;
  private headerSeen = false;
  private tableHeaders: string[] | null = null;
  private readonly csv = new CsvRowReader();
  /** Last full calendar day seen (epoch ms at 00:00), for NT4 day-of-month lines. */
  private contextDayMs: number | null = null;
  private readonly shapes: Record<PrefixShape, number> = {
    standard: 0,
    legacy: 0,
    nt4: 0,
    'date-only': 0,
    'time-only': 0,
    'level-only': 0,
    placeholder: 0,
  };
  private firstUnparsedLine: number | null = null;
  private unparsedText = 0;
  private readonly components: ComponentTable;
  /** `isEventChannel` per channel name (a regex each). */
  private readonly eventChannels = new Map<string, boolean>();

  /** `resume`: where a segment that starts inside the file starts (parallel reading of one file). */
  constructor(ctx: ReadContext, resume: ResumePoint | null = null) {
    this.ctx = ctx;
    this.sieve = ctx.sieve ?? null;
    if (resume !== null) this.section = resume.section;
    const sieve = this.sieve;
    this.components = new ComponentTable(
      sieve === null ? null : (level, component) => !mayBeTyped(component) && !sieve.keepGeneric(level, component),
    );
  }

  /** The state that carries from one part of a file to the next, and the counts the dialect is told from. */
  checkpoint(): ParserCheckpoint {
    return { section: this.section, headerSeen: this.headerSeen, shapes: { ...this.shapes }, buildNumber: this.facts?.buildNumber ?? null };
  }

  /** One physical line as a string. */
  push(raw: string, out: ClusterEvent[]): void {
    this.pushLine(stringUnits(raw), 0, raw.length, raw, out);
  }

  /** The lines of a batch, in order. */
  pushBatch(batch: LineBatch, out: ClusterEvent[]): void {
    const starts = batch.starts;
    const ends = batch.ends;
    const count = batch.count;
    let i = 0;
    // One `try` around the loop rather than one per line; after a throw the loop resumes past that line.
    while (i < count) {
      try {
        for (; i < count; i++) this.pushLine(batch, starts[i]!, ends[i]!, null, out);
      } catch {
        // A reader must not throw on content; nothing in push is expected to.
        this.stats.unparsed++;
        i++;
      }
    }
  }

  /**
   * The line `[start, end)` of `t`; `line` is the same line as a string when the caller has one
   * (else strings are made from the units, and only when needed).
   */
  private pushLine(t: TextUnits, start: number, end: number, line: string | null, out: ClusterEvent[]): void {
    const lineNo = ++this.stats.lines;
    const u = t.units;
    if (end > start && u[end - 1] === 13) {
      end--;
      if (line !== null) line = line.slice(0, -1);
    }
    if (lineNo === 1 && end > start && u[start] === 0xfeff) {
      start++;
      if (line !== null) line = line.slice(1);
    }

    // `sectionOf` looks at lines starting with `[` or a space only, and a marker at the start of a
    // `[` line is `[===`: other lines need no string for it.
    const c0 = end > start ? u[start]! : -1;
    if (c0 === 32 || (c0 === 91 && end - start >= 4 && u[start + 1] === 61 && u[start + 2] === 61 && u[start + 3] === 61)) {
      line ??= unitString(t, start, end);
      const section = sectionOf(line);
      if (section !== null) {
        this.startSection(section, line, lineNo, out);
        return;
      }
    }

    const kind = this.section?.kind;
    if (kind === 'table') {
      this.tableLine(line ?? unitString(t, start, end), lineNo, out);
      return;
    }
    if (isBlank(u, start, end)) {
      this.blank();
      return;
    }
    if (kind === 'cluster') {
      // Every line of the header block belongs to the one `log.header` record.
      line ??= unitString(t, start, end);
      if (this.facts !== null) readHeaderLine(line, this.facts);
      this.continueWith(line);
      return;
    }

    const p = this.parsed;
    if (parseUnits(t, start, end, p, line)) {
      const cur = this.pending;
      if (cur !== null && cur.kind === 'line' && this.isStructLine(cur, t, end, p)) {
        const text = unitString(t, p.textStart, end);
        this.continueWith(text);
        if (cur.structOpen && /^\s*<\/(?:struct|class)\b/.test(text)) cur.structOpen = false;
        else if (opensStruct(text)) cur.structOpen = true;
        return;
      }
      this.flush(out);
      if (p.shape === 'standard') this.shapes.standard++;
      else this.shapes[p.shape]++;
      this.pending = this.lineRecord(t, end, p, lineNo, line === null ? null : { line, start });
      return;
    }

    if (kind === 'unknown') {
      // Unknown sections keep their lines as generic records.
      this.flush(out);
      this.pending = this.plainRecord(lineNo, line ?? unitString(t, start, end), this.section?.name ?? null);
      return;
    }
    if (this.pending !== null) {
      this.continueWith(line ?? unitString(t, start, end));
      return;
    }
    this.unparsed(lineNo, true);
  }

  finish(out: ClusterEvent[]): void {
    this.closeCsv();
    this.flush(out);
    this.syncState();
    if (this.unparsedText > 0) {
      this.ctx.diagnostic({
        level: 'warning',
        code: 'bad-record',
        line: this.firstUnparsedLine,
        message: `${this.unparsedText} line(s) before the first record do not match the cluster.log line grammar`,
      });
    }
  }

  /**
   * Makes the record being assembled independent of the units it was read from: they are reused once the
   * reader asks for the next chunk (`OpenedInput.units`).
   */
  detach(): void {
    if (this.pending !== null) textOf(this.pending);
  }

  /** Writes dialect and counters into ctx.state (called after each batch). */
  syncState(): void {
    const st = this.ctx.state;
    st.records = this.stats.records;
    st.unparsed = this.stats.unparsed;
    st.dialect = this.dialect();
  }

  dialect(): string | null {
    return dialectOf(this.checkpoint());
  }

  // ---- sections ---------------------------------------------------------------------------------

  private startSection(section: Section, line: string, lineNo: number, out: ClusterEvent[]): void {
    this.closeCsv();
    this.flush(out);
    this.section = section;
    this.tableHeaders = null;
    if (section.kind === 'cluster') {
      this.headerSeen = true;
      this.facts = emptyHeaderFacts();
      this.pending = this.plainRecord(lineNo, line, section.name);
      this.pending.kind = 'header';
      return;
    }
    this.pending = this.plainRecord(lineNo, line, section.name);
    this.pending.kind = 'marker';
  }

  /** Cells of the table row being assembled, once its last line has been read. */
  private pendingCells: string[] | null = null;

  private tableLine(line: string, lineNo: number, out: ClusterEvent[]): void {
    if (this.csv.open) {
      // Inside a quoted cell that spans lines.
      this.continueWith(line);
      if (this.csv.feed(line)) this.completeCsvRow();
      return;
    }
    if (isBlankText(line)) {
      this.blank();
      return;
    }
    if (this.tableHeaders === null) {
      // The first row names the columns; it stays with the marker record.
      this.continueWith(line);
    } else {
      this.flush(out);
      const rec = this.plainRecord(lineNo, line, this.section?.name ?? null);
      rec.kind = 'row';
      this.pending = rec;
    }
    if (this.csv.feed(line)) this.completeCsvRow();
  }

  private completeCsvRow(): void {
    const cells = this.csv.take();
    if (this.tableHeaders === null) this.tableHeaders = headerNames(cells);
    else this.pendingCells = cells;
  }

  /** A quote left open when the table ends: keep what was read. */
  private closeCsv(): void {
    if (!this.csv.open) return;
    const cells = this.csv.take();
    if (this.pending?.kind === 'row') this.pendingCells = cells;
  }

  // ---- record assembly --------------------------------------------------------------------------

  /** The record object to fill: the one flushed last is reused (one fewer allocation per line). */
  private fresh(): Pending {
    const rec = this.spare;
    if (rec === null) return emptyPending();
    this.spare = null;
    return rec;
  }

  private plainRecord(lineNo: number, text: string, channel: string | null): Pending {
    const rec = this.fresh();
    rec.kind = 'plain';
    rec.line = lineNo;
    rec.text = text;
    rec.src = null;
    rec.timeStart = -1;
    rec.blanks = 0;
    rec.channel = channel;
    rec.pid = null;
    rec.tid = null;
    rec.timeText = null;
    rec.wallMs = NaN;
    rec.level = null;
    rec.levelText = null;
    rec.func = null;
    rec.component = null;
    rec.eventlog = false;
    rec.structOpen = false;
    rec.skip = false;
    return rec;
  }

  private lineRecord(t: TextUnits, end: number, p: UnitLine, lineNo: number, given: { line: string; start: number } | null): Pending {
    let wallMs = p.wallMs;
    if (!Number.isNaN(wallMs)) {
      this.noteDay(wallMs);
    } else if (p.shape === 'nt4' && p.dayOfMonth !== null && p.timeOfDayMs !== null && this.contextDayMs !== null) {
      wallMs = this.nt4Wall(p.dayOfMonth, p.timeOfDayMs) ?? NaN;
    }
    const section = this.section;
    const eventlog = (section !== null && section.kind === 'eventlog') || (p.channel !== null && this.isEventChannel(p.channel));
    const slot = p.compStart < 0 ? NO_COMPONENT : this.components.find(t, p.compStart, p.compEnd, p.compHash);
    // Decided now from level and component, so that a record left out never gets its strings.
    const skip = !eventlog && this.sieve !== null && this.components.skipped(slot, p.level, levelIndex(p.level));
    const rec = this.fresh();
    rec.kind = 'line';
    rec.line = lineNo;
    if (given !== null) {
      // A string line: its pieces are slices of it, made now.
      const { line, start } = given;
      rec.src = null;
      rec.text = p.textStart === start ? line : p.textStart >= end ? '' : line.slice(p.textStart - start);
      rec.timeText = p.timeStart < 0 ? null : line.slice(p.timeStart - start, p.timeEnd - start);
    } else {
      rec.src = t;
      rec.text = '';
      rec.timeText = null;
    }
    rec.textStart = p.textStart;
    rec.textEnd = end;
    rec.timeStart = p.timeStart;
    rec.timeEnd = p.timeEnd;
    rec.blanks = 0;
    rec.channel = p.channel ?? section?.name ?? null;
    rec.pid = p.pid;
    rec.tid = p.tid;
    rec.wallMs = wallMs;
    rec.level = p.level;
    rec.component = this.components.name(slot);
    rec.eventlog = eventlog;
    rec.skip = skip;
    if (skip) {
      rec.levelText = null;
      rec.func = null;
    } else {
      rec.levelText = p.levelStart < 0 ? null : interned.get(t, p.levelStart, p.levelEnd);
      rec.func = p.funcStart < 0 ? null : unitString(t, p.funcStart, p.funcEnd);
    }
    rec.structOpen = endsWithTag(t.units, p.textStart, end) && opensStruct(textOf(rec));
    return rec;
  }

  /** The calendar day NT4 lines are placed in; written only when the day changes. */
  private noteDay(wallMs: number): void {
    const day = this.contextDayMs;
    if (day === null || wallMs < day || wallMs >= day + 86_400_000) this.contextDayMs = Math.floor(wallMs / 86_400_000) * 86_400_000;
  }

  private isEventChannel(channel: string): boolean {
    let known = this.eventChannels.get(channel);
    if (known === undefined) {
      known = isEventChannel(channel);
      if (this.eventChannels.size < 256) this.eventChannels.set(channel, known);
    }
    return known;
  }

  /** NT4 lines carry the day of month only: place it in the month of the last full date, rolling forward. */
  private nt4Wall(day: number, tod: number): number | null {
    const ctxDay = this.contextDayMs;
    if (ctxDay === null) return null;
    const c = new Date(ctxDay);
    let month = c.getUTCMonth();
    if (day < c.getUTCDate()) month += 1;
    const start = Date.UTC(c.getUTCFullYear(), month, day);
    if (new Date(start).getUTCDate() !== day) return null;
    this.contextDayMs = start;
    return start + tod;
  }

  /**
   * Struct dumps share one prefix (domain.md §9: `INFO    <Delay>1000</Delay>` … `</struct mscs::FaultTolerantRoute>`):
   * same PID.TID and time, no tag, and either indented past the level padding, starting with `<`,
   * or inside a struct the record opened. Plain untagged lines with the same prefix stay separate
   * (`lost quorum (status = 5925)` then `lost quorum (status = 5925), executing OnStop`).
   */
  private isStructLine(cur: Pending, t: TextUnits, end: number, p: UnitLine): boolean {
    if (p.compStart >= 0 || p.funcStart >= 0 || p.timeStart < 0) return false;
    if (cur.pid !== p.pid || cur.tid !== p.tid || timeOf(cur) !== unitString(t, p.timeStart, p.timeEnd)) return false;
    return p.indented || (p.textStart < end && t.units[p.textStart] === 60) || cur.structOpen;
  }

  private continueWith(text: string): void {
    const cur = this.pending;
    if (cur === null) {
      this.unparsed(this.stats.lines, true);
      return;
    }
    this.stats.continuations++;
    if (cur.skip) {
      cur.blanks = 0;
      return;
    }
    const head = textOf(cur);
    if (head.length < MAX_TEXT) {
      cur.text = cur.blanks > 0 ? `${head}${'\n'.repeat(cur.blanks + 1)}${text}` : `${head}\n${text}`;
    }
    cur.blanks = 0;
  }

  private blank(): void {
    const cur = this.pending;
    if (cur === null) {
      this.unparsed(this.stats.lines, false);
      return;
    }
    this.stats.continuations++;
    cur.blanks++;
  }

  private unparsed(lineNo: number, hasText: boolean): void {
    this.stats.unparsed++;
    this.ctx.state.unparsed = this.stats.unparsed;
    if (hasText) {
      this.unparsedText++;
      this.firstUnparsedLine ??= lineNo;
    }
  }

  // ---- events -----------------------------------------------------------------------------------

  private flush(out: ClusterEvent[]): void {
    const cur = this.pending;
    if (cur === null) return;
    this.pending = null;
    if (cur.skip) {
      this.skip(cur);
      return;
    }
    let event: ClusterEvent;
    switch (cur.kind) {
      case 'line':
        if (cur.eventlog) {
          event = this.eventLogLine(cur);
        } else {
          event = classifyDetailed(this.base(cur), cur.func).event;
        }
        break;
      case 'header':
        event = this.headerEvent(cur);
        break;
      case 'row': {
        const cells = this.pendingCells ?? [];
        this.pendingCells = null;
        event = assemble(this.base(cur), {
          type: 'config.row',
          table: this.section?.name ?? '',
          row: rowByHeader(this.tableHeaders ?? [], cells),
        });
        break;
      }
      case 'marker':
      case 'plain':
        event = this.base(cur);
        break;
    }
    this.emit(event, out);
    cur.src = null;
    this.spare = cur;
  }

  /** A record the sieve leaves out: counted, its times noted, never built. */
  private skip(cur: Pending): void {
    this.stats.records++;
    const st = this.ctx.state;
    st.records = this.stats.records;
    const wall = wallOf(cur);
    const t = this.toUtc(wall);
    if (t !== null) {
      if (st.firstUtcMs === null || t < st.firstUtcMs) st.firstUtcMs = t;
      if (st.lastUtcMs === null || t > st.lastUtcMs) st.lastUtcMs = t;
    }
    this.sieve?.skipped(wall, t);
    cur.src = null;
    this.spare = cur;
  }

  private emit(event: ClusterEvent, out: ClusterEvent[]): void {
    out.push(event);
    this.stats.records++;
    const st = this.ctx.state;
    st.records = this.stats.records;
    const t = event.utcMs;
    if (t !== null) {
      if (st.firstUtcMs === null || t < st.firstUtcMs) st.firstUtcMs = t;
      if (st.lastUtcMs === null || t > st.lastUtcMs) st.lastUtcMs = t;
    }
  }

  /** The event's fields, born as `generic` so that unclassified records need no second object. */
  private base(cur: Pending): GenericEvent {
    return {
      node: this.ctx.state.node,
      source: { file: this.ctx.file, line: cur.line },
      sourceKind: 'cluster-log',
      wallMs: wallOf(cur),
      utcMs: this.toUtc(wallOf(cur)),
      timeText: timeOf(cur),
      level: cur.level,
      pid: cur.pid,
      tid: cur.tid,
      component: cur.component,
      channel: cur.channel,
      text: textOf(cur),
      type: 'generic',
    };
  }

  /** UTC = wall clock + offset (the header's `UTC = localtime + time zone offset`). */
  private toUtc(wallMs: number | null): number | null {
    if (wallMs === null) return null;
    const zone = this.ctx.state.zone;
    if (zone.basis === 'unknown' || zone.offsetMinutes === null) return null;
    return wallMs + zone.offsetMinutes * 60_000;
  }

  /**
   * A line of an event-channel section. Event messages never start with a `[TAG]`, except the
   * pass-through events 2049–2051 whose message is cluster-log text (domain.md §7): those are
   * classified like any cluster-log line when a message row knows them.
   */
  private eventLogLine(cur: Pending): ClusterEvent {
    if (cur.component !== null) {
      const classified = classifyDetailed(this.base(cur), cur.func);
      if (classified.row !== null) return classified.event;
    }
    return this.eventLogRecord(cur);
  }

  private eventLogRecord(cur: Pending): ClusterEvent {
    // The grammar split `[TAG]` off the text; the message is the whole text as written.
    const text = textOf(cur);
    const message = cur.component === null ? text : `${cur.func ?? ''}[${cur.component}] ${text}`;
    let match: ReturnType<typeof matchMessage> = null;
    try {
      match = matchMessage(message);
    } catch {
      match = null;
    }
    return assemble(this.base(cur), {
      type: 'eventlog.record',
      eventId: match?.eventId ?? null,
      idFrom: match === null ? null : 'template',
      provider: match?.provider ?? null,
      // Levels in the 2016+ System section are unreliable (ERR/DBG for critical events, domain.md §2): kept as written.
      levelName: cur.levelText,
      computer: null,
      recordId: null,
      task: null,
      message,
      template: match?.key ?? null,
      params: match?.params ?? {},
      data: null,
    });
  }

  private headerEvent(cur: Pending): ClusterEvent {
    const facts = this.facts ?? emptyHeaderFacts();
    const st = this.ctx.state;
    if (facts.currentNode !== null) {
      st.node = facts.currentNode;
      st.nodeFrom = 'header';
    }
    if (facts.localTime === true) {
      st.zone =
        facts.utcOffsetMinutes !== null
          ? {
              basis: 'local',
              offsetMinutes: facts.utcOffsetMinutes,
              how: `2016+ header: local time, UTC = local ${facts.utcOffsetMinutes < 0 ? '−' : '+'} ${Math.abs(facts.utcOffsetMinutes)} min`,
            }
          : { basis: 'unknown', offsetMinutes: null, how: '2016+ header: local time, offset not stated' };
      st.notes.push(
        'cluster.log written with -UseLocalTime: the header offset is the one in force when the log was generated; lines from the other side of a daylight-saving change are off by an hour, and times inside messages stay UTC',
      );
    } else {
      st.zone = {
        basis: 'utc',
        offsetMinutes: 0,
        how: facts.localTime === false ? '2016+ header: UTC' : '2016+ header: UTC (no local-time marker)',
      };
    }
    return assemble(this.base(cur), {
      type: 'log.header',
      buildNumber: facts.buildNumber,
      utcOffsetMinutes: facts.utcOffsetMinutes,
      localTime: facts.localTime === true,
      currentNode: facts.currentNode,
    });
  }
}

/** A line ending in an opening tag (`... <struct mscs::FaultTolerantRoute>`); the `>` test skips the regex for most lines. */
function opensStruct(text: string): boolean {
  let end = text.length - 1;
  while (end >= 0 && text.charCodeAt(end) === 32) end--;
  return end >= 0 && text.charCodeAt(end) === 62 && OPENS_STRUCT.test(text) && !text.includes('</');
}

/** The `>` test of `opensStruct` on units: the text's last non-space character closes a tag. */
function endsWithTag(u: Units, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && u[i] === 32) i--;
  return i >= start && u[i] === 62;
}

function wallOf(rec: Pending): number | null {
  const w = rec.wallMs;
  return Number.isNaN(w) ? null : w;
}

/** The record's text, made into a string on first use. */
function textOf(rec: Pending): string {
  const src = rec.src;
  if (src === null) return rec.text;
  rec.text = unitString(src, rec.textStart, rec.textEnd);
  if (rec.timeStart >= 0) rec.timeText = unitString(src, rec.timeStart, rec.timeEnd);
  rec.src = null;
  return rec.text;
}

function timeOf(rec: Pending): string | null {
  if (rec.src !== null) textOf(rec);
  return rec.timeText;
}

function isBlank(u: Units, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = u[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function isBlankText(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function emptyPending(): Pending {
  return {
    kind: 'plain',
    line: 0,
    text: '',
    src: null,
    textStart: 0,
    textEnd: 0,
    timeStart: -1,
    timeEnd: -1,
    blanks: 0,
    channel: null,
    pid: null,
    tid: null,
    timeText: null,
    wallMs: NaN,
    level: null,
    levelText: null,
    func: null,
    component: null,
    eventlog: false,
    structOpen: false,
    skip: false,
  };
}
