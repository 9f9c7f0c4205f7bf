import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureLines, initialState } from '../../../test/fixtures/event-export/harness.js';
import type { ClusterEvent } from '../../events/types.js';
import { batchStrings, stringUnits, UnitLineSplitter, type LineBatch } from '../../input/units.js';
import type { ReadContext } from '../types.js';
import type { Diagnostic } from '../../shared/report.js';
import { eventXmlReader } from './xml.js';

/** The text as the input stage hands it over: chunks of code units split into line batches. */
function unitChunks(text: string, chunk: number): LineBatch[][] {
  const splitter = new UnitLineSplitter();
  const out: LineBatch[][] = [];
  for (let at = 0; at < text.length; at += chunk) out.push(splitter.push(stringUnits(text.slice(at, at + chunk))));
  out.push(splitter.end());
  return out;
}

async function run(units: boolean, chunks: LineBatch[][]): Promise<unknown> {
  const state = initialState();
  const diagnostics: Diagnostic[] = [];
  const ctx: ReadContext = { file: 'in.xml', options: {}, state, diagnostic: (d) => diagnostics.push({ ...d, file: 'in.xml' }) };
  const events: ClusterEvent[] = [];
  async function* asUnits(): AsyncGenerator<LineBatch[]> {
    for (const c of chunks) yield c;
  }
  async function* asLines(): AsyncGenerator<string[]> {
    for (const c of chunks) {
      const lines = c.flatMap(batchStrings);
      if (lines.length > 0) yield lines;
    }
  }
  const batches = units ? eventXmlReader.readUnits!(asUnits(), ctx) : eventXmlReader.read(asLines(), ctx);
  for await (const b of batches) events.push(...b);
  return { events, state, diagnostics };
}

describe('event XML from code units', () => {
  // readUnits makes strings only of held events; it must read exactly what read reads from the same lines.
  const sources = [fixtureLines('wevtutil-fragments.xml'), fixtureLines('eventviewer-rendered.xml')];
  const JUNK = ['\u00a0', '\ufeff', 'é', '日本', '\uD800', '<', '&', '<?xml version="1.0"?>', '</Event>', '<Event>', '\r', '  ', ''];
  const input = fc.record({
    lines: fc.constantFrom(...sources),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...JUNK)), { maxLength: 4 }),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    chunk: fc.constantFrom(7, 100, 1000, 1 << 20),
  });

  it('reads as read() reads the same lines', async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ lines, edits, eol, chunk }) => {
        const out = lines.slice();
        for (const [at, pos, junk] of edits) {
          const i = at % out.length;
          const l = out[i] ?? '';
          const p = pos % (l.length + 1);
          out[i] = l.slice(0, p) + junk + l.slice(p);
        }
        const chunks = unitChunks(out.join(eol) + eol, chunk);
        expect(await run(true, chunks)).toEqual(await run(false, chunks));
      }),
      { numRuns: 400 },
    );
  });

  it('reads the fixtures as read() does', async () => {
    for (const lines of sources) {
      const chunks = unitChunks(`\ufeff${lines.join('\r\n')}\r\n`, 1 << 20);
      const r = (await run(true, chunks)) as { events: unknown[] };
      expect(r.events.length).toBeGreaterThan(5);
      expect(r).toEqual(await run(false, chunks));
    }
  });
});
