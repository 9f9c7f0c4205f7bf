/**
 * Event XML exports (domain.md §8.4): Event Viewer "Save As" XML (`<Events><Event>…`), `wevtutil qe /f:xml`
 * (a stream of `<Event>` fragments without a root) and `/f:RenderedXml` (adds `<RenderingInfo><Message>`).
 * `SystemTime` is UTC. Without a rendered message, the catalogue renders one from the insertion strings.
 */
import { renderMessage } from '../../events/catalogue.js';
import type { ClusterEvent } from '../../events/types.js';
import { unitString, type LineBatch } from '../../input/units.js';
import type { FormatReader, ReadContext } from '../types.js';
import { parseIsoUtc } from './dates.js';
import { EventXmlReader, type XmlEvent, type XmlLineResult } from './event-xml.js';
import { nonBlank } from './head.js';
import { drain, parseEventId, RecordSink, type RawRecord } from './sink.js';

/** Maps one parsed `<Event>` to a raw record (shared with the `Event Xml:` part of copied details). */
export function rawFromXml(ev: XmlEvent, line: number): RawRecord {
  return rawWithTime(ev, line, ev.systemTime ? parseIsoUtc(ev.systemTime) : null);
}

/** `rawFromXml` with the SystemTime already read. */
function rawWithTime(ev: XmlEvent, line: number, utcMs: number | null): RawRecord {
  const r = ev.rendered;
  const provider = ev.provider ?? r?.provider ?? ev.sourceName;
  let message = r?.message ?? null;
  const id = parseEventId(ev.eventId);
  if ((message === null || message === '') && id !== null) message = renderMessage(id, provider, ev.values);
  return {
    line,
    utcMs,
    utcText: ev.systemTime,
    levelName: r?.level ?? ev.level,
    provider,
    eventId: ev.eventId,
    computer: ev.computer,
    channel: r?.channel ?? ev.channel,
    recordId: ev.recordId,
    // Without RenderingInfo the task is a number that only the provider's manifest can name.
    task: r?.task ?? (ev.task && ev.task !== '0' ? ev.task : null),
    message: message ?? '',
    data: ev.data,
    pid: ev.pid,
    tid: ev.tid,
  };
}

/** Hands what the XML reader found to the sink: events, then problems, line by line. */
function takeInto(sink: RecordSink): XmlLineResult {
  return (events, problems) => {
    for (const ev of events) {
      if (ev.eventId === null && ev.systemTime === null && ev.rendered?.message == null) {
        sink.bad(ev.line, '<Event> without System data');
        continue;
      }
      const utcMs = ev.systemTime !== null ? parseIsoUtc(ev.systemTime) : null;
      if (ev.systemTime !== null && utcMs === null) {
        sink.bad(ev.line, `unreadable SystemTime '${ev.systemTime.slice(0, 40)}'`);
        continue;
      }
      sink.add(rawWithTime(ev, ev.line, ev.systemTime ? utcMs : null));
    }
    for (const p of problems) {
      if (p.code === 'malformed') sink.damage(p.line, 'malformed', p.message);
      else sink.bad(p.line, p.message, p.code);
    }
  };
}

export const eventXmlReader: FormatReader = {
  id: 'eventlog-xml',
  kind: 'event-log',
  description: 'Event XML: Event Viewer "Save As" XML, wevtutil qe /f:xml and /f:RenderedXml',
  sniff(head) {
    const text = nonBlank(head, 60).join('\n');
    if (!/<(?:[\w.-]+:)?Event[\s>]/.test(text)) return 0;
    if (/<System>|<System\s|<Provider\s+Name=/.test(text)) return 0.95;
    return /schemas\.microsoft\.com\/win\/2004\/08\/events\/event/.test(text) ? 0.9 : 0.4;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'event XML');
    const xml = new EventXmlReader();
    let last = 0;
    const take = takeInto(sink);
    return drain(
      lines,
      sink,
      (text, no) => {
        last = no;
        xml.write(text, no, take);
      },
      () => xml.finish(last, take),
    );
  },
  readUnits(batches, ctx) {
    return readUnits(batches, ctx);
  },
};

/** `read` over code units: what `drain` does, with lines made into strings only where needed (see `writeUnits`). */
async function* readUnits(batches: AsyncIterable<LineBatch[]>, ctx: ReadContext): AsyncGenerator<ClusterEvent[]> {
  const sink = new RecordSink(ctx, 'event XML');
  const xml = new EventXmlReader();
  const take = takeInto(sink);
  let no = 0;
  for await (const chunk of batches) {
    for (const batch of chunk) {
      for (let i = 0; i < batch.count; i++) {
        no++;
        try {
          if (no === 1) {
            // `drain` drops a BOM left at the start of the first line.
            const text = unitString(batch, batch.starts[i]!, batch.ends[i]!);
            xml.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, no, take);
          } else {
            xml.writeUnits(batch, i, no, take);
          }
        } catch (err) {
          sink.bad(no, `unexpected content (${err instanceof Error ? err.message : String(err)})`);
        }
      }
    }
    xml.detach();
    const ready = sink.take();
    if (ready.length > 0) yield ready;
  }
  try {
    xml.finish(no, take);
  } catch (err) {
    sink.damage(null, 'bad-record', `end of file not read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const last = sink.finish();
  if (last.length > 0) yield last;
}
