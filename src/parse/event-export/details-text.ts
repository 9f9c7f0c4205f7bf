/**
 * Event Viewer "Copy → Copy details as text" blocks (domain.md §8.3), the most common shape in forum
 * posts, several per file:
 *
 *   Log Name:      System
 *   Source:        Microsoft-Windows-FailoverClustering
 *   Date:          6/17/2009 4:07:58 PM
 *   Event ID:      1230
 *   ...
 *   Description:
 *   <message, any number of lines>
 *   Event Xml:
 *   <Event xmlns="..."> ... </Event>
 *
 * and the KB-article variant (`Event Type:`, `Event Source:`, `Event Category:`, `Event ID:`, `Date:`,
 * `Time:`, `User:`, `Computer:`, `Description:`). When the XML is present its EventData and SystemTime
 * (UTC) are used; the local `Date:` then gives the zone offset too.
 */
import type { FormatReader } from '../types.js';
import { EventXmlReader } from './event-xml.js';
import { nonBlank } from './head.js';
import { labelLine, type Field } from './labels.js';
import { drain, parseEventId, RecordSink, type RawRecord } from './sink.js';
import { rawFromXml } from './xml.js';

const WEVTUTIL_BLOCK = /^Event\[\d+\]:\s*$/;
const XML_END = /<\/(?:[\w.-]+:)?Event>/;

interface Block {
  line: number;
  fields: Partial<Record<Field, string>>;
  description: string[] | null;
  xml: string[] | null;
  xmlLine: number;
}

/** Labels that can only begin a block. */
const BLOCK_START: ReadonlySet<Field> = new Set<Field>(['log', 'type']);

export const detailsTextReader: FormatReader = {
  id: 'eventlog-details-text',
  kind: 'event-log',
  description: 'Event Viewer "copy details as text" blocks (Log Name:, Source:, Date:, Event ID:, ..., Description:, Event Xml:)',
  sniff(head) {
    const lines = nonBlank(head, 80);
    if (lines.some((l) => WEVTUTIL_BLOCK.test(l))) return 0;
    const seen = new Set<Field>();
    for (const l of lines) {
      const f = labelLine(l);
      // Pasted into forums and mails the blocks are often indented a little.
      if (f && f.indent <= 4) seen.add(f.field);
    }
    const core = ['source', 'id', 'description'].filter((f) => seen.has(f as Field)).length;
    if (core === 3) return seen.has('log') || seen.has('type') ? 0.92 : 0.85;
    if (core === 2 && (seen.has('log') || seen.has('level') || seen.has('type'))) return 0.8;
    return 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'event details text');
    let block: Block | null = null;
    let last = 0;

    const finish = (): void => {
      const b = block;
      block = null;
      if (!b) return;
      const f = b.fields;
      const description = trimLines(b.description ?? []);
      let raw: RawRecord = {
        line: b.line,
        localDate: f.date ?? null,
        localTime: f.time ?? null,
        levelName: f.level ?? f.type ?? null,
        provider: f.source ?? null,
        eventId: f.id ?? null,
        computer: f.computer ?? null,
        channel: f.log ?? null,
        task: f.task ?? null,
        recordId: f.record ?? null,
        message: description,
      };
      // An XML part cut off at the end of the input is reported once by the end handler.
      if (b.xml && b.xml.some((l) => XML_END.test(l))) {
        const ev = EventXmlReader.parseOne(b.xml.join('\n'), b.xmlLine);
        if (ev) {
          const x = rawFromXml(ev, b.line);
          raw = {
            ...raw,
            utcMs: x.utcMs ?? null,
            utcText: x.utcText ?? null,
            provider: raw.provider ?? x.provider ?? null,
            eventId: raw.eventId ?? x.eventId ?? null,
            computer: raw.computer ?? x.computer ?? null,
            channel: raw.channel ?? x.channel ?? null,
            recordId: x.recordId ?? null,
            levelName: raw.levelName ?? x.levelName ?? null,
            message: description !== '' ? description : (x.message ?? ''),
            data: x.data ?? null,
            pid: x.pid ?? null,
            tid: x.tid ?? null,
            // Without a local Date: line the XML time is all there is.
            ...(raw.localDate ? {} : { localDate: null }),
          };
        } else {
          sink.damage(b.xmlLine, 'malformed', 'Event Xml part could not be read; the text fields are used');
        }
      }
      if (f.id !== undefined && parseEventId(f.id) === null) {
        sink.bad(b.line, `event ID '${f.id.slice(0, 20)}' is not a number`);
        return;
      }
      if ((raw.message ?? '') === '' && raw.eventId == null) {
        sink.bad(b.line, 'event block without event ID or description');
        return;
      }
      sink.add(raw);
    };

    return drain(
      lines,
      sink,
      (text, no) => {
        last = no;
        if (block?.xml) {
          block.xml.push(text);
          if (XML_END.test(text)) finish();
          return;
        }
        const label = labelLine(text);
        const field = label && label.indent <= 4 ? label.field : null;
        if (block?.description) {
          // Inside the message: only a label that must begin a block, or the XML part, ends it.
          if (field === 'xml') {
            block.xml = label?.value ? [label.value] : [];
            block.xmlLine = label?.value ? no : no + 1;
            return;
          }
          if (field && (BLOCK_START.has(field) || (field === 'source' && /^event source$/i.test(text.split(':')[0]?.trim() ?? '')))) {
            finish();
          } else {
            block.description.push(text);
            return;
          }
        }
        if (!field || !label) {
          if (text.trim() === '') return;
          if (block) block.description = [text];
          else sink.bad(no, 'text outside an event block');
          return;
        }
        if (field === 'xml') {
          if (!block) return;
          block.xml = label.value ? [label.value] : [];
          block.xmlLine = label.value ? no : no + 1;
          return;
        }
        if (block && (BLOCK_START.has(field) || block.fields[field] !== undefined)) finish();
        block ??= { line: no, fields: {}, description: null, xml: null, xmlLine: no };
        if (field === 'description') {
          block.description = label.value ? [label.value] : [];
          return;
        }
        block.fields[field] = label.value;
      },
      () => {
        if (block?.xml && !block.xml.some((l) => XML_END.test(l))) {
          sink.damage(last, 'truncated', 'input ends inside an Event Xml part (cut off?)');
        }
        finish();
      },
    );
  },
};

/** Drops leading and trailing blank lines; keeps inner paragraphs. */
function trimLines(lines: readonly string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b - 1] ?? '').trim() === '') b--;
  return lines.slice(a, b).join('\n');
}
