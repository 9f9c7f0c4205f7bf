/**
 * Event XML exports (domain.md §8.4): Event Viewer "Save As" XML (`<Events><Event>…`), `wevtutil qe /f:xml`
 * (a stream of `<Event>` fragments without a root) and `/f:RenderedXml` (adds `<RenderingInfo><Message>`).
 * `SystemTime` is UTC. Without a rendered message, the catalogue renders one from the insertion strings.
 */
import { renderMessage } from '../../events/catalogue.js';
import type { FormatReader } from '../types.js';
import { parseIsoUtc } from './dates.js';
import { EventXmlReader, type XmlEvent } from './event-xml.js';
import { nonBlank } from './head.js';
import { drain, parseEventId, RecordSink, type RawRecord } from './sink.js';

/** Maps one parsed `<Event>` to a raw record (shared with the `Event Xml:` part of copied details). */
export function rawFromXml(ev: XmlEvent, line: number): RawRecord {
  const r = ev.rendered;
  const provider = ev.provider ?? r?.provider ?? ev.sourceName;
  let message = r?.message ?? null;
  const id = parseEventId(ev.eventId);
  if ((message === null || message === '') && id !== null) message = renderMessage(id, provider, ev.values);
  const utcMs = ev.systemTime ? parseIsoUtc(ev.systemTime) : null;
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
    const take = (events: XmlEvent[]): void => {
      for (const ev of events) {
        if (ev.eventId === null && ev.systemTime === null && ev.rendered?.message == null) {
          sink.bad(ev.line, '<Event> without System data');
          continue;
        }
        if (ev.systemTime !== null && parseIsoUtc(ev.systemTime) === null) {
          sink.bad(ev.line, `unreadable SystemTime '${ev.systemTime.slice(0, 40)}'`);
          continue;
        }
        sink.add(rawFromXml(ev, ev.line));
      }
      for (const p of xml.problems.splice(0)) {
        if (p.code === 'malformed') sink.damage(p.line, 'malformed', p.message);
        else sink.bad(p.line, p.message, p.code);
      }
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        last = no;
        take(xml.writeLine(text, no));
      },
      () => take(xml.end(last)),
    );
  },
};
