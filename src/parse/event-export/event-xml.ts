/**
 * Streaming reader of `<Event>` elements (Windows event schema) with saxes, for Event Viewer XML
 * (`<Events><Event>…`), `wevtutil qe /f:xml` (bare `<Event>` fragments: a synthetic root is fed first),
 * `/f:RenderedXml` (`<RenderingInfo><Message>`), and the `Event Xml:` part of copied event details.
 * After a syntax error the parser is dropped and a new one starts at the next line holding `<Event`,
 * so one bad record does not cost the rest of the file.
 *
 * Fast path: between events, the lines of the next `<Event>…</Event>` are held and read by hand
 * (`readHeld`) when they use only what event exports use (plain names, quoted attributes, the five
 * named entities and character references) — the same handler calls saxes would make. Anything else,
 * or anything saxes would reject, is handed to saxes line by line as if never held.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { unitString, type LineBatch, type Units } from '../../input/units.js';

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
export const LINE_EVENT_START = /^\s*<(?:[\w.-]+:)?Event[\s>]/;
const XML_DECL = /<\?xml[^>]*\?>/g;

/** saxes' state between markup (`S_TEXT` in saxes 6): only then can held lines be read by hand. */
const SAXES_TEXT_STATE = 13;
/** saxes' position fields (public in saxes 6). */
interface SaxesPosition {
  line: number;
  column: number;
}

/** The fast path reads saxes' state and moves its position: only when both look as expected. */
const FAST = ((): boolean => {
  try {
    const p = new SaxesParser({ xmlns: false, position: true });
    p.write('<r>');
    const start = (p as unknown as { state?: unknown }).state === SAXES_TEXT_STATE;
    p.write('x\n');
    const position = p as unknown as SaxesPosition;
    return start && position.line === 2 && position.column === 0 && (p as unknown as { state?: unknown }).state === SAXES_TEXT_STATE;
  } catch {
    return false;
  }
})();
/** Held lines beyond these are handed to saxes. */
const MAX_HELD_LINES = 2000;
const MAX_HELD_CHARS = 1 << 20;
const MAX_HELD_TRIES = 4;
/** Characters saxes rejects in XML 1.0 (lone surrogates are tested apart), and CR, which it rewrites. */
const NOT_PLAIN = /[\x00-\x08\x0B-\x1F\uFFFE\uFFFF]|\]\]>/;
const NONE: XmlEvent[] = [];
const NO_PROBLEMS: XmlProblem[] = [];
/** Attributes of a start tag without any (never written to). */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** `LINE_EVENT_START`, read by hand (every line of an export is tested); non-ASCII blanks go to the regex. Exported for its test. */
export function startsEvent(line: string): boolean {
  const n = line.length;
  let i = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0x80) return LINE_EVENT_START.test(line);
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) break;
  }
  if (line.charCodeAt(i) !== C.Lt) return false;
  i++;
  // `(?:[\w.-]+:)?`: a prefix is the whole run of such characters, followed by a colon.
  let j = i;
  for (let c = line.charCodeAt(j); c < 0x80 && WORD_DOT_DASH[c] === 1; c = line.charCodeAt(++j));
  const at = j > i && line.charCodeAt(j) === 0x3a ? j + 1 : i;
  if (!line.startsWith('Event', at)) return false;
  const c = line.charCodeAt(at + 5);
  if (c >= 0x80) return LINE_EVENT_START.test(line);
  return c === C.Gt || c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

const enum Shape {
  /** `LINE_EVENT_START` holds. */
  Starts = 1,
  /** `<?xml` in the line. */
  Declaration = 2,
  /** `endsEvent` holds. */
  Ends = 4,
}

/**
 * `startsEvent`, `includes('<?xml')` and `endsEvent` of the line `[start, end)` of code units, as
 * `Shape` flags; -1 when a non-ASCII unit stands where `startsEvent` looks (its blanks are the regex's).
 */
