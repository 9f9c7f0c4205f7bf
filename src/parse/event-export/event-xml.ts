/**
 * Streaming reader of `<Event>` elements (Windows event schema) with saxes, for Event Viewer XML
 * (`<Events><Event>…`), `wevtutil qe /f:xml` (bare `<Event>` fragments: a synthetic root is fed first),
 * `/f:RenderedXml` (`<RenderingInfo><Message>`), and the `Event Xml:` part of copied event details.
 * After a syntax error the parser is dropped and a new one starts at the next line holding `<Event`,
 * so one bad record does not cost the rest of the file.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlEvent {
  /** Line of the `<Event` tag. */
  readonly line: number;
  provider: string | null;
  /** Legacy source name (`EventSourceName` attribute) of classic providers. */
  sourceName: string | null;
  eventId: string | null;
  level: string | null;
  task: string | null;
  systemTime: string | null;
  recordId: string | null;
  channel: string | null;
  computer: string | null;
  pid: number | null;
  tid: number | null;
  /** Insertion strings by `Name`, or by 1-based position when unnamed. */
  readonly data: Record<string, string>;
  /** Insertion strings in document order (for rendering `%n`). */
  readonly values: string[];
  rendered: { message: string | null; level: string | null; task: string | null; channel: string | null; provider: string | null } | null;
}

const ROOT = 'wsfc-export-root';
const EVENT_START = /<(?:[\w.-]+:)?Event[\s>]/;
const LINE_EVENT_START = /^\s*<(?:[\w.-]+:)?Event[\s>]/;
const XML_DECL = /<\?xml[^>]*\?>/g;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function toInt(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  return null;
}

export interface XmlProblem {
  readonly line: number;
  /** `malformed`: damage outside any record (nothing lost but the resynchronisation). */
  readonly code: 'bad-record' | 'truncated' | 'malformed';
  readonly message: string;
}

export class EventXmlReader {
  private parser: SaxesParser | null = null;
  private lineOffset = 0;
  private stack: string[] = [];
  private current: XmlEvent | null = null;
  private text = '';
  private dataName: string | null = null;
  private position = 0;
  private inUserData = 0;
  private readonly done: XmlEvent[] = [];
  readonly problems: XmlProblem[] = [];

  /** Feeds one physical line (1-based number); returns the events completed by it. */
  writeLine(raw: string, no: number): XmlEvent[] {
    let line = raw.includes('<?xml') ? raw.replace(XML_DECL, '') : raw;
    if (this.parser && this.current && LINE_EVENT_START.test(line)) {
      // Events never nest: the open one was damaged so that its end tag was swallowed (an unclosed
      // comment, processing instruction or attribute). Drop it and start again here.
      this.problems.push({ line: this.current.line, code: 'bad-record', message: 'malformed XML (<Event> never closed); the record is skipped' });
      this.parser = null;
      this.current = null;
    }
    if (!this.parser) {
      const at = line.search(EVENT_START);
      const rootAt = line.search(/<(?:[\w.-]+:)?Events[\s>]/);
      const from = rootAt >= 0 && (at < 0 || rootAt < at) ? rootAt : at;
      if (from < 0) return this.drain();
      line = line.slice(from);
      this.start(no);
    }
    const p = this.parser;
    if (!p) return this.drain();
    try {
      p.write(`${line}\n`);
    } catch (err) {
      this.fail(no, err);
    }
    return this.drain();
  }

  /** End of input: reports an event left open (a cut-off file). */
  end(lastLine: number): XmlEvent[] {
    if (this.parser && this.current) {
      this.problems.push({
        line: this.current.line,
        code: 'truncated',
        message: `input ends inside an <Event> element (cut off after line ${lastLine}?); the incomplete record is skipped`,
      });
    }
    this.parser = null;
    this.current = null;
    return this.drain();
  }

  /** Parses one self-contained XML text (the `Event Xml:` block of copied details). */
  static parseOne(xml: string, firstLine: number): XmlEvent | null {
    const r = new EventXmlReader();
    const lines = xml.split('\n');
    const found: XmlEvent[] = [];
    lines.forEach((l, i) => found.push(...r.writeLine(l, firstLine + i)));
    found.push(...r.end(firstLine + lines.length - 1));
    return found[0] ?? null;
  }

  private drain(): XmlEvent[] {
    return this.done.splice(0, this.done.length);
  }

