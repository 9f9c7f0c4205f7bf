/**
 * Properties of the .evtx reader over files built by the test writer (test/helpers/evtx-writer.ts) and
 * then damaged at random. The per-module tests (damage.test.ts) cover each kind of damage once; here:
 *   - an intact file reads back every record, whatever the byte stream's piece sizes;
 *   - a file cut anywhere keeps every record that lies wholly before the cut;
 *   - damage inside one chunk loses nothing from the other chunks;
 *   - random bytes flipped, zeroed or spliced never make the reader throw, and what it counts is what it yields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventLogRecordEvent } from '../../src/events/types.js';
import { readEvtx } from '../../src/parse/evtx/index.js';
import type { ReadContext, ReadState } from '../../src/parse/types.js';
import { buildEvtx, CHUNK_SIZE, FILE_HEADER_SIZE, inPieces, type BuiltEvtx, type EvtxTestRecord } from '../helpers/evtx-writer.js';

const T0 = Date.parse('2024-05-10T08:00:00Z');

interface Read {
  events: EventLogRecordEvent[];
  state: ReadState;
  diagnostics: number;
}

async function read(bytes: Buffer, piece: number): Promise<Read> {
  const state: ReadState = {
    node: 'N',
    nodeFrom: 'file name (fallback)',
    dialect: null,
    zone: { basis: 'unknown', offsetMinutes: null, how: '' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
  let diagnostics = 0;
  const ctx: ReadContext = { file: 'prop.evtx', options: {}, state, diagnostic: () => void diagnostics++ };
  const events: EventLogRecordEvent[] = [];
  for await (const batch of readEvtx(inPieces(bytes, piece), ctx)) {
    for (const e of batch) if (e.type === 'eventlog.record') events.push(e);
  }
  return { events, state, diagnostics };
}

/** Printable text with some non-ASCII, as insertion strings carry (paths, names, localised words). */
const text = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.:\\/()\'"<>&é日本\u00a0'.split('')), maxLength: 40 });

const record = (id: number): fc.Arbitrary<EvtxTestRecord> =>
  fc.record({
    recordId: fc.constant(id),
    time: fc.integer({ min: 0, max: 86_400_000 }).map((ms) => T0 + id * 100_000 + ms),
    provider: fc.constantFrom('Microsoft-Windows-FailoverClustering', 'Service Control Manager', 'disk'),
    eventId: fc.constantFrom(1230, 1146, 1069, 1135, 7036, 129, 153, 16),
    level: fc.integer({ min: 0, max: 5 }),
    computer: fc.constantFrom('NODE1.contoso.com', 'NODE2', 'sql-n1.corp.example'),
    channel: fc.constant('System'),
    data: fc.dictionary(fc.constantFrom('ResourceName', 'ResourceType', 'ResourceDll', 'NodeName', 'param1', 'param2'), text, { maxKeys: 4 }),
    layout: fc.constantFrom('named', 'unnamed', 'nested', 'nested-plain', 'userdata'),
  });

const file = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 25 }), fc.boolean())
  .chain(([n, perChunk, dirty]) =>
    fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => record(i + 1))), fc.constant(perChunk), fc.constant(dirty)),
  )
  .map(([records, perChunk, dirty]) => ({ records, built: buildEvtx(records, { recordsPerChunk: perChunk, dirty }) }));

const piece = fc.oneof(fc.constant(CHUNK_SIZE), fc.integer({ min: 1, max: 2 * CHUNK_SIZE + 7 }));

/** File offset of the end of a record. */
function endOf(built: BuiltEvtx, id: number): number {
  const at = built.locations.get(id)!;
  return FILE_HEADER_SIZE + at.chunk * CHUNK_SIZE + at.offset + at.size;
}

describe('evtx reader', () => {
  it('an intact file: every record, in order, with its fields, however the bytes arrive', async () => {
    await fc.assert(
      fc.asyncProperty(file, piece, async ({ records, built }, size) => {
        const r = await read(built.bytes, size);
        expect(r.events.map((e) => e.recordId)).toEqual(records.map((x) => x.recordId));
        expect(r.state.records).toBe(records.length);
        expect(r.state.unparsed).toBe(0);
        for (const [i, e] of r.events.entries()) {
          const want = records[i]!;
          expect(e.eventId).toBe(want.eventId);
          expect(e.utcMs).toBe(new Date(want.time).getTime());
          if (want.layout === 'named') {
            for (const [k, v] of Object.entries(want.data)) expect(e.data?.[k], k).toBe(v);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a file cut anywhere keeps every record that ends before the cut', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.double({ min: 0, max: 1, noNaN: true }), piece, async ({ records, built }, where, size) => {
        const cut = Math.floor(FILE_HEADER_SIZE + where * (built.bytes.length - FILE_HEADER_SIZE));
        const r = await read(built.bytes.subarray(0, cut), size);
        const whole = records.filter((x) => endOf(built, x.recordId) <= cut).map((x) => x.recordId);
        const ids = r.events.map((e) => e.recordId!);
        expect(ids.slice(0, whole.length)).toEqual(whole);
        expect(r.state.records).toBe(r.events.length);
        // At most the record the cut went through can be left over, and only as a partial or skipped one.
        expect(ids.length - whole.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 80 },
    );
  });

  it('damage inside one chunk loses nothing from the other chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        file.filter(({ built }) => built.chunks >= 2),
        fc.nat(),
        fc.integer({ min: 0, max: CHUNK_SIZE - 1 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.constantFrom(0x00, 0xff, 0x2a),
        async ({ records, built }, which, from, length, fill) => {
          const chunk = which % built.chunks;
          const bytes = Buffer.from(built.bytes);
          const start = FILE_HEADER_SIZE + chunk * CHUNK_SIZE;
          bytes.fill(fill, start + from, Math.min(start + CHUNK_SIZE, start + from + length));
          const r = await read(bytes, CHUNK_SIZE);
          const ids = new Set(r.events.map((e) => e.recordId));
          for (const x of records) if (built.locations.get(x.recordId)!.chunk !== chunk) expect(ids.has(x.recordId), `record ${x.recordId}`).toBe(true);
          expect(r.state.records).toBe(r.events.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random bytes flipped, zeroed or pasted: no exception, and the counts match what was yielded', async () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('fill' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 512 }), v: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('paste' as const), at: fc.nat(), from: fc.nat(), n: fc.integer({ min: 1, max: 70_000 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.array(edit, { minLength: 1, maxLength: 12 }), piece, async ({ built }, edits, size) => {
        let bytes = Buffer.from(built.bytes);
        for (const e of edits) {
          const at = bytes.length === 0 ? 0 : e.at % bytes.length;
          if (e.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (1 << e.bit);
          else if (e.kind === 'fill') bytes.fill(e.v, at, Math.min(bytes.length, at + e.n));
          else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
          else {
            const from = bytes.length === 0 ? 0 : e.from % bytes.length;
            bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, from + e.n), bytes.subarray(at)]);
          }
        }
        const r = await read(bytes, size);
        expect(r.state.records).toBe(r.events.length);
        expect(r.state.unparsed).toBeGreaterThanOrEqual(0);
        for (const e of r.events) {
          if (e.utcMs !== null) expect(Number.isFinite(e.utcMs)).toBe(true);
          expect(typeof e.message).toBe('string');
        }
      }),
      { numRuns: 120 },
    );
  });
});