function unitShape(u: Units, start: number, end: number): number {
  let shape = 0;
  let i = start;
  for (; i < end; i++) {
    const c = u[i]!;
    if (c >= 0x80) return -1;
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) break;
  }
  if (i < end && u[i] === C.Lt) {
    let j = i + 1;
    while (j < end && u[j]! < 0x80 && WORD_DOT_DASH[u[j]!] === 1) j++;
    const at = j > i + 1 && j < end && u[j] === 0x3a ? j + 1 : i + 1;
    if (at + 5 <= end && u[at] === 0x45 && u[at + 1] === 0x76 && u[at + 2] === 0x65 && u[at + 3] === 0x6e && u[at + 4] === 0x74) {
      const c = at + 5 < end ? u[at + 5]! : -1;
      if (c >= 0x80) return -1;
      if (c === C.Gt || c === 0x20 || (c >= 0x09 && c <= 0x0d)) shape |= Shape.Starts;
    }
  }
  for (let p = u.indexOf(C.Lt, start); p >= 0 && p + 4 < end; p = u.indexOf(C.Lt, p + 1)) {
    if (u[p + 1] === 0x3f && u[p + 2] === 0x78 && u[p + 3] === 0x6d && u[p + 4] === 0x6c) {
      shape |= Shape.Declaration;
      break;
    }
  }
  // endsEvent: blanks, `>`, blanks, `Event` after `/` or `:`.
  let e = end;
  while (e > start && isS(u[e - 1]!)) e--;
  if (e > start && u[e - 1] === C.Gt) {
    e--;
    while (e > start && isS(u[e - 1]!)) e--;
    if (e - 6 >= start && u[e - 5] === 0x45 && u[e - 4] === 0x76 && u[e - 3] === 0x65 && u[e - 2] === 0x6e && u[e - 1] === 0x74) {
      const before = u[e - 6];
      if (before === C.Slash || before === 0x3a) shape |= Shape.Ends;
    }
  }
  return shape;
}

/** `[from, to)` of the units is one line break (LF, CR or CRLF), so the lines around it are consecutive. */
function lineBreakBetween(u: Units, from: number, to: number): boolean {
  if (to - from === 1) return u[from] === C.Nl || u[from] === C.Cr;
  return to - from === 2 && u[from] === C.Cr && u[from + 1] === C.Nl;
}

/** `[\w.-]` for ASCII. */
const WORD_DOT_DASH = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d) WORD_DOT_DASH[c] = 1;
}

/** The line ends with an `</Event>` end tag: when to try reading the held lines (a miss only costs speed). */
function endsEvent(line: string): boolean {
  let e = line.length;
  while (e > 0 && isS(line.charCodeAt(e - 1))) e--;
  if (line.charCodeAt(e - 1) !== C.Gt) return false;
  e--;
  while (e > 0 && isS(line.charCodeAt(e - 1))) e--;
  if (!line.endsWith('Event', e)) return false;
  const before = line.charCodeAt(e - 6);
  return before === C.Slash || before === 0x3a;
}

const enum Held {
  /** The event was read; the lines are consumed. */
  Done,
  /** The event is not closed yet: hold more lines. */
  More,
  /** Not for the fast path: hand the lines to saxes. */
  No,
}

const enum C {
  Tab = 0x09,
  Nl = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Quot = 0x22,
  Amp = 0x26,
  Apos = 0x27,
  Slash = 0x2f,
  Lt = 0x3c,
  Eq = 0x3d,
  Gt = 0x3e,
}

function isS(c: number): boolean {
  return c === C.Space || c === C.Nl || c === C.Tab || c === C.Cr;
}

/** ASCII name characters (`:` included: no namespace processing): 1 may start a name, 2 only continue one. Others go to saxes. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) NAME[c] = 1;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a) NAME[c] = 2;
}

function isNameStart(c: number): boolean {
  return c < 128 && NAME[c] === 1;
}

function nameEnd(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c < 128 && NAME[c]! > 0; c = text.charCodeAt(++i));
  return i;
}

/** The attributes the handlers read (one shape: a missing one reads as undefined, as when absent); the others are only checked. */
interface Kept {
  Name: string | undefined;
  EventSourceName: string | undefined;
  SystemTime: string | undefined;
  ProcessID: string | undefined;
  ThreadID: string | undefined;
}

function keep(kept: Kept | null, name: string, value: string): Kept | null {
  switch (name) {
    case 'Name':
    case 'EventSourceName':
    case 'SystemTime':
    case 'ProcessID':
    case 'ThreadID': {
      const k = kept ?? { Name: undefined, EventSourceName: undefined, SystemTime: undefined, ProcessID: undefined, ThreadID: undefined };
      k[name] = value;
      return k;
    }
    default:
      return kept;
  }
}

function skipS(text: string, from: number): number {
  let i = from;
  while (i < text.length && isS(text.charCodeAt(i))) i++;
  return i;
}

