import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureLines, readWith } from '../../../test/fixtures/event-export/harness.js';
import { eventExportReaders } from './index.js';

const reader = (id: string) => {
  const r = eventExportReaders.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};

describe('damaged exports: complete records survive, the damage is reported once', () => {
  it('CSV with a quote that never closes in the middle', async () => {
    const lines = fixtureLines('eventviewer-en.csv');
    // Record 4 (line 5) loses its closing quote; the next line can only start a record.
    lines[4] = (lines[4] ?? '').replace(/"$/, '');
    const r = await readWith(reader('eventlog-csv'), lines);
    expect(r.events).toHaveLength(7);
    expect(r.state.unparsed).toBe(1);
    expect(r.diagnostics.filter((d) => /never closed/.test(d.message))).toHaveLength(1);
    expect(r.diagnostics[0]?.line).toBe(5);
  });

  it('CSV cut off inside the last quoted message', async () => {
    const lines = fixtureLines('eventviewer-en.csv');
    const last = lines.length - 1;
    lines[last] = (lines[last] ?? '').slice(0, 90);
    const r = await readWith(reader('eventlog-csv'), lines);
    expect(r.events).toHaveLength(7);
    expect(r.state.unparsed).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['truncated']);
  });

  it('XML export cut mid-element', async () => {
    const lines = fixtureLines('eventviewer-rendered.xml');
    const cut = lines.slice(0, 150);
    const r = await readWith(reader('eventlog-xml'), cut);
    expect(r.events).toHaveLength(4);
    expect(r.state.unparsed).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['truncated']);
  });

  it('XML with one malformed event: the parser resynchronises at the next <Event>', async () => {
    const lines = fixtureLines('wevtutil-fragments.xml');
    lines[3] = (lines[3] ?? '').replace('<EventID>1146</EventID>', '<EventID>1146</EventID><Oops a="1>');
    const r = await readWith(reader('eventlog-xml'), lines);
    expect(r.events).toHaveLength(8);
    expect(r.state.unparsed).toBe(1);
    expect(r.records.map((e) => e.eventId)).toEqual([7036, 1230, 109, 1069, 129, 16, 1205, 1135]);
    expect(r.diagnostics[0]?.line).toBe(4);
  });

  it('JSON cut inside an object', async () => {
    const lines = fixtureLines('ps51-winevent.json');
    const r = await readWith(reader('eventlog-ps-json'), lines.slice(0, 200));
    expect(r.events).toHaveLength(4);
    expect(r.state.unparsed).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['truncated']);
  });

  it('copied details cut inside the Event Xml part keep their text fields', async () => {
    const lines = fixtureLines('details-en.txt');
    const xmlStart = lines.findIndex((l) => l.startsWith('Event Xml:'));
    const r = await readWith(reader('eventlog-details-text'), lines.slice(0, xmlStart + 6));
    expect(r.records.at(-1)?.eventId).toBe(1230);
    expect(r.records.at(-1)?.utcMs).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['truncated']);
  });

  it('rate-limits diagnostics and counts the rest', async () => {
    const lines = [...Array.from({ length: 100 }, (_, i) => `garbage line ${i}`), ...fixtureLines('support-space.txt')];
    const r = await readWith(reader('eventlog-support-space'), lines);
    expect(r.events).toHaveLength(8);
    expect(r.state.unparsed).toBe(100);
    expect(r.diagnostics).toHaveLength(20);
    expect(r.diagnostics.at(-1)).toMatchObject({ code: 'more-diagnostics', message: '81 more problems in this file not shown' });
  });
});

const FIXTURES = [
  'eventviewer-en.csv',
  'eventviewer-fr.txt',
  'wevtutil-fragments.xml',
  'eventviewer-rendered.xml',
  'wevtutil-zh.txt',
  'details-en.txt',
  'ps-winevent-list.txt',
  'ps-winevent-export.csv',
  'ps51-winevent.json',
  'ps-winevent-table.txt',
  'support-space.txt',
  'support-comma.txt',
  'message-only.txt',
];
const FIXTURE_LINES = FIXTURES.map((f) => fixtureLines(f));

