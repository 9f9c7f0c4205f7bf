/**
 * `Get-WinEvent | ConvertTo-Json` and `Get-EventLog | ConvertTo-Json` (domain.md §8.5): an array of
 * objects or a single object. Windows PowerShell 5.1 writes dates as `"\/Date(1245269278000)\/"`
 * (UTC ms); PowerShell 7 as ISO-8601 with the local offset (exact either way). `Properties` is an
 * array of `{"Value": ...}` (the insertion strings); `Get-EventLog` enums (`EntryType`) are numbers.
 *
 * Streaming: a scanner tracks strings and nesting and cuts out each element of the top-level array,
 * which is then parsed alone, so memory stays at one element (capped at MAX_ELEMENT) on files of any size.
 */
import type { FormatReader } from '../types.js';
import { nonBlank } from './head.js';
import { psField, psRecord, type PsField } from './ps-fields.js';
import { drain, RecordSink } from './sink.js';

/** One event object is a few KB; anything this large is not one. */
const MAX_ELEMENT = 16 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

interface Element {
  readonly line: number;
  readonly text: string | null;
}

class JsonElementScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Top-level value is an array (elements are its items) or an object (the element itself). */
  private arrayMode = false;
  private parts: string[] | null = null;
  private size = 0;
  private oversize = false;
  private startLine = 0;
  private startDepth = 0;

  /** Returns the elements completed on this line (`text` null when over the size cap). */
  push(line: string, no: number): Element[] {
    const out: Element[] = [];
    const text = `${line}\n`;
    const n = text.length;
    let from = this.parts ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Skip to the next quote or backslash: string contents are most of the text.
        let j = i;
        let c = ch;
        while (c !== QUOTE && c !== BACKSLASH && ++j < n) c = text.charCodeAt(j);
        if (j >= n) break;
        i = j;
        if (c === BACKSLASH) this.escaped = true;
        else this.inString = false;
        continue;
      }
      if (ch === QUOTE) {
        this.inString = true;
        continue;
      }
      if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
        if (this.depth === 0) {
          this.arrayMode = ch === OPEN_BRACKET;
          if (!this.arrayMode) {
            this.begin(no, 0);
            from = i;
          }
        } else if (this.arrayMode && this.depth === 1) {
          this.begin(no, 1);
          from = i;
        }
        this.depth++;
        continue;
      }
      if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        if (this.depth === 0) continue;
        this.depth--;
        if (this.parts && this.depth === this.startDepth) {
          this.add(text.slice(from, i + 1));
          out.push({ line: this.startLine, text: this.oversize ? null : this.parts.join('') });
          this.parts = null;
          from = -1;
        }
      }
    }
    if (this.parts && from >= 0) this.add(text.slice(from));
    return out;
  }

  /** Line where an unfinished element starts, or null. */
  get open(): number | null {
    return this.parts ? this.startLine : null;
  }

  get nested(): boolean {
    return this.depth > 0;
  }

  private begin(no: number, depth: number): void {
    this.parts = [];
    this.size = 0;
    this.oversize = false;
    this.startLine = no;
    this.startDepth = depth;
  }

  private add(chunk: string): void {
    if (!this.parts || this.oversize) return;
    this.size += chunk.length;
    if (this.size > MAX_ELEMENT) {
      this.oversize = true;
      this.parts = [];
      return;
    }
    this.parts.push(chunk);
  }
}

export const psJsonReader: FormatReader = {
  id: 'eventlog-ps-json',
  kind: 'event-log',
  description: 'PowerShell Get-WinEvent / Get-EventLog | ConvertTo-Json',
  sniff(head) {
    const lines = nonBlank(head, 80);
    const first = (lines[0] ?? '').trimStart();
    if (!first.startsWith('[') && !first.startsWith('{')) return 0;
    const text = lines.join('\n');
    const keys = ['timecreated', 'providername', 'timegenerated', 'eventid', 'leveldisplayname', 'instanceid', 'machinename'];
    const found = keys.filter((k) => new RegExp(`"${k}"\\s*:`, 'i').test(text)).length;
    return found >= 2 ? 0.95 : found === 1 ? 0.7 : 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'PowerShell ConvertTo-Json');
    const scanner = new JsonElementScanner();
    let last = 0;
    const take = (el: Element): void => {
      if (el.text === null) {
        sink.bad(el.line, `JSON element larger than ${MAX_ELEMENT >> 20} MB`);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(el.text);
      } catch (err) {
        sink.bad(el.line, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
        return;
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        sink.bad(el.line, 'array item is not an event object');
        return;
      }
      const byField = new Map<PsField, unknown>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const f = psField(k);
        if (f && !byField.has(f)) byField.set(f, v);
      }
      if (!byField.has('id') && !byField.has('instanceId') && !byField.has('message')) {
        sink.bad(el.line, 'object without Id or Message');
        return;
      }
      const id = byField.get('id') ?? byField.get('instanceId');
      if (id !== undefined && id !== null && !/^\d+$/.test(String(id))) {
        sink.bad(el.line, `event ID '${String(id).slice(0, 20)}' is not a number`);
        return;
      }
      sink.add(psRecord(el.line, (f) => byField.get(f)));
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        last = no;
        for (const el of scanner.push(text, no)) take(el);
      },
      () => {
        const open = scanner.open;
        if (open !== null) sink.bad(open, `input ends inside a JSON object (cut off after line ${last}?)`, 'truncated');
        else if (scanner.nested) sink.damage(last, 'truncated', 'input ends inside the JSON array (cut off?)');
      },
    );
  },
};