/** XML 1.0 `Char` (what saxes accepts from a character reference). */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The entity starting at `amp` (`&...;`) as saxes resolves it, with the index after it; null for any it would reject. */
function entityAt(text: string, amp: number): { value: string; end: number } | null {
  // Only short entities are read here: look no further for the `;`.
  let semi = amp + 1;
  while (semi < text.length && semi - amp <= 12 && text.charCodeAt(semi) !== 0x3b) semi++;
  if (semi >= text.length || semi - amp > 12) return null;
  const name = text.slice(amp + 1, semi);
  const named = name.length <= 4 ? NAMED[name] : undefined;
  if (named !== undefined && Object.prototype.hasOwnProperty.call(NAMED, name)) return { value: named, end: semi + 1 };
  let num = NaN;
  if (name[1] === 'x' && /^#x[0-9a-f]+$/i.test(name)) num = Number.parseInt(name.slice(2), 16);
  else if (/^#[0-9]+$/.test(name)) num = Number.parseInt(name.slice(1), 10);
  return isXmlChar(num) ? { value: String.fromCodePoint(num), end: semi + 1 } : null;
}

/** Character data with its entities resolved, or null when one would be rejected. */
function decodeText(text: string, from: number, to: number, firstAmp: number): string | null {
  let amp = firstAmp;
  if (amp < 0 || amp >= to) return text.slice(from, to);
  let out = '';
  let at = from;
  while (amp >= 0 && amp < to) {
    const e = entityAt(text, amp);
    if (e === null || e.end > to) return null;
    out += text.slice(at, amp) + e.value;
    at = e.end;
    amp = text.indexOf('&', at);
  }
  return out + text.slice(at, to);
}

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

/** An attribute value as saxes gives it (literal tabs and line breaks as spaces, entities resolved), or null when it would reject it. */
function attrValue(text: string, from: number, to: number): string | null {
  let out = '';
  let at = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Lt) return null;
    if (c === C.Tab || c === C.Nl) {
      out += `${text.slice(at, i)} `;
      at = i + 1;
    } else if (c === C.Amp) {
      const e = entityAt(text, i);
      if (e === null || e.end > to) return null;
      out += text.slice(at, i) + e.value;
      at = e.end;
      i = e.end - 1;
    }
  }
  return at === from ? text.slice(from, to) : out + text.slice(at, to);
}

export interface XmlProblem {
  readonly line: number;
  /** `malformed`: damage outside any record (nothing lost but the resynchronisation). */
  readonly code: 'bad-record' | 'truncated' | 'malformed';
  readonly message: string;
}

/** What one line of input gave, in saxes' order: the events it completed, then the problems it met. */
export type XmlLineResult = (events: XmlEvent[], problems: XmlProblem[]) => void;

export class EventXmlReader {
  /** `fast: false` reads every line with saxes (the tests compare the two). */
  constructor(private readonly options: { readonly fast?: boolean } = {}) {}

  private parser: SaxesParser | null = null;
  private lineOffset = 0;
  private stack: string[] = [];
  private current: XmlEvent | null = null;
  private text = '';
  private dataName: string | null = null;
  private position = 0;
  private inUserData = 0;
  private readonly done: XmlEvent[] = [];
  /** Problems of the line being read. */
  private readonly found: XmlProblem[] = [];
  /** Problems met by `writeLine` and `end`. */
  readonly problems: XmlProblem[] = [];
  /**
   * Lines of the next event held for the fast path: line number, and the text or (read from code units)
   * the batch and index it is made from when needed.
   */
  private held: (string | null)[] = [];
  private heldBatches: (LineBatch | null)[] = [];
  private heldIndexes: number[] = [];
  private heldNos: number[] = [];
  private heldChars = 0;
  private heldTries = 0;

  /** Feeds one physical line (1-based number); returns the events completed by it (problems go to `problems`). */
  writeLine(raw: string, no: number): XmlEvent[] {
    const events: XmlEvent[] = [];
    this.write(raw, no, (e, p) => {
      events.push(...e);
      this.problems.push(...p);
    });
    return events;
  }

  /**
   * Feeds one physical line (1-based number). `out` gets what each line gave, in input order: held lines
   * are handed on later, but line by line as saxes read them.
   */
  write(raw: string, no: number, out: XmlLineResult): void {
    if (this.held.length > 0) {
      if (startsEvent(raw) || raw.includes('<?xml')) {
        // Another event starts before this one closed: saxes decides what that means.
        this.handOver(out);
        this.write(raw, no, out);
        return;
      }
      this.hold(raw, null, 0, no, raw.length);
      this.tryHeld(endsEvent(raw), out);
      return;
    }
    if (this.mayHold() && startsEvent(raw) && !raw.includes('<?xml')) {
      this.hold(raw, null, 0, no, raw.length);
      this.tryHeld(endsEvent(raw), out);
      return;
    }
    this.feed(raw, no);
    this.flush(out);
  }

