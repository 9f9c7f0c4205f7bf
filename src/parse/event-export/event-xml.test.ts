import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureLines } from '../../../test/fixtures/event-export/harness.js';
import { EventXmlReader, LINE_EVENT_START, startsEvent } from './event-xml.js';

/** Everything a reader hands on, line result by line result (held lines come later, in the same order). */
function readAll(lines: readonly string[], fast: boolean): unknown[] {
  const r = new EventXmlReader({ fast });
  const out: unknown[] = [];
  const take = (events: unknown[], problems: unknown[]): void => {
    out.push([...events], [...problems]);
  };
  lines.forEach((l, i) => r.write(l, i + 1, take));
  r.finish(lines.length, take);
  return out;
}

describe('startsEvent', () => {
  it('agrees with LINE_EVENT_START', () => {
    const pieces = ['<', '</', 'Event', 'Events', 'EventID', 'e:', 'a.b-c:', ':', ' ', '\t', '\u00a0', '\u3000', '>', '/>', 'x', '日'];
    const lines = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(lines, fc.string({ maxLength: 30 })), (line) => {
        expect(startsEvent(line)).toBe(LINE_EVENT_START.test(line));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('EventXmlReader fast path', () => {
  // Lines read by hand must give what saxes gives, problems (with saxes' line:column) included.
  const sources = [fixtureLines('wevtutil-fragments.xml'), fixtureLines('eventviewer-rendered.xml')];
  const JUNK = [
    '"', "'", '<', '>', '&', '&amp;', '&#9;', '&#x41;', '&#X41;', '&#0;', '&bogus;', ']]>', '<!-- c -->', '<![CDATA[x]]>', '\u0001', '\uD800',
    '\uFFFE', '/', '</Event>', '<Event>', '<e:Event>', '</RenderingInfo>', '<?xml version="1.0"?>', '<Events>', '</Events>', ' a="1"', ' b',
    '<a b="1" b="2"/>', "<x a='&lt;\t'>", '=', '\t', '日本', 'é', '<Data Name="x">v</Data>', '<Data>', '</Data>', ' ', '',
  ];
  const mutated = fc
    .tuple(
      fc.constantFrom(...sources),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...JUNK), fc.nat(5)), { maxLength: 5 }),
    )
    .map(([lines, edits]) => {
      const out = lines.slice();
      for (const [at, pos, junk, kind] of edits) {
        const i = at % out.length;
        const l = out[i] ?? '';
        const p = pos % (l.length + 1);
        if (kind === 0) out[i] = l.slice(0, p) + junk + l.slice(p);
        else if (kind === 1) out[i] = l.slice(0, p) + l.slice(p + 3);
        else if (kind === 2) out.splice(i, 1);
        else if (kind === 3) out.splice(i, 0, junk);
        else if (kind === 4) out[i] = l.slice(0, p);
        else out.splice(i, 0, l);
      }
      return out;
    });

  it('reads the fixtures as saxes does', () => {
    for (const lines of sources) expect(readAll(lines, true)).toEqual(readAll(lines, false));
  });

  it('reads damaged exports as saxes does', () => {
    fc.assert(
      fc.property(mutated, (lines) => {
        expect(readAll(lines, true)).toEqual(readAll(lines, false));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads the Event Xml part of copied details as saxes does', () => {
    const lines = fixtureLines('details-en.txt');
    const from = lines.findIndex((l) => l.startsWith('Event Xml:')) + 1;
    const xml = lines.slice(from, lines.findIndex((l, i) => i > from && l.startsWith('</Event>')) + 1);
    const one = EventXmlReader.parseOne(xml.join('\n'), from + 1);
    expect(one?.eventId).toBe('1230');
    expect(readAll(xml, true)).toEqual(readAll(xml, false));
  });
});
