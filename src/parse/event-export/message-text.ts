/**
 * Bare message text pasted without any export header (the 1230 text alone, a few messages one after
 * another): a line where a catalogued message starts begins a record, the lines after it continue it.
 * An `Event ID: 1069`-style line just before a message gives its ID. No dates: times stay unknown.
 */
import { hasMatch } from '../../events/catalogue.js';
import type { FormatReader } from '../types.js';
import { nonBlank } from './head.js';
import { drain, RecordSink, type RawRecord } from './sink.js';

const ID_LINE = /^\W*event\s*id\W*(\d{1,5})\W*$/i;
/** Markdown and list decoration around pasted messages. */
const DECORATION = /^\s*(?:[>*\-•]+\s*)?/;

function startsMessage(line: string, eventId: number | null = null): boolean {
  const text = undecorated(line);
  return text.length >= 20 && hasMatch(text, eventId);
}

/** `line.replace(DECORATION, '')`; most lines start with neither a blank nor a list mark, and have nothing to remove. */
function undecorated(line: string): string {
  const c = line.charCodeAt(0);
  const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x27 || c === 0x22;
  return plain ? line : line.replace(DECORATION, '');
}

export const messageTextReader: FormatReader = {
  id: 'eventlog-message-text',
  kind: 'event-log',
  description: 'Bare event message text recognised by the event catalogue (no export header)',
  sniff(head) {
    const lines = nonBlank(head, 40);
    if (lines.length === 0) return 0;
    let starts = 0;
    for (const l of lines) if (startsMessage(l)) starts++;
    if (starts === 0) return 0;
    // Messages may span lines, so a fraction of lines starting one is already strong evidence.
    return Math.min(0.7, 0.35 + (0.5 * starts) / lines.length);
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'bare message text');
    let held: { line: number; id: number | null; text: string[] } | null = null;
    let nextId: number | null = null;
    let blanks = 0;
    const flush = (): void => {
      if (!held) return;
      const raw: RawRecord = { line: held.line, eventId: held.id, message: held.text.join('\n') };
      held = null;
      sink.add(raw);
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        const id = ID_LINE.exec(text);
        if (id) {
          flush();
          nextId = Number(id[1]);
          return;
        }
        if (startsMessage(text, nextId) || (nextId === null ? false : startsMessage(text))) {
          flush();
          blanks = 0;
          held = { line: no, id: nextId, text: [undecorated(text)] };
          nextId = null;
          return;
        }
        if (text.trim() === '') {
          blanks++;
          // Two blank lines end a message: what follows is not part of it.
          if (blanks >= 2) flush();
          else held?.text.push(text);
          return;
        }
        blanks = 0;
        if (held) {
          held.text.push(text);
          return;
        }
        sink.bad(no, 'text that is not a known event message');
      },
      flush,
    );
  },
};