  /**
   * `write` for line `i` of a batch of code units: held lines are not made into strings one by one
   * (an event of a saved Event Viewer export is 60 lines), only the event they hold.
   */
  writeUnits(batch: LineBatch, i: number, no: number, out: XmlLineResult): void {
    const start = batch.starts[i]!;
    const end = batch.ends[i]!;
    const shape = unitShape(batch.units, start, end);
    if (shape < 0) {
      // Non-ASCII where the shape is decided: the string functions decide.
      this.write(unitString(batch, start, end), no, out);
      return;
    }
    const opens = (shape & Shape.Starts) !== 0 && (shape & Shape.Declaration) === 0;
    if (this.held.length > 0) {
      if ((shape & (Shape.Starts | Shape.Declaration)) !== 0) {
        this.handOver(out);
        this.writeUnits(batch, i, no, out);
        return;
      }
      this.hold(null, batch, i, no, end - start);
      this.tryHeld((shape & Shape.Ends) !== 0, out);
      return;
    }
    if (opens && this.mayHold()) {
      this.hold(null, batch, i, no, end - start);
      this.tryHeld((shape & Shape.Ends) !== 0, out);
      return;
    }
    this.feed(unitString(batch, start, end), no);
    this.flush(out);
  }

  /** Makes held lines into strings: the units they were read from are about to be reused (`OpenedInput.units`). */
  detach(): void {
    for (let k = 0; k < this.held.length; k++) {
      if (this.heldBatches[k] === null) continue;
      this.heldLine(k);
      this.heldBatches[k] = null;
    }
  }

  /** Between events, where held lines can be read by hand. */
  private mayHold(): boolean {
    return FAST && this.options.fast !== false && !this.current && (this.parser === null || this.between());
  }

  /** Held line `k` as text. */
  private heldLine(k: number): string {
    let line = this.held[k];
    if (line === null || line === undefined) {
      const b = this.heldBatches[k]!;
      const i = this.heldIndexes[k]!;
      line = unitString(b, b.starts[i]!, b.ends[i]!);
      this.held[k] = line;
    }
    return line;
  }

  /** The held lines joined by `\n`: from one run of code units when they are consecutive lines of one batch. */
  private heldText(): string {
    const n = this.held.length;
    const b = this.heldBatches[0];
    if (n > 1 && b) {
      const first = this.heldIndexes[0]!;
      let joined = true;
      for (let k = 1; k < n && joined; k++) {
        // Only line breaks between them (no dropped BOM, no cut line).
        const i = first + k;
        joined = this.heldBatches[k] === b && this.heldIndexes[k] === i && lineBreakBetween(b.units, b.ends[i - 1]!, b.starts[i]!);
      }
      if (joined) {
        const text = unitString(b, b.starts[first]!, b.ends[first + n - 1]!);
        // Every CR there is (part of) a line break.
        return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
      }
    }
    if (n === 1) return this.heldLine(0);
    const lines: string[] = [];
    for (let k = 0; k < n; k++) lines.push(this.heldLine(k));
    return lines.join('\n');
  }

  /** Hands on what the line just read gave. */
  private flush(out: XmlLineResult): void {
    if (this.done.length === 0 && this.found.length === 0) return;
    out(this.drain(), this.found.length === 0 ? NO_PROBLEMS : this.found.splice(0));
  }

  private hold(raw: string | null, batch: LineBatch | null, i: number, no: number, length: number): void {
    this.held.push(raw);
    this.heldBatches.push(batch);
    this.heldIndexes.push(i);
    this.heldNos.push(no);
    this.heldChars += length + 1;
  }

  private clearHeld(): void {
    this.heldTries = 0;
    this.held = [];
    this.heldBatches = [];
    this.heldIndexes = [];
    this.heldNos = [];
    this.heldChars = 0;
  }

  /** saxes is between markup, so that held lines can be read without it. */
  private between(): boolean {
    return (this.parser as unknown as { state?: unknown }).state === SAXES_TEXT_STATE;
  }