  private start(no: number): void {
    const p = new SaxesParser({ xmlns: false, position: true });
    this.parser = p;
    this.lineOffset = no - 1;
    this.stack = [];
    this.current = null;
    p.on('opentag', (tag) => {
      if (this.parser === p) this.open(tag as SaxesTagPlain, p.line + this.lineOffset);
    });
    p.on('closetag', (tag) => {
      if (this.parser === p) this.close(localName(tag.name));
    });
    p.on('text', (t) => {
      if (this.parser === p) this.text += t;
    });
    p.on('cdata', (t) => {
      if (this.parser === p) this.text += t;
    });
    p.on('error', (err) => {
      if (this.parser === p) this.fail(p.line + this.lineOffset, err);
    });
    p.write(`<${ROOT}>`);
  }

  private fail(line: number, err: unknown): void {
    const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    this.problems.push({
      line: this.current?.line ?? line,
      code: this.current ? 'bad-record' : 'malformed',
      message: `malformed XML (${message.replace(/^[^:]*:\d+:\d+:\s*/, '')})${this.current ? '; the record is skipped' : ''}`,
    });
    this.parser = null;
    this.current = null;
  }

  private open(tag: SaxesTagPlain, line: number): void {
    const name = localName(tag.name);
    const attrs = tag.attributes;
    this.stack.push(name);
    this.text = '';
    if (name === 'Event' && !this.current) {
      this.current = {
        line,
        provider: null,
        sourceName: null,
        eventId: null,
        level: null,
        task: null,
        systemTime: null,
        recordId: null,
        channel: null,
        computer: null,
        pid: null,
        tid: null,
        data: {},
        values: [],
        rendered: null,
      };
      this.position = 0;
      this.inUserData = 0;
      return;
    }
    const ev = this.current;
    if (!ev) return;
    const parent = this.stack[this.stack.length - 2];
    switch (name) {
      case 'Provider':
        if (parent === 'System') {
          ev.provider = attrs.Name ?? null;
          ev.sourceName = attrs.EventSourceName ?? null;
        }
        break;
      case 'TimeCreated':
        if (parent === 'System') ev.systemTime = attrs.SystemTime ?? null;
        break;
      case 'Execution':
        if (parent === 'System') {
          ev.pid = toInt(attrs.ProcessID);
          ev.tid = toInt(attrs.ThreadID);
        }
        break;
      case 'Data':
        this.dataName = attrs.Name ?? null;
        break;
      case 'RenderingInfo':
        ev.rendered = { message: null, level: null, task: null, channel: null, provider: null };
        break;
      case 'UserData':
        this.inUserData = this.stack.length;
        break;
      default:
        break;
    }
  }

  private close(name: string): void {
    const ev = this.current;
    const parent = this.stack[this.stack.length - 2];
    const text = this.text;
    this.text = '';
    this.stack.pop();
    if (!ev) return;
    if (name === 'Event' && !this.stack.includes('Event')) {
      this.done.push(ev);
      this.current = null;
      return;
    }
    const value = text.trim();
    if (parent === 'System') {
      switch (name) {
        case 'EventID':
          ev.eventId = value;
          break;
        case 'Level':
          ev.level = value;
          break;
        case 'Task':
          ev.task = value;
          break;
        case 'EventRecordID':
          ev.recordId = value;
          break;
        case 'Channel':
          ev.channel = value;
          break;
        case 'Computer':
          ev.computer = value;
          break;
        default:
          break;
      }
      return;
    }
    if (parent === 'RenderingInfo' && ev.rendered) {
      const r = ev.rendered;
      if (name === 'Message') r.message = text.trim();
      else if (name === 'Level') r.level = value || null;
      else if (name === 'Task') r.task = value || null;
      else if (name === 'Channel') r.channel = value || null;
      else if (name === 'Provider') r.provider = value || null;
      return;
    }
    if (name === 'Data' && parent === 'EventData') {
      this.position++;
      this.addData(this.dataName ?? String(this.position), text);
      this.dataName = null;
      return;
    }
    if (this.inUserData > 0 && this.stack.length >= this.inUserData && value !== '') {
      // UserData holds provider-specific leaf elements: keep them by element name.
      this.addData(name, text);
      return;
    }
    if (name === 'UserData') this.inUserData = 0;
  }

  private addData(name: string, value: string): void {
    const ev = this.current;
    if (!ev) return;
    let key = name;
    for (let i = 2; ev.data[key] !== undefined; i++) key = `${name}#${i}`;
    ev.data[key] = value;
    ev.values.push(value);
  }
}