/** Edits that real damage makes: lost characters, pasted junk, dropped, doubled or swapped lines, a cut. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 30 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('"', '<', '>', '&', '\t', ',', '{', '}', '[', ']', '\\', ': ', 'Event[3]:') }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(lines: readonly string[], edits: readonly Mutation[]): string[] {
  let out = [...lines];
  for (const e of edits) {
    if (out.length === 0) break;
    const i = e.at % out.length;
    const line = out[i] ?? '';
    switch (e.kind) {
      case 'delete': {
        const at = line.length === 0 ? 0 : e.at % line.length;
        out[i] = line.slice(0, at) + line.slice(at + e.len);
        break;
      }
      case 'insert': {
        const at = line.length === 0 ? 0 : e.at % (line.length + 1);
        out[i] = line.slice(0, at) + e.text + line.slice(at);
        break;
      }
      case 'drop':
        out.splice(i, 1);
        break;
      case 'dup':
        out.splice(i, 0, line);
        break;
      case 'swap': {
        const j = (i + 1) % out.length;
        [out[i], out[j]] = [out[j] ?? '', line];
        break;
      }
      case 'cut':
        out = out.slice(0, i);
        break;
    }
  }
  return out;
}

describe('properties', () => {
  it('no reader throws on mutated exports, and every event is counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: FIXTURES.length - 1 }),
        fc.nat({ max: eventExportReaders.length - 1 }),
        fc.array(mutation, { maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        async (f, ri, edits, batch) => {
          const lines = mutate(FIXTURE_LINES[f] ?? [], edits);
          const r = await readWith(eventExportReaders[ri] ?? reader('eventlog-csv'), lines, {}, batch);
          expect(r.state.records).toBe(r.events.length);
          expect(r.diagnostics.length).toBeLessThanOrEqual(20);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no reader throws on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 80 }), { maxLength: 40 }), fc.nat({ max: eventExportReaders.length - 1 }), async (lines, ri) => {
        const r = await readWith(eventExportReaders[ri] ?? reader('eventlog-csv'), lines);
        expect(r.state.records).toBe(r.events.length);
      }),
      { numRuns: 200 },
    );
  });

  const word = fc.constantFrom('cluster', 'resource', "'Disk 1'", 'failed', 'the', '"quoted"', 'a,b', 'x;y', '(RHS)', 'DLL', 'Ç', '日本');
  const message = fc.array(fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));
  const csvRecord = fc.record({
    level: fc.constantFrom('Error', 'Warning', 'Critical', 'Information', 'Fehler', 'Erreur'),
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    hour: fc.integer({ min: 0, max: 23 }),
    id: fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('12a', 'ID', '-')),
    message,
  });

  it('Event Viewer CSV: every generated record is either an event or counted as unparsed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvRecord, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), async (recs, batch) => {
        const text = ['Level,Date and Time,Source,Event ID,Task Category'];
        for (const r of recs) {
          const date = `${r.month}/${r.day}/2023 ${r.hour}:05:09`;
          text.push(`${r.level},${date},FailoverClustering,${r.id},Resource Control Manager,"${r.message.replace(/"/g, '""')}"`);
        }
        const lines = text.join('\r\n').split(/\r\n|\n/);
        const result = await readWith(reader('eventlog-csv'), lines, {}, batch);
        expect(result.events.length + result.state.unparsed).toBe(recs.length);
        const bad = recs.filter((r) => !/^\d+$/.test(r.id)).length;
        expect(result.state.unparsed).toBe(bad);
      }),
      { numRuns: 200 },
    );
  });

  it('event XML: every generated <Event> is either an event or counted as unparsed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.integer({ min: 1, max: 65535 }), broken: fc.boolean(), data: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        async (events) => {
          const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          const lines = events.map(
            (e, i) =>
              `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-FailoverClustering'/><EventID>${e.id}</EventID><Level>2</Level><TimeCreated SystemTime='2023-03-04T15:07:${String(i % 60).padStart(2, '0')}.1Z'/><Computer>NODE1</Computer></System><EventData>${e.data
                .map((d) => `<Data>${e.broken ? d.replace(/^/, '<') : esc(d)}</Data>`)
                .join('')}</EventData></Event>`,
          );
          const r = await readWith(reader('eventlog-xml'), lines);
          const broken = events.filter((e) => e.broken && e.data.length > 0).length;
          expect(r.events.length + r.state.unparsed).toBe(events.length);
          expect(r.state.unparsed).toBe(broken);
        },
      ),
      { numRuns: 150 },
    );
  });
});