  /** Reads the held lines when they may hold the whole event; hands them to saxes when they cannot be read by hand. */
  private tryHeld(ends: boolean, out: XmlLineResult): void {
    if (ends) {
      // Each try reads all held lines again: a few, then saxes (an event that never closes).
      if (++this.heldTries > MAX_HELD_TRIES) {
        this.handOver(out);
        return;
      }
      const r = this.readHeld();
      if (r === Held.Done) {
        // saxes never saw these lines: its position moves on as if it had (its messages show line and column).
        const position = this.parser as unknown as SaxesPosition;
        position.line += this.held.length;
        position.column = 0;
        this.clearHeld();
        this.flush(out);
        return;
      }
      if (r === Held.No) {
        this.handOver(out);
        return;
      }
    }
    if (this.held.length > MAX_HELD_LINES || this.heldChars > MAX_HELD_CHARS) this.handOver(out);
  }

  /** Feeds the held lines to saxes, as they would have been without the fast path. */
  private handOver(out: XmlLineResult): void {
    const n = this.held.length;
    const lines: string[] = [];
    for (let k = 0; k < n; k++) lines.push(this.heldLine(k));
    const nos = this.heldNos;
    this.clearHeld();
    for (let k = 0; k < n; k++) {
      this.feed(lines[k]!, nos[k]!);
      this.flush(out);
    }
  }

  /**
   * Reads the held lines as one `<Event>` element, making the handler calls saxes would make (open,
   * text, close, with the line of each start tag's `>`). Any state change is undone unless `Done`.
   */
  private readHeld(): Held {
    const text = this.heldText();
    if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed() || NOT_PLAIN.test(text)) return Held.No;
    const saved = {
      parser: this.parser,
      lineOffset: this.lineOffset,
      stack: this.stack.slice(),
      text: this.text,
      dataName: this.dataName,
      position: this.position,
      inUserData: this.inUserData,
      done: this.done.length,
    };
    // Without a parser (first event, or after an error) saxes would have started one at this line.
    if (this.parser === null) this.start(this.heldNos[0]!);
    const r = this.readEvent(text);
    if (r !== Held.Done) {
      this.parser = saved.parser;
      this.lineOffset = saved.lineOffset;
      this.stack = saved.stack;
      this.text = saved.text;
      this.dataName = saved.dataName;
      this.position = saved.position;
      this.inUserData = saved.inUserData;
      this.done.length = saved.done;
      this.current = null;
    }
    return r;
  }

  /**
   * The line saxes would give `pos` of the held lines joined by `\n`: it counts lines itself (a lone
   * surrogate before a line break swallows the break), so from its own line, not from `heldNos`.
   */
  private lineAt(text: string, pos: number): number {
    let k = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && nl < pos; nl = text.indexOf('\n', nl + 1)) k++;
    return (this.parser as unknown as SaxesPosition).line + this.lineOffset + k;
  }

  private readEvent(text: string): Held {
    const n = text.length;
    const names: string[] = [];
    let amp = text.indexOf('&');
    let i = skipS(text, 0);
    if (text.charCodeAt(i) !== C.Lt) return Held.No;
    for (;;) {
      // At a `<`.
      const c1 = text.charCodeAt(i + 1);
      if (c1 === C.Slash) {
        // The end tag must name the open element: compared in place, then it must end there.
        const name = names[names.length - 1];
        if (name === undefined) return Held.No;
        const e = i + 2 + name.length;
        if (e >= n) return Held.More;
        for (let k = 0; k < name.length; k++) if (text.charCodeAt(i + 2 + k) !== name.charCodeAt(k)) return Held.No;
        const after = text.charCodeAt(e);
        if (after < 128 && NAME[after]! > 0) return Held.No;
        const k = skipS(text, e);
        if (k >= n) return Held.More;
        if (text.charCodeAt(k) !== C.Gt) return Held.No;
        names.pop();
        this.close(localName(name));
        i = k + 1;
        if (names.length === 0) return skipS(text, i) === n ? Held.Done : Held.No;
      } else if (isNameStart(c1)) {
        const e = nameEnd(text, i + 1);
        const name = text.slice(i + 1, e);
        // Only the attributes the handlers read are kept; all are checked for duplicates (saxes rejects those).
        let kept: Kept | null = null;
        let seen: string[] | null = null;
        let k = e;
        let selfClosing = false;
        for (;;) {
          if (k >= n) return Held.More;
          let c = text.charCodeAt(k);
          if (c === C.Gt) {
            k++;
            break;
          }
          if (c === C.Slash) {
            if (k + 1 >= n) return Held.More;
            if (text.charCodeAt(k + 1) !== C.Gt) return Held.No;
            k += 2;
            selfClosing = true;
            break;
          }
          if (!isS(c)) return Held.No;
          k = skipS(text, k);
          if (k >= n) return Held.More;
          c = text.charCodeAt(k);
          if (c === C.Gt || c === C.Slash) continue;
          if (!isNameStart(c)) return Held.No;
          const ae = nameEnd(text, k);
          const attr = text.slice(k, ae);
          k = skipS(text, ae);
          if (k >= n) return Held.More;
          if (text.charCodeAt(k) !== C.Eq) return Held.No;
          k = skipS(text, k + 1);
          if (k >= n) return Held.More;
          const q = text.charCodeAt(k);
          if (q !== C.Quot && q !== C.Apos) return Held.No;
          const close = text.indexOf(q === C.Quot ? '"' : "'", k + 1);
          if (close < 0) return Held.More;
          const value = attrValue(text, k + 1, close);
          if (value === null) return Held.No;
          if (seen === null) seen = [attr];
          else if (seen.includes(attr)) return Held.No;
          else seen.push(attr);
          kept = keep(kept, attr, value);
          k = close + 1;
          if (k >= n) return Held.More;
          c = text.charCodeAt(k);
          if (!isS(c) && c !== C.Gt && c !== C.Slash) return Held.No;
        }
        const local = localName(name);
        const attributes = (kept ?? NO_ATTRIBUTES) as Record<string, string>;
        this.open({ name, attributes } as SaxesTagPlain, local === 'Event' && !this.current ? this.lineAt(text, k - 1) : 0);
        if (selfClosing) {
          this.close(local);
          if (names.length === 0) return skipS(text, k) === n ? Held.Done : Held.No;
        } else {
          names.push(name);
        }
        i = k;
      } else {
        // Comments, CDATA, processing instructions, other names: saxes.
        return i + 1 >= n ? Held.More : Held.No;
      }
      const lt = text.indexOf('<', i);
      if (lt < 0) return Held.More;
      if (lt > i) {
        // The next `&` is found once and remembered: looking for it per text run would rescan the rest each time.
        if (amp >= 0 && amp < i) amp = text.indexOf('&', i);
        if (amp >= 0 && amp < lt) {
          const t = decodeText(text, i, lt, amp);
          if (t === null) return Held.No;
          this.text += t;
        } else if (text.charCodeAt(lt + 1) === C.Slash) {
          // Text before a start tag is dropped by `open` (it clears the text): only text before an end tag is kept.
          this.text += text.slice(i, lt);
        }
      }
      i = lt;
    }
  }

  /** One line through saxes. */
  private feed(raw: string, no: number): void {
    let line = raw.includes('<?xml') ? raw.replace(XML_DECL, '') : raw;
    if (this.parser && this.current && LINE_EVENT_START.test(line)) {
      // Events never nest: the open one was damaged so that its end tag was swallowed (an unclosed
      // comment, processing instruction or attribute). Drop it and start again here.
      this.found.push({ line: this.current.line, code: 'bad-record', message: 'malformed XML (<Event> never closed); the record is skipped' });
      this.parser = null;
      this.current = null;
    }
    if (!this.parser) {
      const at = line.search(EVENT_START);
      const rootAt = line.search(/<(?:[\w.-]+:)?Events[\s>]/);
      const from = rootAt >= 0 && (at < 0 || rootAt < at) ? rootAt : at;
      if (from < 0) return;
      line = line.slice(from);
      this.start(no);
    }
    const p = this.parser;
    if (!p) return;
    try {
      p.write(`${line}\n`);
    } catch (err) {
      this.fail(no, err);
    }
  }

  /** End of input: reports an event left open (a cut-off file). Returns the last events (problems go to `problems`). */
  end(lastLine: number): XmlEvent[] {
    const events: XmlEvent[] = [];
    this.finish(lastLine, (e, p) => {
      events.push(...e);
      this.problems.push(...p);
    });
    return events;
  }

  /** End of input, as `write` hands things on. */
  finish(lastLine: number, out: XmlLineResult): void {
    if (this.held.length > 0) this.handOver(out);
    if (this.parser && this.current) {
      this.found.push({
        line: this.current.line,
        code: 'truncated',
        message: `input ends inside an <Event> element (cut off after line ${lastLine}?); the incomplete record is skipped`,
      });
    }
    this.parser = null;
    this.current = null;
    this.flush(out);
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
    return this.done.length === 0 ? NONE : this.done.splice(0, this.done.length);
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
    this.found.push({
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
